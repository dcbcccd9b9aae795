"""The monthly procurement return (duty 2): filed, reviewed, returned and resubmitted like the fortnightly one; the
mistakes its form catches (English and Hindi); its reconciliation with the imported GeM data."""
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from html import unescape

import pytest

from gemcell.returns.models import Return, ReturnKind, ReturnState
from gemcell.returns.reconcile import judge
from tests.returns.conftest import html_of

OCTOBER = date(2026, 10, 1)


def figures(**overrides) -> dict:
    """A complete, consistent monthly return as the form posts it: total ₹15,00,000; through GeM ₹9,00,000 goods +
    ₹4,76,543.50 services; one purchase outside GeM of ₹1,23,456.50."""
    data = {'total_value': '₹ 15,00,000', 'gem_goods': '9,00,000', 'gem_services': '4,76,543.50',
            'outside-0-description': 'Emergency medicines', 'outside-0-value': '1,23,456.50',
            'outside-0-reason': 'Not available on GeM', 'outside-0-gemarpts_id': 'GEMARPTS-7788',
            'problem_categories': ['portal'], 'problems': 'Slow portal', 'remarks': ''}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def errors(response) -> list[str]:
    return [unescape(e) for e in re.findall(r'<small class="error"[^>]*>([^<]*)</small>', html_of(response))]


@pytest.fixture
def monthly(db, desk, create_monthly_return):
    draft = create_monthly_return(department=desk['own'], month=OCTOBER, state='draft')
    db.session.commit()
    return draft


def fresh(db, ret) -> Return:
    db.session.expire_all()
    return db.session.get(Return, ret.id)


def test_officer_opens_files_and_reviewer_returns_then_accepts(db, client, login, desk):
    login(desk['officer'])
    # opening the monthly returns opens the draft of the last month that is over
    html = html_of(client.get('/returns/?kind=monthly'))
    assert 'Monthly procurement returns' in html
    ret = db.session.scalar(Return.__table__.select().where(Return.kind == ReturnKind.monthly)
                            .with_only_columns(Return.id))
    ret = db.session.get(Return, ret)
    assert ret.state is ReturnState.draft and ret.period_start.day == 1 and ret.department_id == desk['own'].id
    assert (ret.due_date - ret.period_end).days == 7

    form = html_of(client.get(f'/returns/{ret.id}/edit'))
    assert 'name="total_value"' in form and 'name="outside-0-reason"' in form
    response = client.post(f'/returns/{ret.id}/edit', data=figures(action='submit'))
    assert response.status_code == 303, errors(response)
    submitted = fresh(db, ret)
    assert submitted.state is ReturnState.submitted
    assert submitted.data['total_value'] == '1500000' and submitted.data['gem_services'] == '476543.50'
    assert submitted.data['outside'] == [{'description': 'Emergency medicines', 'value': '123456.50',
                                          'reason': 'Not available on GeM', 'gemarpts_id': 'GEMARPTS-7788'}]

    # the officer cannot review; the reviewer returns it with a remark
    assert client.post(f'/returns/{ret.id}/review', data={'decision': 'accept'}).status_code == 403
    login(desk['reviewer'])
    assert client.get(f'/returns/{ret.id}/edit').status_code == 403
    response = client.post(f'/returns/{ret.id}/review', data={'decision': 'return', 'remark': ''})
    assert response.status_code == 422 and fresh(db, ret).state is ReturnState.submitted
    client.post(f'/returns/{ret.id}/review', data={'decision': 'return', 'remark': 'Split the services figure'})
    assert fresh(db, ret).state is ReturnState.returned

    login(desk['officer'])
    response = client.post(f'/returns/{ret.id}/edit', data=figures(
        action='submit', gem_services='3,76,543.50', **{'outside-0-value': '2,23,456.50'}))
    assert response.status_code == 303, errors(response)
    corrected = fresh(db, ret)
    assert [v.number for v in corrected.versions] == [1, 2] and corrected.state is ReturnState.submitted

    login(desk['reviewer'])
    html = html_of(client.get(f'/returns/{ret.id}'))
    assert 'What changed from version 1 to version 2' in html
    assert 'Through GeM: services (₹)' in html and '₹4,76,543.50' in html and '₹3,76,543.50' in html
    client.post(f'/returns/{ret.id}/review', data={'decision': 'accept'})
    assert fresh(db, ret).state is ReturnState.accepted


