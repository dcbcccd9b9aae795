"""Reads of the returns module: what a user may see, the managed lists, what is due, the period × department grid."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, defer

from gemcell.auth.models import User
from gemcell.core.db import utcnow
from gemcell.core.i18n import to_local
from gemcell.core.listing import Listing
from gemcell.core.permissions import Role
from gemcell.core.scoping import get_visible_or_404, visible
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns.models import ListKind, Notice, Return, ReturnKind, ReturnListItem, ReturnState
from gemcell.returns.periods import Period


def today() -> date:
    """Today in India."""
    return to_local(utcnow()).date()


def visible_returns(user):
    """Returns ``user`` may see, each with its department (joined: the list searches and sorts by its name)."""
    return visible(Return, user, sa.select(Return).join(Return.department).options(contains_eager(Return.department)))


def get_visible_return_or_404(return_id: int, user) -> Return:
    return get_visible_or_404(Return, return_id, user)


def _state_filter(value):
    try:
        return Return.state == ReturnState(value)
    except ValueError:
        return None


def _kind_filter(value):
    try:
        return Return.kind == ReturnKind(value)
    except ValueError:
        return None


def _department_filter(value):
    return Return.department_id == int(value) if value.isdigit() else None


RETURN_LISTING = Listing(
    sorts={'period': Return.period_start, 'department': Department.name_en, 'state': Return.state,
           'submitted': Return.submitted_dt, 'due': Return.due_date},
    default_sort='-period',
    search=[Department.name_hi, Department.name_en, Department.code],
    filters={'state': _state_filter, 'department': _department_filter, 'kind': _kind_filter},
)
STATE_CHOICES = [('', _l('All'))] + [(s.value, s.title) for s in ReturnState]


# --- managed lists -------------------------------------------------------------------------------------------

def list_items(kind: ListKind, active_only: bool = True) -> list[ReturnListItem]:
    stmt = sa.select(ReturnListItem).filter_by(kind=kind).order_by(ReturnListItem.position, ReturnListItem.id)
    if active_only:
        stmt = stmt.filter_by(is_active=True)
    return list(db.session.scalars(stmt))


def list_names(kind: ListKind) -> dict[str, str]:
    """``code -> name`` for every entry, also inactive ones (old returns name them)."""
    return {item.code: item.name for item in list_items(kind, active_only=False)}


# --- one department's returns ----------------------------------------------------------------------------------

def get_return(department_id: int, period: Period, kind=None) -> Return | None:
    kind = kind or (ReturnKind.monthly if period.unit == 'month' else ReturnKind.fortnightly)
    return db.session.scalar(sa.select(Return).filter_by(department_id=department_id, kind=kind,
                                                         period_start=period.start))


def previous_return(ret: Return) -> Return | None:
    """The department's latest earlier return that was submitted (accepted, or awaiting review)."""
    return db.session.scalar(
        sa.select(Return).where(Return.department_id == ret.department_id, Return.kind == ret.kind,
                                Return.period_start < ret.period_start,
                                Return.state.in_([ReturnState.submitted, ReturnState.accepted]))
        .order_by(Return.period_start.desc()).limit(1))


def periods_to_file(department_id: int, day: date, count: int = 6,
                    kind: ReturnKind = ReturnKind.fortnightly) -> list[tuple[Period, Return | None]]:
    """The last ``count`` periods of ``kind`` whose return is not filed yet (none, a draft, or back for
    correction), newest first, with the return if there is one."""
    periods = kind.calendar.last_periods(day, count)
    returns = {r.period_start: r for r in db.session.scalars(
        sa.select(Return).where(Return.department_id == department_id, Return.kind == kind,
                                Return.period_start >= periods[0].start).options(defer(Return.data)))}
    result = []
    for period in reversed(periods):
        ret = returns.get(period.start)
        if ret is None or ret.state in (ReturnState.draft, ReturnState.returned):
            result.append((period, ret))
    return result


def unread_notices(user) -> list[Notice]:
    return list(db.session.scalars(sa.select(Notice).filter_by(user_id=user.id, read_dt=None)
                                   .order_by(Notice.created_dt.desc())))


# --- the grid --------------------------------------------------------------------------------------------------

