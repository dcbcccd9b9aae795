"""The payment rules of RULES.md §4 as arithmetic: when an order's payment falls due (and which rule said so), whether
and since when it is overdue, and the interest owed.

Every number comes from the dated settings (``scrutiny.settings``, names ``payment.*`` and ``rbi.bank_rate``), read
in the version in force on the order's date (the bank rate: on each month's first day). The functions take plain
values, so the per-order pages, the department's sums and the State's aggregates all compute the same way.

- Acceptance: the CRAC date; with none, a direct purchase up to ``payment.autocrac_limit`` is accepted on the
  ``payment.autocrac_days``-th day after its provisional receipt (PRC), if the department reported that date
  (GEM-AUTOCRAC).
- Due date: acceptance + ``payment.gtc_days`` (GEM-GTC-PAY), or + the days the bid set for itself; for a micro or
  small seller never later than acceptance + ``payment.msmed_max_days`` (MSMED-15).
- Penal interest (DOE-PENAL-INT): value × ``payment.penal_percent_month`` % × days late ÷ 30, the rate being the
  one in force on the order's date (0 before 01.10.2020).
- MSMED interest (MSMED-16), for micro and small sellers: compound with monthly rests. Each 30-day month from the
  due date adds interest at one twelfth of ``payment.msmed_rate_multiple`` × the RBI bank rate in force on that
  month's first day, on the principal plus the interest so far; a part month earns that month's rate × days ÷ 30.
"""
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from gemcell.scrutiny.settings import Settings

PAISE = Decimal('0.01')
MONTH_DAYS = 30
#: the ageing buckets: (key, first day, last day past acceptance or None)
BUCKETS = [('0-10', 0, 10), ('11-30', 11, 30), ('31-45', 31, 45), ('46-90', 46, 90), ('90+', 91, None)]

RULE_TITLES = {
    'GEM-GTC-PAY': _l('GeM GTC: within 10 days of the CRAC'),
    'BID-TIMELINE': _l('The bid’s own payment timeline'),
    'MSMED-15': _l('MSMED Act: at most 45 days for a micro or small seller'),
    'GEM-AUTOCRAC': _l('Auto-CRAC on the 21st day after the PRC (direct purchase up to ₹25,000)'),
}


def bucket_of(days: int) -> str | None:
    """The ageing bucket of an order ``days`` past its acceptance (``None`` before it)."""
    if days < 0:
        return None
    for key, low, high in BUCKETS:
        if high is None or days <= high:
            return key
    return None  # pragma: no cover


@dataclass(frozen=True)
class Terms:
    """What the rules need to know of an order."""
    value: Decimal
    order_day: date | None
    crac_date: date | None
    is_direct: bool = False
    prc_date: date | None = None
    bid_days: int | None = None
    is_mse: bool = False


@dataclass
class Due:
    accepted: date | None
    #: how the acceptance date was found: ``CRAC`` or ``GEM-AUTOCRAC``
    accepted_by: str | None
    due: date | None
    #: the rules that set the due date, e.g. ``['GEM-GTC-PAY']``, ``['BID-TIMELINE', 'MSMED-15']``
    rules: list[str] = field(default_factory=list)
    days_allowed: int | None = None


def acceptance(terms: Terms, settings: Settings) -> tuple[date | None, str | None]:
    if terms.crac_date is not None:
        return terms.crac_date, 'CRAC'
    if terms.is_direct and terms.prc_date is not None:
        limit = settings.value('payment.autocrac_limit', terms.order_day)
        if limit > 0 and terms.value <= limit:
            return terms.prc_date + timedelta(days=int(settings.value('payment.autocrac_days', terms.order_day))), \
                'GEM-AUTOCRAC'
    return None, None


def due_date(terms: Terms, settings: Settings) -> Due:
    accepted, accepted_by = acceptance(terms, settings)
    if accepted is None:
        return Due(None, None, None)
    rules = ['GEM-AUTOCRAC'] if accepted_by == 'GEM-AUTOCRAC' else []
    if terms.bid_days is not None:
        days, rule = terms.bid_days, 'BID-TIMELINE'
    else:
        days, rule = int(settings.value('payment.gtc_days', terms.order_day)), 'GEM-GTC-PAY'
    if terms.is_mse:
        limit = int(settings.value('payment.msmed_max_days', terms.order_day))
        if days > limit:
            days, rule = limit, 'MSMED-15'
    rules.append(rule)
    return Due(accepted, accepted_by, accepted + timedelta(days=days), rules, days)


def days_late(due: date | None, paid: date | None, today: date) -> int:
    """Days past the due date on the payment date (or today, while unpaid); 0 when on time."""
    if due is None:
        return 0
    return max(((paid or today) - due).days, 0)


def penal_rate(order_day: date | None, settings: Settings) -> Decimal:
    return settings.value('payment.penal_percent_month', order_day)


