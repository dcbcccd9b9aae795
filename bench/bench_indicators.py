"""Indicators benchmark: cardinal's eleven indicators over 100,000 generated OCDS compiled releases, as
``flask gemcell indicators FILE.jsonl`` runs them (each line parsed, folded, then the fences over the whole input).

Target (issue 11): all eleven indicators over 100,000 compiled releases ≤ 30 s on the 2-core machine.

The releases are generated deterministically (not timed): 2,000 buyers and procuring entities, 20,000 tenderers,
open/selective/limited/direct procedures, tender periods of 3–40 days, 1–8 bids each (valid, disqualified, pending,
withdrawn; some late; some at identical prices), one active award (sometimes a pending or cancelled one, sometimes
two), items classified with UNSPSC codes, some in another currency, some cancelled tenders and excluded procedure
details. ``BENCH_INDICATORS_RELEASES`` shrinks it for a quick check.
"""
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gemcell.indicators.compute import Calculator, dumps, read_lines  # noqa: E402
from gemcell.indicators.settings import Settings  # noqa: E402

TARGET_S = 30
RELEASES = int(os.environ.get('BENCH_INDICATORS_RELEASES', '100000'))
METHODS = ('open', 'open', 'open', 'selective', 'limited', 'direct')
SEGMENTS = ('43', '44', '72', '85', '30', '39', '42', '46', '56', '80')


def stamp(moment: datetime) -> str:
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def release(rng: random.Random, n: int) -> dict:
    start = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(0, 3_000_000))
    end = start + timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 23))
    tenderers = rng.sample(range(20_000), rng.randint(1, 8))
    base = rng.randint(10_000, 5_000_000)
    details = []
    for i, tenderer in enumerate(tenderers):
        status = rng.choices(('valid', 'disqualified', 'pending', 'withdrawn'), (70, 20, 5, 5))[0]
        amount = base if rng.random() < 0.05 else base + rng.randint(0, base // 3)
        late = rng.random() < 0.02
        details.append({'id': str(i + 1), 'status': status,
                        'tenderers': [{'id': f'T{tenderer}', 'name': f'Firm {tenderer}'}],
                        'value': {'amount': amount, 'currency': 'USD' if rng.random() < 0.001 else 'INR'},
                        'date': stamp(end + timedelta(hours=1) if late else end - timedelta(days=1))})
    valid = [d for d in details if d['status'] == 'valid'] or details
    winner = min(valid, key=lambda d: d['value']['amount']) if rng.random() < 0.8 else rng.choice(valid)
    awards = [{'id': 'a1', 'status': 'active', 'suppliers': winner['tenderers'],
               'value': dict(winner['value']),
               'items': [{'id': '1', 'classification': {'scheme': 'UNSPSC',
                                                        'id': rng.choice(SEGMENTS) + f'{rng.randrange(10**6):06d}'}}]}]
    if rng.random() < 0.05:
        awards.append({'id': 'a2', 'status': rng.choice(('pending', 'cancelled', 'active')),
                       'suppliers': [{'id': f'T{rng.randrange(20_000)}'}]})
    details_field = rng.choice(('Licitación Pública', 'Compra Directa', 'EXC', None))
    tender = {'id': str(n), 'status': 'cancelled' if rng.random() < 0.01 else 'complete',
              'procurementMethod': rng.choice(METHODS), 'numberOfTenderers': len(tenderers),
              'tenderPeriod': {'startDate': stamp(start), 'endDate': stamp(end)},
              'procuringEntity': {'id': f'PE{rng.randrange(2_000)}'}}
    if details_field:
        tender['procurementMethodDetails'] = details_field
    return {'ocid': f'ocds-bench-{n}', 'buyer': {'id': f'B{rng.randrange(2_000)}'}, 'tender': tender,
            'bids': {'details': details}, 'awards': awards}


def main() -> None:
    rng = random.Random(11)
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False, encoding='utf-8') as handle:
        for n in range(RELEASES):
            handle.write(json.dumps(release(rng, n)) + '\n')
        path = handle.name
    size = os.path.getsize(path)
    print(f'generated {RELEASES:,} releases ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s')
    settings = Settings.defaults()
    settings.excluded_procurement_method_details = frozenset({'EXC'})
    settings.no_price_comparison_procurement_methods = frozenset({'Compra Directa'})
    settings.r048_minimum_contracting_processes = 5
    try:
        started = time.perf_counter()
        calculator = Calculator(settings)
        with open(path, encoding='utf-8') as lines:
            for _number, value, error in read_lines(lines):
                if error is None:
                    calculator.fold(value)
        output = calculator.finalize().output()
        text = dumps(output)
        seconds = time.perf_counter() - started
    finally:
        os.unlink(path)
    flags = {group: len(values) for group, values in output.items() if group != 'Meta'}
    print(f'flagged: {flags}; output {len(text) / 1e6:.1f} MB')
    target = TARGET_S * RELEASES / 100_000
    print(f'{"measure":<44}{"seconds":>10}{"target":>10}{"ratio":>8}')
    print(f'{f"eleven indicators, {RELEASES:,} releases":<44}{seconds:>10.2f}{target:>10.1f}{seconds / target:>8.2f}'
          f'  {"yes" if seconds <= target else "NO"}')


if __name__ == '__main__':
    main()
