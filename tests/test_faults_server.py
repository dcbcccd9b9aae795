"""Scripted faults against the real thing (issue 12): gunicorn serving the app from a PostgreSQL server of the test's
own, which the test stops, restarts and locks; a worker killed with SIGKILL in the middle of a request.

Each run is bounded (every wait has a deadline). They need the PostgreSQL server binaries (``make test`` installs
them) and run once, on the SQLite run: the server is their own either way."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = max(Path('/usr/lib/postgresql').glob('*/bin'), default=None,
             key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
PASSWORD = 'gemcell-synth-2026'

pytestmark = [
    pytest.mark.skipif(PG_BIN is None, reason='needs the PostgreSQL server binaries (apt-get install postgresql)'),
    pytest.mark.skipif(bool(os.environ.get('TEST_DATABASE_URL')),
                       reason='runs a PostgreSQL server of its own: once, on the SQLite run'),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    """Call ``check`` until it returns something true (returned) or ``seconds`` pass (the test fails)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = check()
        except (requests.ConnectionError, requests.Timeout, sa.exc.OperationalError):
            found = None  # not up yet: a worker still booting on a busy machine holds the first request
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f'waited {seconds} s for {what}')
        time.sleep(0.1)


class PostgresServer:
    """A throw-away PostgreSQL cluster (as ``scripts/with-postgres.sh`` makes one), which the test may stop."""

    def __init__(self):
        # not under pytest's temporary folder: the postgres user (when we are root) cannot enter it
        self.work, self.port = Path(tempfile.mkdtemp(prefix='gemcell-faults-pg.')), free_port()
        self.work.chmod(0o755)
        self.data = self.work / 'data'
        self.as_pg = ['runuser', '-u', 'postgres', '--'] if os.geteuid() == 0 else []
        if self.as_pg:
            shutil.chown(self.work, 'postgres', 'postgres')
        self._run('initdb', '-D', str(self.data), '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-U', 'postgres')
        self.start()
        self._run('createdb', '-h', '127.0.0.1', '-p', str(self.port), '-U', 'postgres', 'gemcell')
        self.url = f'postgresql://postgres@127.0.0.1:{self.port}/gemcell'

    def _run(self, program: str, *args: str):
        subprocess.run([*self.as_pg, str(PG_BIN / program), *args], check=True, capture_output=True,
                       timeout=120, cwd='/tmp')

    def start(self):
        self._run('pg_ctl', '-D', str(self.data), '-l', str(self.work / 'server.log'), '-w', '-t', '60', '-o',
                  f'-p {self.port} -k {self.work} -c listen_addresses=127.0.0.1 -c fsync=off', 'start')

    def stop(self):
        self._run('pg_ctl', '-D', str(self.data), '-m', 'fast', '-w', '-t', '60', 'stop')

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:  # already stopped
            pass
        shutil.rmtree(self.work, ignore_errors=True)

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url.replace('postgresql://', 'postgresql+psycopg://'),
                                isolation_level='AUTOCOMMIT', poolclass=sa.pool.NullPool)


class Gunicorn:
    """The app under gunicorn with the settings of ``gunicorn.conf.py`` (workers and threads from the
    environment), on a free port."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        env = {**env, 'GUNICORN_BIND': f'127.0.0.1:{self.port}', 'GUNICORN_WORKERS': str(workers),
               'GUNICORN_THREADS': '1', 'GUNICORN_ACCESSLOG': ''}
        self.log = open(Path(env['GEMCELL_INSTANCE']) / 'gunicorn.log', 'ab')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'gunicorn', '--config', 'gunicorn.conf.py', 'wsgi:app'], cwd=ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: requests.get(f'{self.base}/health/live', timeout=10).ok, 120, 'gunicorn to start')
        except BaseException:
            self.stop()
            raise

    def workers(self) -> set[int]:
        children = Path(f'/proc/{self.process.pid}/task/{self.process.pid}/children').read_text().split()
        return {int(pid) for pid in children}

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()


def flask(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, '-m', 'flask', '--app', 'wsgi', *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope='module')
def stack(tmp_path_factory):
    """PostgreSQL with a town-sized synthetic State, and gunicorn serving it."""
    work = tmp_path_factory.mktemp('faults')
    server = PostgresServer()
    env = {**os.environ, 'DATABASE_URL': server.url, 'GEMCELL_INSTANCE': str(work / 'instance'),
           'SECRET_KEY': 'faults-test', 'PYTHONPATH': str(ROOT)}
    env.pop('TEST_DATABASE_URL', None)
    (work / 'instance').mkdir()
    try:
        flask(env, 'db', 'upgrade')
        flask(env, 'gemcell', 'synth', '--scale', 'town', '--seed', '7', '--logins', str(work / 'logins.csv'))
        app = Gunicorn(env)
    except BaseException:
        server.remove()
        raise
    yield {'server': server, 'app': app, 'env': env}
    app.stop()
    server.remove()


def sign_in(base: str, login: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f'{base}/auth/login', timeout=30).text
    token = re.search(r'name="csrf_token" [^>]*value="([^"]+)"', page).group(1)
    answer = session.post(f'{base}/auth/login', data={'csrf_token': token, 'login': login, 'password': PASSWORD},
                          timeout=30, allow_redirects=False)
    assert answer.status_code == 303, answer.text[:500]
    return session


def test_postgres_restart_answers_503_then_recovers_without_restarting_the_app(stack):
    app, server = stack['app'], stack['server']
    officer = sign_in(app.base, 'nodal.health')
    assert officer.get(f'{app.base}/', timeout=30).status_code == 200
    workers = app.workers()

    server.stop()
    down = officer.get(f'{app.base}/', timeout=30)
    assert down.status_code == 503 and down.headers['Retry-After'] == '10'
    assert 'सेवा कुछ क्षणों के लिए उपलब्ध नहीं है' in down.text
    assert requests.get(f'{app.base}/health', timeout=30).status_code == 503

    server.start()
    # the pool's pre-ping finds its dead connections and opens new ones: the same workers answer
    wait_for(lambda: requests.get(f'{app.base}/health', timeout=30).status_code == 200, 30, 'the app to recover')
    page = officer.get(f'{app.base}/', timeout=30)
    assert page.status_code == 200 and page.url == f'{app.base}/'  # still signed in: the session is a cookie
    assert '/auth/logout' in page.text
    assert app.workers() == workers


def owner_of_connection(port: int, pids: set[int]) -> int:
    """Which of ``pids`` holds the TCP connection whose local port is ``port`` (a PostgreSQL backend's
    ``client_port``): the socket's inode in ``/proc/net/tcp``, then the process with a descriptor on it."""
    inodes = {f'socket:[{line.split()[9]}]' for line in Path('/proc/net/tcp').read_text().splitlines()[1:]
              if int(line.split()[1].split(':')[1], 16) == port}
    for pid in pids:
        for fd in Path(f'/proc/{pid}/fd').iterdir():
            try:
                if os.readlink(fd) in inodes:
                    return pid
            except OSError:
                continue
    raise AssertionError(f'no worker holds the connection from port {port}')


