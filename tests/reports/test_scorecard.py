"""The department scorecard: the published formula on the hand-worked small State (``conftest.py``), the weights of
components not available yet shared out, the drill-down and the exports."""
from decimal import Decimal

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
    # weights 30/20/15 of the available components (payments 20 and directives 15 not available yet): Σ = 65
    assert a.total == Decimal('90.8')   # (30×80 + 20×100 + 15×100) / 65 = 90.77
    assert b.total == Decimal('41.5')   # (30×50 + 20×0 + 15×80) / 65 = 41.54
    assert c.total == Decimal('23.1')   # (0 + 0 + 15×100) / 65 = 23.08
    assert [row.rank for row in rows] == [1, 2, 3]
    assert effective == {'gem_share': Decimal('46.2'), 'returns_on_time': Decimal('30.8'),
                         'findings': Decimal('23.1')}
    assert configured['payments_on_time'] == Decimal('20')
    assert not scorecard.REGISTRY['payments_on_time'].is_available
    assert not scorecard.REGISTRY['directives'].is_available


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
    from datetime import date
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
    assert html.count('Not available yet') == 2 and 'Payments on time' in html and 'Directives complied' in html
    assert '46.2 %' in html and '90.8' in html
    link = f'/reports/scorecard/findings/{state["b"].id}?month=2026-10'
    assert link.replace('?', '?').split('?')[0] in html
    records = html_of(client.get(link))
    assert records.count('CARD-R018') == 2 and 'id="component-score">80' in records
    returns = html_of(client.get(f'/reports/scorecard/returns_on_time/{state["b"].id}?month=2026-10'))
    assert returns.count('Not filed') == 2 and 'Filed late' in returns
    assert client.get(f'/reports/scorecard/payments_on_time/{state["b"].id}').status_code == 404
    assert client.get('/reports/scorecard/nonsense/1').status_code == 404


def test_scorecard_exports(db, client, login, state):
    login(state['government'])
    csv = client.get('/reports/scorecard?month=2026-10&format=csv').get_data(as_text=True).lstrip('\ufeff')
    lines = csv.splitlines()
    assert lines[0] == 'Rank,Department,Code,Score,GeM share,Returns on time,Findings confirmed'
    assert lines[1] == '1,A Department,AAA,90.8,80.0,100.0,100.0'
    assert client.get('/reports/scorecard?month=2026-10&format=xlsx').status_code == 200
