"""The monthly note's figures (मासिक टिप्पणी, duty 2), computed from the departments' monthly procurement returns,
their fortnightly returns and the imported GeM data; plain data, the same for the page, the exports and the PDF.

Per department: the month's total procurement and the part bought through GeM as reported, the share through GeM
as reported and as per the GeM data (the department's GeM orders of the month over the total it reported), the
rank by the reported share, the change from the previous month (percentage points), the reconciliation of the
reported GeM value with the GeM data (``returns.reconcile``), the top problems reported and the returns of the month
filed late or not filed. State totals add the departments up.

A return counts as reported once submitted: its last submitted version is used (a return sent back for correction
keeps the figures it was submitted with until it is resubmitted).

Problems come from ``PROBLEM_SOURCES``: functions ``(month, department_ids) -> {department_id: Counter(label)}``.
The returns' problem categories are the first source; the helpdesk's ticket categories of the month (issue 9) the
second.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import defer

from gemcell.core import memo
from gemcell.directory.queries import DepartmentEntry, department_entries
from gemcell.extensions import db
from gemcell.returns import contents
from gemcell.returns.models import ListKind, Return, ReturnKind, ReturnState, ReturnVersion
from gemcell.returns.periods import Period, fortnight_of, month_of
from gemcell.returns.reconcile import Check, has_orders, judge, order_values_by_month, reported_value

HUNDRED = Decimal(100)
#: how many problems the note names per department and for the State
TOP_PROBLEMS = 3


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return first_of_month(month_of(month).previous().start)


def share(part: Decimal | None, total: Decimal | None) -> Decimal | None:
    """``part`` in per cent of ``total``, one decimal (None when the total is 0 or unknown)."""
    if part is None or not total:
        return None
    return (part * HUNDRED / total).quantize(Decimal('0.1'))


# --- problems: a small registry of sources ------------------------------------------------------------------------

PROBLEM_SOURCES: list[Callable[[date, list[int]], dict[int, Counter]]] = []


def register_problem_source(source):
    """Add a source of problems for the note: ``source(month, department_ids) -> {department_id: Counter}`` whose
    keys are the labels to print (in the current language). Used as a decorator too."""
    PROBLEM_SOURCES.append(source)
    return source


@register_problem_source
def problems_from_returns(month: date, department_ids: list[int]) -> dict[int, Counter]:
    """The problem categories ticked in the department's returns of the month (monthly and fortnightly)."""
    from gemcell.returns.queries import list_names
    names = list_names(ListKind.problem_category)
    period = month_of(month)
    counters: dict[int, Counter] = {}
    rows = db.session.execute(  # the categories alone, not each return's whole figures
        sa.select(Return.department_id, Return.data['problem_categories']).where(
            Return.period_start >= period.start, Return.period_start <= period.end,
            Return.state.in_([ReturnState.submitted, ReturnState.accepted]),
            Return.department_id.in_(department_ids)))
    for department_id, codes in rows:
        for code in codes or []:
            counters.setdefault(department_id, Counter())[names.get(code, code)] += 1
    return counters


@register_problem_source
def problems_from_tickets(month: date, department_ids: list[int]) -> dict[int, Counter]:
    """The categories of the helpdesk tickets the department raised (or the cell logged for it) in the month."""
    from gemcell.helpdesk.queries import month_problem_categories
    wanted = set(department_ids)
    return {department_id: Counter({category.name: count for category, count in items})
            for department_id, items in month_problem_categories(month.year, month.month).items()
            if department_id in wanted}


# --- the figures ------------------------------------------------------------------------------------------------

@dataclass
class LateReturn:
    ret: Return | None
    kind: ReturnKind
    label: str
    #: ``late`` (filed after the due date) or ``missing`` (not filed, and the due date has passed)
    status: str


@dataclass
class DepartmentLine:
    department: DepartmentEntry
    ret: Return | None
    total: Decimal | None = None
    gem_reported: Decimal | None = None
    gem_goods: Decimal | None = None
    gem_services: Decimal | None = None
    gem_data: Decimal = Decimal(0)
    share_reported: Decimal | None = None
    share_data: Decimal | None = None
    previous_share: Decimal | None = None
    rank: int | None = None
    check: Check | None = None
    problems: list[tuple[str, int]] = field(default_factory=list)
    late: list[LateReturn] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        """The change of the reported share from the previous month, in percentage points."""
        if self.share_reported is None or self.previous_share is None:
            return None
        return self.share_reported - self.previous_share

    @property
    def is_filed(self) -> bool:
        return self.total is not None

    @property
    def late_count(self) -> int:
        return sum(1 for item in self.late if item.status == 'late')

    @property
    def missing_count(self) -> int:
        return sum(1 for item in self.late if item.status == 'missing')


