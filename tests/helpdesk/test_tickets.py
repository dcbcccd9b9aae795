"""Tickets: raised by an officer or logged by the cell, numbers validated and linked, the workflow and who may do
each step, merging duplicates, escalation on a breached SLA, attachments checked by content."""
from datetime import date

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from gemcell.attachments.operations import AttachmentError
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.extensions import db as _db
from gemcell.helpdesk import operations, queries
from gemcell.helpdesk.models import (HelpdeskNotice, MessageKind, RequesterKind, Ticket, TicketMessage, TicketState,
                                     WaitingOn)
from gemcell.helpdesk.tasks import run_escalation
from tests.helpdesk.conftest import at, html_of, png_bytes, upload

MON, TUE = date(2026, 11, 16), date(2026, 11, 17)


def test_officer_raises_a_ticket_for_own_department_with_numbers_linked(db, create_user, create_bid, create_order,
                                                                         category):
    officer = create_user(role='nodal')
    bid = create_bid(number='GEM/2026/B/6974734', buyer_department=officer.department)
    order = create_order(number='GEMC-511687712345678', buyer_department=officer.department)
    ticket = operations.create_ticket({
        'category_id': category.id, 'priority': 'high', 'subject': 'Bid not published',
        'description': 'Error on publishing', 'department_id': '999',  # ignored: an officer's own department
        'references': 'gem/2026/b/6974734, GEMC-511687712345678\nGEM/2026/R/7000001'},
        officer, now=at(MON, 11))
    assert ticket.number == 'HD/2026/00001'
    assert ticket.department_id == officer.department_id and ticket.requester_kind is RequesterKind.department
    assert ticket.sla_hours == 8 and ticket.state is TicketState.new
    refs = {(r.kind.value, r.number, r.bid_id, r.order_id) for r in ticket.references}
    assert refs == {('bid', 'GEM/2026/B/6974734', bid.id, None), ('order', 'GEMC-511687712345678', None, order.id),
                    ('ra', 'GEM/2026/R/7000001', None, None)}
    assert [m.body for m in ticket.messages] == ['Error on publishing']


@pytest.mark.parametrize('lang, expected', [
    ('en', '"GEM/26/B/12" is not a GeM bid number (expected GEM/YYYY/B/NNNNNNN or GEM/YYYY/R/NNNNNNN)'),
    ('hi', 'GEM/26/B/12')])
def test_a_bad_bid_number_is_refused_with_a_message(db, create_user, category, lang, expected):
    officer = create_user(role='nodal')
    with force_locale(lang), pytest.raises(FormError) as error:
        operations.create_ticket({'category_id': category.id, 'subject': 's', 'description': 'd',
                                  'references': 'GEM/26/B/12'}, officer)
    assert error.value.field == 'references' and expected in str(error.value.message)
    if lang == 'hi':
        assert 'बिड' in str(error.value.message) or 'निविदा' in str(error.value.message)


def test_cell_logs_a_seller_ticket_linked_to_the_mirrored_seller(db, create_user, create_seller, category):
    reviewer = create_user(role='reviewer')
    seller = create_seller(gem_seller_id='SELLER0000123')
    ticket = operations.create_ticket({'requester_kind': 'seller', 'seller_gem_id': 'seller0000123',
                                       'seller_name': 'M/S Awadh Traders', 'seller_contact': '0522-2345678',
                                       'channel': 'phone', 'category_id': category.id, 'subject': 'Invoice',
                                       'description': 'Invoice not generated'}, reviewer)
    assert ticket.seller_id == seller.id and ticket.department_id is None and ticket.channel == 'phone'
    with pytest.raises(FormError) as error:
        operations.create_ticket({'requester_kind': 'seller', 'seller_gem_id': '', 'seller_name': 'x',
                                  'category_id': category.id, 'subject': 's', 'description': 'd'}, reviewer)
    assert error.value.field == 'seller_gem_id'


