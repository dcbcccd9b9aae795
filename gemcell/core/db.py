"""Declarative base, column types and mixins shared by every model."""
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


class TitledEnum(enum.Enum):
    """An enum whose members have a translated ``title`` for the pages. The module that defines one registers the
    titles after it: ``titled({Member.x: _l('…'), …})``."""

    @property
    def title(self):
        return ENUM_TITLES[self]


#: every ``TitledEnum`` member's title
ENUM_TITLES: dict[enum.Enum, object] = {}


def titled(titles: dict):
    ENUM_TITLES.update(titles)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """A datetime stored as naive UTC and always returned timezone-aware (UTC), on SQLite and PostgreSQL alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given for a UTC column')
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def enum_column(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A string column holding the enum's *values*, with a CHECK constraint (no native enum types)."""
    return sa.Enum(enum_cls, name=name, native_enum=False, create_constraint=True, length=32,
                   values_callable=lambda cls: [member.value for member in cls], validate_strings=True)


#: database objects that the migrations make outside the models (full-text search: SQLite's FTS5 table and its shadow
#: tables, PostgreSQL's expression index); autogenerate and the schema test leave them be
UNMODELLED = ('search_fts', 'ix_search_entries_terms_fts')


def include_in_schema(name, type_, parent_names) -> bool:
    """Alembic's ``include_name`` hook: everything but ``UNMODELLED``."""
    return not (name or '').startswith(UNMODELLED)


class Base(DeclarativeBase):
    registry = registry(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
                        type_annotation_map={datetime: UTCDateTime()})

    #: Name of the column that ties a row to a department (``None``: not department data).
    #: Every model that sets it is scoped by ``core.scoping`` and joins the access test automatically.
    __department_scope__: str | None = None
    #: Models that are not recorded in the audit trail (the trail itself).
    __audited__ = True


class TimestampMixin:
    # not in the audit trail: every entry carries its own time
    created_dt: Mapped[datetime] = mapped_column(default=utcnow, info={'audit': 'skip'})
    modified_dt: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, info={'audit': 'skip'})


class InvalidTransition(Exception):
    """A state change that the object's current state does not allow."""


#: the SQLite page cache for bulk work (imports, scrutiny), in KiB
SQLITE_CACHE_KIB = 128 * 1024


@contextmanager
def sqlite_cache(connection: sa.Connection, kib: int = SQLITE_CACHE_KIB) -> Iterator[None]:
    """On SQLite, a large page cache (``kib``) for bulk work: the indexes of a million-row table do not fit the
    default 2 MB, and every write would go to disk. Restored afterwards; nothing on other databases."""
    if connection.dialect.name != 'sqlite':
        yield
        return
    previous = connection.exec_driver_sql('PRAGMA cache_size').scalar()
    connection.exec_driver_sql(f'PRAGMA cache_size = -{int(kib)}')
    try:
        yield
    finally:
        connection.exec_driver_sql(f'PRAGMA cache_size = {int(previous)}')
