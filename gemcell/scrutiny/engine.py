"""The engine: runs the registry's rules over bids, orders and groups of orders, and keeps the findings in step.

A run reads in chunks with Core (plain rows, not ORM objects: it must get through 200,000 bids and a million
orders), builds each rule's facts, and reconciles what the rules produced with the live findings of the same
objects: a new cause is a new finding; the same cause (same evidence digest) changes nothing; changed evidence
updates an open finding, and supersedes a reviewed one with a new open finding; a cause that disappeared supersedes
its finding. Nothing is deleted. Splitting is recomputed for the buyer-office/category groups the run touches.

Scopes: ``all`` (everything), ``pending`` (what changed since the last ``all``/``pending`` run) and ``import``
(what one import batch added or changed). The caller commits.
"""
import hashlib
import json
import logging
import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa

from gemcell.core.audit import AuditAction, append_entries
from gemcell.core.db import sqlite_cache, utcnow
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder, BidSource, Order, Seller
from gemcell.scrutiny.models import Finding, FindingState, ScrutinyRun
from gemcell.scrutiny.rules import REGISTRY, BidderFacts, BidFacts, Hit, OrderFacts, Rule, rules_on
from gemcell.scrutiny.rules.category import bid_form, normalise_category
from gemcell.scrutiny.rules.sanctions import load_sanctions
from gemcell.scrutiny.rules.splitting import SPLITTABLE, group_key, group_of
from gemcell.scrutiny.settings import Settings

logger = logging.getLogger(__name__)

CHUNK = 2000
_BIDS = Bid.__table__
_BIDDERS = Bidder.__table__
_ORDERS = Order.__table__
_FINDINGS = Finding.__table__
_BID_COLUMNS = [_BIDS.c[name] for name in BidFacts.COLUMNS]
_BIDDER_COLUMNS = [_BIDDERS.c.bid_id, _BIDDERS.c.id, _BIDDERS.c.key, _BIDDERS.c.name, _BIDDERS.c.state,
                   _BIDDERS.c.status_raw, _BIDDERS.c.reason, _BIDDERS.c.financial_value, _BIDDERS.c.rank,
                   _BIDDERS.c.is_awarded, Seller.__table__.c.is_mse, Seller.__table__.c.is_startup,
                   _BIDDERS.c.seller_id]
_ORDER_COLUMNS = [_ORDERS.c[name] for name in OrderFacts.COLUMNS]
_LIVE = _FINDINGS.c.state != FindingState.superseded.value
#: an advisory lock's key on PostgreSQL: one run at a time (on SQLite the run's first write serialises them)
_LOCK_KEY = 4_361_001


@dataclass
class _Produced:
    rule: Rule
    hit: Hit
    bid_id: int | None
    order_id: int | None
    department_id: int | None
    judged_date: object
    evidence: dict = field(default_factory=dict)
    fingerprint: str = ''


@dataclass
class _Counts:
    bids: int = 0
    orders: int = 0
    groups: int = 0
    new: int = 0
    updated: int = 0
    superseded: int = 0
    unchanged: int = 0
    errors: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def add(self, other: '_Counts') -> None:
        for name, value in other.__dict__.items():
            setattr(self, name, getattr(self, name) + value)


def fingerprint(rule: Rule, evidence: dict) -> str:
    return _serialised(rule, evidence)[1]


