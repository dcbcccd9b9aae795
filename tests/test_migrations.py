"""The migrations build exactly the schema the models describe, on an empty database, and come down again."""
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from gemcell import create_app
from gemcell.core.db import include_in_schema
from gemcell.extensions import db as _db
from tests.conftest import make_config


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A new, empty database on the same server as the test database (or a new SQLite file)."""
    if not database_url.startswith('postgresql'):
        yield f'sqlite:///{tmp_path / "empty.db"}'
        return
    name = f'gemcell_migrations_{uuid.uuid4().hex[:8]}'
    admin = sa.create_engine(database_url, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE {name}'))
    yield database_url.rsplit('/', 1)[0] + '/' + name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE {name} WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_database_url, tmp_path):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        upgrade()
        with _db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={'compare_type': True, 'include_name': include_in_schema})
            diff = compare_metadata(context, _db.metadata)
        assert diff == [], f'models and migrations differ: {diff}'
        downgrade(revision='base')
        with _db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {'alembic_version'}
        upgrade()
        _db.engine.dispose()
