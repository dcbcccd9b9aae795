"""Import benchmark: a million GeM orders in the template's CSV format into SQLite, against a bare executemany.

Targets (issue): gemcell import ≤ 30 s and ≤ 10 × the bare ``sqlite3`` executemany of the same rows, peak memory
≤ 500 MB; 100,000 rows of XLSX ≤ 60 s. ``BENCH_ROWS`` (default 1,000,000) and ``BENCH_XLSX_ROWS`` (default
100,000, at most ``BENCH_ROWS``) shrink it for a quick check. Each import runs in a child process of its own on a
freshly migrated database, so its peak RSS (``ru_maxrss``) is the import's.
"""
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV_TARGET_S, XLSX_TARGET_S, RATIO_TARGET, RSS_TARGET_MB = 30, 60, 10, 500


def _headers() -> list[str]:
    from gemcell.gemdata.importers.template import ORDERS
    return [column.headers[0] for column in ORDERS.columns]


def generate_rows(count: int, seed: int = 43):
    """Deterministic, realistic order rows in the column order of the template's Orders sheet."""
    rng = random.Random(seed)
    with open(ROOT / 'gemcell' / 'data' / 'departments.csv', encoding='utf-8') as file:
        names = [row['name_en'] for row in csv.DictReader(file)]
    variants = ('{} Uttar Pradesh', '{}, Government of Uttar Pradesh', '{} U.P.', 'Directorate, {}')
    departments = [variant.format(name) for name in names for variant in variants]  # a few hundred spellings
    offices = [f'{kind} {district}' for kind in ('District Hospital', 'Office of the CMO', 'Tehsil', 'Nagar Nigam')
               for district in ('Lucknow', 'Kanpur', 'Agra', 'Mainpuri', 'Varanasi', 'Prayagraj', 'Gorakhpur',
                                'Bareilly', 'Meerut', 'Jhansi', 'Ayodhya', 'Azamgarh')]
    alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
    sellers = [(''.join(rng.choice(alphabet) for _ in range(16)),
                f'M/S {rng.choice(["SNEH", "SHREE", "GANGA", "AVADH", "KASHI", "SURYA"])} '
                f'{rng.choice(["ENTERPRISES", "TRADERS", "MEDICALS", "SUPPLIERS", "INDUSTRIES"])} {n}')
               for n in range(20_000)]
    products = [(f'{rng.choice(["Sutures", "Office chair", "Printer toner", "Gloves", "LED lamp", "Desktop"])} '
                 f'model {n}', rng.choice(['sutures', 'furniture', 'consumables', 'electrical', 'computers']),
                 rng.choice([42, 190, 1416, 4200, 9000, 17548, 2499.96])) for n in range(500)]
    modes = ['Direct'] * 7 + ['Bid'] * 2 + ['RA']
    statuses = ['Order Accepted'] * 6 + ['Waiting for Seller Confirmation', 'Fullfillment in Progress']
    start = datetime(2025, 4, 1)
    for index in range(count):
        seller_id, seller_name = sellers[rng.randrange(len(sellers))]
        product, category, price = products[rng.randrange(len(products))]
        quantity = rng.choice([1, 2, 5, 10, 20, 50, 100, 240])
        mode = modes[rng.randrange(len(modes))]
        when = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
        yield [f'GEMC-5116877{index:08d}', f'GEM/2025/B/{6000000 + rng.randrange(200_000)}' if mode != 'Direct'
               else '', departments[rng.randrange(len(departments))], offices[rng.randrange(len(offices))], 'SMO',
               'State Government', seller_id, seller_name, category, product, '', '', str(quantity),
               f'{price:,}', f'{price * quantity:.2f}', mode, when.strftime('%d/%m/%Y %H:%M'),
               statuses[rng.randrange(len(statuses))]]


def write_csv(path: Path, count: int) -> None:
    with open(path, 'w', newline='', encoding='utf-8') as file:
        writer = csv.writer(file)
        writer.writerow(_headers())
        writer.writerows(generate_rows(count))


def write_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet('Orders')
    worksheet.append(_headers())
    for row in generate_rows(count):
        worksheet.append(row)
    workbook.save(path)


