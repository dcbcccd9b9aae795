"""Payments benchmark: the State dashboard (ageing by department with the penal and MSMED interest, the worst
departments and the 12-month trend) over 1,000,000 GeM orders on SQLite.

Target (issue 8): ageing and interest over 1,000,000 orders for the State dashboard ≤ 2 s.

The database is migrated, then filled directly through ``sqlite3`` executemany with deterministic synthetic data
(not timed; the generation time is printed): 75 departments with 5,000 offices, 50,000 sellers (a third micro or
small), 2,000 bids of which 500 set their own payment timeline, and orders from 2018 to November 2026 — 95 % with a
CRAC, most paid (on time or late, by GeM's date or the department's report), about one in eight unpaid, and 20,000
department reports (some saying "not paid yet" after GeM's date). Then, in this process: ``queries.dashboard`` for
a cell user, twice (the second run with SQLite's page cache warm, as a server answers), and the ageing alone.

``BENCH_PAYMENTS_ORDERS`` (default 1,000,000) shrinks it for a quick check. ``BENCH_PAYMENTS_DB`` names a file to
keep the generated database in and reuse while its size matches.
"""
import os
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

TARGET_S = 2.0
DEPARTMENTS, OFFICES, SELLERS, BIDS, TERMS, REPORTS = 75, 5_000, 50_000, 2_000, 500, 20_000
FIRST_DAY, TODAY = date(2018, 1, 1), date(2026, 11, 26)
STAMP = '%Y-%m-%d %H:%M:%S.%f'
CHUNK = 20_000
MODES = ('direct', 'l1', 'bid', 'ra')


def _app(db_path: str):
    from gemcell import create_app
    from gemcell.config import Config
    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}', 'SECRET_KEY': 'bench'})
    return create_app(config)


