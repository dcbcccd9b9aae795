"""Pending payments (duty 6): what the departments report about their orders' payments, the managed list of reasons
for delay, and the payment timeline a bid set for itself.

The order itself (CRAC, invoice, GeM's payment date) is GeM's data (``gemdata.models.Order``). A department's
report on an order is kept twice: every report as it was made (``PaymentReport``, the history, never changed) and the
latest one per order (``PaymentStatus``), which ``rules.effective_payment`` reconciles with GeM's payment date —
the later evidence wins.
"""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import TimestampMixin, TitledEnum, enum_column, titled
from gemcell.directory.models import Bilingual
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Order, Seller


class PaymentState(TitledEnum):
    """What a department reports about an order: paid (on a date, with a reference), or not yet, with a reason."""
    paid = 'paid'
    delayed = 'delayed'


class ReportSource(TitledEnum):
    table = 'table'
    spreadsheet = 'spreadsheet'


_TITLES = {
    PaymentState.paid: _l('Paid'), PaymentState.delayed: _l('Not paid yet'),
    ReportSource.table: _l('On the page'), ReportSource.spreadsheet: _l('Uploaded spreadsheet'),
}
titled(_TITLES)


class DelayReason(Bilingual, TimestampMixin, db.Model):
    """An entry of the managed list of reasons a payment is delayed (``other`` needs the reason in words)."""

    __tablename__ = 'payment_delay_reasons'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable key reports refer to, e.g. ``bill_not_received``
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=100)
    is_active: Mapped[bool] = mapped_column(default=True)


class _ReportFields:
    """What one report says about one order."""

    state: Mapped[PaymentState] = mapped_column(enum_column(PaymentState, 'payment_state'))
    paid_date: Mapped[date | None] = mapped_column()
    #: the payment's reference (PFMS / e-payment / cheque number)
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    #: a ``DelayReason.code``
    reason_code: Mapped[str | None] = mapped_column(sa.String(40))
    #: the reason in words (required for ``other``) or a remark
    remark: Mapped[str | None] = mapped_column(sa.String(500))
    #: the provisional receipt (PRC) date, which starts the auto-CRAC clock of small direct purchases
    prc_date: Mapped[date | None] = mapped_column()
    source: Mapped[ReportSource] = mapped_column(enum_column(ReportSource, 'payment_report_source'))
    reported_dt: Mapped[datetime] = mapped_column()


class PaymentReport(_ReportFields, db.Model):
    """One report by a department on one order, as made: the history of a payment's returns (never changed)."""

    __tablename__ = 'payment_reports'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey('orders.id', ondelete='CASCADE'), index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))

    order: Mapped[Order] = relationship()
    reported_by = relationship('User')


class PaymentStatus(_ReportFields, db.Model):
    """The department's latest report on an order (one row per order)."""

    __tablename__ = 'payment_statuses'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey('orders.id', ondelete='CASCADE'), unique=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    report_id: Mapped[int] = mapped_column(sa.ForeignKey('payment_reports.id'))

    order: Mapped[Order] = relationship()
    reported_by = relationship('User')


class BidPaymentTerm(TimestampMixin, db.Model):
    """The payment timeline a bid set in supersession of GeM GTC's 10 days (its "Payment Timelines" clause)."""

    __tablename__ = 'bid_payment_terms'

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey('bids.id', ondelete='CASCADE'), unique=True)
    days: Mapped[int] = mapped_column()
    #: where the bid says so (clause, page)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))

    bid: Mapped[Bid] = relationship()


#: what the aggregates read of an order, after the columns they search by: with these covering indexes the State's
#: ageing reads only the (few) orders without a GeM payment date, and the trend those paid in its window, without
#: touching the orders table itself
_PAYMENT_COLUMNS = (Order.crac_date, Order.buying_mode, Order.seller_id, Order.bid_id, Order.order_dt,
                    Order.invoice_amount, Order.total_value, Order.modified_dt)
sa.Index('ix_orders_unpaid', Order.buyer_department_id, Order.office_id, *_PAYMENT_COLUMNS,
         sqlite_where=Order.payment_date.is_(None), postgresql_where=Order.payment_date.is_(None))
#: the paid orders only (what reads it asks for a payment date in a range): an import of unpaid orders skips it
sa.Index('ix_orders_payment_date', Order.payment_date, Order.buyer_department_id, *_PAYMENT_COLUMNS,
         sqlite_where=Order.payment_date.is_not(None), postgresql_where=Order.payment_date.is_not(None))
#: the dashboard's figures are kept while these tables are unchanged (``core.memo``): their latest change, at once
sa.Index('ix_orders_modified_dt', Order.modified_dt)
sa.Index('ix_sellers_modified_dt', Seller.modified_dt)
#: the payments due in a month, for every department at once (the scorecard): a range of CRAC dates
sa.Index('ix_orders_crac_date', Order.crac_date, Order.buyer_department_id)
