"""How findings and their evidence are shown: the rendered message, the thresholds with their units, dates stored
as text in the evidence, and the matched text highlighted in the bid's own words."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from gemcell.core.i18n import format_inr, format_number
from gemcell.gemdata.models import BidderState, BuyingMode
from gemcell.scrutiny.models import Finding
from gemcell.scrutiny.settings import DEFAULTS

#: characters of the bid's text shown on either side of a match
CONTEXT_CHARS = 120


def finding_message(finding: Finding) -> str:
    """The finding's message with its evidence, in the current language."""
    rule = finding.rule
    return rule.render(finding.evidence or {}) if rule else finding.rule_id


def department_label(finding: Finding) -> str:
    if finding.department is not None:
        return finding.department.name
    subject = finding.bid or finding.order
    return (subject.buyer_department_raw or '') if subject is not None else ''


def subject_number(finding: Finding) -> str:
    if finding.bid is not None:
        return finding.bid.number
    return finding.order.number if finding.order is not None else ''


def subject_url(finding: Finding) -> str | None:
    if finding.bid_id is not None:
        return url_for('scrutiny.bid', bid_id=finding.bid_id)
    if finding.order_id is not None:
        return url_for('scrutiny.order', order_id=finding.order_id)
    return None


def as_date(value):
    """A date (or datetime) from the evidence, where it is stored as ISO text."""
    if not value or isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def threshold_title(name: str) -> str:
    return str(DEFAULTS[name][0]) if name in DEFAULTS else name


def threshold_value(name: str, value) -> str:
    """A threshold's value with its unit: ₹50,000.00 / 10 days / 5%."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    unit = DEFAULTS[name][1] if name in DEFAULTS else ''
    if unit == 'inr':
        return format_inr(number)
    shown = format_number(number.normalize() if number == number.to_integral() else number)
    if unit == 'days':
        return _('%(days)s days', days=shown)
    if unit == 'percent':
        return f'{shown}%'
    if unit == 'times':
        return f'{shown} ×'
    return shown


def bidder_state_title(value) -> str:
    try:
        return str(BidderState(value).title)
    except ValueError:
        return str(value or '')


def mode_title(value) -> str:
    try:
        return str(BuyingMode(value).title)
    except ValueError:
        return str(value or '')


def _pattern(matches) -> re.Pattern | None:
    words = sorted({m.strip() for m in matches or [] if isinstance(m, str) and m.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile('|'.join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str | None, matches) -> Markup:
    """``text`` (escaped) with every match marked."""
    text = text or ''
    pattern = _pattern(matches)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts.append(escape(text[last:found.start()]))
        parts.append(Markup('<mark>%s</mark>') % found.group(0))
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup('').join(parts)


def snippets(texts, matches) -> list[Markup]:
    """Where the matches occur in the bid's texts: each occurrence with some words around it, marked. A match
    found in no text is shown by itself (marked)."""
    pattern = _pattern(matches)
    if pattern is None:
        return []
    texts = [text for text in texts if text]
    result = []
    for text in texts:
        last_end = -1
        for found in pattern.finditer(text):
            if found.start() < last_end:  # already inside the previous snippet
                continue
            start, end = max(found.start() - CONTEXT_CHARS, 0), min(found.end() + CONTEXT_CHARS, len(text))
            last_end = end
            result.append(Markup('%s%s%s') % ('… ' if start else '', highlight(text[start:end], matches),
                                               ' …' if end < len(text) else ''))
    lowered = [text.lower() for text in texts]
    for match in matches or []:
        if isinstance(match, str) and match.strip() and not any(match.strip().lower() in t for t in lowered):
            result.append(Markup('<mark>%s</mark>') % match)
    return result


def items_kind(items) -> str | None:
    """``orders`` (a split's purchases), ``bidders`` or ``None`` (rows of another shape)."""
    if not items:
        return None
    first = items[0]
    if 'order_id' in first or 'mode' in first:
        return 'orders'
    if 'name' in first and 'state' in first:
        return 'bidders'
    return None


def items_total(items) -> Decimal:
    total = Decimal(0)
    for item in items or []:
        try:
            total += Decimal(str(item.get('value_inr')))
        except (InvalidOperation, ValueError, TypeError):
            continue
    return total


def new_review_form(finding):
    from gemcell.scrutiny.forms import ReviewForm
    return ReviewForm(finding, formdata=None)


def template_helpers() -> dict:
    return {'finding_message': finding_message, 'department_label': department_label,
            'subject_number': subject_number, 'subject_url': subject_url, 'as_date': as_date,
            'threshold_title': threshold_title, 'threshold_value': threshold_value,
            'bidder_state_title': bidder_state_title, 'mode_title': mode_title, 'highlight': highlight,
            'snippets': snippets, 'items_kind': items_kind, 'items_total': items_total,
            'new_review_form': new_review_form}
