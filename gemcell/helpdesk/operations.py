"""Writes of the helpdesk. Flush, never commit: the view (or task) commits once, so an action is saved whole or not
at all; the audit trail records every change through the ORM. Time is passed in (``now``) where it matters."""
import re
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from gemcell.attachments.operations import store_uploads
from gemcell.auth.models import User
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import to_local
from gemcell.core.permissions import Role
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Order, Seller
from gemcell.gemdata.parsing import ParseError, parse_gem_bid_number, parse_gem_contract_number
from gemcell.helpdesk import queries
from gemcell.helpdesk.models import (CalendarDay, FieldVisit, HelpdeskNotice, KnowledgeArticle, MessageKind,
                                     Priority, ReferenceKind, RequesterKind, Ticket, TicketAttachment,
                                     TicketCategory, TicketEvent, TicketMessage, TicketReference, TicketState,
                                     VisitState, WaitingOn)
from gemcell.search.operations import index_entry

#: the search kind of the knowledge base's articles
KB_KIND = 'helpdesk_kb'

#: the categories as shipped: code, Hindi, English, SLA hours (urgent, high, normal, low)
DEFAULT_CATEGORIES = [
    ('registration', 'पंजीकरण (क्रेता / विक्रेता)', 'Registration (buyer / seller)', (8, 16, 24, 40)),
    ('bid_creation', 'निविदा (बिड) सृजन', 'Bid creation', (4, 8, 16, 40)),
    ('bid_evaluation', 'निविदा मूल्यांकन', 'Bid evaluation', (4, 8, 16, 40)),
    ('order', 'आदेश / संविदा', 'Order / contract', (4, 8, 16, 40)),
    ('crac_invoice', 'सी0आर0ए0सी0 / इनवॉइस', 'CRAC / invoice', (4, 8, 16, 40)),
    ('payment', 'भुगतान', 'Payment', (4, 8, 16, 40)),
    ('account_role', 'खाता / भूमिका (रोल)', 'Account / role', (4, 8, 16, 24)),
    ('other', 'अन्य', 'Other', (8, 16, 24, 40)),
]

#: Uttar Pradesh's public holidays of 2026 that fall on working days, as default data: the calendar is the
#: administrator's to correct when the year's holiday order (सार्वजनिक अवकाश की सूची) is issued — festival dates
#: of the lunar calendar follow that order, not this list
DEFAULT_HOLIDAYS = [
    (date(2026, 1, 26), 'गणतन्त्र दिवस', 'Republic Day'),
    (date(2026, 3, 3), 'होलिका दहन', 'Holika Dahan'),
    (date(2026, 3, 4), 'होली', 'Holi'),
    (date(2026, 3, 20), 'ईद-उल-फितर', 'Id-ul-Fitr'),
    (date(2026, 3, 26), 'राम नवमी', 'Ram Navami'),
    (date(2026, 3, 31), 'महावीर जयन्ती', 'Mahavir Jayanti'),
    (date(2026, 4, 3), 'गुड फ्राइडे', 'Good Friday'),
    (date(2026, 4, 14), 'डॉ0 भीमराव अम्बेडकर जयन्ती', 'Dr. B. R. Ambedkar Jayanti'),
    (date(2026, 5, 1), 'बुद्ध पूर्णिमा', 'Buddha Purnima'),
    (date(2026, 5, 27), 'ईद-उल-जुहा (बकरीद)', 'Id-ul-Zuha (Bakrid)'),
    (date(2026, 6, 26), 'मुहर्रम', 'Muharram'),
    (date(2026, 8, 26), 'ईद-ए-मिलाद / बारावफात', 'Id-e-Milad / Barawafat'),
    (date(2026, 8, 28), 'रक्षा बन्धन', 'Raksha Bandhan'),
    (date(2026, 9, 4), 'जन्माष्टमी', 'Janmashtami'),
    (date(2026, 10, 2), 'महात्मा गांधी जयन्ती', 'Mahatma Gandhi Jayanti'),
    (date(2026, 10, 20), 'दशहरा (विजयादशमी)', 'Dussehra (Vijayadashami)'),
    (date(2026, 11, 9), 'गोवर्धन पूजा', 'Govardhan Puja'),
    (date(2026, 11, 11), 'भैया दूज / चित्रगुप्त जयन्ती', 'Bhai Dooj / Chitragupta Jayanti'),
    (date(2026, 11, 24), 'गुरु नानक जयन्ती', 'Guru Nanak Jayanti'),
    (date(2026, 12, 25), 'क्रिसमस दिवस', 'Christmas Day'),
]


