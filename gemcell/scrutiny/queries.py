"""Reads for the review desk, always through the department scope: a nodal officer sees the findings and verdicts
of their own department's bids and orders only; the cell and Government see all of them."""
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from gemcell.core import memo
from gemcell.core.listing import Listing
from gemcell.core.scoping import get_visible_or_404, scope_key, visible
from gemcell.documents.models import Document, DocumentState
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder, BidderState, Order
from gemcell.gemdata.queries import by_department
from gemcell.scrutiny.models import (DisqualificationReview, Finding, FindingState, ScrutinyRun, Severity,
                                     Threshold, Verdict)
from gemcell.scrutiny.rules import REGISTRY, OrderFacts
from gemcell.scrutiny.rules.splitting import group_key
from gemcell.scrutiny.settings import DEFAULTS

LIVE = Finding.state != FindingState.superseded
#: findings that may ground a cancellation recommendation, once confirmed
RECOMMENDABLE = (Severity.deviation, Severity.advisory)


def disqualification_rule_ids() -> list[str]:
    """The rules whose findings put a bid on the disqualification-review queue (duty 9)."""
    return sorted(r.id for r in REGISTRY.values() if r.is_disqualification)


def group_rule_ids() -> list[str]:
    """The rules on groups of orders (requirement splitting)."""
    return sorted(r.id for r in REGISTRY.values() if r.on == 'orders')


# --- findings --------------------------------------------------------------------------------------------------

def visible_findings(user, stmt=None):
    """Findings ``user`` may see (a nodal officer: their department's), superseded ones included: the caller (or
    the list's state filter) leaves those out unless asked for."""
    stmt = sa.select(Finding) if stmt is None else stmt
    return visible(Finding, user, stmt)


def get_visible_finding_or_404(finding_id: int, user) -> Finding:
    return get_visible_or_404(Finding, finding_id, user)


def finding_options():
    return (selectinload(Finding.bid), selectinload(Finding.order), selectinload(Finding.department),
            selectinload(Finding.reviewed_by), selectinload(Finding.referred_by))


severity_rank = sa.case((Finding.severity == Severity.deviation, 2), (Finding.severity == Severity.advisory, 1),
                        else_=0)



def _state(value: str):
    """The state filter: one state, ``live`` (all but superseded) or ``all``."""
    if value == 'all':
        return sa.true()
    if value == 'live':
        return LIVE
    return Finding.state == FindingState(value) if value in FindingState.__members__ else None

STATE_CHOICES = [(FindingState.open.value, FindingState.open.title),
                 (FindingState.confirmed.value, FindingState.confirmed.title),
                 (FindingState.dismissed.value, FindingState.dismissed.title),
                 ('live', _l('All except superseded')),
                 (FindingState.superseded.value, FindingState.superseded.title),
                 ('all', _l('All, with superseded'))]
DEFAULT_STATE = FindingState.open.value
YES_CHOICES = [('', _l('All')), ('yes', _l('Yes'))]


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _severity(value: str):
    return Finding.severity == Severity(value) if value in Severity.__members__ else None


def _rule(value: str):
    return Finding.rule_id == value if len(value) <= 40 else None


def needs_follow_up_bid_ids():
    """Bids where a reviewer found a buyer's reason for disqualifying a bidder incorrect."""
    return sa.select(DisqualificationReview.bid_id).where(DisqualificationReview.verdict == Verdict.incorrect)


#: the number of the bid or order a finding is about, read only where the queue is searched or sorted by it (a join
#: to both tables would be made for every finding the queue counts)
_BID_NUMBER = sa.select(Bid.number).where(Bid.id == Finding.bid_id).scalar_subquery()
_ORDER_NUMBER = sa.select(Order.number).where(Order.id == Finding.order_id).scalar_subquery()

FINDING_LISTING = Listing(
    sorts={'severity': severity_rank, 'judged': Finding.judged_date, 'rule': Finding.rule_id,
           'state': Finding.state, 'found': Finding.found_dt,
           'number': sa.func.coalesce(_BID_NUMBER, _ORDER_NUMBER)},
    default_sort='-severity',
    search=[_BID_NUMBER, _ORDER_NUMBER],
    filters={
        'state': _state,
        'department': by_department(Finding.department_id),
        'rule': _rule,
        'severity': _severity,
        'duty9': lambda v: Finding.rule_id.in_(disqualification_rule_ids()) if v == 'yes' else None,
        'followup': lambda v: Finding.bid_id.in_(needs_follow_up_bid_ids()) if v == 'yes' else None,
        'from': lambda v: Finding.judged_date >= day if (day := _day(v)) else None,
        'until': lambda v: Finding.judged_date <= day if (day := _day(v)) else None,
    },
    constant_under={'severity': 'severity', 'rule': 'rule'},
)


