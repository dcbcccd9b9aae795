"""Department scope: the filter every query for department data goes through.

A model is department data when it sets ``__department_scope__`` to the name of the column holding the department's
id. A user without ``VIEW_ALL_DEPARTMENTS`` (a nodal officer) sees only rows of their own department; asking for
anything else by id gives 404, so the object's existence is not revealed either.
"""
import sqlalchemy as sa
from flask import abort

from gemcell.core.permissions import Permission, has_permission
from gemcell.extensions import db


def scoped_models() -> list[type]:
    """Every mapped class that holds department data."""
    return sorted((m.class_ for m in db.Model.registry.mappers if m.class_.__department_scope__),
                  key=lambda cls: cls.__name__)


def department_filter(model, user):
    """The WHERE clause limiting ``model`` to what ``user`` may see (``None``: no limit)."""
    column_name = model.__department_scope__
    if column_name is None:
        raise TypeError(f'{model.__name__} is not department data')
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return None
    column = getattr(model, column_name)
    if user is None or getattr(user, 'department_id', None) is None:
        return sa.false()
    return column == user.department_id


def scope_key(model, user):
    """What ``user`` sees of ``model``'s rows, as a key for figures kept across users (``core.memo``): ``'all'``,
    or the department (``None``: nothing)."""
    return 'all' if department_filter(model, user) is None else getattr(user, 'department_id', None)


def visible(model, user, stmt=None):
    """``select(model)`` (or ``stmt``) limited to the rows ``user`` may see."""
    stmt = sa.select(model) if stmt is None else stmt
    clause = department_filter(model, user)
    return stmt if clause is None else stmt.where(clause)


def can_see(obj, user) -> bool:
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return True
    department_id = getattr(obj, type(obj).__department_scope__)
    return user is not None and department_id is not None and department_id == getattr(user, 'department_id', None)


def get_visible_or_404(model, object_id, user, options=()):
    """Load one row by primary key (with the loader ``options`` of what its page shows); 404 when it does not exist
    *or* the user may not see it."""
    obj = db.session.get(model, object_id, options=options)
    if obj is None or not can_see(obj, user):
        abort(404)
    return obj
