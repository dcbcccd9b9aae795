"""The engine's SQLite fast path for bulk INSERTs stores exactly what SQLAlchemy Core's executemany stores."""
import csv
import json
from datetime import datetime, timedelta, timezone

import pytest
from flask_babel import force_locale

from gemcell.gemdata.importers import engine, get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.template import ORDERS
from gemcell.gemdata.models import BuyingMode

BOOKKEEPING = {'id', 'created_dt', 'modified_dt', 'import_batch_id', 'seller_id', 'buyer_department_id', 'bid_id'}
ROWS = [
    ['GEMC-511687700000001', '', 'Medical Health and Family Welfare Department Uttar Pradesh', 'DISTRICT HOSPITAL',
     'SMO', 'State Government', '8AD6180000593530', 'M/S SNEH ENTERPRISES', 'sutures', 'Sutures model 1', '', '',
     '10', '4,200', '42000.00', 'Direct', '08/01/2026 14:49', 'Order Accepted'],
    ['GEMC-511687700000002', 'GEM/2025/B/6974734', 'चिकित्सा स्वास्थ्य विभाग', 'तहसील लखनऊ', '', '', 'SELLER2', '',
     'furniture', 'Office chair "deluxe"', 'Brand', 'M-1', '2.5', '2499.96', '6249.90', 'Bid/RA',
     '2025-12-04T10:45:56Z', ''],
    ['GEMC-511687700000003', '', 'Medical Health and Family Welfare Department Uttar Pradesh', '', '', '',
     '', '', '', '', '', '', '', '', '1', 'RA', '1/4/2025 0:00', 'Fullfillment in Progress'],
]


def stored(db, table):
    """The rows of ``table`` but their bookkeeping, a compact ``raw`` with its layout's headers in place of its id
    (a sequence does not go back when a savepoint is rolled back)."""
    connection = db.session.connection()
    layouts = dict(connection.exec_driver_sql('SELECT id, headers FROM source_layouts').all())
    rows = []
    for row in connection.exec_driver_sql(f'SELECT * FROM {table}'):
        values = dict(row._mapping)
        raw = values.get('raw')
        if isinstance(raw, str) and raw.startswith('['):  # SQLite: JSON text
            layout_id, rest = raw[1:].split(',', 1)
            values['raw'] = f'[{layouts[int(layout_id)]},{rest}'
        elif isinstance(raw, list):  # PostgreSQL: decoded
            values['raw'] = [layouts[raw[0]], *raw[1:]]
        rows.append(tuple((key, value) for key, value in values.items() if key not in BOOKKEEPING))
    return sorted(rows)


def import_and_read(db, path):
    savepoint = db.session.begin_nested()
    with force_locale('en'):
        batch = engine.run_import(get_shape('template'), Source(str(path), path.name, {'sheet': 'Orders'}),
                                  dry_run=False)
    assert batch.counts['order']['new'] == len(ROWS)
    contents = [stored(db, table) for table in ('orders', 'sellers', 'department_aliases')]
    savepoint.rollback()
    return contents


@pytest.mark.parametrize('rows_per_insert', [500, 2])  # one row to a statement; two, and one left over
def test_fast_inserts_store_what_core_stores(db, tmp_path, monkeypatch, rows_per_insert):
    monkeypatch.setattr(engine, 'ROWS_PER_INSERT', rows_per_insert)
    path = tmp_path / 'orders.csv'
    with open(path, 'w', newline='', encoding='utf-8') as file:
        writer = csv.writer(file)
        writer.writerow([column.headers[0] for column in ORDERS.columns])
        writer.writerows(ROWS)
    fast = import_and_read(db, path)
    monkeypatch.setattr(engine._BulkInserter, '_plan', lambda *args: None)
    core = import_and_read(db, path)
    assert fast == core
    assert len(fast[0]) == len(ROWS) and len(fast[1]) == 2


