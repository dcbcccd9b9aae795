"""The return's form: what it accepts, the mistakes it catches (in English and Hindi), the warning the officer must
confirm, and the htmx rows."""
import re
from html import unescape
from datetime import date, datetime, timezone

import pytest

from gemcell.returns.models import Return, ReturnState
from tests.returns.conftest import HTMX, good_figures, html_of


def errors(response) -> list[str]:
    return [unescape(e) for e in re.findall(r'<small class="error"[^>]*>([^<]*)</small>', html_of(response))]


def post(client, desk, **overrides):
    return client.post(f'/returns/{desk["draft"].id}/edit', data=good_figures(action='submit', **overrides))


def unchanged(db, desk):
    db.session.expire_all()
    ret = db.session.get(Return, desk['draft'].id)
    return ret.state is ReturnState.draft and ret.data == {} and ret.versions == []


@pytest.mark.parametrize('overrides, message', [
    ({'registered': '100'}, 'Registered (100) and pending (25) together cannot be more than the applications '
                            'received (120).'),
    ({'pending_reasons-0-count': '19'}, 'The pending applications broken down by reason add up to 24, but 25 are '
                                        'shown as pending.'),
    ({'received': '-4'}, 'Enter a whole number, 0 or more (for example 12).'),
    ({'received': '12.5'}, 'Enter a whole number, 0 or more (for example 12).'),
    ({'gem_value': '12,34,5'}, 'Enter an amount in rupees, for example 1,23,456.50 or ₹ 5,00,000.'),
    ({'outside-0-gemarpts_id': ''}, 'Give the GeMAR&PTS id of each purchase made outside GeM.'),
    ({'pending_reasons-1-other': ''}, 'Write the other reason.'),
    ({'gem_orders': ''}, 'Enter the number (0 if there were none).'),
])
def test_submission_mistakes_are_caught_in_english(db, client, login, desk, overrides, message):
    login(desk['officer'])
    response = post(client, desk, **overrides)
    assert response.status_code == 422
    assert any(e.startswith(message) for e in errors(response)), errors(response)
    assert unchanged(db, desk)  # nothing half-saved


@pytest.mark.parametrize('overrides, message', [
    ({'registered': '100'},
     'पंजीकृत (100) एवं लम्बित (25) का योग प्राप्त प्रार्थना पत्रों (120) से अधिक नहीं हो सकता।'),
    ({'pending_reasons-0-count': '19'}, 'कारणवार लम्बित प्रार्थना पत्रों का योग 24 है, जबकि लम्बित 25 दर्शाए गए हैं।'),
    ({'received': '-4'}, 'पूर्ण संख्या (0 या अधिक) भरें, जैसे 12।'),
    ({'gem_value': 'abc'}, 'धनराशि रुपयों में भरें, जैसे 1,23,456.50 अथवा ₹ 5,00,000।'),
    ({'outside-0-gemarpts_id': ''}, 'जेम के बाहर किए गए प्रत्येक क्रय की GeMAR&PTS आईडी अंकित करें।'),
])
def test_submission_mistakes_are_caught_in_hindi(db, client, login, desk, overrides, message):
    desk['officer'].locale = 'hi'
    db.session.commit()
    login(desk['officer'])
    response = post(client, desk, **overrides)
    assert response.status_code == 422
    assert any(e.startswith(message) for e in errors(response)), errors(response)


def test_indian_grouping_and_devanagari_digits_are_read(db, client, login, desk):
    login(desk['officer'])
    response = post(client, desk, received='१२०', gem_value='18,50,000.00', **{'outside-0-value': '₹ 5,00,000'})
    assert response.status_code == 303, errors(response)
    db.session.expire_all()
    ret = db.session.get(Return, desk['draft'].id)
    assert ret.data['received'] == 120 and ret.data['gem_value'] == '1850000'
    assert ret.data['outside'][0]['value'] == '500000'


