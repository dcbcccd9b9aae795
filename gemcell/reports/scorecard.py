"""The department scorecard (issue 6, item 8): a published formula giving each department a monthly score and rank.

Score = Σ wᵢ·cᵢ / Σ wᵢ, over the components that are available, each component cᵢ scored 0–100 and its weight wᵢ
from ``SCORECARD_WEIGHTS``. A component that is not available yet (its module is not built) or has nothing to judge
for a department (no return was due) gives its weight to the others in proportion; the page says so.

Components are a small registry: one function per component, ``@component(key, title, description)``, returning
``{department_id: Score}`` for a month, and a function listing the records behind a department's score (the
drill-down). To add one, write a function decorated the same way; nothing else changes. ``not_available`` shows a
component whose data is not in gemcell yet.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from gemcell.extensions import db
from gemcell.returns import contents
from gemcell.returns.periods import month_of

HUNDRED = Decimal(100)


@dataclass
class Score:
    #: 0–100, or None: nothing to judge for this department this month
    value: Decimal | None
    #: one line saying what the score comes from ("2 of 3 returns on time")
    detail: str = ''


@dataclass
class Record:
    """One record behind a component's score, for the drill-down."""
    label: str
    facts: list[str]
    url: str | None = None


@dataclass
class Component:
    key: str
    title: object
    description: object
    score: Callable[[date, list[int]], dict[int, Score]] | None
    records: Callable[[date, int], list[Record]] | None
    #: which issue will supply a component that is not available yet
    pending: str = ''

    @property
    def is_available(self) -> bool:
        return self.score is not None


REGISTRY: dict[str, Component] = {}


def component(key: str, title, description):
    """Register the decorated function as component ``key``'s score; ``.records`` on the result registers its
    drill-down."""
    if key in REGISTRY and REGISTRY[key].is_available:
        raise ValueError(f'scorecard component {key!r} registered twice')

    def decorate(function):
        REGISTRY[key] = Component(key, title, description, function, None)

        def records(records_function):
            REGISTRY[key].records = records_function
            return records_function
        function.records = records
        return function
    return decorate


def not_available(key: str, title, description, pending: str):
    """A component whose data is not in gemcell yet: shown on the page, its weight shared by the others."""
    if key not in REGISTRY:
        REGISTRY[key] = Component(key, title, description, None, None, pending)


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    from gemcell.returns.reconcile import month_bounds
    return month_bounds(month)


# --- GeM share ---------------------------------------------------------------------------------------------------

@component('gem_share', _l('GeM share'),
           _l('Per cent of the month’s procurement bought through GeM, from the monthly return (0 when not filed).'))
def gem_share(month: date, department_ids: list[int]) -> dict[int, Score]:
    from gemcell.reports.note import monthly_figures
    filed = monthly_figures(month)
    scores = {}
    for department_id in department_ids:
        figures = filed.get(department_id)
        if figures is None:
            scores[department_id] = Score(Decimal(0), str(_l('Monthly return not filed')))
            continue
        value = contents.gem_share(figures)
        value = min(value, HUNDRED).quantize(Decimal('0.1')) if value is not None else Decimal(0)
        scores[department_id] = Score(value, str(_l('%(share)s per cent through GeM', share=value)))
    return scores


@gem_share.records
def gem_share_records(month: date, department_id: int) -> list[Record]:
    from gemcell.reports.note import monthly_figures, monthly_returns
    ret = monthly_returns(month).get(department_id)
    if ret is None:
        return []
    figures = monthly_figures(month).get(department_id) or {}
    return [Record(str(ret.kind.title) + ' ' + ret.period.label,
                   [str(_l('Total: %(value)s', value=contents.show(figures.get('total_value'), 'amount'))),
                    str(_l('Through GeM: %(value)s', value=contents.show(str(contents.gem_value(figures)), 'amount'))),
                    str(ret.state.title)],
                   url_for('returns.detail', return_id=ret.id))]