def seed_categories() -> int:
    """Add the shipped categories that are missing (idempotent; edited or deactivated ones are kept)."""
    existing = set(db.session.scalars(sa.select(TicketCategory.code)))
    added = 0
    for position, (code, name_hi, name_en, hours) in enumerate(DEFAULT_CATEGORIES):
        if code not in existing:
            urgent, high, normal, low = hours
            db.session.add(TicketCategory(code=code, name_hi=name_hi, name_en=name_en, position=(position + 1) * 10,
                                          sla_urgent_hours=urgent, sla_high_hours=high, sla_normal_hours=normal,
                                          sla_low_hours=low))
            added += 1
    db.session.flush()
    return added


def seed_calendar() -> int:
    existing = set(db.session.scalars(sa.select(CalendarDay.day)))
    added = 0
    for day, name_hi, name_en in DEFAULT_HOLIDAYS:
        if day not in existing:
            db.session.add(CalendarDay(day=day, is_holiday=True, name_hi=name_hi, name_en=name_en))
            added += 1
    db.session.flush()
    return added


def save_category(category: TicketCategory | None, data: dict) -> TicketCategory:
    clash = db.session.scalar(sa.select(TicketCategory.id).filter_by(code=data['code']))
    if clash is not None and (category is None or clash != category.id):
        raise FormError('code', _l('A category with this code exists already.'))
    if category is None:
        category = TicketCategory(code=data['code'])
        db.session.add(category)
    elif category.code != data['code']:
        raise FormError('code', _l('The code of a category cannot be changed: tickets refer to it.'))
    for name in ('name_hi', 'name_en'):
        setattr(category, name, data[name].strip())
    for name in ('position', 'sla_urgent_hours', 'sla_high_hours', 'sla_normal_hours', 'sla_low_hours'):
        setattr(category, name, data[name])
    category.is_active = bool(data['is_active'])
    db.session.flush()
    return category


def save_calendar_day(data: dict) -> CalendarDay:
    day = db.session.scalar(sa.select(CalendarDay).filter_by(day=data['day']))
    if day is None:
        day = CalendarDay(day=data['day'])
        db.session.add(day)
    day.is_holiday = data['kind'] == 'holiday'
    day.name_hi = data['name_hi'].strip()
    day.name_en = data['name_en'].strip()
    db.session.flush()
    return day


def delete_calendar_day(day: CalendarDay):
    db.session.delete(day)
    db.session.flush()


# --- tickets ---------------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r'[\s,;]+')


def parse_references(text: str) -> list[tuple[ReferenceKind, str]]:
    """GeM numbers typed one per line (or separated by commas): bids ``GEM/YYYY/B/NNNNNNN``, reverse auctions
    ``GEM/YYYY/R/…`` and orders ``GEMC-`` + 15 digits. Raises ``FormError`` naming the first bad one."""
    found = []
    for token in _SEPARATORS.split((text or '').strip()):
        if not token:
            continue
        try:
            if token.upper().startswith('GEMC'):
                number = parse_gem_contract_number(token)
                kind = ReferenceKind.order
            else:
                number = parse_gem_bid_number(token)
                kind = ReferenceKind.ra if '/R/' in number else ReferenceKind.bid
        except ParseError as exc:
            raise FormError('references', str(exc)) from None
        if (kind, number) not in found:
            found.append((kind, number))
    if len(found) > 20:
        raise FormError('references', _l('At most 20 bid or order numbers can be given.'))
    return found


