"""The helpdesk's pages: raising a ticket (with files and numbers checked, in Hindi and English), the knowledge
base offering answers while the problem is typed, the clock on the ticket, bulk actions, the calendar's settings."""
import io
from datetime import date

import sqlalchemy as sa

from gemcell.extensions import db as _db
from gemcell.helpdesk import operations
from gemcell.helpdesk.models import CalendarDay, Ticket, TicketState
from tests.helpdesk.conftest import HTMX, at, html_of, png_bytes


def test_officer_raises_a_ticket_with_a_file(db, client, login, create_user, category):
    officer = login(create_user(role='nodal'))
    html = html_of(client.get('/helpdesk/new'))
    assert 'नई समस्या' in html
    assert 'hx-trigger="input changed delay:500ms"' in html
    assert 'seller_gem_id' not in html  # an officer raises only the department's own
    response = client.post('/helpdesk/new', data={
        'category_id': str(category.id), 'priority': 'high', 'subject': 'बिड प्रकाशित नहीं हो रही',
        'description': 'त्रुटि आ रही है', 'references': 'GEM/2026/B/6974734',
        'files': [(io.BytesIO(png_bytes()), 'स्क्रीनशॉट.png')]}, content_type='multipart/form-data')
    assert response.status_code == 303
    ticket = _db.session.scalar(sa.select(Ticket))
    assert ticket.department_id == officer.department_id and ticket.sla_hours == 8
    assert [a.filename for a in ticket.messages[0].attachments] == ['स्क्रीनशॉट.png']
    page = html_of(client.get(response.headers['Location']))
    assert ticket.number in page and 'sla-clock' in page and 'GEM/2026/B/6974734' in page


def test_a_bad_file_or_number_keeps_the_form_and_saves_nothing(db, client, login, create_user, category):
    login(create_user(role='nodal'))
    response = client.post('/helpdesk/new', data={
        'category_id': str(category.id), 'priority': 'normal', 'subject': 'x', 'description': 'y',
        'files': [(io.BytesIO(b'<html>not a pdf</html>'), 'letter.pdf')]}, content_type='multipart/form-data')
    assert response.status_code == 422
    assert 'letter.pdf' in html_of(response) and 'PDF, PNG' in html_of(response)
    response = client.post('/helpdesk/new', data={'category_id': str(category.id), 'priority': 'normal',
                                                  'subject': 'x', 'description': 'y', 'references': 'GEMC-12'})
    assert response.status_code == 422 and 'GEMC-12' in html_of(response)
    assert _db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def test_english_messages_for_a_missing_subject(db, client, login, create_user, category):
    user = create_user(role='nodal')
    user.locale = 'en'
    _db.session.commit()
    login(user)
    response = client.post('/helpdesk/new', data={'category_id': str(category.id), 'description': 'y'})
    assert response.status_code == 422 and 'This field is required.' in html_of(response)


def test_knowledge_base_suggests_answers_while_typing(db, client, login, create_user, category):
    reviewer = create_user(role='reviewer')
    operations.save_article(None, {'title': 'बिड प्रकाशित करने में त्रुटि', 'category_id': category.id,
                                   'problem': 'बिड प्रकाशित करते समय "डीडीओ मैप नहीं" की त्रुटि',
                                   'fix': 'सेकेण्डरी यूज़र की प्रोफाइल में डीडीओ मैप करें।', 'is_published': True},
                           reviewer)
    operations.save_article(None, {'title': 'Hidden draft', 'problem': 'बिड प्रकाशित', 'fix': 'x',
                                   'is_published': False}, reviewer)
    _db.session.commit()
    login(create_user(role='nodal'))
    response = client.get('/helpdesk/suggest', query_string={'subject': 'बिड प्रकाशित नहीं',
                                                             'description': 'त्रुटियाँ आ रही हैं'}, headers=HTMX)
    html = html_of(response)
    assert response.status_code == 200 and '<html' not in html and 'id="kb-suggestions"' in html
    assert 'बिड प्रकाशित करने में त्रुटि' in html and '<mark>' in html and 'Hidden draft' not in html
    assert 'Vary' in response.headers
    # one word is not enough to suggest
    assert 'class="kb-suggestion"' not in html_of(client.get('/helpdesk/suggest?subject=बिड', headers=HTMX))


