"""Reads of the payments module: each order's payment as the rules see it, the ageing of what is unpaid (State →
department → office → order), the interest, the dashboard, and the department's status return.

The State's figures come from aggregates: one ``GROUP BY`` over the unpaid orders (the partial index
``ix_orders_unpaid_department`` skips the paid ones) on everything the rules read — the acceptance date, the seller's
MSE status, the bid's own timeline, the order date's settings epoch — so that ``rules`` computes each group once, as
it would each of its orders.
"""
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import g, has_app_context

from gemcell.core import memo
from gemcell.core.db import utcnow
from gemcell.core.i18n import IST, to_local
from gemcell.core.scoping import department_filter, scope_key
from gemcell.directory.models import Department, Office
from gemcell.extensions import db
from gemcell.gemdata.models import BuyingMode, Order, Seller
from gemcell.payments import rules, sql
from gemcell.payments.models import BidPaymentTerm, DelayReason, PaymentReport, PaymentState, PaymentStatus
from gemcell.scrutiny.models import Threshold
from gemcell.scrutiny.settings import Settings

#: the settings the payment rules read: their versions' dates split the order dates into epochs
PAYMENT_SETTINGS = ('payment.gtc_days', 'payment.autocrac_limit', 'payment.autocrac_days', 'payment.msmed_max_days',
                    'payment.penal_percent_month', 'payment.msmed_rate_multiple')
VALUE = sa.func.coalesce(Order.invoice_amount, Order.total_value, 0)
#: the dashboard's trend: overdue at the end of each of the last six months
TREND_MONTHS = 6


def today() -> date:
    """Today in India."""
    return to_local(utcnow()).date()


def get_settings() -> Settings:
    """The settings (shipped and added versions), read once per request."""
    if has_app_context():
        settings = g.get('payment_settings')
        if settings is None:
            settings = g.payment_settings = Settings.load(db.session)
        return settings
    return Settings.load(db.session)  # pragma: no cover


# --- one order ----------------------------------------------------------------------------------------------------

@dataclass
class OrderPayment:
    """One order's payment as the rules see it on ``today``."""
    order: Order
    status: PaymentStatus | None
    terms: rules.Terms
    due: rules.Due
    payment: rules.Payment
    today: date
    penal_rate: Decimal
    penal: Decimal
    msmed: Decimal
    msmed_steps: list = field(default_factory=list)

    @property
    def is_paid(self) -> bool:
        return self.payment.paid is not None

    @property
    def days_late(self) -> int:
        return rules.days_late(self.due.due, self.payment.paid, self.today)

    @property
    def is_overdue(self) -> bool:
        return not self.is_paid and self.days_late > 0

    @property
    def days_past_acceptance(self) -> int | None:
        if self.due.accepted is None:
            return None
        return ((self.payment.paid or self.today) - self.due.accepted).days

    @property
    def bucket(self) -> str | None:
        days = self.days_past_acceptance
        return None if days is None or self.is_paid else rules.bucket_of(days)

    @property
    def interest(self) -> Decimal:
        return self.penal + self.msmed

    @property
    def value(self) -> Decimal:
        return self.terms.value


def order_day(order: Order) -> date | None:
    return to_local(order.order_dt).date() if order.order_dt else None


def compute(order: Order, status: PaymentStatus | None, bid_days: int | None, settings: Settings,
            day: date, with_steps: bool = False) -> OrderPayment:
    seller = order.seller
    terms = rules.Terms(value=Decimal(order.invoice_amount or order.total_value or 0), order_day=order_day(order),
                        crac_date=order.crac_date, is_direct=order.buying_mode is BuyingMode.direct,
                        prc_date=status.prc_date if status else None, bid_days=bid_days,
                        is_mse=bool(seller and seller.is_mse))
    due = rules.due_date(terms, settings)
    payment = rules.effective_payment(order.payment_date, order.modified_dt, status)
    late = rules.days_late(due.due, payment.paid, day)
    rate = rules.penal_rate(terms.order_day, settings)
    penal = rules.penal_interest(terms.value, late, rate)
    msmed, steps = Decimal('0.00'), []
    if terms.is_mse and late > 0:
        msmed = rules.msmed_interest(terms.value, due.due, late, settings)
        if with_steps:
            steps = rules.msmed_steps(terms.value, due.due, late, settings)
    return OrderPayment(order, status, terms, due, payment, day, rate, penal, msmed, steps)


def _orders_with_terms(stmt):
    """``(order, status, bid days)`` for the orders ``stmt`` selects (``select(Order)…``)."""
    stmt = (stmt.add_columns(PaymentStatus, BidPaymentTerm.days)
            .outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
            .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
            .options(sa.orm.joinedload(Order.seller)))
    return db.session.execute(stmt).unique().all()


