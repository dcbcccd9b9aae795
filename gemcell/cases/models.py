"""Case (the case file), its findings, bids and orders, its events (the timeline), the replies to the show-cause
notices and the Sanction rows that make the registers of debarred buyer users and blacklisted firms.

Cases are the cell's and Government's only: no ``__department_scope__`` (a nodal officer never reads a case; the
department reads the show-cause letter addressed to it, a ``Document``, through the documents' own scope).
"""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.core.i18n import format_date
from gemcell.core.permissions import Permission, has_permission
from gemcell.directory.models import Department
from gemcell.extensions import db


class CaseState(TitledEnum):
    draft = 'draft'
    show_cause_issued = 'show_cause_issued'
    replies_received = 'replies_received'
    referred = 'referred'
    #: Government's decision: the buyer user debarred, the firm blacklisted, or both
    debarred = 'debarred'
    blacklisted = 'blacklisted'
    debarred_blacklisted = 'debarred_blacklisted'
    dropped = 'dropped'

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset({CaseState.debarred, CaseState.blacklisted, CaseState.debarred_blacklisted,
                          CaseState.dropped})
#: states in which show-cause letters may be drafted and the case file completed
OPEN_STATES = frozenset({CaseState.draft, CaseState.show_cause_issued, CaseState.replies_received})


class Party(TitledEnum):
    """Who a show-cause letter goes to and who replies: the buyer department (for its user) or the firm."""
    department = 'department'
    firm = 'firm'


class SanctionKind(TitledEnum):
    debarment = 'debarment'
    blacklisting = 'blacklisting'


class EventKind(TitledEnum):
    opened = 'opened'
    finding_added = 'finding_added'
    finding_removed = 'finding_removed'
    letters_drafted = 'letters_drafted'
    show_cause_issued = 'show_cause_issued'
    reply_received = 'reply_received'
    pack_prepared = 'pack_prepared'
    concluded = 'concluded'
    referred = 'referred'
    decided = 'decided'
    dropped = 'dropped'


_TITLES = {
    CaseState.draft: _l('Draft'), CaseState.show_cause_issued: _l('Show-cause notice issued'),
    CaseState.replies_received: _l('Replies received'), CaseState.referred: _l('Referred to Government'),
    CaseState.debarred: _l('Debarred'), CaseState.blacklisted: _l('Blacklisted'),
    CaseState.debarred_blacklisted: _l('Debarred and blacklisted'), CaseState.dropped: _l('Dropped'),
    Party.department: _l('Buyer department'), Party.firm: _l('Seller firm'),
    SanctionKind.debarment: _l('Debarment'), SanctionKind.blacklisting: _l('Blacklisting'),
    EventKind.opened: _l('Case opened'), EventKind.finding_added: _l('Finding added'),
    EventKind.finding_removed: _l('Finding removed'), EventKind.letters_drafted: _l('Show-cause letters drafted'),
    EventKind.show_cause_issued: _l('Show-cause notice issued'), EventKind.reply_received: _l('Reply received'),
    EventKind.pack_prepared: _l('Evidence pack prepared'), EventKind.concluded: _l('Conclusion recorded'),
    EventKind.referred: _l('Referred to Government'), EventKind.decided: _l('Government’s decision recorded'),
    EventKind.dropped: _l('Case dropped'),
}
titled(_TITLES)


def _can(user, permission: Permission) -> bool:
    return has_permission(user, permission)


