"""The import engine: records from any shape in, new / changed / unchanged rows out, in one transaction.

``run_import(shape, source, dry_run=…)`` streams the shape's records in chunks of ``CHUNK_SIZE``. For each chunk it
looks the records up by natural key (one ``IN (…)`` query per kind), resolves references (bidder -> bid, order ->
seller and bid, department names -> ``DepartmentAlias``), classifies each record as new, changed (only the fields the
record carries are compared) or unchanged, and writes with Core bulk statements: ``INSERT`` executemany for new rows,
``UPDATE … WHERE id = ?`` executemany for changed ones. Only the natural keys seen so far stay in memory (to refuse a
key that appears twice).

Everything is written inside a SAVEPOINT of the caller's transaction: the engine flushes, the caller commits. A file
refused as a whole (``FileRejected``, also raised mid-file, a duplicate key, or not one valid record) rolls the
savepoint back and leaves only the ``ImportBatch``, state ``rejected``, with its message; any other exception rolls
it back, marks the batch ``failed`` and propagates. A dry run classifies and counts but writes only the batch.

A row of a table (CSV, XLSX) keeps its values in ``raw`` after the id of its file's headers, which are stored once
(``SourceLayout``, made on first use and shared by every file with the same headers).

Audit trail: one entry per changed row (``{field: [old, new]}``) and one entry for the batch with the number of new
rows of each kind -- not one entry per inserted row, which would double the cost of a large import.
"""
import gc
import hashlib
import io
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from json import encoder as json_encoder
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from gemcell.core.audit import AuditAction, append_entries
from gemcell.core.db import UTCDateTime, sqlite_cache, utcnow
from gemcell.extensions import db
from gemcell.gemdata.aliases import alias_key
from gemcell.gemdata.importers.contract import KINDS, ImportError_, Record, Shape, Source, TableHeaders
from gemcell.gemdata.models import (Bid, Bidder, BidSource, DepartmentAlias, ImportBatch, ImportState, Order, Seller,
                                    SourceLayout, layout_digest)
from gemcell.gemdata.readers import FileRejected

CHUNK_SIZE = 5000
#: SQLite: a table that gets at least this many new rows, and more than it held, has its indexes built at the end
#: (from a few thousand rows on, building an index once costs less than keeping it up to date: the rows before
#: this many are inserted with every index, at several times the cost of the rest)
DEFER_INDEXES_AFTER = CHUNK_SIZE
#: SQLite page cache of an import, in KiB (the rows are appended)
IMPORT_CACHE_KIB = 64 * 1024
#: SQLite: rows of a bulk INSERT written by one statement, at most (and within the parameters a statement may have)
ROWS_PER_INSERT = 500
#: SQLite: the page cache while the deferred indexes are built, in KiB, which is also what SQLite sorts their keys in
#: before it merges the sorted runs (a million rows' keys sort faster in runs this small, which stay in the CPU's
#: caches, than in runs of 32 MiB: the dozen indexes of the orders table in 7.7 s instead of 11 s of CPU)
SORT_CACHE_KIB = 4 * 1024
#: SQLite: helper threads sorting a deferred index's keys (``PRAGMA threads``), at most: one per CPU beside the
#: import's own (on two cores the dozen indexes of a million orders are built in 6.0 s instead of 7.5 s)
SORT_THREADS = max(0, min(4, len(os.sched_getaffinity(0)) - 1))
MAX_STORED_ERRORS = 10_000
#: what ``Shape.read`` gets as ``limits`` unless the caller says otherwise (the web passes its upload limit)
DEFAULT_LIMITS = {'max_bytes': 2 * 1024 ** 3, 'max_rows': 5_000_000}

KIND_TITLES = {'seller': _l('Seller'), 'bid': _l('Bid'), 'bidder': _l('Bidder'), 'order': _l('Order'),
               'payment': _l('Payment')}

_SELLERS, _BIDS, _BIDDERS, _ORDERS, _ALIASES, _LAYOUTS = (Seller.__table__, Bid.__table__, Bidder.__table__,
                                                          Order.__table__, DepartmentAlias.__table__,
                                                          SourceLayout.__table__)
#: record fields that are not columns: the engine resolves them
_REFERENCES = {'bidder': {'bid_source', 'bid_number', 'seller_gem_id'}, 'order': {'seller_gem_id'},
               'payment': {'order_number'}}
_PAYMENT_FIELDS = {'crac_date', 'invoice_number', 'invoice_date', 'invoice_amount', 'payment_date', 'payment_amount'}
_TABLES = {'seller': _SELLERS, 'bid': _BIDS, 'bidder': _BIDDERS, 'order': _ORDERS, 'payment': _ORDERS}
#: written by the engine itself, never compared
_BOOKKEEPING = {'id', 'raw', 'import_batch_id', 'created_dt', 'modified_dt'}


def run_import(shape: Shape, source: Source, *, dry_run: bool, user: Any = None, batch: ImportBatch | None = None,
               progress: Callable[[int], None] | None = None, limits: dict | None = None) -> ImportBatch:
    """Import (or, with ``dry_run``, only check) ``source`` read by ``shape``; return the flushed ``ImportBatch``.

    ``batch``: a batch the caller made beforehand (the web page polls it); else one is created. ``progress`` is
    called with the number of rows done after every chunk. ``limits`` go to ``shape.read`` (``max_bytes``,
    ``max_rows``; default ``DEFAULT_LIMITS``). The caller commits.
    """
    session = db.session
    source, cleanup = _seekable(source)
    try:
        batch = _start_batch(session, batch, shape, source, dry_run, user)
        with _acting_as(session, user), _collector_paused():
            return _run(session, shape, source, batch, dry_run, progress, limits or DEFAULT_LIMITS)
    finally:
        cleanup()


