"""Writes of the meetings register. Flush, never commit; time is passed in where it matters."""
import html
import re
from datetime import date, timedelta

import nh3
import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import User
from gemcell.core.compliance import CLASSES, Compliance
from gemcell.core.db import utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import format_date, language
from gemcell.core.permissions import Role
from gemcell.extensions import db
from gemcell.meetings.models import DONE, ActionPoint, Meeting, OwnerKind

#: what the minutes may contain: text formatting, lists, headings and simple tables; no attribute at all (no
#: scripts, event handlers, styles or links), so nothing the officer pastes from a word processor can run
MINUTES_TAGS = {'p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'table',
                'thead', 'tbody', 'tr', 'th', 'td'}
#: days before the due date from which an action point is reminded
REMIND_DAYS_BEFORE = 3


def sanitise(minutes: str | None) -> str | None:
    """The minutes' HTML with only ``MINUTES_TAGS`` kept (the content of ``<script>``/``<style>`` dropped)."""
    if not (minutes or '').strip():
        return None
    cleaned = nh3.clean(minutes, tags=MINUTES_TAGS, attributes={}, clean_content_tags={'script', 'style'},
                        strip_comments=True, link_rel=None)
    return cleaned.strip() or None


def minutes_paragraphs(minutes_html: str | None) -> list[str]:
    """The minutes as plain paragraphs (for a letter): one per paragraph, list item or line."""
    if not minutes_html:
        return []
    text = re.sub(r'(?i)<br\s*/?>|</(p|li|h3|h4|tr|blockquote)>', '\n', minutes_html)
    text = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    return [line.strip() for line in text.split('\n') if line.strip()]


def save_meeting(meeting: Meeting | None, data: dict, user) -> Meeting:
    if meeting is None:
        meeting = Meeting(created_by_id=user.id)
        db.session.add(meeting)
    meeting.meeting_date = data['meeting_date']
    meeting.department_id = int(data['department_id'])
    meeting.subject = data['subject'].strip()
    meeting.venue = data['venue'].strip()
    meeting.agenda = data['agenda'].strip()
    meeting.participants = (data.get('participants') or '').strip() or None
    meeting.minutes_html = sanitise(data.get('minutes_html'))
    db.session.flush()
    return meeting


def add_point(meeting: Meeting, data: dict) -> ActionPoint:
    if data['due_date'] < meeting.meeting_date:
        raise FormError('due_date', _l('The due date cannot be before the meeting.'))
    point = ActionPoint(text=data['text'].strip(), owner=OwnerKind(data['owner']), due_date=data['due_date'],
                        position=max([p.position for p in meeting.points], default=0) + 1)
    meeting.points.append(point)
    db.session.flush()
    return point


def class_point(point: ActionPoint, data: dict, user) -> ActionPoint:
    """The cell classes the point (complied, partly, not complied, not applicable) with a remark; a new due date
    may be set for a point not yet done."""
    compliance = Compliance(data['compliance'])
    if compliance not in CLASSES and compliance is not Compliance.pending:
        raise FormError('compliance', _l('Choose a class from the list.'))
    remark = (data.get('remark') or '').strip() or None
    if compliance in (Compliance.partly, Compliance.not_complied) and not remark:
        raise FormError('remark', _l('Say what remains to be done: a remark is required for this class.'))
    point.compliance = compliance
    point.remark = remark
    point.classed_by_id = user.id
    point.classed_dt = utcnow()
    if data.get('due_date') and compliance not in DONE:
        point.due_date = data['due_date']
    db.session.flush()
    return point


def remind(today: date) -> int:
    """A notice for every action point not done that is due within ``REMIND_DAYS_BEFORE`` days or overdue, once a
    day: to the department's nodal officers for a department's point, to the cell member who registered the
    meeting for the cell's own. Returns how many points were reminded."""
    from gemcell.helpdesk.operations import both_languages, notify
    points = db.session.scalars(sa.select(ActionPoint).where(
        ActionPoint.compliance.not_in(DONE), ActionPoint.due_date <= today + timedelta(days=REMIND_DAYS_BEFORE),
        sa.or_(ActionPoint.reminded_date.is_(None), ActionPoint.reminded_date < today))
        .order_by(ActionPoint.due_date, ActionPoint.id)).all()
    for point in points:
        meeting = point.meeting
        if point.owner is OwnerKind.department:
            users = db.session.scalars(sa.select(User).filter_by(role=Role.nodal, department_id=meeting.department_id,
                                                                 is_active=True)).all()
        else:
            users = [meeting.created_by] if meeting.created_by.is_active else []

        def message(p=point, m=meeting):
            lang = language()
            due = format_date(p.due_date, lang)
            if p.due_date < today:
                return _('Action point of the meeting of %(date)s (%(subject)s) is overdue since %(due)s: %(text)s',
                         date=format_date(m.meeting_date, lang), subject=m.subject, due=due, text=p.text)
            return _('Action point of the meeting of %(date)s (%(subject)s) is due by %(due)s: %(text)s',
                     date=format_date(m.meeting_date, lang), subject=m.subject, due=due, text=p.text)

        try:
            url = url_for('meetings.detail', meeting_id=meeting.id)
        except RuntimeError:
            url = f'/meetings/{meeting.id}'
        notify(users, both_languages(message), url=url)
        point.reminded_date = today
    db.session.flush()
    return len(points)


def draft_minutes_letter(meeting: Meeting, user, lang: str = 'hi'):
    """Draft the minutes as a letter to the department through the documents mechanism (the In-charge approves and
    issues it there); the meeting keeps a link to it."""
    from gemcell.documents.operations import create_document
    from gemcell.documents.queries import get_issuing_officer
    lang = lang if lang in ('hi', 'en') else 'hi'
    with force_locale(lang):
        department = meeting.department.name_en if lang == 'en' else meeting.department.name_hi
        opening = _('The minutes of the meeting on the purchase process held on %(date)s at %(venue)s '
                    '(%(subject)s) are sent herewith.', date=format_date(meeting.meeting_date, lang),
                    venue=meeting.venue, subject=meeting.subject)
        paragraphs = [{'text': opening}]
        minutes = minutes_paragraphs(meeting.minutes_html)
        if minutes:
            paragraphs.append({'text': _('Proceedings:'), 'items': minutes})
        if meeting.points:
            paragraphs.append({'text': _('The following decisions were taken, to be complied with by the due '
                                         'dates:'),
                               'items': [_('%(text)s — by %(owner)s, by %(due)s', text=p.text,
                                           owner=str(p.owner.title), due=format_date(p.due_date, lang))
                                         for p in meeting.points]})
            paragraphs.append(_('The department is requested to send the action taken report to the GeM Cell by the '
                                'due dates.'))
        signatory = get_issuing_officer() or user
        to = [department]
        data = {'lang': lang, 'header': [_('Government of Uttar Pradesh'), _('GeM Cell')], 'to': to,
                'paragraphs': paragraphs,
                'signatory': {'name': signatory.name, 'designation': signatory.designation or ''},
                'copy_to': [_('Guard file')]}
        subject = _('Minutes of the meeting of %(date)s: %(subject)s', date=format_date(meeting.meeting_date, lang),
                    subject=meeting.subject)
    document = create_document({'kind': 'letter', 'subject': subject, 'data': data, 'addressees': to,
                                'department_id': meeting.department_id}, user, source=meeting)
    meeting.document_id = document.id
    db.session.flush()
    return document
