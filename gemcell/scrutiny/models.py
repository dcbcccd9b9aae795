"""Findings of the scrutiny engine, their review, the reviewers' verdicts on disqualifications, threshold versions
and the record of each scrutiny run.

A finding is written by the engine (``engine.py``) and reviewed by a person; it is never deleted. When a re-run no
longer sees its cause (a corrected import), it becomes ``superseded``; when its evidence changes after a review, the
reviewed one is superseded and a new open finding takes its place, so a verdict always refers to what was reviewed.
"""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import InvalidTransition, TimestampMixin, TitledEnum, enum_column, titled, utcnow
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder, Order


class Severity(TitledEnum):
    """``deviation``: grounds to recommend cancellation; ``advisory``: please verify; ``info``: for the record."""
    info = 'info'
    advisory = 'advisory'
    deviation = 'deviation'

    @property
    def rank(self) -> int:
        return _RANKS[self]


class FindingState(TitledEnum):
    open = 'open'
    confirmed = 'confirmed'
    dismissed = 'dismissed'
    superseded = 'superseded'


class Verdict(TitledEnum):
    """A reviewer's verdict on the reason a buyer gave for disqualifying a bidder (duty 9)."""
    correct = 'correct'
    incorrect = 'incorrect'
    needs_inquiry = 'needs_inquiry'


_RANKS = {Severity.info: 0, Severity.advisory: 1, Severity.deviation: 2}
_TITLES = {
    Severity.info: _l('Information'), Severity.advisory: _l('Advisory'), Severity.deviation: _l('Deviation'),
    FindingState.open: _l('Open'), FindingState.confirmed: _l('Confirmed'), FindingState.dismissed: _l('Dismissed'),
    FindingState.superseded: _l('Superseded'),
    Verdict.correct: _l('Reason correct'), Verdict.incorrect: _l('Reason incorrect'),
    Verdict.needs_inquiry: _l('Needs inquiry'),
}
titled(_TITLES)


class Finding(db.Model):
    """What one rule found on one bid, order or group of orders, with its evidence, and the reviewer's decision."""

    __tablename__ = 'findings'
    __department_scope__ = 'department_id'
    __table_args__ = (sa.Index('ix_findings_rule_id_key', 'rule_id', 'key'),
                      # the queue: its count and pages by state and severity read the index alone
                      sa.Index('ix_findings_state_severity', 'state', 'severity', 'id'),
                      sa.Index('ix_findings_department_state', 'department_id', 'state'))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the rule's id in RULES.md (``GFR-170-RANGE``)
    rule_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, 'severity'))
    state: Mapped[FindingState] = mapped_column(enum_column(FindingState, 'finding_state'),
                                                default=FindingState.open)
    #: what the finding is about, unique among the rule's live findings: ``bid:12``, ``order:7``, ``bidder:40``,
    #: ``split:<office>|<category>|<first order>``
    key: Mapped[str] = mapped_column(sa.String(600))
    bid_id: Mapped[int | None] = mapped_column(sa.ForeignKey('bids.id', ondelete='CASCADE'), index=True)
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey('orders.id', ondelete='CASCADE'), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'))
    #: the date the rule judged by (the bid's publication, the order's date): which threshold versions applied
    judged_date: Mapped[date | None] = mapped_column(index=True)
    #: the facts that triggered the rule, the thresholds (name, value, version) that applied and the matched text
    evidence: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: a digest of ``evidence``: a re-run compares it to see whether the cause changed
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    found_dt: Mapped[datetime] = mapped_column(default=utcnow, info={'audit': 'skip'})
    superseded_dt: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    reviewed_dt: Mapped[datetime | None] = mapped_column()
    remark: Mapped[str | None] = mapped_column(sa.Text)
    #: sent on as the start of a debarment/blacklisting case (duty 12)
    referred_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    referred_dt: Mapped[datetime | None] = mapped_column()
    #: raised by every change (the ORM's version counter; the engine's bulk updates raise it too): a reviewer's
    #: decision names the version it was made on, and one made on an older version is refused, not lost
    version: Mapped[int] = mapped_column(default=1, server_default='1', info={'audit': 'skip'})

    __mapper_args__ = {'version_id_col': version}

    bid: Mapped[Bid | None] = relationship()
    order: Mapped[Order | None] = relationship()
    department: Mapped[Department | None] = relationship()
    reviewed_by = relationship('User', foreign_keys=[reviewed_by_id])
    referred_by = relationship('User', foreign_keys=[referred_by_id])

    def __repr__(self):
        return f'<Finding {self.id} {self.rule_id} {self.key} {self.state.value}>'

    @property
    def rule(self):
        from gemcell.scrutiny.rules import REGISTRY
        return REGISTRY.get(self.rule_id)

    @property
    def is_live(self) -> bool:
        return self.state is not FindingState.superseded

    def can_review(self, user) -> bool:
        from gemcell.core.permissions import Permission, has_permission
        return self.state is not FindingState.superseded and has_permission(user, Permission.REVIEW)

    def can_refer(self, user) -> bool:
        """A confirmed manual-L1 or other irregularity may open a debarment case, once."""
        return (self.state is FindingState.confirmed and self.referred_dt is None
                and self.severity is not Severity.info and self.can_review(user))

    def review(self, state: FindingState, user, remark: str | None, now: datetime):
        if self.state is FindingState.superseded:
            raise InvalidTransition(_l('This finding was superseded by a later scrutiny; it can no longer be '
                                       'reviewed.'))
        if state not in (FindingState.open, FindingState.confirmed, FindingState.dismissed):
            raise InvalidTransition(_l('A finding can only be confirmed, dismissed or reopened.'))
        self.state = state
        self.remark = remark
        self.reviewed_by_id = None if state is FindingState.open else user.id
        self.reviewed_dt = None if state is FindingState.open else now

    def refer(self, user, now: datetime):
        if not self.can_refer(user):
            raise InvalidTransition(_l('Only a confirmed finding not yet referred can be sent on to a case.'))
        self.referred_by_id = user.id
        self.referred_dt = now


