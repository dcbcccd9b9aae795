"""Reads of the directions module: what a user may see, the compliance registers, what is due, the figures per
department and month for the scorecard."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from gemcell.core.compliance import Compliance
from gemcell.core.db import utcnow
from gemcell.core.i18n import to_local
from gemcell.core.listing import Listing
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import visible
from gemcell.directives.models import (Addressee, Direction, DirectionKind, DirectionLevel, DirectionState,
                                       PointReply, ReplyState)
from gemcell.directory.models import Department
from gemcell.extensions import db


def today() -> date:
    return to_local(utcnow()).date()


def direction_filter(user):
    """The WHERE clause on ``Direction`` for ``user`` (``None``: no limit). The cell sees every direction;
    Administration the issued ones; a nodal officer the issued directions addressed to their department."""
    if not has_permission(user, Permission.VIEW_DIRECTIONS):
        return sa.false()
    if has_permission(user, Permission.REVIEW):
        return None
    issued = Direction.state != DirectionState.draft
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return issued
    if getattr(user, 'department_id', None) is None:
        return sa.false()
    return sa.and_(issued, Direction.addressees.any(Addressee.department_id == user.department_id))


def visible_directions(user, stmt=None):
    stmt = sa.select(Direction) if stmt is None else stmt
    clause = direction_filter(user)
    return stmt if clause is None else stmt.where(clause)


def get_visible_direction_or_404(direction_id: int, user) -> Direction:
    direction = db.session.scalar(visible_directions(user).where(Direction.id == direction_id))
    if direction is None:
        abort(404)
    return direction


def visible_addressees(direction: Direction, user) -> list[Addressee]:
    """The addressees of ``direction`` ``user`` may see: a nodal officer only their own department's."""
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return list(direction.addressees)
    return [a for a in direction.addressees if a.department_id is not None
            and a.department_id == getattr(user, 'department_id', None)]


def _overdue_clause(day: date):
    return sa.and_(Direction.state == DirectionState.issued, Direction.due_date < day,
                   Direction.addressees.any(Addressee.state.in_([ReplyState.awaiting, ReplyState.returned])))


def _filters(user_department=None):
    def department(value):
        return Direction.addressees.any(Addressee.department_id == int(value)) if value.isdigit() else None

    def enum_filter(column, enum_cls):
        return lambda v: column == enum_cls(v) if v in {m.value for m in enum_cls} else None

    return {'kind': enum_filter(Direction.kind, DirectionKind), 'state': enum_filter(Direction.state, DirectionState),
            'level': enum_filter(Direction.level, DirectionLevel), 'department': department,
            'overdue': lambda v: _overdue_clause(today()) if v == '1' else None}


DIRECTION_LISTING = Listing(
    sorts={'due': Direction.due_date, 'issued': Direction.issued_date, 'subject': Direction.subject,
           'created': Direction.created_dt, 'state': Direction.state},
    default_sort='-created',
    search=[Direction.subject, Direction.reference_number],
    filters=_filters(),
)
#: what a list row shows (the addressees' names and the roll-up of their replies), loaded in a few queries
DIRECTION_ROWS = (selectinload(Direction.points), selectinload(Direction.document),
                  selectinload(Direction.addressees).selectinload(Addressee.replies),
                  selectinload(Direction.addressees).selectinload(Addressee.department))
KIND_CHOICES = [('', _l('All'))] + [(k.value, k.title) for k in DirectionKind]
STATE_CHOICES = [('', _l('All'))] + [(s.value, s.title) for s in DirectionState]
LEVEL_CHOICES = [('', _l('All'))] + [(lv.value, lv.title) for lv in DirectionLevel]


# --- what is due ---------------------------------------------------------------------------------------------

def open_addressees(department_id) -> list[Addressee]:
    """The issued directions a department (``None``: the cell) still owes a report on, the earliest due first."""
    column = Addressee.department_id
    return list(db.session.scalars(
        sa.select(Addressee).join(Addressee.direction)
        .where(column.is_(None) if department_id is None else column == department_id,
               Direction.state == DirectionState.issued,
               Addressee.state.in_([ReplyState.awaiting, ReplyState.returned]))
        .order_by(Direction.due_date, Addressee.id).options(selectinload(Addressee.direction))))


def reports_to_class() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Addressee.id)).join(Addressee.direction)
        .where(Direction.state == DirectionState.issued, Addressee.state == ReplyState.submitted)) or 0


