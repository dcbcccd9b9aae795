"""Figures that take a second or more over the State's data (the payments dashboard's sums) are kept in each
worker's memory and given again while the data they were computed from is unchanged.

"Unchanged" is asked of the database on every use, cheaply: for each table the figures read, its largest id and its
latest ``modified_dt`` (indexed on the big tables), and for the small tables where rows may be deleted (the dated
settings) their count. A row added or changed anywhere in them, by any worker or an import, makes the kept figures
stale; orders, sellers and payment reports are never deleted. The key names everything else the figures depend on
(the day, whose view).

Only plain data is kept (numbers, tuples, dicts), never ORM objects: they belong to one request's session.

On PostgreSQL two transactions can commit out of order (an import that began first commits rows with lower ids
and older times than a quicker change already seen), which the stamp cannot tell: so nothing is kept longer than
``MAX_AGE`` seconds either.
"""
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

import sqlalchemy as sa

from gemcell.extensions import db

#: entries kept per worker (a key is a view of the data on a day: a handful are in use at a time)
SIZE = 64
#: seconds a result is given at most, however unchanged the stamp
MAX_AGE = 120

_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def stamp(models: list[type], counted: tuple[type, ...] = ()) -> tuple:
    """What changes when a row of these tables is added or changed (``counted``: or deleted), in one query."""
    parts = []
    for model in models:
        parts.append(sa.select(sa.func.max(model.id)).scalar_subquery())
        if hasattr(model, 'modified_dt'):
            parts.append(sa.select(sa.func.max(model.modified_dt)).scalar_subquery())
        if model in counted:
            parts.append(sa.select(sa.func.count()).select_from(model).scalar_subquery())
    return tuple(db.session.execute(sa.select(*parts)).one())


def remembered(name: str, key: tuple, models: list[type], compute: Callable[[], Any],
               counted: tuple[type, ...] = ()) -> Any:
    """``compute()``'s result, or the one kept under ``(name, key)`` while ``models``' tables have not changed."""
    current, now = stamp(models, counted), time.monotonic()
    with _lock:
        entry = _kept.get((name, key))
        if entry is not None and entry[0] == current and now - entry[2] < MAX_AGE:
            _kept.move_to_end((name, key))
            return entry[1]
    value = compute()
    with _lock:
        _kept[(name, key)] = (current, value, now)
        _kept.move_to_end((name, key))
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return value


def forget() -> None:
    """Drop everything kept (tests that change the clock or empty the tables)."""
    with _lock:
        _kept.clear()
