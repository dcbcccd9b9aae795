"""``python -m bench [name …]``: run every benchmark module in this package (or those named: ``python -m bench
scrutiny`` runs ``bench_scrutiny``) and print their tables."""
import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith('bench_'))
    if argv:
        wanted = {name if name.startswith('bench_') else f'bench_{name}' for name in argv}
        unknown = wanted - set(names)
        if unknown:
            print(f'no such benchmark: {", ".join(sorted(unknown))} (there are {", ".join(names)})', file=sys.stderr)
            return 2
        names = [name for name in names if name in wanted]
    if not names:
        print('no benchmarks yet')
        return 0
    for name in names:
        module = importlib.import_module(f'bench.{name}')
        print(f'== {name} ==')
        module.main()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