class Case(TimestampMixin, db.Model):
    """One case file: against a buyer user (proposed debarment) and/or a seller firm (proposed blacklisting)."""

    __tablename__ = 'cases'
    __table_args__ = (
        sa.CheckConstraint("buyer_name IS NOT NULL OR firm_name IS NOT NULL", name='has_a_party'),
        sa.CheckConstraint("reply_due_date IS NULL OR show_cause_date IS NULL OR reply_due_date >= show_cause_date",
                           name='reply_after_notice'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: a short title (``Manual L-1 in bid GEM/2025/B/6810987``)
    title: Mapped[str] = mapped_column(sa.String(300))
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, 'case_state'), default=CaseState.draft,
                                             index=True)
    #: the buyer department (to which the show-cause letter about its user is addressed)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)

    # --- the buyer user (proposed debarment) ---
    buyer_gem_user_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    buyer_name: Mapped[str | None] = mapped_column(sa.String(200))
    buyer_designation: Mapped[str | None] = mapped_column(sa.String(200))
    buyer_office: Mapped[str | None] = mapped_column(sa.String(500))

    # --- the seller firm (proposed blacklisting) ---
    firm_gem_seller_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    firm_name: Mapped[str | None] = mapped_column(sa.String(300))
    #: registration details as the cell has them (Udyam / GSTIN / PAN, address)
    firm_registration: Mapped[str | None] = mapped_column(sa.Text)
    seller_id: Mapped[int | None] = mapped_column(sa.ForeignKey('sellers.id'), index=True)

    #: the facts in brief, as the cell writes them
    summary: Mapped[str | None] = mapped_column(sa.Text)
    #: the cell's conclusion after the replies (required before the case is referred)
    conclusion: Mapped[str | None] = mapped_column(sa.Text)
    #: what the cell proposes to Government (e.g. "debar for two years")
    proposal: Mapped[str | None] = mapped_column(sa.Text)

    # --- the show-cause step ---
    show_cause_date: Mapped[date | None] = mapped_column()
    reply_due_date: Mapped[date | None] = mapped_column()
    show_cause_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    show_cause_dt: Mapped[datetime | None] = mapped_column()

    # --- the reference to Government ---
    pack_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))
    referred_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    referred_dt: Mapped[datetime | None] = mapped_column()

    # --- Government's decision (or the case dropped) ---
    decision_order_number: Mapped[str | None] = mapped_column(sa.String(200))
    decision_order_date: Mapped[date | None] = mapped_column()
    decision_remark: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    decided_dt: Mapped[datetime | None] = mapped_column()
    drop_reason: Mapped[str | None] = mapped_column(sa.Text)

    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    department: Mapped[Department | None] = relationship()
    seller = relationship('Seller')
    pack = relationship('Document', foreign_keys=[pack_id])
    created_by = relationship('User', foreign_keys=[created_by_id])
    show_cause_by = relationship('User', foreign_keys=[show_cause_by_id])
    referred_by = relationship('User', foreign_keys=[referred_by_id])
    decided_by = relationship('User', foreign_keys=[decided_by_id])
    case_findings: Mapped[list['CaseFinding']] = relationship(back_populates='case', cascade='all, delete-orphan',
                                                              order_by='CaseFinding.finding_id')
    case_bids: Mapped[list['CaseBid']] = relationship(cascade='all, delete-orphan', order_by='CaseBid.bid_id')
    case_orders: Mapped[list['CaseOrder']] = relationship(cascade='all, delete-orphan',
                                                          order_by='CaseOrder.order_id')
    events: Mapped[list['CaseEvent']] = relationship(back_populates='case', cascade='all, delete-orphan',
                                                     order_by='(CaseEvent.event_dt, CaseEvent.id)')
    replies: Mapped[list['CaseReply']] = relationship(back_populates='case', cascade='all, delete-orphan',
                                                      order_by='(CaseReply.received_date, CaseReply.id)')
    sanctions: Mapped[list['Sanction']] = relationship(back_populates='case', order_by='Sanction.id')

    def __repr__(self):
        return f'<Case {self.id} {self.state.value}>'

    @property
    def reference(self) -> str:
        """The case's number as the cell cites it: ``DB-12/2026`` (the year it was opened)."""
        return f'DB-{self.id}/{self.created_dt.year if self.created_dt else ""}'.rstrip('/')

    @property
    def proposes_debarment(self) -> bool:
        return bool(self.buyer_name)

    @property
    def proposes_blacklisting(self) -> bool:
        return bool(self.firm_name)

    @property
    def findings(self) -> list:
        return [link.finding for link in self.case_findings]

    @property
    def parties(self) -> list[Party]:
        """Who is asked to show cause: the department (about its user) and/or the firm."""
        return ([Party.department] if self.proposes_debarment else []) + \
            ([Party.firm] if self.proposes_blacklisting else [])

    def reply_is_overdue(self, today: date) -> bool:
        return self.reply_due_date is not None and today > self.reply_due_date

    # --- who may do what (views and templates ask the same) --------------------------------------------------

    def can_edit(self, user) -> bool:
        """The file (parties, summary, findings, bids and orders) is completed by the cell until it is referred."""
        return self.state in OPEN_STATES and _can(user, Permission.REVIEW)

    def can_draft_letters(self, user) -> bool:
        return self.state is CaseState.draft and _can(user, Permission.REVIEW)

    def can_issue_show_cause(self, user) -> bool:
        return self.state is CaseState.draft and _can(user, Permission.ISSUE_DOCUMENTS)

    def can_record_reply(self, user) -> bool:
        return self.state in (CaseState.show_cause_issued, CaseState.replies_received) \
            and _can(user, Permission.REVIEW)

    def can_prepare_pack(self, user) -> bool:
        return self.state in (CaseState.show_cause_issued, CaseState.replies_received) \
            and _can(user, Permission.REVIEW)

    def can_refer(self, user) -> bool:
        return self.state in (CaseState.show_cause_issued, CaseState.replies_received) \
            and _can(user, Permission.ISSUE_DOCUMENTS)

    def can_decide(self, user) -> bool:
        return self.state is CaseState.referred and _can(user, Permission.DECIDE_CASES)

    def can_drop(self, user) -> bool:
        if self.state in OPEN_STATES:
            return _can(user, Permission.ISSUE_DOCUMENTS)
        return self.state is CaseState.referred and _can(user, Permission.DECIDE_CASES)

    # --- transitions -----------------------------------------------------------------------------------------

    def issue_show_cause(self, user, now: datetime, today: date, reply_due: date):
        if self.state is not CaseState.draft:
            raise InvalidTransition(_l('The show-cause notice is issued once, from a draft case.'))
        if reply_due is None or reply_due <= today:
            raise InvalidTransition(_l('The reply deadline must be after today.'))
        self.state = CaseState.show_cause_issued
        self.show_cause_date = today
        self.reply_due_date = reply_due
        self.show_cause_by_id = user.id
        self.show_cause_dt = now

    def receive_reply(self):
        if self.state not in (CaseState.show_cause_issued, CaseState.replies_received):
            raise InvalidTransition(_l('Replies are recorded after the show-cause notice and before the case is '
                                       'referred.'))
        self.state = CaseState.replies_received

    def refer(self, user, now: datetime, today: date):
        """To Government, with the issued evidence pack; without a reply only once the deadline has passed."""
        if self.state not in (CaseState.show_cause_issued, CaseState.replies_received):
            raise InvalidTransition(_l('Only a case whose show-cause notice was issued can be referred to '
                                       'Government.'))
        if self.state is CaseState.show_cause_issued and not self.reply_is_overdue(today):
            raise InvalidTransition(_l('No reply is recorded yet: the case can be referred without one only after '
                                       'the reply deadline (%(date)s).', date=format_date(self.reply_due_date)))
        if not (self.conclusion or '').strip():
            raise InvalidTransition(_l('Record the cell’s conclusion before referring the case.'))
        if self.pack is None or not self.pack.is_issued:
            raise InvalidTransition(_l('The evidence pack must be issued before the case is referred.'))
        self.state = CaseState.referred
        self.referred_by_id = user.id
        self.referred_dt = now

    def decide(self, user, now: datetime, state: CaseState, order_number: str, order_date: date,
               remark: str | None):
        if self.state is not CaseState.referred:
            raise InvalidTransition(_l('Government’s decision is recorded on a case referred to it.'))
        if state not in (CaseState.debarred, CaseState.blacklisted, CaseState.debarred_blacklisted):
            raise InvalidTransition(_l('A decision debars the user, blacklists the firm, or both.'))
        self.state = state
        self.decision_order_number = order_number
        self.decision_order_date = order_date
        self.decision_remark = remark
        self.decided_by_id = user.id
        self.decided_dt = now

    def drop(self, user, now: datetime, reason: str, order_number: str | None = None,
             order_date: date | None = None):
        if self.state.is_final:
            raise InvalidTransition(_l('This case is already closed.'))
        if not (reason or '').strip():
            raise InvalidTransition(_l('Say why the case is dropped.'))
        self.state = CaseState.dropped
        self.drop_reason = reason.strip()
        self.decision_order_number = order_number
        self.decision_order_date = order_date
        self.decided_by_id = user.id
        self.decided_dt = now


