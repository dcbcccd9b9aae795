"""Direction, its numbered points, its addressees (a department, or the cell for Government's directions), the
point-wise replies with their attachments and the cell's class, and the log of reminders sent."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.compliance import Compliance, roll_up
from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.core.permissions import Permission, has_permission
from gemcell.directory.models import Department
from gemcell.extensions import db


class DirectionKind(TitledEnum):
    #: issued by (or through) the cell to departments
    outgoing = 'outgoing'
    #: Government's direction to the cell (duty 13): registered, the cell is the addressee
    government = 'government'


class DirectionLevel(TitledEnum):
    """Whose direction it is, lowest first: escalation goes to the next one."""
    cell = 'cell'
    commissioner = 'commissioner'
    government = 'government'

    @property
    def next(self) -> 'DirectionLevel | None':
        order = list(DirectionLevel)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


class DirectionState(TitledEnum):
    draft = 'draft'
    issued = 'issued'
    #: every addressee's reply is classed and the cell has closed it
    closed = 'closed'


class ReplyState(TitledEnum):
    """Where one addressee's action-taken report stands."""
    awaiting = 'awaiting'
    submitted = 'submitted'
    returned = 'returned'
    #: every point classed by the cell
    classed = 'classed'

    @property
    def css(self):
        return {'awaiting': 'muted', 'submitted': 'warn', 'returned': 'bad', 'classed': 'ok'}[self.value]


class ReminderKind(TitledEnum):
    before = 'before'
    overdue = 'overdue'
    escalation = 'escalation'


_TITLES = {
    DirectionKind.outgoing: _l('Direction to departments'),
    DirectionKind.government: _l('Government’s direction to the cell'),
    DirectionLevel.cell: _l('GeM Cell'),
    DirectionLevel.commissioner: _l('Commissioner & Director of Industries'),
    DirectionLevel.government: _l('Government'),
    DirectionState.draft: _l('Draft'), DirectionState.issued: _l('Issued'), DirectionState.closed: _l('Closed'),
    ReplyState.awaiting: _l('Awaiting the action-taken report'), ReplyState.submitted: _l('Report submitted'),
    ReplyState.returned: _l('Sent back'), ReplyState.classed: _l('Classed'),
    ReminderKind.before: _l('Reminder before the due date'), ReminderKind.overdue: _l('Reminder: overdue'),
    ReminderKind.escalation: _l('Escalated to the next level'),
}
titled(_TITLES)


class Direction(TimestampMixin, db.Model):
    """One direction: subject, numbered points, reference, due date, the record that caused it, its memo."""

    __tablename__ = 'directions'

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DirectionKind] = mapped_column(enum_column(DirectionKind, 'direction_kind'),
                                                default=DirectionKind.outgoing, index=True)
    level: Mapped[DirectionLevel] = mapped_column(enum_column(DirectionLevel, 'direction_level'),
                                                  default=DirectionLevel.cell)
    state: Mapped[DirectionState] = mapped_column(enum_column(DirectionState, 'direction_state'),
                                                  default=DirectionState.draft, index=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    #: the opening paragraph of the memo (the points follow, numbered)
    body: Mapped[str] = mapped_column(sa.Text, default='')
    #: the Government order (or letter) it rests on, or Government's own letter for a direction to the cell
    reference_number: Mapped[str | None] = mapped_column(sa.String(200))
    reference_date: Mapped[date | None] = mapped_column()
    due_date: Mapped[date] = mapped_column(index=True)
    #: the record that caused it (a finding, overdue payments, a meeting's decision …): generic, any module
    source_kind: Mapped[str | None] = mapped_column(sa.String(40))
    source_id: Mapped[int | None] = mapped_column()
    source_label: Mapped[str | None] = mapped_column(sa.String(300))
    source_url: Mapped[str | None] = mapped_column(sa.String(500))
    #: the office memo that issues it (``None`` for Government's directions, which arrive as letters)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    #: issued (outgoing), or received (Government's): the due dates and reminders count from here
    issued_date: Mapped[date | None] = mapped_column(index=True)
    closed_dt: Mapped[datetime | None] = mapped_column()
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))

    points: Mapped[list['DirectionPoint']] = relationship(back_populates='direction', order_by='DirectionPoint.number',
                                                          cascade='all, delete-orphan')
    addressees: Mapped[list['Addressee']] = relationship(back_populates='direction', cascade='all, delete-orphan',
                                                         order_by='Addressee.id')
    document = relationship('Document', foreign_keys=[document_id])
    created_by = relationship('User', foreign_keys=[created_by_id])
    issued_by = relationship('User', foreign_keys=[issued_by_id])
    closed_by = relationship('User', foreign_keys=[closed_by_id])

    def __repr__(self):
        return f'<Direction {self.id} {self.kind.value} {self.state.value}>'

    @property
    def is_government(self) -> bool:
        return self.kind is DirectionKind.government

    @property
    def departments(self) -> list[Department]:
        return sorted((a.department for a in self.addressees if a.department is not None), key=lambda d: d.name)

    @property
    def compliance(self) -> Compliance:
        """The direction's status over every addressee and point."""
        return roll_up([reply.compliance for a in self.addressees for reply in a.replies_for_points()])

    def addressee_for(self, department_id) -> 'Addressee | None':
        return next((a for a in self.addressees if a.department_id == department_id), None)

    # --- who may do what -----------------------------------------------------------------------------------------

    def can_edit(self, user) -> bool:
        return self.state is DirectionState.draft and has_permission(user, Permission.REVIEW)

    def can_issue(self, user) -> bool:
        if self.state is not DirectionState.draft:
            return False
        if self.is_government:  # registering what Government sent is the cell's work
            return has_permission(user, Permission.REVIEW)
        return has_permission(user, Permission.ISSUE_DOCUMENTS)

    def can_close(self, user) -> bool:
        return (self.state is DirectionState.issued and has_permission(user, Permission.REVIEW)
                and all(a.state is ReplyState.classed for a in self.addressees))

    # --- transitions -----------------------------------------------------------------------------------------

    def mark_issued(self, user, day: date):
        if self.state is not DirectionState.draft:
            raise InvalidTransition(_l('Only a draft direction can be issued.'))
        if not self.points:
            raise InvalidTransition(_l('A direction needs at least one point.'))
        if not self.addressees:
            raise InvalidTransition(_l('A direction needs at least one department to address.'))
        self.state = DirectionState.issued
        self.issued_by_id = user.id
        self.issued_date = day

    def close(self, user, now: datetime):
        if self.state is not DirectionState.issued:
            raise InvalidTransition(_l('Only an issued direction can be closed.'))
        if not all(a.state is ReplyState.classed for a in self.addressees):
            raise InvalidTransition(_l('Every addressee’s report must be classed before the direction is closed.'))
        self.state = DirectionState.closed
        self.closed_by_id = user.id
        self.closed_dt = now