@pytest.mark.parametrize('rows', [[{'a': 1}], [{'a': 1, 'b': None}, {'a': 2, 'b': 'x'}]])
def test_parameter_rows_keep_the_compiled_order(rows):
    order = tuple(rows[0])[::-1]
    columns = dict(zip(rows[0], zip(*map(dict.values, rows))))
    converted = engine._parameter_rows(columns, order, [(0, lambda value: f'<{value}>')])
    assert converted == [tuple(f'<{row[order[0]]}>' if i == 0 else row[name] for i, name in enumerate(order))
                         for row in rows]


def test_faster_converters_give_what_the_bind_processors_give(db):
    dialect = db.session.connection().dialect
    if dialect.name != 'sqlite':
        pytest.skip('the fast path is SQLite\'s (on PostgreSQL, Core inserts)')
    orders = engine._ORDERS
    values = {'order_dt': [datetime(2026, 1, 8, 9, 19, tzinfo=timezone.utc), None,
                           datetime(2026, 1, 8, 14, 49, tzinfo=timezone(timedelta(hours=5, minutes=30)))],
              'buying_mode': [*BuyingMode, None, 'direct'],
              'raw': [[3, 'GEMC-511687700000001', '', None], {'विभाग': 'स्वास्थ्य', 'n': 1.5}, None]}
    for name, samples in values.items():
        column_type = orders.c[name].type
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        faster = engine._faster(column_type, processor, dialect)
        assert faster is not processor, name
        assert [faster(value) for value in samples] == [processor(value) for value in samples], name
    with pytest.raises(LookupError):
        engine._faster(orders.c.buying_mode.type, orders.c.buying_mode.type.bind_processor(dialect), dialect)('cash')


def test_a_json_serializer_that_is_not_a_plain_encoder_is_left_to_the_processor():
    assert engine._json_text(json.dumps) is None
    assert engine._json_text(json.JSONEncoder(indent=2).encode) is None
    assert engine._json_text(json.JSONEncoder(ensure_ascii=False).encode)(['स', None]) == '["स", null]'


def test_a_bulk_load_builds_the_indexes_it_dropped_again(db, tmp_path, monkeypatch):
    if db.session.connection().dialect.name != 'sqlite':
        pytest.skip('indexes are deferred on SQLite')
    monkeypatch.setattr(engine, 'DEFER_INDEXES_AFTER', 2)
    connection = db.session.connection()
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' ORDER BY name"
    before = connection.exec_driver_sql(indexes).all()
    path = tmp_path / 'orders.csv'
    with open(path, 'w', newline='', encoding='utf-8') as file:
        writer = csv.writer(file)
        writer.writerow([column.headers[0] for column in ORDERS.columns])
        writer.writerows(ROWS)
    finish = engine._BulkInserter.finish
    dropped = []

    def finishing(inserter):
        dropped.append(dict(inserter._deferred))
        finish(inserter)
    monkeypatch.setattr(engine._BulkInserter, 'finish', finishing)
    with force_locale('en'):
        batch = engine.run_import(get_shape('template'), Source(str(path), path.name, {'sheet': 'Orders'}),
                                  dry_run=False)
    assert batch.counts['order']['new'] == len(ROWS)
    assert 'orders' in dropped[0] and len(dropped[0]['orders']) == len([sql for _name, sql in before if sql])
    assert connection.exec_driver_sql(indexes).all() == before


def test_a_statement_takes_as_many_rows_as_its_parameters_allow(db):
    class Recording:
        def __init__(self):
            self.calls = []

        def exec_driver_sql(self, sql, parameters):
            self.calls.append((sql, parameters))
    inserter = engine._BulkInserter(db.session.connection())
    inserter.connection, inserter.max_parameters = Recording(), 7  # two rows of three
    inserter._execute_rows('INSERT INTO t (a, b, c) VALUES (?, ?, ?)', [(n, n, n) for n in range(5)])
    assert inserter.connection.calls == [
        ('INSERT INTO t (a, b, c) VALUES (?, ?, ?), (?, ?, ?)', [(0, 0, 0, 1, 1, 1), (2, 2, 2, 3, 3, 3)]),
        ('INSERT INTO t (a, b, c) VALUES (?, ?, ?)', [(4, 4, 4)])]
