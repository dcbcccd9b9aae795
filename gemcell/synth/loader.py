"""Writing millions of rows fast, in the session's one transaction: SQLite's ``executemany`` in chunks, PostgreSQL's
``COPY … FROM STDIN`` (psycopg 3). Rows come in the form the database stores, so nothing is converted per value.

The big tables' secondary indexes (and, on PostgreSQL, their foreign keys) are dropped for the load and made again
once each table is written whole, in the same transaction: building an index once is far cheaper than keeping it up
to date row by row, and adding a foreign key checks every row in one join. A failure rolls all of it back.
"""
import logging
from collections.abc import Iterable
from contextlib import contextmanager

import sqlalchemy as sa

logger = logging.getLogger(__name__)
CHUNK = 20_000
#: SQLite's page cache during the load, in KiB
CACHE_KIB = 1024 * 1024


@contextmanager
def rollback_journal(engine: sa.Engine):
    """SQLite: the load's one transaction through a rollback journal, not the write-ahead log the app uses. A new
    database's pages are then written once (WAL would write them twice: to the log, then to the file). The app's
    mode comes back afterwards. Nothing changes on PostgreSQL, in memory, or while another process has the database
    open (SQLite then keeps WAL)."""
    url = engine.url
    if url.get_backend_name() != 'sqlite' or url.database in (None, '', ':memory:'):
        yield
        return
    with engine.connect() as connection:
        previous = connection.exec_driver_sql('PRAGMA journal_mode').scalar()
        timeout = connection.exec_driver_sql('PRAGMA busy_timeout').scalar()
        connection.exec_driver_sql('PRAGMA busy_timeout = 0')  # another connection: keep WAL, do not wait
        try:
            switched = connection.exec_driver_sql('PRAGMA journal_mode = DELETE').scalar() == 'delete'
        except sa.exc.OperationalError:
            switched = False
        finally:
            connection.exec_driver_sql(f'PRAGMA busy_timeout = {int(timeout)}')
    try:
        yield
    finally:
        if switched and previous != 'delete':
            with engine.connect() as connection:
                connection.exec_driver_sql(f'PRAGMA journal_mode = {previous}')


#: SQLite connections whose foreign-key checks are off for a load: id -> connection
_KEYS_OFF = {}


def _keys_back_on(dbapi_connection, _record):
    """The pool's ``checkin``: a connection a load used has its foreign-key checks back before anyone else uses it."""
    if dbapi_connection is not None and _KEYS_OFF.pop(id(dbapi_connection), None) is not None:
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA foreign_keys = ON')
        cursor.close()


class Loader:
    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.postgres = connection.dialect.name == 'postgresql'
        self.dbapi = connection.connection.dbapi_connection
        #: table -> rows written
        self.counts: dict[str, int] = {}
        #: table -> the statements that make its dropped indexes and foreign keys again
        self._deferred: dict[str, list[str]] = {}
        self._previous_cache = None

    def prepare(self):
        """SQLite, before the transaction (the pragmas do nothing inside one): sort in memory when the indexes are
        made, and do not look up each row's foreign keys — the rows are made consistent (the tests run SQLite's
        ``foreign_key_check`` on them), and PostgreSQL checks them all when it adds its keys back. The checks are on
        again as soon as the connection goes back to the pool."""
        if self.postgres or self.dbapi.in_transaction:
            return
        self._execute('PRAGMA temp_store = MEMORY')
        self._execute('PRAGMA foreign_keys = OFF')
        _KEYS_OFF[id(self.dbapi)] = self.dbapi
        engine = self.connection.engine
        if not sa.event.contains(engine, 'checkin', _keys_back_on):
            sa.event.listen(engine, 'checkin', _keys_back_on)

    def write(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """Append ``rows`` (tuples in ``columns`` order) to ``table``; returns how many."""
        if self.postgres:
            done = self._copy(table, columns, rows)
        else:
            done = self._executemany(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + done
        return done

    def _copy(self, table, columns, rows) -> int:
        done = 0
        with self.dbapi.cursor() as cursor:
            with cursor.copy(f'COPY {table} ({", ".join(columns)}) FROM STDIN') as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
                    done += 1
        return done

    def _executemany(self, table, columns, rows) -> int:
        sql = f'INSERT INTO {table} ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # nosec B608 - table and column names from code; values bound
        cursor = self.dbapi.cursor()
        done, chunk = 0, []
        append = chunk.append
        for row in rows:
            append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                done += len(chunk)
                chunk.clear()
        if chunk:
            cursor.executemany(sql, chunk)
            done += len(chunk)
        cursor.close()
        return done

    def defer(self, tables: list[str]):
        """Drop the secondary indexes (PostgreSQL: and the foreign keys) of ``tables``, to be made again table by
        table (``restore``) once each is written whole."""
        self._deferred = {table: [] for table in tables}
        if self.postgres:
            self._execute("SET LOCAL maintenance_work_mem = '256MB'")
            indexes = self._all(
                'SELECT t.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x '
                'JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = '
                'ANY(%s) AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisprimary AND NOT EXISTS '
                '(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1, 2', (tables,))
            keys = self._all(
                "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t "
                "ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s) "
                'AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2', (tables,))
            for table, name, definition in keys:
                self._execute(f'ALTER TABLE {table} DROP CONSTRAINT {name}')
                self._deferred[table].append(f'ALTER TABLE {table} ADD CONSTRAINT {name} {definition}')
        else:
            self._previous_cache = self._all('PRAGMA cache_size')[0][0]
            self._execute(f'PRAGMA cache_size = -{CACHE_KIB}')
            if not self.dbapi.in_transaction:  # the drops must be inside the transaction, to be undone
                self._execute('BEGIN')
            marks = ', '.join('?' * len(tables))
            indexes = self._all(f"SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "  # nosec B608 - table names from code
                                f'NULL AND tbl_name IN ({marks}) ORDER BY tbl_name, name', tables)
        for table, name, definition in reversed(indexes):
            self._execute(f'DROP INDEX {name}')
            self._deferred[table].insert(0, definition)  # the indexes first, then the foreign keys

    def restore(self, table: str):
        """Make ``table``'s indexes (and foreign keys) again."""
        for statement in self._deferred.pop(table, []):
            self._execute(statement)

    def restore_all(self):
        for table in list(self._deferred):
            self.restore(table)
        if not self.postgres and self._previous_cache is not None:
            self._execute(f'PRAGMA cache_size = {int(self._previous_cache)}')
            self._previous_cache = None

    def restart_sequences(self, tables: list[str]):
        """PostgreSQL: each table's id sequence continues after the rows written with their ids (SQLite takes the
        largest rowid + 1 by itself)."""
        if not self.postgres:
            return
        for table in tables:
            self._execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608 - table name from code
                          f'COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)')

    def analyze(self, tables: list[str]):
        """Fresh statistics for the query planner."""
        if self.postgres:
            for table in tables:
                self._execute(f'ANALYZE {table}')
        else:
            self._execute('PRAGMA analysis_limit = 1000')
            for table in tables:
                self._execute(f'ANALYZE {table}')

    def _execute(self, sql: str, params=()):
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(sql, *([params] if params else []))
        finally:
            cursor.close()

    def _all(self, sql: str, params=()) -> list:
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(sql, *([params] if params else []))
            return cursor.fetchall()
        finally:
            cursor.close()
