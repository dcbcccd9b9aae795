"""The cell drafts a direction to a department on its overdue orders (issue 8, item 5): the orders with their days
overdue and interest in the points, the Commissioner & Director's level, Government's after an earlier one was not
complied with; nodal officers cannot."""
from datetime import timedelta

import sqlalchemy as sa

from gemcell.core.compliance import Compliance
from gemcell.core.i18n import format_inr
from gemcell.directives import operations as directives
from gemcell.directives.models import Direction, DirectionLevel, DirectionState
from gemcell.payments import operations, queries
from tests.payments.conftest import DAY, html_of


def test_the_cell_drafts_a_direction_on_the_overdue_orders(ledger, client, login_as, db):
    department, orders = ledger['department'], ledger['orders']
    login_as('reviewer')
    html = html_of(client.get(f'/payments/departments/{department.id}'))
    form = html.split('id="direction-actions"')[1][:800]
    assert f'/payments/departments/{department.id}/direction' in form and 'disabled' not in form
    response = client.post(f'/payments/departments/{department.id}/direction')
    assert response.status_code == 303
    direction = db.session.scalars(sa.select(Direction)).one()
    assert response.headers['Location'].endswith(f'/directions/{direction.id}')
    assert direction.state is DirectionState.draft and direction.level is DirectionLevel.commissioner
    assert (direction.source_kind, direction.source_id) == ('payments', department.id)
    assert [a.department_id for a in direction.addressees] == [department.id]
    texts = '\n'.join(p.text for p in direction.points)
    assert all(orders[key].number in texts for key in 'abe')  # today, all three unpaid orders are overdue
    assert not any(orders[key].number in texts for key in 'cdfg')  # paid, no CRAC, another department
    assert direction.document is not None  # its office memo, in draft
    assert 'स्वास्थ्य विभाग' in client.get(response.headers['Location']).get_data(as_text=True)


def test_the_points_give_each_order_its_days_overdue_and_interest(ledger, db, create_user):
    """On 30.06.2026 two orders are overdue: e by 40 days, then b (micro/small seller) by 10 days."""
    department, orders = ledger['department'], ledger['orders']
    direction = operations.draft_overdue_direction(department, create_user(role='reviewer'), DAY)
    listed = {o['number']: o for o in queries.overdue_for_direction(department.id, DAY)}
    assert [p.number for p in direction.points] == [1, 2]
    e, b = direction.points
    assert orders['e'].number in e.text and '40 दिन विलम्ब' in e.text
    assert orders['b'].number in b.text and '10 दिन विलम्ब' in b.text
    assert format_inr(listed[orders['b'].number]['interest']) in b.text and listed[orders['b'].number]['interest'] > 0
    assert 'भुगतान तत्काल सुनिश्चित करें' in b.text
    assert '2 आदेशों (मूल्य ₹60,000.00)' in direction.body


def _issue(direction, db, create_user):
    directives.issue_direction(direction, create_user(role='cell_head'), day=DAY)
    db.session.flush()
    return direction.addressees[0]


def test_repeated_non_compliance_goes_to_government(ledger, db, create_user):
    department, reviewer = ledger['department'], create_user(role='reviewer')
    first = operations.draft_overdue_direction(department, reviewer, DAY)
    assert first.level is DirectionLevel.commissioner
    # a draft not issued does not count
    assert operations.draft_overdue_direction(department, reviewer, DAY).level is DirectionLevel.commissioner
    addressee = _issue(first, db, create_user)
    due = first.due_date
    # issued, report not due yet: still the Commissioner & Director
    assert operations.draft_overdue_direction(department, reviewer, due).level is DirectionLevel.commissioner
    # its due date passed with no report: Government
    assert operations.draft_overdue_direction(department, reviewer, due + timedelta(days=1)).level \
        is DirectionLevel.government
    # the report classed as complied: no escalation; not complied: Government
    officer = ledger['officer']
    directives.save_report(addressee, {p.id: 'भुगतान कर दिया गया।' for p in first.points}, {}, officer)
    directives.submit_report(addressee, officer)
    directives.class_report(addressee, {p.id: Compliance.complied for p in first.points}, {}, reviewer)
    assert operations.draft_overdue_direction(department, reviewer, due + timedelta(days=1)).level \
        is DirectionLevel.commissioner
    directives.class_report(addressee, {p.id: Compliance.not_complied for p in first.points}, {}, reviewer)
    assert operations.draft_overdue_direction(department, reviewer, due + timedelta(days=1)).level \
        is DirectionLevel.government


def test_nodal_officers_cannot_draft_and_nothing_overdue_drafts_nothing(ledger, client, login, login_as, db,
                                                                         create_department):
    department = ledger['department']
    login(ledger['officer'])
    assert client.post(f'/payments/departments/{department.id}/direction').status_code == 403
    assert 'id="direction-actions"' not in html_of(client.get(f'/payments/departments/{department.id}'))
    empty = create_department(name_hi='खेल विभाग', name_en='Sports')
    db.session.commit()
    login_as('cell_head')
    response = client.post(f'/payments/departments/{empty.id}/direction')
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/payments/departments/{empty.id}')
    assert db.session.scalar(sa.select(sa.func.count(Direction.id))) == 0