def set_references(ticket: Ticket, references: list[tuple[ReferenceKind, str]]):
    have = {ref.number: ref for ref in ticket.references}
    for kind, number in references:
        if number in have:
            continue
        ref = TicketReference(kind=kind, number=number)
        if kind is ReferenceKind.order:
            ref.order_id = db.session.scalar(sa.select(Order.id).filter_by(number=number))
        else:
            ref.bid_id = db.session.scalar(sa.select(Bid.id).filter_by(number=number))
        ticket.references.append(ref)


def next_number(year: int) -> str:
    prefix = f'HD/{year}/'
    last = db.session.scalar(sa.select(sa.func.max(Ticket.number)).where(Ticket.number.like(prefix + '%')))
    seq = int(last.rsplit('/', 1)[1]) + 1 if last else 1
    return f'{prefix}{seq:05d}'


def _sla_hours(category: TicketCategory, priority: Priority) -> int:
    return category.sla_hours(priority)


def create_ticket(data: dict, user, files=(), now: datetime | None = None) -> Ticket:
    """A new ticket: raised by a nodal officer for their department, or logged by the cell for a department or a
    seller firm. ``data``: requester_kind, department_id, seller_gem_id, seller_name, seller_contact, channel,
    category_id, priority, subject, description, references (text), needs_portal_change. The description is the
    first message, carrying the files."""
    now = now or utcnow()
    is_officer = user.role is Role.nodal
    kind = RequesterKind.department if is_officer else RequesterKind(data.get('requester_kind') or 'department')
    category = db.session.get(TicketCategory, int(data['category_id'] or 0))
    if category is None or not category.is_active:
        raise FormError('category_id', _l('Choose a category from the list.'))
    priority = Priority(data.get('priority') or 'normal')
    references = parse_references(data.get('references') or '')
    ticket = Ticket(number=next_number(to_local(now).year), requester_kind=kind, category=category,
                    priority=priority, subject=data['subject'].strip(), description=data['description'].strip(),
                    state=TicketState.new, created_by_id=user.id, opened_dt=now,
                    sla_hours=_sla_hours(category, priority),
                    needs_portal_change=bool(data.get('needs_portal_change')) and not is_officer)
    if is_officer:
        ticket.department_id = user.department_id
    elif kind is RequesterKind.department:
        if not data.get('department_id'):
            raise FormError('department_id', _l('Choose the department whose problem this is.'))
        ticket.department_id = int(data['department_id'])
    else:
        gem_id = (data.get('seller_gem_id') or '').strip().upper()
        if not gem_id:
            raise FormError('seller_gem_id', _l('Give the firm’s GeM seller id.'))
        if not (data.get('seller_name') or '').strip():
            raise FormError('seller_name', _l('Give the firm’s name.'))
        ticket.seller_gem_id = gem_id
        ticket.seller_name = data['seller_name'].strip()
        ticket.seller_contact = (data.get('seller_contact') or '').strip() or None
        ticket.seller_id = db.session.scalar(sa.select(Seller.id).filter_by(gem_seller_id=gem_id))
        ticket.department_id = int(data['department_id']) if data.get('department_id') else None
    if not is_officer:
        ticket.channel = data.get('channel') or None
    ticket.events.append(TicketEvent(from_state=None, to_state=TicketState.new, user_id=user.id, created_dt=now))
    db.session.add(ticket)
    set_references(ticket, references)
    db.session.flush()
    message = add_message(ticket, MessageKind.reply, ticket.description, user, files, now)
    message.created_dt = now
    db.session.flush()
    return ticket


def add_message(ticket: Ticket, kind: MessageKind, body: str, user, files=(), now: datetime | None = None
                ) -> TicketMessage:
    """A reply (the requester sees it) or an internal note of the cell, with files checked by their content."""
    if kind is MessageKind.note and not ticket.can_manage(user):
        raise FormError('body', _l('Only the GeM Cell writes internal notes.'))
    body = (body or '').strip()
    attachments = store_uploads(files, user)
    if not body and not attachments:
        raise FormError('body', _l('Write a message or attach a file.'))
    message = TicketMessage(ticket=ticket, kind=kind, author_id=user.id, body=body, created_dt=now or utcnow())
    db.session.add(message)
    db.session.flush()
    for attachment in attachments:
        db.session.add(TicketAttachment(message_id=message.id, attachment_id=attachment.id))
    db.session.flush()
    db.session.expire(message, ['attachments'])
    if kind is MessageKind.reply and ticket.messages and ticket.messages[0] is not message:
        tell_the_other_side(ticket, user, lambda: _('New message on ticket %(number)s (%(subject)s).',
                                                    number=ticket.number, subject=ticket.subject), now)
    return message