def get_order_payment(order: Order, day: date | None = None) -> OrderPayment:
    row = _orders_with_terms(sa.select(Order).where(Order.id == order.id))[0]
    return compute(row[0], row[1], row[2], get_settings(), day or today(), with_steps=True)


def order_history(order: Order) -> list[PaymentReport]:
    return list(db.session.scalars(sa.select(PaymentReport).filter_by(order_id=order.id)
                                   .options(sa.orm.joinedload(PaymentReport.reported_by))
                                   .order_by(PaymentReport.reported_dt.desc(), PaymentReport.id.desc())))


def _unpaid_clause():  # for lists of orders; the aggregates use ``_unpaid_groups``
    """Orders unpaid by the latest evidence (with ``PaymentStatus`` outer-joined)."""
    return sa.or_(
        sa.and_(Order.payment_date.is_(None),
                sa.or_(PaymentStatus.id.is_(None), PaymentStatus.state != PaymentState.paid)),
        sa.and_(Order.payment_date.is_not(None), PaymentStatus.state == PaymentState.delayed,
                PaymentStatus.reported_dt > Order.modified_dt))


def visible_orders(user):
    clause = department_filter(Order, user)
    stmt = sa.select(Order)
    return stmt if clause is None else stmt.where(clause)


def unpaid_orders(department_id: int | None = None, office_id: int | None = None, day: date | None = None,
                  user=None) -> list[OrderPayment]:
    """The unpaid orders (of a department or an office), computed one by one, the longest overdue first."""
    stmt = sa.select(Order) if user is None else visible_orders(user)
    if department_id is not None:
        stmt = stmt.where(Order.buyer_department_id == department_id)
    if office_id is not None:
        stmt = stmt.where(Order.office_id == office_id)
    stmt = stmt.outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id).where(_unpaid_clause())
    rows = db.session.execute(
        stmt.add_columns(PaymentStatus, BidPaymentTerm.days)
        .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
        .options(sa.orm.joinedload(Order.seller), sa.orm.joinedload(Order.office))).unique().all()
    settings, day = get_settings(), day or today()
    result = [compute(order, status, days, settings, day) for order, status, days in rows]
    return sorted(result, key=lambda p: (-p.days_late, p.due.due or date.max, p.order.number))


def unpaid_page(department_id: int, page: int, per_page: int, day: date | None = None) -> tuple[list[OrderPayment], int]:
    """One page of ``unpaid_orders(department_id)``, in the same order, and how many there are in all. The order is
    worked out from a few columns of each unpaid order (the days allowed by the database; the rules only for the
    few accepted by auto-CRAC) and kept while the payments' tables are unchanged (``core.memo``); only the page's
    orders are loaded and computed in full."""
    settings, day = get_settings(), day or today()
    keys = memo.remembered('payments.unpaid_order', (department_id, day), DASHBOARD_READS,
                           lambda: _unpaid_order(department_id, day, settings), counted=(BidPaymentTerm, Threshold))
    ids = [key[-1] for key in keys[(page - 1) * per_page:page * per_page]]
    rows = db.session.execute(
        sa.select(Order, PaymentStatus, BidPaymentTerm.days).where(Order.id.in_(ids))
        .outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
        .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
        .options(sa.orm.joinedload(Order.seller), sa.orm.joinedload(Order.office))).unique().all() if ids else []
    computed = {order.id: compute(order, status, days, settings, day) for order, status, days in rows}
    return [computed[order_id] for order_id in ids], len(keys)


def _unpaid_order(department_id: int, day: date, settings: Settings) -> tuple[tuple, ...]:
    """The department's unpaid orders as ``(-days late, due date, number, id)``, sorted."""
    stmt = (sa.select(Order.id, Order.number, Order.crac_date, sql.days_allowed(settings), PaymentStatus.prc_date)
            .outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
            .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
            .where(Order.buyer_department_id == department_id, _unpaid_clause()))
    keys, auto_crac = [], []
    for order_id, number, crac, allowed, prc in db.session.execute(stmt):
        if crac is not None:
            due = crac + timedelta(days=allowed)
            keys.append((-max((day - due).days, 0), due, number, order_id))
        elif prc is not None:
            auto_crac.append(order_id)
        else:  # not accepted: no due date yet
            keys.append((0, date.max, number, order_id))
    if auto_crac:
        for order, status, bid_days in _orders_with_terms(sa.select(Order).where(Order.id.in_(auto_crac))):
            item = compute(order, status, bid_days, settings, day)
            keys.append((-item.days_late, item.due.due or date.max, order.number, order.id))
    return tuple(sorted(keys))


