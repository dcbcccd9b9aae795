"""Scrutiny benchmark: the rule engine over 200,000 bids (about a million bidders) and a million orders on SQLite.

Targets (issue): full scrutiny (every bid, every order, every buyer-office/category group for splitting) ≤ 60 s on
a 2-core machine; incremental scrutiny after an import of 1,000 bids with their bidders ≤ 3 s.

The database is migrated, then filled by ``gemcell.synth`` (``flask gemcell synth``'s generator; not timed, the
generation time is printed) at the State's scale but over the years from 2018 to 2026, so that every threshold
version applies: 5,000 buyer offices, 50,000 sellers, bids of GeM and GePNIC with EMD, ePBG, exemptions, ATC text
and regular/custom/BOQ categories, their bidders (with disqualified-lowest, manual-L1 and all-but-winner patterns),
and orders (with bursts of purchases just under a limit, the splitting pattern). Then, in a child process of its
own (its peak RSS is the scrutiny's): ``scrutinise('all')``; the same again (nothing new: the reconcile path); an
import of 1,000 bids with their bidders through the template shape and ``scrutinise('import', batch_id=…)``; and,
for information, the same with 1,000 orders (which recomputes the splitting groups they touch).

``BENCH_SCRUTINY_BIDS`` (default 200,000), ``BENCH_SCRUTINY_ORDERS`` (default 1,000,000) and
``BENCH_SCRUTINY_NEW`` (the incremental import, default 1,000) shrink it for a quick check. ``BENCH_SCRUTINY_DB``
names a file to keep the generated database in and reuse while its sizes match (each run works on a copy).
``BENCH_SCRUTINY_PROFILE=1`` runs the full scrutiny under cProfile and prints the top 30 functions by cumulative
time (the timings are then inflated by the profiler).
"""
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL_TARGET_S, INCREMENTAL_TARGET_S = 60, 3
STAMP = '%Y-%m-%d %H:%M:%S.%f'  # how SQLAlchemy's DateTime stores a (naive UTC) moment on SQLite
TODAY, SEED = date(2026, 11, 20), 2026
#: months of data up to ``TODAY``: from January 2018
MONTHS = (TODAY.year - 2018) * 12 + TODAY.month - 1


def scale(bids: int, orders: int):
    """The State's scale (departments, offices), with 50,000 sellers and the bids and orders asked for, over the
    years since 2018."""
    from gemcell.synth.world import SCALES
    return replace(SCALES['state'], name='bench-scrutiny', sellers=50_000, bids=bids, orders=orders, months=MONTHS,
                   tickets=1_000, payment_reports=1_000)


def _dmy(moment: datetime) -> str:
    """``08/01/2026 14:49``, as GeM's exports write a moment."""
    return f'{moment.day:02d}/{moment.month:02d}/{moment.year} {moment.hour:02d}:{moment.minute:02d}'


def generate(db_path: str, bids: int, orders: int) -> dict:
    """Migrate ``db_path`` and fill it; returns the row counts and the seconds taken."""
    from gemcell.synth.generate import fill_database
    started = time.perf_counter()
    counts = fill_database(f'sqlite:///{db_path}', scale(bids, orders), SEED, TODAY)
    return {'bids': counts['bids'], 'bidders': counts['bidders'], 'orders': counts['orders'],
            'sellers': counts['sellers'], 'seconds': time.perf_counter() - started}


def _check_formats(db_path: str) -> None:
    """Read one generated row of each table back through the ORM: enum values, Numeric, datetimes parse."""
    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db
    from gemcell.gemdata.models import Bid, Bidder, Order, Seller

    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    with create_app(config).app_context():
        for model in (Bid, Bidder, Order, Seller):
            for row in db.session.scalars(db.select(model).limit(50)):
                assert row.created_dt.tzinfo is not None
        db.session.rollback()
        db.engine.dispose()


# -- the incremental import files ----------------------------------------------------------------------------------

def _world(bids: int):
    """The database's world (departments, offices, sellers), to draw new bids and orders from."""
    from gemcell.synth.world import World
    return World(scale(bids, 0), SEED, TODAY)