def tell_the_other_side(ticket: Ticket, user, make, now: datetime | None = None):
    """An in-app notice to the other side of the ticket: the department's active nodal officers when the cell acts,
    the assignee when the requester does (nobody for a seller's ticket, whose firm has no login)."""
    from flask import url_for
    if ticket.can_manage(user):
        if ticket.department_id is None or ticket.requester_kind is not RequesterKind.department:
            return
        users = db.session.scalars(sa.select(User).filter_by(role=Role.nodal, department_id=ticket.department_id,
                                                             is_active=True).order_by(User.id)).all()
    else:
        users = [ticket.assignee] if ticket.assignee is not None and ticket.assignee.is_active else []
    if not users:
        return
    try:
        url = url_for('helpdesk.detail', ticket_id=ticket.id)
    except RuntimeError:
        url = f'/helpdesk/{ticket.id}'
    notify(users, both_languages(make), ticket=ticket, url=url, now=now)


def change_ticket(ticket: Ticket, data: dict, user):
    """The cell corrects category and priority (the SLA target follows), the needs-portal-change tag and the
    related numbers."""
    category = db.session.get(TicketCategory, int(data['category_id'] or 0))
    if category is None:
        raise FormError('category_id', _l('Choose a category from the list.'))
    ticket.category = category
    ticket.priority = Priority(data['priority'])
    ticket.sla_hours = _sla_hours(category, ticket.priority)
    ticket.needs_portal_change = bool(data.get('needs_portal_change'))
    set_references(ticket, parse_references(data.get('references') or ''))
    db.session.flush()


def reopen_days() -> int:
    return int(current_app.config.get('HELPDESK_REOPEN_DAYS', 7))


def transition(ticket: Ticket, action: str, user, data: dict, now: datetime | None = None,
               today: date | None = None) -> Ticket:
    """One step of the workflow: ``assign`` (assignee_id), ``start``, ``wait`` (waiting_on, note), ``resolve``
    (resolution), ``close``, ``reopen`` (reason). The requester may only reopen (and close a resolved ticket)."""
    now = now or utcnow()
    today = today or to_local(now).date()
    manager = ticket.can_manage(user)
    if action == 'reopen':
        ticket.reopen(user, now, data.get('reason') or '', today, reopen_days())
        if data.get('reason'):
            add_message(ticket, MessageKind.reply, _('Reopened: %(reason)s', reason=data['reason'].strip()), user,
                        now=now)
    elif action == 'close' and (manager or (ticket.is_requester(user) and ticket.state is TicketState.resolved)):
        ticket.close(user, now, (data.get('note') or '').strip() or None)
    elif not manager:
        raise InvalidTransition(_l('Only the GeM Cell can do this.'))
    elif action == 'assign':
        assignee = db.session.get(User, int(data.get('assignee_id') or 0))
        if assignee is None or assignee.role not in (Role.reviewer, Role.cell_head) or not assignee.is_active:
            raise InvalidTransition(_l('Choose a member of the GeM Cell to assign the ticket to.'))
        ticket.assign(assignee, user, now)
    elif action == 'start':
        ticket.start(user, now)
    elif action == 'wait':
        try:
            waiting_on = WaitingOn(data.get('waiting_on'))
        except ValueError:
            raise InvalidTransition(_l('Say whom the ticket waits on.')) from None
        ticket.wait(waiting_on, user, now, (data.get('note') or '').strip() or None)
    elif action == 'resolve':
        ticket.resolve(data.get('resolution') or '', user, now)
        tell_the_other_side(ticket, user, lambda: _(
            'Ticket %(number)s (%(subject)s) is resolved. Close it if the problem is solved, or reopen it.',
            number=ticket.number, subject=ticket.subject), now)
    else:
        raise InvalidTransition(_l('This action is not possible on the ticket.'))
    db.session.flush()
    return ticket


