"""The registers as the scrutiny engine reads them: a bid or order in which a blacklisted firm takes part, or a
debarred buyer user acts, during the period is flagged (CASE-BLACKLIST, CASE-BLACKLIST-ORDER, CASE-DEBAR); the
golden cases (tests/scrutiny/cases/CASE-*.json) test the rules' day arithmetic, these the engine and the lists."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from gemcell.cases.models import Sanction, SanctionKind
from gemcell.cases.queries import REGISTER_LISTING, in_force_clause
from gemcell.gemdata.models import BidderState
from gemcell.scrutiny.engine import scrutinise
from gemcell.scrutiny.models import Finding

IST = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def registers(db, create_user, create_seller):
    head = create_user(role='cell_head')
    seller = create_seller(name='M/S Black Firm', gem_seller_id='SELLER-BLACK')
    firm = Sanction(kind=SanctionKind.blacklisting, name='M/S Black Firm', seller_id=seller.id,
                    gem_seller_id='SELLER-BLACK', from_date=date(2026, 2, 1), to_date=date(2026, 7, 31),
                    order_number='12/2026/18-5', order_date=date(2026, 1, 28), recorded_by_id=head.id)
    user = Sanction(kind=SanctionKind.debarment, name='Ram Kumar', gem_user_id='ee.pd.lko', from_date=date(2026, 2, 1),
                    to_date=date(2026, 7, 31), order_number='13/2026/18-5', order_date=date(2026, 1, 28),
                    recorded_by_id=head.id)
    db.session.add_all([firm, user])
    db.session.flush()
    return {'seller': seller, 'firm': firm, 'user': user}


def findings_of(db, rule_id):
    return db.session.scalars(sa.select(Finding).where(Finding.rule_id == rule_id).order_by(Finding.id)).all()


def test_the_engine_flags_bids_and_orders_during_the_period(db, registers, create_bid, create_order):
    seller = registers['seller']

    def bid_closing(day, **kwargs):
        return create_bid(published_dt=datetime.combine(day - timedelta(days=10), datetime.min.time(), IST),
                          end_dt=datetime.combine(day, datetime.min.time(), IST) + timedelta(hours=15), **kwargs)

    before = bid_closing(date(2026, 1, 31), bidders=[{'name': 'M/S Black Firm', 'seller': seller,
                                                      'state': BidderState.qualified}])
    first_day = bid_closing(date(2026, 2, 1), bidders=[{'name': 'm/s black firm.', 'state': BidderState.qualified}])
    by_user = bid_closing(date(2026, 3, 1), buyer_user_id='EE.PD.LKO')
    order_last = create_order(seller=seller, seller_name='Black Firm',
                              order_dt=datetime(2026, 7, 31, 18, tzinfo=IST))
    order_after = create_order(seller=seller, seller_name='Black Firm', order_dt=datetime(2026, 8, 1, 9, tzinfo=IST))
    scrutinise('all')
    assert [f.bid_id for f in findings_of(db, 'CASE-BLACKLIST')] == [first_day.id]
    assert [f.bid_id for f in findings_of(db, 'CASE-DEBAR')] == [by_user.id]
    [flagged] = findings_of(db, 'CASE-BLACKLIST-ORDER')
    assert flagged.order_id == order_last.id and flagged.evidence['params']['order'] == '12/2026/18-5'
    assert before.id and order_after.id  # not flagged


def test_a_new_register_entry_flags_on_the_next_full_run(db, registers, create_bid, create_user):
    bid = create_bid(published_dt=datetime(2026, 9, 1, 10, tzinfo=IST), end_dt=datetime(2026, 9, 12, 10, tzinfo=IST),
                     bidders=[{'name': 'M/S Late Firm', 'state': BidderState.awarded, 'is_awarded': True}])
    scrutinise('all')
    assert findings_of(db, 'CASE-BLACKLIST') == []
    db.session.add(Sanction(kind=SanctionKind.blacklisting, name='M/S Late Firm', from_date=date(2026, 9, 12),
                            to_date=date(2027, 9, 11), order_number='99/2026', order_date=date(2026, 9, 10),
                            recorded_by_id=create_user(role='cell_head').id))
    db.session.flush()
    scrutinise('all')
    assert [f.bid_id for f in findings_of(db, 'CASE-BLACKLIST')] == [bid.id]


@pytest.mark.parametrize(('day', 'in_force'), [(date(2026, 1, 31), False), (date(2026, 2, 1), True),
                                               (date(2026, 7, 31), True), (date(2026, 8, 1), False)])
def test_the_register_query_includes_both_ends_of_the_period(db, registers, day, in_force):
    names = db.session.scalars(sa.select(Sanction.name).where(in_force_clause(day))).all()
    assert (sorted(names) == ['M/S Black Firm', 'Ram Kumar']) is in_force
    assert REGISTER_LISTING.filters['in_force']('maybe') is None


def test_the_register_pages_filter_and_export(db, client, login_as, registers):
    db.session.commit()
    login_as('reviewer', locale='en')
    html = client.get('/cases/registers/blacklisted').get_data(as_text=True)
    assert 'M/S Black Firm' in html and 'Ram Kumar' not in html and '12/2026/18-5' in html
    html = client.get('/cases/registers/debarred?q=ee.pd').get_data(as_text=True)
    assert 'Ram Kumar' in html and 'ee.pd.lko' in html
    fragment = client.get('/cases/registers/debarred?in_force=yes', headers={'HX-Request': 'true'})
    assert '<html' not in fragment.get_data(as_text=True) and 'id="register-table"' in fragment.get_data(as_text=True)
    xlsx = client.get('/cases/registers/debarred?format=xlsx')
    assert xlsx.status_code == 200 and xlsx.data[:2] == b'PK'
