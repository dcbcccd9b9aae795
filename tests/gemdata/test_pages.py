"""The data mirror's pages: bids, orders, sellers, the department-name queue and the import history."""
import csv
import io
import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from gemcell.core.audit import AuditEntry
from gemcell.gemdata.aliases import alias_key
from gemcell.gemdata.importers import SHAPES, get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.models import Bid, BidderState, BidSource, BuyingMode, ImportState, Order, ProcurementKind


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def fragment(client, url, root):
    response = client.get(url, headers={'HX-Request': 'true'})
    assert response.status_code == 200
    assert 'HX-Request' in response.headers['Vary']
    html = response.get_data(as_text=True)
    assert '<html' not in html and html.lstrip().startswith(f'<div id="{root}"'), html[:200]
    return html


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip('\ufeff'))))


@pytest.fixture
def two_departments(create_department):
    return (create_department(code='HEALTH', name_hi='चिकित्सा एवं स्वास्थ्य विभाग', name_en='Medical Health'),
            create_department(code='PWD', name_hi='लोक निर्माण विभाग', name_en='Public Works'))


# --- bids ----------------------------------------------------------------------------------------------------

def test_bid_search_matches_number_title_category_and_raw_department(db, client, login_as, create_bid):
    create_bid(number='GEM/2025/B/6100001', title='Supply of hospital beds', category_name='Hospital Bed')
    create_bid(number='GEM/2025/B/6100002', title='Office chairs', category_name='Revolving Chair',
               buyer_department_raw='Department of Horticulture Uttar Pradesh')
    db.session.commit()
    login_as('reviewer')
    for query in ('6100001', 'hospital beds', 'HOSPITAL BED'):
        html = fragment(client, f'/bids/?q={query}', 'bids-table')
        assert '6100001' in html and '6100002' not in html, query
    html = fragment(client, '/bids/?q=horticulture', 'bids-table')
    assert '6100002' in html and '6100001' not in html


def test_bid_filters_by_source_kind_reverse_auction_department_and_dates(db, client, login_as, create_bid,
                                                                         two_departments):
    health, pwd = two_departments
    create_bid(number='B-GEM-GOODS', source=BidSource.gem, kind=ProcurementKind.goods, buyer_department=health,
               published_dt=utc(2025, 1, 10, 6))
    create_bid(number='B-GEPNIC-WORKS', source=BidSource.gepnic, kind=ProcurementKind.works, buyer_department=pwd,
               published_dt=utc(2025, 2, 20, 6))
    create_bid(number='B-RA-UNMAPPED', is_ra=True, buyer_department_raw='Some Board', published_dt=utc(2025, 3, 5, 6))
    db.session.commit()
    login_as('reviewer')

    def numbers(query):
        html = fragment(client, f'/bids/?{query}', 'bids-table')
        return {n for n in ('B-GEM-GOODS', 'B-GEPNIC-WORKS', 'B-RA-UNMAPPED') if n in html}

    assert numbers('source=gepnic') == {'B-GEPNIC-WORKS'}
    assert numbers('kind=goods') == {'B-GEM-GOODS'}
    assert numbers('ra=yes') == {'B-RA-UNMAPPED'}
    assert numbers('ra=no') == {'B-GEM-GOODS', 'B-GEPNIC-WORKS'}
    assert numbers(f'department={pwd.id}') == {'B-GEPNIC-WORKS'}
    assert numbers('department=none') == {'B-RA-UNMAPPED'}
    assert numbers('from=2025-02-01&until=2025-02-20') == {'B-GEPNIC-WORKS'}
    assert numbers('until=2025-01-10') == {'B-GEM-GOODS'}
    # nonsense values are ignored, not an error
    assert len(numbers('source=fax&kind=x&ra=maybe&department=abc&from=yesterday&sort=evil&page=-1')) == 3


def test_bids_sort_by_estimated_value_and_end_date(db, client, login_as, create_bid):
    create_bid(number='B-SMALL', estimated_value=Decimal('50000'), end_dt=utc(2025, 5, 1))
    create_bid(number='B-LARGE', estimated_value=Decimal('9500000'), end_dt=utc(2025, 4, 1))
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/bids/?sort=-value', 'bids-table')
    assert html.index('B-LARGE') < html.index('B-SMALL')
    html = fragment(client, '/bids/?sort=end', 'bids-table')
    assert html.index('B-LARGE') < html.index('B-SMALL')


