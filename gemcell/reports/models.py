"""The monthly note's own record: the cell's remarks for a month and the document it was issued as."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import TimestampMixin
from gemcell.extensions import db


class MonthlyNote(TimestampMixin, db.Model):
    """The cell's monthly note to Government for one month. Its figures are computed from the returns and the GeM
    data (``reports.note``) and frozen in the document when it is prepared; the cell writes the remarks."""

    __tablename__ = 'monthly_notes'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the first day of the month the note is about
    month: Mapped[date] = mapped_column(unique=True)
    #: the cell's remarks section (paragraphs separated by blank lines)
    remarks: Mapped[str] = mapped_column(sa.Text, default='')
    #: the report document prepared from the note (draft → approved → issued, in the documents register)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))

    document = relationship('Document')
    created_by = relationship('User')

    def __repr__(self):
        return f'<MonthlyNote {self.month:%Y-%m}>'

    @property
    def is_issued(self) -> bool:
        return self.document is not None and self.document.is_issued

    def can_edit(self, user) -> bool:
        """The cell writes the remarks and prepares the note until it is issued."""
        from gemcell.core.permissions import Permission, has_permission
        return not self.is_issued and has_permission(user, Permission.REVIEW)


def _orders_index():
    """The reconciliation and the note sum the GeM orders of a month per department: an index holding the date, the
    department and the value answers that from the index alone (a year of a million orders: about 1 s instead of
    6 s on SQLite, reading the rows one by one through the date index). Declared here, with the queries it serves
    (``returns.reconcile``), on the gemdata ``orders`` table."""
    from gemcell.gemdata.models import Order
    return sa.Index('ix_orders_order_dt_department_value', Order.order_dt, Order.buyer_department_id,
                    Order.total_value)


ORDERS_BY_MONTH_INDEX = _orders_index()