def department_overdue_orders(department_id: int, day: date | None = None) -> list[OrderPayment]:
    """A department's overdue unpaid orders with their days overdue and interest (what a direction lists)."""
    return [p for p in unpaid_orders(department_id, day=day) if p.is_overdue]


def overdue_for_direction(department_id: int, day: date | None = None) -> list[dict]:
    """The department's overdue orders as plain data for a direction (issue 7's documents take plain data): one
    dict per order, the longest overdue first, with the rule that set the due date and the interest."""
    return [{'order_id': p.order.id, 'number': p.order.number,
             'office': p.order.office.name if p.order.office else (p.order.office_raw or ''),
             'seller': p.order.seller_name or '', 'is_mse': p.terms.is_mse, 'value': p.value,
             'accepted': p.due.accepted, 'due': p.due.due, 'rules': list(p.due.rules), 'days_overdue': p.days_late,
             'penal_interest': p.penal, 'msmed_interest': p.msmed, 'interest': p.interest,
             'reason': p.status.reason_code if p.status is not None else None}
            for p in department_overdue_orders(department_id, day)]


#: a due date is at most this long after the acceptance (a bid's own timeline is at most a year)
DUE_WITHIN = timedelta(days=400)


def due_in_month(start: date, end: date, department_ids, day: date | None = None,
                 auto_crac_only: bool = False) -> dict[int, list[OrderPayment]]:
    """For the department scorecard: per department, its orders whose payment fell due from ``start`` to ``end``
    (inclusive) and can be judged on ``day``: paid (on time or late), or unpaid with the due date passed. Only
    orders accepted since ``DUE_WITHIN`` before ``start`` are read (``auto_crac_only``: only those accepted by
    auto-CRAC, without a CRAC date)."""
    settings, day = get_settings(), day or today()
    earliest = start - DUE_WITHIN
    auto_crac = sa.and_(Order.crac_date.is_(None), PaymentStatus.prc_date.between(earliest, end))
    stmt = (sa.select(Order).where(Order.buyer_department_id.in_(list(department_ids)),
                                   auto_crac if auto_crac_only else
                                   sa.or_(Order.crac_date.between(earliest, end), auto_crac)))
    result: dict[int, list[OrderPayment]] = {}
    for order, status, bid_days in _orders_with_terms(stmt):
        item = compute(order, status, bid_days, settings, day)
        due = item.due.due
        if due is None or not start <= due <= end or (not item.is_paid and due >= day):
            continue
        result.setdefault(order.buyer_department_id, []).append(item)
    for items in result.values():
        items.sort(key=lambda p: (p.due.due, p.order.number))
    return result


#: the tables the payments' figures are computed from (``core.memo``: kept while none changes)
DASHBOARD_READS = [Order, Seller, PaymentReport, BidPaymentTerm, Threshold]
#: up to this many departments, a query of theirs reads their orders (``ix_orders_department_order_dt``)
FEW_DEPARTMENTS = 5


def due_in_month_counts(start: date, end: date, department_ids, day: date | None = None) -> dict[int, list[int]]:
    """``due_in_month`` counted: per department, ``[payments judged, of them paid by the due date]``. The
    database reckons the orders with a CRAC date (``payments.sql``, the rules' numbers); the few accepted by
    auto-CRAC go through the rules one by one. Kept (``core.memo``) while the payments' tables are unchanged: the
    scorecard asks for it on every view."""
    day = day or today()
    department_ids = frozenset(department_ids)
    counts = memo.remembered('payments.due_in_month_counts', (start, end, department_ids, day), DASHBOARD_READS,
                             lambda: _due_in_month_counts(start, end, department_ids, day),
                             counted=(BidPaymentTerm, Threshold))
    return {department_id: list(pair) for department_id, pair in counts.items()}


