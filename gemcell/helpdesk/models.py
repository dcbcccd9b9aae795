"""Tickets (portal problems of buyer departments and seller firms), their messages, status history and pauses of the
SLA clock, the managed categories with their SLA targets, the holiday calendar, field visits, the knowledge base and
the helpdesk's in-app notices."""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.core.i18n import language
from gemcell.core.permissions import Permission, has_permission
from gemcell.directory.models import Bilingual, Department, District, Office
from gemcell.extensions import db


class Priority(TitledEnum):
    urgent = 'urgent'
    high = 'high'
    normal = 'normal'
    low = 'low'


class RequesterKind(TitledEnum):
    department = 'department'
    seller = 'seller'


class TicketState(TitledEnum):
    new = 'new'
    assigned = 'assigned'
    in_progress = 'in_progress'
    waiting = 'waiting'
    resolved = 'resolved'
    closed = 'closed'


class WaitingOn(TitledEnum):
    """Whom a waiting ticket waits on (the SLA clock is paused meanwhile)."""
    department = 'department'
    seller = 'seller'
    gem = 'gem'


class PauseReason(TitledEnum):
    waiting = 'waiting'
    resolved = 'resolved'
    closed = 'closed'


class MessageKind(TitledEnum):
    #: seen by the requester (the department's officers) as well as the cell
    reply = 'reply'
    #: the cell's internal note, never shown to the department
    note = 'note'


class ReferenceKind(TitledEnum):
    bid = 'bid'
    ra = 'ra'
    order = 'order'


class VisitState(TitledEnum):
    planned = 'planned'
    done = 'done'
    cancelled = 'cancelled'


TITLES = {
    Priority.urgent: _l('Urgent'), Priority.high: _l('High'), Priority.normal: _l('Normal'), Priority.low: _l('Low'),
    RequesterKind.department: _l('Buyer department'), RequesterKind.seller: _l('Seller firm'),
    TicketState.new: _l('New ticket'), TicketState.assigned: _l('Assigned'), TicketState.in_progress: _l('In progress'),
    TicketState.waiting: _l('Waiting'), TicketState.resolved: _l('Resolved'),
    TicketState.closed: _l('Ticket closed'),
    WaitingOn.department: _l('Waiting on the department'), WaitingOn.seller: _l('Waiting on the seller'),
    WaitingOn.gem: _l('Waiting on GeM'),
    PauseReason.waiting: _l('Waiting'), PauseReason.resolved: _l('Resolved'),
    PauseReason.closed: _l('Ticket closed'),
    MessageKind.reply: _l('Reply'), MessageKind.note: _l('Internal note'),
    ReferenceKind.bid: _l('Bid'), ReferenceKind.ra: _l('Reverse auction'), ReferenceKind.order: _l('Order'),
    VisitState.planned: _l('Planned'), VisitState.done: _l('Done'), VisitState.cancelled: _l('Cancelled'),
}
titled(TITLES)
OPEN_STATES = (TicketState.new, TicketState.assigned, TicketState.in_progress, TicketState.waiting)


class TicketCategory(Bilingual, TimestampMixin, db.Model):
    """A category of problems (a managed list), with the SLA target per priority in working hours. Deactivated,
    never deleted: tickets keep naming it."""

    __tablename__ = 'ticket_categories'

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    #: working hours to resolve a ticket of each priority
    sla_urgent_hours: Mapped[int] = mapped_column(default=4)
    sla_high_hours: Mapped[int] = mapped_column(default=8)
    sla_normal_hours: Mapped[int] = mapped_column(default=16)
    sla_low_hours: Mapped[int] = mapped_column(default=40)

    def sla_hours(self, priority: Priority) -> int:
        return getattr(self, f'sla_{priority.value}_hours')


class CalendarDay(Bilingual, db.Model):
    """A day the calendar says is off (a gazetted holiday) or, exceptionally, working (a Saturday ordered to work)."""

    __tablename__ = 'helpdesk_calendar_days'

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    is_holiday: Mapped[bool] = mapped_column(default=True)
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))


