"""The ageing, the interest sums, the trend and the overdue list (for a direction), against the ledger worked out by
hand (see ``conftest.ledger``), for the cell and for a nodal officer."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from gemcell.payments import queries
from tests.payments.conftest import DAY


def test_department_ageing_by_office(ledger, create_user):
    reviewer = create_user(role='reviewer')
    offices, total = queries.ageing(reviewer, DAY, department_id=ledger['department'].id)
    # a (0–10), b (11–30), e (46–90); c and d are paid; f has no CRAC
    assert (total.count, total.value) == (3, Decimal('70000'))
    assert total.buckets['0-10'] == [1, Decimal('10000')]
    assert total.buckets['11-30'] == [1, Decimal('20000')]
    assert total.buckets['31-45'] == [0, Decimal('0')]
    assert total.buckets['46-90'] == [1, Decimal('40000')]
    assert (total.overdue_count, total.overdue_value) == (2, Decimal('60000'))
    # penal: b 20,000 × 1 % × 10/30 = 66.67; e 40,000 × 1 % × 40/30 = 533.33
    assert total.penal == Decimal('600.00')
    # MSMED (b only, micro/small): due 20.06.2026, bank rate 5.50 % -> 1.375 % a month × 10/30 on 20,000 = 91.67
    assert total.msmed == Decimal('91.67')
    by_name = {row.name: row for row in offices}
    assert by_name['कार्यालय एक'].count == 2 and by_name['कार्यालय दो'].count == 1
    assert by_name['कार्यालय दो'].max_days_late == 40


def test_state_ageing_has_a_row_per_department_and_a_nodal_officer_sees_only_his(ledger, create_user):
    rows, total = queries.ageing(create_user(role='government'), DAY)
    assert {row.name for row in rows} == {'स्वास्थ्य विभाग', 'लोक निर्माण विभाग'}
    assert total.count == 4  # g: 21.05.2026, 40 days (31–45), 30 days overdue
    assert total.buckets['31-45'] == [1, Decimal('25000')]
    rows, total = queries.ageing(ledger['officer'], DAY)
    assert [row.name for row in rows] == ['स्वास्थ्य विभाग'] and total.count == 3


def test_department_overdue_orders_for_a_direction(ledger):
    overdue = queries.department_overdue_orders(ledger['department'].id, DAY)
    assert [p.order.number for p in overdue] == [ledger['orders']['e'].number, ledger['orders']['b'].number]
    e, b = overdue
    assert (e.days_late, e.penal, e.msmed, e.due.rules) == (40, Decimal('533.33'), Decimal('0.00'), ['GEM-GTC-PAY'])
    assert (b.days_late, b.penal, b.msmed, b.interest) == (10, Decimal('66.67'), Decimal('91.67'), Decimal('158.34'))
    # e: GeM said paid on 01.06, but the department reported later that it is not: the later evidence wins
    assert e.status.reason_code == 'dispute' and e.payment.paid is None


def test_home_page_counts_agree_with_the_list(ledger):
    """The nodal officer's home page counts in the database what the overdue list computes order by order."""
    overdue = queries.department_overdue_orders(ledger['department'].id, DAY)
    counts = queries.overdue_counts(ledger['officer'], ledger['department'].id, DAY)
    assert counts == (len(overdue), sum(p.status is None for p in overdue)) == (2, 1)


def test_each_department_is_given_its_own_counts_of_the_states(ledger, create_user):
    """The counts are made for every department at once: each officer gets his department's, none another's."""
    other = create_user(role='nodal', department=ledger['other'])
    assert queries.overdue_counts(other, ledger['other'].id, DAY) == (1, 1)  # g
    assert queries.overdue_counts(ledger['officer'], ledger['department'].id, DAY) == (2, 1)
    assert queries.overdue_counts(ledger['officer'], ledger['other'].id, DAY) == (0, 0)  # not his department
    reviewer = create_user(role='reviewer')
    assert queries.overdue_counts(reviewer, ledger['other'].id, DAY) == (1, 1)


def test_scorecard_counts_agree_with_the_rules_order_by_order(ledger, create_payment_report, create_order, db,
                                                              create_department):
    """The scorecard's payments-on-time counts (in the database) equal what the rules say order by order, month by
    month: GeM's payment, the department's later report, a delay reported, and auto-CRAC."""
    from gemcell.gemdata.models import BuyingMode
    from gemcell.payments.models import PaymentState
    department = ledger['department']
    direct = create_order(buyer_department=department, buying_mode=BuyingMode.direct, total_value=Decimal('20000'),
                          crac_date=None, order_dt=datetime(2026, 4, 1, tzinfo=timezone.utc))
    create_payment_report(order=direct, by=ledger['officer'], state=PaymentState.paid, prc_date=date(2026, 4, 2),
                          paid_date=date(2026, 5, 20))  # auto-CRAC on day 21 (23.04), due 03.05: paid late
    db.session.commit()
    ids = [department.id, ledger['other'].id]
    many = [create_department().id for _ in range(queries.FEW_DEPARTMENTS)]
    judged = 0
    for month in range(3, 8):
        start = date(2026, month, 1)
        end = date(2026, month + 1, 1) - timedelta(days=1)
        listed = queries.due_in_month(start, end, ids, DAY)
        expected = {key: [len(items), sum(1 for p in items if p.is_paid and p.days_late == 0)]
                    for key, items in listed.items()}
        assert queries.due_in_month_counts(start, end, ids, DAY) == expected, month
        # many departments (the scorecard's every one) are read by CRAC date, not department by department: the
        # same counts, and only the departments asked for
        assert queries.due_in_month_counts(start, end, ids + many, DAY) == expected, month
        assert ledger['other'].id not in queries.due_in_month_counts(start, end, [department.id] + many, DAY)
        judged += sum(count for count, _on_time in expected.values())
    assert judged == 6  # b, c, d, e, g and the auto-CRAC order (a falls due on 05.07: not yet judged on 30.06)


