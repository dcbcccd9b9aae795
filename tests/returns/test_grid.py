"""The cell's period × department grid (with a fixed "today"), reminders (in-app notices, e-mail through a real local
SMTP server), the inbox and the managed lists."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from gemcell.returns import queries
from gemcell.returns.models import ListKind, Notice, ReturnListItem
from gemcell.returns.periods import Period, filing_period, fortnight_of, last_periods
from tests.returns.conftest import HTMX, html_of
from tests.returns.smtp_sink import SMTPSink

TODAY = date(2026, 11, 26)  # the 1–15 Nov return was due on 18 Nov


def utc(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=timezone.utc)


def test_periods():
    assert fortnight_of(date(2026, 2, 20)) == Period(date(2026, 2, 16), date(2026, 2, 28))
    assert filing_period(date(2026, 11, 15)) == Period(date(2026, 11, 1), date(2026, 11, 15))
    assert filing_period(date(2026, 11, 14)) == Period(date(2026, 10, 16), date(2026, 10, 31))
    assert [p.start for p in last_periods(TODAY, 3)] == [date(2026, 10, 1), date(2026, 10, 16), date(2026, 11, 1)]


@pytest.fixture
def grid_world(db, create_department, create_return, create_user):
    names = ['a-ontime', 'b-late', 'c-missing', 'd-returned', 'e-accepted']
    deps = {n: create_department(name_hi=n, name_en=n) for n in names}
    nov = date(2026, 11, 1)
    create_return(department=deps['a-ontime'], period_start=nov, state='submitted',
                  first_submitted_dt=utc(2026, 11, 18))
    create_return(department=deps['b-late'], period_start=nov, state='submitted',
                  first_submitted_dt=utc(2026, 11, 20))
    create_return(department=deps['c-missing'], period_start=nov, state='draft')
    create_return(department=deps['d-returned'], period_start=nov, state='returned',
                  first_submitted_dt=utc(2026, 11, 17), remark='fix')
    create_return(department=deps['e-accepted'], period_start=nov, state='accepted',
                  first_submitted_dt=utc(2026, 11, 21))
    officers = {n: create_user(role='nodal', department=d, email=f'{n}@up.gov.in') for n, d in deps.items()}
    db.session.commit()
    return deps, officers


def test_grid_states_with_a_fixed_today(db, grid_world):
    deps, _officers = grid_world
    periods, rows = queries.grid(TODAY, 2)
    assert [p.start for p in periods] == [date(2026, 10, 16), date(2026, 11, 1)]
    status = {row.department.name_en: [c.status for c in row.cells] for row in rows}
    assert status == {'a-ontime': ['missing', 'on_time'], 'b-late': ['missing', 'late'],
                      'c-missing': ['missing', 'missing'], 'd-returned': ['missing', 'returned'],
                      'e-accepted': ['missing', 'accepted']}
    # before the due date a return not filed is not yet missing
    _periods, rows = queries.grid(date(2026, 11, 17), 1)
    assert {row.cells[0].status for row in rows if row.department.name_en == 'c-missing'} == {'not_due'}
    _periods, rows = queries.grid(TODAY, 2, q='late')
    assert [row.department.name_en for row in rows] == ['b-late']
    _periods, rows = queries.grid(TODAY, 1, status='missing')
    assert [row.department.name_en for row in rows] == ['c-missing']


def test_grid_page_fragment_and_exports(db, client, login_as, grid_world):
    login_as('reviewer', locale='en')
    html = html_of(client.get('/returns/grid?n=3'))
    assert 'Filed on time' in html and 'Filed late' in html and 'Not filed' in html and 'id="remind-all"' in html
    assert 'no mail server is configured' in html.lower()
    response = client.get('/returns/grid?q=late', headers=HTMX)
    body = html_of(response)
    assert '<html' not in body and body.lstrip().startswith('<div id="returns-grid"')
    assert 'HX-Request' in response.headers['Vary'] and 'b-late' in body and 'c-missing' not in body
    csv = html_of(client.get('/returns/grid?format=csv&n=3'))
    assert 'c-missing' in csv and 'Not filed' in csv
    assert client.get('/returns/grid?format=xlsx').status_code == 200


def test_government_sees_the_grid_without_reminder_buttons(db, client, login_as, grid_world):
    login_as('government')
    html = html_of(client.get('/returns/grid'))
    assert 'id="grid-department-' in html and 'id="remind-all"' not in html


def test_reminders_go_to_the_nodal_officers_of_departments_that_have_not_filed(db, client, login_as, grid_world):
    deps, officers = grid_world
    login_as('reviewer', locale='en')
    # n=1: only the 1–15 Nov fortnight (this test runs on the real date, after 18 Nov 2026)
    if queries.today() <= date(2026, 11, 18) or filing_period(queries.today()).start != date(2026, 11, 1):
        pytest.skip('the fixture dates assume 1–15 Nov 2026 is the last fortnight over')
    response = client.post('/returns/grid/remind', data={'n': '1'})
    assert response.status_code == 303
    notices = list(db.session.scalars(sa.select(Notice)))
    assert [n.user_id for n in notices] == [officers['c-missing'].id]
    assert '1–15' in notices[0].message_en and 'पाक्षिक आख्या' in notices[0].message_hi
    assert notices[0].emailed_to is None  # no mail server configured

    # the officer sees the notice and can mark it read
    client.post('/auth/logout')
    from tests.factories import PASSWORD
    client.post('/auth/login', data={'login': officers['c-missing'].login, 'password': PASSWORD})
    assert 'Reminders from the GeM Cell' in html_of(client.get('/returns/')) or 'अनुस्मारक' in html_of(
        client.get('/returns/'))
    assert client.post('/returns/notices/read').status_code == 303
    db.session.expire_all()
    assert db.session.scalar(sa.select(Notice.read_dt)) is not None


def test_reminder_is_emailed_through_the_configured_smtp_server(db, client, login_as, app, grid_world):
    deps, officers = grid_world
    login_as('reviewer', locale='en')
    with SMTPSink() as sink:
        app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=sink.port, MAIL_FROM='gemcell@up.gov.in')
        try:
            response = client.post('/returns/grid/remind', data={'n': '24', 'department': deps['c-missing'].id},
                                   headers=HTMX)
        finally:
            app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert response.status_code == 200 and 'flash' in response.headers['HX-Trigger']
    assert html_of(response).lstrip().startswith('<div id="returns-grid"')
    notices = list(db.session.scalars(sa.select(Notice)))
    assert {n.user_id for n in notices} == {officers['c-missing'].id}
    assert notices[0].emailed_to == 'c-missing@up.gov.in'
    [mail] = sink.messages
    assert mail['envelope']['to'] == ['c-missing@up.gov.in']
    assert mail['message']['From'] == 'gemcell@up.gov.in'
    body = mail['message'].get_content()
    assert 'पाक्षिक आख्या' in body and 'fortnightly return' in body


def test_inbox_of_officer_and_reviewer(db, client, login, login_as, create_department, create_user, create_return):
    department = create_department()
    officer = create_user(role='nodal', department=department, locale='en')
    period = filing_period(queries.today())
    create_return(department=department, period_start=period.previous().start, state='returned', remark='x',
                  first_submitted_dt=utc(2026, 1, 1))
    create_return(department=create_department(), period_start=period.start, state='submitted')
    db.session.commit()
    login(officer)
    html = html_of(client.get('/'))
    assert 'Fortnightly return' in html and 'Returns sent back for correction' in html
    client.post('/auth/logout')
    login_as('reviewer', locale='en')
    html = html_of(client.get('/'))
    assert 'Returns awaiting review' in html and '/returns/?state=submitted' in html


def test_admin_manages_the_lists(db, client, login_as):
    login_as('admin', locale='en')
    response = client.post('/returns/lists/', data={'kind': 'pending_reason', 'code': 'dsc_missing',
                                                    'name_hi': 'डीएससी उपलब्ध नहीं', 'name_en': 'No DSC',
                                                    'position': '5', 'is_active': 'y'})
    assert response.status_code == 303
    item = db.session.scalar(sa.select(ReturnListItem).filter_by(code='dsc_missing'))
    assert item.kind is ListKind.pending_reason and item.is_active
    response = client.post('/returns/lists/', data={'kind': 'pending_reason', 'code': 'dsc_missing',
                                                    'name_hi': 'x', 'name_en': 'y', 'position': '1'})
    assert response.status_code == 422 and 'already has an entry' in html_of(response)
    response = client.post(f'/returns/lists/{item.id}/edit', data={'kind': 'pending_reason', 'code': 'dsc_missing',
                                                                  'name_hi': 'डीएससी', 'name_en': 'No DSC',
                                                                  'position': '5'})
    assert response.status_code == 303
    db.session.expire_all()
    item = db.session.get(ReturnListItem, item.id)
    assert item.is_active is False and item.name_hi == 'डीएससी'
    from gemcell.core.audit import AuditEntry
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.model == 'return_list_items')) == 2


def test_seeding_the_lists_is_idempotent(db):
    from gemcell.returns.operations import DEFAULT_LIST_ITEMS, seed_lists
    db.session.execute(sa.delete(ReturnListItem))
    assert seed_lists() == len(DEFAULT_LIST_ITEMS)
    assert seed_lists() == 0
    db.session.commit()