#: status -> (title, css tone)
STATUSES = {
    'accepted': (_l('Accepted'), 'ok'),
    'on_time': (_l('Filed on time'), 'ok'),
    'late': (_l('Filed late'), 'warn'),
    'returned': (_l('Returned for correction'), 'warn'),
    'missing': (_l('Not filed'), 'bad'),
    'not_due': (_l('Not due yet'), 'muted'),
}
STATUS_CHOICES = [('', _l('All'))] + [(key, title) for key, (title, _tone) in STATUSES.items()]


def cell_status(ret: Return | None, period: Period, day: date, due_days: int) -> str:
    """Where one department's return for one period stands on ``day``."""
    if ret is not None and ret.state is ReturnState.accepted:
        return 'accepted'
    if ret is not None and ret.state is ReturnState.returned:
        return 'returned'
    if ret is not None and ret.state is ReturnState.submitted:
        return 'late' if ret.is_late else 'on_time'
    due = ret.due_date if ret is not None else period.due_date(due_days)
    return 'missing' if day > due else 'not_due'


@dataclass(frozen=True)
class GridReturn:
    """What the grid needs of a return (read as a plain row)."""
    id: int
    department_id: int
    period_start: date
    due_date: date
    state: ReturnState
    first_submitted_dt: datetime | None

    @property
    def is_filed(self) -> bool:
        return self.first_submitted_dt is not None

    @property
    def is_late(self) -> bool:
        return self.is_filed and to_local(self.first_submitted_dt).date() > self.due_date


@dataclass
class GridCell:
    period: Period
    status: str
    ret: GridReturn | None

    @property
    def title(self):
        return STATUSES[self.status][0]

    @property
    def tone(self):
        return STATUSES[self.status][1]


@dataclass
class GridRow:
    department: Department
    cells: list[GridCell]

    def count(self, status: str) -> int:
        return sum(1 for cell in self.cells if cell.status == status)


def grid(day: date, count: int = 6, q: str = '', status: str = '',
         kind: ReturnKind = ReturnKind.fortnightly) -> tuple[list[Period], list[GridRow]]:
    """Active departments × the last ``count`` periods of ``kind``, in two queries. ``q`` searches department
    names and codes; ``status`` keeps departments with at least one cell in that status."""
    periods = kind.calendar.last_periods(day, count)
    due_days = kind.calendar.due_days()
    stmt = sa.select(Department).filter_by(is_active=True).order_by(Department.name_hi)
    if q:
        pattern = '%' + q.replace('\\', '\\\\').replace('%', r'\%').replace('_', r'\_') + '%'
        stmt = stmt.where(sa.or_(*(c.ilike(pattern, escape='\\') for c in
                                   (Department.name_hi, Department.name_en, Department.code))))
    departments = list(db.session.scalars(stmt))
    # plain rows, not ORM objects: a few thousand cells load and render in a fraction of the time
    returns = {(r.department_id, r.period_start): GridReturn(*r) for r in db.session.execute(
        sa.select(Return.id, Return.department_id, Return.period_start, Return.due_date, Return.state,
                  Return.first_submitted_dt)
        .where(Return.kind == kind, Return.period_start >= periods[0].start, Return.period_start <= periods[-1].start))}
    rows = []
    for department in departments:
        cells = [GridCell(p, cell_status(ret := returns.get((department.id, p.start)), p, day, due_days), ret)
                 for p in periods]
        row = GridRow(department, cells)
        if not status or row.count(status):
            rows.append(row)
    return periods, rows


def nodal_officers(department_ids) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.role == Role.nodal, User.is_active.is_(True),
                              User.department_id.in_(list(department_ids))).order_by(User.id)))


# --- the inbox -------------------------------------------------------------------------------------------------

def due_for(user, day: date | None = None,
            kind: ReturnKind = ReturnKind.fortnightly) -> list[tuple[Period, Return | None]]:
    """A nodal officer's returns of ``kind`` to file (not yet submitted, or back for correction), oldest
    first."""
    day = day or today()
    return list(reversed(periods_to_file(user.department_id, day, kind=kind)))


def count_awaiting_review(user) -> int:
    stmt = visible(Return, user, sa.select(sa.func.count(Return.id))).where(Return.state == ReturnState.submitted)
    return db.session.scalar(stmt) or 0


def current_filing_period(day: date | None = None, kind: ReturnKind = ReturnKind.fortnightly) -> Period:
    return kind.calendar.filing_period(day or today())
