"""Writes of the payments module: a department's payment status return (from the page's table or an uploaded
spreadsheet: every row checked first, nothing saved unless all are good), the managed list of reasons for delay,
and a bid's own payment timeline. Flush, never commit; the audit trail records every change."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from gemcell.core.db import utcnow
from gemcell.core.errors import FormError
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Order
from gemcell.gemdata.parsing import ParseError, parse_date
from gemcell.payments.models import (BidPaymentTerm, DelayReason, PaymentReport, PaymentState, PaymentStatus,
                                     ReportSource)

#: the list as shipped: (code, Hindi, English); the migration inserts the same rows
DEFAULT_DELAY_REASONS = [
    ('bill_not_received', 'विक्रेता का बिल प्राप्त नहीं हुआ', 'Bill not received from the seller'),
    ('budget', 'बजट / धनराशि उपलब्ध नहीं', 'Budget (funds) not available'),
    ('dispute', 'आपूर्ति / गुणवत्ता सम्बन्धी विवाद', 'Dispute over the supply or its quality'),
    ('crac_pending', 'सी0आर0ए0सी0 (CRAC) जारी होना शेष', 'CRAC still to be issued'),
    ('other', 'अन्य (कारण लिखें)', 'Other (write the reason)'),
]
MAX_ROWS = 5000


def seed_delay_reasons() -> int:
    """Add the shipped reasons that are missing (idempotent; edited or deactivated ones are kept)."""
    existing = set(db.session.scalars(sa.select(DelayReason.code)))
    added = 0
    for position, (code, name_hi, name_en) in enumerate(DEFAULT_DELAY_REASONS, start=1):
        if code not in existing:
            db.session.add(DelayReason(code=code, name_hi=name_hi, name_en=name_en, position=position * 10))
            added += 1
    db.session.flush()
    return added


# --- the status return ---------------------------------------------------------------------------------------------

@dataclass
class RowInput:
    """One row as entered: raw values (strings from a form, cells from a spreadsheet)."""
    label: str
    order: object = None
    state: object = None
    paid_date: object = None
    reference: object = None
    reason: object = None
    remark: object = None
    prc_date: object = None


@dataclass
class RowUpdate:
    order: Order
    state: PaymentState
    paid_date: date | None = None
    reference: str | None = None
    reason_code: str | None = None
    remark: str | None = None
    prc_date: date | None = None


@dataclass
class Checked:
    updates: list[RowUpdate] = field(default_factory=list)
    #: ``(row label, order number or '', [messages])``
    errors: list[tuple[str, str, list]] = field(default_factory=list)
    #: per order id: the messages of its row (for the page's table)
    by_order: dict = field(default_factory=dict)
    skipped: int = 0


def _text(value) -> str:
    if value is None:
        return ''
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _key(value) -> str:
    return ' '.join(_text(value).casefold().split())


def _choices(pairs) -> dict[str, str]:
    """``typed text -> code``: each code, and its title in Hindi and English, case-folded."""
    result = {}
    for code, title in pairs:
        result[_key(code)] = code
        for lang in ('hi', 'en'):
            with force_locale(lang):
                result[_key(str(title))] = code
    return result


def state_choices() -> dict[str, str]:
    result = _choices([(s.value, s.title) for s in PaymentState])
    result.update({'not paid': 'delayed', 'unpaid': 'delayed', 'delay': 'delayed', 'भुगतान नहीं': 'delayed',
                   'भुगतान हो गया': 'paid', 'भुगतान किया गया': 'paid'})
    return result


def reason_choices(reasons: list[DelayReason]) -> dict[str, str]:
    result = {}
    for reason in reasons:
        for text in (reason.code, reason.name_hi, reason.name_en):
            result[_key(text)] = reason.code
    return result


def _date(value, errors: list, what, today: date, not_before: date | None = None) -> date | None:
    if value is None or _text(value) == '':
        return None
    try:
        day = parse_date(value)
    except ParseError:
        day = None
    if day is None:
        errors.append(_l('%(what)s: “%(value)s” is not a date (write it as DD.MM.YYYY).', what=what,
                         value=_text(value)))
        return None
    if day > today:
        errors.append(_l('%(what)s cannot be in the future.', what=what))
        return None
    if not_before is not None and day < not_before:
        errors.append(_l('%(what)s cannot be before the order’s date.', what=what))
        return None
    return day


def check_rows(rows: list[RowInput], orders: dict[str, Order], reasons: list[DelayReason],
               today: date) -> Checked:
    """Check every row against the department's ``orders`` (number -> order); a row with nothing entered is
    skipped. Returns the updates, or the rows' errors (then nothing is to be saved)."""
    from gemcell.payments.queries import order_day
    checked = Checked()
    states, reason_codes = state_choices(), reason_choices(reasons)
    seen: dict[str, str] = {}
    if len(rows) > MAX_ROWS:
        checked.errors.append(('', '', [_l('The file has more than %(max)s rows; split it.', max=MAX_ROWS)]))
        return checked
    for row in rows:
        number = _text(row.order)
        values = [row.state, row.paid_date, row.reference, row.reason, row.remark, row.prc_date]
        if not any(_text(v) for v in values):
            checked.skipped += 1
            continue
        errors: list = []
        order = orders.get(number)
        if not number:
            errors.append(_l('The order number is missing.'))
        elif order is None:
            errors.append(_l('Order “%(number)s” is not one of your department’s orders.', number=number))
        elif number in seen:
            errors.append(_l('Order “%(number)s” appears twice (also in row %(row)s).', number=number,
                             row=seen[number]))
        if number:
            seen.setdefault(number, row.label)
        state = states.get(_key(row.state))
        after = order_day(order) if order is not None else None
        paid_date = _date(row.paid_date, errors, _l('Payment date'), today, after)
        prc_date = _date(row.prc_date, errors, _l('Provisional receipt (PRC) date'), today, after)
        reference, remark = _text(row.reference), _text(row.remark)
        reason = reason_codes.get(_key(row.reason)) if _text(row.reason) else None
        if state is None:
            errors.append(_l('Say whether the order is paid or not yet paid.') if not _text(row.state) else
                          _l('“%(value)s” is not a status: write “paid” or “not paid yet”.', value=_text(row.state)))
        elif state == 'paid':
            if paid_date is None and not _text(row.paid_date):
                errors.append(_l('Give the date of payment.'))
            if not reference:
                errors.append(_l('Give the payment’s reference (PFMS / e-payment number).'))
            if _text(row.reason):
                errors.append(_l('A paid order has no reason for delay: leave the reason blank.'))
        else:
            if _text(row.paid_date):
                errors.append(_l('An order not yet paid has no payment date: leave it blank.'))
            if not _text(row.reason):
                errors.append(_l('Choose the reason for the delay.'))
            elif reason is None:
                errors.append(_l('“%(value)s” is not a reason in the list.', value=_text(row.reason)))
            elif reason == 'other' and not remark:
                errors.append(_l('Write the reason for the delay (the reason chosen is “other”).'))
        if len(reference) > 100:
            errors.append(_l('The reference is too long (at most 100 characters).'))
        if len(remark) > 500:
            errors.append(_l('The remark is too long (at most 500 characters).'))
        if errors:
            checked.errors.append((row.label, number, errors))
            if order is not None:
                checked.by_order[order.id] = errors
            continue
        checked.updates.append(RowUpdate(order, PaymentState(state), paid_date if state == 'paid' else None,
                                         reference or None, reason if state == 'delayed' else None, remark or None,
                                         prc_date))
    return checked