class Ticket(TimestampMixin, db.Model):
    """One problem brought to the cell, by a buyer department or a seller firm, followed until it is closed."""

    __tablename__ = 'tickets'
    __department_scope__ = 'department_id'
    __table_args__ = (
        sa.CheckConstraint("requester_kind != 'department' OR department_id IS NOT NULL",
                           name='department_ticket_has_department'),
        sa.CheckConstraint("requester_kind != 'seller' OR seller_gem_id IS NOT NULL",
                           name='seller_ticket_has_seller_id'),
        sa.CheckConstraint("state != 'waiting' OR waiting_on IS NOT NULL", name='waiting_says_on_whom'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``HD/2026/00012``: the number the requester quotes
    number: Mapped[str] = mapped_column(sa.String(30), unique=True)
    requester_kind: Mapped[RequesterKind] = mapped_column(enum_column(RequesterKind, 'ticket_requester_kind'))
    #: the buyer department (a department's ticket); seller tickets have none unless the problem is with a department
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    #: the seller firm as the cell logged it (sellers have no login)
    seller_gem_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    seller_name: Mapped[str | None] = mapped_column(sa.String(300))
    seller_contact: Mapped[str | None] = mapped_column(sa.String(300))
    #: the mirrored GeM seller, when its id is known to gemdata
    seller_id: Mapped[int | None] = mapped_column(sa.ForeignKey('sellers.id'), index=True)
    #: how the cell got it, for a logged ticket: telephone, letter, e-mail, in person
    channel: Mapped[str | None] = mapped_column(sa.String(40))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey('ticket_categories.id'), index=True)
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, 'ticket_priority'), default=Priority.normal)
    subject: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[TicketState] = mapped_column(enum_column(TicketState, 'ticket_state'), default=TicketState.new,
                                               index=True)
    waiting_on: Mapped[WaitingOn | None] = mapped_column(enum_column(WaitingOn, 'ticket_waiting_on'))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    #: when the SLA clock started (the ticket was raised or logged)
    opened_dt: Mapped[datetime] = mapped_column(index=True)
    #: the SLA target taken from the category and priority when set (working hours)
    sla_hours: Mapped[int] = mapped_column()
    resolution: Mapped[str | None] = mapped_column(sa.Text)
    resolved_dt: Mapped[datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    closed_dt: Mapped[datetime | None] = mapped_column()
    #: the SLA was breached and the ticket escalated to the In-charge (once)
    escalated_dt: Mapped[datetime | None] = mapped_column()
    reopen_count: Mapped[int] = mapped_column(default=0)
    #: a duplicate merged into another ticket (its messages and files moved there)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey('tickets.id'))
    #: the problem needs a change of the portal itself (a recurring problem that feeds policy, duty 7)
    needs_portal_change: Mapped[bool] = mapped_column(default=False)
    #: a generic reference to the State provisions register entry it feeds: (table name, id); see
    #: ``operations.link_provision`` — the register is its own module
    provision_model: Mapped[str | None] = mapped_column(sa.String(60))
    provision_ref_id: Mapped[int | None] = mapped_column()

    department: Mapped[Department | None] = relationship()
    seller = relationship('Seller')
    category: Mapped[TicketCategory] = relationship()
    assignee = relationship('User', foreign_keys=[assignee_id])
    created_by = relationship('User', foreign_keys=[created_by_id])
    resolved_by = relationship('User', foreign_keys=[resolved_by_id])
    merged_into = relationship('Ticket', remote_side=[id])
    messages: Mapped[list['TicketMessage']] = relationship(back_populates='ticket', order_by='TicketMessage.id')
    events: Mapped[list['TicketEvent']] = relationship(back_populates='ticket', order_by='TicketEvent.id',
                                                       cascade='all, delete-orphan')
    pauses: Mapped[list['TicketPause']] = relationship(back_populates='ticket', order_by='TicketPause.id',
                                                       cascade='all, delete-orphan')
    references: Mapped[list['TicketReference']] = relationship(back_populates='ticket',
                                                               order_by='TicketReference.id',
                                                               cascade='all, delete-orphan')
    visits: Mapped[list['FieldVisit']] = relationship(back_populates='ticket', order_by='FieldVisit.visit_date')

    def __repr__(self):
        return f'<Ticket {self.number} {self.state.value}>'

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def requester_name(self) -> str:
        if self.requester_kind is RequesterKind.seller:
            return f'{self.seller_name or ""} ({self.seller_gem_id})'
        return self.department.name if self.department else ''

    @property
    def state_title(self) -> str:
        if self.state is TicketState.waiting and self.waiting_on is not None:
            return str(self.waiting_on.title)
        return str(self.state.title)

    def pause_intervals(self):
        return [(p.start_dt, p.end_dt) for p in self.pauses]

    # --- who may do what (views and templates ask the same) --------------------------------------------------

    def is_requester(self, user) -> bool:
        """An officer of the ticket's department (who may reply, reopen and see replies, not internal notes)."""
        return (self.department_id is not None and getattr(user, 'department_id', None) == self.department_id
                and not has_permission(user, Permission.VIEW_ALL_DEPARTMENTS))

    def can_manage(self, user) -> bool:
        return has_permission(user, Permission.REVIEW) and self.merged_into_id is None

    def can_reply(self, user) -> bool:
        return self.state is not TicketState.closed and self.merged_into_id is None and (
            self.can_manage(user) or (self.is_requester(user) and has_permission(user, Permission.RAISE_TICKETS)))

    def can_reopen(self, user, today: date, reopen_days: int) -> bool:
        from gemcell.core.i18n import to_local
        if self.state is not TicketState.resolved and self.state is not TicketState.closed:
            return False
        if self.merged_into_id is not None or self.resolved_dt is None:
            return False
        if not (self.can_manage(user) or (self.is_requester(user) and has_permission(user, Permission.RAISE_TICKETS))):
            return False
        return (today - to_local(self.resolved_dt).date()).days <= reopen_days

    # --- transitions: each records an event and keeps the clock's pauses -------------------------------------

    def _event(self, user, now, to_state: TicketState, note: str | None = None):
        self.events.append(TicketEvent(from_state=self.state, to_state=to_state,
                                       waiting_on=self.waiting_on if to_state is TicketState.waiting else None,
                                       user_id=getattr(user, 'id', None), created_dt=now, note=note))
        self.state = to_state

    def _open_pause(self):
        return next((p for p in self.pauses if p.end_dt is None), None)

    def _pause(self, reason: PauseReason, now, waiting_on=None):
        current = self._open_pause()
        if current is not None:
            if current.reason is reason and current.waiting_on is waiting_on:
                return
            current.end_dt = now
        self.pauses.append(TicketPause(reason=reason, waiting_on=waiting_on, start_dt=now))

    def _resume(self, now):
        current = self._open_pause()
        if current is not None:
            current.end_dt = now

    def assign(self, assignee, user, now):
        if not self.is_open:
            raise InvalidTransition(_l('Only an open ticket can be assigned.'))
        self.assignee_id = assignee.id
        if self.state is TicketState.new:
            self._event(user, now, TicketState.assigned, note=assignee.name)
        else:
            self.events.append(TicketEvent(from_state=self.state, to_state=self.state, user_id=user.id,
                                           created_dt=now, note=assignee.name))

    def start(self, user, now):
        if self.state not in (TicketState.new, TicketState.assigned, TicketState.waiting):
            raise InvalidTransition(_l('Work can start only on a new, assigned or waiting ticket.'))
        if self.assignee_id is None:
            self.assignee_id = user.id
        self._resume(now)
        self.waiting_on = None
        self._event(user, now, TicketState.in_progress)

    def wait(self, waiting_on: WaitingOn, user, now, note: str | None = None):
        if not self.is_open:
            raise InvalidTransition(_l('Only an open ticket can wait.'))
        self.waiting_on = waiting_on
        self._pause(PauseReason.waiting, now, waiting_on)
        self._event(user, now, TicketState.waiting, note)

    def resolve(self, resolution: str, user, now):
        if not self.is_open:
            raise InvalidTransition(_l('Only an open ticket can be resolved.'))
        if not (resolution or '').strip():
            raise InvalidTransition(_l('Write the resolution: what was done to solve the problem.'))
        self.resolution = resolution.strip()
        self.resolved_dt = now
        self.resolved_by_id = user.id
        self.waiting_on = None
        self._pause(PauseReason.resolved, now)
        self._event(user, now, TicketState.resolved)

    def close(self, user, now, note: str | None = None):
        if self.state is TicketState.closed:
            raise InvalidTransition(_l('The ticket is already closed.'))
        self.closed_dt = now
        self.waiting_on = None
        self._pause(PauseReason.closed, now)
        self._event(user, now, TicketState.closed, note)

    def reopen(self, user, now, reason: str, today: date, reopen_days: int):
        if not self.can_reopen(user, today, reopen_days):
            raise InvalidTransition(_l('A ticket can be reopened only within %(days)s days of its resolution.',
                                       days=reopen_days))
        if not (reason or '').strip():
            raise InvalidTransition(_l('Say why the ticket is reopened.'))
        self._resume(now)
        self.closed_dt = None
        self.reopen_count += 1
        self._event(user, now, TicketState.in_progress if self.assignee_id else TicketState.new, reason.strip())


class TicketEvent(db.Model):
    """One step of the ticket's status history (a change of state, or of assignee)."""

    __tablename__ = 'ticket_events'

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey('tickets.id', ondelete='CASCADE'), index=True)
    from_state: Mapped[TicketState | None] = mapped_column(enum_column(TicketState, 'ticket_event_from'))
    to_state: Mapped[TicketState] = mapped_column(enum_column(TicketState, 'ticket_event_to'))
    waiting_on: Mapped[WaitingOn | None] = mapped_column(enum_column(WaitingOn, 'ticket_event_waiting_on'))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    created_dt: Mapped[datetime] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.Text)

    ticket: Mapped[Ticket] = relationship(back_populates='events')
    user = relationship('User')

    @property
    def title(self) -> str:
        if self.from_state in (TicketState.resolved, TicketState.closed) and self.to_state in OPEN_STATES:
            return str(_l('Reopened'))
        if self.from_state is self.to_state:  # only a change of assignee keeps the state
            return str(TITLES[TicketState.assigned])
        if self.to_state is TicketState.waiting and self.waiting_on is not None:
            return str(self.waiting_on.title)
        return str(self.to_state.title)


