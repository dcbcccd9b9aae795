"""The audit trail: every insert, update and delete of a domain model, recorded by one session hook.

Each entry holds who, when, which model and row, and for each changed field its old and new value. Entries are
append-only and chained: ``hash = sha256(prev_hash + canonical entry)``, so an entry that is changed or deleted
afterwards breaks the chain, which ``verify_chain`` (``flask gemcell audit-verify``) detects.

The entries are written in ``after_flush``, on the same connection and in the same transaction as the change, so
either both are committed or neither. The chain's head is read under a lock: on PostgreSQL a transaction-level
advisory lock; on SQLite the flush has already taken the database's single write lock.
"""
import enum
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from gemcell.core.db import utcnow
from gemcell.extensions import db

GENESIS = '0' * 64
ADVISORY_LOCK_KEY = 4_300_632  # memo 43/2020/632: any constant shared by every app server
REDACTED = '***'


class AuditAction(enum.Enum):
    insert = 'insert'
    update = 'update'
    delete = 'delete'


ACTION_TITLES = {'insert': _l('Added'), 'update': _l('Changed'), 'delete': _l('Deleted')}


class AuditEntry(db.Model):
    """One recorded change. Never updated or deleted by the application."""

    __tablename__ = 'audit_entries'
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(index=True)
    #: the user who made the change (no foreign key: the trail outlives any row it mentions)
    user_id: Mapped[int | None] = mapped_column(index=True)
    #: login of that user, or the CLI / worker that made the change
    actor: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(10))
    #: table name of the changed model
    model: Mapped[str] = mapped_column(sa.String(80), index=True)
    object_id: Mapped[str] = mapped_column(sa.String(80), index=True)
    #: ``{field: [old, new]}``; for an insert old is null, for a delete new is null
    changes: Mapped[dict] = mapped_column(sa.JSON)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    def payload(self) -> dict:
        return entry_payload(self.created_dt, self.user_id, self.actor, self.action, self.model, self.object_id,
                             self.changes)


def entry_payload(created_dt, user_id, actor, action, model, object_id, changes) -> dict:
    return {'created_dt': created_dt.isoformat(), 'user_id': user_id, 'actor': actor, 'action': action,
            'model': model, 'object_id': object_id, 'changes': changes}


def chain_hash(prev_hash: str, payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(',', ':'))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def to_json_value(value):
    """A column value as a JSON-safe, stable value."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value, default=str, ensure_ascii=False))
    return str(value)


def _value(column, value):
    return REDACTED if column.info.get('audit') == 'redact' and value is not None else to_json_value(value)


def _changes(obj, action: AuditAction) -> dict:
    mapper = sa.inspect(obj).mapper
    state = sa.inspect(obj)
    changes = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if column.info.get('audit') == 'skip':
            continue
        if action is AuditAction.insert:
            new = getattr(obj, attr.key)
            if new is not None:
                changes[attr.key] = [None, _value(column, new)]
        elif action is AuditAction.delete:
            old = state.attrs[attr.key].loaded_value
            if old is not sa.orm.base.NO_VALUE and old is not None:
                changes[attr.key] = [_value(column, old), None]
        else:
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if to_json_value(old) != to_json_value(new):
                changes[attr.key] = [_value(column, old), _value(column, new)]
    return changes


def _object_id(obj) -> str:
    identity = sa.inspect(obj).identity
    if identity is None:
        identity = sa.inspect(obj).mapper.primary_key_from_instance(obj)
    return '/'.join(str(part) for part in identity)


def current_actor(session: Session) -> tuple[int | None, str]:
    if 'audit_actor' in session.info:
        return session.info['audit_actor']
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.login
    return None, 'system'


def _lock_chain(connection):
    if connection.dialect.name == 'postgresql':
        connection.execute(sa.text('SELECT pg_advisory_xact_lock(:key)'), {'key': ADVISORY_LOCK_KEY})


def _head(connection) -> str:
    table = AuditEntry.__table__
    last = connection.execute(sa.select(table.c.hash).order_by(table.c.id.desc()).limit(1)).scalar()
    return last or GENESIS


def _record(session: Session, flush_context):
    pending = []
    for action, objects in ((AuditAction.insert, session.new), (AuditAction.update, session.dirty),
                            (AuditAction.delete, session.deleted)):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                raise RuntimeError('audit entries are append-only')
            if not getattr(obj, '__audited__', False):
                continue
            if action is AuditAction.update and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, action)
            if action is AuditAction.update and not changes:
                continue
            pending.append((action, obj, changes))
    if pending:
        append_entries(session, [(action, obj.__tablename__, _object_id(obj), changes)
                                 for action, obj, changes in pending])


def append_entries(session: Session, items: list[tuple[AuditAction, str, str, dict]]):
    """Append entries ``(action, table name, object id, {field: [old, new]})`` to the chain, in the session's
    transaction. The flush hook uses it; so do bulk writers (imports) that bypass the ORM."""
    connection = session.connection()
    _lock_chain(connection)
    prev = _head(connection)
    user_id, actor = current_actor(session)
    now = utcnow()
    rows = []
    for action, model, object_id, changes in items:
        payload = entry_payload(now, user_id, actor, AuditAction(action).value, model, str(object_id),
                                {key: [to_json_value(old), to_json_value(new)] for key, (old, new) in changes.items()})
        digest = chain_hash(prev, payload)
        rows.append({**payload, 'created_dt': now, 'prev_hash': prev, 'hash': digest})
        prev = digest
    connection.execute(sa.insert(AuditEntry.__table__), rows)


def _noop_set(target, value, oldvalue, initiator):
    return value


@event.listens_for(db.Model, 'mapper_configured', propagate=True)
def _load_old_values(mapper, cls):
    """Load a column's old value before it is overwritten, even when it was expired (after a commit)."""
    if not getattr(cls, '__audited__', False):
        return
    for attr in mapper.column_attrs:
        event.listen(getattr(cls, attr.key), 'set', _noop_set, active_history=True, retval=True)


def install(session_class=Session):
    """Hook the recorder into every session (idempotent)."""
    if not event.contains(session_class, 'after_flush', _record):
        event.listen(session_class, 'after_flush', _record)


class ChainBroken(Exception):
    def __init__(self, entry_id: int, reason):
        super().__init__(f'entry {entry_id}: {reason}')
        self.entry_id = entry_id
        self.reason = reason


def verify_chain(session: Session, batch: int = 5000) -> int:
    """Walk the whole trail in order; return how many entries are intact or raise ``ChainBroken`` at the first bad one."""
    table = AuditEntry.__table__
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.execute(sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch)).all()
        if not rows:
            return count
        for row in rows:
            payload = entry_payload(row.created_dt, row.user_id, row.actor,
                                    row.action, row.model, row.object_id, row.changes)
            if row.prev_hash != prev:
                raise ChainBroken(row.id, _l('the entry before it was changed or deleted'))
            if chain_hash(row.prev_hash, payload) != row.hash:
                raise ChainBroken(row.id, _l('the entry was changed after it was written'))
            prev = row.hash
            count += 1
            last_id = row.id
