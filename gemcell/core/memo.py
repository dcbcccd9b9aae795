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

The workers of one server share what they computed: each result is also written, with its stamp and time, to a file
in the instance folder (``kept/``), which another worker reads instead of computing the same figures again; while one
worker computes, the others asking for the same figures wait for its file (a lock per key) rather than compute them
too. At the month-end rush a hundred departments' figures are so computed once per server, not once per worker.
Figures past ``MAX_AGE`` whose data is unchanged (the same stamp) are given while one worker computes them anew,
rather than waited for.
Only for a database in a file or on a server (an in-memory SQLite database is one process's own).
"""
import fcntl
import hashlib
import logging
import os
import pickle  # nosec B403 - the files are the app's own, in its private instance folder (beside its secret key)
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
from flask import current_app, has_app_context

from gemcell.extensions import db

logger = logging.getLogger(__name__)

#: entries kept per worker (a key is a view of the data on a day, or a list's count under its filters: a hundred
#: departments' views of a few lists are in use at once at the month-end)
SIZE = 1024
#: seconds a result is given at most, however unchanged the stamp (and ``WAIT`` more while another worker computes
#: it anew)
MAX_AGE = 120

#: seconds a worker waits for another computing the same figures before it computes them itself
WAIT = 30
#: the shared files are swept every so many writes: files older than ``SWEEP_AFTER`` seconds are removed
SWEEP_EVERY, SWEEP_AFTER = 100, 3600

_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()
_writes = [0]


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
    current = stamp(models, counted)
    entry = (_database(), name, key)  # two apps of one process on two databases keep theirs apart
    found = _recall(entry, current)
    if found is not None:
        return found[0]
    path = _path(name, key)
    if path is None:
        return _remember(entry, current, compute(), time.time())
    # figures of this very stamp, only past their age: while another worker computes them anew, they are given
    # rather than waited for (a State-wide figure takes a second; every home page would queue behind it)
    aged = _read(path, current, MAX_AGE + WAIT)
    if aged is not None and time.time() - aged[1] < MAX_AGE:  # another worker's, in their age
        return _remember(entry, current, *aged)
    with _locked(path, wait=aged is None) as held:
        if not held and aged is not None:
            return aged[0]
        found = _read(path, current)  # another worker may have computed it while this one waited
        if found is not None:
            return _remember(entry, current, *found)
        value, now = compute(), time.time()
        _write(path, current, value, now)
    return _remember(entry, current, value, now)


def _recall(entry: tuple, current: tuple) -> tuple | None:
    with _lock:
        kept = _kept.get(entry)
        if kept is not None and kept[0] == current and time.time() - kept[2] < MAX_AGE:
            _kept.move_to_end(entry)
            return (kept[1],)
    return None


def _remember(entry: tuple, current: tuple, value: Any, when: float) -> Any:
    with _lock:
        _kept[entry] = (current, value, when)
        _kept.move_to_end(entry)
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return value


# -- the workers' shared files ------------------------------------------------------------------------------------

def _database() -> str | None:
    """The database's name for the kept figures (a digest of its address), ``None`` outside an app."""
    if not has_app_context():
        return None
    return hashlib.sha256(db.engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]


def _folder() -> Path | None:
    """This database's folder of kept figures, ``None`` for an in-memory database (or outside an app)."""
    if not has_app_context():
        return None
    url = db.engine.url
    if url.get_backend_name() == 'sqlite' and url.database in (None, '', ':memory:'):
        return None
    return Path(current_app.config['INSTANCE_PATH']) / 'kept' / _database()


def _canonical(value: Any) -> Any:
    """``value`` with its sets sorted, so that every worker names the same key by the same text."""
    if isinstance(value, (set, frozenset)):
        return ('set', sorted((_canonical(item) for item in value), key=repr))
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(item) for item in value)
    return value


def _path(name: str, key: tuple) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    digest = hashlib.sha256(repr((name, _canonical(key))).encode()).hexdigest()
    return folder / f'{digest}.pickle'


def _read(path: Path, current: tuple, max_age: float | None = None) -> tuple | None:
    """``(value, time)`` from the file if it holds figures of this stamp younger than ``max_age`` (``MAX_AGE``)."""
    try:
        with open(path, 'rb') as file:
            kept_stamp, value, when = pickle.load(file)  # nosec B301 - written by this app (``_write``)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None
    if kept_stamp != current or time.time() - when >= (MAX_AGE if max_age is None else max_age):
        return None
    return value, when


def _write(path: Path, current: tuple, value: Any, when: float) -> None:
    """Write the figures whole or not at all (a temporary file renamed): a reader never sees half of them. A
    failure to write (a full disk) only means the next worker computes them again."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix='.')
    except OSError:
        return
    try:
        with os.fdopen(handle, 'wb') as file:
            pickle.dump((current, value, when), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # a full disk, or figures that cannot be pickled (a bug): this worker keeps them alone
        logger.warning('kept figures not shared: %s', path.name, exc_info=True)
        with suppress(OSError):
            os.unlink(temporary)
    _writes[0] += 1
    if _writes[0] % SWEEP_EVERY == 0:
        _sweep(path.parent, time.time() - SWEEP_AFTER)


def _sweep(folder: Path, before: float) -> None:
    """Remove the files of figures (and their locks) last written before ``before``: yesterday's figures, a
    department's view no one opened again."""
    for path in folder.iterdir():
        with suppress(OSError):
            if path.stat().st_mtime < before:
                path.unlink()


@contextmanager
def _locked(path: Path, wait: bool = True):
    """Hold the key's lock (a file lock: across the workers, and their threads) for at most ``WAIT`` seconds of
    waiting (``wait`` false: none); past that, or when the folder cannot be made, go on without it. Yields whether
    the lock is held."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the pickles are read as code: the app's alone
        handle = open(path.with_suffix('.lock'), 'a+b')
    except OSError:
        yield False
        return
    with handle:
        deadline = time.monotonic() + (WAIT if wait else 0)
        held = False
        while not held:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
        if held:
            with suppress(OSError):
                os.utime(handle.fileno())  # a lock in use is recent: the sweep removes only those an hour idle
        yield held  # closing the file releases the lock


def forget() -> None:
    """Drop everything kept, this worker's and the shared files (tests that change the clock or empty the
    tables)."""
    with _lock:
        _kept.clear()
    folder = _folder()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
