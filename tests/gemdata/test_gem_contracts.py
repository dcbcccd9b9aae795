"""The gem-contracts shape on the real sample (tests/data/gem-contracts.csv): every row imported or rejected with
its reason, and a few records checked value by value against the file."""
import csv
import io
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import Workbook

from gemcell.gemdata.importers import get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.importers.gem_contracts import buyer_state
from gemcell.gemdata.models import BuyingMode, DepartmentAlias, ImportState, Order, Seller

SAMPLE = Path(__file__).resolve().parent.parent / 'data' / 'gem-contracts.csv'
SHIFTED_ROWS = {6: 'GEM/2025/B/7026328', 26: 'GEM/2025/B/6644306', 28: 'GEM/2025/B/6511397',
                30: 'GEM/2025/B/6511397'}


@pytest.fixture(autouse=True)
def english(db):
    with force_locale('en'):
        yield


def import_file(path, filename=None, dry_run=False, **options):
    filename = filename or Path(path).name
    return run_import(get_shape('gem-contracts'), Source(path, filename, options), dry_run=dry_run)


def order(db, number):
    return db.session.scalar(sa.select(Order).filter_by(number=number))


def test_every_row_of_the_sample_is_imported_or_rejected_with_its_reason(db):
    batch = import_file(str(SAMPLE))
    assert batch.state is ImportState.committed
    assert batch.counts['order'] == {'new': 38, 'changed': 0, 'unchanged': 0, 'rejected': 4}
    assert batch.counts['seller']['new'] == 21
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 38
    assert db.session.scalar(sa.select(sa.func.count(Seller.id))) == 21
    assert {error['row']: error['value'] for error in batch.errors} == SHIFTED_ROWS
    for error in batch.errors:
        assert error['column'] == 'contract_date'
        assert 'contract_date' in error['message'] and error['value'] in error['message']
        assert 'bid number' in error['message']


def test_a_direct_order_is_read_as_written(db):
    import_file(str(SAMPLE))
    first = order(db, 'GEMC-511687789665064')  # row 2
    assert first.order_dt == datetime(2026, 1, 8, 9, 19, tzinfo=timezone.utc)  # 08/1/2026 14:49 IST
    assert (first.quantity, first.unit_price, first.total_value) == (10, Decimal('4200'), Decimal('42000'))
    assert first.buying_mode is BuyingMode.direct and first.status == 'Order Accepted'
    assert first.buyer_department_raw == 'Medical Health and Family Welfare Department Uttar Pradesh'
    assert first.buyer_department_key == 'medical health and family welfare department uttar pradesh'
    assert first.office_raw == 'DISTRICT FEMALE HOSPITAL MAINPURI'
    assert (first.buyer_designation, first.buyer_org_type) == ('SMO', 'State Government')
    assert first.product == 'Relyon Sutures Polyglactin sutures, Number of suture foils in box 12'
    assert (first.brand, first.model, first.category_name) == ('Relyon Sutures', 'RELYONGLACTIN', 'sutures')
    assert first.seller.gem_seller_id == '8AD6180000593530' and first.seller.name == 'M/S SNEH ENTERPRISES'
    assert first.seller_name == 'M/S SNEH ENTERPRISES'
    record = first.source_record
    assert record['bid_no'] == 'GEMC-511687789665064' and record['created_at'] == '2026-01-10 09:31:35'
    assert first.import_batch_id is not None


def test_indian_grouped_decimals_and_a_bid_ra_row_with_a_real_date(db):
    import_file(str(SAMPLE))
    grouped = order(db, 'GEMC-511687774525519')  # row 8: unit_price "2,499.96"
    assert (grouped.unit_price, grouped.total_value, grouped.quantity) == (Decimal('2499.96'), Decimal('49999.20'),
                                                                           20)
    assert grouped.status == 'Waiting for Seller Confirmation'
    bid_ra = order(db, 'GEMC-511687731950528')  # row 27: Bid/RA, but its contract_date is a date
    assert bid_ra.buying_mode is BuyingMode.bid
    assert bid_ra.order_dt == datetime(2026, 1, 8, 5, 20, tzinfo=timezone.utc)  # 08/1/2026 10:50 IST
    assert bid_ra.unit_price == Decimal('32.95') and bid_ra.total_value == Decimal('108735')
    assert bid_ra.buyer_org_type == 'Central Government'
    assert bid_ra.buyer_department_raw == 'Department of Health and Family Welfare'
    assert order(db, 'GEMC-511687782445437') is None  # row 6: shifted, rejected
    central = order(db, 'GEMC-511687787083038')  # row 32: buyer_department "NA", organization_name names ESIC
    assert central.buyer_department_raw == 'Employees State Insurance Corporation (ESIC)'
    assert central.buyer_department_key == 'employees state insurance corporation (esic)'
    assert buyer_state(central.source_record) == 'Ministry of Labour and Employment'
    assert buyer_state(order(db, 'GEMC-511687789665064').source_record) == 'UTTAR PRADESH'


