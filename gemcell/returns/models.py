"""Returns, their submitted versions, the managed lists (pending reasons, problem categories) and in-app notices.

A return's figures are a JSON document whose shape its kind describes (``contents.py``): the workflow, the versions
and the diff do not depend on what is reported, so the monthly return reuses them.
"""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled
from gemcell.core.i18n import language
from gemcell.core.permissions import Permission, has_permission
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns.periods import FORTNIGHTS, MONTH, MONTHS, Period


class ReturnKind(TitledEnum):
    #: पाक्षिक आख्या (duty 1): vendor registration and GeM compliance, per fortnight
    fortnightly = 'fortnightly'
    #: मासिक क्रय विवरणी (duty 2): the month's procurement, through GeM and outside it
    monthly = 'monthly'

    @property
    def calendar(self):
        return MONTHS if self is ReturnKind.monthly else FORTNIGHTS


class ReturnState(TitledEnum):
    draft = 'draft'
    submitted = 'submitted'
    accepted = 'accepted'
    #: sent back to the department for correction, with the reviewer's remark
    returned = 'returned'


class VersionOutcome(TitledEnum):
    accepted = 'accepted'
    returned = 'returned'


class ListKind(TitledEnum):
    """The managed lists the returns use."""
    pending_reason = 'pending_reason'
    problem_category = 'problem_category'


_TITLES = {
    ReturnKind.fortnightly: _l('Fortnightly return'), ReturnKind.monthly: _l('Monthly procurement return'),
    ReturnState.draft: _l('Draft'), ReturnState.submitted: _l('Submitted'), ReturnState.accepted: _l('Accepted'),
    ReturnState.returned: _l('Returned for correction'),
    VersionOutcome.accepted: _l('Accepted'), VersionOutcome.returned: _l('Returned for correction'),
    ListKind.pending_reason: _l('Reasons registrations are pending'),
    ListKind.problem_category: _l('Categories of problems'),
}
titled(_TITLES)


