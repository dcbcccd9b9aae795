"""Backups and restores: the database and the files the instance folder keeps, in one ``.tar`` file.

The archive holds ``manifest.json`` (when, which database, the schema's Alembic revision, every table's row count,
the audit chain's last hash, the files and their SHA-256), the database — SQLite through its online backup API
(a consistent copy while the app runs), PostgreSQL through ``pg_dump`` in custom format (taken in the snapshot the
row counts were read in) — and the files: issued documents (``documents/``) and import uploads (``uploads/``).

A restore goes into an empty database of the same kind and an instance folder without those files, then checks
what it restored against the manifest: every table's row count, every file's hash and the audit chain.
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # pg_dump / pg_restore, with a list of arguments, never a shell
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from gemcell.core.audit import AuditEntry, verify_chain
from gemcell.extensions import db

FORMAT = 1
#: the instance folder's sub-folders that hold data (``secret_key`` and signing keys are kept apart, on purpose)
FILE_DIRS = ('documents', 'uploads')
SQLITE_NAME, PG_NAME = 'database.sqlite3', 'database.pgdump'


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why."""


def _instance() -> Path:
    return Path(current_app.config['INSTANCE_PATH'])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq_url(url: sa.URL) -> str:
    """The URL as ``pg_dump`` / ``pg_restore`` read it (no SQLAlchemy driver name), without the password: a command
    line is visible to every user of the machine (``ps``); the password goes in ``_libpq_env``."""
    return sa.URL.create('postgresql', username=url.username, host=url.host, port=url.port, database=url.database,
                         query=url.query).render_as_string(hide_password=False)


def _libpq_env(url: sa.URL) -> dict[str, str]:
    """The environment for ``pg_dump`` / ``pg_restore``: this process's, with ``PGPASSWORD`` from the URL."""
    env = dict(os.environ)
    if url.password:
        env['PGPASSWORD'] = str(url.password)
    return env


def _counts(connection) -> dict[str, int]:
    return {table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables}


def _revision(connection) -> str | None:
    if not sa.inspect(connection).has_table('alembic_version'):
        return None
    return connection.execute(sa.text('SELECT version_num FROM alembic_version')).scalar()


