"""``flask gemcell synth``: the town scale (a hundredth of the State) on the test database, on SQLite and PostgreSQL
alike — what it writes, that the same seed writes the same rows into two fresh databases, that its users can sign in
and find work, and that it refuses a database that holds records already."""
import hashlib
import json
import os
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from gemcell import create_app
from gemcell.core.permissions import Role
from gemcell.synth.cli import SYNTH_PASSWORD
from gemcell.synth.world import SCALES
from tests.conftest import dispose, make_config

TODAY = date(2026, 11, 26)
ARGS = ['gemcell', 'synth', '--scale', 'town', '--today', TODAY.isoformat()]
TOWN = SCALES['town']
#: tables whose rows must be the same for the same seed (users without their salted password hashes)
HASHED = ['departments', 'offices', 'users', 'sellers', 'bids', 'bidders', 'orders', 'payment_reports', 'returns',
          'return_versions', 'tickets', 'ticket_events', 'ticket_messages']


def count(db, table: str, where: str = '') -> int:
    return db.session.execute(sa.text(f'SELECT count(*) FROM {table} {where}')).scalar()


@pytest.fixture
def synthesised(app, db):
    """The town scale, written once into the test's (empty) database."""
    result = app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def fresh_app(tmp_path, database_url):
    """``fresh_app(name)``: an app on a new, migrated database of its own (a SQLite file, or a new database on the
    PostgreSQL server), removed afterwards."""
    made = []

    def _fresh(name: str):
        if os.environ.get('TEST_DATABASE_URL'):
            url = sa.make_url(database_url)
            admin = sa.create_engine(url, isolation_level='AUTOCOMMIT')
            database = f'{url.database}_{name}'
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
            admin.dispose()
            uri = url.set(database=database).render_as_string(hide_password=False)
        else:
            uri = f'sqlite:///{tmp_path / name}.db'
        app = create_app(make_config(SQLALCHEMY_DATABASE_URI=uri, INSTANCE_PATH=str(tmp_path / f'{name}-instance')))
        with app.app_context():
            upgrade()
        made.append((app, uri))
        return app

    yield _fresh
    for app, uri in made:
        dispose(app)
        if uri.startswith('postgresql'):
            url = sa.make_url(uri)
            admin = sa.create_engine(url.set(database='postgres'), isolation_level='AUTOCOMMIT')
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            admin.dispose()


def invoke(app, args):
    """Run the command on ``app``'s database (its context pushed over any other)."""
    from gemcell.extensions import db
    with app.app_context():
        result = app.test_cli_runner().invoke(args=args)
        db.session.remove()
    return result


def digest(app) -> dict[str, str]:
    """SHA-256 of each ``HASHED`` table's rows, in id order."""
    from gemcell.extensions import db
    digests = {}
    with app.app_context():
        for name in HASHED:
            table = db.metadata.tables[name]
            columns = [c for c in table.columns if c.name != 'password_hash']
            h = hashlib.sha256()
            for row in db.session.execute(sa.select(*columns).order_by(table.c.id)):
                h.update(repr(tuple(row)).encode())
            digests[name] = h.hexdigest()
        db.session.remove()
    return digests


def test_town_scale_writes_about_a_hundredth_of_the_state(synthesised, db):
    assert count(db, 'departments') == TOWN.departments == 10
    assert count(db, 'offices') == TOWN.offices
    assert count(db, 'sellers') == TOWN.sellers
    assert count(db, 'bids') == TOWN.bids
    assert 4 * TOWN.bids <= count(db, 'bidders') <= 6 * TOWN.bids
    assert count(db, 'orders') == TOWN.orders
    assert count(db, 'tickets') == TOWN.tickets
    assert count(db, 'ticket_events') > 3 * TOWN.tickets
    # 24 months of returns: two fortnightly and one monthly a month per department, some never filed
    periods = TOWN.months * 3
    assert 0.8 * periods * TOWN.departments <= count(db, 'returns') <= periods * TOWN.departments + 30
    assert count(db, 'return_versions') >= count(db, 'returns', "WHERE state != 'draft'")
    roles = dict(db.session.execute(sa.text('SELECT role, count(*) FROM users GROUP BY role')).all())
    assert roles == {'admin': 1, 'cell_head': 1, 'reviewer': TOWN.reviewers, 'government': TOWN.government,
                     'nodal': TOWN.departments}
    # one nodal officer per department
    assert count(db, 'users', "WHERE role = 'nodal'") == \
        db.session.execute(sa.text("SELECT count(DISTINCT department_id) FROM users WHERE role = 'nodal'")).scalar()
    assert 'Rows written:' in synthesised.output and f'password for all: {SYNTH_PASSWORD}' in synthesised.output


