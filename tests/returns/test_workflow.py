"""The return's workflow: draft → submitted → accepted | returned → corrected → submitted; who may do each step."""
from datetime import date

import pytest
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.returns.models import Return, ReturnState, ReturnVersion, VersionOutcome
from tests.returns.conftest import HTMX, good_figures, html_of


def fresh(db, ret) -> Return:
    db.session.expire_all()
    return db.session.get(Return, ret.id)


def test_officer_saves_a_draft_then_submits(db, client, login, desk):
    login(desk['officer'])
    ret = desk['draft']
    response = client.post(f'/returns/{ret.id}/edit', data=good_figures(action='save', received='', pending='7'))
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/returns/{ret.id}/edit')
    saved = fresh(db, ret)
    assert saved.state is ReturnState.draft and saved.data['received'] is None and saved.data['pending'] == 7
    assert saved.versions == []

    response = client.post(f'/returns/{ret.id}/edit', data=good_figures(action='submit'))
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/returns/{ret.id}')
    submitted = fresh(db, ret)
    assert submitted.state is ReturnState.submitted
    assert submitted.data['gem_value'] == '1850000' and submitted.data['outside'][0]['value'] == '123456.50'
    assert submitted.data['pending_reasons'] == [
        {'reason': 'docs', 'other': '', 'count': 20},
        {'reason': 'other', 'other': 'आवेदक ने उत्तर नहीं दिया', 'count': 5}]
    assert submitted.submitted_by_id == desk['officer'].id and submitted.first_submitted_dt is not None
    [version] = submitted.versions
    assert version.number == 1 and version.data == submitted.data and version.outcome is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.model == 'returns', AuditEntry.object_id == str(ret.id))) >= 2


def test_submitted_return_cannot_be_edited(db, client, login, desk):
    login(desk['officer'])
    client.post(f'/returns/{desk["draft"].id}/edit', data=good_figures(action='submit'))
    # a stale link (a colleague submitted it, another tab): the return's page, saying why, not a refusal
    response = client.get(f'/returns/{desk["draft"].id}/edit')
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/returns/{desk["draft"].id}')
    assert 'can no longer be changed: its status is “Submitted”' in html_of(client.get(response.headers['Location']))
    before = fresh(db, desk['draft']).data
    response = client.post(f'/returns/{desk["draft"].id}/edit', data=good_figures(action='save', received='999'))
    assert response.status_code == 303 and fresh(db, desk['draft']).data == before
    html = html_of(client.get(f'/returns/{desk["draft"].id}'))
    assert 'id="edit-return"' not in html and 'id="review"' not in html


def test_other_departments_officer_gets_404_everywhere(db, client, login, desk):
    login(desk['stranger'])
    ret = desk['draft']
    assert client.get(f'/returns/{ret.id}').status_code == 404
    assert client.get(f'/returns/{ret.id}/edit').status_code == 404
    assert client.post(f'/returns/{ret.id}/edit', data=good_figures(action='submit')).status_code == 404
    assert desk['own'].name_en not in html_of(client.get('/returns/'))
    assert desk['own'].code not in html_of(client.get('/returns/?format=csv'))
    assert fresh(db, ret).state is ReturnState.draft


def submit(client, login, desk, **overrides):
    login(desk['officer'])
    response = client.post(f'/returns/{desk["draft"].id}/edit', data=good_figures(action='submit', **overrides))
    assert response.status_code == 303, html_of(response)
    client.post('/auth/logout')


def test_reviewer_returns_with_remark_officer_corrects_and_reviewer_accepts(db, client, login, desk):
    ret = desk['draft']
    submit(client, login, desk)
    login(desk['reviewer'])
    html = html_of(client.get(f'/returns/{ret.id}'))
    assert 'id="review"' in html and 'id="edit-return"' not in html

    # a remark is required to send it back
    response = client.post(f'/returns/{ret.id}/review', data={'decision': 'return', 'remark': ' '})
    assert response.status_code == 422
    assert 'a remark is required to return it' in html_of(response)
    assert fresh(db, ret).state is ReturnState.submitted

    response = client.post(f'/returns/{ret.id}/review', data={'decision': 'return',
                                                              'remark': 'Reasons do not match the register.'})
    assert response.status_code == 303
    returned = fresh(db, ret)
    assert returned.state is ReturnState.returned and returned.remark == 'Reasons do not match the register.'
    assert returned.versions[0].outcome is VersionOutcome.returned
    assert returned.reviewed_by_id == desk['reviewer'].id
    client.post('/auth/logout')

    # the officer sees the remark, corrects and resubmits
    login(desk['officer'])
    html = html_of(client.get(f'/returns/{ret.id}/edit'))
    assert 'Reasons do not match the register.' in html
    response = client.post(f'/returns/{ret.id}/edit', data=good_figures(
        action='submit', **{'pending_reasons-0-count': '18', 'pending_reasons-2-reason': 'bank',
                            'pending_reasons-2-count': '2', 'gem_value': '19,00,000'}))
    assert response.status_code == 303
    again = fresh(db, ret)
    assert again.state is ReturnState.submitted and [v.number for v in again.versions] == [1, 2]
    assert again.first_submitted_dt == again.versions[0].submitted_dt
    client.post('/auth/logout')

    # the reviewer sees what changed, field by field and reason by reason
    login(desk['reviewer'])
    html = html_of(client.get(f'/returns/{ret.id}'))
    assert 'id="version-diff"' in html
    diff = html.split('id="version-diff"')[1].split('</section>')[0]
    assert 'Pending: Documents incomplete' in diff and '<del>20</del>' in diff and '<ins>18</ins>' in diff
    assert 'Pending: Bank account' in diff and '<ins>2</ins>' in diff
    assert 'Value of those orders' in diff and '₹18,50,000.00' in diff and '₹19,00,000.00' in diff
    assert 'Applications received' not in diff  # unchanged figures are not listed

    response = client.post(f'/returns/{ret.id}/review', data={'decision': 'accept'})
    assert response.status_code == 303
    accepted = fresh(db, ret)
    assert accepted.state is ReturnState.accepted
    assert [v.outcome for v in accepted.versions] == [VersionOutcome.returned, VersionOutcome.accepted]
    response = client.post(f'/returns/{ret.id}/review', data={'decision': 'return', 'remark': 'again'})
    assert response.status_code == 422 and 'Only a submitted return' in html_of(response)
    assert fresh(db, ret).state is ReturnState.accepted