#: what a report says (a row saying the same as the current status is not a new report)
_SAID = ('state', 'paid_date', 'reference', 'reason_code', 'remark', 'prc_date')


def save_reports(department_id: int, updates: list[RowUpdate], user, source: ReportSource) -> list[PaymentReport]:
    """Keep each update as a report (the history) and make it the order's current status."""
    now = utcnow()
    statuses = {s.order_id: s for s in db.session.scalars(
        sa.select(PaymentStatus).where(PaymentStatus.order_id.in_([u.order.id for u in updates])))}
    reports = []
    for update in updates:
        fields = dict(state=update.state, paid_date=update.paid_date, reference=update.reference,
                      reason_code=update.reason_code, remark=update.remark, source=source, reported_dt=now,
                      department_id=department_id, reported_by_id=user.id)
        status = statuses.get(update.order.id)
        # a PRC date once reported stays known until a new one is given
        fields['prc_date'] = update.prc_date or (status.prc_date if status else None)
        if status is not None and all(getattr(status, name) == fields[name] for name in _SAID):
            continue  # the row repeats the current status: nothing new to keep
        report = PaymentReport(order_id=update.order.id, **fields)
        db.session.add(report)
        db.session.flush()
        if status is None:
            status = PaymentStatus(order_id=update.order.id, report_id=report.id, **fields)
            db.session.add(status)
        else:
            for name, value in fields.items():
                setattr(status, name, value)
            status.report_id = report.id
        reports.append(report)
    db.session.flush()
    return reports


# --- a bid's payment timeline -------------------------------------------------------------------------------------

def set_bid_payment_days(bid: Bid, days: int | None, note: str | None, user) -> BidPaymentTerm | None:
    """Record the payment timeline the bid set (``None``: the bid set none, GeM GTC's applies)."""
    term = db.session.scalar(sa.select(BidPaymentTerm).filter_by(bid_id=bid.id))
    if days is None:
        if term is not None:
            db.session.delete(term)
            db.session.flush()
        return None
    if not 1 <= days <= 365:
        raise FormError('days', _l('The payment timeline must be between 1 and 365 days.'))
    if term is None:
        term = BidPaymentTerm(bid_id=bid.id, days=days, created_by_id=user.id)
        db.session.add(term)
    term.days = days
    term.note = (note or '').strip() or None
    db.session.flush()
    return term