def test_status_pages_follow_the_full_list(ledger, create_payment_report, create_order, db):
    """The status table's pages (worked out from a few columns) are the full list's, in its order — auto-CRAC and
    not yet accepted orders included."""
    from gemcell.gemdata.models import BuyingMode
    from gemcell.payments.models import PaymentState
    department = ledger['department']
    direct = create_order(buyer_department=department, buying_mode=BuyingMode.direct, total_value=Decimal('20000'),
                          crac_date=None, order_dt=datetime(2026, 4, 1, tzinfo=timezone.utc))
    create_payment_report(order=direct, by=ledger['officer'], state=PaymentState.delayed, reason_code='budget',
                          prc_date=date(2026, 4, 2))
    db.session.commit()
    full = [p.order.number for p in queries.unpaid_orders(department.id, day=DAY)]
    assert len(full) == 5 and direct.number in full
    pages = [queries.unpaid_page(department.id, page, 2, DAY) for page in (1, 2, 3, 4)]
    assert [p.order.number for items, _total in pages for p in items] == full
    assert {total for _items, total in pages} == {5} and pages[3][0] == []
    first = pages[0][0][0]
    assert (first.days_late, first.penal) == (queries.unpaid_orders(department.id, day=DAY)[0].days_late,
                                              queries.unpaid_orders(department.id, day=DAY)[0].penal)


def test_dashboard_figures_are_kept_until_a_payment_is_reported(ledger, create_user, create_payment_report, db):
    import sqlalchemy as sa

    from gemcell.payments.models import PaymentState
    reviewer = create_user(role='reviewer')
    statements = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, 'before_cursor_execute', count)
    try:
        first = queries.dashboard(reviewer, DAY)
        computed = len(statements)
        statements.clear()
        again = queries.dashboard(reviewer, DAY)
    finally:
        sa.event.remove(db.engine, 'before_cursor_execute', count)
    assert len(statements) < computed / 2  # the sums were kept: the check and the departments' names
    assert (again.total.count, again.total.overdue_value) == (first.total.count, first.total.overdue_value) == \
        (4, Decimal('85000'))  # a, b, e and g unpaid; b, e and g overdue
    # the officer reports b paid: the next look counts it at once
    create_payment_report(order=ledger['orders']['b'], by=ledger['officer'], state=PaymentState.paid,
                          paid_date=date(2026, 6, 29), reference='PFMS/2026/801')
    db.session.commit()
    after = queries.dashboard(reviewer, DAY)
    assert (after.total.count, after.total.overdue_value) == (3, Decimal('65000'))


def test_interest_on_payments_made_late(ledger):
    # c: due 01.04, paid 10.06 (70 days): 50,000 × 1 % × 70/30 = 1,166.67
    # d: due 01.04, paid 15.04 as the department reports (14 days): 30,000 × 1 % × 14/30 = 140.00
    count, penal, msmed = queries.interest_on_late_payments(ledger['department'].id, DAY)
    assert (count, penal, msmed) == (2, Decimal('1306.67'), Decimal('0'))


def test_trend_counts_what_was_overdue_at_each_month_end(ledger, create_user):
    trend = {end: (n, value) for end, n, value in queries.trend(create_user(role='reviewer'), DAY, months=4)}
    assert list(trend) == [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31), DAY]
    assert trend[date(2026, 3, 31)] == (0, Decimal('0'))
    assert trend[date(2026, 4, 30)] == (1, Decimal('50000'))  # c (d was paid on 15.04)
    assert trend[date(2026, 5, 31)] == (2, Decimal('90000'))  # c, e
    assert trend[DAY] == (3, Decimal('85000'))  # b, e, g (c paid on 10.06)
    mine = {end: n for end, n, _v in queries.trend(ledger['officer'], DAY, months=4)}
    assert mine[DAY] == 2


def test_dashboard_worst_departments(ledger, create_user):
    board = queries.dashboard(create_user(role='cell_head'), DAY)
    assert [row.name for row in board.worst] == ['स्वास्थ्य विभाग', 'लोक निर्माण विभाग']
    assert board.total.overdue_value == Decimal('85000')


def test_overdue_orders_as_plain_data_for_a_direction(ledger):
    rows = queries.overdue_for_direction(ledger['department'].id, DAY)
    assert [(r['number'], r['days_overdue'], r['interest'], r['reason']) for r in rows] == [
        (ledger['orders']['e'].number, 40, Decimal('533.33'), 'dispute'),
        (ledger['orders']['b'].number, 10, Decimal('158.34'), None)]
    assert rows[1]['is_mse'] and rows[1]['rules'] == ['GEM-GTC-PAY'] and rows[1]['office'] == 'कार्यालय एक'