def test_workflow_with_waiting_resolution_reopen_and_close(db, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    reviewer = create_user(role='reviewer')
    ticket = create_ticket(user=officer, category=category, now=at(MON, 10))
    operations.transition(ticket, 'assign', reviewer, {'assignee_id': reviewer.id}, now=at(MON, 11))
    operations.transition(ticket, 'start', reviewer, {}, now=at(MON, 12))
    operations.transition(ticket, 'wait', reviewer, {'waiting_on': 'gem', 'note': 'Asked GeM'}, now=at(MON, 13))
    assert ticket.state is TicketState.waiting and ticket.waiting_on is WaitingOn.gem
    operations.transition(ticket, 'start', reviewer, {}, now=at(TUE, 13))
    with pytest.raises(InvalidTransition):
        operations.transition(ticket, 'resolve', reviewer, {'resolution': '  '}, now=at(TUE, 14))
    with pytest.raises(InvalidTransition):  # the officer may not resolve
        operations.transition(ticket, 'resolve', officer, {'resolution': 'x'}, now=at(TUE, 14))
    operations.transition(ticket, 'resolve', reviewer, {'resolution': 'Role re-mapped'}, now=at(TUE, 14))
    # used: Mon 10-13 (3 h) + Tue 13-14 (1 h); the wait (Mon 13 – Tue 13) does not count
    assert queries.ticket_clock(ticket, at(TUE, 17)).used_seconds == 4 * 3600
    operations.transition(ticket, 'reopen', officer, {'reason': 'Still failing'}, now=at(TUE, 15),
                          today=TUE)
    assert ticket.state is TicketState.in_progress and ticket.reopen_count == 1
    operations.transition(ticket, 'resolve', reviewer, {'resolution': 'Cache cleared'}, now=at(TUE, 16))
    operations.transition(ticket, 'close', officer, {}, now=at(TUE, 17))
    assert ticket.state is TicketState.closed
    assert [e.to_state.value for e in ticket.events] == ['new', 'assigned', 'in_progress', 'waiting', 'in_progress',
                                                          'resolved', 'in_progress', 'resolved', 'closed']
    # too late to reopen: 7 days after the resolution
    with pytest.raises(InvalidTransition):
        operations.transition(ticket, 'reopen', officer, {'reason': 'again'}, now=at(date(2026, 11, 25), 11),
                              today=date(2026, 11, 25))


def test_merge_keeps_every_message_and_attachment(db, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    reviewer = create_user(role='reviewer')
    kept = create_ticket(user=officer, category=category, subject='Cannot publish bid')
    duplicate = create_ticket(user=officer, category=category, subject='Bid publishing fails',
                              references='GEM/2026/B/1234567')
    operations.add_message(kept, MessageKind.reply, 'Screenshot attached', officer, [upload(png_bytes(), 'a.png')])
    operations.add_message(duplicate, MessageKind.reply, 'Another one', officer, [upload(png_bytes(), 'b.png')])
    operations.add_message(duplicate, MessageKind.note, 'Seen before', reviewer, [upload(png_bytes(), 'c.png')])
    before = {m.id for m in kept.messages} | {m.id for m in duplicate.messages}
    operations.merge_tickets(duplicate, kept, reviewer)
    _db.session.commit()
    _db.session.expire_all()
    kept, duplicate = _db.session.get(Ticket, kept.id), _db.session.get(Ticket, duplicate.id)
    assert before <= {m.id for m in kept.messages}
    assert sorted(a.filename for m in kept.messages for a in m.attachments) == ['a.png', 'b.png', 'c.png']
    assert {m.merged_from for m in kept.messages if m.id in before} == {None, duplicate.number}
    assert duplicate.state is TicketState.closed and duplicate.merged_into_id == kept.id
    assert duplicate.messages == []
    assert 'GEM/2026/B/1234567' in [r.number for r in kept.references]
    with pytest.raises(FormError):
        operations.merge_tickets(kept, kept, reviewer)


def test_attachments_are_checked_by_content_and_size(db, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    ticket = create_ticket(user=officer, category=category)
    with force_locale('en'), pytest.raises(AttachmentError) as error:
        operations.add_message(ticket, MessageKind.reply, 'x', officer, [upload(b'MZ\x90\x00 not a pdf', 'a.pdf')])
    assert 'is not a PDF, PNG or JPEG file' in str(error.value)
    from flask import current_app
    limit = current_app.config['ATTACHMENT_MAX_MB']
    current_app.config['ATTACHMENT_MAX_MB'] = 0.001
    try:
        with force_locale('hi'), pytest.raises(AttachmentError) as error:
            operations.add_message(ticket, MessageKind.reply, 'x', officer, [upload(png_bytes() * 100, 'big.png')])
    finally:
        current_app.config['ATTACHMENT_MAX_MB'] = limit
    assert 'big.png' in str(error.value) and 'MB' in str(error.value) and 'से बड़ी' in str(error.value)


def test_breached_ticket_is_escalated_once_to_the_in_charge(db, create_user, create_ticket, category):
    head = create_user(role='cell_head', name='प्रभारी')
    reviewer = create_user(role='reviewer')
    urgent = create_ticket(category=category, priority='urgent', now=at(MON, 10))  # 4 working hours
    waiting = create_ticket(category=category, priority='urgent', now=at(MON, 10))
    operations.transition(urgent, 'assign', reviewer, {'assignee_id': reviewer.id}, now=at(MON, 10, 30))
    operations.transition(waiting, 'wait', reviewer, {'waiting_on': 'department'}, now=at(MON, 11))
    assert run_escalation(at(MON, 13, 59)) == 0
    assert run_escalation(at(MON, 14, 1)) == 1
    assert urgent.escalated_dt == at(MON, 14, 1) and waiting.escalated_dt is None
    notices = _db.session.scalars(sa.select(HelpdeskNotice)).all()
    assert {n.user_id for n in notices} == {head.id, reviewer.id}
    assert all(urgent.number in n.message_hi and urgent.number in n.message_en for n in notices)
    assert 'escalated to the In-charge' in notices[0].message_en
    assert run_escalation(at(TUE, 16)) == 0  # once only; the waiting ticket's clock stood still (1 h used)


def test_month_problem_categories_for_the_monthly_note(db, create_department, create_ticket,
                                                       create_ticket_category):
    health, pwd = create_department(), create_department()
    payment, bid = create_ticket_category(code='pay_x', position=1), create_ticket_category(code='bid_x', position=2)
    for category, department, day in [(payment, health, date(2026, 10, 3)), (payment, health, date(2026, 10, 20)),
                                      (bid, health, date(2026, 10, 21)), (bid, pwd, date(2026, 10, 31)),
                                      (bid, pwd, date(2026, 11, 1))]:
        create_ticket(department=department, category=category, now=at(day, 11))
    result = queries.month_problem_categories(2026, 10)
    assert [(c.code, n) for c, n in result[health.id]] == [('pay_x', 2), ('bid_x', 1)]
    assert [(c.code, n) for c, n in result[pwd.id]] == [('bid_x', 1)]


def test_report_sla_compliance_and_median(db, create_user, create_ticket, category):
    reviewer = create_user(role='reviewer')
    quick = create_ticket(category=category, priority='urgent', now=at(MON, 10))
    slow = create_ticket(category=category, priority='urgent', now=at(MON, 10))
    create_ticket(category=category, now=at(MON, 10))  # open: not in the resolved figures
    operations.transition(quick, 'resolve', reviewer, {'resolution': 'done'}, now=at(MON, 12))
    operations.transition(slow, 'resolve', reviewer, {'resolution': 'done'}, now=at(TUE, 12))
    report = queries.report(queries.visible_tickets(reviewer))
    assert (report.total, report.resolved, report.within_sla, report.sla_percent) == (3, 2, 1, 50.0)
    assert report.median_working_hours == 6.0  # 2 h and 10 h


def test_a_department_sees_only_its_own_tickets(db, client, login, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    mine = create_ticket(user=officer, category=category, subject='Our problem')
    theirs = create_ticket(category=category, subject='Their problem')
    seller = operations.create_ticket({'requester_kind': 'seller', 'seller_gem_id': 'S1', 'seller_name': 'Firm',
                                       'category_id': category.id, 'subject': 'Seller problem',
                                       'description': 'd'}, create_user(role='reviewer'))
    _db.session.commit()
    login(officer)
    html = html_of(client.get('/helpdesk/'))
    assert 'Our problem' in html and 'Their problem' not in html and 'Seller problem' not in html
    csv = html_of(client.get('/helpdesk/?format=csv'))
    assert mine.number in csv and theirs.number not in csv
    assert client.get(f'/helpdesk/{theirs.id}').status_code == 404
    assert client.get(f'/helpdesk/{seller.id}').status_code == 404
    assert client.post(f'/helpdesk/{theirs.id}/reply', data={'body': 'x'}).status_code == 404


def test_requester_does_not_see_internal_notes(db, client, login, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    reviewer = create_user(role='reviewer')
    ticket = create_ticket(user=officer, category=category)
    operations.add_message(ticket, MessageKind.note, 'Internal: vendor is difficult', reviewer,
                           [upload(png_bytes(), 'secret.png')])
    operations.add_message(ticket, MessageKind.reply, 'Please clear the cache', reviewer)
    _db.session.commit()
    note = _db.session.scalar(sa.select(TicketMessage).filter_by(kind=MessageKind.note))
    login(officer)
    html = html_of(client.get(f'/helpdesk/{ticket.id}'))
    assert 'Please clear the cache' in html and 'vendor is difficult' not in html and 'secret.png' not in html
    assert client.get(f'/helpdesk/{ticket.id}/files/{note.attachments[0].id}').status_code == 404
    # an officer cannot write an internal note, even by forging the form
    client.post(f'/helpdesk/{ticket.id}/reply', data={'body': 'forged', 'kind': 'note'})
    _db.session.expire_all()
    assert _db.session.scalar(sa.select(TicketMessage).filter_by(body='forged')).kind is MessageKind.reply


def test_escalation_is_emailed_through_the_configured_smtp_server(db, create_user, create_ticket, category):
    from flask import current_app

    from tests.returns.smtp_sink import SMTPSink
    head = create_user(role='cell_head', email='prabhari@up.gov.in')
    ticket = create_ticket(category=category, priority='urgent', now=at(MON, 10))
    with SMTPSink() as sink:
        current_app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=sink.port)
        try:
            assert run_escalation(at(TUE, 10)) == 1
        finally:
            current_app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    notice = _db.session.scalar(sa.select(HelpdeskNotice))
    assert notice.user_id == head.id and notice.emailed_to == 'prabhari@up.gov.in'
    [mail] = sink.messages
    assert mail['envelope']['to'] == ['prabhari@up.gov.in']
    body = mail['message'].get_content()
    assert ticket.number in body and 'उच्च स्तर पर प्रेषित' in body and 'escalated' in body


def test_ticket_list_answers_htmx_with_the_table_fragment(db, client, login, create_user, create_ticket, category):
    from tests.helpdesk.conftest import HTMX
    login(create_user(role='reviewer'))
    create_ticket(category=category, subject='Portal slow')
    create_ticket(category=category, subject='Bid stuck', priority='urgent')
    _db.session.commit()
    response = client.get('/helpdesk/?priority=urgent', headers=HTMX)
    html = html_of(response)
    assert '<html' not in html and html.lstrip().startswith('<div id="tickets-table"')
    assert 'Bid stuck' in html and 'Portal slow' not in html and 'HX-Request' in response.headers['Vary']


def test_each_side_is_told_of_the_others_reply_and_the_resolution(db, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    colleague = create_user(role='nodal', department=officer.department)
    reviewer = create_user(role='reviewer')
    ticket = create_ticket(user=officer, category=category)
    assert _db.session.scalar(sa.select(sa.func.count(HelpdeskNotice.id))) == 0  # raising it tells nobody yet
    operations.transition(ticket, 'assign', reviewer, {'assignee_id': reviewer.id})
    operations.add_message(ticket, MessageKind.note, 'internal', reviewer)  # a note tells nobody
    operations.add_message(ticket, MessageKind.reply, 'Which browser?', reviewer)
    operations.add_message(ticket, MessageKind.reply, 'Chrome', officer)
    operations.transition(ticket, 'resolve', reviewer, {'resolution': 'Updated'})
    told = [(n.user_id, n.message_en) for n in _db.session.scalars(sa.select(HelpdeskNotice)
                                                                     .order_by(HelpdeskNotice.id))]
    assert [user for user, _message in told] == [officer.id, colleague.id, reviewer.id, officer.id, colleague.id]
    assert 'is resolved' in told[-1][1] and ticket.number in told[-1][1]


def test_opening_the_ticket_marks_its_notices_read(db, client, login, create_user, create_ticket, category):
    officer = create_user(role='nodal')
    reviewer = create_user(role='reviewer')
    ticket, other = create_ticket(user=officer, category=category), create_ticket(user=officer, category=category)
    operations.add_message(ticket, MessageKind.reply, 'Which browser?', reviewer)
    operations.add_message(other, MessageKind.reply, 'Which office?', reviewer)
    _db.session.commit()
    login(officer)
    assert 'Which browser' not in html_of(client.get('/helpdesk/'))  # the notice names the ticket, not the text
    assert ticket.number in html_of(client.get('/helpdesk/'))
    client.get(f'/helpdesk/{ticket.id}')
    _db.session.expire_all()
    unread = _db.session.scalars(sa.select(HelpdeskNotice.ticket_id).where(HelpdeskNotice.read_dt.is_(None))).all()
    assert unread == [other.id]