class ReturnListItem(TimestampMixin, db.Model):
    """One entry of a managed list: a reason why vendor registrations are pending, or a category of problems.

    Entries are deactivated, never deleted: old returns keep naming them by ``code``."""

    __tablename__ = 'return_list_items'
    __table_args__ = (sa.UniqueConstraint('kind', 'code'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListKind] = mapped_column(enum_column(ListKind, 'return_list_kind'))
    #: stable key stored in the returns' figures (``documents_incomplete``)
    code: Mapped[str] = mapped_column(sa.String(40))
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    #: order in the form (smallest first)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        return self.name_en if language() == 'en' else self.name_hi

    def __repr__(self):
        return f'<ReturnListItem {self.kind.value}:{self.code}>'


class Return(TimestampMixin, db.Model):
    """One department's return for one period: its current figures and where it stands in the review."""

    __tablename__ = 'returns'
    __department_scope__ = 'department_id'
    __table_args__ = (sa.UniqueConstraint('department_id', 'kind', 'period_start'),
                      sa.CheckConstraint('period_end >= period_start', name='period_order'))

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    kind: Mapped[ReturnKind] = mapped_column(enum_column(ReturnKind, 'return_kind'), default=ReturnKind.fortnightly)
    period_start: Mapped[date] = mapped_column(index=True)
    period_end: Mapped[date] = mapped_column()
    #: the last day to file (``RETURN_DUE_DAYS`` after the period, as configured when the return was opened)
    due_date: Mapped[date] = mapped_column()
    state: Mapped[ReturnState] = mapped_column(enum_column(ReturnState, 'return_state'), default=ReturnState.draft,
                                               index=True)
    #: the current figures (a draft's, or the last submitted); shape per kind, see ``contents.py``
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    #: the first submission: whether the return was filed on time
    first_submitted_dt: Mapped[datetime | None] = mapped_column()
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    submitted_dt: Mapped[datetime | None] = mapped_column()
    #: who accepted it or sent it back, when, and the remark (required when sent back)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    reviewed_dt: Mapped[datetime | None] = mapped_column()
    remark: Mapped[str | None] = mapped_column(sa.Text)

    department: Mapped[Department] = relationship()
    created_by = relationship('User', foreign_keys=[created_by_id])
    submitted_by = relationship('User', foreign_keys=[submitted_by_id])
    reviewed_by = relationship('User', foreign_keys=[reviewed_by_id])
    versions: Mapped[list['ReturnVersion']] = relationship(back_populates='ret', order_by='ReturnVersion.number',
                                                           cascade='all, delete-orphan')

    def __repr__(self):
        return f'<Return {self.id} {self.department_id} {self.period_start} {self.state.value}>'

    @property
    def period(self) -> Period:
        if self.kind is ReturnKind.monthly:
            return Period(self.period_start, self.period_end, MONTH)
        return Period(self.period_start, self.period_end)

    @property
    def is_filed(self) -> bool:
        return self.first_submitted_dt is not None

    @property
    def is_late(self) -> bool:
        """Filed (first submitted) after the due date, in India's time."""
        from gemcell.core.i18n import to_local
        return self.is_filed and to_local(self.first_submitted_dt).date() > self.due_date

    # --- who may do what (views and templates ask the same) --------------------------------------------------

    def can_edit(self, user) -> bool:
        """The department's own nodal officer, while the return is a draft or back for correction."""
        return (self.state in (ReturnState.draft, ReturnState.returned)
                and has_permission(user, Permission.FILE_RETURNS)
                and getattr(user, 'department_id', None) == self.department_id)

    def can_review(self, user) -> bool:
        return self.state is ReturnState.submitted and has_permission(user, Permission.REVIEW)

    # --- transitions -----------------------------------------------------------------------------------------

    def submit(self, user, now: datetime):
        if self.state not in (ReturnState.draft, ReturnState.returned):
            raise InvalidTransition(_l('Only a draft or a return sent back for correction can be submitted.'))
        self.state = ReturnState.submitted
        self.submitted_by_id = user.id
        self.submitted_dt = now
        if self.first_submitted_dt is None:
            self.first_submitted_dt = now

    def accept(self, user, now: datetime, remark: str | None = None):
        if self.state is not ReturnState.submitted:
            raise InvalidTransition(_l('Only a submitted return can be accepted.'))
        self.state = ReturnState.accepted
        self.reviewed_by_id = user.id
        self.reviewed_dt = now
        self.remark = remark

    def send_back(self, user, now: datetime, remark: str):
        if self.state is not ReturnState.submitted:
            raise InvalidTransition(_l('Only a submitted return can be returned for correction.'))
        if not (remark or '').strip():
            raise InvalidTransition(_l('Say what is to be corrected: a remark is required.'))
        self.state = ReturnState.returned
        self.reviewed_by_id = user.id
        self.reviewed_dt = now
        self.remark = remark.strip()


class ReturnVersion(db.Model):
    """One submission of a return, kept as it was submitted, with the review's outcome."""

    __tablename__ = 'return_versions'
    __table_args__ = (sa.UniqueConstraint('return_id', 'number'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(sa.ForeignKey('returns.id', ondelete='CASCADE'), index=True)
    #: 1 for the first submission, 2 for the first resubmission …
    number: Mapped[int] = mapped_column()
    data: Mapped[dict] = mapped_column(sa.JSON)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    submitted_dt: Mapped[datetime] = mapped_column()
    #: the officer confirmed figures that differ greatly from the previous return
    has_confirmed_warnings: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[VersionOutcome | None] = mapped_column(enum_column(VersionOutcome, 'version_outcome'))
    remark: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    decided_dt: Mapped[datetime | None] = mapped_column()

    ret: Mapped[Return] = relationship(back_populates='versions')
    submitted_by = relationship('User', foreign_keys=[submitted_by_id])
    decided_by = relationship('User', foreign_keys=[decided_by_id])


class Notice(db.Model):
    """An in-app notice to one user (a reminder to file a return); e-mailed too when a mail server is set."""

    __tablename__ = 'notices'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'), index=True)
    #: the message, written in both languages when it is made (the reader's language is not known then)
    message_hi: Mapped[str] = mapped_column(sa.Text)
    message_en: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    created_dt: Mapped[datetime] = mapped_column()
    read_dt: Mapped[datetime | None] = mapped_column()
    #: the address the reminder was e-mailed to (None: not e-mailed)
    emailed_to: Mapped[str | None] = mapped_column(sa.String(200))

    department: Mapped[Department] = relationship()
    user = relationship('User', foreign_keys=[user_id])
    created_by = relationship('User', foreign_keys=[created_by_id])

    @property
    def message(self) -> str:
        return self.message_en if language() == 'en' else self.message_hi
