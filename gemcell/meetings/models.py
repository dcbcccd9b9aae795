"""A meeting and its action points."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.compliance import Compliance
from gemcell.core.db import TimestampMixin, TitledEnum, enum_column, titled
from gemcell.directory.models import Department
from gemcell.extensions import db


class OwnerKind(TitledEnum):
    department = 'department'
    cell = 'cell'


titled({OwnerKind.department: _l('The department'), OwnerKind.cell: _l('The GeM Cell')})


#: classes that end the follow-up of an action point
DONE = (Compliance.complied, Compliance.not_applicable)


class Meeting(TimestampMixin, db.Model):
    """A department's procurement meeting attended by the cell."""

    __tablename__ = 'meetings'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_date: Mapped[date] = mapped_column(index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    venue: Mapped[str] = mapped_column(sa.String(300))
    agenda: Mapped[str] = mapped_column(sa.Text)
    #: who attended, one per line (name, designation)
    participants: Mapped[str | None] = mapped_column(sa.Text)
    #: the minutes as HTML, sanitised (``meetings.operations.sanitise``) before it is stored
    minutes_html: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    #: the latest letter drafted from the minutes (the documents register holds its state and number)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))

    department: Mapped[Department] = relationship()
    created_by = relationship('User')
    document = relationship('Document')
    points: Mapped[list['ActionPoint']] = relationship(back_populates='meeting', order_by='ActionPoint.position',
                                                      cascade='all, delete-orphan')

    @property
    def status(self) -> Compliance:
        from gemcell.core.compliance import roll_up
        return roll_up([p.compliance for p in self.points])


class ActionPoint(TimestampMixin, db.Model):
    """A decision of a meeting: what is to be done, by whom, by when, and how far it has been done."""

    __tablename__ = 'meeting_action_points'

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(sa.Text)
    owner: Mapped[OwnerKind] = mapped_column(enum_column(OwnerKind, 'action_point_owner'))
    due_date: Mapped[date] = mapped_column(index=True)
    compliance: Mapped[Compliance] = mapped_column(enum_column(Compliance, 'action_point_compliance'),
                                                   default=Compliance.pending, index=True)
    remark: Mapped[str | None] = mapped_column(sa.Text)
    classed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    classed_dt: Mapped[datetime | None] = mapped_column()
    #: the last day a reminder was sent (one a day at most)
    reminded_date: Mapped[date | None] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates='points')
    classed_by = relationship('User')

    @property
    def is_done(self) -> bool:
        return self.compliance in DONE

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due_date < today
