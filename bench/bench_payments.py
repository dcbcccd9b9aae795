"""Payments benchmark: the State dashboard (ageing by department with the penal and MSMED interest, the worst
departments and the 12-month trend) over 1,000,000 GeM orders on SQLite.

Target (issue 8): ageing and interest over 1,000,000 orders for the State dashboard ≤ 2 s.

The database is migrated, then filled by ``gemcell.synth`` (``flask gemcell synth``'s generator; not timed, the
generation time is printed) over the years from 2018 to November 2026: 75 departments with 5,000 offices, 50,000
sellers (half micro or small), 2,000 bids (some setting their own payment timeline) and the orders — most with a
CRAC, most paid (on time or late), many never (``unpaid=0.15``, five times the synthetic State's share: the
ageing has more to read), each department with its own habits, a few much slower — with 20,000
reports of the departments on unpaid orders (paid on a date GeM does not show yet, or a reason for the delay). Then,
in this process: ``queries.dashboard`` for a cell user, twice (the second run with SQLite's page cache warm, as a
server answers), and the ageing alone.

``BENCH_PAYMENTS_ORDERS`` (default 1,000,000) shrinks it for a quick check. ``BENCH_PAYMENTS_DB`` names a file to
keep the generated database in and reuse while its size matches.
"""
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

TARGET_S = 2.0
TODAY = date(2026, 11, 26)
#: months of data up to ``TODAY``: from January 2018
MONTHS = (TODAY.year - 2018) * 12 + TODAY.month - 1


def _app(db_path: str):
    from gemcell import create_app
    from gemcell.config import Config
    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}', 'SECRET_KEY': 'bench'})
    return create_app(config)


def generate(db_path: str, orders: int) -> float:
    from gemcell.synth.generate import fill_database
    from gemcell.synth.world import SCALES
    started = time.perf_counter()
    scale = replace(SCALES['state'], name='bench-payments', departments=75, sellers=50_000, bids=2_000,
                    orders=orders, months=MONTHS, tickets=1_000, payment_reports=20_000, unpaid=0.15)
    fill_database(f'sqlite:///{db_path}', scale, 2026, TODAY)
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
