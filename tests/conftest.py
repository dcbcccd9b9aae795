"""Fixtures: one app per test session on a real database (a temporary SQLite file, or the PostgreSQL server named by
TEST_DATABASE_URL), its schema built by the migrations; every test starts from empty tables."""
import os
import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from gemcell import create_app
from gemcell.config import TestConfig
from gemcell.extensions import db as _db

pytest_plugins = ['tests.factories']


def make_config(**overrides):
    return type('SessionTestConfig', (TestConfig,), overrides)


@pytest.fixture(scope='session')
def database_url(tmp_path_factory):
    url = os.environ.get('TEST_DATABASE_URL')
    if url:
        return TestConfig.SQLALCHEMY_DATABASE_URI
    return f'sqlite:///{tmp_path_factory.mktemp("db") / "gemcell-test.db"}'


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
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == 'postgresql':
            conn.execute(sa.text('TRUNCATE {} RESTART IDENTITY CASCADE'.format(
                ', '.join(f'"{t.name}"' for t in tables))))
        else:
            for table in tables:
                conn.execute(table.delete())


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