def write_bids_workbook(path: Path, count: int, seed: int) -> None:
    """``count`` new GeM bids with their bidders, in the template's Bids and Bidders sheets."""
    from openpyxl import Workbook

    from gemcell.gemdata.importers.template import BIDDERS, BIDS
    from gemcell.synth.gemdata import BID_COLUMNS, BIDDER_COLUMNS, Bids
    world = _world(count)  # the same departments, offices and sellers as the database
    workbook = Workbook(write_only=True)
    bids_sheet = workbook.create_sheet(BIDS.name)
    bids_sheet.append([column.headers[0] for column in BIDS.columns])
    bidders_sheet = workbook.create_sheet(BIDDERS.name)
    bidders_sheet.append([column.headers[0] for column in BIDDERS.columns])
    for n, (bid, bidders) in enumerate(Bids(world, None, part=f'new-bids-{seed}').rows()):
        row = dict(zip(BID_COLUMNS, bid))
        number = f'GEM/2026/B/{9_500_000 + seed * 10_000 + n}'
        published = datetime.strptime(row['published_dt'], STAMP)
        end = datetime.strptime(row['end_dt'], STAMP)
        bids_sheet.append([number, row['title'], row['buyer_department_raw'], row['office_raw'], row['category_name'],
                           row['kind'], row['quantity'], row['estimated_value'], row['emd_amount'],
                           _dmy(published), _dmy(end), row['status']])
        for bidder in bidders:
            b = dict(zip(BIDDER_COLUMNS, bidder))
            gem_id = world.sellers[b['seller_id'] - 1][0] if b['seller_id'] else None
            bidders_sheet.append([number, b['name'], gem_id, b['state'], b['reason'], b['financial_value'],
                                  f'L{b["rank"]}' if b['rank'] else None, 'Yes' if b['is_awarded'] else 'No',
                                  b['awarded_value']])
    workbook.save(path)


def write_orders_workbook(path: Path, count: int, seed: int, first_id: int) -> None:
    """``count`` new orders of the same offices and categories, in the template's Orders sheet (their ids, and so
    their contract numbers, from ``first_id``)."""
    from types import SimpleNamespace

    from openpyxl import Workbook

    from gemcell.gemdata.importers.template import ORDERS
    from gemcell.synth.gemdata import ORDER_COLUMNS, Orders
    world = _world(0)
    world.scale = replace(world.scale, orders=count)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ORDERS.name)
    sheet.append([column.headers[0] for column in ORDERS.columns])
    modes = {'direct': 'Direct', 'l1': 'L1', 'bid': 'Bid', 'ra': 'RA'}
    orders = Orders(world, SimpleNamespace(awarded=[]), None, part=f'new-orders-{seed}', first_id=first_id)
    for order in orders.rows():
        row = dict(zip(ORDER_COLUMNS, order))
        when = datetime.strptime(row['order_dt'], STAMP)
        sheet.append([row['number'], None, row['buyer_department_raw'], row['office_raw'], row['buyer_designation'],
                      row['buyer_org_type'], world.sellers[row['seller_id'] - 1][0], row['seller_name'],
                      row['category_name'], row['product'], row['brand'], None, row['quantity'], row['unit_price'],
                      row['total_value'], modes[row['buying_mode']], _dmy(when), row['status']])
    workbook.save(path)


# -- the measurements ----------------------------------------------------------------------------------------------

class _Phases:
    """Seconds spent in the engine's phases, by wrapping its methods (no profiler)."""

    NAMES = ('load_catalogue', 'run_bids', 'run_bid_chunks', 'apply', 'run_orders', 'run_groups',
             '_follow_departments')

    def __init__(self):
        from gemcell.scrutiny import engine
        self.engine = engine
        self.seconds = dict.fromkeys(self.NAMES, 0.0)
        self._originals = {}

    def __enter__(self):
        for name in self.NAMES:
            owner = self.engine._Engine if hasattr(self.engine._Engine, name) else self.engine
            original = getattr(owner, name)
            self._originals[name] = (owner, original)
            setattr(owner, name, self._timed(name, original))
        return self

    def __exit__(self, *exc):
        for name, (owner, original) in self._originals.items():
            setattr(owner, name, original)

    def _timed(self, name, original):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
        return timed

    def reset(self):
        self.seconds = dict.fromkeys(self.NAMES, 0.0)


def _timed_scrutiny(db, phases: _Phases, scope: str, batch_id: int | None = None) -> dict:
    from gemcell.scrutiny.engine import scrutinise
    phases.reset()
    started = time.perf_counter()
    run = scrutinise(scope, batch_id=batch_id)
    ran = time.perf_counter() - started
    db.session.commit()
    return {'seconds': time.perf_counter() - started, 'commit': time.perf_counter() - started - ran,
            'counts': dict(run.counts), 'phases': dict(phases.seconds)}


