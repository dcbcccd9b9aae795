"""Writes of the directions module. Flush, never commit: the view (or the daily task) commits once.

Other modules draft a direction from their records with ``draft_direction`` (a scrutiny finding, a department's
overdue payments, a meeting's decision), naming the record as a ``Source``.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from gemcell.attachments.operations import store_uploads
from gemcell.core.compliance import CLASSES, Compliance
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import format_date, format_short_date, to_local
from gemcell.directives.models import (Addressee, Direction, DirectionKind, DirectionLevel, DirectionPoint,
                                       DirectionState, PointReply, Reminder, ReminderKind, ReplyState)
from gemcell.directory.models import Department
from gemcell.documents import operations as documents
from gemcell.documents.forms import department_line
from gemcell.documents.models import DocumentKind, DocumentState
from gemcell.documents.queries import get_issuing_officer
from gemcell.extensions import db
from gemcell.returns.models import Notice

#: how the memo's head reads, per level (the documents are the State's, in Hindi)
HEADERS = {
    DirectionLevel.cell: ['उत्तर प्रदेश शासन', 'सूक्ष्म, लघु एवं मध्यम उद्यम विभाग', 'जेम सेल'],
    DirectionLevel.commissioner: ['कार्यालय आयुक्त एवं निदेशक, उद्योग, उत्तर प्रदेश', 'जेम सेल'],
    DirectionLevel.government: ['उत्तर प्रदेश शासन', 'सूक्ष्म, लघु एवं मध्यम उद्यम अनुभाग'],
}
#: the officer a reminder letter goes out from, per level
SENDERS = {
    DirectionLevel.cell: {'name': 'प्रभारी', 'designation': 'जेम सेल, उत्तर प्रदेश'},
    DirectionLevel.commissioner: {'name': 'आयुक्त एवं निदेशक, उद्योग', 'designation': 'उत्तर प्रदेश, कानपुर'},
    DirectionLevel.government: {'name': 'प्रमुख सचिव', 'designation': 'सूक्ष्म, लघु एवं मध्यम उद्यम विभाग, '
                                                                  'उत्तर प्रदेश शासन'},
}


@dataclass(frozen=True)
class Source:
    """The record a direction comes from, in any module: its kind (``finding``, ``payments``, ``meeting`` …), id,
    a label to show and the URL of its page."""
    kind: str
    id: int | None = None
    label: str = ''
    url: str = ''


def parse_points(text: str) -> list[str]:
    """One point per line (a leading "1.", "(1)" or "-" is dropped); blank lines are skipped."""
    from gemcell.documents.forms import ITEM
    return [ITEM.sub('', line).strip() for line in (text or '').splitlines() if ITEM.sub('', line).strip()]


# --- drafting ------------------------------------------------------------------------------------------------

def _clean(fields: dict) -> dict:
    points = [p.strip() for p in fields.get('points') or [] if p and p.strip()]
    if not points:
        raise FormError('points', _l('Write at least one point for the departments to act on.'))
    if len(points) > 50:
        raise FormError('points', _l('A direction can have at most 50 points.'))
    kind = DirectionKind(fields.get('kind') or DirectionKind.outgoing.value)
    department_ids = list(dict.fromkeys(int(i) for i in fields.get('department_ids') or [] if i))
    if kind is DirectionKind.outgoing:
        if not department_ids:
            raise FormError('department_ids', _l('Choose the departments the direction is addressed to.'))
        found = set(db.session.scalars(sa.select(Department.id).where(Department.id.in_(department_ids))))
        if found != set(department_ids):
            raise FormError('department_ids', _l('One of the departments chosen does not exist.'))
    else:
        department_ids = []
    reference_date = fields.get('reference_date')
    due_date = fields.get('due_date')
    if not isinstance(due_date, date):
        raise FormError('due_date', _l('Give the due date.'))
    if reference_date and reference_date > due_date:
        raise FormError('due_date', _l('The due date cannot be before the date of the reference.'))
    return {'kind': kind, 'level': DirectionLevel(fields.get('level') or DirectionLevel.cell.value),
            'subject': (fields.get('subject') or '').strip(), 'body': (fields.get('body') or '').strip(),
            'points': points, 'department_ids': department_ids,
            'reference_number': (fields.get('reference_number') or '').strip() or None,
            'reference_date': reference_date or None, 'due_date': due_date}


def _apply(direction: Direction, data: dict):
    direction.kind = data['kind']
    direction.level = data['level']
    direction.subject = data['subject']
    direction.body = data['body']
    direction.reference_number = data['reference_number']
    direction.reference_date = data['reference_date']
    direction.due_date = data['due_date']
    for point in list(direction.points):
        if point.number > len(data['points']):
            db.session.delete(point)  # deleted explicitly (not orphaned), so the audit trail sees it
    db.session.flush()
    db.session.expire(direction, ['points'])
    have = {p.number: p for p in direction.points}
    for number, text in enumerate(data['points'], 1):
        if number in have:
            have[number].text = text
        else:
            direction.points.append(DirectionPoint(number=number, text=text))
    wanted = data['department_ids'] if direction.kind is DirectionKind.outgoing else [None]
    for addressee in list(direction.addressees):
        if addressee.department_id not in wanted:
            db.session.delete(addressee)
    db.session.flush()
    db.session.expire(direction, ['addressees'])
    have = {a.department_id for a in direction.addressees}
    for department_id in wanted:
        if department_id not in have:
            direction.addressees.append(Addressee(department_id=department_id))
    db.session.flush()


def memo_fields(direction: Direction) -> dict:
    """The office memo that issues ``direction`` (``documents.create_document`` fields), in Hindi."""
    departments = direction.departments
    opening = direction.body or 'जेम (GeM) पोर्टल के माध्यम से किये जा रहे क्रय की समीक्षा में निम्नलिखित ' \
                                'बिन्दु संज्ञान में आये हैं।'
    if direction.reference_number:
        on = f' दिनांक {format_short_date(direction.reference_date)}' if direction.reference_date else ''
        opening = f'शासनादेश संख्या {direction.reference_number}{on} के क्रम में। ' + opening
    if direction.source_label:
        opening += f' (सन्दर्भ: {direction.source_label})'
    paragraphs = [opening,
                  {'text': 'इस सम्बन्ध में निम्नलिखित बिन्दुओं पर कार्यवाही सुनिश्चित करने का कष्ट करें:-',
                   'items': [p.text for p in direction.points]},
                  f'कृपया प्रत्येक बिन्दु पर बिन्दुवार कृत कार्यवाही आख्या दिनांक '
                  f'{format_short_date(direction.due_date)} तक जेम सेल के पोर्टल पर संलग्नकों सहित उपलब्ध कराना '
                  f'सुनिश्चित करें।']
    signatory = get_issuing_officer()
    data = {'lang': 'hi', 'header': HEADERS[direction.level], 'paragraphs': paragraphs,
            'signatory': {'name': signatory.name if signatory else SENDERS[direction.level]['name'],
                          'designation': (signatory.designation if signatory else '')
                          or SENDERS[direction.level]['designation']},
            'copy_to': [department_line(d, 'hi') for d in departments]}
    return {'kind': DocumentKind.office_memo.value, 'subject': direction.subject, 'data': data,
            'addressees': data['copy_to'], 'department_ids': [d.id for d in departments]}


def _sync_memo(direction: Direction, user):
    if direction.kind is not DirectionKind.outgoing:
        return
    fields = memo_fields(direction)
    if direction.document is None:
        direction.document = documents.create_document(fields, user, source=direction)
    elif direction.document.state is DocumentState.draft:
        documents.update_document(direction.document, fields)


def create_direction(fields: dict, user, source: Source | None = None) -> Direction:
    """A draft direction (and, for one to departments, the draft of its office memo). ``fields``: kind, level,
    subject, body, points (list of texts), department_ids, reference_number, reference_date, due_date."""
    data = _clean(fields)
    direction = Direction(state=DirectionState.draft, created_by_id=user.id, subject=data['subject'],
                          due_date=data['due_date'])
    if source is not None:
        direction.source_kind = source.kind
        direction.source_id = source.id
        direction.source_label = source.label or None
        direction.source_url = source.url or None
    db.session.add(direction)
    _apply(direction, data)
    _sync_memo(direction, user)
    db.session.flush()
    return direction


def update_direction(direction: Direction, fields: dict, user) -> Direction:
    if direction.state is not DirectionState.draft:
        raise InvalidTransition(_l('Only a draft direction can be changed.'))
    _apply(direction, _clean(fields))
    db.session.expire(direction, ['addressees', 'points'])
    _sync_memo(direction, user)
    db.session.flush()
    return direction


def draft_direction(subject: str, points: list[str], department_ids: list[int], level='cell', due_date=None,
                    source: Source | None = None, user=None, body: str = '', reference_number: str | None = None,
                    reference_date: date | None = None) -> Direction:
    """For other modules: a draft direction from their record (``source``), for the cell to check and issue.

    ``level``: ``cell``, ``commissioner`` or ``government`` (or a ``DirectionLevel``); ``due_date`` defaults to
    ``DIRECTION_DEFAULT_DAYS`` from today. Raises ``FormError`` on bad input (no points, no departments)."""
    if due_date is None:
        from datetime import timedelta
        due_date = today() + timedelta(days=int(current_app.config.get('DIRECTION_DEFAULT_DAYS', 15)))
    return create_direction({'kind': 'outgoing', 'level': getattr(level, 'value', level), 'subject': subject,
                             'body': body, 'points': points, 'department_ids': department_ids,
                             'reference_number': reference_number, 'reference_date': reference_date,
                             'due_date': due_date}, user, source=source)


def today() -> date:
    return to_local(utcnow()).date()


# --- issue and close -----------------------------------------------------------------------------------------

def issue_direction(direction: Direction, user, day: date | None = None) -> Direction:
    """Issue a draft: for departments, its office memo is approved (if still a draft) and issued by the
    In-charge, numbered and frozen, and the departments see the direction; Government's direction to the cell is
    registered as received."""
    if not direction.can_issue(user):
        raise InvalidTransition(_l('Only the In-charge can issue a direction, and only a draft.'))
    day = day or today()
    if direction.kind is DirectionKind.outgoing:
        document = direction.document
        if document is None:
            _sync_memo(direction, user)
            document = direction.document
        if document.state is DocumentState.draft:
            documents.approve_document(document, user)
        if document.state is DocumentState.approved:
            documents.issue_document(document, user, today=day)
        day = document.document_date or day
    direction.mark_issued(user, day)
    db.session.flush()
    return direction


def close_direction(direction: Direction, user) -> Direction:
    direction.close(user, utcnow())
    db.session.flush()
    return direction


# --- the addressee's action-taken report ---------------------------------------------------------------------

def save_report(addressee: Addressee, answers: dict, uploads: dict, user) -> Addressee:
    """Keep what the department wrote per point (``answers``: point id → text) and the files it attached
    (``uploads``: point id → FileStorage list; each checked by content, ``AttachmentError`` if one is refused)."""
    if not addressee.can_answer(user):
        raise InvalidTransition(_l('The action-taken report cannot be changed now.'))
    for point in addressee.direction.points:
        reply = addressee.reply_to(point)
        text = (answers.get(point.id) or '').strip()
        files = store_uploads(uploads.get(point.id) or [], user)
        if reply is None:
            if not text and not files:
                continue
            reply = PointReply(point_id=point.id, action_taken='')
            addressee.replies.append(reply)
        reply.action_taken = text
        reply.attachments.extend(files)
    db.session.flush()
    return addressee


def submit_report(addressee: Addressee, user) -> Addressee:
    addressee.submit(user, utcnow())
    for reply in addressee.replies:  # a new report is classed afresh
        reply.compliance = Compliance.pending
        reply.classed_by_id = None
        reply.classed_dt = None
    db.session.flush()
    return addressee


def class_report(addressee: Addressee, classes: dict, remarks: dict, user) -> Addressee:
    """The cell's class of each point (``classes``: point id → ``Compliance``, one of the four) with an optional
    note per point. Every point must be classed."""
    if not addressee.can_class(user):
        raise InvalidTransition(_l('Only a submitted report can be classed.'))
    missing = [p.number for p in addressee.direction.points if classes.get(p.id) not in CLASSES]
    if missing:
        raise FormError('decision', _l('Class every point: points %(points)s are not classed.',
                                       points=', '.join(str(n) for n in missing)))
    now = utcnow()
    for point in addressee.direction.points:
        reply = addressee.reply_to(point)
        if reply is None:
            reply = PointReply(point_id=point.id, action_taken='')
            addressee.replies.append(reply)
        reply.compliance = classes[point.id]
        reply.cell_remark = (remarks.get(point.id) or '').strip() or None
        reply.classed_by_id = user.id
        reply.classed_dt = now
    addressee.mark_classed(user, now)
    db.session.flush()
    return addressee


def send_back_report(addressee: Addressee, user, remark: str) -> Addressee:
    if not has_review(user):
        raise InvalidTransition(_l('Only the cell can send a report back.'))
    addressee.send_back(user, utcnow(), remark)
    db.session.flush()
    return addressee


def has_review(user) -> bool:
    from gemcell.core.permissions import Permission, has_permission
    return has_permission(user, Permission.REVIEW)


# --- reminders and escalation --------------------------------------------------------------------------------

def _settings() -> dict:
    config = current_app.config
    return {'before': int(config.get('DIRECTION_REMIND_BEFORE_DAYS', 3)),
            'every': max(1, int(config.get('DIRECTION_REMIND_EVERY_DAYS', 7))),
            'escalate': max(1, int(config.get('DIRECTION_ESCALATE_AFTER_DAYS', 15)))}


def reminder_kind(addressee: Addressee, day: date, settings: dict) -> list[tuple[ReminderKind, DirectionLevel | None]]:
    """What is due for ``addressee`` on ``day``: a reminder before the due date (``before`` days ahead), a reminder
    on the first day overdue and every ``every`` days after, and an escalation to the next level each time
    another ``escalate`` days have passed overdue (cell → Commissioner → Government; none above Government)."""
    direction = addressee.direction
    if direction.state is not DirectionState.issued or not addressee.is_open or addressee.department_id is None:
        return []
    due = []
    until = (direction.due_date - day).days
    if until == settings['before']:
        due.append((ReminderKind.before, None))
    overdue = -until
    if overdue >= 1 and (overdue - 1) % settings['every'] == 0:
        due.append((ReminderKind.overdue, None))
    levels = list(DirectionLevel)
    steps = levels.index(addressee.current_level) - levels.index(direction.level)
    nxt = addressee.current_level.next
    if nxt is not None and overdue >= settings['escalate'] * (steps + 1):
        due.append((ReminderKind.escalation, nxt))
    return due


def _message(kind: ReminderKind, addressee: Addressee, day: date) -> tuple[str, str]:
    direction = addressee.direction
    number = direction.document.number if direction.document is not None else ''
    texts = {}
    for lang in ('hi', 'en'):
        with force_locale(lang):
            due = format_date(direction.due_date, lang)
            if kind is ReminderKind.before:
                texts[lang] = _('Reminder from the GeM Cell: the action-taken report on the direction “%(subject)s” '
                                '(%(number)s) is due by %(due)s. Please answer every point.',
                                subject=direction.subject, number=number, due=due)
            elif kind is ReminderKind.overdue:
                texts[lang] = _('Reminder from the GeM Cell: the action-taken report on the direction “%(subject)s” '
                                '(%(number)s) was due by %(due)s and has not been received. Please send it at once.',
                                subject=direction.subject, number=number, due=due)
            else:
                texts[lang] = _('The action-taken report on the direction “%(subject)s” (%(number)s), due by '
                                '%(due)s, is %(days)s days overdue: the matter is taken up with %(level)s.',
                                subject=direction.subject, number=number, due=due,
                                days=(day - direction.due_date).days, level=addressee.current_level.title)
    return texts['hi'], texts['en']


def reminder_letter_fields(addressee: Addressee, level: DirectionLevel, day: date) -> dict:
    """The reminder letter (अनुस्मारक) to a department that has not answered, from ``level``."""
    direction = addressee.direction
    memo = direction.document
    number = memo.number if memo is not None and memo.number else '—'
    dated = format_short_date(direction.issued_date) if direction.issued_date else ''
    paragraphs = [
        f'कृपया जेम सेल के कार्यालय-ज्ञाप संख्या {number} दिनांक {dated} का सन्दर्भ ग्रहण करने का कष्ट करें, '
        f'जिसके द्वारा "{direction.subject}" विषयक निर्देशों के अनुपालन में बिन्दुवार कृत कार्यवाही आख्या '
        f'दिनांक {format_short_date(direction.due_date)} तक अपेक्षित थी।',
        f'खेद का विषय है कि नियत तिथि के {(day - direction.due_date).days} दिन व्यतीत हो जाने के उपरान्त भी '
        f'आपके विभाग की कृत कार्यवाही आख्या अद्यतन अप्राप्त है। निर्देश के बिन्दु निम्नवत् हैं:-',
        {'items': [p.text for p in direction.points]},
        'अतः अनुरोध है कि कृपया उक्त बिन्दुओं पर कृत कार्यवाही आख्या 07 दिवस के भीतर अनिवार्य रूप से उपलब्ध '
        'कराना सुनिश्चित करें।',
    ]
    sender = SENDERS[level]
    to = [department_line(addressee.department, 'hi')]
    data = {'lang': 'hi', 'header': HEADERS[level], 'paragraphs': paragraphs, 'from': sender, 'signatory': sender,
            'to': to, 'copy_to': ['प्रभारी, जेम सेल, उत्तर प्रदेश।'], 'title': 'अनुस्मारक'}
    return {'kind': DocumentKind.letter.value, 'subject': f'अनुस्मारक: {direction.subject}', 'data': data,
            'addressees': to, 'department_ids': [addressee.department_id]}


def escalate(addressee: Addressee, level: DirectionLevel, day: date, user):
    """Raise the matter to ``level`` and draft the reminder letter from there (for the In-charge to issue)."""
    document = documents.create_document(reminder_letter_fields(addressee, level, day), user,
                                         source=addressee.direction)
    addressee.escalated_level = level
    addressee.escalated_date = day
    addressee.reminder_document_id = document.id
    return document


def nodal_officers(department_id) -> list:
    from gemcell.returns.queries import nodal_officers as officers
    return officers([department_id])


def run_reminders(day: date | None = None, user=None) -> dict:
    """The daily run: every open addressee of every issued direction gets what is due for it on ``day`` (see
    ``reminder_kind``), once a day at most. Returns ``{'notices': […], 'mails': […], 'escalations': […]}``;
    the caller commits, then sends the mails."""
    day = day or today()
    settings = _settings()
    actor = user or get_issuing_officer()
    result = {'notices': [], 'mails': [], 'escalations': []}
    mail_on = bool(current_app.config.get('MAIL_SERVER'))
    stmt = (sa.select(Addressee).join(Addressee.direction)
            .where(Direction.state == DirectionState.issued, Direction.kind == DirectionKind.outgoing,
                   Addressee.department_id.is_not(None),
                   Addressee.state.in_([ReplyState.awaiting, ReplyState.returned]))
            .order_by(Direction.due_date, Addressee.id))
    done = {(r.addressee_id, r.kind) for r in db.session.scalars(sa.select(Reminder).where(Reminder.day == day))}
    now = utcnow()
    for addressee in db.session.scalars(stmt).all():
        for kind, level in reminder_kind(addressee, day, settings):
            if (addressee.id, kind) in done:
                continue
            if kind is ReminderKind.escalation:
                if actor is None:
                    continue  # no one to draft the letter in the name of: try again tomorrow
                result['escalations'].append(escalate(addressee, level, day, actor))
            message_hi, message_en = _message(kind, addressee, day)
            log = Reminder(addressee_id=addressee.id, kind=kind, day=day, level=level, notices=0, emails=0)
            for officer in nodal_officers(addressee.department_id):
                email = officer.email if mail_on and officer.email else None
                notice = Notice(department_id=addressee.department_id, user_id=officer.id, message_hi=message_hi,
                                message_en=message_en, created_by_id=getattr(actor, 'id', None), created_dt=now,
                                emailed_to=email)
                db.session.add(notice)
                result['notices'].append(notice)
                log.notices += 1
                if email:
                    subject = str(kind.title) + ': ' + addressee.direction.subject
                    result['mails'].append({'to': email, 'subject': subject, 'body': message_hi + '\n\n' + message_en})
                    log.emails += 1
            db.session.add(log)
    db.session.flush()
    return result