def _due_in_month_counts(start: date, end: date, department_ids: frozenset, day: date) -> dict[int, list[int]]:
    settings = get_settings()
    due = sql.day_number(Order.crac_date) + sql.days_allowed(settings)
    gem_evidence_wins = sa.or_(PaymentStatus.id.is_(None),
                               sa.and_(Order.payment_date.is_not(None), Order.modified_dt >= PaymentStatus.reported_dt))
    paid = sa.case((gem_evidence_wins, Order.payment_date),
                   (PaymentStatus.state == PaymentState.paid, PaymentStatus.paid_date), else_=sa.null())
    on_time = sa.and_(paid.is_not(None), sql.day_number(paid) <= due)
    stmt = (sa.select(Order.buyer_department_id, sa.func.count(Order.id),
                      sa.func.sum(sa.case((on_time, 1), else_=0)))
            .outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
            .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
            .where(Order.crac_date.between(start - DUE_WITHIN, end),
                   due.between(sql.day(start, 'start'), sql.day(end, 'end')),
                   sa.or_(paid.is_not(None), due < sql.day(day, 'today')))
            .group_by(Order.buyer_department_id))
    if len(department_ids) <= FEW_DEPARTMENTS:
        stmt = stmt.where(Order.buyer_department_id.in_(sorted(department_ids)))
    # for many departments (the scorecard's every department) the CRAC dates' range (ix_orders_crac_date) is the
    # narrower read: the department list would have the database visit each department's every order
    result = {department_id: [count, int(timely or 0)] for department_id, count, timely in db.session.execute(stmt)
              if department_id in department_ids}
    for department_id, items in due_in_month(start, end, department_ids, day, auto_crac_only=True).items():
        counts = result.setdefault(department_id, [0, 0])
        counts[0] += len(items)
        counts[1] += sum(1 for item in items if item.is_paid and item.days_late == 0)
    return result


# --- the State's aggregates ------------------------------------------------------------------------------------------

def _epoch_case(settings: Settings):
    """The order date's settings epoch: the latest version date of any payment setting on or before the order's
    date (``None``: no order date, judged by the latest versions). Every order of an epoch reads the same numbers."""
    days = sorted({v.effective_from for name in PAYMENT_SETTINGS for v in settings.versions[name]})
    whens = [(Order.order_dt >= datetime.combine(day, time(), IST), sa.literal(day.isoformat()))
             for day in reversed(days)]
    return sa.case(*whens, else_=sa.case((Order.order_dt.is_(None), sa.null()),
                                         else_=sa.literal((days[0] - timedelta(days=1)).isoformat())))


@dataclass
class Ageing:
    """Counts and values per bucket, what is overdue and the interest on it, for one row of a drill-down."""
    key: object = None
    name: str = ''
    count: int = 0
    value: Decimal = Decimal('0')
    buckets: dict = field(default_factory=lambda: {key: [0, Decimal('0')] for key, _l, _h in rules.BUCKETS})
    overdue_count: int = 0
    overdue_value: Decimal = Decimal('0')
    penal: Decimal = Decimal('0')
    msmed: Decimal = Decimal('0')
    max_days_late: int = 0

    @property
    def interest(self) -> Decimal:
        return self.penal + self.msmed

    def add(self, other: 'Ageing') -> None:
        self.count += other.count
        self.value += other.value
        for key, (count, value) in other.buckets.items():
            self.buckets[key][0] += count
            self.buckets[key][1] += value
        self.overdue_count += other.overdue_count
        self.overdue_value += other.overdue_value
        self.penal += other.penal
        self.msmed += other.msmed
        self.max_days_late = max(self.max_days_late, other.max_days_late)


def _group_columns(settings: Settings):
    """What the rules read of an order, as the database gives it (no conversion per row: dates may come as text)."""
    raw = sa.String
    candidate = sa.case((sa.and_(Order.crac_date.is_(None), Order.buying_mode == BuyingMode.direct), VALUE),
                        else_=sa.null())
    return [sa.type_coerce(Order.crac_date, raw), sa.type_coerce(PaymentStatus.prc_date, raw),
            (Order.buying_mode == BuyingMode.direct).label('is_direct'), sa.type_coerce(candidate, sa.Float),
            BidPaymentTerm.days, sql.is_mse().label('mse'),
            _epoch_case(settings).label('epoch')]


def _grouped(statement, extra_keys, settings, status_joined=False):
    keys = list(extra_keys) + _group_columns(settings)
    statement = statement.with_only_columns(*keys, sa.func.count(Order.id),
                                            sa.type_coerce(sa.func.sum(VALUE), sa.Float))
    if not status_joined:
        statement = statement.outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
    return (statement.outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
            .group_by(*keys))


#: in place of a user: every department's orders, for figures computed once for the State and given to each user
#: for his own department only (``overdue_counts``)
EVERY_DEPARTMENT = object()


def _scoped(stmt, user, department_id=None):
    stmt = stmt.where(Order.buyer_department_id.is_not(None))
    if department_id is not None:
        stmt = stmt.where(Order.buyer_department_id == department_id)
    clause = None if user is EVERY_DEPARTMENT else department_filter(Order, user)
    return stmt if clause is None else stmt.where(clause)