def test_the_real_departments_come_first_with_their_names(synthesised, db):
    rows = db.session.execute(sa.text('SELECT code, name_hi, name_en FROM departments ORDER BY id')).all()
    assert rows[0] == ('HEALTH', 'चिकित्सा स्वास्थ्य एवं परिवार कल्याण विभाग',
                       'Medical Health and Family Welfare Department')
    assert [code for code, _hi, _en in rows[:6]] == ['HEALTH', 'PWD', 'BASIC', 'HOME', 'MSME', 'AGRI']
    offices = db.session.execute(sa.text("SELECT name_hi, name_en FROM offices WHERE department_id = 1 AND "
                                         "name_en LIKE 'District Hospital, %'")).all()
    assert offices and all(hi.startswith('जिला चिकित्सालय, ') for hi, _en in offices)


def test_numbers_dates_and_values_have_gem_shapes(synthesised, db):
    numbers = [n for (n,) in db.session.execute(sa.text("SELECT number FROM bids WHERE source = 'gem'"))]
    assert all(re.fullmatch(r'GEM/20\d\d/[BR]/\d{6,7}', n) for n in numbers)
    assert all(re.fullmatch(r'GEM/20\d\d/B/\d{7}', n) for n in numbers if '/B/' in n)
    tenders = [n for (n,) in db.session.execute(sa.text("SELECT number FROM bids WHERE source = 'gepnic'"))]
    assert tenders and all(re.fullmatch(r'20\d\d_[A-Z]+_\d+_\d', n) for n in tenders)
    contracts = [n for (n,) in db.session.execute(sa.text('SELECT number FROM orders'))]
    assert all(re.fullmatch(r'GEMC-\d{15}', n) for n in contracts) and len(set(contracts)) == len(contracts)
    sellers = [n for (n,) in db.session.execute(sa.text('SELECT gem_seller_id FROM sellers'))]
    assert all(re.fullmatch(r'[0-9A-Z]{4}\d{12}', n) for n in sellers)
    # 24 months of orders, up to yesterday
    first, last = db.session.execute(sa.text('SELECT min(order_dt), max(order_dt) FROM orders')).one()
    first, last = (value if isinstance(value, str) else value.isoformat(' ') for value in (first, last))
    assert '2024-11-01' <= first < '2024-11-08' and last < TODAY.isoformat()
    # values are log-normal: the median far below the mean
    values = sorted(float(v) for (v,) in db.session.execute(sa.text("SELECT total_value FROM orders")))
    assert values[len(values) // 2] < sum(values) / len(values) / 2


def test_buying_modes_mostly_within_their_limits(synthesised, db):
    from gemcell.scrutiny.settings import Settings
    settings = Settings.defaults()
    direct = db.session.execute(sa.text("SELECT total_value, order_dt FROM orders WHERE buying_mode = 'direct'")).all()
    above = [v for v, when in direct
             if float(v) > float(settings.value('gfr149.direct_limit', date.fromisoformat(str(when)[:10])))]
    assert 0 < len(above) < 0.05 * len(direct)
    modes = dict(db.session.execute(sa.text('SELECT buying_mode, count(*) FROM orders GROUP BY buying_mode')).all())
    assert set(modes) == {'direct', 'l1', 'bid', 'ra'} and modes['direct'] > modes['l1'] > modes['ra']


def test_scrutiny_finds_planted_deviations(synthesised, db):
    from gemcell.scrutiny.engine import open_counts, scrutinise
    scrutinise('all')
    db.session.commit()
    found = {row['rule_id'] for row in open_counts(db.session)}
    assert {'GFR-149-DIRECT', 'GFR-149-SPLIT', 'GFR-170-RANGE', 'CARD-R018', 'CARD-R036', 'MANUAL-L1',
            'GEM-BIDCYCLE', 'GEM-NV-05'} <= found


def test_payments_dashboard_has_overdue_orders_and_reports(synthesised, db):
    from gemcell.payments import queries
    cell = SimpleNamespace(is_authenticated=True, is_active=True, role=Role.reviewer, department_id=None)
    board = queries.dashboard(cell, TODAY)
    assert 0 < board.total.overdue_count < 0.15 * TOWN.orders
    assert board.total.interest > 0
    assert count(db, 'payment_reports') >= count(db, 'payment_statuses') == TOWN.payment_reports


def test_returns_and_tickets_have_every_state(synthesised, db):
    states = {s for (s,) in db.session.execute(sa.text('SELECT DISTINCT state FROM returns'))}
    assert {'accepted', 'submitted', 'returned'} <= states
    late = db.session.execute(sa.text(
        "SELECT count(*) FROM returns WHERE first_submitted_dt IS NOT NULL AND "
        "substr(CAST(first_submitted_dt AS VARCHAR), 1, 10) > CAST(due_date AS VARCHAR)")).scalar()
    assert late > 0
    # some periods never filed: fewer returns than departments × periods
    assert count(db, 'returns') < TOWN.departments * TOWN.months * 3
    resubmitted = count(db, 'return_versions', 'WHERE number = 2')
    assert resubmitted > 0
    tickets = dict(db.session.execute(sa.text('SELECT state, count(*) FROM tickets GROUP BY state')).all())
    assert tickets.get('closed', 0) > TOWN.tickets / 2 and sum(tickets.values()) == TOWN.tickets
    assert count(db, 'tickets', 'WHERE escalated_dt IS NOT NULL') > 0
    assert count(db, 'tickets', "WHERE requester_kind = 'seller'") > 0


def test_audit_trail_has_one_entry_per_table_and_stays_intact(synthesised, db):
    from gemcell.core.audit import verify_chain
    entries = db.session.execute(sa.text(
        "SELECT model, changes FROM audit_entries WHERE object_id = 'synth:2026'")).all()
    models = [model for model, _changes in entries]
    assert len(models) == len(set(models)) and {'orders', 'bids', 'bidders', 'sellers', 'returns'} <= set(models)
    big = ('orders', 'bids', 'bidders', 'sellers', 'returns', 'tickets', 'ticket_events', 'users', 'offices')
    assert count(db, 'audit_entries', f"WHERE model IN {big}") == len(big)  # one per table, none per row
    orders = next(changes for model, changes in entries if model == 'orders')
    orders = orders if isinstance(orders, dict) else json.loads(orders)
    assert orders['synthetic_rows'] == [None, TOWN.orders] and orders['seed'] == [None, 2026]
    assert verify_chain(db.session) == count(db, 'audit_entries')


def test_every_role_signs_in_with_the_printed_password_and_sees_its_own(synthesised, app, db):
    client = app.test_client()
    for login in ('nodal.health', 'reviewer.01', 'cellhead', 'government.1', 'admin'):
        response = client.post('/auth/login', data={'login': login, 'password': SYNTH_PASSWORD})
        assert response.status_code == 303, login
        assert client.get('/').status_code == 200
        client.post('/auth/logout')
    client.post('/auth/login', data={'login': 'nodal.pwd', 'password': SYNTH_PASSWORD})
    page = client.get('/returns/?kind=monthly').get_data(as_text=True)
    assert ('लोक निर्माण विभाग' in page or 'Public Works Department' in page)
    assert 'बेसिक शिक्षा विभाग' not in page and 'Basic Education Department' not in page
    # the ids continue after the synthetic rows (PostgreSQL's sequences were moved on)
    from gemcell.helpdesk.models import Ticket
    assert db.session.scalar(sa.select(sa.func.max(Ticket.id))) == TOWN.tickets


def test_new_rows_after_synth_get_fresh_ids(synthesised, db, create_seller):
    assert create_seller().id == TOWN.sellers + 1


def test_same_seed_writes_the_same_rows_into_two_fresh_databases(fresh_app):
    first, second, third = fresh_app('synth_a'), fresh_app('synth_b'), fresh_app('synth_c')
    for app in (first, second):
        result = invoke(app, ARGS)
        assert result.exit_code == 0, result.output
    # the State's scale makes the bids and orders in a second process: the same rows
    from gemcell.extensions import db
    from gemcell.synth.generate import synthesise
    with third.app_context():
        synthesise(TOWN, 2026, TODAY, SYNTH_PASSWORD, parallel=True)
        db.session.commit()
        db.session.remove()
    assert digest(first) == digest(second) == digest(third)


def test_another_seed_or_day_writes_other_rows(synthesised, app, fresh_app):
    other = fresh_app('synth_d')
    later = (TODAY + timedelta(days=1)).isoformat()
    result = invoke(other, [*ARGS[:-1], later, '--seed', '7'])
    assert result.exit_code == 0, result.output
    assert digest(app)['orders'] != digest(other)['orders']


def test_refuses_a_database_with_departments_unless_forced(app, db, create_department, create_user):
    create_user(role='nodal', department=create_department(code='OLD', name_en='Old department'))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 1
    assert 'already holds 1 department' in result.output and '--force' in result.output
    db.session.expire_all()
    assert count(db, 'sellers') == 0 and count(db, 'departments') == 1
    result = runner.invoke(args=[*ARGS, '--force'])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert count(db, 'departments', "WHERE code = 'OLD'") == 0 and count(db, 'departments') == TOWN.departments
    # the managed lists the migrations ship are kept (or seeded where missing)
    assert count(db, 'ticket_categories') > 0 and count(db, 'return_list_items') > 0


def test_logins_file_lists_every_user(app, db, tmp_path):
    path = tmp_path / 'logins.csv'
    result = app.test_cli_runner().invoke(args=[*ARGS, '--logins', str(path)])
    assert result.exit_code == 0, result.output
    lines = path.read_text(encoding='utf-8').splitlines()
    assert lines[0] == 'login,role,department' and 'nodal.health,nodal,HEALTH' in lines
    assert len(lines) == 1 + 2 + TOWN.reviewers + TOWN.government + TOWN.departments


def test_every_foreign_key_holds_and_is_enforced_again(synthesised, db):
    """The load skips SQLite's per-row foreign-key lookups and drops PostgreSQL's keys: the rows hold them all, and
    the checks are back afterwards."""
    from gemcell.synth import loader
    if db.engine.dialect.name == 'sqlite':
        assert db.session.execute(sa.text('PRAGMA foreign_key_check')).all() == []
        assert loader._KEYS_OFF == {}  # no pooled connection left without its checks
    else:
        for table in ('orders', 'bidders', 'tickets', 'returns'):
            keys = db.session.execute(sa.text(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = CAST(:t AS regclass)"),
                {'t': table}).scalar()
            assert keys == len(db.metadata.tables[table].foreign_keys), table
    indexes = {index.name for index in db.metadata.tables['orders'].indexes}
    assert {'ix_orders_unpaid', 'ix_orders_payment_date', 'ix_orders_department_order_dt'} <= indexes
    present = {index['name'] for index in sa.inspect(db.session.connection()).get_indexes('orders')}
    assert indexes <= present  # every index made again


def test_each_nodal_officer_can_read_the_cells_circulars(synthesised, app, db):
    client = app.test_client()
    client.post('/auth/login', data={'login': 'nodal.agri', 'password': SYNTH_PASSWORD})
    page = client.get('/documents/').get_data(as_text=True)
    assert 'मासिक क्रय विवरणी एवं पाक्षिक आख्या समय से प्रस्तुत करने के सम्बन्ध में' in page
    response = client.get('/documents/1/download')
    assert response.status_code == 200 and response.data.startswith(b'%PDF')