class DirectionPoint(db.Model):
    """One numbered point of a direction: each addressee answers each point."""

    __tablename__ = 'direction_points'
    __table_args__ = (sa.UniqueConstraint('direction_id', 'number'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction_id: Mapped[int] = mapped_column(sa.ForeignKey('directions.id', ondelete='CASCADE'), index=True)
    number: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text)

    direction: Mapped[Direction] = relationship(back_populates='points')


class Addressee(db.Model):
    """One addressee of a direction (a department; the cell itself for Government's directions) and where its
    action-taken report stands, its reminders and escalation."""

    __tablename__ = 'direction_addressees'
    __department_scope__ = 'department_id'
    __table_args__ = (sa.UniqueConstraint('direction_id', 'department_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction_id: Mapped[int] = mapped_column(sa.ForeignKey('directions.id', ondelete='CASCADE'), index=True)
    #: ``None``: the GeM Cell (Government's direction to the cell)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    state: Mapped[ReplyState] = mapped_column(enum_column(ReplyState, 'direction_reply_state'),
                                              default=ReplyState.awaiting, index=True)
    #: the first submission (on time or late), and the last
    first_submitted_dt: Mapped[datetime | None] = mapped_column()
    submitted_dt: Mapped[datetime | None] = mapped_column()
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    #: the cell's remark when it sent the report back (kept until the next one)
    remark: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    reviewed_dt: Mapped[datetime | None] = mapped_column()
    #: the level the matter has been escalated to (``None``: not escalated), when, and the reminder letter drafted
    escalated_level: Mapped[DirectionLevel | None] = mapped_column(enum_column(DirectionLevel, 'direction_escalated'))
    escalated_date: Mapped[date | None] = mapped_column()
    reminder_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))

    direction: Mapped[Direction] = relationship(back_populates='addressees')
    department: Mapped[Department | None] = relationship()
    replies: Mapped[list['PointReply']] = relationship(back_populates='addressee', cascade='all, delete-orphan')
    submitted_by = relationship('User', foreign_keys=[submitted_by_id])
    reviewed_by = relationship('User', foreign_keys=[reviewed_by_id])
    reminder_document = relationship('Document', foreign_keys=[reminder_document_id])

    def __repr__(self):
        return f'<Addressee {self.direction_id}/{self.department_id} {self.state.value}>'

    @property
    def name(self) -> str:
        return self.department.name if self.department is not None else str(_l('GeM Cell'))

    def reply_to(self, point: DirectionPoint) -> 'PointReply | None':
        return next((r for r in self.replies if r.point_id == point.id), None)

    def replies_for_points(self) -> list['PointReply']:
        """A reply per point (unsaved blanks, ``pending``, for points not answered yet)."""
        return [self.reply_to(p) or PointReply(point_id=p.id, compliance=Compliance.pending)
                for p in self.direction.points]

    @property
    def compliance(self) -> Compliance:
        return roll_up([reply.compliance for reply in self.replies_for_points()])

    @property
    def is_open(self) -> bool:
        """Still owes a report (none yet, or sent back)."""
        return self.state in (ReplyState.awaiting, ReplyState.returned)

    def days_overdue(self, day: date) -> int:
        if self.direction.state is not DirectionState.issued or not self.is_open:
            return 0
        return max(0, (day - self.direction.due_date).days)

    @property
    def current_level(self) -> DirectionLevel:
        return self.escalated_level or self.direction.level

    # --- who may do what -----------------------------------------------------------------------------------------

    def can_answer(self, user) -> bool:
        """The department's nodal officer (the cell for Government's directions), while a report is owed."""
        if self.direction.state is not DirectionState.issued or not self.is_open:
            return False
        if self.department_id is None:
            return has_permission(user, Permission.REVIEW)
        return (has_permission(user, Permission.ANSWER_DIRECTIONS)
                and getattr(user, 'department_id', None) == self.department_id)

    def can_class(self, user) -> bool:
        """The cell classes a submitted report (Government's directions: the cell records its own compliance)."""
        if self.direction.state is not DirectionState.issued or not has_permission(user, Permission.REVIEW):
            return False
        return self.state in (ReplyState.submitted, ReplyState.classed)

    # --- transitions ---------------------------------------------------------------------------------------

    def submit(self, user, now: datetime):
        if not self.is_open:
            raise InvalidTransition(_l('The action-taken report is already submitted.'))
        missing = [p.number for p in self.direction.points
                   if not ((r := self.reply_to(p)) and (r.action_taken or '').strip())]
        if missing:
            raise InvalidTransition(_l('Say what action was taken on every point: points %(points)s have no '
                                       'answer.', points=', '.join(str(n) for n in missing)))
        self.state = ReplyState.submitted
        self.submitted_by_id = user.id
        self.submitted_dt = now
        if self.first_submitted_dt is None:
            self.first_submitted_dt = now

    def send_back(self, user, now: datetime, remark: str):
        if self.state not in (ReplyState.submitted, ReplyState.classed):
            raise InvalidTransition(_l('Only a submitted report can be sent back.'))
        if not (remark or '').strip():
            raise InvalidTransition(_l('Say what is missing: a remark is required to send the report back.'))
        self.state = ReplyState.returned
        self.remark = remark.strip()
        self.reviewed_by_id = user.id
        self.reviewed_dt = now

    def mark_classed(self, user, now: datetime):
        if self.state not in (ReplyState.submitted, ReplyState.classed):
            raise InvalidTransition(_l('Only a submitted report can be classed.'))
        self.state = ReplyState.classed
        self.reviewed_by_id = user.id
        self.reviewed_dt = now