def save_delay_reason(reason: DelayReason | None, data: dict) -> DelayReason:
    """Add a reason for delay, or change one's names, position and use (its code stays: reports refer to it)."""
    clash = db.session.scalar(sa.select(DelayReason.id).filter_by(code=data['code']))
    if clash is not None and (reason is None or clash != reason.id):
        raise FormError('code', _l('This list already has an entry with this code.'))
    if reason is None:
        reason = DelayReason(code=data['code'])
        db.session.add(reason)
    elif reason.code != data['code']:
        raise FormError('code', _l('The list and code of an entry cannot be changed: returns refer to them. '
                                   'Deactivate it and add a new one.'))
    reason.name_hi = data['name_hi'].strip()
    reason.name_en = data['name_en'].strip()
    reason.position = data['position']
    reason.is_active = bool(data['is_active'])
    db.session.flush()
    return reason


# --- a direction to the department on its overdue orders (issue 8, item 5) ---------------------------------------

#: the points a direction may carry (directives' limit) — one per order, the rest summed up in the last
MAX_ORDER_POINTS = 49


def earlier_direction_not_complied(department_id: int, day: date) -> bool:
    """Whether an earlier overdue-payments direction to the department was issued and not complied with: its
    report classed *not complied* or *partly complied*, or no report while its due date has passed."""
    from gemcell.core.compliance import Compliance
    from gemcell.directives.models import Addressee, Direction, DirectionState, ReplyState
    addressees = db.session.scalars(
        sa.select(Addressee).join(Addressee.direction)
        .where(Direction.source_kind == 'payments', Direction.state != DirectionState.draft,
               Addressee.department_id == department_id))
    for addressee in addressees:
        if addressee.state is ReplyState.classed:
            if addressee.compliance in (Compliance.not_complied, Compliance.partly):
                return True
        elif addressee.direction.due_date < day:
            return True
    return False


def draft_overdue_direction(department, user, day: date, url: str = ''):
    """A draft direction to ``department`` listing its overdue orders (number, days overdue, interest), asking for
    payment and an action-taken report by the due date. At the Commissioner & Director's level, or Government's
    when an earlier one on overdue payments was not complied with. Raises ``FormError`` when nothing is overdue."""
    from gemcell.core.i18n import format_inr, format_short_date
    from gemcell.directives.models import DirectionLevel
    from gemcell.directives.operations import Source, draft_direction
    from gemcell.payments.queries import overdue_for_direction
    orders = overdue_for_direction(department.id, day)
    if not orders:
        raise FormError('department', _l('No order of this department is overdue.'))
    with force_locale('hi'):
        points = [f'आदेश संख्या {o["number"]}' + (f' ({o["office"]})' if o['office'] else '')
                  + f', मूल्य {format_inr(o["value"])}: नियत तिथि {format_short_date(o["due"])} से {o["days_overdue"]}'
                  f' दिन विलम्ब, देय ब्याज {format_inr(o["interest"])} — भुगतान तत्काल सुनिश्चित करें।'
                  for o in orders[:MAX_ORDER_POINTS]]
        rest = orders[MAX_ORDER_POINTS:]
        if rest:
            points.append(f'उपर्युक्त के अतिरिक्त {len(rest)} अन्य आदेश (मूल्य '
                          f'{format_inr(sum(o["value"] for o in rest))}, देय ब्याज '
                          f'{format_inr(sum(o["interest"] for o in rest))}) भी विलम्बित हैं; इनका भुगतान भी तत्काल '
                          f'सुनिश्चित करें। आदेशवार सूची जेम सेल के पोर्टल पर उपलब्ध है।')
        total_value = sum(o['value'] for o in orders)
        total_interest = sum(o['interest'] for o in orders)
        body = (f'जेम (GeM) पोर्टल पर विभाग के {len(orders)} आदेशों (मूल्य {format_inr(total_value)}) का भुगतान '
                f'दिनांक {format_short_date(day)} तक नियत समय-सीमा के उपरान्त भी लम्बित है, जिस पर '
                f'{format_inr(total_interest)} का ब्याज देय हो चुका है। विलम्बित भुगतान पर ब्याज का भार विभाग पर '
                f'पड़ता है तथा सूक्ष्म एवं लघु उद्यमों को उनके देय भुगतान में विलम्ब होता है।')
    repeated = earlier_direction_not_complied(department.id, day)
    level = DirectionLevel.government if repeated else DirectionLevel.commissioner
    source = Source('payments', department.id, f'लम्बित भुगतान की स्थिति, दिनांक {format_short_date(day)}', url)
    return draft_direction(f'जेम पोर्टल पर लम्बित भुगतान — {department.name_hi}', points, [department.id],
                           level=level, source=source, user=user, body=body)
