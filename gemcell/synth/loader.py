"""Writing millions of rows fast, in the session's one transaction: SQLite's ``executemany`` in chunks, PostgreSQL's
``COPY … FROM STDIN`` (psycopg 3). Rows come in the form the database stores, so nothing is converted per value.

The big tables' secondary indexes (and, on PostgreSQL, their foreign keys) are dropped for the load and made again
at the end, in the same transaction: building an index once over sorted data is far cheaper than keeping it up to
date row by row, and adding a foreign key checks every row in one join. A failure rolls all of it back.
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


class Loader:
    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.postgres = connection.dialect.name == 'postgresql'
        self.dbapi = connection.connection.dbapi_connection
        #: table -> rows written
        self.counts: dict[str, int] = {}

    def prepare(self):
        """SQLite: sort in memory when the indexes are made (possible before the transaction only)."""
        if not self.postgres and not self.dbapi.in_transaction:
            self._execute('PRAGMA temp_store = MEMORY')

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

    @contextmanager
    def deferred(self, tables: list[str]):
        """Drop the secondary indexes (PostgreSQL: and foreign keys) of ``tables``; make them again on leaving."""
        with self._cache():
            if self.postgres:
                self._execute("SET LOCAL maintenance_work_mem = '256MB'")
                indexes = self._all(
                    'SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid '
                    'JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) '
                    'AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisprimary AND NOT EXISTS '
                    '(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1', (tables,))
                keys = self._all(
                    "SELECT c.conname, t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t "
                    "ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s) "
                    'AND t.relnamespace = current_schema()::regnamespace ORDER BY 1', (tables,))
                for name, table, _definition in keys:
                    self._execute(f'ALTER TABLE {table} DROP CONSTRAINT {name}')
            else:
                if not self.dbapi.in_transaction:  # the drops must be inside the transaction, to be undone
                    self._execute('BEGIN')
                marks = ', '.join('?' * len(tables))
                indexes = self._all(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # nosec B608 - table name from code
                                    f'AND tbl_name IN ({marks}) ORDER BY name', tables)
                keys = []
            for name, _definition in indexes:
                self._execute(f'DROP INDEX {name}')
            yield
            for _name, definition in indexes:
                self._execute(definition)
            for name, table, definition in keys:
                self._execute(f'ALTER TABLE {table} ADD CONSTRAINT {name} {definition}')

    @contextmanager
    def _cache(self):
        """SQLite: a page cache of 1 GB while the indexes are built (PostgreSQL: maintenance_work_mem above)."""
        if self.postgres:
            yield
            return
        previous = self._all('PRAGMA cache_size')[0][0]
        self._execute(f'PRAGMA cache_size = -{CACHE_KIB}')
        try:
            yield
        finally:
            self._execute(f'PRAGMA cache_size = {int(previous)}')

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
