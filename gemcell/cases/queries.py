"""Reads of the cases: only the cell and Government (``VIEW_CASES``) see cases and the registers; anyone else gets
nothing (a 404 for a case by id). A department reads the show-cause letter addressed to it in the documents module.
"""
from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from gemcell.cases.models import Case, CaseFinding, CaseState, Sanction, SanctionKind
from gemcell.core.db import utcnow
from gemcell.core.i18n import to_local
from gemcell.core.listing import Listing
from gemcell.core.permissions import Permission, has_permission
from gemcell.documents.models import Document, DocumentKind, DocumentState
from gemcell.extensions import db
from gemcell.scrutiny.models import DisqualificationReview, Finding, FindingState, Severity

SOURCE = Case.__tablename__


def today() -> date:
    return to_local(utcnow()).date()


def can_view(user) -> bool:
    return has_permission(user, Permission.VIEW_CASES)


def visible_cases(user, stmt=None):
    stmt = sa.select(Case) if stmt is None else stmt
    return stmt if can_view(user) else stmt.where(sa.false())


def get_case_or_404(case_id: int, user) -> Case:
    case = db.session.get(Case, case_id) if can_view(user) else None
    if case is None:
        abort(404)
    return case


def _documents(case: Case, kind: DocumentKind) -> list[Document]:
    return db.session.scalars(sa.select(Document).where(Document.source_model == SOURCE,
                                                        Document.source_id == case.id, Document.kind == kind)
                              .order_by(Document.id)).all()


def show_cause_letters(case: Case) -> list[Document]:
    """The show-cause letters of the case (drafts, then issued), oldest first."""
    return _documents(case, DocumentKind.letter)


def packs(case: Case) -> list[Document]:
    return _documents(case, DocumentKind.report)


def correspondence(case: Case) -> list[Document]:
    return db.session.scalars(sa.select(Document).where(Document.source_model == SOURCE,
                                                        Document.source_id == case.id).order_by(Document.id)).all()


def unissued_letters(case: Case) -> list[Document]:
    return [d for d in show_cause_letters(case) if d.state is not DocumentState.issued]


def disqualification_reviews(case: Case) -> list[DisqualificationReview]:
    bid_ids = [link.bid_id for link in case.case_bids]
    if not bid_ids:
        return []
    return db.session.scalars(sa.select(DisqualificationReview).where(DisqualificationReview.bid_id.in_(bid_ids))
                              .order_by(DisqualificationReview.bid_id, DisqualificationReview.id)).all()


def referable_findings(bid_id: int | None = None, limit: int = 200) -> list[Finding]:
    """Confirmed findings (deviation or advisory) not yet in any case: what a case may be opened from."""
    in_case = sa.select(CaseFinding.finding_id)
    stmt = (sa.select(Finding).where(Finding.state == FindingState.confirmed, Finding.severity != Severity.info,
                                     Finding.id.not_in(in_case))
            .options(selectinload(Finding.bid), selectinload(Finding.order))
            .order_by(Finding.reviewed_dt.desc(), Finding.id.desc()).limit(limit))
    if bid_id is not None:
        stmt = stmt.where(Finding.bid_id == bid_id)
    return db.session.scalars(stmt).all()


def cases_of_finding(finding_id: int) -> list[Case]:
    return db.session.scalars(sa.select(Case).join(CaseFinding).where(CaseFinding.finding_id == finding_id)
                              .order_by(Case.id)).all()


def timeline(case: Case) -> list[tuple[date, str]]:
    """The case's events and the dates of its bids, orders and findings, in date order (India's days)."""
    def day(value):
        return to_local(value).date() if value is not None else None

    entries = []
    for link in case.case_bids:
        bid = link.bid
        if bid.published_dt:
            entries.append((day(bid.published_dt), _('Bid %(number)s published', number=bid.number)))
        if bid.end_dt:
            entries.append((day(bid.end_dt), _('Bid %(number)s closed for submission', number=bid.number)))
        if bid.contract_date:
            entries.append((bid.contract_date, _('Contract of bid %(number)s', number=bid.number)))
    for link in case.case_orders:
        if link.order.order_dt:
            entries.append((day(link.order.order_dt), _('Order %(number)s placed on %(seller)s',
                                                         number=link.order.number,
                                                         seller=link.order.seller_name or '—')))
    for finding in case.findings:
        entries.append((day(finding.found_dt), _('Finding no. %(id)s (%(rule)s) raised by the scrutiny',
                                                 id=finding.id, rule=finding.rule_id)))
        if finding.reviewed_dt:
            entries.append((day(finding.reviewed_dt), _('Finding no. %(id)s confirmed by the reviewer',
                                                        id=finding.id)))
    for event in case.events:
        text = str(event.kind.title) + (f': {event.note}' if event.note else '')
        entries.append((day(event.event_dt), text))
    for reply in case.replies:
        entries.append((reply.received_date, _('Reply of the %(party)s received', party=str(reply.party.title))))
    return sorted(entries, key=lambda entry: entry[0])


# --- lists ---------------------------------------------------------------------------------------------------------

STATE_CHOICES = [('', _l('All')), ('open', _l('Open (not decided)'))] + [(s.value, s.title) for s in CaseState]


def _state_filter(value: str):
    if value == 'open':
        return Case.state.not_in([s for s in CaseState if s.is_final])
    return Case.state == CaseState(value) if value in {s.value for s in CaseState} else None


CASE_LISTING = Listing(
    sorts={'opened': Case.created_dt, 'title': Case.title, 'state': Case.state, 'due': Case.reply_due_date,
           'referred': Case.referred_dt},
    default_sort='-opened',
    search=[Case.title, Case.buyer_name, Case.buyer_gem_user_id, Case.firm_name, Case.firm_gem_seller_id],
    filters={'state': _state_filter,
             'department': lambda v: Case.department_id == int(v) if v.isdigit() else None},
)


def register_statement(kind: SanctionKind, user):
    stmt = sa.select(Sanction).where(Sanction.kind == kind)
    return stmt if can_view(user) else stmt.where(sa.false())


def in_force_clause(day: date):
    return sa.and_(Sanction.from_date <= day, Sanction.to_date >= day)


def _in_force_filter(value: str):
    if value == 'yes':
        return in_force_clause(today())
    if value == 'no':
        return sa.not_(in_force_clause(today()))
    return None


IN_FORCE_CHOICES = [('', _l('All')), ('yes', _l('In force today')), ('no', _l('Not in force today'))]

REGISTER_LISTING = Listing(
    sorts={'name': Sanction.name, 'from': Sanction.from_date, 'to': Sanction.to_date,
           'order': Sanction.order_date},
    default_sort='-from',
    search=[Sanction.name, Sanction.gem_user_id, Sanction.gem_seller_id, Sanction.order_number, Sanction.office],
    filters={'in_force': _in_force_filter},
)


def sanctions_in_force(kind: SanctionKind, day: date) -> list[Sanction]:
    return db.session.scalars(sa.select(Sanction).where(Sanction.kind == kind, in_force_clause(day))
                              .order_by(Sanction.from_date)).all()


def count_cases(states) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(Case.state.in_(list(states)))) or 0


def count_replies_overdue(day: date) -> int:
    """Cases whose show-cause notice went unanswered past the deadline: to be concluded and referred."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(
        Case.state == CaseState.show_cause_issued, Case.reply_due_date < day)) or 0