def merge_tickets(duplicate: Ticket, target: Ticket, user, now: datetime | None = None) -> Ticket:
    """Merge a duplicate into ``target``: every message (with its files) moves to the target, marked with the
    duplicate's number, and so do the related numbers and field visits; the duplicate is closed, pointing to the
    target."""
    now = now or utcnow()
    if duplicate.id == target.id:
        raise FormError('target', _l('A ticket cannot be merged into itself.'))
    if target.merged_into_id is not None or target.state is TicketState.closed:
        raise FormError('target', _l('Merge into an open ticket that is not itself merged.'))
    if duplicate.merged_into_id is not None:
        raise FormError('target', _l('This ticket is merged already.'))
    if duplicate.department_id != target.department_id and duplicate.department_id is not None:
        raise FormError('target', _l('Tickets of different departments cannot be merged.'))
    for message in list(duplicate.messages):
        message.ticket = target
        message.merged_from = message.merged_from or duplicate.number
    for visit in list(duplicate.visits):
        visit.ticket = target
    set_references(target, [(ref.kind, ref.number) for ref in duplicate.references])
    db.session.flush()
    if duplicate.state is not TicketState.closed:
        duplicate.close(user, now, _('Merged into %(number)s', number=target.number))
    duplicate.merged_into_id = target.id
    db.session.add(TicketMessage(ticket=target, kind=MessageKind.note, author_id=user.id, created_dt=now,
                                 body=_('Ticket %(number)s (a duplicate) is merged into this one, with its messages '
                                        'and files.', number=duplicate.number)))
    db.session.flush()
    db.session.expire(target, ['messages', 'references', 'visits'])
    db.session.expire(duplicate, ['messages', 'visits'])
    return target


def bulk_action(tickets: list[Ticket], action: str, user, data: dict, now: datetime | None = None) -> int:
    """Assign or close several tickets at once; every ticket must accept the step, or nothing changes."""
    if action not in ('assign', 'close'):
        raise InvalidTransition(_l('Choose to assign or to close the tickets.'))
    for ticket in tickets:
        try:
            transition(ticket, action, user, data, now)
        except InvalidTransition as exc:
            raise InvalidTransition(f'{ticket.number}: {exc}') from None
    return len(tickets)


def link_provision(ticket: Ticket, model_name: str | None, ref_id: int | None):
    """Link (or unlink, with ``None``) the ticket to an entry of the State provisions register (duty 7): stored as
    a generic (table name, id) so the helpdesk does not depend on that module. The register's module calls this
    (and may list ``queries.tickets_for_provision``)."""
    ticket.provision_model = model_name
    ticket.provision_ref_id = ref_id
    if model_name:
        ticket.needs_portal_change = True
    db.session.flush()


# --- field visits --------------------------------------------------------------------------------------------

def save_visit(visit: FieldVisit | None, ticket: Ticket, data: dict, user) -> FieldVisit:
    if visit is None:
        visit = FieldVisit(ticket=ticket, created_by_id=user.id)
        db.session.add(visit)
    officer = db.session.get(User, int(data['officer_id'] or 0))
    if officer is None or officer.role not in (Role.reviewer, Role.cell_head):
        raise FormError('officer_id', _l('Choose the officer of the GeM Cell who visits.'))
    visit.officer_id = officer.id
    visit.visit_date = data['visit_date']
    visit.district_id = int(data['district_id']) if data.get('district_id') else None
    visit.place = data['place'].strip()
    visit.purpose = data['purpose'].strip()
    visit.state = VisitState(data.get('state') or 'planned')
    visit.outcome = (data.get('outcome') or '').strip() or None
    visit.follow_up = (data.get('follow_up') or '').strip() or None
    if visit.state is VisitState.done and not visit.outcome:
        raise FormError('outcome', _l('Write the outcome of a visit that is done.'))
    db.session.flush()
    return visit


# --- knowledge base ------------------------------------------------------------------------------------------

