"""The payment rules as SQL expressions, for the State's aggregates over a million orders: the same numbers as
``rules`` (read from the same dated settings), computed by the database per order so that only sums come back.

``rules`` stays the reference: the per-order pages use it, and the tests check the aggregates against it.
Orders accepted by auto-CRAC (no CRAC date, a PRC date reported) are few and left to ``rules`` (``queries``).
"""
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from gemcell.core.i18n import IST
from gemcell.gemdata.models import Order, Seller
from gemcell.payments import rules
from gemcell.payments.models import BidPaymentTerm
from gemcell.scrutiny.settings import Settings


class day_number(FunctionElement):
    """A date as a whole number of days (differences are days on both databases)."""
    type = sa.Integer()
    inherit_cache = True
    name = 'day_number'


@compiles(day_number, 'sqlite')
def _day_number_sqlite(element, compiler, **kw):
    return f'CAST(julianday({compiler.process(element.clauses, **kw)}) AS INTEGER)'


@compiles(day_number, 'postgresql')
def _day_number_postgresql(element, compiler, **kw):
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - DATE '1970-01-01')"


def day(value: date, name: str):
    return day_number(sa.bindparam(name, value, type_=sa.Date))


def versioned(settings: Settings, name: str, cast=int):
    """The setting's value in force on the order's date (the latest for an order without one; the first before
    it began), as ``Settings.at`` gives it."""
    versions = []
    for version in settings.versions[name]:  # a version that changes nothing adds no branch
        if not versions or cast(version.value) != cast(versions[-1].value):
            versions.append(version)
    if len(versions) == 1:
        return sa.literal(cast(versions[0].value))
    whens = [(Order.order_dt.is_(None), sa.literal(cast(versions[-1].value)))]
    whens += [(Order.order_dt >= datetime.combine(v.effective_from, time(), IST), sa.literal(cast(v.value)))
              for v in reversed(versions[1:])]
    return sa.case(*whens, else_=sa.literal(cast(versions[0].value)))


def is_mse():
    """The order's seller is micro or small. A set the database builds once per statement (an index of the MSE
    sellers' ids), not a join: a quarter of the time of a join to ``sellers`` for each of a hundred thousand orders."""
    return Order.seller_id.in_(sa.select(Seller.id).where(Seller.is_mse.is_(True)).scalar_subquery())


def days_allowed(settings: Settings):
    """GEM-GTC-PAY (or the bid's own days), capped by MSMED-15 for micro and small sellers."""
    gtc = versioned(settings, 'payment.gtc_days')
    base = sa.case((BidPaymentTerm.days.is_not(None), BidPaymentTerm.days), else_=gtc)
    cap = versioned(settings, 'payment.msmed_max_days')
    return sa.case((sa.and_(is_mse(), base > cap), cap), else_=base)


def bucket(days_since):
    """The ageing bucket's index in ``rules.BUCKETS``."""
    whens = [(days_since <= high, index) for index, (_key, _low, high) in enumerate(rules.BUCKETS) if high is not None]
    return sa.case(*whens, else_=len(rules.BUCKETS) - 1)


def month_index(day_expr, ends: list[date], prefix: str):
    """How many of the month ends ``ends`` are on or before ``day_expr`` (a day number): ``bisect_right``."""
    whens = [(day_expr < day(end, f'{prefix}{index}'), index) for index, end in enumerate(ends)]
    return sa.case(*whens, else_=len(ends))
