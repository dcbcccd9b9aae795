"""Print ``make load``'s report from its folder: Locust's CSV tables of the mix and of the saturated run, wrk's
output for the health route (measured before the mix and again after it), and the set-up times. The targets are
issue 12's. The ratio is taken against the faster of the trivial route's two measurements: these machines' speed
varies by a fifth within a run, and the slower one would flatter the mix."""
import csv
import re
import sys
from pathlib import Path

PAGE_P95_MS, PDF_P95_MS, RATIO = 300, 2000, 0.05


def stats(path: Path) -> list[dict]:
    with path.open(encoding='utf-8') as file:
        return list(csv.DictReader(file))


def main(folder: Path) -> int:
    mix = stats(folder / 'mix_stats.csv')
    saturated = stats(folder / 'saturated_stats.csv')
    healths = [float(re.search(r'Requests/sec:\s+([\d.]+)', path.read_text()).group(1))
               for path in (folder / 'health.txt', folder / 'health-after.txt') if path.exists()]
    health = max(healths)
    print((folder / 'setup.txt').read_text().strip())
    print(f'\n{"page":28} {"requests":>9} {"errors":>7} {"req/s":>7} {"p50 ms":>7} {"p95 ms":>7} {"p99 ms":>7}  target')
    failed = False
    for row in mix:
        name = row['Name']
        total = name == 'Aggregated'
        target = '' if total else (f'p95 ≤ {PDF_P95_MS}' if 'PDF' in name else f'p95 ≤ {PAGE_P95_MS}')
        p95 = float(row['95%'] or 0)
        met = total or p95 <= (PDF_P95_MS if 'PDF' in name else PAGE_P95_MS)
        failed |= not met
        print(f'{name[:28]:28} {row["Request Count"]:>9} {row["Failure Count"]:>7} {float(row["Requests/s"]):7.1f} '
              f'{row["50%"]:>7} {row["95%"]:>7} {row["99%"]:>7}  {target}{"" if met else "  NOT MET"}')
    errors = sum(int(r['Failure Count']) for r in mix if r['Name'] == 'Aggregated')
    mix_rps = next(float(r['Requests/s']) for r in saturated if r['Name'] == 'Aggregated')
    saturated_errors = next(int(r['Failure Count']) for r in saturated if r['Name'] == 'Aggregated')
    print(f'\nerrors in the mix: {errors} (target 0)')
    both = f' (the faster of {healths[0]:,.0f} before the mix and {healths[1]:,.0f} after it)' if len(healths) > 1 else ''
    print(f'trivial route /health/live, saturated (wrk): {health:,.0f} requests/s{both}')
    print(f'the page mix, saturated (Locust, no pauses): {mix_rps:,.1f} requests/s, {saturated_errors} errors')
    print(f'ratio: {mix_rps / health:.3f} (target ≥ {RATIO})')
    failed |= errors > 0 or mix_rps / health < RATIO
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(Path(sys.argv[1])))