def overdue_addressees(day: date | None = None) -> list[Addressee]:
    """Every department (and the cell, for Government's directions) whose report is past its due date, the most
    overdue first."""
    day = day or today()
    return list(db.session.scalars(
        sa.select(Addressee).join(Addressee.direction)
        .where(Direction.state == DirectionState.issued, Direction.due_date < day,
               Addressee.state.in_([ReplyState.awaiting, ReplyState.returned]))
        .order_by(Direction.due_date, Addressee.id)
        .options(selectinload(Addressee.direction), selectinload(Addressee.department))))


# --- the registers -------------------------------------------------------------------------------------------

@dataclass
class RegisterRow:
    """One department's directions, counted."""
    department: Department | None
    directions: int = 0
    awaiting: int = 0
    overdue: int = 0
    submitted: int = 0
    classes: dict = field(default_factory=lambda: {c: 0 for c in Compliance})
    late: int = 0

    @property
    def name(self) -> str:
        return self.department.name if self.department is not None else str(_l('GeM Cell'))


def _addressees_in(stmt):
    return db.session.scalars(stmt.options(
        selectinload(Addressee.direction).selectinload(Direction.points),
        selectinload(Addressee.replies), selectinload(Addressee.department))).all()


def register_by_department(day: date | None = None, department_ids=None) -> list[RegisterRow]:
    """Per department: directions received, reports awaited (overdue among them), submitted awaiting class, and
    the classed reports by their rolled-up class. ``department_ids``: only these (a nodal officer's own)."""
    day = day or today()
    stmt = sa.select(Addressee).join(Addressee.direction).where(Direction.state != DirectionState.draft)
    if department_ids is not None:
        stmt = stmt.where(Addressee.department_id.in_(department_ids))
    rows: dict = {}
    for addressee in _addressees_in(stmt):
        row = rows.setdefault(addressee.department_id, RegisterRow(addressee.department))
        row.directions += 1
        if addressee.is_open:
            row.awaiting += 1
            if addressee.days_overdue(day) > 0:
                row.overdue += 1
        elif addressee.state is ReplyState.submitted:
            row.submitted += 1
        else:
            row.classes[addressee.compliance] += 1
        if addressee.first_submitted_dt is not None and \
                to_local(addressee.first_submitted_dt).date() > addressee.direction.due_date:
            row.late += 1
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.awaiting, r.name))


def compliance_by_department_month(start: date | None = None, end: date | None = None,
                                   department_ids=None) -> dict:
    """For the department scorecard: ``{(department_id, 'YYYY-MM'): {...}}`` over the directions issued in that
    month (India's date of issue), ``start``..``end`` inclusive. Each value counts ``directions``, ``answered``
    (a report submitted), ``on_time`` (first submitted by the due date), ``overdue`` (still owed after the due
    date, today), and the classed reports by class: ``complied``, ``partly``, ``not_complied``,
    ``not_applicable``, plus ``pending`` (not classed yet). Government's directions to the cell are left out."""
    stmt = (sa.select(Addressee).join(Addressee.direction)
            .where(Direction.state != DirectionState.draft, Direction.kind == DirectionKind.outgoing,
                   Addressee.department_id.is_not(None)))
    if start is not None:
        stmt = stmt.where(Direction.issued_date >= start)
    if end is not None:
        stmt = stmt.where(Direction.issued_date <= end)
    if department_ids is not None:
        stmt = stmt.where(Addressee.department_id.in_(list(department_ids)))
    day = today()
    result: dict = defaultdict(lambda: {'directions': 0, 'answered': 0, 'on_time': 0, 'overdue': 0,
                                        **{c.value: 0 for c in Compliance}})
    for addressee in _addressees_in(stmt):
        direction = addressee.direction
        figures = result[(addressee.department_id, direction.issued_date.strftime('%Y-%m'))]
        figures['directions'] += 1
        if addressee.first_submitted_dt is not None:
            figures['answered'] += 1
            if to_local(addressee.first_submitted_dt).date() <= direction.due_date:
                figures['on_time'] += 1
        if addressee.days_overdue(day) > 0:
            figures['overdue'] += 1
        status = addressee.compliance if addressee.state is ReplyState.classed else Compliance.pending
        figures[status.value] += 1
    return dict(result)


def replies_of(addressee_ids) -> list[PointReply]:
    return list(db.session.scalars(sa.select(PointReply).where(PointReply.addressee_id.in_(list(addressee_ids)))))


def visible_addressee_or_404(addressee_id: int, user) -> Addressee:
    """One addressee within the user's department scope and visible direction (else 404)."""
    addressee = db.session.scalar(visible(Addressee, user).where(Addressee.id == addressee_id))
    if addressee is None or db.session.scalar(
            visible_directions(user, sa.select(Direction.id)).where(Direction.id == addressee.direction_id)) is None:
        abort(404)
    return addressee