@pytest.mark.parametrize('role', ['government', 'admin', 'nodal'])
def test_only_the_cell_may_review(db, client, login, login_as, desk, role):
    submit(client, login, desk)
    if role == 'nodal':
        login(desk['officer'])
    else:
        login_as(role)
    ret = desk['draft']
    assert client.post(f'/returns/{ret.id}/review', data={'decision': 'accept'}).status_code == 403
    if role != 'nodal':
        html = html_of(client.get(f'/returns/{ret.id}'))
        assert 'id="review"' not in html and 'id="edit-return"' not in html
    assert fresh(db, ret).state is ReturnState.submitted


@pytest.mark.parametrize('role', ['reviewer', 'government', 'admin'])
def test_cell_government_and_admin_cannot_edit(db, client, login_as, desk, role):
    login_as(role)
    ret = desk['draft']
    assert client.get(f'/returns/{ret.id}/edit').status_code == 403
    assert client.post(f'/returns/{ret.id}/edit', data=good_figures(action='submit')).status_code == 403


def test_transitions_refuse_the_wrong_state(db, desk):
    ret, reviewer, officer = desk['draft'], desk['reviewer'], desk['officer']
    now = utcnow()
    with pytest.raises(InvalidTransition):
        ret.accept(reviewer, now)
    with pytest.raises(InvalidTransition):
        ret.send_back(reviewer, now, 'x')
    ret.submit(officer, now)
    with pytest.raises(InvalidTransition):
        ret.submit(officer, now)
    with pytest.raises(InvalidTransition):
        ret.send_back(reviewer, now, '  ')
    ret.send_back(reviewer, now, 'fix')
    with pytest.raises(InvalidTransition):
        ret.accept(reviewer, now)
    ret.submit(officer, now)
    ret.accept(reviewer, now)
    assert ret.state is ReturnState.accepted
    assert not ret.can_edit(officer) and not ret.can_review(reviewer)


def test_first_open_creates_the_current_draft_and_past_periods_can_be_filed(db, client, login, desk):
    from gemcell.returns.queries import current_filing_period, today
    login(desk['officer'])
    html = html_of(client.get('/returns/'))
    period = current_filing_period()
    current = db.session.scalar(sa.select(Return).filter_by(department_id=desk['own'].id,
                                                            period_start=period.start))
    assert current is not None and current.state is ReturnState.draft
    assert f'/returns/{current.id}/edit' in html and 'id="returns-due"' in html
    client.get('/returns/')
    assert db.session.scalar(sa.select(sa.func.count(Return.id)).filter_by(department_id=desk['own'].id)) == 2

    earlier = period.previous().previous().previous()
    if earlier.start == date(2026, 10, 1):  # the desk's own draft: a period with no return yet
        earlier = earlier.previous()
    response = client.post('/returns/new', data={'period': earlier.key})
    assert response.status_code == 303
    created = db.session.scalar(sa.select(Return).filter_by(department_id=desk['own'].id,
                                                            period_start=earlier.start))
    assert response.headers['Location'].endswith(f'/returns/{created.id}/edit')
    assert created.due_date == earlier.due_date(3)

    # not a future fortnight, nor a day no fortnight starts on
    future = period.next()
    assert today() < future.end
    for value in (future.key, '2026-10-05', 'nonsense'):
        response = client.post('/returns/new', data={'period': value}, follow_redirects=True)
        assert db.session.scalar(sa.select(sa.func.count(Return.id)).filter_by(department_id=desk['own'].id)) == 3
    assert 'not over yet' in html_of(client.post('/returns/new', data={'period': future.key},
                                                 follow_redirects=True))


def test_reviewer_list_filters_and_exports(db, client, login, desk, create_return):
    create_return(department=desk['other'], period_start=date(2026, 10, 16), state='submitted',
                  data={'received': 5, 'gem_value': '1000'})
    db.session.commit()
    login(desk['reviewer'])
    html = html_of(client.get('/returns/?state=submitted')).split('id="returns-table"')[1]
    assert desk['other'].name_en in html and desk['own'].name_en not in html
    response = client.get('/returns/?state=submitted', headers=HTMX)
    body = html_of(response)
    assert '<html' not in body and 'id="returns-table"' in body and 'HX-Request' in response.headers['Vary']
    csv = html_of(client.get('/returns/?format=csv'))
    assert desk['other'].name_en in csv and desk['own'].name_en in csv and '1000' in csv
    assert client.get('/returns/?format=xlsx').headers['Content-Type'].startswith('application/vnd.openxml')


def test_version_rows_keep_what_was_submitted(db, client, login, desk):
    submit(client, login, desk)
    version = db.session.scalar(sa.select(ReturnVersion))
    assert version.data['received'] == 120 and version.submitted_by_id == desk['officer'].id