def _run(session: Session, shape: Shape, source: Source, batch: ImportBatch, dry_run: bool,
         progress: Callable[[int], None] | None, limits: dict) -> ImportBatch:
    savepoint = session.begin_nested()
    importer = _Importer(session.connection(), batch.id, dry_run)
    try:
        with sqlite_cache(importer.connection, IMPORT_CACHE_KIB):
            importer.run(shape.read(source, limits), progress)
    except _Duplicate as duplicate:
        savepoint.rollback()
        first = _first_occurrence(shape, source, limits, duplicate)
        _finish(batch, importer, ImportState.rejected, _l(
            '"%(key)s" (%(kind)s) appears twice in the file, in row %(first)s and in row %(second)s; '
            'each must appear once. Nothing was imported.',
            kind=KIND_TITLES[duplicate.record.kind], key=duplicate.shown_key, first=first or '?',
            second=duplicate.record.row))
        return batch
    except FileRejected as rejected:
        savepoint.rollback()
        _finish(batch, importer, ImportState.rejected, rejected.message)
        return batch
    except BaseException:
        savepoint.rollback()
        with suppress(Exception):  # the original error matters, not a second one while recording it
            _finish(batch, importer, ImportState.failed, _l('The import failed with an unexpected error.'))
        raise
    if not importer.valid_count:
        savepoint.rollback()
        _finish(batch, importer, ImportState.rejected, _l('The file has no valid record: nothing was imported.'),
                keep_counts=True)
        return batch
    if not dry_run:
        importer.write_batch_entry(batch.id)
    savepoint.commit()
    _finish(batch, importer, ImportState.dry_run if dry_run else ImportState.committed, None, keep_counts=True)
    return batch


def _finish(batch: ImportBatch, importer: '_Importer', state: ImportState, message: Any,
            keep_counts: bool = False) -> None:
    """Store the outcome on the batch and flush it; a file refused part-way keeps its row errors, not its counts."""
    batch.state = state
    batch.message = None if message is None else str(message)
    batch.counts = importer.nonzero_counts() if keep_counts else {}
    batch.errors = [error.as_dict() for error in importer.errors]
    batch.error_count = importer.error_count
    batch.rows_done = importer.rows_done
    batch.finished_dt = utcnow()
    db.session.flush()