def test_bids_page_includes_the_table_and_shows_indian_money(db, client, login_as, create_bid):
    create_bid(number='GEM/2025/B/6123456', estimated_value=Decimal('123456'), published_dt=utc(2025, 12, 11, 6))
    db.session.commit()
    login_as('reviewer')
    html = client.get('/bids/').get_data(as_text=True)
    assert '<html' in html and 'id="bids-table"' in html and 'GEM/2025/B/6123456' in html
    assert '₹1,23,456.00' in html and '11 दिसम्बर 2025' in html
    boosted = client.get('/bids/', headers={'HX-Request': 'true', 'HX-Boosted': 'true'})
    assert '<html' in boosted.get_data(as_text=True)


def test_bid_export_follows_the_filters(db, client, login_as, create_bid, two_departments):
    health, pwd = two_departments
    create_bid(number='B-HEALTH', buyer_department=health, estimated_value=Decimal('1000.50'))
    create_bid(number='B-PWD', buyer_department=pwd)
    db.session.commit()
    login_as('reviewer')
    response = client.get(f'/bids/?format=csv&department={health.id}')
    assert response.headers['Content-Disposition'] == 'attachment; filename="bids.csv"'
    rows = csv_rows(response)
    assert len(rows) == 2 and rows[1][0] == 'B-HEALTH' and 'चिकित्सा एवं स्वास्थ्य विभाग' in rows[1]
    sheet = load_workbook(io.BytesIO(client.get('/bids/?format=xlsx&q=B-').get_data())).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ['B-HEALTH', 'B-PWD']


