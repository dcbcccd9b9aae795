"""The list pattern's pages: a count kept while the tables it reads are unchanged."""
import sqlalchemy as sa

from gemcell.core.listing import _page
from gemcell.gemdata.models import Bid


def test_a_count_under_a_list_of_values_is_kept_and_follows_the_values(db, create_bid):
    bids = [create_bid(number=f'GEM/2025/B/63000{n}') for n in range(3)]
    db.session.commit()
    state = {'page': 1, 'per_page': 25}
    two = sa.select(Bid).where(Bid.id.in_([bids[0].id, bids[1].id]))
    assert _page(two, state, (Bid,)).total == 2
    assert _page(two, state, (Bid,)).total == 2  # kept, under a key that holds the values
    assert _page(sa.select(Bid).where(Bid.id.in_([bids[2].id])), state, (Bid,)).total == 1


def test_a_count_reading_a_table_not_declared_is_not_kept(db, create_bid, create_department):
    department = create_department()
    create_bid(number='GEM/2025/B/6300010', buyer_department=department)
    db.session.commit()
    from gemcell.directory.models import Department
    stmt = sa.select(Bid).join(Department, Department.id == Bid.buyer_department_id).where(Department.is_active)
    assert _page(stmt, {'page': 1, 'per_page': 25}, (Bid,)).total == 1
    department.is_active = False  # a change to a table the count reads, which no stamp would follow
    db.session.commit()
    assert _page(stmt, {'page': 1, 'per_page': 25}, (Bid,)).total == 0