def finding_list_statement(user):
    """The queue's statement: the findings ``user`` may see."""
    return visible_findings(user).options(*finding_options())


def rule_choices() -> list[tuple[str, str]]:
    return [('', _l('All rules'))] + [(r.id, f'{r.id} — {r.title}') for r in sorted(REGISTRY.values(),
                                                                                    key=lambda r: r.id)]


def get_bid_findings(bid: Bid) -> tuple[list[Finding], list[Finding]]:
    """``(live, superseded)`` findings of a bid (and of its bidders), the gravest first."""
    findings = db.session.scalars(sa.select(Finding).where(Finding.bid_id == bid.id).options(*finding_options())
                                  .order_by(severity_rank.desc(), Finding.rule_id, Finding.id)).all()
    return [f for f in findings if f.is_live], [f for f in findings if not f.is_live]


def get_order_findings(order: Order) -> tuple[list[Finding], list[Finding]]:
    """``(live, superseded)`` findings about an order: its own, and those of every split group it is part of
    (a split finding hangs on the group's first order; the others are found by the group key and its items)."""
    stmt = sa.select(Finding).where(Finding.order_id == order.id)
    key = group_key(_order_facts(order))
    group_rules = group_rule_ids()
    if key and group_rules:
        pattern = '%|' + key.replace('\\', '\\\\').replace('%', r'\%').replace('_', r'\_')
        stmt = sa.select(Finding).where(sa.or_(
            Finding.order_id == order.id,
            sa.and_(Finding.rule_id.in_(group_rules), Finding.key.like(pattern, escape='\\'))))
    findings = db.session.scalars(stmt.options(*finding_options())
                                  .order_by(severity_rank.desc(), Finding.rule_id, Finding.id)).all()
    findings = [f for f in findings if f.order_id == order.id
                or any(item.get('order_id') == order.id for item in (f.evidence or {}).get('items') or [])]
    return [f for f in findings if f.is_live], [f for f in findings if not f.is_live]


def _order_facts(order: Order) -> OrderFacts:
    return OrderFacts(**{name: getattr(order, name, None) for name in OrderFacts.COLUMNS})


def get_recommendable_findings(bid: Bid) -> list[Finding]:
    """The bid's confirmed live findings that can ground a cancellation recommendation."""
    return db.session.scalars(sa.select(Finding).where(
        Finding.bid_id == bid.id, Finding.state == FindingState.confirmed,
        Finding.severity.in_(RECOMMENDABLE)).order_by(severity_rank.desc(), Finding.rule_id, Finding.id)).all()


def get_recommendations(bid: Bid) -> list[Document]:
    """Documents drafted from this bid (cancellation recommendations), newest first."""
    return db.session.scalars(sa.select(Document).where(
        Document.source_model == Bid.__tablename__, Document.source_id == bid.id)
        .order_by(Document.id.desc())).all()


def get_draft_recommendation(bid: Bid) -> Document | None:
    return next((d for d in get_recommendations(bid) if d.state is not DocumentState.issued), None)


# --- disqualification review (duty 9) -------------------------------------------------------------------------

def disqualification_queue_bid_ids():
    """Bids with a live finding of a disqualification rule."""
    return sa.select(Finding.bid_id).where(Finding.rule_id.in_(disqualification_rule_ids()), LIVE,
                                           Finding.bid_id.is_not(None))


#: bidders whose disqualification the reviewer always judges (see ``is_reviewable`` for the financial stage)
REVIEWED_STATES = (BidderState.disqualified_technical, BidderState.not_admitted)


def is_reviewable(bidder: Bidder, bidders) -> bool:
    """A bidder disqualified at the technical stage or not admitted; or one disqualified at the financial stage
    although its price was the lowest (what ``CARD-R036`` reports). A financial-stage "rejection" of a dearer bid
    is no disqualification to judge: it simply lost."""
    if bidder.state in REVIEWED_STATES:
        return True
    if bidder.state is not BidderState.disqualified_financial or bidder.financial_value is None:
        return False
    prices = [b.financial_value for b in bidders if b.financial_value is not None]
    return bidder.financial_value == min(prices)


def reviewable_clause(bidder=Bidder):
    """``is_reviewable`` in SQL, for the bidder entity ``bidder``."""
    other = sa.orm.aliased(Bidder)
    lowest = sa.select(sa.func.min(other.financial_value)).where(other.bid_id == bidder.bid_id).scalar_subquery()
    return sa.or_(bidder.state.in_(REVIEWED_STATES),
                  sa.and_(bidder.state == BidderState.disqualified_financial, bidder.financial_value == lowest))