class TicketPause(db.Model):
    """A stretch during which the SLA clock stood still."""

    __tablename__ = 'ticket_pauses'

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey('tickets.id', ondelete='CASCADE'), index=True)
    reason: Mapped[PauseReason] = mapped_column(enum_column(PauseReason, 'ticket_pause_reason'))
    waiting_on: Mapped[WaitingOn | None] = mapped_column(enum_column(WaitingOn, 'ticket_pause_waiting_on'))
    start_dt: Mapped[datetime] = mapped_column()
    end_dt: Mapped[datetime | None] = mapped_column()

    ticket: Mapped[Ticket] = relationship(back_populates='pauses')


class TicketMessage(db.Model):
    """A reply (seen by the requester) or an internal note of the cell, with its attached files. A merged duplicate's
    messages move to the ticket kept, remembering where they came from."""

    __tablename__ = 'ticket_messages'

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey('tickets.id'), index=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind, 'ticket_message_kind'))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    body: Mapped[str] = mapped_column(sa.Text)
    created_dt: Mapped[datetime] = mapped_column()
    #: the ticket number the message was written on, when it came with a merged duplicate
    merged_from: Mapped[str | None] = mapped_column(sa.String(30))

    ticket: Mapped[Ticket] = relationship(back_populates='messages')
    author = relationship('User')
    attachments = relationship('Attachment', secondary='ticket_attachments', order_by='Attachment.id')


