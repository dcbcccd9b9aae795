"""Writes of the returns module. Flush, never commit: the view (or task) commits once, so an action is saved whole
or not at all; the audit trail records every change through the ORM."""
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns import queries
from gemcell.returns.models import (ListKind, Notice, Return, ReturnKind, ReturnListItem, ReturnState,
                                    ReturnVersion, VersionOutcome)
from gemcell.returns.periods import MONTH, Period, is_future

#: the lists as shipped: (kind, code, Hindi, English); the migration inserts the same rows
DEFAULT_LIST_ITEMS = [
    (ListKind.pending_reason, 'documents_incomplete', 'आवश्यक अभिलेख अपूर्ण', 'Required documents incomplete'),
    (ListKind.pending_reason, 'pan_aadhaar', 'पैन / आधार सत्यापन लम्बित', 'PAN / Aadhaar verification pending'),
    (ListKind.pending_reason, 'bank_account', 'बैंक खाता सत्यापित नहीं', 'Bank account not verified'),
    (ListKind.pending_reason, 'gstin_udyam', 'जीएसटीआईएन / उद्यम विवरण सत्यापित नहीं',
     'GSTIN / Udyam details not verified'),
    (ListKind.pending_reason, 'seller_reply', 'विक्रेता के उत्तर की प्रतीक्षा', 'Awaiting the seller’s reply'),
    (ListKind.pending_reason, 'portal_problem', 'पोर्टल पर तकनीकी समस्या', 'Technical problem on the portal'),
    (ListKind.problem_category, 'portal_technical', 'पोर्टल की तकनीकी समस्या', 'Technical problem on the portal'),
    (ListKind.problem_category, 'not_on_gem', 'सामग्री / सेवा जेम पर उपलब्ध नहीं',
     'Goods or service not available on GeM'),
    (ListKind.problem_category, 'payment', 'जेम पर भुगतान सम्बन्धी', 'Payment through GeM'),
    (ListKind.problem_category, 'training', 'कार्मिकों के प्रशिक्षण की आवश्यकता', 'Staff need training'),
    (ListKind.problem_category, 'seller_response', 'विक्रेताओं का अपर्याप्त प्रतिसाद', 'Poor response from sellers'),
    (ListKind.problem_category, 'rules', 'क्रय नियमों पर स्पष्टता अपेक्षित', 'Purchase rules need clarifying'),
]


def seed_lists() -> int:
    """Add the shipped list entries that are missing (idempotent; edited or deactivated entries are kept)."""
    existing = {(kind, code) for kind, code in db.session.execute(sa.select(ReturnListItem.kind, ReturnListItem.code))}
    added = 0
    for position, (kind, code, name_hi, name_en) in enumerate(DEFAULT_LIST_ITEMS):
        if (kind, code) not in existing:
            db.session.add(ReturnListItem(kind=kind, code=code, name_hi=name_hi, name_en=name_en,
                                          position=(position % 6 + 1) * 10))
            added += 1
    db.session.flush()
    return added


def save_list_item(item: ReturnListItem | None, data: dict) -> ReturnListItem:
    kind = ListKind(data['kind'])
    clash = db.session.scalar(sa.select(ReturnListItem.id).filter_by(kind=kind, code=data['code']))
    if clash is not None and (item is None or clash != item.id):
        raise FormError('code', _l('This list already has an entry with this code.'))
    if item is None:
        item = ReturnListItem(kind=kind, code=data['code'])
        db.session.add(item)
    elif item.kind is not kind or item.code != data['code']:
        raise FormError('code', _l('The list and code of an entry cannot be changed: returns refer to them. '
                                   'Deactivate it and add a new one.'))
    item.name_hi = data['name_hi'].strip()
    item.name_en = data['name_en'].strip()
    item.position = data['position']
    item.is_active = bool(data['is_active'])
    db.session.flush()
    return item


# --- a department's return ------------------------------------------------------------------------------------

def open_return(department: Department, period: Period, user, day: date) -> Return:
    """The department's return for ``period`` (a fortnight: the fortnightly return; a month: the monthly
    procurement return), created as a draft if there is none. A period that is not over cannot be reported on."""
    kind = ReturnKind.monthly if period.unit == MONTH else ReturnKind.fortnightly
    if is_future(period, day):
        if kind is ReturnKind.monthly:
            raise FormError('period', _l('A return cannot be filed for a month that is not over yet.'))
        raise FormError('period', _l('A return cannot be filed for a fortnight that is not over yet.'))
    ret = queries.get_return(department.id, period, kind)
    if ret is None:
        ret = Return(department=department, kind=kind, period_start=period.start,
                     period_end=period.end, due_date=period.due_date(), state=ReturnState.draft, data={},
                     created_by_id=user.id)
        db.session.add(ret)
        db.session.flush()
    return ret