def measure(db_path: str, workdir: str, new: int, profile: bool) -> dict:
    """In a fresh process: the full run, the re-run, and the incremental runs after the imports."""
    import sqlalchemy as sa

    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db
    from gemcell.gemdata.importers import get_shape
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.engine import run_import
    from gemcell.gemdata.models import Order
    from gemcell.scrutiny.models import Finding, FindingState

    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    app = create_app(config)
    result = {}
    with app.app_context(), _Phases() as phases:
        db.session.info['audit_actor'] = (None, 'bench')
        if profile:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
        result['full'] = _timed_scrutiny(db, phases, 'all')
        if profile:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats('cumulative').print_stats(30)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats('tottime').print_stats(30)
        result['rss_full_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result['rss_orders_mb'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result['rerun'] = _timed_scrutiny(db, phases, 'all')
        for kind in ('bids', 'orders'):
            path = Path(workdir) / f'new-{kind}.xlsx'
            if kind == 'bids':
                write_bids_workbook(path, new, seed=7)
            else:
                write_orders_workbook(path, new, seed=8,
                                      first_id=(db.session.scalar(sa.select(sa.func.max(Order.id))) or 0) + 1)
            started = time.perf_counter()
            batch = run_import(get_shape('template'), Source(str(path), path.name), dry_run=False)
            db.session.commit()
            imported = time.perf_counter() - started
            assert batch.state.value == 'committed', (batch.state, batch.message, batch.errors[:3])
            measured = _timed_scrutiny(db, phases, 'import', batch.id)
            measured.update(import_seconds=imported, import_counts=batch.counts)
            result[f'incremental_{kind}'] = measured
        result['live_findings'] = db.session.execute(sa.select(sa.func.count()).select_from(Finding).where(
            Finding.state != FindingState.superseded)).scalar()
        result['by_rule'] = dict(db.session.execute(sa.select(Finding.rule_id, sa.func.count()).where(
            Finding.state != FindingState.superseded).group_by(Finding.rule_id)).all())
        db.engine.dispose()
    result['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(workdir: Path, *args: str) -> dict:
    env = {**os.environ, 'PYTHONPATH': str(ROOT), 'GEMCELL_INSTANCE': str(workdir / 'instance')}
    process = subprocess.run([sys.executable, '-m', 'bench.bench_scrutiny', *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    if process.returncode:
        raise SystemExit(f'bench_scrutiny {args[0]} failed ({process.returncode})')
    return json.loads(process.stdout.strip().splitlines()[-1])


def _saved_sizes(path: Path) -> tuple[int, int] | None:
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path)
        sizes = tuple(connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0] for table in ('bids', 'orders'))
        findings = connection.execute('SELECT count(*) FROM findings').fetchone()[0]
        connection.close()
    except sqlite3.Error:
        return None
    return sizes if not findings else None


def main() -> None:
    bids = int(os.environ.get('BENCH_SCRUTINY_BIDS', 200_000))
    orders = int(os.environ.get('BENCH_SCRUTINY_ORDERS', 1_000_000))
    new = int(os.environ.get('BENCH_SCRUTINY_NEW', 1_000))
    profile = os.environ.get('BENCH_SCRUTINY_PROFILE', '') not in ('', '0')
    kept = Path(os.environ['BENCH_SCRUTINY_DB']) if os.environ.get('BENCH_SCRUTINY_DB') else None
    with tempfile.TemporaryDirectory(prefix='gemcell-bench-scrutiny-') as tmp:
        workdir = Path(tmp)
        db_path = workdir / 'scrutiny.db'
        generated = None
        if kept is not None and _saved_sizes(kept) == (bids, orders):
            shutil.copyfile(kept, db_path)
        else:
            generated = _child(workdir, 'generate', str(db_path), str(bids), str(orders))
            if kept is not None:
                shutil.copyfile(db_path, kept)
        measured = _child(workdir, 'measure', str(db_path), str(workdir), str(new), '1' if profile else '0')
    _print(bids, orders, new, generated, measured, profile)


def _print(bids: int, orders: int, new: int, generated: dict | None, measured: dict, profile: bool) -> None:
    full, rerun = measured['full'], measured['rerun']
    incremental, incremental_orders = measured['incremental_bids'], measured['incremental_orders']
    bidders = generated['bidders'] if generated else None
    rows = [('bids', f'{bids:,}', '', ''),
            ('bidders', f'{bidders:,}' if bidders else '(kept db)', '', ''),
            ('orders', f'{orders:,}', '', '')]
    if generated:
        rows.append(('data generation (not timed), s', f'{generated["seconds"]:.1f}', '', ''))
    rows += [
        ('full scrutiny + commit, s', f'{full["seconds"]:.1f}', f'≤ {FULL_TARGET_S}',
         f'{full["seconds"] / FULL_TARGET_S:.2f}'),
        ('  bids, s' if full['phases']['run_bids'] else '  bids (this process\'s share), s',
         f'{full["phases"]["run_bids"] + full["phases"]["run_bid_chunks"]:.1f}', '', ''),
        ('  writing the other process\'s finds, s', f'{full["phases"]["apply"]:.1f}', '', ''),
        # a full run over many orders scrutinises them in a second process, alongside the bids
        ('  orders (+ gathering the groups), s', f'{full["phases"]["run_orders"]:.1f}' if full['phases']['run_orders']
         else '(second process)', '', ''),
        ('  groups: splitting rule, s', f'{full["phases"]["run_groups"]:.1f}' if full['phases']['run_groups']
         else '(second process)', '', ''),
        ('  catalogue + departments, s',
         f'{full["phases"]["load_catalogue"] + full["phases"]["_follow_departments"]:.1f}', '', ''),
        ('  commit, s', f'{full["commit"]:.1f}', '', ''),
        ('  bids/s', f'{bids / full["phases"]["run_bids"]:,.0f}' if full['phases']['run_bids'] else '—', '', ''),
        ('  orders/s', f'{orders / full["phases"]["run_orders"]:,.0f}' if full['phases']['run_orders'] else '—',
         '', ''),
        ('  groups', f'{full["counts"]["groups"]:,}', '', ''),
        ('  findings written', f'{full["counts"]["new"]:,}', '', ''),
        ('  rule errors', f'{full["counts"]["errors"]:,}', '', ''),
        ('re-run, nothing new, s', f'{rerun["seconds"]:.1f}', '', ''),
        ('  unchanged / new / superseded',
         f'{rerun["counts"]["unchanged"]:,} / {rerun["counts"]["new"]:,} / {rerun["counts"]["superseded"]:,}', '',
         ''),
        (f'import of {new:,} bids + bidders, s', f'{incremental["import_seconds"]:.1f}', '', ''),
        (f'incremental scrutiny, {new:,} bids, s', f'{incremental["seconds"]:.2f}', f'≤ {INCREMENTAL_TARGET_S}',
         f'{incremental["seconds"] / INCREMENTAL_TARGET_S:.2f}'),
        ('  bids + bidders, s', f'{incremental["phases"]["run_bids"]:.2f}', '', ''),
        ('  catalogue + departments (full scans), s',
         f'{incremental["phases"]["load_catalogue"] + incremental["phases"]["_follow_departments"]:.2f}', '', ''),
        ('  findings written', f'{incremental["counts"]["new"]:,}', '', ''),
        (f'import of {new:,} orders, s', f'{incremental_orders["import_seconds"]:.1f}', '', ''),
        (f'incremental scrutiny, {new:,} orders, s', f'{incremental_orders["seconds"]:.2f}', '(info)',
         f'{incremental_orders["seconds"] / INCREMENTAL_TARGET_S:.2f}'),
        ('  groups: reading + splitting rule, s', f'{incremental_orders["phases"]["run_groups"]:.2f}', '', ''),
        ('live findings at the end', f'{measured["live_findings"]:,}', '', ''),
        ('peak RSS of the full run, MB', f'{measured["rss_full_mb"]:.0f}', '', ''),
        ('  of its orders process, MB', f'{measured.get("rss_orders_mb", 0):.0f}', '', ''),
        ('peak RSS, all runs, MB', f'{measured["rss_mb"]:.0f}', '', ''),
    ]
    if profile:
        rows.insert(0, ('(under cProfile: times inflated)', '', '', ''))
    print(f'{"measure":<40}{"value":>22}{"target":>10}{"ratio":>8}')
    for label, value, target, ratio in rows:
        print(f'{label:<40}{value:>22}{target:>10}{ratio:>8}')
    print('findings by rule: ' + ', '.join(f'{rule} {count:,}' for rule, count in sorted(measured['by_rule'].items())))


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'generate':
        counts = generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        _check_formats(sys.argv[2])
        print(json.dumps(counts))
    elif len(sys.argv) == 6 and sys.argv[1] == 'measure':
        print(json.dumps(measure(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == '1'), default=str))
    else:
        main()