def bare_executemany(csv_path: Path, db_path: Path, raw: bool = True) -> float:
    """Seconds for plain ``sqlite3``: read the CSV and executemany the same columns (``raw``: and the row as JSON,
    as gemcell keeps a table's row: its values after the id of its file's headers, ``gemdata.models``)."""
    headers = _headers()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode  # as ``Config`` stores JSON
    connection = sqlite3.connect(db_path)
    columns = ', '.join(f'c{n} TEXT' for n in range(len(headers)))
    connection.execute(f'CREATE TABLE orders (id INTEGER PRIMARY KEY, {columns}, raw TEXT)')
    placeholders = ', '.join('?' * (len(headers) + 1))
    started = time.perf_counter()
    with open(csv_path, newline='', encoding='utf-8') as file:
        reader = csv.reader(file)
        next(reader)
        connection.executemany(f'INSERT INTO orders VALUES (NULL, {placeholders})',
                               ((*row, encode([1, *row]) if raw else None) for row in reader))
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def child(path: str, db_path: str, sheet: str) -> None:
    """In a fresh process: migrate an empty SQLite file, import ``path``, print seconds and peak RSS as JSON."""
    from flask_migrate import upgrade

    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db
    from gemcell.gemdata.importers import get_shape
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.engine import run_import

    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    app = create_app(config)
    with app.app_context():
        upgrade()
        db.session.info['audit_actor'] = (None, 'bench')
        started = time.perf_counter()
        batch = run_import(get_shape('template'), Source(path, Path(path).name, {'sheet': sheet}), dry_run=False)
        db.session.commit()
        seconds = time.perf_counter() - started
        counts = batch.counts
        db.engine.dispose()
    print(json.dumps({'seconds': seconds, 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      'counts': counts, 'state': batch.state.value}))


def _run_child(path: Path, workdir: Path, name: str) -> dict:
    env = {**os.environ, 'GEMCELL_INSTANCE': str(workdir / f'instance-{name}'), 'PYTHONPATH': str(ROOT)}
    result = subprocess.run([sys.executable, '-m', 'bench.bench_import', 'child', str(path),
                             str(workdir / f'{name}.db'), 'Orders'],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    rows = int(os.environ.get('BENCH_ROWS', 1_000_000))
    xlsx_rows = int(os.environ.get('BENCH_XLSX_ROWS', min(100_000, rows)))
    with tempfile.TemporaryDirectory(prefix='gemcell-bench-') as tmp:
        workdir = Path(tmp)
        csv_path, xlsx_path = workdir / 'orders.csv', workdir / 'orders.xlsx'
        write_csv(csv_path, rows)
        bare = bare_executemany(csv_path, workdir / 'bare.db')
        bare_plain = bare_executemany(csv_path, workdir / 'bare-plain.db', raw=False)
        full = _run_child(csv_path, workdir, 'csv')
        write_xlsx(xlsx_path, xlsx_rows)
        xlsx = _run_child(xlsx_path, workdir, 'xlsx')
    assert full['counts']['order']['new'] == rows and xlsx['counts']['order']['new'] == xlsx_rows
    ratio = full['seconds'] / bare
    print(f'{"measure":<34}{"value":>12}{"target":>12}')
    for label, value, target in (
            ('CSV rows', f'{rows:,}', ''),
            ('bare sqlite3 executemany, s', f'{bare:.1f}', ''),
            ('  the same without the raw JSON, s', f'{bare_plain:.1f}', ''),
            ('gemcell import, s', f'{full["seconds"]:.1f}', f'≤ {CSV_TARGET_S}'),
            ('ratio', f'{ratio:.1f}', f'≤ {RATIO_TARGET}'),
            ('  ratio to the bare run without JSON', f'{full["seconds"] / bare_plain:.1f}', ''),
            ('peak RSS of the import, MB', f'{full["rss_mb"]:.0f}', f'≤ {RSS_TARGET_MB}'),
            ('XLSX rows', f'{xlsx_rows:,}', ''),
            ('gemcell XLSX import, s', f'{xlsx["seconds"]:.1f}', f'≤ {XLSX_TARGET_S}'),
            ('peak RSS of the XLSX import, MB', f'{xlsx["rss_mb"]:.0f}', f'≤ {RSS_TARGET_MB}')):
        print(f'{label:<34}{value:>12}{target:>12}')


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'child':
        child(*sys.argv[2:])
    else:
        main()