# --- returns on time ---------------------------------------------------------------------------------------------

def _today():
    from gemcell.returns.queries import today
    return today()


@component('returns_on_time', _l('Returns on time'),
           _l('Per cent of the month’s returns (its two fortnightly returns and its monthly return) filed by their '
              'due date; returns not yet due are not counted.'))
def returns_on_time(month: date, department_ids: list[int], today: date | None = None) -> dict[int, Score]:
    today = today or _today()
    from gemcell.reports.note import filing_status, month_returns
    periods, returns = month_returns(month, department_ids)
    scores = {}
    for department_id in department_ids:
        judged = [filing_status(returns.get((department_id, kind, p.start)), p, today) for kind, p in periods]
        judged = [j for j in judged if j is not None]
        if not judged:
            scores[department_id] = Score(None, str(_l('No return due yet')))
            continue
        on_time = judged.count('on_time')
        scores[department_id] = Score((HUNDRED * on_time / len(judged)).quantize(Decimal('0.1')),
                                      str(_l('%(on_time)s of %(due)s returns on time', on_time=on_time,
                                             due=len(judged))))
    return scores


@returns_on_time.records
def returns_on_time_records(month: date, department_id: int) -> list[Record]:
    from gemcell.core.i18n import format_date, format_datetime
    from gemcell.returns.queries import STATUSES
    today = _today()
    from gemcell.reports.note import filing_status, month_returns
    periods, returns = month_returns(month, [department_id])
    records = []
    titles = {'on_time': _l('Filed on time'), 'late': _l('Filed late'), 'missing': _l('Not filed'),
              None: STATUSES['not_due'][0]}
    for kind, p in periods:
        ret = returns.get((department_id, kind, p.start))
        due = ret.due_date if ret is not None else p.due_date()
        facts = [str(titles[filing_status(ret, p, today)]), str(_l('due %(date)s', date=format_date(due)))]
        if ret is not None and ret.first_submitted_dt:
            facts.append(str(_l('filed %(when)s', when=format_datetime(ret.first_submitted_dt))))
        records.append(Record(f'{kind.title} {p.label}', facts,
                              url_for('returns.detail', return_id=ret.id) if ret is not None else None))
    return records


# --- findings confirmed ------------------------------------------------------------------------------------------

def _findings_stmt(month: date, department_ids):
    from gemcell.scrutiny.models import Finding, FindingState
    start, end = _month_bounds(month)
    return sa.select(Finding).where(Finding.state == FindingState.confirmed, Finding.reviewed_dt >= start,
                                    Finding.reviewed_dt < end, Finding.department_id.in_(list(department_ids)))


def finding_penalty() -> Decimal:
    return Decimal(str(current_app.config.get('SCORECARD_FINDING_PENALTY', 10)))


@component('findings', _l('Findings confirmed'),
           _l('100, less the penalty (SCORECARD_FINDING_PENALTY points, at least 0) for each scrutiny finding on the '
              'department’s bids and orders that the cell confirmed during the month.'))
def findings(month: date, department_ids: list[int]) -> dict[int, Score]:
    from gemcell.scrutiny.models import Finding
    penalty = finding_penalty()
    counts = dict(db.session.execute(
        _findings_stmt(month, department_ids).with_only_columns(Finding.department_id, sa.func.count(Finding.id))
        .group_by(Finding.department_id)).all())
    return {department_id: Score(max(Decimal(0), HUNDRED - penalty * counts.get(department_id, 0)),
                                 str(_l('%(count)s findings confirmed', count=counts.get(department_id, 0))))
            for department_id in department_ids}