def _last_hash(connection) -> str | None:
    return connection.execute(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()


def _files() -> list[tuple[str, Path]]:
    """``(name in the archive, path)`` of every data file of the instance folder."""
    found = []
    for folder in FILE_DIRS:
        root = _instance() / folder
        if root.is_dir():
            for path in sorted(p for p in root.rglob('*') if p.is_file()):
                found.append((f'files/{path.relative_to(_instance()).as_posix()}', path))
    return found


def backup(target: Path) -> dict:
    """Write the backup archive ``target`` (a new file); return its manifest."""
    target = Path(target)
    if target.exists():
        raise BackupError(f'{target} exists already; give a new file name.')
    engine = db.engine
    with tempfile.TemporaryDirectory(prefix='gemcell-backup-') as tmp:
        work = Path(tmp)
        if engine.dialect.name == 'sqlite':
            database = work / SQLITE_NAME
            source = sqlite3.connect(engine.url.database)
            copy = sqlite3.connect(database)
            try:
                source.backup(copy)
            finally:
                source.close()
                copy.close()
            snapshot = sa.create_engine(f'sqlite:///{database}', poolclass=sa.pool.NullPool)
            with snapshot.connect() as connection:
                counts, revision, last = _counts(connection), _revision(connection), _last_hash(connection)
            snapshot.dispose()
        elif engine.dialect.name == 'postgresql':
            database = work / PG_NAME
            with engine.connect().execution_options(isolation_level='REPEATABLE READ') as connection:
                snapshot_id = connection.execute(sa.text('SELECT pg_export_snapshot()')).scalar_one()
                counts, revision, last = _counts(connection), _revision(connection), _last_hash(connection)
                # the dump is taken in the very snapshot the counts were read in, while this transaction is open
                _run(['pg_dump', '--format=custom', '--no-owner', '--no-privileges', f'--snapshot={snapshot_id}',
                      f'--file={database}', _libpq_url(engine.url)], _libpq_env(engine.url))
        else:
            raise BackupError(f'backups of {engine.dialect.name} databases are not supported')
        files = _files()
        manifest = {
            'format': FORMAT,
            'created': datetime.now(timezone.utc).isoformat(timespec='seconds'),
            'dialect': engine.dialect.name,
            'revision': revision,
            'tables': counts,
            'audit_last_hash': last,
            'database': {'name': database.name, 'sha256': _sha256(database)},
            'files': {name: _sha256(path) for name, path in files},
        }
        partial = target.with_name(target.name + '.partial')
        with tarfile.open(partial, 'w') as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo('manifest.json')
            info.size, info.mtime = len(data), int(datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, database.name)
            for name, path in files:
                archive.add(path, name)
        os.replace(partial, target)  # a backup cut short never looks like a finished one
    return manifest


def restore(source: Path) -> dict:
    """Restore the archive ``source`` into the (empty) database and instance folder; check it; return the
    manifest. Raises ``BackupError`` when the target is not empty or what was restored differs from the manifest."""
    engine = db.engine
    with tarfile.open(source, 'r') as archive:
        manifest = json.loads(archive.extractfile('manifest.json').read())
        if manifest.get('format') != FORMAT:
            raise BackupError('This file is not a gemcell backup of a known format.')
        if manifest['dialect'] != engine.dialect.name:
            raise BackupError(f'The backup is of a {manifest["dialect"]} database; this app uses '
                              f'{engine.dialect.name}.')
        with engine.connect() as connection:
            present = [name for name in sa.inspect(connection).get_table_names() if name != 'alembic_version']
        if present:
            raise BackupError(f'The database is not empty ({len(present)} tables); restore into an empty one.')
        clashes = [name for name in manifest['files'] if (_instance() / name.removeprefix('files/')).exists()]
        if clashes:
            raise BackupError(f'{len(clashes)} files of the backup exist already in {_instance()}, e.g. '
                              f'{clashes[0]}; restore into an empty instance folder.')
        with tempfile.TemporaryDirectory(prefix='gemcell-restore-') as tmp:
            work = Path(tmp)
            members = {member.name: member for member in archive.getmembers()}
            wanted = [manifest['database']['name'], *manifest['files']]
            for name in wanted:
                member = members.get(name)
                if member is None or not member.isfile():
                    raise BackupError(f'The backup lacks {name}.')
                archive.extract(member, work, filter='data')  # no absolute paths, no "..", no links out
            database = work / manifest['database']['name']
            if _sha256(database) != manifest['database']['sha256']:
                raise BackupError('The database in the backup does not match its manifest (damaged file?).')
            for name, digest in manifest['files'].items():
                if _sha256(work / name) != digest:
                    raise BackupError(f'{name} in the backup does not match its manifest (damaged file?).')
            engine.dispose()
            if engine.dialect.name == 'sqlite':
                source_db, target_db = sqlite3.connect(database), sqlite3.connect(engine.url.database)
                try:
                    source_db.backup(target_db)
                finally:
                    source_db.close()
                    target_db.close()
            else:
                _run(['pg_restore', '--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction',
                      f'--dbname={_libpq_url(engine.url)}', str(database)], _libpq_env(engine.url))
            for name in manifest['files']:
                path = _instance() / name.removeprefix('files/')
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / name, path)
    check(manifest)
    return manifest


def check(manifest: dict) -> None:
    """The database and files against a backup's manifest: row counts, schema revision, audit chain, file hashes."""
    with db.engine.connect() as connection:
        counts, revision, last = _counts(connection), _revision(connection), _last_hash(connection)
    differ = {name: (expected, counts.get(name)) for name, expected in manifest['tables'].items()
              if counts.get(name) != expected}
    if differ:
        raise BackupError(f'Row counts differ from the backup: {differ}')
    if revision != manifest['revision'] or last != manifest['audit_last_hash']:
        raise BackupError('The schema revision or the audit trail differs from the backup.')
    verify_chain(db.session)  # raises ChainBroken
    db.session.rollback()
    for name, digest in manifest['files'].items():
        if _sha256(_instance() / name.removeprefix('files/')) != digest:
            raise BackupError(f'{name} differs from the backup.')


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a PostgreSQL client program (a list of arguments, no shell); its error output becomes a ``BackupError``."""
    try:
        # a fixed program with a list of arguments, no shell
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600, env=env)  # nosec B603
    except FileNotFoundError as missing:
        raise BackupError(f'{command[0]} is not installed (apt-get install postgresql-client).') from missing
    if result.returncode != 0:
        raise BackupError(f'{command[0]} failed: {result.stderr.strip()[-2000:]}')