def test_draft_saves_incomplete_figures_but_not_wrong_numbers(db, client, login, desk):
    login(desk['officer'])
    response = client.post(f'/returns/{desk["draft"].id}/edit', data={'action': 'save', 'received': '10',
                                                                      'registered': '40'})
    assert response.status_code == 303
    response = client.post(f'/returns/{desk["draft"].id}/edit', data={'action': 'save', 'received': 'ten'})
    assert response.status_code == 422 and 'Enter a whole number' in html_of(response)
    db.session.expire_all()
    assert db.session.get(Return, desk['draft'].id).data['received'] == 10


def test_blank_rows_are_ignored(db, client, login, desk):
    login(desk['officer'])
    response = post(client, desk, **{'pending_reasons-5-reason': '', 'pending_reasons-5-count': '',
                                     'outside-3-description': '', 'outside-3-value': ''})
    assert response.status_code == 303, errors(response)
    db.session.expire_all()
    ret = db.session.get(Return, desk['draft'].id)
    assert len(ret.data['pending_reasons']) == 2 and len(ret.data['outside']) == 1


@pytest.fixture
def previous(db, desk, create_return):
    """The department's accepted return for the fortnight before (received 120, GeM value ₹18,50,000)."""
    ret = create_return(department=desk['own'], period_start=date(2026, 9, 16), state='accepted',
                        first_submitted_dt=datetime(2026, 10, 2, tzinfo=timezone.utc),
                        data={'received': 120, 'gem_value': '1850000'})
    db.session.commit()
    return ret


def test_figures_far_from_the_previous_return_must_be_confirmed(db, client, login, desk, previous):
    login(desk['officer'])
    response = post(client, desk, received='1200', registered='1100', pending='25')
    assert response.status_code == 422
    html = html_of(response)
    assert 'id="return-warnings"' in html and '1,200 now, 120 in the return for 16–30 September 2026' in html
    assert any(e.startswith('Some figures differ greatly') for e in errors(response))
    assert unchanged(db, desk)

    response = post(client, desk, received='1200', registered='1100', pending='25', confirm_warnings='y')
    assert response.status_code == 303
    db.session.expire_all()
    ret = db.session.get(Return, desk['draft'].id)
    assert ret.state is ReturnState.submitted and ret.versions[0].has_confirmed_warnings


def test_gem_value_falling_by_more_than_the_factor_warns_and_the_factor_is_configurable(db, client, login, desk,
                                                                                        previous, app):
    login(desk['officer'])
    response = post(client, desk, gem_value='5,00,000')  # 18.5 lakh -> 5 lakh: 3.7 times less
    assert response.status_code == 422 and 'Value of those orders' in html_of(response)
    app.config['RETURN_WARNING_FACTOR'] = 4
    try:
        assert post(client, desk, gem_value='5,00,000').status_code == 303
    finally:
        app.config['RETURN_WARNING_FACTOR'] = 3


def test_similar_figures_need_no_confirmation(db, client, login, desk, previous):
    login(desk['officer'])
    response = post(client, desk, received='150', registered='120')
    assert response.status_code == 303
    assert 'id="return-warnings"' not in html_of(client.get(f'/returns/{desk["draft"].id}'))


def test_row_fragment_for_htmx(db, client, login, desk):
    login(desk['officer'])
    response = client.get('/returns/rows/reasons?index=4', headers=HTMX)
    html = html_of(response)
    assert response.status_code == 200 and '<html' not in html and 'HX-Request' in response.headers['Vary']
    assert 'id="pending_reasons-4"' in html and 'name="pending_reasons-4-count"' in html
    assert 'Documents incomplete' in html and 'Other (write the reason)' in html
    assert 'id="reasons-next"' in html and 'value="5"' in html and 'hx-swap-oob="true"' in html
    html = html_of(client.get('/returns/rows/outside?index=0', headers=HTMX))
    assert 'name="outside-0-gemarpts_id"' in html and 'id="outside-next"' in html
    assert client.get('/returns/rows/nothing?index=0', headers=HTMX).status_code == 404


def test_form_shows_the_lists_and_one_blank_reason_row(db, client, login, desk):
    login(desk['officer'])
    html = html_of(client.get(f'/returns/{desk["draft"].id}/edit'))
    assert 'name="pending_reasons-0-reason"' in html and 'Bank account' in html and 'Portal problem' in html
    assert 'hx-get="/returns/rows/reasons"' in html and 'id="reasons-rows"' in html