class CaseFinding(db.Model):
    """A finding in the case file (a finding may be in more than one case: one against the user, one the firm)."""

    __tablename__ = 'case_findings'

    case_id: Mapped[int] = mapped_column(sa.ForeignKey('cases.id', ondelete='CASCADE'), primary_key=True)
    finding_id: Mapped[int] = mapped_column(sa.ForeignKey('findings.id'), primary_key=True, index=True)

    case: Mapped[Case] = relationship(back_populates='case_findings')
    finding = relationship('Finding')


class CaseBid(db.Model):
    """A bid in the case file (the findings' bids are added with them)."""

    __tablename__ = 'case_bids'

    case_id: Mapped[int] = mapped_column(sa.ForeignKey('cases.id', ondelete='CASCADE'), primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey('bids.id'), primary_key=True, index=True)

    bid = relationship('Bid')


class CaseOrder(db.Model):
    """An order in the case file."""

    __tablename__ = 'case_orders'

    case_id: Mapped[int] = mapped_column(sa.ForeignKey('cases.id', ondelete='CASCADE'), primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey('orders.id'), primary_key=True, index=True)

    order = relationship('Order')


class CaseEvent(db.Model):
    """One dated step of the case (the timeline); the audit trail has every change besides."""

    __tablename__ = 'case_events'

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey('cases.id', ondelete='CASCADE'), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, 'case_event_kind'))
    event_dt: Mapped[datetime] = mapped_column()
    #: a short note (the finding's rule id, a document's number, the decision's order number)
    note: Mapped[str | None] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey('documents.id'))

    case: Mapped[Case] = relationship(back_populates='events')
    user = relationship('User')
    document = relationship('Document')


