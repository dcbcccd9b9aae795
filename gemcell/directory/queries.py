"""Reads for the directory, always through the department scope."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import User
from gemcell.core import memo
from gemcell.core.listing import Listing
from gemcell.core.scoping import scope_key, visible
from gemcell.directory.models import Bilingual, Department, District, Office
from gemcell.extensions import db

office_count = (sa.select(sa.func.count(Office.id)).where(Office.department_id == Department.id)
                .correlate(Department).scalar_subquery())

STATUS_FILTERS = {'active': True, 'inactive': False}

DEPARTMENT_LISTING = Listing(
    sorts={'code': Department.code, 'name_hi': Department.name_hi, 'name_en': Department.name_en,
           'offices': office_count},
    default_sort='name_hi',
    search=[Department.code, Department.name_hi, Department.name_en],
    filters={
        'status': lambda v: Department.is_active.is_(STATUS_FILTERS[v]) if v in STATUS_FILTERS else None,
        'district': lambda v: (sa.exists().where(Office.department_id == Department.id, Office.district_id == int(v))
                               if v.isdigit() else None),
    },
)

STATUS_CHOICES = [('', _l('All')), ('active', _l('Active')), ('inactive', _l('Inactive'))]


def visible_departments(user):
    return visible(Department, user)


def get_office_counts(departments) -> dict[int, int]:
    """Offices per department, for the departments given (one query)."""
    ids = [d.id for d in departments]
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Office.department_id, sa.func.count(Office.id))
                              .where(Office.department_id.in_(ids)).group_by(Office.department_id))
    return dict.fromkeys(ids, 0) | dict(rows.all())


def visible_offices(user, department: Department | None = None):
    stmt = visible(Office, user)
    if department is not None:
        stmt = stmt.where(Office.department_id == department.id)
    return stmt


USER_LISTING = Listing(
    sorts={'login': User.login, 'name': User.name, 'role': User.role, 'last_login': User.last_login_dt},
    default_sort='login',
    search=[User.login, User.name, User.designation],
    filters={
        'role': lambda v: User.role == v if v in {r.value for r in User.role.type.enum_class} else None,
        'department': lambda v: User.department_id == int(v) if v.isdigit() else None,
    },
)


def get_districts():
    return db.session.scalars(sa.select(District).order_by(District.name_hi)).all()


def get_departments():
    """Every department as an object, by Hindi name: for forms whose choices become a row's departments."""
    return db.session.scalars(sa.select(Department).order_by(Department.name_hi)).all()


@dataclass(frozen=True)
class DepartmentEntry(Bilingual):
    """A department as the filters and pickers list it: plain values (``name`` in the interface language), kept
    across requests — a reviewer's page lists the hundred departments in its filter."""

    id: int
    code: str
    name_hi: str
    name_en: str
    is_active: bool


def _department_entries() -> list[DepartmentEntry]:
    return [DepartmentEntry(*row) for row in db.session.execute(
        sa.select(Department.id, Department.code, Department.name_hi, Department.name_en, Department.is_active)
        .order_by(Department.name_hi, Department.id))]


def department_entries(user=None, active_only: bool = False) -> list[DepartmentEntry]:
    """The departments ``user`` may see (every one without a user), by Hindi name, kept while the departments
    table is unchanged (``core.memo``)."""
    entries = memo.remembered('directory.departments', (), [Department], _department_entries,
                              counted=(Department,))
    scope = 'all' if user is None else scope_key(Department, user)
    return [e for e in entries if (scope == 'all' or e.id == scope) and (e.is_active or not active_only)]


def department_options(user=None) -> list[tuple[str, str]]:
    """``(id, name)`` choices of the departments ``user`` may see, for a filter or a form's select."""
    return [(str(e.id), e.name) for e in department_entries(user)]