@findings.records
def findings_records(month: date, department_id: int) -> list[Record]:
    from gemcell.core.i18n import format_date
    from gemcell.scrutiny.models import Finding
    records = []
    for finding in db.session.scalars(_findings_stmt(month, [department_id]).order_by(Finding.reviewed_dt)):
        rule = finding.rule
        url = url_for('scrutiny.finding', finding_id=finding.id)
        records.append(Record(f'{finding.rule_id} — {rule.title if rule else ""}',
                              [str(finding.severity.title), str(_l('confirmed %(date)s',
                                                                   date=format_date(finding.reviewed_dt))),
                               finding.remark or ''], url))
    return records


# --- payments on time ----------------------------------------------------------------------------------------

def _payments_due(month: date, department_ids, today: date | None = None):
    from gemcell.payments.queries import due_in_month
    period = month_of(month)
    return due_in_month(period.start, period.end, department_ids, today or _payments_today())


def _payments_today():
    from gemcell.payments.queries import today
    return today()


def _paid_on_time(item) -> bool:
    return item.is_paid and item.days_late == 0


@component('payments_on_time', _l('Payments on time'),
           _l('Per cent of the department’s GeM orders whose payment fell due in the month that were paid by the '
              'due date (as the pending payments module reckons it); orders not yet due and unpaid are not '
              'counted.'))
def payments_on_time(month: date, department_ids: list[int], today: date | None = None) -> dict[int, Score]:
    from gemcell.payments.queries import due_in_month_counts
    period = month_of(month)
    counts = due_in_month_counts(period.start, period.end, department_ids, today or _payments_today())
    scores = {}
    for department_id in department_ids:
        due, on_time = counts.get(department_id, (0, 0))
        if not due:
            scores[department_id] = Score(None, str(_l('No payment fell due')))
            continue
        scores[department_id] = Score((HUNDRED * on_time / due).quantize(Decimal('0.1')),
                                      str(_l('%(on_time)s of %(due)s payments on time', on_time=on_time, due=due)))
    return scores


@payments_on_time.records
def payments_on_time_records(month: date, department_id: int) -> list[Record]:
    from gemcell.core.i18n import format_date
    records = []
    for item in _payments_due(month, [department_id]).get(department_id, []):
        if _paid_on_time(item):
            facts = [str(_l('Paid on time')), str(_l('paid %(date)s', date=format_date(item.payment.paid)))]
        elif item.is_paid:
            facts = [str(_l('Paid late')), str(_l('paid %(date)s', date=format_date(item.payment.paid))),
                     str(_l('%(days)s days late', days=item.days_late))]
        else:
            facts = [str(_l('Not paid')), str(_l('%(days)s days late', days=item.days_late))]
        facts.insert(1, str(_l('due %(date)s', date=format_date(item.due.due))))
        records.append(Record(item.order.number, facts, url_for('payments.order', order_id=item.order.id)))
    return records


# --- directives complied ---------------------------------------------------------------------------------------

def _directives_judged(figures: dict) -> int:
    return figures['complied'] + figures['partly'] + figures['not_complied'] + figures['overdue']


@component('directives', _l('Directives complied'),
           _l('Per cent of the cell’s directions issued to the department in the month that the cell classed as '
              'complied with, out of those classed (complied, partly or not complied) or past their due date '
              'without a report; directions not yet due, or awaiting the cell’s classing, are not counted.'))
def directives(month: date, department_ids: list[int]) -> dict[int, Score]:
    from gemcell.directives.queries import compliance_by_department_month
    period = month_of(month)
    figures = compliance_by_department_month(period.start, period.end, department_ids=department_ids)
    key = period.start.strftime('%Y-%m')
    scores = {}
    for department_id in department_ids:
        counts = figures.get((department_id, key))
        judged = _directives_judged(counts) if counts else 0
        if not judged:
            scores[department_id] = Score(None, str(_l('No direction to judge')))
            continue
        scores[department_id] = Score((HUNDRED * counts['complied'] / judged).quantize(Decimal('0.1')),
                                      str(_l('%(complied)s of %(judged)s directions complied with',
                                             complied=counts['complied'], judged=judged)))
    return scores