@dataclass
class Totals:
    departments: int = 0
    filed: int = 0
    total: Decimal = Decimal(0)
    gem_reported: Decimal = Decimal(0)
    gem_data: Decimal = Decimal(0)
    gem_data_all: Decimal = Decimal(0)
    flagged: int = 0
    late: int = 0
    missing: int = 0
    previous_share: Decimal | None = None

    @property
    def share_reported(self):
        return share(self.gem_reported, self.total)

    @property
    def share_data(self):
        return share(self.gem_data, self.total)

    @property
    def change(self):
        if self.share_reported is None or self.previous_share is None:
            return None
        return self.share_reported - self.previous_share


@dataclass
class Note:
    month: date
    lines: list[DepartmentLine]
    totals: Totals
    problems: list[tuple[str, int]]
    has_gem_data: bool
    tolerance: Decimal
    #: the State's reported and GeM-data share for the last months, oldest first: [(month, reported, data)]
    trend: list[tuple[date, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def period(self):
        return month_of(self.month)

    @property
    def ranked(self) -> list[DepartmentLine]:
        return [line for line in self.lines if line.rank is not None]

    @property
    def flagged(self) -> list[DepartmentLine]:
        return [line for line in self.lines if line.check is not None and line.check.is_flagged]

    @property
    def with_late_returns(self) -> list[DepartmentLine]:
        return [line for line in self.lines if line.late]


def last_submitted(*where) -> sa.Result:
    """``(department id, period start, figures)`` of the returns matching ``where`` that were ever submitted, with
    the figures each was last submitted with (its latest version's), not every version's."""
    latest = (sa.select(ReturnVersion.return_id, sa.func.max(ReturnVersion.number).label('number'))
              .group_by(ReturnVersion.return_id).subquery())
    return db.session.execute(
        sa.select(Return.department_id, Return.period_start, ReturnVersion.data)
        .join(latest, latest.c.return_id == Return.id)
        .join(ReturnVersion, sa.and_(ReturnVersion.return_id == Return.id, ReturnVersion.number == latest.c.number))
        .where(*where))


def monthly_returns(month: date) -> dict[int, Return]:
    """The month's monthly returns by department, without their figures (``monthly_figures``)."""
    return {ret.department_id: ret for ret in db.session.scalars(
        sa.select(Return).where(Return.kind == ReturnKind.monthly, Return.period_start == month)
        .options(defer(Return.data)))}


def monthly_figures(month: date) -> dict[int, dict]:
    """``{department_id: figures}`` the month's monthly returns were last submitted with (those never submitted
    are left out)."""
    return {department_id: figures for department_id, _start, figures in last_submitted(
        Return.kind == ReturnKind.monthly, Return.period_start == month)}


def reported_shares(month: date) -> tuple[dict[int, Decimal | None], Decimal, Decimal]:
    """``({department_id: reported share}, State total, State GeM reported)`` of the month's filed returns."""
    shares, total, gem = {}, Decimal(0), Decimal(0)
    for department_id, figures in monthly_figures(month).items():
        shares[department_id] = contents.gem_share(figures)
        total += contents.amount(figures.get('total_value'))
        gem += contents.gem_value(figures)
    return shares, total, gem


def month_returns(month: date, department_ids: list[int]) -> tuple[list[tuple[ReturnKind, Period]], dict]:
    """``(periods, returns)``: the month's periods of returns (its two fortnights and the month itself) and the
    departments' returns for them by ``(department id, kind, period start)``, without their figures."""
    period = month_of(month)
    first = fortnight_of(period.start)
    periods = [(ReturnKind.fortnightly, first), (ReturnKind.fortnightly, first.next()), (ReturnKind.monthly, period)]
    returns = {(ret.department_id, ret.kind, ret.period_start): ret for ret in db.session.scalars(
        sa.select(Return).where(Return.period_start >= period.start, Return.period_start <= period.end,
                                Return.department_id.in_(department_ids)).options(defer(Return.data)))}
    return periods, returns


def filing_status(ret: Return | None, period: Period, today: date) -> str | None:
    """How a return for ``period`` was filed: ``on_time``, ``late``, ``missing`` (not filed, and due), or ``None``
    (not filed, not due yet)."""
    if ret is not None and ret.is_filed:
        return 'late' if ret.is_late else 'on_time'
    due = ret.due_date if ret is not None else period.due_date()
    return 'missing' if today > due else None


def _late_returns(month: date, today: date, department_ids: list[int]) -> dict[int, list[LateReturn]]:
    """The returns of the month (its fortnights' and its monthly return) filed after their due date, or not filed
    though due, per department."""
    periods, returns = month_returns(month, department_ids)
    result: dict[int, list[LateReturn]] = {}
    for department_id in department_ids:
        for kind, p in periods:
            ret = returns.get((department_id, kind, p.start))
            status = filing_status(ret, p, today)
            if status in ('late', 'missing'):
                result.setdefault(department_id, []).append(LateReturn(ret, kind, p.label, status))
    return result


def compute_note(month: date, today: date, trend_months: int = 12) -> Note:
    """The note for ``month`` (its first day) as it stands on ``today``."""
    from gemcell.returns.reconcile import tolerance
    month = first_of_month(month)
    departments = department_entries(active_only=True)
    ids = [d.id for d in departments]
    returns, filed = monthly_returns(month), monthly_figures(month)
    months = trend_months_of(month, trend_months)
    by_month = order_values_by_month(months)
    data_values = by_month[month]
    data_exists = bool(data_values) or has_orders(month)
    previous = previous_month(month)
    previous_shares, previous_total, previous_gem = reported_shares(previous)
    late = _late_returns(month, today, ids)
    problem_counters: dict[int, Counter] = {}
    for source in PROBLEM_SOURCES:
        for department_id, counter in source(month, ids).items():
            problem_counters.setdefault(department_id, Counter()).update(counter)

    limit = tolerance()
    totals = Totals(departments=len(departments), previous_share=share(previous_gem, previous_total))
    lines = []
    for department in departments:
        ret = returns.get(department.id)
        line = DepartmentLine(department, ret, gem_data=data_values.get(department.id, Decimal(0)))
        figures = filed.get(department.id)
        if figures is not None:
            line.total = contents.amount(figures.get('total_value'))
            line.gem_goods = contents.amount(figures.get('gem_goods'))
            line.gem_services = contents.amount(figures.get('gem_services'))
            line.gem_reported = line.gem_goods + line.gem_services
            line.share_reported = share(line.gem_reported, line.total)
            line.share_data = share(line.gem_data, line.total)
            line.check = judge(reported_value(figures), line.gem_data, data_exists, limit)
            totals.filed += 1
            totals.total += line.total
            totals.gem_reported += line.gem_reported
            totals.gem_data += line.gem_data
            totals.flagged += line.check.is_flagged
        line.previous_share = previous_shares.get(department.id)
        line.problems = problem_counters.get(department.id, Counter()).most_common(TOP_PROBLEMS)
        line.late = late.get(department.id, [])
        totals.late += line.late_count
        totals.missing += line.missing_count
        totals.gem_data_all += line.gem_data
        lines.append(line)

    # rank by the reported share (highest first; equal shares share a rank), unfiled returns unranked
    ranked = sorted((line for line in lines if line.share_reported is not None),
                    key=lambda line: -line.share_reported)
    for index, line in enumerate(ranked):
        line.rank = ranked[index - 1].rank if index and line.share_reported == ranked[index - 1].share_reported \
            else index + 1
    lines.sort(key=lambda line: (line.rank is None, line.rank or 0, line.department.name))

    state_problems = Counter()
    for counter in problem_counters.values():
        state_problems.update(counter)
    note = Note(month, lines, totals, state_problems.most_common(5), data_exists, limit)
    note.trend = state_trend(months, by_month)
    return note


def trend_months_of(month: date, count: int) -> list[date]:
    """The ``count`` months up to ``month``, oldest first."""
    months = [month]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months[::-1]


def _reported_by_month(months: list[date]) -> dict[date, tuple[Decimal, Decimal, frozenset[int]]]:
    """``month -> (total, GeM value, departments)`` of the monthly returns of ``months`` as last submitted."""
    totals = {m: [Decimal(0), Decimal(0), set()] for m in months}
    for department_id, period_start, figures in last_submitted(
            Return.kind == ReturnKind.monthly, Return.period_start >= months[0], Return.period_start <= months[-1]):
        entry = totals[period_start]
        entry[0] += contents.amount(figures.get('total_value'))
        entry[1] += contents.gem_value(figures)
        entry[2].add(department_id)
    return {m: (total, gem, frozenset(filed)) for m, (total, gem, filed) in totals.items()}


def state_trend(months: list[date], by_month: dict[date, dict[int, Decimal]]
                ) -> list[tuple[date, Decimal | None, Decimal | None]]:
    """The State's share through GeM, as reported and as per the GeM data (the orders of the departments that
    filed), for ``months``, oldest first; ``by_month`` is ``order_values_by_month(months)``."""
    # kept while no return is submitted (a submission adds a version; a version's figures never change): the note
    # is read again and again, and these are a year of every department's figures
    totals = memo.remembered('reports.reported_by_month', tuple(months), [ReturnVersion],
                             lambda: _reported_by_month(months))
    result = []
    for m in months:
        total, gem, filed = totals[m]
        values = by_month.get(m) or {}
        data = sum((values.get(d, Decimal(0)) for d in filed), Decimal(0)) if filed and values else None
        result.append((m, share(gem, total), share(data, total)))
    return result
