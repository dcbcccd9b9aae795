"""The check registry: every rule the engine applies, one small unit each, keyed by its RULES.md id.

A rule is a function decorated with ``@rule(...)``: its id (stable, never reused), severity, a title and a message in
English (translated to Hindi in the catalogue), the rule's source text, the thresholds it reads, and what it looks at
— one bid (``on='bid'``), one order (``on='order'``), or a group of orders of one buyer office and category
(``on='orders'``). It returns (or yields) ``Hit``\\ s carrying the **evidence**: the facts that triggered it, the
threshold versions that applied and any matched text. Adding a rule is adding one function here (in the module of
its area) and its cases in ``tests/scrutiny/cases/<id>.json``; nothing else changes.

Messages are ``%(name)s`` templates filled from ``Hit.params`` when shown; a parameter whose name ends in ``_inr``
is shown as rupees, ``_date`` as a date, ``_kind`` as goods / services / works, ``_mode`` as a buying mode, ``_state`` as a bidder's state, ``_list`` as a
comma-separated list.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from gemcell.core.i18n import format_date, format_inr, format_number, to_local
from gemcell.gemdata.models import BidderState, BidSource, BuyingMode, ProcurementKind
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.settings import Settings


@dataclass(slots=True)
class BidderFacts:
    id: int
    key: str
    name: str
    state: BidderState
    status_raw: str | None
    reason: str | None
    financial_value: Decimal | None
    rank: int | None
    is_awarded: bool
    seller_is_mse: bool | None = None
    seller_is_startup: bool | None = None
    #: the bidder's Seller row, when the import linked it
    seller_id: int | None = None

    @property
    def is_disqualified(self) -> bool:
        return self.state in DISQUALIFIED

    @property
    def is_technically_qualified(self) -> bool:
        """Past the technical stage: its price was opened (or it won)."""
        return self.state in (BidderState.qualified, BidderState.awarded, BidderState.disqualified_financial) \
            or self.is_awarded


DISQUALIFIED = frozenset({BidderState.disqualified_technical, BidderState.disqualified_financial,
                          BidderState.not_admitted})


@dataclass(slots=True)
class BidFacts:
    """What the rules see of a bid: its columns (as the importer stored them) and its bidders."""
    id: int
    source: BidSource
    number: str
    buyer_department_id: int | None = None
    office_id: int | None = None
    office_raw: str | None = None
    buyer_user_id: str | None = None
    category_name: str | None = None
    category_id: str | None = None
    kind: ProcurementKind | None = None
    quantity: Decimal | None = None
    estimated_value: Decimal | None = None
    emd_required: bool | None = None
    emd_amount: Decimal | None = None
    emd_percent: Decimal | None = None
    emd_exemption: bool | None = None
    epbg_percent: Decimal | None = None
    published_dt: datetime | None = None
    start_dt: datetime | None = None
    end_dt: datetime | None = None
    bid_type: str | None = None
    is_ra: bool = False
    evaluation_method: str | None = None
    is_custom_item: bool | None = None
    is_boq: bool | None = None
    mse_exemption: bool | None = None
    startup_exemption: bool | None = None
    atc_text: str | None = None
    description: str | None = None
    title: str | None = None
    status: str | None = None
    contract_value: Decimal | None = None
    bidders: list[BidderFacts] = field(default_factory=list)
    #: the bid's own date in India, by which the thresholds in force are chosen: publication, else its start
    judged_date: date | None = field(init=False, default=None)

    #: the columns the engine reads into these facts
    COLUMNS = ()

    def __post_init__(self):
        moment = self.published_dt or self.start_dt
        self.judged_date = to_local(moment).date() if moment else None


BidFacts.COLUMNS = tuple(name for name in BidFacts.__dataclass_fields__ if name not in ('bidders', 'judged_date'))


@dataclass(slots=True)
class OrderFacts:
    id: int
    number: str
    bid_id: int | None = None
    bid_number: str | None = None
    buyer_department_id: int | None = None
    buyer_department_key: str | None = None
    office_id: int | None = None
    office_raw: str | None = None
    buyer_designation: str | None = None
    category_name: str | None = None
    product: str | None = None
    total_value: Decimal | None = None
    buying_mode: BuyingMode | None = None
    order_dt: datetime | None = None
    seller_id: int | None = None
    seller_name: str | None = None
    #: the order's date in India
    judged_date: date | None = field(init=False, default=None)

    COLUMNS = ()

    def __post_init__(self):
        self.judged_date = to_local(self.order_dt).date() if self.order_dt else None


OrderFacts.COLUMNS = tuple(name for name in OrderFacts.__dataclass_fields__ if name != 'judged_date')


@dataclass(slots=True)
class Hit:
    """One finding as a rule returns it."""
    #: the values shown in the message (see the module's docstring for the suffixes)
    params: dict[str, Any] = field(default_factory=dict)
    #: threshold versions that applied: ``settings.at(...).as_evidence(name)``
    thresholds: list[dict] = field(default_factory=list)
    #: matched words or passages of the bid's text
    matches: list[str] = field(default_factory=list)
    #: rows that the finding lists (a split's orders, the bidders concerned)
    items: list[dict] = field(default_factory=list)
    #: what the finding is about when it is not the object checked (a bidder; a group of orders)
    key: str | None = None
    #: for group rules: the order the finding hangs on and its department
    order_id: int | None = None
    department_id: int | None = None
    judged_date: date | None = None

    def evidence(self) -> dict:
        evidence = {'params': {name: _jsonable(value) for name, value in self.params.items()}}
        for name in ('thresholds', 'matches', 'items'):
            if getattr(self, name):
                evidence[name] = [_jsonable_dict(v) if isinstance(v, dict) else v for v in getattr(self, name)]
        return evidence


def _jsonable(value):
    if isinstance(value, Decimal):
        return f'{value.normalize():f}'
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, 'value') and hasattr(value, 'name'):  # an enum
        return value.value
    return value


def _jsonable_dict(values: dict) -> dict:
    return {name: _jsonable(value) for name, value in values.items()}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: Any
    message: Any
    on: str
    check: Callable[..., Iterable[Hit] | Hit | None]
    hint: Any = None
    #: the rule's text as RULES.md gives it, and its source
    source: Any = None
    thresholds: tuple[str, ...] = ()
    #: the memo's duty the rule serves (8: scrutiny, 9: disqualifications, 10: EMD, 11: category and splitting)
    duty: int = 8
    #: findings that put the bid on the disqualification-review queue (duty 9)
    is_disqualification: bool = False
    #: findings that, confirmed, may open a debarment case (duty 12)
    may_refer: bool = False

    def run(self, subject, settings: Settings) -> list[Hit]:
        result = self.check(subject, settings)
        if result is None:
            return []
        if isinstance(result, Hit):
            return [result]
        return list(result)

    def render(self, evidence: dict) -> str:
        """The message with the evidence's parameters, in the current language."""
        params = {name: _display(name, value) for name, value in (evidence.get('params') or {}).items()}
        try:
            return str(self.message) % params
        except (KeyError, TypeError, ValueError):  # a message whose parameters changed since the finding
            return str(self.title)


