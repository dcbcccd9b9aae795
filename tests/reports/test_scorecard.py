"""The department scorecard: the published formula on the hand-worked small State (``conftest.py``), the weights of
components not available yet shared out, the drill-down and the exports."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from flask import current_app

from gemcell.reports import scorecard
from tests.reports.conftest import OCTOBER, TODAY


def html_of(response):
    return response.get_data(as_text=True)


def test_scores_match_the_hand_worked_values(db, state):
    rows, configured, effective = scorecard.compute(OCTOBER, TODAY)
    by_code = {row.department.code: row for row in rows}
    a, b, c = by_code['AAA'], by_code['BBB'], by_code['CCC']
    # components: GeM share, returns on time (2 fortnightly + 1 monthly), findings (100 − 10 per confirmed)
    assert [a.scores[k].value for k in ('gem_share', 'returns_on_time', 'findings')] == [
        Decimal('80.0'), Decimal('100.0'), Decimal('100')]
    assert [b.scores[k].value for k in ('gem_share', 'returns_on_time', 'findings')] == [
        Decimal('50.0'), Decimal('0.0'), Decimal('80')]  # two findings confirmed in October (not September's)
    assert [c.scores[k].value for k in ('gem_share', 'returns_on_time', 'findings')] == [
        Decimal('0'), Decimal('0.0'), Decimal('100')]
    # no payment fell due and no direction was issued: those components judge nothing, and the department is
    # judged on the weights 30/20/15 of the rest: Σ = 65
    assert a.total == Decimal('90.8')   # (30×80 + 20×100 + 15×100) / 65 = 90.77
    assert b.total == Decimal('41.5')   # (30×50 + 20×0 + 15×80) / 65 = 41.54
    assert c.total == Decimal('23.1')   # (0 + 0 + 15×100) / 65 = 23.08
    assert [row.rank for row in rows] == [1, 2, 3]
    assert a.effective == {'gem_share': Decimal('46.2'), 'returns_on_time': Decimal('30.8'),
                           'findings': Decimal('23.1')}
    assert effective == {'gem_share': Decimal('30.0'), 'returns_on_time': Decimal('20.0'),
                         'payments_on_time': Decimal('20.0'), 'findings': Decimal('15.0'),
                         'directives': Decimal('15.0')}
    assert configured['payments_on_time'] == Decimal('20')
    assert all(scorecard.REGISTRY[key].is_available for key in scorecard.ORDER)
    assert a.scores['payments_on_time'].value is None and a.scores['directives'].value is None


def test_weights_are_configurable(db, state):
    saved = current_app.config['SCORECARD_WEIGHTS']
    current_app.config['SCORECARD_WEIGHTS'] = {'gem_share': 1, 'returns_on_time': 0, 'findings': 0}
    try:
        rows, _configured, effective = scorecard.compute(OCTOBER, TODAY)
    finally:
        current_app.config['SCORECARD_WEIGHTS'] = saved
    assert effective == {'gem_share': Decimal('100.0')}
    assert {row.department.code: row.total for row in rows} == {
        'AAA': Decimal('80.0'), 'BBB': Decimal('50.0'), 'CCC': Decimal('0.0')}


def test_a_department_with_nothing_due_is_judged_on_the_rest(db, state):
    # on 5 Oct nothing of October is due yet: returns on time has nothing to judge, its weight goes to the others
    scores = scorecard.returns_on_time(OCTOBER, [state['c'].id], today=date(2026, 10, 5))
    assert scores[state['c'].id].value is None
    rows, _c, _e = scorecard.compute(OCTOBER, date(2026, 10, 5))
    c = next(row for row in rows if row.department.code == 'CCC')
    assert c.total == Decimal('33.3')  # (30×0 + 15×100) / 45
    assert c.effective == {'gem_share': Decimal('66.7'), 'findings': Decimal('33.3')}


def test_page_publishes_the_formula_and_drills_down(db, client, login, state):
    login(state['reviewer'])
    html = html_of(client.get('/reports/scorecard?month=2026-10'))
    assert 'score = Σ (weight × component) ÷ Σ weights' in html
    assert 'Not available yet' not in html and 'Payments on time' in html and 'Directives complied' in html
    assert '30.0 %' in html and '90.8' in html
    link = f'/reports/scorecard/findings/{state["b"].id}?month=2026-10'
    assert f'href="{link}"' in html
    records = html_of(client.get(link))
    assert records.count('CARD-R018') == 2 and 'id="component-score">80' in records
    returns = html_of(client.get(f'/reports/scorecard/returns_on_time/{state["b"].id}?month=2026-10'))
    assert returns.count('Not filed') == 2 and 'Filed late' in returns
    assert client.get(f'/reports/scorecard/payments_on_time/{state["b"].id}?month=2026-10').status_code == 200
    assert client.get('/reports/scorecard/nonsense/1').status_code == 404


def test_scorecard_exports(db, client, login, state):
    login(state['government'])
    csv = client.get('/reports/scorecard?month=2026-10&format=csv').get_data(as_text=True).lstrip('\ufeff')
    lines = csv.splitlines()
    assert lines[0] == ('Rank,Department,Code,Score,GeM share,Returns on time,Payments on time,Findings confirmed,'
                        'Directives complied')
    assert lines[1] == '1,A Department,AAA,90.8,80.0,100.0,,100.0,'  # no payment due, no direction: blank
    assert client.get('/reports/scorecard?month=2026-10&format=xlsx').status_code == 200


@pytest.fixture
def duties(db, state, create_order, create_user):
    """Payments and directions added to the small State (GeM's GTC: payment due 10 days after the CRAC):

    - A's orders due in October: due 11.10 paid 05.10, due 15.10 paid 15.10, due 20.10 paid 12.10 (on time); due
      21.10 paid 30.10 (late); due 25.10 unpaid (late) → 3 of 5 = 60.0. Not counted: due 30.09 (unpaid), due 01.11.
    - B: two directions issued 10.10, due 31.10: one classed complied, one not complied → 1 of 2 = 50.0.
    - C: one direction issued 10.10, due 31.10, no report (overdue on 26.11) → 0 of 1 = 0.0.
    """
    from gemcell.core.compliance import Compliance
    from gemcell.directives import operations as directives
    a, b, c = state['a'], state['b'], state['c']
    for crac, paid in ((date(2026, 10, 1), date(2026, 10, 5)), (date(2026, 10, 5), date(2026, 10, 15)),
                       (date(2026, 10, 10), date(2026, 10, 12)), (date(2026, 10, 11), date(2026, 10, 30)),
                       (date(2026, 10, 15), None), (date(2026, 9, 20), None), (date(2026, 10, 22), None)):
        create_order(buyer_department=a, total_value=Decimal('10000'), crac_date=crac, payment_date=paid,
                     order_dt=datetime(2026, 9, 1, tzinfo=timezone.utc))
    b_officer = create_user(role='nodal', department=b, locale='en')
    made = []
    for department, compliance in ((b, Compliance.complied), (b, Compliance.not_complied), (c, None)):
        direction = directives.draft_direction(f'Direction {len(made) + 1}', ['Pay the overdue orders.'],
                                               [department.id], due_date=date(2026, 10, 31), user=state['reviewer'])
        directives.issue_direction(direction, state['head'], day=date(2026, 10, 10))
        if compliance is not None:
            addressee = direction.addressees[0]
            point = direction.points[0]
            directives.save_report(addressee, {point.id: 'Paid.'}, {}, b_officer)
            directives.submit_report(addressee, b_officer)
            directives.class_report(addressee, {point.id: compliance}, {}, state['reviewer'])
        made.append(direction)
    db.session.commit()
    return made


def test_payments_and_directives_components_match_the_hand_worked_values(db, state, duties, client, login):
    rows, _configured, _effective = scorecard.compute(OCTOBER, TODAY)
    by_code = {row.department.code: row for row in rows}
    a, b, c = by_code['AAA'], by_code['BBB'], by_code['CCC']
    assert a.scores['payments_on_time'].value == Decimal('60.0') and a.scores['directives'].value is None
    assert b.scores['payments_on_time'].value is None and b.scores['directives'].value == Decimal('50.0')
    assert c.scores['directives'].value == Decimal('0.0')
    assert a.total == Decimal('83.5')   # (30×80 + 20×100 + 20×60 + 15×100) / 85 = 83.53
    assert b.total == Decimal('43.1')   # (30×50 + 20×0 + 15×80 + 15×50) / 80 = 43.13
    assert c.total == Decimal('18.8')   # (0 + 0 + 15×100 + 15×0) / 80 = 18.75
    login(state['reviewer'])
    payments = html_of(client.get(f'/reports/scorecard/payments_on_time/{state["a"].id}?month=2026-10'))
    assert payments.count('Paid on time') == 3 and payments.count('Paid late') == 1
    assert payments.count('Not paid') == 1 and 'id="component-score">60' in payments
    directions = html_of(client.get(f'/reports/scorecard/directives/{state["b"].id}?month=2026-10'))
    assert 'Direction 1' in directions and 'Direction 2' in directions and 'Not complied' in directions
    assert f'/directions/{duties[0].id}' in directions
    late = html_of(client.get(f'/reports/scorecard/directives/{state["c"].id}?month=2026-10'))
    from gemcell.directives.queries import today
    days_late = (today() - date(2026, 10, 31)).days   # the drill-down counts up to the day it is opened
    assert 'Direction 3' in late and f'{days_late} days late' in late