def penal_interest(value: Decimal, late: int, rate: Decimal) -> Decimal:
    """DoE OM 03.07.2020: ``value`` × ``rate`` % per month × ``late`` days ÷ 30."""
    if late <= 0 or not rate or not value:
        return Decimal('0.00')
    return (Decimal(value) * rate / 100 * late / MONTH_DAYS).quantize(PAISE, ROUND_HALF_UP)


@dataclass
class MsmedStep:
    start: date
    days: int
    bank_rate: Decimal
    #: the rate for this month (or part month), as a fraction
    rate: Decimal
    amount: Decimal


def msmed_steps(value: Decimal, due: date, late: int, settings: Settings) -> list[MsmedStep]:
    """The months of MSMED interest on ``value`` from ``due`` for ``late`` days, each with its bank rate."""
    multiple = settings.value('payment.msmed_rate_multiple', due)
    amount = Decimal(value)
    steps = []
    start, left = due, late
    while left > 0:
        days = min(left, MONTH_DAYS)
        bank = settings.value('rbi.bank_rate', start)
        rate = multiple * bank / 100 / 12 * days / MONTH_DAYS
        amount = amount * (1 + rate)
        steps.append(MsmedStep(start, days, bank, rate, amount))
        start += timedelta(days=days)
        left -= days
    return steps


def msmed_interest(value: Decimal, due: date | None, late: int, settings: Settings) -> Decimal:
    if due is None or late <= 0 or not value:
        return Decimal('0.00')
    steps = msmed_steps(value, due, late, settings)
    return (steps[-1].amount - Decimal(value)).quantize(PAISE, ROUND_HALF_UP)


class MsmedFactors:
    """``factor(due, late)`` = the growth of ₹1 under ``msmed_steps``, cached: the State's sums multiply the value of
    every group of orders with the same due date and days late by it."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.cache: dict[tuple[date, int], Decimal] = {}
        self.versions = settings.versions['rbi.bank_rate']
        self.days = [v.effective_from for v in self.versions]

    def factor(self, due: date, late: int) -> Decimal:
        key = (due, late)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._factor(due, late)
        return found

    def _factor(self, due: date, late: int) -> Decimal:
        """As ``msmed_steps`` would compound ₹1, but the full months under one bank rate in one power."""
        versions, days = self.versions, self.days
        multiple = self.settings.value('payment.msmed_rate_multiple', due)
        amount, start, left = Decimal(1), due, late
        while left > 0:
            index = max(bisect_right(days, start) - 1, 0)
            rate = multiple * versions[index].value / 100 / 12
            months = left // MONTH_DAYS
            if index + 1 < len(days):  # the months that begin before the next rate does
                months = min(months, -(-(days[index + 1] - start).days // MONTH_DAYS))
            if months:
                amount *= (1 + rate) ** months
                start += timedelta(days=months * MONTH_DAYS)
                left -= months * MONTH_DAYS
            else:
                amount *= 1 + rate * left / MONTH_DAYS
                left = 0
        return amount

    def rate(self, due: date, late: int) -> float:
        """``factor(due, late) - 1`` in floating point, for the State's sums (rounded to the paisa at the end)."""
        key = (due, late, float)
        found = self.cache.get(key)
        if found is None:
            versions, days = self.versions, self.days
            multiple = float(self.settings.value('payment.msmed_rate_multiple', due))
            amount, start, left = 1.0, due, late
            while left > 0:
                index = max(bisect_right(days, start) - 1, 0)
                rate = multiple * float(versions[index].value) / 100 / 12
                months = left // MONTH_DAYS
                if index + 1 < len(days):
                    months = min(months, -(-(days[index + 1] - start).days // MONTH_DAYS))
                if months:
                    amount *= (1 + rate) ** months
                    start += timedelta(days=months * MONTH_DAYS)
                    left -= months * MONTH_DAYS
                else:
                    amount *= 1 + rate * left / MONTH_DAYS
                    left = 0
            found = self.cache[key] = amount - 1.0
        return found

    def interest(self, value: Decimal, due: date | None, late: int) -> Decimal:
        if due is None or late <= 0 or not value:
            return Decimal('0.00')
        return (Decimal(value) * (self.factor(due, late) - 1)).quantize(PAISE, ROUND_HALF_UP)


# --- the reconciliation --------------------------------------------------------------------------------------------

@dataclass
class Payment:
    paid: date | None
    #: ``gem`` (GeM's payment date), ``department`` (the department's report), or ``None`` (unpaid)
    source: str | None
    reference: str | None = None


def effective_payment(gem_paid: date | None, gem_evidence_dt, status) -> Payment:
    """The payment as the latest evidence says: GeM's payment date (as of the order's last import) or the
    department's latest report (``status``, a ``PaymentStatus`` or ``None``), whichever is later."""
    if status is None or (gem_paid is not None and gem_evidence_dt is not None
                          and gem_evidence_dt >= status.reported_dt):
        return Payment(gem_paid, 'gem' if gem_paid else None)
    if status.state.value == 'paid':
        return Payment(status.paid_date, 'department', status.reference)
    return Payment(None, None)