def open_return_for(department: Department, start: str, user, day: date,
                    kind: ReturnKind = ReturnKind.fortnightly) -> Return:
    try:
        period = kind.calendar.starting(date.fromisoformat(start))
    except (TypeError, ValueError):
        period = None
    if period is None:
        if kind is ReturnKind.monthly:
            raise FormError('period', _l('Choose a month from the list.'))
        raise FormError('period', _l('Choose a fortnight from the list.'))
    return open_return(department, period, user, day)


def save_draft(ret: Return, figures: dict) -> Return:
    if ret.state not in (ReturnState.draft, ReturnState.returned):
        raise InvalidTransition(_l('This return has been submitted; it can no longer be changed.'))
    ret.data = figures
    db.session.flush()
    return ret


def submit_return(ret: Return, figures: dict, user, has_confirmed_warnings: bool = False) -> ReturnVersion:
    """Save the figures, submit the return and keep this submission as a new version."""
    save_draft(ret, figures)
    now = utcnow()
    ret.submit(user, now)
    ret.reviewed_by_id = ret.reviewed_dt = None
    version = ReturnVersion(number=len(ret.versions) + 1, data=figures, submitted_by_id=user.id, submitted_dt=now,
                            has_confirmed_warnings=has_confirmed_warnings)
    ret.versions.append(version)
    db.session.flush()
    return version


def review_return(ret: Return, decision: str, user, remark: str | None) -> Return:
    """Accept the return, or send it back for correction with a remark; the outcome is kept on the version."""
    remark = (remark or '').strip() or None
    now = utcnow()
    if decision == 'accept':
        ret.accept(user, now, remark)
        outcome = VersionOutcome.accepted
    elif decision == 'return':
        if not remark:
            raise FormError('remark', _l('Say what is to be corrected: a remark is required to return it.'))
        ret.send_back(user, now, remark)
        outcome = VersionOutcome.returned
    else:
        raise FormError('decision', _l('Choose to accept the return or to return it for correction.'))
    version = ret.versions[-1] if ret.versions else None
    if version is not None:
        version.outcome = outcome
        version.remark = remark
        version.decided_by_id = user.id
        version.decided_dt = now
    db.session.flush()
    return ret


# --- reminders ------------------------------------------------------------------------------------------------

def _reminder_text(periods: list[Period], due_dates: list[date]) -> tuple[str, str]:
    from gemcell.core.i18n import format_date
    texts = {}
    for lang in ('hi', 'en'):
        with force_locale(lang):
            items = '; '.join(_('%(period)s (due %(due)s)', period=p.label, due=format_date(d, lang))
                              for p, d in zip(periods, due_dates))
            if periods and periods[0].unit == MONTH:
                texts[lang] = _('Reminder from the GeM Cell: the monthly procurement return for %(periods)s has '
                                'not been filed. Please file it at the earliest.', periods=items)
            else:
                texts[lang] = _('Reminder from the GeM Cell: the fortnightly return for %(periods)s has not been '
                                'filed. Please file it at the earliest.', periods=items)
    return texts['hi'], texts['en']


def send_reminders(rows, user) -> tuple[list[Notice], int]:
    """An in-app notice to every active nodal officer of each department in ``rows`` (grid rows) that has returns
    not filed; returns the notices and how many departments were reminded."""
    notices = []
    departments = 0
    officers = {}
    for officer in queries.nodal_officers([row.department.id for row in rows]):
        officers.setdefault(officer.department_id, []).append(officer)
    now = utcnow()
    for row in rows:
        missing = [cell for cell in row.cells if cell.status == 'missing']
        if not missing or not officers.get(row.department.id):
            continue
        departments += 1
        message_hi, message_en = _reminder_text(
            [c.period for c in missing],
            [c.ret.due_date if c.ret else c.period.due_date() for c in missing])
        for officer in officers[row.department.id]:
            notice = Notice(department_id=row.department.id, user_id=officer.id, message_hi=message_hi,
                            message_en=message_en, created_by_id=user.id, created_dt=now,
                            emailed_to=officer.email if current_app.config.get('MAIL_SERVER') and officer.email
                            else None)
            db.session.add(notice)
            notices.append(notice)
    db.session.flush()
    return notices, departments


def mark_notices_read(user) -> int:
    now = utcnow()
    notices = queries.unread_notices(user)
    for notice in notices:
        notice.read_dt = now
    db.session.flush()
    return len(notices)
