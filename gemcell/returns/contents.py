"""What each kind of return contains, described once: the labels of its figures, how two versions differ and which
figures differ so much from the previous return that the officer must confirm them.

The fortnightly return (duty 1) and the monthly procurement return (duty 2) are described side by side; the
workflow does not look inside.
"""
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.core.i18n import format_inr, format_number

#: scalar figures in the order the return shows them: key -> (label, kind)
SCALARS = {
    'received': (_l('Applications received'), 'count'),
    'registered': (_l('Registered'), 'count'),
    'pending': (_l('Pending'), 'count'),
    'gem_orders': (_l('Orders placed on GeM in the fortnight'), 'count'),
    'gem_value': (_l('Value of those orders (₹)'), 'amount'),
    'problems': (_l('Problems faced'), 'text'),
    'remarks': (_l('Remarks'), 'text'),
}
#: figures compared with the department's previous return
WATCHED = ('received', 'gem_value')

#: the monthly procurement return's scalar figures
MONTHLY_SCALARS = {
    'total_value': (_l('Total procurement in the month (₹)'), 'amount'),
    'gem_goods': (_l('Through GeM: goods (₹)'), 'amount'),
    'gem_services': (_l('Through GeM: services (₹)'), 'amount'),
    'problems': (_l('Problems faced'), 'text'),
    'remarks': (_l('Remarks'), 'text'),
}
MONTHLY_WATCHED = ('total_value', 'gem_goods', 'gem_services')


def scalars_for(kind) -> dict:
    return MONTHLY_SCALARS if getattr(kind, 'value', kind) == 'monthly' else SCALARS


def amount(value) -> Decimal:
    """A stored amount (a string, or None) as a Decimal (None and '' are 0)."""
    return Decimal(value) if value not in (None, '') else Decimal(0)


def gem_value(data: dict) -> Decimal:
    """A monthly return's value bought through GeM: goods and services."""
    return amount((data or {}).get('gem_goods')) + amount((data or {}).get('gem_services'))


def outside_value(data: dict) -> Decimal:
    return sum((amount(row.get('value')) for row in (data or {}).get('outside') or []), Decimal(0))


def gem_share(data: dict) -> Decimal | None:
    """Per cent of the month's procurement bought through GeM (None when the total is 0 or not given)."""
    total = amount((data or {}).get('total_value'))
    if total <= 0:
        return None
    return gem_value(data) * 100 / total


def show(value, kind: str) -> str:
    if value in (None, ''):
        return '—'
    if kind == 'count':
        return format_number(value)
    if kind == 'amount':
        return format_inr(value)
    return str(value)


def reason_label(row: dict, names: dict) -> str:
    if row.get('reason') == 'other':
        return str(_l('Other: %(reason)s', reason=row.get('other') or '—'))
    return names.get(row.get('reason'), row.get('reason') or '—')


@dataclass
class Change:
    label: str
    old: str
    new: str


def diff(old: dict, new: dict, reason_names: dict, category_names: dict, return_kind='fortnightly') -> list[Change]:
    """Field by field, what changed from ``old`` to ``new`` (also in the rows of reasons, purchases outside GeM and
    the categories of problems)."""
    old, new = old or {}, new or {}
    changes = []
    for key, (label, kind) in scalars_for(return_kind).items():
        if old.get(key) != new.get(key):
            changes.append(Change(str(label), show(old.get(key), kind), show(new.get(key), kind)))

    def reasons(data):
        return {reason_label(row, reason_names): row.get('count') for row in data.get('pending_reasons') or []}
    before, after = reasons(old), reasons(new)
    for name in list(before) + [n for n in after if n not in before]:
        if before.get(name) != after.get(name):
            changes.append(Change(str(_l('Pending: %(reason)s', reason=name)), show(before.get(name), 'count'),
                                  show(after.get(name), 'count')))

    def purchases(data):
        return {(row.get('gemarpts_id') or row.get('description') or '—'): row
                for row in data.get('outside') or []}
    before, after = purchases(old), purchases(new)
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        if b != a:
            def text(row):
                if row is None:
                    return '—'
                text = f"{row.get('description') or '—'}, {show(row.get('value'), 'amount')}"
                return text + (f", {row['reason']}" if row.get('reason') else '')
            changes.append(Change(str(_l('Purchase outside GeM %(id)s', id=key)), text(b), text(a)))

    b, a = set(old.get('problem_categories') or []), set(new.get('problem_categories') or [])
    if b != a:
        names = lambda codes: ', '.join(sorted(category_names.get(c, c) for c in codes)) or '—'  # noqa: E731
        changes.append(Change(str(_l('Kinds of problems')), names(b), names(a)))
    return changes


@dataclass
class Warning:
    key: str
    label: str
    now: str
    before: str
    period: str


def _differs_wildly(now, before, factor: Decimal) -> bool:
    now, before = Decimal(now), Decimal(before)
    if now == before:
        return False
    low, high = min(now, before), max(now, before)
    return high > factor * max(low, Decimal(1))


def unusual_changes(figures: dict, previous: dict | None, period_label: str = '',
                    return_kind='fortnightly') -> list[Warning]:
    """The watched figures that changed by more than ``RETURN_WARNING_FACTOR`` (default 3) times either way from
    the department's previous return."""
    if not previous:
        return []
    factor = Decimal(str(current_app.config.get('RETURN_WARNING_FACTOR', 3)))
    warnings = []
    monthly = getattr(return_kind, 'value', return_kind) == 'monthly'
    for key in (MONTHLY_WATCHED if monthly else WATCHED):
        now, before = figures.get(key), previous.get(key)
        if now in (None, '') or before in (None, ''):
            continue
        if _differs_wildly(now, before, factor):
            label, kind = scalars_for(return_kind)[key]
            warnings.append(Warning(key, str(label), show(now, kind), show(before, kind), period_label))
    return warnings