def _orders(count: int, rng: random.Random, created: str):
    span = (TODAY - FIRST_DAY).days
    for n in range(1, count + 1):
        ordered = FIRST_DAY + timedelta(days=rng.randrange(span))
        mode = MODES[rng.choices(range(4), (30, 35, 25, 10))[0]]
        value = round(rng.lognormvariate(11, 1.3), 2) if mode != 'direct' else round(rng.uniform(2_000, 50_000), 2)
        crac = ordered + timedelta(days=rng.randint(5, 40))
        if crac > TODAY or rng.random() < 0.05:
            crac = None
        paid = None
        if crac is not None:
            age = (TODAY - crac).days
            # older orders are mostly paid; recent ones often not yet
            if rng.random() < (0.97 if age > 180 else 0.75 if age > 45 else 0.4):
                paid = crac + timedelta(days=int(rng.expovariate(1 / 18)))
                if paid > TODAY:
                    paid = None
        department = rng.randint(1, DEPARTMENTS)
        office = (department - 1) * (OFFICES // DEPARTMENTS) + rng.randint(1, OFFICES // DEPARTMENTS)
        yield (n, f'GEMC-5{n:014d}', department, office, rng.randint(1, SELLERS), value, value, mode,
               datetime.combine(ordered, datetime.min.time()).strftime(STAMP), crac and crac.isoformat(),
               paid and paid.isoformat(), rng.randint(1, BIDS) if rng.random() < 0.3 else None, created, created)


def _insert(connection, sql, rows) -> int:
    chunk, done = [], 0
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            connection.executemany(sql, chunk)
            done += len(chunk)
            chunk = []
    if chunk:
        connection.executemany(sql, chunk)
        done += len(chunk)
    return done


def generate(db_path: str, orders: int) -> float:
    from flask_migrate import upgrade

    from gemcell.extensions import db
    started = time.perf_counter()
    app = _app(db_path)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    rng = random.Random(2026)
    created = datetime(2026, 11, 1, 6).strftime(STAMP)
    reported = datetime(2026, 11, 20, 6).strftime(STAMP)
    earlier = datetime(2026, 10, 1, 6).strftime(STAMP)
    connection = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ('journal_mode = OFF', 'synchronous = OFF', 'cache_size = -1000000', 'temp_store = MEMORY'):
        connection.execute(f'PRAGMA {pragma}')
    indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                 "AND tbl_name IN ('orders', 'payment_statuses', 'payment_reports')").fetchall()
    connection.execute('BEGIN')
    for name, _sql in indexes:  # built once at the end
        connection.execute(f'DROP INDEX {name}')
    connection.executemany('INSERT INTO departments (id, code, name_hi, name_en, is_active, created_dt, modified_dt) '
                           'VALUES (?, ?, ?, ?, 1, ?, ?)',
                           [(n, f'D{n}', f'विभाग {n}', f'Department {n}', created, created)
                            for n in range(1, DEPARTMENTS + 1)])
    per = OFFICES // DEPARTMENTS
    connection.executemany('INSERT INTO offices (id, department_id, name_hi, name_en, is_active, created_dt, '
                           'modified_dt) VALUES (?, ?, ?, ?, 1, ?, ?)',
                           [(n, (n - 1) // per + 1, f'कार्यालय {n}', f'Office {n}', created, created)
                            for n in range(1, OFFICES + 1)])
    connection.executemany('INSERT INTO sellers (id, gem_seller_id, name, is_mse, created_dt, modified_dt) '
                           'VALUES (?, ?, ?, ?, ?, ?)',
                           [(n, f'S{n:08d}', f'Seller {n}', rng.random() < 0.33, created, created)
                            for n in range(1, SELLERS + 1)])
    connection.executemany("INSERT INTO bids (id, source, number, is_ra, created_dt, modified_dt) "
                           "VALUES (?, 'gem', ?, 0, ?, ?)",
                           [(n, f'GEM/2025/B/{n:07d}', created, created) for n in range(1, BIDS + 1)])
    connection.executemany('INSERT INTO bid_payment_terms (bid_id, days, created_dt, modified_dt) VALUES (?, ?, ?, ?)',
                           [(n, rng.choice((15, 30, 45, 60, 90)), created, created) for n in range(1, TERMS + 1)])
    _insert(connection, 'INSERT INTO orders (id, number, buyer_department_id, office_id, seller_id, total_value, '
            'invoice_amount, buying_mode, order_dt, crac_date, payment_date, bid_id, created_dt, modified_dt) '
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', _orders(orders, rng, created))
    picked = rng.sample(range(1, orders + 1), min(REPORTS, orders))
    rows = connection.execute(f'SELECT id, buyer_department_id, crac_date, payment_date FROM orders WHERE id IN '
                              f'({",".join(map(str, picked))})').fetchall()
    reports = []
    for n, (order, department, crac, paid) in enumerate(rows, start=1):
        if paid is None and crac is not None and rng.random() < 0.5:
            reports.append((n, order, department, 'paid', (date.fromisoformat(crac) + timedelta(days=20)).isoformat(),
                            f'PFMS/{n}', None, reported))
        else:
            # a reason for delay; on an order GeM shows paid, reported before GeM's import (so GeM's date wins),
            # except one in twenty (the department says it is not paid after all)
            when = reported if paid is None or rng.random() < 0.05 else earlier
            reports.append((n, order, department, 'delayed', None, None,
                            rng.choice(('budget', 'bill_not_received', 'dispute', 'crac_pending')), when))
    connection.executemany('INSERT INTO payment_reports (id, order_id, department_id, state, paid_date, reference, '
                           "reason_code, reported_dt, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'table')", reports)
    connection.executemany('INSERT INTO payment_statuses (id, order_id, department_id, report_id, state, paid_date, '
                           "reference, reason_code, reported_dt, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'table')",
                           [(n, order, dep, n, state, paid, ref, reason, when)
                            for n, order, dep, state, paid, ref, reason, when in reports])
    for _name, sql in indexes:
        connection.execute(sql)
    connection.execute('COMMIT')
    connection.execute('ANALYZE')
    connection.close()
    return time.perf_counter() - started


def measure(db_path: str) -> dict:
    from gemcell.core.permissions import Role
    from gemcell.extensions import db
    from gemcell.payments import queries
    app = _app(db_path)
    cell = SimpleNamespace(is_authenticated=True, is_active=True, role=Role.government, department_id=None)
    result = {}
    with app.test_request_context():
        for label in ('dashboard_cold', 'dashboard_warm'):
            started, cpu = time.perf_counter(), time.process_time()
            board = queries.dashboard(cell, TODAY)
            result[label] = time.perf_counter() - started
            result[label + '_cpu'] = time.process_time() - cpu
        started = time.perf_counter()
        queries.ageing(cell, TODAY)
        result['ageing'] = time.perf_counter() - started
        department = board.worst[0].key
        started = time.perf_counter()
        overdue = queries.department_overdue_orders(department, TODAY)
        result['department_overdue'] = time.perf_counter() - started
        result.update(unpaid=board.total.count, overdue=board.total.overdue_count,
                      overdue_value=board.total.overdue_value, interest=board.total.interest,
                      department_orders=len(overdue))
        db.engine.dispose()
    return result


def _saved_orders(path: Path) -> int | None:
    if not path.exists():
        return None
    connection = sqlite3.connect(path)
    try:
        return connection.execute('SELECT COUNT(*) FROM orders').fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def main() -> None:
    orders = int(os.environ.get('BENCH_PAYMENTS_ORDERS', 1_000_000))
    kept = Path(os.environ['BENCH_PAYMENTS_DB']) if os.environ.get('BENCH_PAYMENTS_DB') else None
    with tempfile.TemporaryDirectory(prefix='gemcell-bench-payments-') as tmp:
        db_path = Path(tmp) / 'payments.db'
        generated = None
        if kept is not None and _saved_orders(kept) == orders:
            shutil.copyfile(kept, db_path)
        else:
            generated = generate(str(db_path), orders)
            if kept is not None:
                shutil.copyfile(db_path, kept)
        measured = measure(str(db_path))
    rows = [('orders', f'{orders:,}', '', '')]
    if generated is not None:
        rows.append(('data generation (not timed), s', f'{generated:.1f}', '', ''))
    warm = measured['dashboard_warm']
    rows += [
        ('State dashboard, first run, s', f'{measured["dashboard_cold"]:.2f}', f'≤ {TARGET_S:g}',
         f'{measured["dashboard_cold"] / TARGET_S:.2f}'),
        ('State dashboard, again, s', f'{warm:.2f}', f'≤ {TARGET_S:g}', f'{warm / TARGET_S:.2f}'),
        ('  of which CPU time of this process, s', f'{measured["dashboard_warm_cpu"]:.2f}', '', ''),
        ('  load average (1 min) while measuring', f'{os.getloadavg()[0]:.1f}', '', ''),
        ('  ageing + interest alone, s', f'{measured["ageing"]:.2f}', '', ''),
        ('  unpaid after CRAC / overdue', f'{measured["unpaid"]:,} / {measured["overdue"]:,}', '', ''),
        ('  overdue value, ₹', f'{measured["overdue_value"]:,.0f}', '', ''),
        ('  interest accrued, ₹', f'{measured["interest"]:,.0f}', '', ''),
        ('worst department: overdue orders, s', f'{measured["department_overdue"]:.2f}', '(info)', ''),
        ('  its overdue orders', f'{measured["department_orders"]:,}', '', ''),
    ]
    print(f'{"measure":<40}{"value":>22}{"target":>10}{"ratio":>8}')
    for label, value, target, ratio in rows:
        print(f'{label:<40}{value:>22}{target:>10}{ratio:>8}')


if __name__ == '__main__':
    main()