def _start_batch(session: Session, batch: ImportBatch | None, shape: Shape, source: Source, dry_run: bool,
                 user: Any) -> ImportBatch:
    """Create (or fill in) the batch with the file's fingerprint and flush it, which opens the transaction."""
    size, sha256 = _fingerprint(source.path)
    if batch is None:
        batch = ImportBatch(shape=shape.name, filename=source.filename[:255],
                            profile=source.options.get('profile'), created_by_id=getattr(user, 'id', None))
        session.add(batch)
    if batch.created_by_id is None and user is not None:
        batch.created_by_id = user.id
    batch.sha256, batch.size, batch.is_dry_run = sha256, size, dry_run
    batch.state, batch.counts, batch.errors, batch.error_count = ImportState.running, {}, [], 0
    session.flush()
    return batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during the import; reference counting still frees everything at once.

    Why: a large import allocates millions of containers (rows, records, parameter tuples) that live for a chunk,
    and what it keeps from chunk to chunk (a million keys in a set, the parsers' memos) keeps growing: the
    collections these trigger walk all of it again and again, a twentieth of the import's time, to find the few
    thousand objects in reference cycles that a hundred thousand rows leave. These are collected when the import
    is over. The collector is process-wide: an import in another thread ending first resumes it
    early (slower, not wrong).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _acting_as(session: Session, user: Any) -> Iterator[None]:
    """Record ``user`` as the actor of the audit entries (the CLI sets ``cli`` itself; workers have no request)."""
    if user is None:
        yield
        return
    previous = session.info.get('audit_actor')
    session.info['audit_actor'] = (user.id, user.login)
    try:
        yield
    finally:
        if previous is None:
            session.info.pop('audit_actor', None)
        else:
            session.info['audit_actor'] = previous


# -- the file ---------------------------------------------------------------------------------------------------


def _seekable(source: Source) -> tuple[Source, Callable[[], None]]:
    """A source that can be read twice (fingerprint, then records): non-seekable streams are spooled to disk."""
    path = source.path
    if isinstance(path, (str, os.PathLike)) or path.seekable():
        return source, lambda: None
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(path, spool, 1024 * 1024)
    spool.seek(0)
    return Source(spool, source.filename, source.options), spool.close


def _fingerprint(path: Any) -> tuple[int, str]:
    """Size and SHA-256 of a file, a binary stream (left at offset 0) or a folder (its files in name order)."""
    digest = hashlib.sha256()
    size = 0
    if isinstance(path, (str, os.PathLike)) and Path(path).is_dir():
        for file in sorted(p for p in Path(path).rglob('*') if p.is_file()):
            digest.update(str(file.relative_to(path)).encode() + b'\0')
            added, _ = _digest_stream(file, digest)
            size += added
        return size, digest.hexdigest()
    size, _ = _digest_stream(path, digest)
    return size, digest.hexdigest()


def _digest_stream(path: Any, digest: Any) -> tuple[int, Any]:
    size = 0
    stream = open(path, 'rb') if isinstance(path, (str, os.PathLike)) else path
    try:
        stream.seek(0)
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            digest.update(chunk)
    finally:
        if stream is not path:
            stream.close()
        else:
            stream.seek(0, io.SEEK_SET)
    return size, digest


class _Duplicate(Exception):
    """A natural key seen twice in the file."""

    def __init__(self, record: Record, key: str) -> None:
        super().__init__(key)
        self.record, self.key = record, key
        self.shown_key = key.replace('\x1f', ' / ')


def _first_occurrence(shape: Shape, source: Source, limits: dict, duplicate: _Duplicate) -> int | None:
    """Read the file again up to the first record with the duplicate's key (keeping only keys in memory is what
    lets a million-row file fit; naming the first row costs this second pass, on the rare refused file)."""
    for item in shape.read(source, limits):
        if isinstance(item, Record) and item.kind == duplicate.record.kind and _natural_key(item) == duplicate.key:
            return item.row
    return None


# -- classification and writing ----------------------------------------------------------------------------------


def _natural_key(record: Record) -> str | None:
    """The record's natural key as one string (parts joined by U+001F), ``None`` if a part is missing."""
    fields = record.fields
    kind = record.kind
    if kind == 'order':
        parts = (fields.get('number'),)
    elif kind == 'seller':
        parts = (fields.get('gem_seller_id'),)
    elif kind == 'payment':
        parts = (fields.get('order_number'),)
    elif kind == 'bid':
        parts = (_enum_value(fields.get('source')), fields.get('number'))
    else:
        parts = (_enum_value(fields.get('bid_source')), fields.get('bid_number'), fields.get('key'))
    if any(part is None or part == '' for part in parts):
        return None
    return '\x1f'.join(parts)


def _enum_value(value: Any) -> Any:
    return getattr(value, 'value', value)


_KEY_FIELDS = {'seller': 'gem_seller_id', 'bid': 'number', 'bidder': 'key', 'order': 'number',
               'payment': 'order_number'}
#: the kinds whose natural key is one field: the field (``_natural_key`` as one look-up)
_SINGLE_KEYS = {'seller': 'gem_seller_id', 'order': 'number', 'payment': 'order_number'}


@dataclass
class _Pending:
    """One chunk's work for one table: rows to insert, rows to update, audit entries for the updates."""

    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    audit: list[tuple] = field(default_factory=list)


class _Importer:
    """The state of one import: counts, errors, the keys seen, and caches of small reference tables."""

    def __init__(self, connection: sa.Connection, batch_id: int, dry_run: bool) -> None:
        self.connection = connection
        self.batch_id = batch_id
        self.dry_run = dry_run
        self.counts = {kind: {'new': 0, 'changed': 0, 'unchanged': 0, 'rejected': 0} for kind in KINDS}
        self.errors: list[ImportError_] = []
        self.error_count = 0
        self.rows_done = 0
        self.seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self._last_rejected: tuple | None = None
        #: seller GeM id -> sellers.id (``None``: new in this dry run)
        self.sellers: dict[str, int | None] = {}
        #: alias key -> department id (``None``: in the reviewers' queue)
        self.aliases: dict[str, int | None] = {}
        self.alias_counts: Counter[str] = Counter()
        self.new_aliases = 0
        self._alias_keys: dict[str, str] = {}
        #: a table's headers -> their ``SourceLayout`` id
        self.layouts: dict[TableHeaders, int] = {}
        self.new_layouts = 0
        self._inserts = _BulkInserter(connection)

    def nonzero_counts(self) -> dict[str, dict[str, int]]:
        """``{kind: {new, changed, unchanged, rejected}}`` for the kinds the file held."""
        return {kind: dict(counts) for kind, counts in self.counts.items() if any(counts.values())}

    @property
    def valid_count(self) -> int:
        return sum(c['new'] + c['changed'] + c['unchanged'] for c in self.counts.values())

    def run(self, items: Iterable[Record | ImportError_], progress: Callable[[int], None] | None) -> None:
        """Consume the shape's records and errors, one chunk at a time."""
        chunk: list[Record] = []
        done = self.rows_done
        try:
            for item in items:
                done += 1
                if item.__class__ is Record:
                    chunk.append(item)
                    if len(chunk) >= CHUNK_SIZE:
                        self.process(chunk)
                        chunk = []
                        if progress:
                            progress(done)
                else:
                    self.reject(item)
        finally:
            self.rows_done = done  # also for a file refused part-way: the rows read
        if chunk:
            self.process(chunk)
        self._inserts.finish()
        self.write_alias_counts()
        if progress:
            progress(self.rows_done)

    def reject(self, error: ImportError_) -> None:
        """Keep a row error; count the row as rejected once, however many errors it has."""
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append(error)
        where = (error.kind, error.file, error.row)
        if where != self._last_rejected or error.row is None:
            self._last_rejected = where
            if error.kind in self.counts:
                self.counts[error.kind]['rejected'] += 1

    def process(self, chunk: list[Record]) -> None:
        """Check, classify and write one chunk, kind by kind in dependency order."""
        by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        checked: dict[str, frozenset[str]] = {}
        for record in chunk:
            kind, fields = record.kind, record.fields
            if fields.keys() != checked.get(kind):  # the fields the previous record of its kind had: checked
                self._check_fields(record)
                checked[kind] = frozenset(fields)
            key_field = _SINGLE_KEYS.get(kind)
            key = fields.get(key_field) if key_field else _natural_key(record)
            if not key:
                self.reject(ImportError_(kind, record.file, record.row, _KEY_FIELDS[kind], None,
                                         _l('The row has no %(field)s.', field=_KEY_FIELDS[kind])))
                continue
            seen = self.seen[kind]
            if key in seen:
                raise _Duplicate(record, key)
            seen.add(key)
            by_kind[kind].append(record)
        for kind in KINDS:
            if by_kind[kind]:
                getattr(self, f'_process_{kind}')(by_kind[kind])

    def _check_fields(self, record: Record) -> None:
        """Refuse a record carrying a field that is neither a column nor a reference (a bug in the shape)."""
        allowed = set(_TABLES[record.kind].c.keys()) | _REFERENCES.get(record.kind, set())
        if record.kind == 'payment':
            allowed = _PAYMENT_FIELDS | {'order_number', 'raw'}
        unknown = set(record.fields) - allowed
        if unknown:
            raise ValueError(f'{record.kind} record with unknown fields: {sorted(unknown)}')

    # -- kinds --------------------------------------------------------------------------------------------------

    def _process_seller(self, records: list[Record]) -> None:
        existing = self._existing(_SELLERS, _SELLERS.c.gem_seller_id, [r.fields['gem_seller_id'] for r in records])
        self._classify('seller', _SELLERS, [(r, r.fields['gem_seller_id'], r.fields) for r in records], existing)
        gem_ids = [r.fields['gem_seller_id'] for r in records]
        if self.dry_run:
            self.sellers.update({gem_id: existing[gem_id].id if gem_id in existing else None for gem_id in gem_ids})
        else:
            self.sellers.update(self._select_sellers(gem_ids))

    def _process_bid(self, records: list[Record]) -> None:
        self._link_departments(records)
        existing = self._existing(_BIDS, _BIDS.c.number, [r.fields['number'] for r in records],
                                  key=lambda row: f'{row.source.value}\x1f{row.number}')
        items = [(r, f"{_enum_value(r.fields['source'])}\x1f{r.fields['number']}", r.fields) for r in records]
        self._classify('bid', _BIDS, items, existing)
        if not self.dry_run:
            self._link_waiting_orders([r.fields['number'] for r in records
                                       if _enum_value(r.fields['source']) == BidSource.gem.value])

    def _link_waiting_orders(self, numbers: list[str]) -> None:
        """Orders imported before their GeM bid keep only its number: link them now that the bid is in."""
        bid_id = sa.select(_BIDS.c.id).where(_BIDS.c.source == BidSource.gem.value,
                                             _BIDS.c.number == _ORDERS.c.bid_number).scalar_subquery()
        linked = 0
        for among in self._among(_ORDERS.c.bid_number, sorted(set(numbers))):
            linked += self.connection.execute(sa.update(_ORDERS).where(
                _ORDERS.c.bid_id.is_(None), among).values(bid_id=bid_id)).rowcount
        if linked:
            append_entries(db.session, [(AuditAction.update, _ORDERS.name, f'batch:{self.batch_id}',
                                         {'bid_id': [None, 'linked to the bids of this import'],
                                          'rows': [None, linked]})])

    def _process_bidder(self, records: list[Record]) -> None:
        bids = self._bid_ids({(_enum_value(r.fields['bid_source']), r.fields['bid_number']) for r in records})
        self._link_sellers(records, name_field='name')
        items = []
        for record in records:
            fields = record.fields
            bid_key = (_enum_value(fields.pop('bid_source')), fields.pop('bid_number'))
            bid_id = bids.get(bid_key)
            if bid_id is None and '\x1f'.join(bid_key) not in self.seen['bid']:
                self.reject(ImportError_('bidder', record.file, record.row, 'bid_number', bid_key[1],
                                         _l('The bid "%(number)s" is neither in gemcell nor in this file.',
                                            number=bid_key[1])))
                continue
            fields['bid_id'] = bid_id
            items.append((record, f"{bid_id}\x1f{fields['key']}", fields))
        bid_ids = {fields['bid_id'] for _r, _k, fields in items if fields['bid_id'] is not None}
        existing = self._existing(_BIDDERS, _BIDDERS.c.bid_id, bid_ids,
                                  key=lambda row: f'{row.bid_id}\x1f{row.key}')
        self._classify('bidder', _BIDDERS, items, existing)

    def _process_order(self, records: list[Record]) -> None:
        self._link_departments(records)
        self._link_sellers(records, name_field='seller_name')
        self._link_bids(records)
        existing = self._existing(_ORDERS, _ORDERS.c.number, [r.fields['number'] for r in records])
        self._classify('order', _ORDERS, [(r, r.fields['number'], r.fields) for r in records], existing)

    def _process_payment(self, records: list[Record]) -> None:
        existing = self._existing(_ORDERS, _ORDERS.c.number, [r.fields['order_number'] for r in records])
        items = []
        for record in records:
            number = record.fields.pop('order_number')
            record.fields.pop('raw', None)  # the order keeps the record it came from
            if number not in existing and not (self.dry_run and number in self.seen['order']):
                self.reject(ImportError_('payment', record.file, record.row, 'order_number', number,
                                         _l('The order "%(number)s" is not in gemcell.', number=number)))
                continue
            items.append((record, number, record.fields))
        self._classify('payment', _ORDERS, items, existing, insert=False)

    # -- references ---------------------------------------------------------------------------------------------

    def _link_departments(self, records: list[Record]) -> None:
        """Set ``buyer_department_key`` and ``buyer_department_id`` from ``buyer_department_raw`` through the
        aliases; an unknown name becomes an unmapped alias (the reviewers' queue) and never blocks the record.
        One pass; the records with a name not seen yet get their department once it is looked up."""
        keys = self._alias_keys
        counts = self.alias_counts
        known = self.aliases
        wanted: dict[str, str] = {}
        unknown: list[dict] = []
        for record in records:
            fields = record.fields
            if 'buyer_department_raw' not in fields:
                continue
            raw = fields['buyer_department_raw']
            key = keys.get(raw) if raw else None
            if raw and key is None:
                key = alias_key(raw) or None
                if len(keys) < 100_000:
                    keys[raw] = key
            fields['buyer_department_key'] = key
            if key is None:
                fields['buyer_department_id'] = None
                continue
            counts[key] += 1
            if key in known:
                fields['buyer_department_id'] = known[key]
            else:
                wanted.setdefault(key, raw)
                fields['buyer_department_id'] = None  # its place among the fields; set below
                unknown.append(fields)
        if wanted:
            self._load_aliases(wanted)
            for fields in unknown:
                fields['buyer_department_id'] = known[fields['buyer_department_key']]

    def _load_aliases(self, wanted: dict[str, str]) -> None:
        """Look up unknown alias keys; create the missing ones, unmapped."""
        for among in self._among(_ALIASES.c.key, list(wanted)):
            for key, department_id in self.connection.execute(
                    sa.select(_ALIASES.c.key, _ALIASES.c.department_id).where(among)):
                self.aliases[key] = department_id
        missing = [key for key in wanted if key not in self.aliases]
        for key in missing:
            self.aliases[key] = None
        self.new_aliases += len(missing)
        if missing and not self.dry_run:
            now = utcnow()
            self._inserts.insert(_ALIASES, [
                {'key': key, 'name': wanted[key][:500], 'department_id': None, 'seen_count': 0,
                 'created_dt': now, 'modified_dt': now} for key in missing])

    def write_alias_counts(self) -> None:
        """Record how many records of this import carried each name."""
        if self.dry_run or not self.alias_counts:
            return
        statement = sa.update(_ALIASES).where(_ALIASES.c.key == sa.bindparam('alias_key'),
                                              _ALIASES.c.seen_count != sa.bindparam('count'))
        self.connection.execute(statement, [{'alias_key': key, 'count': count, 'seen_count': count}
                                            for key, count in self.alias_counts.items()])

    def _link_sellers(self, records: list[Record], name_field: str) -> None:
        """Resolve ``seller_gem_id`` to ``seller_id``, creating a minimal seller (id and name) when unknown. One
        pass; the records of sellers not seen yet get their id once they are looked up (or made)."""
        sellers = self.sellers
        wanted: dict[str, str | None] = {}
        unknown: list[tuple[dict, str]] = []
        for record in records:
            fields = record.fields
            if 'seller_gem_id' not in fields:
                continue
            gem_id = fields.pop('seller_gem_id')
            if not gem_id:
                fields['seller_id'] = None
            elif gem_id in sellers:
                fields['seller_id'] = sellers[gem_id]
            else:
                wanted.setdefault(gem_id, fields.get(name_field))
                fields['seller_id'] = None  # its place among the fields; set below
                unknown.append((fields, gem_id))
        if wanted:
            self._load_sellers(wanted)
            for fields, gem_id in unknown:
                fields['seller_id'] = sellers.get(gem_id)

    def _load_sellers(self, wanted: dict[str, str | None]) -> None:
        self.sellers.update(self._select_sellers(wanted))
        missing = [gem_id for gem_id in wanted if gem_id not in self.sellers]
        if not missing:
            return
        self.counts['seller']['new'] += len(missing)
        if self.dry_run:
            self.sellers.update(dict.fromkeys(missing))
            return
        now = _timestamp_literal(utcnow())  # as for the orders: one SQL literal, not a conversion per row
        self._inserts.insert(_SELLERS, [
            {'gem_seller_id': gem_id, 'name': (wanted[gem_id] or gem_id)[:300], 'import_batch_id': self.batch_id,
             'raw': {'seller_gem_id': gem_id, 'seller_name': wanted[gem_id]}} for gem_id in missing],
            created_dt=now, modified_dt=now)
        self.sellers.update(self._select_sellers(missing))

    def _select_sellers(self, gem_ids: Iterable[str]) -> dict[str, int]:
        found = {}
        for among in self._among(_SELLERS.c.gem_seller_id, list(gem_ids)):
            found.update(self.connection.execute(
                sa.select(_SELLERS.c.gem_seller_id, _SELLERS.c.id).where(among)).all())
        return found

    def _link_bids(self, records: list[Record]) -> None:
        """Link an order to its GeM bid when that bid is in gemcell."""
        numbers = {r.fields['bid_number'] for r in records if r.fields.get('bid_number')}
        if not numbers:
            return
        gem = BidSource.gem.value
        bids = {number: bid_id for (source, number), bid_id in self._bid_ids({(gem, n) for n in numbers}).items()
                if source == gem}
        for record in records:
            fields = record.fields
            if 'bid_number' in fields:
                fields['bid_id'] = bids.get(fields['bid_number'])

    def _bid_ids(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        found = {}
        for among in self._among(_BIDS.c.number, sorted({number for _source, number in keys})):
            for source, number, bid_id in self.connection.execute(
                    sa.select(_BIDS.c.source, _BIDS.c.number, _BIDS.c.id).where(among)):
                found[(source.value, number)] = bid_id
        return found

    # -- the database -------------------------------------------------------------------------------------------

    def _existing(self, table: sa.Table, column: sa.Column, values: Iterable[Any],
                  key: Callable[[Any], str] | None = None) -> dict[str, Any]:
        """The stored rows whose ``column`` is in ``values``, by natural key (``raw`` is not loaded)."""
        columns = [c for c in table.c if c.name != 'raw']
        found = {}
        for among in self._among(column, list(values)):
            for row in self.connection.execute(sa.select(*columns).where(among)):
                found[key(row) if key else row._mapping[column.name]] = row
        return found

    def _among(self, column: sa.Column, values: list[Any]) -> Iterator[sa.ColumnElement]:
        """``column IN values`` as the conditions of as few statements as the database takes. SQLite: one, the values
        one JSON parameter that ``json_each`` reads (a statement compiled once; an expanding ``IN`` renders a
        parameter per value for every chunk, the cost of a large import's look-ups). Elsewhere: per 2,000 values."""
        if self.connection.dialect.name != 'sqlite':
            yield from (column.in_(chunk) for chunk in _in_chunks(values))
        elif values:
            listed = sa.func.json_each(sa.bindparam('values', json.dumps(values), type_=sa.String, unique=True))
            yield column.in_(sa.select(listed.table_valued('value').c.value))

    def _classify(self, kind: str, table: sa.Table, items: list[tuple[Record, str, dict]],
                  existing: dict[str, Any], insert: bool = True) -> None:
        """Count each record as new, changed or unchanged and write the chunk (not in a dry run)."""
        counts = self.counts[kind]
        pending = _Pending()
        skip = _audit_skipped(table)
        now = utcnow()
        for record, key, fields in items:
            row = existing.get(key)
            if row is None:
                counts['new'] += 1
                if insert:
                    fields['import_batch_id'] = self.batch_id
                    pending.inserts.append(fields)
                continue
            stored = row._mapping
            diff = {name: (stored[name], value) for name, value in fields.items()
                    if name not in _BOOKKEEPING and stored[name] != value}
            if not diff:
                counts['unchanged'] += 1
                continue
            counts['changed'] += 1
            values = {name: new for name, (_old, new) in diff.items()}
            values.update(_row_id=stored['id'], import_batch_id=self.batch_id, modified_dt=now)
            if 'raw' in fields:
                values['raw'] = fields['raw']
            pending.updates.append(values)
            changes = {name: [old, new] for name, (old, new) in diff.items() if name not in skip}
            if changes:
                pending.audit.append((AuditAction.update, table.name, str(stored['id']), changes))
        if not self.dry_run:
            self._write(table, pending)

    def _write(self, table: sa.Table, pending: _Pending) -> None:
        """INSERT and UPDATE executemany, one statement per set of columns."""
        if 'raw' in table.c:
            self._refer_to_layouts(pending.inserts)
            self._refer_to_layouts(pending.updates)
        if pending.inserts:
            now = _timestamp_literal(utcnow())  # one SQL literal, not a datetime converted for every row
            self._inserts.insert(table, pending.inserts, created_dt=now, modified_dt=now)
        statement = sa.update(table).where(table.c.id == sa.bindparam('_row_id'))
        for rows in _same_columns(pending.updates):
            self.connection.execute(statement, rows)
        if pending.audit:
            append_entries(db.session, pending.audit)

    def _refer_to_layouts(self, rows: list[dict]) -> None:
        """In each row whose ``raw`` is a table's row (``[TableHeaders, value, …]``), replace the headers by the id of
        their ``SourceLayout``, in place."""
        layouts = self.layouts
        for row in rows:
            raw = row.get('raw')
            if raw.__class__ is list and raw and raw[0].__class__ is TableHeaders:
                headers = raw[0]
                raw[0] = layouts[headers] if headers in layouts else self._layout_id(headers)

    def _layout_id(self, headers: TableHeaders) -> int:
        """The id of the layout of ``headers``, stored now if no file had them before."""
        digest = layout_digest(headers.names)
        select = sa.select(_LAYOUTS.c.id).where(_LAYOUTS.c.digest == digest)
        layout_id = self.connection.execute(select).scalar()
        if layout_id is None:
            # another import may store the same headers meanwhile (PostgreSQL): keep theirs
            insert = _DIALECT_INSERTS[self.connection.dialect.name](_LAYOUTS).on_conflict_do_nothing(
                index_elements=['digest']).returning(_LAYOUTS.c.id)
            layout_id = self.connection.execute(insert.values(
                digest=digest, headers=list(headers.names), created_dt=utcnow())).scalar()
            if layout_id is None:
                layout_id = self.connection.execute(select).scalar_one()
            else:
                self.new_layouts += 1
        self.layouts[headers] = layout_id
        return layout_id

    def write_batch_entry(self, batch_id: int) -> None:
        """One audit entry for everything this import added."""
        changes = {kind: [None, counts['new']] for kind, counts in self.counts.items() if counts['new']}
        if self.new_aliases:
            changes['department_alias'] = [None, self.new_aliases]
        if self.new_layouts:
            changes['source_layout'] = [None, self.new_layouts]
        if changes:
            append_entries(db.session, [(AuditAction.insert, ImportBatch.__tablename__, str(batch_id), changes)])


#: ``INSERT … ON CONFLICT DO NOTHING`` by dialect
_DIALECT_INSERTS = {'sqlite': sqlite_insert, 'postgresql': postgresql_insert}

_Plan = tuple[str, tuple[str, ...], list[tuple[int, Callable[[Any], Any]]]]


class _BulkInserter:
    """INSERT executemany of many rows, converting each value as SQLAlchemy would, at a fraction of the cost.

    Why: through Core, an executemany of a chunk runs SQLAlchemy's per-row parameter machinery (``construct_params``
    and a dict of bind processors for every row), which costs about as much as SQLite's own executemany. On SQLite
    this compiles the statement once per table and set of columns, looks up each column's bind processor once
    (the very function Core would call: ``UTCDateTime``, ``Numeric``, ``JSON``, enums), builds plain tuples in the
    compiled parameter order and hands them to ``exec_driver_sql`` on the same connection, hence in the same
    transaction and savepoint, with the same events. Other databases keep Core's executemany: on PostgreSQL its
    batched "insertmanyvalues" is already the fast way, and the benchmark's target is SQLite.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.fast = connection.dialect.name == 'sqlite'
        #: SQLite: how many parameters a statement may have (999 before SQLite 3.32, 32,766 since, or as built)
        self.max_parameters = 999
        if self.fast and (getlimit := getattr(connection.connection.dbapi_connection, 'getlimit', None)):
            self.max_parameters = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        #: (table, column keys, literal columns) -> plan, or ``None``: use Core
        self._plans: dict[tuple, _Plan | None] = {}
        #: table -> ``_null_by_default``
        self._nulls: dict[str, frozenset[str]] = {}
        self._inserted: Counter[str] = Counter()
        self._held: dict[str, int] = {}
        #: table -> the CREATE INDEX statements of the indexes dropped until ``finish``
        self._deferred: dict[str, list[str]] = {}

    def insert(self, table: sa.Table, rows: list[dict], **literals: Any) -> None:
        """Insert ``rows`` (dicts keyed by column) into ``table``; ``literals``: SQL values common to every row."""
        if self.fast and DEFER_INDEXES_AFTER:
            self._defer_indexes(table, len(rows))
        statement = sa.insert(table).values(**literals) if literals else sa.insert(table)
        for group in _same_columns(rows):
            plan = None
            if self.fast and group[0]:
                columns = dict(zip(group[0], zip(*map(dict.values, group))))
                null = self._null_by_default(table)
                keys = tuple(key for key, cells in columns.items()  # a column NULL in every row is left to SQLite
                             if not (cells[0] is None and key in null and cells.count(None) == len(cells)))
                plan = self._plan(statement, table, keys, tuple(literals)) if keys else None
            if plan is None:
                self.connection.execute(statement, group)
            else:
                sql, order, converters = plan
                self._execute_rows(sql, _parameter_rows(columns, order, converters))

    def _null_by_default(self, table: sa.Table) -> frozenset[str]:
        """The columns of ``table`` that an INSERT leaving them out fills with NULL, as it would store ``None``
        (no default, and a ``None`` bound as NULL: not a JSON column's ``null``)."""
        if table.name not in self._nulls:
            dialect = self.connection.dialect
            self._nulls[table.name] = frozenset(
                column.key for column in table.c
                if column.default is None and column.server_default is None
                and ((processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is None
                     or processor(None) is None))
        return self._nulls[table.name]

    def _execute_rows(self, sql: str, rows: list[tuple]) -> None:
        """Execute the one-row INSERT ``sql`` for each of ``rows``, ``ROWS_PER_INSERT`` rows to a statement (its
        ``VALUES`` group repeated): SQLite prepares and steps each statement once for its rows, not once a row."""
        many = max(1, min(ROWS_PER_INSERT, self.max_parameters // len(rows[0])))
        whole = len(rows) - len(rows) % many
        if whole:
            head, values, tail = sql.partition(' VALUES ')
            if not (values and tail.startswith('(') and tail.endswith(')')):  # not the plain INSERT compiled
                self.connection.exec_driver_sql(sql, rows)
                return
            flat = itertools.chain.from_iterable
            self.connection.exec_driver_sql(f'{head} VALUES {", ".join([tail] * many)}',
                                            [tuple(flat(rows[start:start + many])) for start in range(0, whole, many)])
        if whole < len(rows):
            self.connection.exec_driver_sql(sql, rows[whole:])

    def _defer_indexes(self, table: sa.Table, count: int) -> None:
        """SQLite: once an import has added ``DEFER_INDEXES_AFTER`` rows to a table, and more than it held, drop the
        table's secondary indexes; ``finish`` builds them again, with the same SQL, in the same transaction."""
        name = table.name
        if name in self._deferred:
            return
        if name not in self._held:
            self._held[name] = self.connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        self._inserted[name] += count
        if self._inserted[name] < max(DEFER_INDEXES_AFTER, self._held[name]):
            return
        indexes = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (name,)).all()
        for index, _sql in indexes:
            self.connection.exec_driver_sql(f'DROP INDEX "{index}"')
        self._deferred[name] = [sql for _index, sql in indexes]

    def finish(self) -> None:
        """Build the indexes dropped for the bulk load, with a page cache of ``SORT_CACHE_KIB``: SQLite sorts each
        index's keys in runs of that size, merged from temporary files, and the import's peak memory grows by no
        more than a run for each of the ``SORT_THREADS`` threads that sort them.
        """
        if not self._deferred:
            return
        execute = self.connection.exec_driver_sql
        previous = execute('PRAGMA cache_size').scalar(), execute('PRAGMA threads').scalar()
        execute(f'PRAGMA cache_size = -{SORT_CACHE_KIB}')
        execute(f'PRAGMA threads = {SORT_THREADS}')
        try:
            for statements in self._deferred.values():
                for sql in statements:
                    execute(sql)
        finally:
            execute(f'PRAGMA cache_size = {int(previous[0])}')
            execute(f'PRAGMA threads = {int(previous[1])}')
        self._deferred.clear()

    def _plan(self, statement: sa.Insert, table: sa.Table, keys: tuple[str, ...],
              literals: tuple[str, ...]) -> _Plan | None:
        """The positional SQL, its parameter names in order and, by position, the bind processors there are."""
        signature = (table.name, keys, literals)
        if signature not in self._plans:
            dialect = self.connection.dialect
            compiled = statement.compile(dialect=dialect, column_keys=list(keys))
            order = tuple(compiled.positiontup or ())
            if not compiled.positional or sorted(order) != sorted(keys):
                self._plans[signature] = None  # parameters we cannot map back to columns: let Core do it
            else:
                converters = [(position, _faster(table.c[name].type, processor, dialect))
                              for position, name in enumerate(order)
                              if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))]
                self._plans[signature] = (str(compiled), order, converters)
        return self._plans[signature]


_SAMPLE_MOMENTS = (datetime(2026, 1, 8, 9, 19, tzinfo=timezone.utc), datetime(1999, 12, 31, 23, 59, 59, 999_999,
                                                                               tzinfo=timezone.utc),
                   datetime(2026, 1, 8, 14, 49, tzinfo=timezone(timedelta(hours=5, minutes=30))), None)
#: what a ``JSON`` column may be given: a table's row, the engine's own records, what JSON sources hold
_SAMPLE_DOCUMENTS = ([7, 'GEMC-511687789665064', '', 'चिकित्सा "स्वास्थ्य"\n', None, 4200, 2499.96, True],
                     {'संविदा संख्या / Contract number': 'GEMC-511687789665064', 'seller_name': None,
                      'nested': {'list': [1, 2.5, False, 'x\\y']}, 'value': 1e-07}, [], {}, None, 'text')
_UTC = timezone.utc


def _utc_text(value: datetime | None) -> str | None:
    """A ``UTCDateTime`` as SQLAlchemy's SQLite dialect stores it, in C calls rather than Python formatting (the
    parsers' datetimes are in UTC already: their text but the offset)."""
    if value is None:
        return None
    if value.tzinfo is _UTC:
        return value.isoformat(' ', 'microseconds')[:-6]
    if value.tzinfo is None:
        raise ValueError('naive datetime given for a UTC column')
    return value.astimezone(_UTC).replace(tzinfo=None).isoformat(' ', 'microseconds')


class _EnumValues(dict):
    """An ``Enum`` column's bind processor as a look-up: each member (and ``None``) is converted once; anything else
    goes to the processor, which refuses what is not a value."""

    def __init__(self, column_type: sa.Enum, processor: Callable[[Any], Any]) -> None:
        super().__init__({value: processor(value) for value in (*column_type.enum_class, None)})
        self.processor = processor

    def __missing__(self, value: Any) -> Any:
        return self.processor(value)


def _json_text(serializer: Callable[[Any], str]) -> Callable[[Any], str] | None:
    """The ``JSON`` columns' serializer as one reusable C encoder of the standard library's ``json`` (``encode``
    builds a new one for every value: a third of the cost of a table row's ``raw``), if it is one: a
    ``JSONEncoder``'s bound ``encode`` without indent, whose encoder the C module can make."""
    settings = getattr(serializer, '__self__', None)
    if not isinstance(settings, json.JSONEncoder) or serializer.__func__ is not json.JSONEncoder.encode \
            or settings.indent is not None or json_encoder.c_make_encoder is None:
        return None
    encode_string = json_encoder.encode_basestring_ascii if settings.ensure_ascii else json_encoder.encode_basestring
    make = json_encoder.c_make_encoder(
        {} if settings.check_circular else None, settings.default, encode_string, None, settings.key_separator,
        settings.item_separator, settings.sort_keys, settings.skipkeys, settings.allow_nan)

    def json_text(value: Any) -> str:
        return 'null' if value is None else ''.join(make(value, 0))
    return json_text


def _faster(column_type: Any, processor: Callable[[Any], Any], dialect: sa.Dialect) -> Callable[[Any], Any]:
    """The bind processor, or an equivalent that costs less per value (a million-row import converts a million
    times), used only if it gives what the processor gives for samples: ``UTCDateTime`` on SQLite as text made in C
    calls, an ``Enum`` as a look-up, ``JSON`` through a reusable C encoder."""
    if isinstance(column_type, UTCDateTime):
        faster, samples = _utc_text, _SAMPLE_MOMENTS
    elif isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        faster, samples = _EnumValues(column_type, processor).__getitem__, (*column_type.enum_class, None)
    elif isinstance(column_type, sa.JSON) and (json_text := _json_text(dialect._json_serializer or json.dumps)):
        faster, samples = json_text, _SAMPLE_DOCUMENTS
    else:
        return processor
    return faster if all(faster(sample) == processor(sample) for sample in samples) else processor


def _parameter_rows(columns: dict[str, Sequence[Any]], order: tuple[str, ...],
                    converters: list[tuple[int, Callable[[Any], Any]]]) -> list[tuple]:
    """The rows of ``columns`` (each column's values, row by row), their values in ``order``, passed through the
    bind processors (``None`` included, as Core does): each column converted in one pass, then zipped into rows.
    """
    picked = [columns[name] for name in order]
    for index, processor in converters:
        picked[index] = list(map(processor, picked[index]))
    return list(zip(*picked))


def _timestamp_literal(moment: datetime) -> sa.ColumnElement:
    """A UTC time as an SQL literal in the form both SQLite (SQLAlchemy's storage format) and PostgreSQL read."""
    return sa.literal_column(f"'{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S.%f}'")


def _audit_skipped(table: sa.Table) -> set[str]:
    return {column.name for column in table.c if column.info.get('audit') == 'skip'}


def _same_columns(rows: list[dict]) -> Iterator[list[dict]]:
    """Group rows by their keys, in order (an executemany needs the same columns in every row)."""
    if len(set(map(tuple, rows))) <= 1:  # as a shape's rows mostly are: no group to make
        return iter([rows] if rows else [])
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return iter(groups.values())


def _in_chunks(values: list[Any], size: int = 2000) -> Iterator[list[Any]]:
    """Slices small enough for an ``IN (…)`` on every database (SQLite allows 32,766 parameters)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
