"""Reconciliation of the monthly return (issue 6, item 6): the value a department reports as bought through GeM in a
month, against the value of its orders in the imported GeM data for the same month (``Order.total_value`` of the
orders whose ``buyer_department_id`` is the department and whose ``order_dt`` falls in the month in India's time).

A gap larger than ``RECONCILIATION_TOLERANCE`` per cent (default 10) of the GeM data's value is flagged: on the
return (for the officer and the reviewer), in the list of monthly returns and in the monthly note. A month for
which no order at all has been imported is "no GeM data yet", not a mismatch."""
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.core import memo
from gemcell.core.i18n import IST
from gemcell.extensions import db
from gemcell.returns import contents

STATUS_TITLES = {
    'match': _l('Agrees with the GeM data'),
    'mismatch': _l('Differs from the GeM data'),
    'no_data': _l('No GeM data imported for the month yet'),
    'not_reported': _l('Not reported yet'),
}


def tolerance() -> Decimal:
    """The gap allowed, in per cent of the GeM data's value (``RECONCILIATION_TOLERANCE``, default 10)."""
    return Decimal(str(current_app.config.get('RECONCILIATION_TOLERANCE', 10)))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first instant of ``month`` and of the next month, in India's time (aware datetimes)."""
    start = month.replace(day=1)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return datetime.combine(start, time(), IST), datetime.combine(following, time(), IST)


def order_values(month: date, department_ids=None) -> dict[int, Decimal]:
    """``department id -> value of its GeM orders`` placed in ``month`` (India's time), from the imported data."""
    from gemcell.gemdata.models import Order
    start, end = month_bounds(month)
    stmt = (sa.select(Order.buyer_department_id, sa.func.sum(Order.total_value))
            .where(Order.order_dt >= start, Order.order_dt < end, Order.buyer_department_id.is_not(None))
            .group_by(Order.buyer_department_id))
    if department_ids is not None:
        stmt = stmt.where(Order.buyer_department_id.in_(list(department_ids)))
    return {department_id: Decimal(total or 0).quantize(Decimal('0.01'))
            for department_id, total in db.session.execute(stmt)}


def order_values_by_month(months: list[date]) -> dict[date, dict[int, Decimal]]:
    """``month -> {department id -> value of its GeM orders}`` for consecutive ``months`` (first days, oldest
    first), in one pass over the orders of the whole span (each order falls in the month of its date in India)."""
    from gemcell.gemdata.models import Order
    if not months:
        return {}
    # kept while no order is added or changed (``core.memo``): the note and the scorecard ask on every view
    kept = memo.remembered('returns.order_values_by_month', tuple(months), [Order],
                           lambda: _order_values_by_month(months))
    return {month: dict(values) for month, values in kept.items()}


def _order_values_by_month(months: list[date]) -> dict[date, dict[int, Decimal]]:
    from gemcell.gemdata.models import Order
    bounds = [month_bounds(month) for month in months]
    bucket = sa.case(*((Order.order_dt < end, index) for index, (_start, end) in enumerate(bounds)), else_=-1)
    stmt = (sa.select(bucket, Order.buyer_department_id, sa.func.sum(Order.total_value))
            .where(Order.order_dt >= bounds[0][0], Order.order_dt < bounds[-1][1],
                   Order.buyer_department_id.is_not(None))
            .group_by(bucket, Order.buyer_department_id))
    result: dict[date, dict[int, Decimal]] = {month: {} for month in months}
    for index, department_id, total in db.session.execute(stmt):
        if index >= 0:
            result[months[index]][department_id] = Decimal(total or 0).quantize(Decimal('0.01'))
    return result


def has_orders(month: date) -> bool:
    """Whether any order of ``month`` has been imported (for any department)."""
    from gemcell.gemdata.models import Order
    start, end = month_bounds(month)
    return db.session.scalar(sa.select(Order.id).where(Order.order_dt >= start, Order.order_dt < end).limit(1)) \
        is not None


@dataclass
class Check:
    """One monthly return's reported GeM value against the GeM data."""
    reported: Decimal | None
    data_value: Decimal | None
    status: str
    tolerance: Decimal

    @property
    def gap(self) -> Decimal | None:
        if self.reported is None or self.data_value is None:
            return None
        return self.reported - self.data_value

    @property
    def gap_percent(self) -> Decimal | None:
        """The gap in per cent of the GeM data's value (None when the data shows nothing)."""
        if self.gap is None or not self.data_value:
            return None
        return (self.gap * 100 / self.data_value).quantize(Decimal('0.1'))

    @property
    def is_flagged(self) -> bool:
        return self.status == 'mismatch'

    @property
    def title(self):
        return STATUS_TITLES[self.status]


def judge(reported: Decimal | None, data_value: Decimal | None, data_exists: bool,
          limit: Decimal | None = None) -> Check:
    limit = tolerance() if limit is None else limit
    if reported is None:
        return Check(None, data_value, 'not_reported', limit)
    if not data_exists:
        return Check(reported, None, 'no_data', limit)
    data_value = data_value or Decimal(0)
    if data_value == 0:
        status = 'match' if reported == 0 else 'mismatch'
    else:
        status = 'mismatch' if abs(reported - data_value) * 100 > limit * data_value else 'match'
    return Check(reported, data_value, status, limit)


def reported_value(figures: dict) -> Decimal | None:
    """The GeM value a monthly return reports (goods + services), ``None`` until either is given."""
    figures = figures or {}
    if figures.get('gem_goods') in (None, '') and figures.get('gem_services') in (None, ''):
        return None
    return contents.gem_value(figures)


def reconcile(ret, figures: dict | None = None) -> Check:
    """The check of one monthly return (of ``figures`` when given, e.g. what the form holds)."""
    values = order_values(ret.period_start, [ret.department_id])
    return judge(reported_value(ret.data if figures is None else figures), values.get(ret.department_id),
                 has_orders(ret.period_start))


def reconcile_returns(returns) -> dict[int, Check]:
    """``return id -> Check`` for many monthly returns, in one query per month."""
    by_month = {}
    for ret in returns:
        by_month.setdefault(ret.period_start, []).append(ret)
    checks = {}
    for month, group in by_month.items():
        values = order_values(month, {ret.department_id for ret in group})
        exists = bool(values) or has_orders(month)
        for ret in group:
            checks[ret.id] = judge(reported_value(ret.data), values.get(ret.department_id), exists)
    return checks