def row_counts(db) -> dict[str, int]:
    tables = db.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
    return {table: db.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
            for table in list(tables)}


def new_ticket_form(officer: requests.Session, base: str, subject: str) -> dict:
    page = officer.get(f'{base}/helpdesk/new', timeout=30).text
    token = re.search(r'name="csrf_token" [^>]*value="([^"]+)"', page).group(1)
    category = re.search(r'name="category_id".*?<option value="(\d+)"', page, re.S).group(1)
    return {'csrf_token': token, 'category_id': category, 'priority': 'normal', 'subject': subject,
            'description': 'ई-बिल अपलोड नहीं हो रहा है। Bill upload fails on the portal.'}


def test_worker_killed_mid_request_leaves_nothing_half_written(stack):
    app, server = stack['app'], stack['server']
    officer = sign_in(app.base, 'nodal.health')
    form = new_ticket_form(officer, app.base, 'आधा लिखा टिकट — half-written ticket')
    engine = server.engine()
    count = 'SELECT count(*) FROM tickets WHERE subject = :subject'
    with engine.connect() as db:
        assert db.execute(sa.text(count), {'subject': form['subject']}).scalar() == 0
        before = row_counts(db)

    # Hold the audit trail: the request writes its ticket, then waits to write the ticket's audit entry
    holder = sa.create_engine(server.engine().url, poolclass=sa.pool.NullPool).connect()
    holder.execute(sa.text('LOCK TABLE audit_entries IN SHARE MODE'))
    outcome = {}

    def post():
        try:
            outcome['response'] = officer.post(f'{app.base}/helpdesk/new', data=form, timeout=60,
                                               allow_redirects=False)
        except requests.ConnectionError as error:
            outcome['error'] = error

    import threading
    thread = threading.Thread(target=post)
    thread.start()
    try:
        with engine.connect() as db:
            pid, port = wait_for(lambda: db.execute(sa.text(
                "SELECT pid, client_port FROM pg_stat_activity WHERE datname = 'gemcell' AND wait_event_type = "
                "'Lock' AND pid <> pg_backend_pid()")).first(), 30, 'the request to wait for the lock')
            written = set(db.execute(sa.text(
                "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = :pid AND "
                "l.mode = 'RowExclusiveLock' AND l.granted"), {'pid': pid}).scalars())
            assert 'tickets' in written  # the ticket's row is written, not committed
            worker = owner_of_connection(port, app.workers())
            os.kill(worker, signal.SIGKILL)
            thread.join(30)
            assert 'error' in outcome, outcome  # the request fails: the connection closes, no answer
            holder.rollback()
            # the backend finds its client gone and rolls the transaction back
            wait_for(lambda: not db.execute(sa.text('SELECT 1 FROM pg_stat_activity WHERE pid = :pid'),
                                            {'pid': pid}).first(), 30, 'the killed worker\'s backend to end')
            assert db.execute(sa.text(count), {'subject': form['subject']}).scalar() == 0
            assert row_counts(db) == before  # the consistency check: not one row more in any table
    finally:
        holder.close()
        thread.join(30)
    flask(stack['env'], 'gemcell', 'audit-verify')

    # gunicorn has started another worker; the officer's next try goes through
    wait_for(lambda: len(app.workers()) == 2 and worker not in app.workers(), 30, 'a new worker')
    form = new_ticket_form(officer, app.base, form['subject'])
    assert officer.post(f'{app.base}/helpdesk/new', data=form, timeout=60, allow_redirects=False).status_code == 303
    with engine.connect() as db:
        assert db.execute(sa.text(count), {'subject': form['subject']}).scalar() == 1
    engine.dispose()