def index_article(article: KnowledgeArticle):
    from gemcell.search.operations import remove_entry
    if article.is_published:
        index_entry(KB_KIND, article.id, article.title, f'{article.problem}\n{article.fix}')
    else:
        remove_entry(KB_KIND, article.id)


def save_article(article: KnowledgeArticle | None, data: dict, user, ticket: Ticket | None = None
                 ) -> KnowledgeArticle:
    if article is None:
        article = KnowledgeArticle(created_by_id=user.id, source_ticket_id=ticket.id if ticket else None)
        db.session.add(article)
    article.title = data['title'].strip()
    article.problem = data['problem'].strip()
    article.fix = data['fix'].strip()
    article.category_id = int(data['category_id']) if data.get('category_id') else None
    article.is_published = bool(data.get('is_published'))
    db.session.flush()
    index_article(article)
    return article


def article_draft(ticket: Ticket) -> dict:
    """The knowledge-base form filled from a resolved ticket (written without the requester's details)."""
    return {'title': ticket.subject, 'problem': ticket.description, 'fix': ticket.resolution or '',
            'category_id': ticket.category_id, 'is_published': True}


# --- notices and escalation ----------------------------------------------------------------------------------

def notify(users, message: dict, ticket: Ticket | None = None, url: str | None = None,
           now: datetime | None = None) -> list[HelpdeskNotice]:
    """An in-app notice to each of ``users``; ``message``: ``{'hi': …, 'en': …}``."""
    now = now or utcnow()
    mail = bool(current_app.config.get('MAIL_SERVER'))
    notices = []
    for user in users:
        notice = HelpdeskNotice(user_id=user.id, ticket_id=ticket.id if ticket else None, url=url,
                                message_hi=message['hi'], message_en=message['en'], created_dt=now,
                                emailed_to=user.email if mail and user.email else None)
        db.session.add(notice)
        notices.append(notice)
    db.session.flush()
    return notices


def both_languages(make) -> dict:
    """``{'hi': make(), 'en': make()}``, ``make`` run in each language (a message written before its reader's
    language is known)."""
    out = {}
    for lang in ('hi', 'en'):
        with force_locale(lang):
            out[lang] = str(make())
    return out


def escalate_breaches(now: datetime | None = None) -> list[Ticket]:
    """Every open ticket whose SLA is now breached and not yet escalated goes to the In-charge: a notice to each
    active ``cell_head`` (and to the assignee), an event in the ticket's history, and ``escalated_dt`` set so it is
    escalated once."""
    from flask import url_for
    now = now or utcnow()
    calendar = queries.working_calendar()
    heads = db.session.scalars(sa.select(User).filter_by(role=Role.cell_head, is_active=True)).all()
    escalated = []
    for ticket in queries.open_unescalated_tickets():
        clock = queries.ticket_clock(ticket, now, calendar)
        if not clock.is_breached:
            continue
        ticket.escalated_dt = now
        message = both_languages(lambda t=ticket: _(
            'SLA breached on ticket %(number)s (%(subject)s): %(hours)s working hours allowed; it is escalated to '
            'the In-charge, GeM Cell.', number=t.number, subject=t.subject, hours=t.sla_hours))
        recipients = list(heads)
        if ticket.assignee is not None and ticket.assignee not in recipients:
            recipients.append(ticket.assignee)
        try:
            url = url_for('helpdesk.detail', ticket_id=ticket.id)
        except RuntimeError:
            url = f'/helpdesk/{ticket.id}'
        notify(recipients, message, ticket=ticket, url=url, now=now)
        db.session.add(TicketMessage(ticket=ticket, kind=MessageKind.note, author_id=None, created_dt=now,
                                     body=message['hi'] + '\n' + message['en']))
        escalated.append(ticket)
    db.session.flush()
    return escalated


def mark_notices_read(user, now: datetime | None = None, ticket: Ticket | None = None) -> int:
    """The user's unread notices (only those about ``ticket``, if given) are marked read."""
    now = now or utcnow()
    notices = [n for n in queries.unread_notices(user) if ticket is None or n.ticket_id == ticket.id]
    for notice in notices:
        notice.read_dt = now
    db.session.flush()
    return len(notices)