@pytest.mark.parametrize('overrides, message', [
    ({'gem_goods': '16,00,000'}, 'Goods and services bought through GeM (₹20,76,543.50) cannot be more than the total '
                                 'procurement (₹15,00,000.00).'),
    ({'outside-0-value': '1,00,000'}, '₹1,23,456.50 of the total was not bought through GeM, but the purchases outside '
                                      'GeM listed add up to ₹1,00,000.00. List every purchase made outside GeM.'),
    ({'outside-0-reason': ''}, 'Say why this was not bought through GeM.'),
    ({'outside-0-gemarpts_id': ''}, 'Give the GeMAR&PTS id of each purchase made outside GeM.'),
    ({'gem_services': ''}, 'Enter the value (0 if there were none).'),
    ({'total_value': '15,00,00,0'}, 'Enter an amount in rupees, for example 1,23,456.50 or ₹ 5,00,000.'),
])
def test_monthly_mistakes_are_caught_in_english(db, client, login, desk, monthly, overrides, message):
    login(desk['officer'])
    response = client.post(f'/returns/{monthly.id}/edit', data=figures(action='submit', **overrides))
    assert response.status_code == 422
    assert message in errors(response), errors(response)
    assert fresh(db, monthly).state is ReturnState.draft and fresh(db, monthly).versions == []


@pytest.mark.parametrize('overrides, message', [
    ({'gem_goods': '16,00,000'}, 'जेम के माध्यम से क्रय की गई वस्तुएँ एवं सेवाएँ (₹20,76,543.50) कुल क्रय '
                                 '(₹15,00,000.00) से अधिक नहीं हो सकतीं।'),
    ({'outside-0-reason': ''}, 'बताएँ कि यह क्रय जेम के माध्यम से क्यों नहीं किया गया।'),
])
def test_monthly_mistakes_are_caught_in_hindi(db, client, login, desk, monthly, overrides, message):
    desk['officer'].locale = 'hi'
    db.session.commit()
    login(desk['officer'])
    response = client.post(f'/returns/{monthly.id}/edit', data=figures(action='submit', **overrides))
    assert response.status_code == 422
    assert message in errors(response), errors(response)


def test_a_draft_keeps_incomplete_figures(db, client, login, desk, monthly):
    login(desk['officer'])
    response = client.post(f'/returns/{monthly.id}/edit', data=figures(action='save', gem_services=''))
    assert response.status_code == 303
    saved = fresh(db, monthly)
    assert saved.state is ReturnState.draft and saved.data['gem_services'] is None
    assert saved.data['total_value'] == '1500000'


def test_monthly_row_fragment(db, client, login, desk):
    login(desk['officer'])
    response = client.get('/returns/rows/monthly-outside?index=3', headers={'HX-Request': 'true'})
    html = html_of(response)
    assert response.status_code == 200 and '<html' not in html
    assert 'name="outside-3-reason"' in html and 'id="outside-next"' in html and 'value="4"' in html


# --- reconciliation ----------------------------------------------------------------------------------------------

def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture
def orders(db, desk, create_order):
    """The department's October orders in the GeM data, ₹10,00,000 in all (India time decides the month)."""
    own = desk['own']
    create_order(buyer_department=own, total_value=Decimal('600000'), order_dt=at(2026, 10, 10, 6))
    # 30 Sep 19:00 UTC is 1 Oct 00:30 in India: October
    create_order(buyer_department=own, total_value=Decimal('400000'), order_dt=at(2026, 9, 30, 19))
    # 31 Oct 20:00 UTC is 1 Nov 01:30 in India: not October
    create_order(buyer_department=own, total_value=Decimal('900000'), order_dt=at(2026, 10, 31, 20))
    # another department's order: not counted
    create_order(buyer_department=desk['other'], total_value=Decimal('5000000'), order_dt=at(2026, 10, 12))
    db.session.commit()


def submitted(create_monthly_return, desk, goods, services, total='2000000'):
    outside = str(Decimal(total) - Decimal(goods) - Decimal(services))
    return create_monthly_return(department=desk['own'], month=OCTOBER, data={
        'total_value': total, 'gem_goods': goods, 'gem_services': services,
        'outside': [{'description': 'x', 'value': outside, 'reason': 'y', 'gemarpts_id': 'G-1'}]})