class PointReply(TimestampMixin, db.Model):
    """An addressee's action taken on one point, and the cell's class of it."""

    __tablename__ = 'direction_point_replies'
    __table_args__ = (sa.UniqueConstraint('addressee_id', 'point_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    addressee_id: Mapped[int] = mapped_column(sa.ForeignKey('direction_addressees.id', ondelete='CASCADE'),
                                              index=True)
    point_id: Mapped[int] = mapped_column(sa.ForeignKey('direction_points.id', ondelete='CASCADE'), index=True)
    action_taken: Mapped[str] = mapped_column(sa.Text, default='')
    compliance: Mapped[Compliance] = mapped_column(enum_column(Compliance, 'direction_compliance'),
                                                   default=Compliance.pending)
    #: the cell's note on its class
    cell_remark: Mapped[str | None] = mapped_column(sa.Text)
    classed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    classed_dt: Mapped[datetime | None] = mapped_column()

    addressee: Mapped[Addressee] = relationship(back_populates='replies')
    point: Mapped[DirectionPoint] = relationship()
    classed_by = relationship('User', foreign_keys=[classed_by_id])
    attachments = relationship('Attachment', secondary='direction_reply_attachments', order_by='Attachment.id')


class ReplyAttachment(db.Model):
    """A file attached to a reply (the link; the file is an ``attachments.Attachment``)."""

    __tablename__ = 'direction_reply_attachments'

    reply_id: Mapped[int] = mapped_column(sa.ForeignKey('direction_point_replies.id', ondelete='CASCADE'),
                                          primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey('attachments.id', ondelete='CASCADE'), primary_key=True,
                                               index=True)


class Reminder(db.Model):
    """A reminder sent (or an escalation made) to an addressee on a day: the log that makes the daily run
    idempotent and shows the history on the direction's page."""

    __tablename__ = 'direction_reminders'
    __table_args__ = (sa.UniqueConstraint('addressee_id', 'kind', 'day'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    addressee_id: Mapped[int] = mapped_column(sa.ForeignKey('direction_addressees.id', ondelete='CASCADE'),
                                              index=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind, 'direction_reminder_kind'))
    day: Mapped[date] = mapped_column()
    #: how many nodal officers got the notice, and how many e-mails were queued
    notices: Mapped[int] = mapped_column(default=0)
    emails: Mapped[int] = mapped_column(default=0)
    #: for an escalation: the level reached
    level: Mapped[DirectionLevel | None] = mapped_column(enum_column(DirectionLevel, 'direction_reminder_level'))

    addressee: Mapped[Addressee] = relationship()