def test_the_number_of_bids_is_counted_again_only_when_a_bid_is_added_or_changed(app, db, client, login_as,
                                                                                 create_bid):
    bids = [create_bid(number=f'GEM/2025/B/62000{n}') for n in range(3)]
    db.session.commit()
    login_as('reviewer', locale='en')
    counts = []

    def counted(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith('SELECT COUNT('):
            counts.append(statement)
    with app.app_context():
        engine = db.engine  # the requests' (the test's own session is another app's)
    sa.event.listen(engine, 'before_cursor_execute', counted)
    try:
        assert '1–2 of 3' in fragment(client, '/bids/?per_page=2', 'bids-table')
        assert '3–3 of 3' in fragment(client, '/bids/?per_page=2&page=2', 'bids-table')
        assert len(counts) == 1  # the second page: the same bids, the count kept
        assert '1–1 of 1' in fragment(client, '/bids/?per_page=2&q=620001', 'bids-table')
        assert len(counts) == 2  # another search: another count
        create_bid(number='GEM/2025/B/6200009')
        db.session.commit()
        assert '1–2 of 4' in fragment(client, '/bids/?per_page=2', 'bids-table')
        bids[0].title = 'Renamed'
        db.session.commit()
        assert '1–2 of 4' in fragment(client, '/bids/?per_page=2', 'bids-table')
        assert len(counts) == 4  # a bid added, a bid changed: counted again each time
    finally:
        sa.event.remove(engine, 'before_cursor_execute', counted)


def test_bid_detail_shows_bidders_with_hindi_status_and_rank(db, client, login_as, create_bid, create_seller,
                                                            create_order, create_import_batch):
    seller = create_seller(name='M/S Awadh Furniture')
    batch = create_import_batch(filename='bidplus-march.xlsx')
    bid = create_bid(number='GEM/2025/B/6200001', title='Steel almirah', import_batch_id=batch.id,
                     emd_amount=Decimal('25000'), raw={'Bid Number': 'GEM/2025/B/6200001', 'विभाग': 'स्वास्थ्य'},
                     bidders=[
                         {'name': 'M/S Awadh Furniture', 'seller_id': seller.id, 'rank': 1, 'is_awarded': True,
                          'state': BidderState.awarded, 'financial_value': Decimal('480000'),
                          'awarded_value': Decimal('480000')},
                         {'name': 'M/S Ganga Traders', 'state': BidderState.disqualified_technical,
                          'reason': 'OEM authorisation not uploaded', 'status_raw': 'Rejected-Technical'},
                     ])
    create_order(number='GEMC-511687700000001', bid=bid, total_value=Decimal('480000'))
    db.session.commit()
    login_as('reviewer')
    html = client.get(f'/bids/{bid.id}').get_data(as_text=True)
    assert 'Steel almirah' in html
    assert '<strong>L1</strong>' in html and 'तकनीकी रूप से अनर्ह' in html and 'OEM authorisation not uploaded' in html
    assert f'/sellers/{seller.id}' in html and '✓ ₹4,80,000.00' in html
    assert 'GEMC-511687700000001' in html  # the orders of this bid
    assert f'/imports/{batch.id}' in html and 'bidplus-march.xlsx' in html
    assert '<details class="source-record">' in html and 'स्वास्थ्य' in html
    assert '₹25,000.00' in html


def test_bid_detail_links_the_import_only_for_the_cell(db, client, login_as, create_bid, create_import_batch):
    batch = create_import_batch()
    bid = create_bid(import_batch_id=batch.id)
    db.session.commit()
    login_as('government')
    html = client.get(f'/bids/{bid.id}').get_data(as_text=True)
    assert f'#{batch.id}' in html and f'/imports/{batch.id}' not in html


def test_gepnic_bid_hides_empty_gem_only_facts_and_names_the_portal(db, client, login_as, create_bid,
                                                                     create_import_batch):
    batch = create_import_batch(shape='gepnic', filename='tenders.zip')
    tender = create_bid(number='2025_PWD_26485_1', source=BidSource.gepnic, import_batch_id=batch.id)
    gem = create_bid(number='GEM/2025/B/6200002', source=BidSource.gem)
    set_on_gepnic = create_bid(number='2025_PWD_26485_2', source=BidSource.gepnic, mse_exemption=False,
                               ministry='Ministry of Road Transport')
    db.session.commit()
    login_as('reviewer')
    with force_locale('en'):
        gem_only = [str(label) for label in (_l('Ministry'), _l('Buyer user on GeM'), _l('MSE exemption'),
                                             _l('Start-up exemption'), _l('Custom item'),
                                             _l('Bill of quantities (BoQ)'))]
    hindi = {}
    with force_locale('hi'):
        for label in gem_only:
            hindi[label] = str(_l(label))
        portal, source = str(_l('Portal')), str(_l('Source'))
    html = client.get(f'/bids/{tender.id}').get_data(as_text=True)
    for label in gem_only:
        assert f'<dt>{hindi[label]}</dt>' not in html, label
    assert f'<dt>{portal}</dt>' in html and f'<dt>{source}</dt>' not in html and portal == 'पोर्टल'
    with force_locale('hi'):
        assert str(SHAPES['gepnic'].title) in html and 'tenders.zip' in html  # the import, by its shape's title
    html = client.get(f'/bids/{gem.id}').get_data(as_text=True)
    assert all(f'<dt>{hindi[label]}</dt>' in html for label in gem_only)  # a GeM bid keeps them, empty or not
    html = client.get(f'/bids/{set_on_gepnic.id}').get_data(as_text=True)
    assert f'<dt>{hindi["MSE exemption"]}</dt>' in html and 'Ministry of Road Transport' in html
    assert f'<dt>{hindi["Custom item"]}</dt>' not in html


# --- department scope ----------------------------------------------------------------------------------------

def test_nodal_officer_gets_404_for_another_departments_and_unmapped_records(db, client, login, create_user,
                                                                             create_bid, create_order,
                                                                             two_departments):
    health, pwd = two_departments
    theirs = create_bid(buyer_department=pwd)
    unmapped = create_bid(buyer_department_raw='Unknown Board')
    their_order = create_order(buyer_department=pwd)
    unmapped_order = create_order(buyer_department_raw='Unknown Board')
    officer = create_user(role='nodal', department=health)
    login(officer)
    for url in (f'/bids/{theirs.id}', f'/bids/{unmapped.id}', f'/orders/{their_order.id}',
                f'/orders/{unmapped_order.id}'):
        response = client.get(url)
        assert response.status_code == 404, url
        assert 'लोक निर्माण' not in response.get_data(as_text=True)


@pytest.mark.parametrize('role', ['reviewer', 'cell_head', 'government', 'admin'])
def test_cell_and_government_see_unmapped_bids(db, client, login_as, create_bid, role):
    bid = create_bid(number='B-UNMAPPED', buyer_department_raw='Unknown Board')
    db.session.commit()
    login_as(role)
    assert client.get(f'/bids/{bid.id}').status_code == 200
    assert 'B-UNMAPPED' in client.get('/bids/').get_data(as_text=True)


def test_nodal_officer_lists_and_exports_only_own_bids_and_orders(db, client, login, create_user, create_bid,
                                                                  create_order, two_departments):
    health, pwd = two_departments
    create_bid(number='B-OWN', buyer_department=health)
    create_bid(number='B-OTHER', buyer_department=pwd)
    create_bid(number='B-NOBODY', buyer_department_raw='Unknown Board')
    create_order(number='GEMC-000000000000001', buyer_department=health)
    create_order(number='GEMC-000000000000002', buyer_department=pwd)
    login(create_user(role='nodal', department=health))
    for url in ('/bids/', f'/bids/?department={pwd.id}', '/bids/?department=none', '/bids/?format=csv'):
        text = client.get(url).get_data(as_text=True)
        assert 'B-OTHER' not in text and 'B-NOBODY' not in text, url
    assert 'B-OWN' in client.get('/bids/?format=csv').get_data(as_text=True)
    html = client.get('/bids/').get_data(as_text=True)
    assert 'लोक निर्माण विभाग' not in html  # not even in the department filter
    for url in ('/orders/', '/orders/?format=csv'):
        text = client.get(url).get_data(as_text=True)
        assert 'GEMC-000000000000001' in text and 'GEMC-000000000000002' not in text, url


def test_seller_page_hides_other_departments_orders_and_bids_from_nodal_officer(db, client, login, login_as,
                                                                                create_user, create_seller,
                                                                                create_order, create_bid,
                                                                                two_departments):
    health, pwd = two_departments
    seller = create_seller(name='M/S Purvanchal Suppliers', is_mse=True)
    create_order(number='GEMC-000000000000011', seller=seller, buyer_department=health)
    create_order(number='GEMC-000000000000012', seller=seller, buyer_department=pwd)
    create_bid(number='B-HEALTH-BID', buyer_department=health, bidders=[{'name': seller.name, 'seller_id': seller.id}])
    create_bid(number='B-PWD-BID', buyer_department=pwd, bidders=[{'name': seller.name, 'seller_id': seller.id}])
    officer = create_user(role='nodal', department=health)
    login(officer)
    html = client.get(f'/sellers/{seller.id}').get_data(as_text=True)
    assert 'GEMC-000000000000011' in html and 'B-HEALTH-BID' in html
    assert 'GEMC-000000000000012' not in html and 'B-PWD-BID' not in html
    # the sellers list counts only the orders the officer may see
    html = fragment(client, '/sellers/?q=Purvanchal', 'sellers-table')
    assert '<td class="num">1</td>' in html


def test_reviewer_sees_every_order_of_a_seller(db, client, login_as, create_seller, create_order, two_departments):
    health, pwd = two_departments
    seller = create_seller()
    create_order(number='GEMC-000000000000021', seller=seller, buyer_department=health)
    create_order(number='GEMC-000000000000022', seller=seller, buyer_department=pwd)
    db.session.commit()
    login_as('reviewer')
    html = client.get(f'/sellers/{seller.id}').get_data(as_text=True)
    assert 'GEMC-000000000000021' in html and 'GEMC-000000000000022' in html


def test_sellers_filter_by_mse_and_state(db, client, login_as, create_seller):
    create_seller(name='M/S Small Firm', is_mse=True, state='Uttar Pradesh')
    create_seller(name='M/S Big Firm', is_mse=False, state='Maharashtra')
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/sellers/?mse=yes', 'sellers-table')
    assert 'Small Firm' in html and 'Big Firm' not in html
    html = fragment(client, '/sellers/?state=Maharashtra', 'sellers-table')
    assert 'Big Firm' in html and 'Small Firm' not in html


def test_sellers_sort_by_name_ignoring_case(db, client, login_as, create_seller):
    create_seller(name='SUNRISE TRADERS')
    create_seller(name='Sapiens Medical')
    create_seller(name='apex supplies')
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/sellers/?sort=name', 'sellers-table')
    assert html.index('apex supplies') < html.index('Sapiens Medical') < html.index('SUNRISE TRADERS')
    html = fragment(client, '/sellers/?sort=-name', 'sellers-table')
    assert html.index('SUNRISE TRADERS') < html.index('Sapiens Medical') < html.index('apex supplies')


# --- orders --------------------------------------------------------------------------------------------------

def test_orders_search_filter_and_sort(db, client, login_as, create_order, create_seller, two_departments):
    health, _pwd = two_departments
    seller = create_seller(gem_seller_id='SELLERX0001')
    create_order(number='GEMC-000000000000031', product='Hospital bed', buying_mode=BuyingMode.direct,
                 total_value=Decimal('40000'), order_dt=utc(2025, 1, 5, 6), seller=seller, buyer_department=health)
    create_order(number='GEMC-000000000000032', product='Ambulance', buying_mode=BuyingMode.bid,
                 bid_number='GEM/2025/B/6300001', total_value=Decimal('2500000'), order_dt=utc(2025, 2, 5, 6))
    db.session.commit()
    login_as('reviewer')

    def numbers(query):
        html = fragment(client, f'/orders/?{query}', 'orders-table')
        return [n for n in ('GEMC-000000000000031', 'GEMC-000000000000032') if n in html]

    assert numbers('q=ambulance') == ['GEMC-000000000000032']
    assert numbers('q=6300001') == ['GEMC-000000000000032']
    assert numbers('mode=direct') == ['GEMC-000000000000031']
    assert numbers('seller=SELLERX0001') == ['GEMC-000000000000031']
    assert numbers(f'department={health.id}') == ['GEMC-000000000000031']
    assert numbers('from=2025-02-01') == ['GEMC-000000000000032']
    html = fragment(client, '/orders/?sort=-value', 'orders-table')
    assert html.index('GEMC-000000000000032') < html.index('GEMC-000000000000031')
    html = fragment(client, '/orders/?sort=date', 'orders-table')
    assert html.index('GEMC-000000000000031') < html.index('GEMC-000000000000032')
    rows = csv_rows(client.get('/orders/?format=csv&mode=bid'))
    assert [row[0] for row in rows[1:]] == ['GEMC-000000000000032']


def test_order_detail_shows_seller_bid_and_payment_dates(db, client, login_as, create_order, create_seller,
                                                         create_bid):
    seller = create_seller(name='M/S Doaba Traders')
    bid = create_bid(number='GEM/2025/B/6400001')
    order = create_order(number='GEMC-000000000000041', seller=seller, bid=bid, bid_number=bid.number,
                         crac_date=date(2025, 3, 1), invoice_date=date(2025, 3, 2), invoice_number='INV/77',
                         payment_date=date(2025, 4, 15), total_value=Decimal('1234567.5'))
    db.session.commit()
    login_as('reviewer')
    html = client.get(f'/orders/{order.id}').get_data(as_text=True)
    assert f'/sellers/{seller.id}' in html and f'/bids/{bid.id}' in html
    assert '1 मार्च 2025' in html and '2 मार्च 2025' in html and '15 अप्रैल 2025' in html and 'INV/77' in html
    assert '₹12,34,567.50' in html


def test_order_detail_shows_the_buyers_state_and_the_imports_shape(db, client, login_as, create_order,
                                                                   create_import_batch):
    batch = create_import_batch(shape='gem-contracts', filename='contracts.csv')
    central = create_order(number='GEMC-000000000000042', import_batch_id=batch.id,
                           raw={'bid_no': 'GEMC-000000000000042', 'state': 'Ministry of Labour and Employment'})
    local = create_order(number='GEMC-000000000000043', raw={'Buyer State': 'UTTAR PRADESH'})
    bare = create_order(number='GEMC-000000000000044')
    db.session.commit()
    login_as('reviewer')
    with force_locale('hi'):
        label = str(_l("Buyer's State (ministry for central buyers)"))
        shape = str(SHAPES['gem-contracts'].title)
    html = client.get(f'/orders/{central.id}').get_data(as_text=True)
    assert label in html and 'Ministry of Labour and Employment' in html
    assert shape in html and 'contracts.csv' in html and 'gem-contracts' not in html
    html = client.get(f'/orders/{local.id}').get_data(as_text=True)
    assert 'UTTAR PRADESH' in html
    assert client.get(f'/orders/{bare.id}').status_code == 200


def source_record_section(html):
    found = re.findall(r'<details class="source-record">.*?</details>', html, flags=re.S)
    assert len(found) == 1, html
    return found[0]


def test_a_table_rows_source_record_shows_with_its_headers_as_a_record_stored_whole_does(db, client, login_as,
                                                                                        create_order, create_bid,
                                                                                        tmp_path):
    orders = tmp_path / 'contracts.csv'
    orders.write_text('bid_no,contract_date,total_value,buyer_department,state,brand\n'
                      'GEMC-511687700000001,08/1/2026 14:49,42000,Public Works Department,UTTAR PRADESH,\n',
                      encoding='utf-8')
    bids = tmp_path / 'bids.csv'
    bids.write_text('बिड संख्या / Bid number,विषय / Title,क्रेता विभाग / Buyer department\n'
                    'GEM/2025/B/6810987,Procurement of furniture,लोक निर्माण विभाग\n', encoding='utf-8')
    run_import(get_shape('gem-contracts'), Source(str(orders), orders.name), dry_run=False)
    run_import(get_shape('template'), Source(str(bids), bids.name, {'sheet': 'Bids'}), dry_run=False)
    db.session.commit()
    order = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000001'))
    bid = db.session.scalar(sa.select(Bid).filter_by(number='GEM/2025/B/6810987'))
    assert isinstance(order.raw, list) and isinstance(bid.raw, list)
    whole_order = create_order(number='GEMC-511687700000002', raw=order.source_record)  # as rows were stored before
    whole_bid = create_bid(number='GEM/2025/B/6810988', raw=bid.source_record)
    db.session.commit()
    login_as('reviewer')
    html = client.get(f'/orders/{order.id}').get_data(as_text=True)
    shown = source_record_section(html)
    cells = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', shown)
    assert cells == [('bid_no', 'GEMC-511687700000001'), ('contract_date', '08/1/2026 14:49'),
                     ('total_value', '42000'), ('buyer_department', 'Public Works Department'),
                     ('state', 'UTTAR PRADESH'), ('brand', '')]
    assert shown == source_record_section(client.get(f'/orders/{whole_order.id}').get_data(as_text=True))
    assert html.count('UTTAR PRADESH') == 2  # the buyer's State, from the record, and the record
    shown = source_record_section(client.get(f'/bids/{bid.id}').get_data(as_text=True))
    assert re.findall(r'<th scope="row">(.*?)</th>', shown) == ['बिड संख्या / Bid number', 'विषय / Title',
                                                                'क्रेता विभाग / Buyer department']
    assert 'लोक निर्माण विभाग' in shown
    assert shown == source_record_section(client.get(f'/bids/{whole_bid.id}').get_data(as_text=True))


# --- department-name queue -----------------------------------------------------------------------------------

def test_alias_queue_lists_unmapped_names_with_counts_and_a_sample(db, client, login_as, create_alias, create_bid,
                                                                    create_order, create_department):
    alias = create_alias(name='Deptt. of Medical Health, U.P.')
    mapped = create_alias(name='Public Works Department', department=create_department())
    for n in range(2):
        create_bid(number=f'B-ALIAS-{n}', buyer_department_raw=alias.name, buyer_department_key=alias.key)
    create_order(buyer_department_raw=alias.name, buyer_department_key=alias.key)
    db.session.commit()
    login_as('reviewer')
    html = client.get('/imports/aliases').get_data(as_text=True)
    assert 'Deptt. of Medical Health, U.P.' in html and 'Public Works Department' not in html
    row = html[html.index(f'id="alias-{alias.id}"'):]
    row = row[:row.index('</tr>')]
    assert '<td class="num">2</td>' in row and '<td class="num">1</td>' in row and 'B-ALIAS-0' in row
    html = fragment(client, '/imports/aliases?state=mapped', 'aliases-table')
    assert 'Public Works Department' in html and 'Medical Health' not in html
    html = fragment(client, '/imports/aliases?state=all', 'aliases-table')
    assert 'Public Works Department' in html and 'Medical Health' in html


def test_mapping_a_name_via_htmx_links_its_records_and_is_audited(db, client, login_as, create_alias, create_bid,
                                                                   create_order, create_department):
    department = create_department(name_hi='उद्यान विभाग')
    alias = create_alias(name='Department of Horticulture UP')
    bid = create_bid(buyer_department_raw=alias.name, buyer_department_key=alias_key(alias.name))
    order = create_order(buyer_department_raw=alias.name, buyer_department_key=alias.key)
    other = create_bid(buyer_department_raw='Another Name', buyer_department_key=alias_key('Another Name'))
    db.session.commit()
    login_as('reviewer')
    response = client.post(f'/imports/aliases/{alias.id}/map', data={f'alias-{alias.id}-department_id': department.id},
                           headers={'HX-Request': 'true'})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html' not in html and html.lstrip().startswith(f'<tr id="alias-{alias.id}"')
    assert 'उद्यान विभाग' in html
    trigger = json.loads(response.headers['HX-Trigger'])
    assert 'उद्यान विभाग' in trigger['flash'] and '2' in trigger['flash']
    assert response.headers['HX-Trigger'].isascii()  # an HTTP header cannot carry UTF-8

    db.session.expire_all()
    assert db.session.get(Bid, bid.id).buyer_department_id == department.id
    assert db.session.get(Order, order.id).buyer_department_id == department.id
    assert db.session.get(Bid, other.id).buyer_department_id is None
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert any(e.model == 'department_aliases' and e.changes.get('department_id') == [None, department.id]
               for e in entries)
    assert any(e.model == 'bids' and e.object_id == f'alias:{alias.id}' for e in entries)
    assert entries[-1].actor.startswith('reviewer')


def test_a_name_can_be_unmapped_and_a_bad_choice_is_refused(db, client, login_as, create_alias, create_bid,
                                                            create_department):
    department = create_department()
    alias = create_alias(name='Basic Shiksha', department=department)
    bid = create_bid(buyer_department=department, buyer_department_raw=alias.name, buyer_department_key=alias.key)
    db.session.commit()
    login_as('cell_head')
    field = f'alias-{alias.id}-department_id'
    response = client.post(f'/imports/aliases/{alias.id}/map', data={field: 999999}, headers={'HX-Request': 'true'})
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    response = client.post(f'/imports/aliases/{alias.id}/map', data={field: 0})
    assert response.status_code == 303 and response.headers['Location'].endswith('/imports/aliases')
    db.session.expire_all()
    assert db.session.get(Bid, bid.id).buyer_department_id is None


def test_government_and_nodal_cannot_map_names(db, client, login_as, create_alias, create_department):
    alias = create_alias()
    department = create_department()
    db.session.commit()
    for role in ('government', 'nodal'):
        login_as(role)
        response = client.post(f'/imports/aliases/{alias.id}/map',
                               data={f'alias-{alias.id}-department_id': department.id})
        assert response.status_code == 403


# --- import history ------------------------------------------------------------------------------------------

def test_import_history_lists_batches_newest_first_with_counts(db, client, login_as, create_import_batch,
                                                                create_user):
    user = create_user(role='reviewer', name='सुनीता वर्मा')
    create_import_batch(filename='old.xlsx', created_dt=utc(2025, 1, 1), state=ImportState.dry_run,
                        created_by_id=user.id)
    create_import_batch(filename='new.xlsx', created_dt=utc(2025, 6, 1),
                        counts={'bid': {'new': 12, 'changed': 3, 'unchanged': 0, 'rejected': 1}})
    db.session.commit()
    login_as('reviewer')
    html = client.get('/imports/').get_data(as_text=True)
    assert html.index('new.xlsx') < html.index('old.xlsx')
    assert 'सुनीता वर्मा' in html and 'केवल जाँच' in html
    assert '12 नए' in html
    html = fragment(client, '/imports/?state=dry_run', 'imports-table')
    assert 'old.xlsx' in html and 'new.xlsx' not in html


def test_import_history_shows_shape_titles_in_the_list_filter_and_export(db, client, login_as,
                                                                         create_import_batch):
    create_import_batch(shape='gem-contracts', filename='contracts.csv')
    create_import_batch(shape='gepnic', filename='tenders.zip')
    create_import_batch(shape='retired', filename='own.xlsx')  # no such shape any more: its name is shown
    db.session.commit()
    login_as('reviewer')
    with force_locale('hi'):
        contracts, gepnic = str(SHAPES['gem-contracts'].title), str(SHAPES['gepnic'].title)
    html = client.get('/imports/').get_data(as_text=True)
    assert f'<option value="gem-contracts" >{contracts}</option>' in html
    assert f'<option value="gepnic" >{gepnic}</option>' in html
    table = fragment(client, '/imports/', 'imports-table')
    assert contracts in table and gepnic in table and 'retired' in table
    assert 'gem-contracts' not in table and '>gepnic<' not in table
    rows = csv_rows(client.get('/imports/?format=csv&shape=gepnic'))
    assert len(rows) == 2 and gepnic in rows[1]


def test_batch_page_shows_row_errors_and_downloads_them_as_xlsx(db, client, login_as, create_import_batch):
    errors = [{'kind': 'bid', 'file': 'bids.xlsx', 'row': 7, 'column': 'Bid Number', 'value': 'GEM/25/X',
               'message': '"GEM/25/X" is not a GeM bid number'},
              {'kind': 'order', 'file': 'bids.xlsx', 'row': 9, 'column': 'Value', 'value': '=1+1',
               'message': 'not a number'}]
    batch = create_import_batch(errors=errors, state=ImportState.rejected, message='Two errors')
    db.session.commit()
    login_as('admin')
    html = client.get(f'/imports/{batch.id}').get_data(as_text=True)
    assert 'GEM/25/X' in html and 'Bid Number' in html and 'Two errors' in html
    response = client.get(f'/imports/{batch.id}?format=xlsx')
    assert response.headers['Content-Disposition'] == f'attachment; filename="import-{batch.id}-errors.xlsx"'
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ('bids.xlsx', 7, 'Bid Number', 'GEM/25/X', '"GEM/25/X" is not a GeM bid number')
    formula = sheet.cell(row=3, column=4)  # a formula in the source: shown as written, a text the sheet never runs
    assert formula.value == '=1+1' and formula.data_type == 's'


# --- menu ----------------------------------------------------------------------------------------------------

def test_menu_shows_imports_only_to_the_cell(db, client, login_as):
    login_as('government')
    html = client.get('/').get_data(as_text=True)
    assert '/bids/' in html and '/orders/' in html and '/sellers/' in html and '/imports/' not in html
    client.post('/auth/logout')
    login_as('reviewer')
    assert '/imports/' in client.get('/').get_data(as_text=True)


def test_nodal_officer_sees_only_sellers_their_department_bought_from(db, client, login, create_user,
                                                                     create_department, create_seller, create_order):
    own, other = create_department(), create_department()
    supplier, stranger = create_seller(name='M/S Own Supplier'), create_seller(name='M/S Stranger')
    create_order(buyer_department=own, seller=supplier)
    create_order(buyer_department=other, seller=stranger)
    officer = create_user(role='nodal', department=own)
    db.session.commit()
    login(officer)
    html = client.get('/sellers/').get_data(as_text=True)
    assert 'M/S Own Supplier' in html and 'M/S Stranger' not in html
    assert 'M/S Stranger' not in client.get('/sellers/?format=csv').get_data(as_text=True)
    assert client.get(f'/sellers/{supplier.id}').status_code == 200
    assert client.get(f'/sellers/{stranger.id}').status_code == 404