class CaseReply(db.Model):
    """The reply of the department or of the firm to the show-cause notice, as received (with an optional
    attachment: a PDF or image, checked by its content)."""

    __tablename__ = 'case_replies'

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey('cases.id', ondelete='CASCADE'), index=True)
    party: Mapped[Party] = mapped_column(enum_column(Party, 'case_party'))
    received_date: Mapped[date] = mapped_column()
    #: the reply's letter number and date as the sender wrote them, if any
    reference: Mapped[str | None] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text)
    #: the attachment (in the shared attachment store), if the reply came with one
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey('attachments.id'))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    recorded_dt: Mapped[datetime] = mapped_column()

    case: Mapped[Case] = relationship(back_populates='replies')
    recorded_by = relationship('User')
    attachment = relationship('Attachment')


class Sanction(TimestampMixin, db.Model):
    """An entry of the registers: a buyer user debarred or a firm blacklisted by Government's order, for a period
    (both days included). The party's identity is copied from the case, so the register stands on its own."""

    __tablename__ = 'sanctions'
    __table_args__ = (sa.CheckConstraint('to_date >= from_date', name='period_order'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SanctionKind] = mapped_column(enum_column(SanctionKind, 'sanction_kind'), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey('cases.id'), index=True)
    #: a debarred buyer user: GeM user id, name, designation, office, department
    gem_user_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    designation: Mapped[str | None] = mapped_column(sa.String(200))
    office: Mapped[str | None] = mapped_column(sa.String(500))
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'))
    #: a blacklisted firm: GeM seller id and the Seller row when known
    gem_seller_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    seller_id: Mapped[int | None] = mapped_column(sa.ForeignKey('sellers.id'), index=True)
    registration: Mapped[str | None] = mapped_column(sa.Text)
    #: the user's or the firm's name
    name: Mapped[str] = mapped_column(sa.String(300))
    from_date: Mapped[date] = mapped_column(index=True)
    to_date: Mapped[date] = mapped_column(index=True)
    order_number: Mapped[str] = mapped_column(sa.String(200))
    order_date: Mapped[date] = mapped_column()
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))

    case: Mapped[Case | None] = relationship(back_populates='sanctions')
    department: Mapped[Department | None] = relationship()
    seller = relationship('Seller')
    recorded_by = relationship('User')

    def is_in_force(self, day: date) -> bool:
        """Whether ``day`` falls in the period (the first and the last day included)."""
        return self.from_date <= day <= self.to_date