class DisqualificationReview(TimestampMixin, db.Model):
    """The reviewer's verdict on the reason a buyer gave for disqualifying one bidder (duty 9)."""

    __tablename__ = 'disqualification_reviews'
    __department_scope__ = 'department_id'

    id: Mapped[int] = mapped_column(primary_key=True)
    bidder_id: Mapped[int] = mapped_column(sa.ForeignKey('bidders.id', ondelete='CASCADE'), unique=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey('bids.id', ondelete='CASCADE'), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, 'verdict'))
    note: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_by_id: Mapped[int] = mapped_column(sa.ForeignKey('users.id'))
    reviewed_dt: Mapped[datetime] = mapped_column(default=utcnow)

    bidder: Mapped[Bidder] = relationship()
    bid: Mapped[Bid] = relationship()
    reviewed_by = relationship('User')


class Threshold(TimestampMixin, db.Model):
    """A version of a threshold added by an administrator (an OM or UP GO changed it): in force from its date.

    The versions RULES.md gives ship in code (``settings.DEFAULTS``); rows here add to them, and a row dated the
    same day as a shipped version replaces it.
    """

    __tablename__ = 'thresholds'
    __table_args__ = (sa.UniqueConstraint('name', 'effective_from'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``gfr149.direct_limit`` … (``settings.DEFAULTS`` lists the names)
    name: Mapped[str] = mapped_column(sa.String(60))
    value: Mapped[Decimal] = mapped_column(sa.Numeric(18, 3))
    effective_from: Mapped[date] = mapped_column()
    #: the order that made the change (``OM No. F.1/3/2024-PPD, 10.07.2024``)
    source: Mapped[str] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))

    created_by = relationship('User')


class ScrutinyRun(db.Model):
    """One run of the engine: what it looked at and what it changed."""

    __tablename__ = 'scrutiny_runs'
    #: the run writes its own summary to the trail
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``all``, ``pending`` (changed since the last run) or ``import`` (one import batch)
    scope: Mapped[str] = mapped_column(sa.String(20))
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey('import_batches.id', ondelete='SET NULL'),
                                                        index=True)
    started_dt: Mapped[datetime] = mapped_column(default=utcnow)
    finished_dt: Mapped[datetime | None] = mapped_column()
    #: ``{bids, orders, groups, new, updated, superseded, unchanged}``
    counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