def _unpaid_groups(user, keys, settings, department_id=None, *where) -> list:
    """The unpaid orders grouped by ``keys`` and everything the rules read, in two reads that each use an index:
    no payment date on GeM (and no later report of payment), and a GeM payment date the department's later report
    contradicts."""
    no_gem_date = _scoped(sa.select(Order.id), user, department_id).where(Order.payment_date.is_(None))
    no_gem_date = _grouped(no_gem_date, keys, settings).where(
        sa.or_(PaymentStatus.id.is_(None), PaymentStatus.state != PaymentState.paid))
    contradicted = _scoped(sa.select(Order.id).select_from(PaymentStatus).join(
        Order, Order.id == PaymentStatus.order_id), user, department_id).where(
        PaymentStatus.state == PaymentState.delayed, Order.payment_date.is_not(None),
        PaymentStatus.reported_dt > Order.modified_dt)
    contradicted = _grouped(contradicted, keys, settings, status_joined=True).where(*where)
    no_gem_date = no_gem_date.where(*where)
    connection = db.session.connection()  # Core rows: no ORM loading for tens of thousands of groups
    return connection.execute(no_gem_date).all() + connection.execute(contradicted).all()


class _Rules:
    """The rules applied to groups of orders. Everything but the acceptance date depends on a handful of
    combinations (the bid's days, MSE or not, the order date's epoch), each worked out once by ``rules.due_date``;
    a group's due date is then its CRAC date plus the days allowed."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.factors = rules.MsmedFactors(settings)
        self.allowed: dict = {}
        self.dates: dict = {}
        self.other: dict = {}
        self.rates: dict = {}

    def day(self, value) -> date | None:
        found = self.dates.get(value)
        if found is None and value is not None:
            found = self.dates[value] = _as_date(value)
        return found

    def group(self, row, n: int) -> tuple[date | None, date | None, bool, str | None]:
        """``(accepted, due, is_mse, epoch)`` of the group in ``row`` (its keys start at ``row[n]``)."""
        crac, prc, is_direct, candidate, bid_days, mse, epoch = row[n:n + 7]
        if crac is not None:
            key = (bid_days, mse, epoch)
            allowed = self.allowed.get(key)
            if allowed is None:
                allowed = self.allowed[key] = rules.due_date(self._terms(date(2000, 1, 1), None, False, None,
                                                                         bid_days, mse, epoch),
                                                             self.settings).days_allowed
            accepted = self.day(crac)
            return accepted, accepted + timedelta(days=allowed), bool(mse), epoch
        if prc is None or not is_direct:
            return None, None, bool(mse), epoch
        key = row[n:n + 7]
        found = self.other.get(key)
        if found is None:
            due = rules.due_date(self._terms(None, self.day(prc), True, candidate, bid_days, mse, epoch),
                                 self.settings)
            found = self.other[key] = (due.accepted, due.due, bool(mse), epoch)
        return found

    @staticmethod
    def _terms(crac, prc, is_direct, candidate, bid_days, mse, epoch) -> rules.Terms:
        return rules.Terms(value=Decimal(str(candidate)) if candidate is not None else Decimal(0),
                           order_day=date.fromisoformat(epoch) if epoch else None, crac_date=crac,
                           is_direct=is_direct, prc_date=prc, bid_days=bid_days, is_mse=bool(mse))

    def msmed_rate(self, due: date, late: int) -> float:
        """The MSMED interest factor for an order due on ``due``, ``late`` days late (many groups share both)."""
        found = self.rates.get((due, late))
        if found is None:
            found = self.rates[(due, late)] = self.factors.rate(due, late)
        return found


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _accepted_unpaid(user, key, settings, day, ends, department_id=None):
    """One aggregate over the unpaid orders with a CRAC date: per ``key`` and ageing bucket, MSMED days late
    (micro/small sellers' overdue orders only) and the month end from which the order counts as overdue in the
    trend — the count, the value, what is overdue and the penal interest on it.

    The rules are worked out once per order in an inner query — the union of the two index-backed reads, which the
    database does not merge into the aggregate (so each order's days allowed are computed once, not once per use)."""
    crac = sql.day_number(Order.crac_date)
    since = sql.day(day, 'today') - crac

    def per_order(stmt, status_joined=False):
        if not status_joined:
            stmt = stmt.outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
        columns = [key.label('key'), since.label('since'), (crac + sql.days_allowed(settings)).label('due'),
                   sql.is_mse().label('mse'), sa.type_coerce(VALUE, sa.Float).label('value'),
                   sql.versioned(settings, 'payment.penal_percent_month', float).label('rate')]
        return (stmt.with_only_columns(*columns).outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
                .where(Order.crac_date.is_not(None), since >= 0))

    no_gem_date = per_order(_scoped(sa.select(Order.id), user, department_id).where(Order.payment_date.is_(None))).where(
        sa.or_(PaymentStatus.id.is_(None), PaymentStatus.state != PaymentState.paid))
    contradicted = per_order(_scoped(sa.select(Order.id).select_from(PaymentStatus).join(
        Order, Order.id == PaymentStatus.order_id), user, department_id).where(
        PaymentStatus.state == PaymentState.delayed, Order.payment_date.is_not(None),
        PaymentStatus.reported_dt > Order.modified_dt), status_joined=True)
    rows = sa.union_all(no_gem_date, contradicted).subquery('unpaid')
    late = sql.day(day, 'today') - rows.c.due
    overdue = late > 0
    msmed_late = sa.case((sa.and_(overdue, rows.c.mse.is_(True)), late), else_=sa.null())
    keys = [rows.c.key, sql.bucket(rows.c.since), msmed_late, sql.month_index(rows.c.due, ends, 'end')]
    columns = keys + [sa.func.count(), sa.type_coerce(sa.func.sum(rows.c.value), sa.Float),
                      sa.func.sum(sa.case((overdue, 1), else_=0)),
                      sa.type_coerce(sa.func.sum(sa.case((overdue, rows.c.value), else_=0)), sa.Float),
                      sa.type_coerce(sa.func.sum(sa.case((overdue, rows.c.value * late * rows.c.rate), else_=0)),
                                     sa.Float),
                      sa.func.max(sa.case((overdue, late), else_=0))]
    return db.session.connection().execute(sa.select(*columns).group_by(*keys)).all()


def _auto_crac_unpaid(user, key, settings, department_id=None):
    """The unpaid orders without a CRAC date whose provisional receipt was reported (auto-CRAC candidates), grouped
    for ``rules`` (they are few)."""
    return _unpaid_groups(user, [key], settings, department_id, Order.crac_date.is_(None),
                          PaymentStatus.prc_date.is_not(None))


def _aggregate(user, day, key, department_id=None, ends=None):
    """``(per key: [count, value, buckets, overdue count, overdue value, penal, msmed, most days late], trend
    difference arrays)`` of the unpaid orders on ``day``."""
    settings = get_settings()
    apply = _Rules(settings)
    ends = ends or [day]
    sums: dict = {}
    keys = [k for k, _low, _high in rules.BUCKETS]
    trend_counts, trend_values = [0] * (len(ends) + 1), [0.0] * (len(ends) + 1)

    def item_of(group_key):
        item = sums.get(group_key)
        if item is None:
            item = sums[group_key] = [0, 0.0, {k: [0, 0.0] for k in keys}, 0, 0.0, 0.0, 0.0, 0]
        return item

    for (group_key, bucket_index, msmed_late, first, count, value, o_count, o_value, penal,
         most) in _accepted_unpaid(user, key, settings, day, ends, department_id):
        item = item_of(group_key)
        value, o_value = value or 0.0, o_value or 0.0
        item[0] += count
        item[1] += value
        cell = item[2][keys[bucket_index]]
        cell[0] += count
        cell[1] += value
        item[3] += o_count
        item[4] += o_value
        item[5] += (penal or 0.0) / 100 / rules.MONTH_DAYS
        if msmed_late:
            item[6] += o_value * apply.msmed_rate(day - timedelta(days=msmed_late), msmed_late)
        item[7] = max(item[7], most or 0)
        if first < len(ends):
            trend_counts[first] += count
            trend_values[first] += value
            trend_counts[len(ends)] -= count
            trend_values[len(ends)] -= value
    for row in _auto_crac_unpaid(user, key, settings, department_id):
        accepted, due, is_mse, epoch = apply.group(row, 1)
        if accepted is None or (day - accepted).days < 0:
            continue
        item = item_of(row[0])
        count, value = row[8], row[9] or 0.0
        item[0] += count
        item[1] += value
        cell = item[2][rules.bucket_of((day - accepted).days)]
        cell[0] += count
        cell[1] += value
        late = (day - due).days
        if late > 0:
            item[3] += count
            item[4] += value
            item[5] += value * float(rules.penal_rate(date.fromisoformat(epoch) if epoch else None, settings)) \
                / 100 * late / rules.MONTH_DAYS
            if is_mse:
                item[6] += value * apply.msmed_rate(due, late)
            item[7] = max(item[7], late)
        first = bisect_right(ends, due)
        if first < len(ends):
            trend_counts[first] += count
            trend_values[first] += value
            trend_counts[len(ends)] -= count
            trend_values[len(ends)] -= value
    return sums, (trend_counts, trend_values)


def ageing(user, day: date | None = None, department_id: int | None = None,
           _sums: dict | None = None) -> tuple[list[Ageing], Ageing]:
    """Unpaid orders with a known acceptance date, aged: one row per department (the State), or per office of
    ``department_id``; and the total. Only what ``user`` may see.

    The database computes each order's figures by the rules (``payments.sql``) and returns sums; they are added up
    as floats and rounded to the paisa at the end. The MSMED interest is compounded per number of days late."""
    day = day or today()
    if _sums is None:
        key = Order.office_id if department_id is not None else Order.buyer_department_id
        _sums, _trend = _aggregate(user, day, key, department_id)
    rows = {}
    for group_key, (count, value, buckets, o_count, o_value, penal, msmed, most) in _sums.items():
        rows[group_key] = Ageing(key=group_key, count=count, value=_money(value),
                                 buckets={k: [c, _money(v)] for k, (c, v) in buckets.items()},
                                 overdue_count=o_count, overdue_value=_money(o_value), penal=_money(penal),
                                 msmed=_money(msmed), max_days_late=most)
    _name(rows, Office if department_id is not None else Department)
    result = sorted(rows.values(), key=lambda a: (-a.overdue_value, -a.value, a.name))
    total = Ageing(name='')
    for item in result:
        total.add(item)
    return result, total


def overdue_counts(user, department_id: int, day: date | None = None) -> tuple[int, int]:
    """``(overdue, of them with no status reported)``: the department's unpaid orders past their due date, counted
    by the database as the dashboard counts them, if ``user`` may see the department's orders (else nothing).

    Every nodal officer's home page asks, for a hundred departments: the database counts every department's at
    once, in one pass over the State's unpaid orders (a department's own count reads all its orders: a hundred
    such reads cost twenty times the one), kept while the payments' tables are unchanged (``core.memo``)."""
    if scope_key(Order, user) not in ('all', department_id):
        return 0, 0
    day = day or today()

    def compute():
        # one integer key per department and "no status reported": department id × 2 + (1 if none)
        key = Order.buyer_department_id * 2 + sa.case((PaymentStatus.id.is_(None), 1), else_=0)
        sums, _trend = _aggregate(EVERY_DEPARTMENT, day, key)
        counts: dict[int, list[int]] = {}
        for group_key, item in sums.items():
            if group_key is None:
                continue
            pair = counts.setdefault(group_key // 2, [0, 0])
            pair[0] += item[3]
            if group_key % 2:
                pair[1] += item[3]
        return counts

    counts = memo.remembered('payments.overdue_counts', (day,), DASHBOARD_READS, compute,
                             counted=(BidPaymentTerm, Threshold))
    overdue, unexplained = counts.get(department_id, (0, 0))
    return overdue, unexplained


def _name(rows: dict, model) -> None:
    ids = [k for k in rows if k is not None]
    names = {obj.id: obj for obj in db.session.scalars(sa.select(model).where(model.id.in_(ids)))} if ids else {}
    for key, item in rows.items():
        obj = names.get(key)
        item.name = obj.name if obj is not None else ''
        item.obj = obj


def interest_on_late_payments(department_id: int, day: date | None = None) -> tuple[int, Decimal, Decimal]:
    """Orders of the department paid after their due date: how many, and the penal and MSMED interest owed on
    them (up to their payment date)."""
    settings, day = get_settings(), day or today()
    # GeM's payment date later than the CRAC date plus the days allowed (the database sifts them), or the
    # department's report of payment; then each by the rules
    late_on_gem = (sa.select(Order.id).outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
                   .where(Order.buyer_department_id == department_id, Order.payment_date.is_not(None),
                          Order.crac_date.is_not(None),
                          sql.day_number(Order.payment_date) - sql.day_number(Order.crac_date)
                          > sql.days_allowed(settings)))
    rows = _orders_with_terms(sa.select(Order).where(
        Order.buyer_department_id == department_id,
        sa.or_(Order.id.in_(late_on_gem),
               sa.and_(Order.payment_date.is_not(None), Order.crac_date.is_(None)),
               Order.id.in_(sa.select(PaymentStatus.order_id).where(PaymentStatus.state == PaymentState.paid)))))
    count, penal, msmed = 0, Decimal('0'), Decimal('0')
    for order, status, days in rows:
        item = compute(order, status, days, settings, day)
        if item.is_paid and item.days_late > 0:
            count += 1
            penal += item.penal
            msmed += item.msmed
    return count, penal, msmed


# --- the dashboard -------------------------------------------------------------------------------------------------

def month_ends(day: date, count: int = 12) -> list[date]:
    """The last day of each of the ``count`` months up to ``day``'s (the current month's is ``day``)."""
    ends = [day]
    first = day.replace(day=1)
    while len(ends) < count:
        ends.append(first - timedelta(days=1))
        first = ends[-1].replace(day=1)
    return list(reversed(ends))


def trend(user, day: date | None = None, months: int = 12, _unpaid=None) -> list[tuple[date, int, Decimal]]:
    """For each of the last ``months`` month ends: how many orders were overdue and unpaid on that day, and their
    value — from today's unpaid orders (``_unpaid``: their difference arrays, if already summed) and those paid
    since the window began. An order counts from the first month end after its due date to the last before its
    payment: added where it starts and taken off where it stops (a difference array over the month ends)."""
    settings, day = get_settings(), day or today()
    ends = month_ends(day, months)
    start = ends[0].replace(day=1)
    if _unpaid is None:
        _unpaid = _aggregate(user, day, Order.buyer_department_id, ends=ends)[1]
    counts, values = list(_unpaid[0]), list(_unpaid[1])
    apply = _Rules(settings)
    due = sql.day_number(Order.crac_date) + sql.days_allowed(settings)

    def add(first, paid_after, n, value):
        if first < paid_after:
            counts[first] += n
            values[first] += value or 0.0
            counts[paid_after] -= n
            values[paid_after] -= value or 0.0

    def paid(column, status_joined):
        paid_after = sql.month_index(sql.day_number(column) - 1, ends, 'paid')  # ends before the payment day
        keys = [sql.month_index(due, ends, 'end'), paid_after]
        stmt = _scoped(sa.select(Order.id), user) if not status_joined else _scoped(
            sa.select(Order.id).select_from(PaymentStatus).join(Order, Order.id == PaymentStatus.order_id), user)
        if not status_joined:
            stmt = stmt.outerjoin(PaymentStatus, PaymentStatus.order_id == Order.id)
        return (stmt.with_only_columns(*keys, sa.func.count(Order.id),
                                       sa.type_coerce(sa.func.sum(VALUE), sa.Float))
                .outerjoin(BidPaymentTerm, BidPaymentTerm.bid_id == Order.bid_id)
                .where(Order.crac_date.is_not(None), column >= start).group_by(*keys))

    connection = db.session.connection()
    gem_paid = paid(Order.payment_date, False).where(
        sa.or_(PaymentStatus.id.is_(None), Order.modified_dt >= PaymentStatus.reported_dt))
    dept_paid = paid(PaymentStatus.paid_date, True).where(
        PaymentStatus.state == PaymentState.paid,
        sa.or_(Order.payment_date.is_(None), Order.modified_dt < PaymentStatus.reported_dt))
    for first, paid_after, n, value in connection.execute(gem_paid).all() + connection.execute(dept_paid).all():
        add(first, paid_after, n, value)
    # orders accepted by auto-CRAC (no CRAC date) and paid by GeM in the window are few: by the rules
    auto_crac = _grouped(_scoped(sa.select(Order.id), user).where(Order.payment_date >= start),
                         [Order.payment_date], settings).where(Order.crac_date.is_(None),
                                                                PaymentStatus.prc_date.is_not(None))
    for row in connection.execute(auto_crac):
        _accepted, due_day, _mse, _epoch = apply.group(row, 1)
        if due_day is not None:
            add(bisect_right(ends, due_day), bisect_left(ends, _as_date(row[0])), row[8], row[9])
    result, n, value = [], 0, 0.0
    for index, end in enumerate(ends):
        n += counts[index]
        value += values[index]
        result.append((end, n, _money(value)))
    return result


@dataclass
class Dashboard:
    total: Ageing
    departments: list[Ageing]
    worst: list[Ageing]
    trend: list


def dashboard(user, day: date | None = None) -> Dashboard:
    """The State's (or, for a nodal officer, the department's) tiles: one read of the unpaid orders serves the
    ageing, the interest and the trend's present."""
    day = day or today()

    def compute():
        sums, unpaid = _aggregate(user, day, Order.buyer_department_id, ends=month_ends(day, TREND_MONTHS))
        return sums, trend(user, day, months=TREND_MONTHS, _unpaid=unpaid)

    # seconds over a million orders: kept while no order, seller, payment report or setting changes
    scope = scope_key(Order, user)
    sums, months = memo.remembered('payments.dashboard', (scope, day), DASHBOARD_READS, compute,
                                   counted=(BidPaymentTerm, Threshold))
    departments, total = ageing(user, day, _sums=sums)
    worst = sorted((d for d in departments if d.overdue_value), key=lambda d: -d.overdue_value)[:5]
    return Dashboard(total, departments, worst, months)


# --- the status return -----------------------------------------------------------------------------------------------

def delay_reasons(active_only: bool = True) -> list[DelayReason]:
    stmt = sa.select(DelayReason).order_by(DelayReason.position, DelayReason.id)
    if active_only:
        stmt = stmt.filter_by(is_active=True)
    return list(db.session.scalars(stmt))


def reason_names() -> dict[str, str]:
    return {reason.code: reason.name for reason in delay_reasons(active_only=False)}
