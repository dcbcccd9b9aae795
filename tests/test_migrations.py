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


def test_coming_down_from_source_layouts_writes_table_rows_back_as_objects(empty_database_url, tmp_path):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=empty_database_url, INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        upgrade()
        with _db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO source_layouts (id, digest, headers, created_dt) "
                                 "VALUES (7, 'x', :headers, '2026-11-27 06:00:00')"),
                         {'headers': '["संविदा संख्या / Contract number", "Brand"]'})
            for number, raw in (('GEMC-511687700000001', '[7, "GEMC-511687700000001", null]'),
                                ('GEMC-511687700000002', '{"Contract No": "GEMC-511687700000002"}')):
                conn.execute(sa.text("INSERT INTO orders (number, raw, created_dt, modified_dt) "
                                     "VALUES (:number, :raw, '2026-11-27 06:00:00', '2026-11-27 06:00:00')"),
                             {'number': number, 'raw': raw})
        downgrade(revision='5f2c7e1a9b3d')
        with _db.engine.connect() as conn:
            orders = sa.table('orders', sa.column('number'), sa.column('raw', sa.JSON))
            assert dict(conn.execute(sa.select(orders.c.number, orders.c.raw)).all()) == {
                'GEMC-511687700000001': {'संविदा संख्या / Contract number': 'GEMC-511687700000001', 'Brand': None},
                'GEMC-511687700000002': {'Contract No': 'GEMC-511687700000002'}}
            assert 'source_layouts' not in sa.inspect(conn).get_table_names()
        _db.engine.dispose()