def test_planted_mismatch_is_flagged_for_officer_and_reviewer(db, client, login, desk, orders,
                                                              create_monthly_return):
    ret = submitted(create_monthly_return, desk, '1200000', '300000')  # ₹15,00,000 reported vs ₹10,00,000
    db.session.commit()
    for user in (desk['officer'], desk['reviewer']):
        login(user)
        html = html_of(client.get(f'/returns/{ret.id}'))
        assert 'Differs from the GeM data' in html and 'id="reconciliation"' in html
        assert '₹10,00,000.00' in html and '(50.0 %)' in html
    login(desk['reviewer'])
    listing = html_of(client.get('/returns/?kind=monthly'))
    assert 'class="flagged"' in listing and 'Differs from the GeM data' in listing
    # sorting the list in place (htmx) keeps the monthly columns
    sorted_rows = html_of(client.get('/returns/?kind=monthly&sort=department', headers={'HX-Request': 'true'}))
    assert '<html' not in sorted_rows and 'class="flagged"' in sorted_rows and 'As per GeM data' in sorted_rows
    csv = client.get('/returns/?kind=monthly&format=csv').get_data(as_text=True)
    assert 'Differs from the GeM data' in csv and '50.0' in csv


def test_value_within_tolerance_is_not_flagged(db, client, login, desk, orders, create_monthly_return):
    ret = submitted(create_monthly_return, desk, '800000', '290000')  # ₹10,90,000: 9 per cent above the data
    db.session.commit()
    login(desk['reviewer'])
    html = html_of(client.get(f'/returns/{ret.id}'))
    assert 'Agrees with the GeM data' in html and 'Differs from the GeM data' not in html


def test_tolerance_is_configurable(db, desk, orders, create_monthly_return):
    from flask import current_app

    from gemcell.returns.reconcile import reconcile
    ret = submitted(create_monthly_return, desk, '800000', '290000')
    assert reconcile(ret).status == 'match'
    current_app.config['RECONCILIATION_TOLERANCE'] = 5
    try:
        check = reconcile(ret)
        assert check.status == 'mismatch' and check.gap == Decimal('90000.00') and check.gap_percent == Decimal('9.0')
    finally:
        current_app.config['RECONCILIATION_TOLERANCE'] = 10


def test_month_without_gem_data_is_not_a_mismatch(app, db, desk, create_monthly_return):
    from gemcell.returns.reconcile import reconcile
    ret = submitted(create_monthly_return, desk, '800000', '290000')
    assert reconcile(ret).status == 'no_data'


@pytest.mark.parametrize('reported, data, status', [
    ('0', '0', 'match'), ('100', '0', 'mismatch'), ('110', '100', 'match'), ('110.01', '100', 'mismatch'),
    ('89.99', '100', 'mismatch'), ('90', '100', 'match'),
])
def test_judging_the_gap(app, reported, data, status):
    with app.app_context():
        assert judge(Decimal(reported), Decimal(data), True).status == status


def test_monthly_grid_shows_months(db, client, login, desk, create_monthly_return):
    from gemcell.reports.queries import latest_month
    month = latest_month()  # the grid ends at the latest month over, whenever the test runs
    before = (month - timedelta(days=1)).replace(day=1)
    create_monthly_return(department=desk['own'], month=month, data={})
    db.session.commit()
    login(desk['reviewer'])
    html = html_of(client.get('/returns/grid?kind=monthly&n=3'))
    assert 'Monthly procurement returns, department by department' in html
    assert f'{month:%b %y}' in html and f'{before:%b %y}' in html
    assert f'id="grid-department-{desk["own"].id}"' in html
    csv = client.get('/returns/grid?kind=monthly&n=3&format=csv').get_data(as_text=True)
    assert f'{month:%B %Y}' in csv


def test_officer_is_told_of_the_monthly_return_to_file(db, client, login, desk):
    login(desk['officer'])
    html = html_of(client.get('/'))
    assert 'Monthly procurement return to file' in html and '/returns/?kind=monthly' in html


def test_reminders_for_monthly_returns_name_the_monthly_return(db, client, login, desk):
    from gemcell.returns.models import Notice
    login(desk['reviewer'])
    response = client.post('/returns/grid/remind', data={'kind': 'monthly', 'n': '3',
                                                         'department': str(desk['own'].id)})
    assert response.status_code == 303 and 'kind=monthly' in response.headers['Location']
    notice = db.session.scalar(Notice.__table__.select().where(Notice.user_id == desk['officer'].id)
                               .with_only_columns(Notice.id))
    notice = db.session.get(Notice, notice)
    assert 'monthly procurement return' in notice.message_en and 'मासिक क्रय विवरणी' in notice.message_hi