def _reviewed_bidders():
    return sa.select(DisqualificationReview.bidder_id)


def _pending_bidders_of_bid():
    """Disqualified bidders of the (correlated) bid without a verdict."""
    return sa.select(Bidder.id).where(Bidder.bid_id == Bid.id, reviewable_clause(),
                                      Bidder.id.not_in(_reviewed_bidders())).correlate(Bid)


VERDICT_FILTERS = {
    'pending': lambda: sa.exists(_pending_bidders_of_bid()),
    'done': lambda: ~sa.exists(_pending_bidders_of_bid()),
    'followup': lambda: Bid.id.in_(needs_follow_up_bid_ids()),
}
VERDICT_CHOICES = [('', _l('All')), ('pending', _l('Awaiting a verdict')), ('followup', _l('Needs follow-up')),
                   ('done', _l('Every verdict given'))]

DISQUALIFICATION_LISTING = Listing(
    sorts={'published': Bid.published_dt, 'number': Bid.number},
    default_sort='-published',
    search=[Bid.number, Bid.title],
    filters={
        'department': by_department(Bid.buyer_department_id),
        'verdict': lambda v: VERDICT_FILTERS[v]() if v in VERDICT_FILTERS else None,
    },
)


def visible_disqualification_bids(user):
    return (visible(Bid, user).where(Bid.id.in_(disqualification_queue_bid_ids()))
            .options(selectinload(Bid.buyer_department), selectinload(Bid.bidders)))


def disqualified_bidders(bid: Bid) -> list[Bidder]:
    """The bidders of ``bid`` whose disqualification the reviewer judges (``is_reviewable``)."""
    return [b for b in bid.bidders if is_reviewable(b, bid.bidders)]


def get_reviews(bidders) -> dict[int, DisqualificationReview]:
    """The verdicts on ``bidders``, by bidder id (one query)."""
    ids = [b.id for b in bidders]
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(DisqualificationReview).where(DisqualificationReview.bidder_id.in_(ids))
                              .options(selectinload(DisqualificationReview.reviewed_by)))
    return {review.bidder_id: review for review in rows}


def get_disqualification_findings(bids) -> dict[int, list[Finding]]:
    """The live disqualification findings of ``bids``, by bid id."""
    ids = [b.id for b in bids]
    result = {bid_id: [] for bid_id in ids}
    if not ids:
        return result
    for finding in db.session.scalars(sa.select(Finding).where(
            Finding.bid_id.in_(ids), Finding.rule_id.in_(disqualification_rule_ids()), LIVE)
            .order_by(Finding.rule_id)):
        result[finding.bid_id].append(finding)
    return result


def follow_up_bid_ids(bid_ids) -> set[int]:
    """Which of ``bid_ids`` need follow-up (a verdict "reason incorrect")."""
    bid_ids = [i for i in bid_ids if i is not None]
    if not bid_ids:
        return set()
    return set(db.session.scalars(needs_follow_up_bid_ids().where(DisqualificationReview.bid_id.in_(bid_ids))))


# --- counts for the home inbox ---------------------------------------------------------------------------------

def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def count_open_findings(user, severity: Severity | None = None) -> int:
    stmt = visible_findings(user, sa.select(Finding.id)).where(Finding.state == FindingState.open)
    if severity is not None:
        stmt = stmt.where(Finding.severity == severity)
    return _count(stmt)


def count_pending_verdicts(user) -> int:
    """Disqualified bidders of the bids on the duty-9 queue that have no verdict yet (kept while no finding, bidder
    or verdict is added or changed, and no scrutiny has run — a run may supersede findings without adding any: the
    cell's home page shows it, and it reads every bidder on the queue)."""
    stmt = visible(Bid, user, sa.select(Bidder.id).join(Bidder.bid)).where(
        Bid.id.in_(disqualification_queue_bid_ids()), reviewable_clause(),
        Bidder.id.not_in(_reviewed_bidders()))
    return memo.remembered('scrutiny.pending_verdicts', (scope_key(Bid, user),),
                           [Finding, ScrutinyRun, Bidder, DisqualificationReview], lambda: _count(stmt))


# --- thresholds ------------------------------------------------------------------------------------------------

def get_added_thresholds() -> dict[str, list[Threshold]]:
    """The administrators' threshold versions by name, in date order."""
    result: dict[str, list[Threshold]] = {}
    for row in db.session.scalars(sa.select(Threshold).options(selectinload(Threshold.created_by))
                                  .order_by(Threshold.name, Threshold.effective_from)):
        result.setdefault(row.name, []).append(row)
    return result


def threshold_names() -> list[str]:
    return list(DEFAULTS)


def rules_reading(name: str) -> list:
    return [r for r in REGISTRY.values() if name in r.thresholds]