class TicketAttachment(db.Model):
    """A file attached to a ticket, through the message that brought it (the first message: the description)."""

    __tablename__ = 'ticket_attachments'

    message_id: Mapped[int] = mapped_column(sa.ForeignKey('ticket_messages.id', ondelete='CASCADE'),
                                            primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey('attachments.id'), primary_key=True, unique=True)


class TicketReference(db.Model):
    """A GeM bid, reverse-auction or order number the ticket is about, linked to the mirrored record when present."""

    __tablename__ = 'ticket_references'
    __table_args__ = (sa.UniqueConstraint('ticket_id', 'number'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey('tickets.id', ondelete='CASCADE'), index=True)
    kind: Mapped[ReferenceKind] = mapped_column(enum_column(ReferenceKind, 'ticket_reference_kind'))
    number: Mapped[str] = mapped_column(sa.String(60))
    bid_id: Mapped[int | None] = mapped_column(sa.ForeignKey('bids.id'), index=True)
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey('orders.id'), index=True)

    ticket: Mapped[Ticket] = relationship(back_populates='references')
    bid = relationship('Bid')
    order = relationship('Order')


class FieldVisit(TimestampMixin, db.Model):
    """Field-level support (duty 3): a visit by a cell officer to a department's office about a ticket."""

    __tablename__ = 'field_visits'

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey('tickets.id'), index=True)
    visit_date: Mapped[date] = mapped_column(index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey('districts.id'))
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey('offices.id'))
    #: the place as written (office, building, town)
    place: Mapped[str] = mapped_column(sa.String(300))
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    purpose: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[VisitState] = mapped_column(enum_column(VisitState, 'field_visit_state'),
                                              default=VisitState.planned)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    follow_up: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    ticket: Mapped[Ticket] = relationship(back_populates='visits')
    district: Mapped[District | None] = relationship()
    office: Mapped[Office | None] = relationship()
    officer = relationship('User', foreign_keys=[officer_id])