def test_cell_assigns_and_closes_in_bulk(db, client, login, create_user, create_ticket, category):
    reviewer = login(create_user(role='reviewer'))
    first, second = create_ticket(category=category), create_ticket(category=category)
    _db.session.commit()
    response = client.post('/helpdesk/bulk', data={'ticket_ids': [first.id, second.id], 'action': 'assign',
                                                   'assignee_id': str(reviewer.id)})
    assert response.status_code == 303
    _db.session.expire_all()
    assert {t.assignee_id for t in _db.session.scalars(sa.select(Ticket))} == {reviewer.id}
    client.post('/helpdesk/bulk', data={'ticket_ids': [first.id, second.id], 'action': 'close', 'note': 'dup'})
    _db.session.expire_all()
    assert {t.state for t in _db.session.scalars(sa.select(Ticket))} == {TicketState.closed}


def test_officer_does_not_see_the_cells_buttons(db, client, login, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    ticket = create_ticket(user=officer, category=category)
    _db.session.commit()
    login(officer)
    html = html_of(client.get(f'/helpdesk/{ticket.id}'))
    assert 'id="resolve"' not in html and 'id="merge"' not in html and 'name="kind"' not in html
    assert client.post(f'/helpdesk/{ticket.id}/transition', data={'action': 'resolve',
                                                                 'resolution': 'self-solved'}).status_code == 422
    _db.session.expire_all()
    assert _db.session.get(Ticket, ticket.id).state is TicketState.new


def test_admin_maintains_the_calendar(db, client, login, create_user):
    login(create_user(role='admin'))
    response = client.post('/helpdesk/settings/calendar', data={'day': '2026-12-26', 'kind': 'working',
                                                                'name_hi': 'कार्य दिवस', 'name_en': 'Working day'})
    assert response.status_code == 303
    day = _db.session.scalar(sa.select(CalendarDay).filter_by(day=date(2026, 12, 26)))
    assert day.day == date(2026, 12, 26) and not day.is_holiday
    operations.seed_calendar()
    assert _db.session.scalar(sa.select(sa.func.count(CalendarDay.id))) == len(operations.DEFAULT_HOLIDAYS) + 1
    _db.session.commit()
    assert 'गणतन्त्र दिवस' in html_of(client.get('/helpdesk/settings/calendar?year=2026'))


def test_pages_render(db, client, login, create_user, create_ticket, category):
    reviewer = login(create_user(role='reviewer'))
    ticket = create_ticket(category=category, now=at(date(2026, 11, 2), 11))
    operations.transition(ticket, 'resolve', reviewer, {'resolution': 'Fixed'})
    operations.save_visit(None, ticket, {'officer_id': reviewer.id, 'visit_date': date(2026, 11, 5),
                                         'place': 'Lucknow', 'purpose': 'Training', 'state': 'planned'}, reviewer)
    _db.session.commit()
    for url in ('/helpdesk/', '/helpdesk/kb/?q=bid', '/helpdesk/reports', '/helpdesk/reports?format=xlsx',
                '/helpdesk/visits/?month=2026-11', f'/helpdesk/{ticket.id}/article', '/helpdesk/?format=csv'):
        assert client.get(url).status_code == 200, url
    assert 'Lucknow' in html_of(client.get('/helpdesk/visits/?month=2026-11'))
    assert 'id="sla-percent"' in html_of(client.get('/helpdesk/reports'))


def test_bulk_actions_never_redirect_to_the_referers_site(db, client, login, create_user):
    login(create_user(role='reviewer'))
    response = client.post('/helpdesk/bulk?state=open', data={'action': 'assign'},
                           headers={'Referer': 'https://evil.example/phish'})
    assert response.status_code == 303 and response.headers['Location'] == '/helpdesk/?state=open'
