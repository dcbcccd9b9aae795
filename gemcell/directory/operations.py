"""Writes for the directory. Flush, never commit."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import User
from gemcell.core.permissions import Role
from gemcell.core.errors import FormError
from gemcell.directory.models import Department, Office
from gemcell.extensions import db


def _taken(model, column, value, exclude=None, **scope) -> bool:
    stmt = sa.select(model.id).where(sa.func.lower(column) == value.lower()).filter_by(**scope)
    if exclude is not None:
        stmt = stmt.where(model.id != exclude.id)
    return db.session.scalar(stmt.limit(1)) is not None


def save_department(data: dict, department: Department | None = None) -> Department:
    if _taken(Department, Department.code, data['code'], department):
        raise FormError('code', _l('Another department already has this code.'))
    department = department or Department()
    department.code = data['code']
    department.name_hi = data['name_hi'].strip()
    department.name_en = data['name_en'].strip()
    department.is_active = bool(data['is_active'])
    db.session.add(department)
    db.session.flush()
    return department


def save_office(data: dict, department: Department, office: Office | None = None) -> Office:
    if _taken(Office, Office.name_en, data['name_en'].strip(), office, department_id=department.id):
        raise FormError('name_en', _l('This department already has an office of this name.'))
    office = office or Office(department=department)
    office.name_hi = data['name_hi'].strip()
    office.name_en = data['name_en'].strip()
    office.district_id = data['district_id'] or None
    office.is_active = bool(data['is_active'])
    db.session.add(office)
    db.session.flush()
    return office


def save_user(data: dict, user: User | None = None) -> User:
    if _taken(User, User.login, data['login'], user):
        raise FormError('login', _l('This login is already taken.'))
    if user is None and not data.get('password'):
        raise FormError('password', _l('Set a password for the new user.'))
    role = Role(data['role'])
    user = user or User(login=data['login'])
    user.login = data['login']
    user.name = data['name'].strip()
    user.designation = (data.get('designation') or '').strip() or None
    user.email = (data.get('email') or '').strip() or None
    user.role = role
    user.department_id = data['department_id'] or None
    user.locale = data['locale']
    user.is_active = bool(data['is_active'])
    if data.get('password'):
        user.set_password(data['password'])
    db.session.add(user)
    db.session.flush()
    return user


def unlock_user(user: User):
    user.unlock()
    db.session.flush()