@directives.records
def directives_records(month: date, department_id: int) -> list[Record]:
    from gemcell.core.i18n import format_date
    from gemcell.directives.models import Addressee, Direction, DirectionKind, DirectionState, ReplyState
    from gemcell.directives.queries import today
    period = month_of(month)
    day = today()
    addressees = db.session.scalars(
        sa.select(Addressee).join(Addressee.direction)
        .where(Addressee.department_id == department_id, Direction.kind == DirectionKind.outgoing,
               Direction.state != DirectionState.draft, Direction.issued_date >= period.start,
               Direction.issued_date <= period.end)
        .order_by(Direction.issued_date, Direction.id))
    records = []
    for addressee in addressees:
        direction = addressee.direction
        status = addressee.compliance.title if addressee.state is ReplyState.classed else addressee.state.title
        facts = [str(status), str(_l('issued %(date)s', date=format_date(direction.issued_date))),
                 str(_l('due %(date)s', date=format_date(direction.due_date)))]
        if addressee.days_overdue(day):
            facts.append(str(_l('%(days)s days late', days=addressee.days_overdue(day))))
        records.append(Record(direction.subject, facts, url_for('directives.detail', direction_id=direction.id)))
    return records


ORDER = ('gem_share', 'returns_on_time', 'payments_on_time', 'findings', 'directives')


# --- the scorecard ---------------------------------------------------------------------------------------------

def weights() -> dict[str, Decimal]:
    configured = current_app.config.get('SCORECARD_WEIGHTS') or {}
    return {key: Decimal(str(configured.get(key, 0))) for key in ordered_keys()}


def ordered_keys() -> list[str]:
    return [key for key in ORDER if key in REGISTRY] + [key for key in REGISTRY if key not in ORDER]


@dataclass
class Row:
    department: object
    scores: dict[str, Score]
    total: Decimal | None = None
    rank: int | None = None
    #: the weights as applied to this department (after sharing out the unavailable ones)
    effective: dict[str, Decimal] = field(default_factory=dict)


def effective_weights(available: list[str], all_weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """The weights in per cent after the unavailable components' weight is shared by the available ones in
    proportion."""
    total = sum((all_weights[key] for key in available), Decimal(0))
    if not total:
        return {key: Decimal(0) for key in available}
    return {key: (all_weights[key] * HUNDRED / total).quantize(Decimal('0.1')) for key in available}


def compute(month: date, today: date | None = None) -> tuple[list[Row], dict[str, Decimal], dict[str, Decimal]]:
    """``(rows ranked by score, configured weights, effective weights)`` for every active department."""
    from gemcell.directory.queries import department_entries
    departments = department_entries(active_only=True)
    ids = [d.id for d in departments]
    configured = weights()
    results = {}
    for key in ordered_keys():
        comp = REGISTRY[key]
        if not comp.is_available:
            continue
        if key in ('returns_on_time', 'payments_on_time'):
            results[key] = comp.score(month, ids, today=today)
        else:
            results[key] = comp.score(month, ids)
    available = [key for key in results if configured.get(key)]
    rows = []
    for department in departments:
        scores = {key: results[key][department.id] for key in results}
        judged = [key for key in available if scores[key].value is not None]
        weight_sum = sum((configured[key] for key in judged), Decimal(0))
        row = Row(department, scores, effective=effective_weights(judged, configured))
        if weight_sum:
            row.total = (sum((configured[key] * scores[key].value for key in judged), Decimal(0))
                         / weight_sum).quantize(Decimal('0.1'))
        rows.append(row)
    ranked = sorted((row for row in rows if row.total is not None), key=lambda row: -row.total)
    for index, row in enumerate(ranked):
        row.rank = ranked[index - 1].rank if index and row.total == ranked[index - 1].total else index + 1
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.department.name))
    return rows, configured, effective_weights(available, configured)