def _serialised(rule: Rule, evidence: dict) -> tuple[str, str]:
    """The evidence as JSON text and its fingerprint, from one serialisation (the digest is of the same text
    ``json.dumps([severity, evidence], sort_keys=True, …)`` gives)."""
    text = json.dumps(evidence, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(f'[{json.dumps(rule.severity.value)}, {text}]'.encode()).hexdigest()
    return text, digest


#: a full run scrutinises the orders in a second process (the bids in this one) from this many orders on
PARALLEL_MIN_ORDERS = 50_000


def scrutinise(scope: str = 'pending', *, batch_id: int | None = None, user=None,
               settings: Settings | None = None, parallel: bool | None = None) -> ScrutinyRun:
    """Run the rules over ``scope`` (``all``, ``pending`` or ``import`` with ``batch_id``); return the run.

    ``parallel``: in a full run, scrutinise the orders and their splitting groups in a second process while this one
    does the bids, and then share the bids that are left between the two (``None``: when there are at least
    ``PARALLEL_MIN_ORDERS`` orders and the database is a server or a file). The second process only reads; this one
    writes what it found.
    """
    if scope not in ('all', 'pending', 'import') or (scope == 'import') != (batch_id is not None):
        raise ValueError(f'bad scope {scope!r} / batch {batch_id!r}')
    session = db.session
    run = ScrutinyRun(scope=scope, import_batch_id=batch_id, created_by_id=getattr(user, 'id', None))
    session.add(run)
    session.flush()  # the run's row is the first write: on SQLite it takes the database's write lock
    connection = session.connection()
    if connection.dialect.name == 'postgresql':
        connection.execute(sa.text('SELECT pg_advisory_xact_lock(:key)'), {'key': _LOCK_KEY})
    settings = settings or Settings.load(session)
    settings.catalogue = load_catalogue(connection)
    settings.sanctions = load_sanctions(connection)
    engine = _Engine(connection, settings, utcnow())
    with sqlite_cache(connection):  # the findings' indexes and the chunks' pages: not the default 2 MB
        if scope == 'all':
            if _parallel(connection, parallel):
                # the bids' chunks are shared: the second process takes them too once its orders are done
                chunks = _SharedChunks(list(engine._id_ranges(_BIDS)))
                child = _OrdersProcess.start(connection, settings, engine.now, chunks)
                engine.run_bid_chunks(chunks)
                engine.apply(*child.result())
            else:
                engine.run_bids(None)
                engine.run_groups(None, groups=engine.run_orders(None, collect=True))
        else:
            bid_ids, order_ids = _changed(connection, scope, batch_id, run.id)
            engine.run_bids(sorted(bid_ids))
            engine.run_orders(sorted(order_ids))
            engine.run_groups(*_groups_of(connection, order_ids))
        if scope == 'import':  # the batch's findings only; a later pending or full run follows the rest
            _follow_departments(connection, sorted(bid_ids), sorted(order_ids))
        else:
            _follow_departments(connection)
    run.counts = engine.counts.as_dict()
    run.finished_dt = utcnow()
    changes = {name: [None, value] for name, value in run.counts.items()
               if name in ('new', 'updated', 'superseded') and value}
    if changes:
        append_entries(session, [(AuditAction.insert, ScrutinyRun.__tablename__, str(run.id), changes)])
    session.flush()
    return run


def _parallel(connection, wanted: bool | None) -> bool:
    url = connection.engine.url
    if url.get_backend_name() == 'sqlite' and url.database in (None, '', ':memory:'):
        return False
    if wanted is not None:
        return wanted
    return connection.execute(sa.select(sa.func.count()).select_from(_ORDERS)).scalar() >= PARALLEL_MIN_ORDERS


class _SharedChunks:
    """The id ranges of the bids, taken one at a time by either process of a full run (a counter in shared memory),
    so that both finish together however long the orders take."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges = ranges
        self.next = multiprocessing.get_context('spawn').Value('l', 0)

    def take(self) -> tuple[int, int] | None:
        with self.next.get_lock():
            index = self.next.value
            if index >= len(self.ranges):
                return None
            self.next.value = index + 1
        return self.ranges[index]


class _OrdersProcess:
    """The orders and splitting groups of a full run, scrutinised in a second process (``spawn``: a fresh
    interpreter with its own database connection, reading what was committed before the run), which then takes
    chunks of bids like this one. It reconciles with the live findings of the order rules — which this run's bid
    phase does not touch — and of its own chunks of bids, and sends back the writes."""

    def __init__(self, process, receiver):
        self.process = process
        self.receiver = receiver

    @classmethod
    def start(cls, connection, settings: Settings, now: datetime, chunks: _SharedChunks) -> '_OrdersProcess':
        context = multiprocessing.get_context('spawn')
        receiver, sender = context.Pipe(duplex=False)
        url = connection.engine.url.render_as_string(hide_password=False)
        process = context.Process(target=_scrutinise_orders, args=(url, settings, now, chunks, sender), daemon=True)
        process.start()
        sender.close()
        return cls(process, receiver)

    def result(self) -> tuple[list, '_Counts']:
        try:
            outcome, payload = self.receiver.recv()
        except EOFError:
            outcome, payload = 'error', 'the orders process ended without a result'
        finally:
            self.receiver.close()
            self.process.join()
        if outcome == 'error':
            raise RuntimeError(f'scrutiny of the orders failed: {payload}')
        return payload


def _scrutinise_orders(url: str, settings: Settings, now: datetime, chunks: _SharedChunks, sender) -> None:
    """In the second process: scrutinise every order and splitting group, then the chunks of bids still untaken;
    send the writes, or the error."""
    import traceback
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection, sqlite_cache(connection):
            orders = _Engine(connection, settings, now, deferred=[])
            orders.run_groups(None, groups=orders.run_orders(None, collect=True))
            orders.run_bid_chunks(chunks)
            connection.rollback()
        sender.send(('ok', (orders.deferred, orders.counts)))
    except BaseException:
        sender.send(('error', traceback.format_exc()))
    finally:
        sender.close()
        engine.dispose()


def load_catalogue(connection) -> frozenset[str]:
    """The normalised names of the categories GeM bids in the data were placed in as regular category bids."""
    rows = connection.execute(sa.select(_BIDS.c.category_name, _BIDS.c.category_id, _BIDS.c.is_boq,
                                        _BIDS.c.is_custom_item)
                              .where(_BIDS.c.source == BidSource.gem.value, _BIDS.c.category_name.is_not(None))
                              .distinct())
    names = set()
    for name, category_id, is_boq, is_custom in rows:
        probe = BidFacts(0, BidSource.gem, '', category_id=category_id, is_boq=is_boq, is_custom_item=is_custom)
        if bid_form(probe) == 'category':  # the whole name, and its parts when it lists several categories
            names.add(normalise_category(name))
            names.update(normalise_category(part) for part in name.split(','))
    names.discard('')
    return frozenset(names)


def _changed(connection, scope: str, batch_id: int | None, run_id: int) -> tuple[set[int], set[int]]:
    """The bids (directly or through their bidders) and orders that the batch wrote, or that changed since the
    last complete run."""
    if scope == 'import':
        bids = _BIDS.c.import_batch_id == batch_id
        bidders = _BIDDERS.c.import_batch_id == batch_id
        orders = _ORDERS.c.import_batch_id == batch_id
    else:
        runs = ScrutinyRun.__table__
        since = connection.execute(sa.select(sa.func.max(runs.c.started_dt)).where(
            runs.c.scope.in_(('all', 'pending')), runs.c.finished_dt.is_not(None), runs.c.id != run_id)).scalar()
        if since is None:
            bids = bidders = orders = sa.true()
        else:
            bids = _BIDS.c.modified_dt >= since
            bidders = _BIDDERS.c.modified_dt >= since
            orders = _ORDERS.c.modified_dt >= since
    bid_ids = set(connection.execute(sa.select(_BIDS.c.id).where(bids)).scalars())
    bid_ids.update(connection.execute(sa.select(_BIDDERS.c.bid_id).where(bidders).distinct()).scalars())
    order_ids = set(connection.execute(sa.select(_ORDERS.c.id).where(orders)).scalars())
    return bid_ids, order_ids


def _groups_of(connection, order_ids: set[int]) -> tuple[set[str], sa.ColumnElement | None]:
    """The splitting groups of the orders ``order_ids``, and a condition that narrows the orders to read for them
    (their offices and departments; ``None`` when some group cannot be narrowed so)."""
    keys, office_ids, department_keys, narrow = set(), set(), set(), True
    for chunk in _chunks(sorted(order_ids)):
        for row in connection.execute(sa.select(*_ORDER_COLUMNS).where(_ORDERS.c.id.in_(chunk))):
            order = OrderFacts(*row)
            key = group_key(order)
            if not key:
                continue
            keys.add(key)
            if order.office_id:
                office_ids.add(order.office_id)
            elif order.buyer_department_key:
                department_keys.add(order.buyer_department_key)
            else:
                narrow = False
    if not narrow:
        return keys, None
    return keys, sa.or_(_ORDERS.c.office_id.in_(sorted(office_ids)),
                        _ORDERS.c.buyer_department_key.in_(sorted(department_keys)))


def _follow_departments(connection, bid_ids: list[int] | None = None, order_ids: list[int] | None = None):
    """A finding belongs to its bid's (or order's) department, which a reviewer may map after the finding.

    With ``bid_ids`` / ``order_ids``, only those objects' findings (one import's run: not a scan of every finding).
    """
    bid_department = sa.select(_BIDS.c.buyer_department_id).where(_BIDS.c.id == _FINDINGS.c.bid_id) \
        .scalar_subquery()
    order_department = sa.select(_ORDERS.c.buyer_department_id).where(_ORDERS.c.id == _FINDINGS.c.order_id) \
        .scalar_subquery()
    department = sa.func.coalesce(bid_department, order_department)
    if bid_ids is None and order_ids is None:
        scopes = [sa.or_(_FINDINGS.c.bid_id.is_not(None), _FINDINGS.c.order_id.is_not(None))]
    else:
        scopes = [_FINDINGS.c.bid_id.in_(chunk) for chunk in _chunks(bid_ids or [])] + \
            [_FINDINGS.c.order_id.in_(chunk) for chunk in _chunks(order_ids or [])]
    for scope in scopes:
        connection.execute(sa.update(_FINDINGS).where(
            scope, sa.or_(_FINDINGS.c.department_id.is_(None), _FINDINGS.c.department_id != department),
            department.is_not(None)).values(department_id=department))


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _Engine:
    def __init__(self, connection, settings: Settings, now: datetime, deferred: list | None = None):
        self.connection = connection
        #: when a list, the writes are kept in it (``(inserts, updates, superseded)`` per reconcile), not made
        self.deferred = deferred
        self.settings = settings
        self.now = now
        self.counts = _Counts()
        self.bid_rules = rules_on('bid')
        self.order_rules = rules_on('order')
        self.group_rules = rules_on('orders')

    # -- bids ---------------------------------------------------------------------------------------------------
    def run_bids(self, ids: list[int] | None):
        """Scrutinise the bids ``ids`` (``None``: every bid), a chunk at a time."""
        for chunk in self._bid_chunks(ids):
            self._run_bid_chunk(*chunk)

    def run_bid_chunks(self, chunks: _SharedChunks):
        """Scrutinise the chunks of bids this process can take."""
        while (span := chunks.take()) is not None:
            self._run_bid_chunk(*self._range_filters(*span))

    def _run_bid_chunk(self, chunk_filter, bid_filter, bidder_filter):
        """Scrutinise the bids one chunk's filters select, with their bidders."""
        # ``.all()``: one fetchall, not a fetchone per row
        bids = {row[0]: BidFacts(*row) for row in self.connection.execute(
            sa.select(*_BID_COLUMNS).where(bid_filter).order_by(_BIDS.c.id)).all()}
        if not bids:
            return
        for row in self.connection.execute(
                sa.select(*_BIDDER_COLUMNS).select_from(_BIDDERS.outerjoin(
                    Seller.__table__, Seller.__table__.c.id == _BIDDERS.c.seller_id))
                .where(bidder_filter).order_by(_BIDDERS.c.bid_id, _BIDDERS.c.id)).all():
            bid = bids.get(row[0])
            if bid is not None:
                bid.bidders.append(BidderFacts(*row[1:]))
        produced = {}
        for bid in bids.values():
            for rule in self.bid_rules:
                for hit in self._apply(rule, bid, bid.number):
                    key = hit.key or f'bid:{bid.id}'
                    produced[rule.id, key] = _Produced(rule, hit, bid.id, None, bid.buyer_department_id,
                                                       bid.judged_date)
        self.counts.bids += len(bids)
        existing = self._existing(chunk_filter(_FINDINGS.c.bid_id), [r.id for r in self.bid_rules])
        self._reconcile(produced, existing)

    def _bid_chunks(self, ids: list[int] | None):
        if ids is not None:
            for chunk in _chunks(ids):
                def chunk_filter(column, chunk=chunk):
                    return column.in_(chunk)
                yield chunk_filter, _BIDS.c.id.in_(chunk), _BIDDERS.c.bid_id.in_(chunk)
            return
        for low, high in self._id_ranges(_BIDS):
            yield self._range_filters(low, high)

    @staticmethod
    def _range_filters(low: int, high: int):
        def chunk_filter(column):
            return column.between(low, high)
        return chunk_filter, _BIDS.c.id.between(low, high), _BIDDERS.c.bid_id.between(low, high)

    def _id_ranges(self, table) -> Iterator[tuple[int, int]]:
        """Consecutive id ranges of about ``CHUNK`` rows each (keyset pagination)."""
        last = 0
        while True:
            ids = self.connection.execute(sa.select(table.c.id).where(table.c.id > last).order_by(table.c.id)
                                          .limit(CHUNK)).scalars().all()
            if not ids:
                return
            yield ids[0], ids[-1]
            last = ids[-1]

    # -- orders -------------------------------------------------------------------------------------------------
    def run_orders(self, ids: list[int] | None, collect: bool = False) -> dict[str, list[OrderFacts]] | None:
        """Scrutinise the orders ``ids`` (``None``: every order); with ``collect``, also return them grouped for the
        group rules, saving a second pass over the orders."""
        groups: dict[str, list[OrderFacts]] | None = defaultdict(list) if collect else None
        if ids is None:
            ranges = [(_ORDERS.c.id.between(low, high), (low, high)) for low, high in self._id_ranges(_ORDERS)]
        else:
            ranges = [(_ORDERS.c.id.in_(chunk), chunk) for chunk in _chunks(ids)]
        for order_filter, span in ranges:
            produced = {}
            count = 0
            for row in self.connection.execute(sa.select(*_ORDER_COLUMNS).where(order_filter)).all():
                order = OrderFacts(*row)
                count += 1
                if groups is not None:
                    key = group_key(order)
                    if key is not None:
                        groups[key].append(order)
                for rule in self.order_rules:
                    for hit in self._apply(rule, order, order.number):
                        key = hit.key or f'order:{order.id}'
                        produced[rule.id, key] = _Produced(rule, hit, None, order.id, order.buyer_department_id,
                                                           order.judged_date)
            self.counts.orders += count
            column = _FINDINGS.c.order_id
            where = column.between(*span) if isinstance(span, tuple) else column.in_(span)
            self._reconcile(produced, self._existing(where, [r.id for r in self.order_rules]))
        return groups

    # -- groups of orders (splitting) ---------------------------------------------------------------------------
    def run_groups(self, keys: set[str] | None, narrowing: sa.ColumnElement | None = None,
                   groups: dict[str, list[OrderFacts]] | None = None):
        """Recompute the group rules for the groups ``keys`` (``None``: every group; ``groups``: every group's
        orders, already read; ``narrowing``: a condition the groups' orders meet)."""
        if not self.group_rules or keys == set():
            return
        if groups is None:
            groups = defaultdict(list)
            for order in self._splittable_orders(keys or set(), narrowing):
                key = group_key(order)
                if key is not None and (keys is None or key in keys):
                    groups[key].append(order)
        produced = {}
        for key, orders in groups.items():
            if len(orders) < 2:
                continue
            orders.sort(key=lambda o: (o.order_dt, o.id))
            for rule in self.group_rules:
                for hit in self._apply(rule, orders, key):
                    produced[rule.id, hit.key] = _Produced(rule, hit, None, hit.order_id, hit.department_id,
                                                           hit.judged_date)
        self.counts.groups += len(groups)
        existing = self._existing(sa.true(), [r.id for r in self.group_rules], by_rule=True)
        if keys is not None:
            existing = {k: v for k, v in existing.items() if group_of(k[1]) in keys}
        self._reconcile(produced, existing)

    def _splittable_orders(self, keys: set[str], narrowing: sa.ColumnElement | None) -> Iterator[OrderFacts]:
        """The orders that may belong to the groups ``keys``."""
        modes = [mode.value for mode in SPLITTABLE]
        base = sa.select(*_ORDER_COLUMNS).where(_ORDERS.c.buying_mode.in_(modes),
                                                 _ORDERS.c.total_value.is_not(None), _ORDERS.c.order_dt.is_not(None))
        if narrowing is not None:
            base = base.where(narrowing)
        # the groups' orders: narrowed in SQL by category name, then matched exactly by group key in Python
        categories = {key.rsplit('|', 1)[1] for key in keys}
        names = self.connection.execute(sa.select(_ORDERS.c.category_name).where(
            _ORDERS.c.category_name.is_not(None), narrowing if narrowing is not None else sa.true()).distinct()
        ).scalars()
        wanted = [name for name in names if normalise_category(name) in categories]
        for chunk in _chunks(wanted, 500):
            for row in self.connection.execute(base.where(_ORDERS.c.category_name.in_(chunk))):
                yield OrderFacts(*row)

    # -- shared -------------------------------------------------------------------------------------------------
    def _apply(self, rule: Rule, subject, label: str) -> list[Hit]:
        try:
            return rule.run(subject, self.settings)
        except Exception:  # one odd record must not stop the scrutiny of the rest; the run counts it
            logger.exception('rule %s failed on %s', rule.id, label)
            self.counts.errors += 1
            return []

    def _existing(self, where, rule_ids: list[str], *, by_rule: bool = False) -> dict[tuple[str, str], sa.Row]:
        """The live findings of ``rule_ids`` within ``where``. The rule ids are checked in Python unless
        ``by_rule``: with ``rule_id IN (…)`` in the SQL, SQLite (without ANALYZE statistics) reads the rules'
        findings through ``ix_findings_rule_id`` instead of the chunk's few through ``ix_findings_bid_id``, and a
        full run grows quadratic."""
        if not rule_ids:
            return {}
        query = sa.select(_FINDINGS.c.id, _FINDINGS.c.rule_id, _FINDINGS.c.key, _FINDINGS.c.state,
                          _FINDINGS.c.fingerprint).where(where, _LIVE)
        if by_rule:
            query = query.where(_FINDINGS.c.rule_id.in_(rule_ids))
        wanted = frozenset(rule_ids)
        return {(row.rule_id, row.key): row for row in self.connection.execute(query).all() if row.rule_id in wanted}

    def _reconcile(self, produced: dict[tuple[str, str], _Produced], existing: dict[tuple[str, str], sa.Row]):
        inserts, updates, superseded = [], [], []
        for (rule_id, key), item in produced.items():
            item.evidence = item.hit.evidence()
            text, item.fingerprint = _serialised(item.rule, item.evidence)
            old = existing.pop((rule_id, key), None)
            if old is not None and old.fingerprint == item.fingerprint:
                self.counts.unchanged += 1
                continue
            if old is not None and FindingState(old.state) is FindingState.open:
                updates.append({'_id': old.id, 'severity': item.rule.severity, 'evidence': item.evidence,
                                'fingerprint': item.fingerprint, 'judged_date': item.judged_date})
                self.counts.updated += 1
                continue
            if old is not None:  # reviewed, and its cause changed: the review stays with what was reviewed
                superseded.append(old.id)
            inserts.append({'rule_id': rule_id, 'severity': item.rule.severity, 'state': FindingState.open,
                            'key': key, 'bid_id': item.bid_id, 'order_id': item.order_id,
                            'department_id': item.department_id, 'judged_date': item.judged_date,
                            'evidence': item.evidence, 'fingerprint': item.fingerprint, 'found_dt': self.now,
                            '_text': text})
        superseded.extend(row.id for row in existing.values())
        self.counts.new += len(inserts)
        self.counts.superseded += len(superseded)
        if self.deferred is not None:
            self.deferred.append((inserts, updates, superseded))
        else:
            self._write(inserts, updates, superseded)

    def apply(self, deferred: list, counts: _Counts) -> None:
        """Make the writes another engine deferred, and add its counts."""
        for inserts, updates, superseded in deferred:
            self._write(inserts, updates, superseded)
        self.counts.add(counts)

    def _write(self, inserts: list[dict], updates: list[dict], superseded: list[int]) -> None:
        for chunk in _chunks(superseded):
            self.connection.execute(sa.update(_FINDINGS).where(_FINDINGS.c.id.in_(chunk))
                                    .values(state=FindingState.superseded, superseded_dt=self.now,
                                            version=_FINDINGS.c.version + 1))
        if updates:
            self.connection.execute(
                sa.update(_FINDINGS).where(_FINDINGS.c.id == sa.bindparam('_id')).values(
                    severity=sa.bindparam('severity'), evidence=sa.bindparam('evidence'),
                    fingerprint=sa.bindparam('fingerprint'), judged_date=sa.bindparam('judged_date'),
                    version=_FINDINGS.c.version + 1), updates)
        if inserts:
            self._insert(inserts)

    def _insert(self, inserts: list[dict]):
        """INSERT the new findings. On SQLite, plain tuples with the evidence already serialised (Core would convert
        every row's seven typed values and serialise the evidence a second time); elsewhere Core's executemany."""
        if self.connection.dialect.name != 'sqlite':
            for row in inserts:
                del row['_text']
            self.connection.execute(sa.insert(_FINDINGS), inserts)
            return
        now = self.now.astimezone(timezone.utc).strftime('%Y-%m-%d %H:%M:%S.%f')
        self.connection.exec_driver_sql(
            'INSERT INTO findings (rule_id, severity, state, key, bid_id, order_id, department_id, judged_date, '
            'evidence, fingerprint, found_dt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [(row['rule_id'], row['severity'].value, FindingState.open.value, row['key'], row['bid_id'],
              row['order_id'], row['department_id'], row['judged_date'] and row['judged_date'].isoformat(),
              row['_text'], row['fingerprint'], now) for row in inserts])


def open_counts(session) -> list[dict]:
    """Open findings per rule id and severity (what ``flask gemcell scrutinise --json`` prints)."""
    rows = session.execute(sa.select(Finding.rule_id, Finding.severity, sa.func.count())
                           .where(Finding.state == FindingState.open)
                           .group_by(Finding.rule_id, Finding.severity).order_by(Finding.rule_id))
    return [{'rule_id': rule_id, 'severity': severity.value, 'open': count} for rule_id, severity, count in rows]


def rule_ids() -> Iterable[str]:
    return REGISTRY.keys()