def _display(name: str, value) -> str:
    if value is None:
        return '—'
    if name.endswith('_inr'):
        return format_inr(value)
    if name.endswith('_date'):
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        return format_date(value)
    if name.endswith('_state'):  # a bidder's state, or the status as the source wrote it
        try:
            return str(BidderState(value).title)
        except ValueError:
            return str(value)
    if name.endswith('_mode'):
        return str(BuyingMode(value).title)
    if name.endswith('_kind'):
        return str(ProcurementKind(value).title)
    if name.endswith('_list'):
        return ', '.join(str(v) for v in value)
    if isinstance(value, int | float | Decimal) or (isinstance(value, str) and _is_number(value)):
        return format_number(Decimal(str(value)))
    return str(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title, message, *, on: str = 'bid', **options):
    """Register the decorated function as rule ``rule_id``; a second rule with the same id is an error."""
    if on not in ('bid', 'order', 'orders'):
        raise ValueError(f'rule {rule_id}: on= must be bid, order or orders, not {on!r}')

    def decorator(fn):
        if rule_id in REGISTRY:
            raise ValueError(f'duplicate rule id {rule_id} ({fn.__module__}.{fn.__name__})')
        REGISTRY[rule_id] = Rule(rule_id, severity, title, message, on, fn, **options)
        return fn
    return decorator


def rules_on(kind: str) -> list[Rule]:
    return [r for r in REGISTRY.values() if r.on == kind]


# every area's rules register themselves on import
from gemcell.scrutiny.rules import (  # noqa: E402,F401
    amounts, atc, category, competition, periods, sanctions, security, splitting)
