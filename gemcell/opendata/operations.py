"""Computing the statistical red flags over the State's data (writes flush, the caller commits)."""
import math
from collections import Counter
from datetime import datetime

import sqlalchemy as sa

from gemcell.directory.models import Department, Office
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Seller
from gemcell.indicators.compute import Calculator
from gemcell.indicators.settings import STATISTICAL, Settings
from gemcell.opendata.export import iter_releases
from gemcell.opendata.models import IndicatorSnapshot

PREFIX = 'state'


def _num(value):
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else value


def compute_snapshot(*, user=None, now: datetime | None = None, settings: Settings | None = None
                     ) -> IndicatorSnapshot:
    """cardinal's R024, R025, R038, R048 and R058 over every bid, with cardinal's defaults (``settings`` to
    change them), stored as a new snapshot."""
    settings = settings or Settings.defaults(STATISTICAL)
    calculator = Calculator(settings)
    names: dict[str, str] = {}
    buyer_of: dict[str, str] = {}
    processes = Counter()
    total = 0
    for release in iter_releases(sa.select(Bid), None, prefix=PREFIX, orders_without_bid=False):
        calculator.fold(release)
        total += 1
        for party in release.get('parties', ()):
            names.setdefault(party['id'], party.get('name'))
        buyer = release.get('buyer', {}).get('id')
        if buyer:
            buyer_of[release['ocid']] = buyer
            processes[buyer] += 1
    result = calculator.finalize()
    flags = result.results
    per_buyer = {code: Counter(buyer_of.get(ocid) for ocid, values in flags['OCID'].items() if code in values)
                 for code in ('R024', 'R058')}
    compared = Counter(buyer_of.get(ocid) for ocid in result.second_lowest_bid_ratios)
    codes = {f'UP-DEPT-{d.code}': d.id for d in db.session.scalars(sa.select(Department))}
    departments = []
    for key in set(processes) | set(result.r038_buyer):
        fraction = result.r038_buyer.get(key)
        departments.append({
            'id': key, 'name': names.get(key) or key, 'department_id': codes.get(key),
            'processes': processes[key], 'submitted': fraction.denominator if fraction else 0,
            'disqualified': fraction.numerator if fraction else 0,
            'ratio': _num(fraction.ratio) if fraction else None,
            'r038': flags['Buyer'].get(key, {}).get('R038') is not None,
            'compared': compared[key], 'r024': per_buyer['R024'][key], 'r058': per_buyer['R058'][key]})
    # the flagged first, then by the share of bids disqualified
    departments.sort(key=lambda row: (not row['r038'], -(row['ratio'] if row['ratio'] is not None else -1),
                                      (row['name'] or '').casefold()))
    offices = []
    office_ids = {f'UP-OFFICE-{o.id}': o.id for o in db.session.scalars(sa.select(Office))}
    for key, fraction in sorted(result.r038_procuring_entity.items(), key=lambda kv: -(kv[1].ratio or 0)):
        offices.append({'id': key, 'name': names.get(key) or key, 'office_id': office_ids.get(key),
                        'submitted': fraction.denominator, 'disqualified': fraction.numerator,
                        'ratio': _num(fraction.ratio),
                        'r038': flags['ProcuringEntity'].get(key, {}).get('R038') is not None})
    sellers = []
    gem_ids = {f'GEM-{gem_id}': seller_id for seller_id, gem_id in db.session.execute(
        sa.select(Seller.id, Seller.gem_seller_id))}
    for key, values in flags['Tenderer'].items():
        r025, r038 = result.r025_tenderer.get(key), result.r038_tenderer.get(key)
        entry = result.r048_classifications.get(key)
        sellers.append({
            'id': key, 'name': names.get(key) or key, 'seller_id': gem_ids.get(key),
            'valid': r025.denominator if r025 else None, 'won': r025.numerator if r025 else None,
            'r025_ratio': _num(r025.ratio) if r025 else None, 'r025': 'R025' in values,
            'submitted': r038.denominator if r038 else None, 'disqualified': r038.numerator if r038 else None,
            'r038_ratio': _num(r038.ratio) if r038 else None, 'r038': 'R038' in values,
            'variety': len(entry[1]) if entry else None, 'r048': 'R048' in values,
            'r024': 'R024' in values, 'r058': 'R058' in values})
    sellers.sort(key=lambda row: (-sum(row[c] for c in ('r024', 'r025', 'r038', 'r048', 'r058')),
                                  (row['name'] or '').casefold()))
    meta = {code: {name: _num(value) for name, value in values.items()} for code, values in result.meta.items()}
    snapshot = IndicatorSnapshot(processes=total, meta=meta,
                                 departments=departments, offices=offices, sellers=sellers,
                                 created_by_id=getattr(user, 'id', None))
    if now is not None:
        snapshot.computed_dt = now
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def latest_snapshot() -> IndicatorSnapshot | None:
    return db.session.scalar(sa.select(IndicatorSnapshot).order_by(IndicatorSnapshot.id.desc()).limit(1))
