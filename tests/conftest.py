"""Fixtures: one app per test session on a real database (a temporary SQLite file, or the PostgreSQL server named by
TEST_DATABASE_URL), its schema built by the migrations; every test starts from empty tables."""
import os
import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from gemcell import create_app
from gemcell.config import TestConfig
from gemcell.core import memo
from gemcell.extensions import db as _db

pytest_plugins = ['tests.factories']


def make_config(**overrides):
    return type('SessionTestConfig', (TestConfig,), overrides)


@pytest.fixture(scope='session')
def database_url(tmp_path_factory):
    """The session's database. Under pytest-xdist each worker has its own: a SQLite file in the worker's temporary
    directory, or a database of its own on the PostgreSQL server, made afresh."""
    if not os.environ.get('TEST_DATABASE_URL'):
        return f'sqlite:///{tmp_path_factory.mktemp("db") / "gemcell-test.db"}'
    url = TestConfig.SQLALCHEMY_DATABASE_URI
    worker = os.environ.get('PYTEST_XDIST_WORKER')
    if not worker:
        return url
    url = sa.make_url(url)
    name = f'{url.database}_{worker}'
    admin = sa.create_engine(url, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope='session')
def app(database_url, tmp_path_factory):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=database_url,
                                 INSTANCE_PATH=str(tmp_path_factory.mktemp('instance'))))
    with app.app_context():
        upgrade()
    yield app
    dispose(app)


def dispose(app):
    """Close the app's database connections (an unclosed connection is a warning, and warnings are errors)."""
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope='session')
def data_app(app):
    """A second app on the same database, whose context the test itself runs in.

    Requests from the test client then push their own app context (as in production, each request has its own
    ``g`` and database session) instead of sharing the test's. Objects the test holds are not refreshed by a
    request: call ``db.session.expire_all()`` before reading what a request changed.
    """
    data_app = create_app(make_config(SQLALCHEMY_DATABASE_URI=app.config['SQLALCHEMY_DATABASE_URI'],
                                      INSTANCE_PATH=app.config['INSTANCE_PATH']))
    yield data_app
    dispose(data_app)


@pytest.fixture
def db(data_app):
    """The database, emptied after the test."""
    with data_app.app_context():
        yield _db
        _db.session.remove()
        truncate_all(_db)


def truncate_all(db):
    """Empty every table. Row by row, not TRUNCATE: on PostgreSQL a TRUNCATE of 65 tables takes half a second, a
    DELETE of a test's few rows a fortieth of that (all in one round trip). Sequences restart, as SQLite's row ids
    do."""
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == 'postgresql':
            deletes = '; '.join(f'DELETE FROM "{table.name}"' for table in tables)
            conn.exec_driver_sql(f'{deletes}; {RESTART_SEQUENCES}')
        else:
            for table in tables:
                conn.execute(table.delete())
    memo.forget()  # figures kept from the last test's data (its ids restart)


RESTART_SEQUENCES = ("SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), 1, false) "
                     "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL")


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """``login(user)``: sign in through the real login form; the client keeps the session."""
    def _login(user, password='correct horse battery'):
        response = client.post('/auth/login', data={'login': user.login, 'password': password})
        assert response.status_code == 303, response.get_data(as_text=True)
        return user
    return _login


@pytest.fixture
def login_as(login, create_user):
    """``login_as('reviewer')``: create a user of that role and sign in as them."""
    def _login_as(role, **kwargs):
        return login(create_user(role=role, **kwargs))
    return _login_as


@pytest.fixture(scope='session')
def csrf_app(app):
    """The same app and database with CSRF protection on, as in production."""
    csrf_app = create_app(make_config(SQLALCHEMY_DATABASE_URI=app.config['SQLALCHEMY_DATABASE_URI'],
                                      INSTANCE_PATH=app.config['INSTANCE_PATH'], WTF_CSRF_ENABLED=True))
    yield csrf_app
    dispose(csrf_app)


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert match, 'no CSRF token in the page'
    return match.group(1)