class KnowledgeArticle(TimestampMixin, db.Model):
    """A resolved problem and its fix, written for the next officer who meets it; searchable, and offered while a
    new ticket is typed. Published articles are seen by every user."""

    __tablename__ = 'knowledge_articles'

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    problem: Mapped[str] = mapped_column(sa.Text)
    fix: Mapped[str] = mapped_column(sa.Text)
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey('ticket_categories.id'), index=True)
    source_ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey('tickets.id'))
    is_published: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    category: Mapped[TicketCategory | None] = relationship()
    source_ticket: Mapped[Ticket | None] = relationship()
    created_by = relationship('User')


class HelpdeskNotice(db.Model):
    """An in-app notice to one user from the helpdesk or the meetings register (an SLA breach escalated to the
    In-charge, an action point falling due); e-mailed too when a mail server is set."""

    __tablename__ = 'helpdesk_notices'

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'), index=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey('tickets.id'), index=True)
    #: the page the notice is about (a ticket, a meeting)
    url: Mapped[str | None] = mapped_column(sa.String(200))
    message_hi: Mapped[str] = mapped_column(sa.Text)
    message_en: Mapped[str] = mapped_column(sa.Text)
    created_dt: Mapped[datetime] = mapped_column()
    read_dt: Mapped[datetime | None] = mapped_column()
    emailed_to: Mapped[str | None] = mapped_column(sa.String(200))

    user = relationship('User')

    @property
    def message(self) -> str:
        return self.message_en if language() == 'en' else self.message_hi