def test_a_buyer_without_department_falls_back_to_its_organisation_and_joins_the_name_queue(db, tmp_path):
    path = tmp_path / 'central.csv'
    path.write_text('bid_no,contract_date,total_value,buyer_department,organization_name,state\n'
                    'GEMC-511687700000001,08/1/2026 14:49,100,NA,Employees State Insurance Corporation,'
                    'Ministry of Labour and Employment\n'
                    'GEMC-511687700000002,08/1/2026 14:49,100,,N/A,UTTAR PRADESH\n'
                    'GEMC-511687700000003,08/1/2026 14:49,100,Public Works Department,Some Division,'
                    'UTTAR PRADESH\n', encoding='utf-8')
    batch = import_file(str(path))
    assert batch.counts['order']['new'] == 3
    assert order(db, 'GEMC-511687700000001').buyer_department_raw == 'Employees State Insurance Corporation'
    assert order(db, 'GEMC-511687700000002').buyer_department_raw is None  # neither names the buyer
    assert order(db, 'GEMC-511687700000003').buyer_department_raw == 'Public Works Department'  # not overridden
    names = set(db.session.scalars(sa.select(DepartmentAlias.name)))
    assert names == {'Employees State Insurance Corporation', 'Public Works Department'}
    record = order(db, 'GEMC-511687700000001').source_record
    assert record['organization_name'] == 'Employees State Insurance Corporation'


def test_a_dry_run_does_not_say_a_shifted_row_was_not_imported(db):
    batch = import_file(str(SAMPLE), dry_run=True)
    assert batch.state is ImportState.dry_run and batch.error_count == 4
    for error in batch.errors:
        assert 'left out' in error['message'] and 'not imported' not in error['message']
    with force_locale('hi'):
        batch = import_file(str(SAMPLE), dry_run=True)
    assert all('छोड़' in error['message'] and 'आयात नहीं की गई' not in error['message'] for error in batch.errors)


def test_hindi_and_plain_english_headers_are_accepted(db, tmp_path):
    path = tmp_path / 'hindi.csv'
    path.write_text('संविदा संख्या,संविदा तिथि,कुल मूल्य,क्रेता विभाग,Unit price,Seller ID,Seller name\n'
                    'GEMC-511687789665064,08/1/2026 14:49,"42,000",लोक निर्माण विभाग,"4,200",8AD6180000593530,'
                    'M/S SNEH ENTERPRISES\n', encoding='utf-8')
    batch = import_file(str(path))
    assert batch.counts['order']['new'] == 1
    imported = order(db, 'GEMC-511687789665064')
    assert imported.total_value == Decimal('42000') and imported.buyer_department_raw == 'लोक निर्माण विभाग'


def test_the_same_contracts_as_xlsx_import_alike(db):
    workbook = Workbook()
    with open(SAMPLE, newline='', encoding='utf-8') as file:
        for row in csv.reader(file):
            workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = import_file(buffer, 'contracts.xlsx')
    assert batch.counts['order'] == {'new': 38, 'changed': 0, 'unchanged': 0, 'rejected': 4}
    assert order(db, 'GEMC-511687789665064').unit_price == Decimal('4200')


@pytest.mark.parametrize('header, missing', [
    ('bid_no,contract_date,buyer_department\n', '"total_value"'),
    ('Tender ID,Bid Number,Bidder Name\n', '"bid_no"'),
])
def test_a_file_without_the_required_columns_is_rejected_naming_them(db, tmp_path, header, missing):
    path = tmp_path / 'wrong.csv'
    path.write_text(header + 'a,b,c\n', encoding='utf-8')
    batch = import_file(str(path))
    assert batch.state is ImportState.rejected
    assert 'Required columns are missing' in batch.message and missing in batch.message
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0
