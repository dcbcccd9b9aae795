"""Thresholds as data: every number a rule uses, with the versions RULES.md gives and their effective dates.

A bid (or order) is judged by the version in force on its own date: ``settings.at(name, day)``. An administrator adds
versions (``Threshold`` rows, audited); a row dated the same day as a shipped version replaces it. Rules never hold
a number of their own.
"""
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Version:
    effective_from: date
    value: Decimal
    #: the RULES.md id of this version (``GFR-149-V2``) or the order an administrator cited
    source: str
    #: shipped with the app (``True``) or added by an administrator
    is_default: bool = True

    def as_evidence(self, name: str) -> dict:
        return {'name': name, 'value': str(self.value), 'effective_from': self.effective_from.isoformat(),
                'version': self.source}


def _v(day: str, value, source: str) -> Version:
    return Version(date.fromisoformat(day), Decimal(str(value)), source)


#: name -> (title, unit, the shipped versions in date order)
DEFAULTS: dict[str, tuple] = {
    'gfr149.direct_limit': (_l('Direct purchase limit (GFR 149)'), 'inr', [
        _v('2017-03-08', 50000, 'GFR-149-V0'), _v('2019-04-02', 25000, 'GFR-149-V1'),
        _v('2024-07-10', 50000, 'GFR-149-V2')]),
    'gfr149.l1_limit': (_l('L1 purchase limit; above it a bid or RA is mandatory (GFR 149)'), 'inr', [
        _v('2017-03-08', 3000000, 'GFR-149-V0'), _v('2019-04-02', 500000, 'GFR-149-V1'),
        _v('2024-07-10', 1000000, 'GFR-149-V2')]),
    'gfr149.l1_limit_automobile': (_l('L1 purchase limit for automobiles (GFR 149)'), 'inr', [
        _v('2017-03-08', 3000000, 'GFR-149-V0'), _v('2019-04-02', 3000000, 'GFR-149-V1'),
        _v('2024-07-10', 1000000, 'GFR-149-V2')]),
    'gem.min_bid_days': (_l('Minimum bid period on GeM (days)'), 'days', [
        _v('2016-08-01', 10, 'GEM-BIDCYCLE')]),
    'tender.min_bid_days': (_l('Minimum time for bid submission in an open tender (days)'), 'days', [
        _v('2017-03-08', 21, 'GFR-161-TIME')]),
    'cardinal.r003_min_days': (_l('Short submission period: fewer days than (red flag)'), 'days', [
        _v('2016-01-01', 15, 'CARD-R003')]),
    'emd.min_percent': (_l('EMD: lowest share of the estimated value (%)'), 'percent', [
        _v('2017-07-25', 2, 'GFR-170-RANGE')]),
    'emd.max_percent': (_l('EMD: highest share of the estimated value (%)'), 'percent', [
        _v('2017-07-25', 5, 'GFR-170-RANGE')]),
    'epbg.min_percent': (_l('Performance security: lowest share of the contract value (%)'), 'percent', [
        _v('2017-03-08', 5, 'GFR-171-V0'), _v('2020-11-12', 3, 'GFR-171-COVID'), _v('2022-01-01', 5, 'GFR-171-V0'),
        _v('2023-04-03', 3, 'GFR-171-2023'), _v('2024-01-01', 3, 'GFR-171-2024')]),
    'epbg.max_percent': (_l('Performance security: highest share of the contract value (%)'), 'percent', [
        _v('2017-03-08', 10, 'GFR-171-V0'), _v('2020-11-12', 3, 'GFR-171-COVID'),
        _v('2022-01-01', 10, 'GFR-171-V0'), _v('2023-04-03', 10, 'GFR-171-2023'),
        _v('2024-01-01', 5, 'GFR-171-2024')]),
    'mse.preference_percent': (_l('MSE purchase preference band above L1 (%)'), 'percent', [
        _v('2012-04-01', 15, 'PPP-MSE-L1+15')]),
    'mii.margin_percent': (_l('Make in India purchase preference margin (%)'), 'percent', [
        _v('2017-06-15', 20, 'MII-MARGIN')]),
    'split.window_days': (_l('Requirement splitting: window for purchases of one office and category (days)'),
                          'days', [_v('2017-03-08', 30, 'GFR-149-SPLIT')]),
    # payments (duty 6, RULES.md §4): read by gemcell/payments/rules.py
    'payment.gtc_days': (_l('Payment due within this many days of the CRAC (GeM GTC)'), 'days', [
        _v('2016-08-01', 10, 'GEM-GTC-PAY')]),
    'payment.autocrac_limit': (_l('Auto-CRAC: direct purchases up to this value (0: no auto-CRAC)'), 'inr', [
        _v('2016-08-01', 0, 'GEM-AUTOCRAC'), _v('2019-06-01', 25000, 'GEM-AUTOCRAC')]),
    'payment.autocrac_days': (_l('Auto-CRAC: generated on this day after the provisional receipt (PRC)'), 'days', [
        _v('2019-06-01', 21, 'GEM-AUTOCRAC')]),
    'payment.msmed_max_days': (_l('Micro and small sellers: payment within at most this many days of acceptance '
                                  '(MSMED Act s.15)'), 'days', [_v('2006-10-02', 45, 'MSMED-15')]),
    'payment.penal_percent_month': (_l('Penal interest on late payment, per 30-day month (per cent; DoE OM '
                                       '03.07.2020, purchases from 01.10.2020)'), 'percent', [
        _v('2016-08-01', 0, 'DOE-PENAL-INT'), _v('2020-10-01', 1, 'DOE-PENAL-INT')]),
    'payment.msmed_rate_multiple': (_l('MSMED Act interest: times the RBI bank rate (s.16)'), 'times', [
        _v('2006-10-02', 3, 'MSMED-16')]),
    # RBI bank rate (= the marginal standing facility rate since 13.02.2012), from RBI's monetary policy statements
    'rbi.bank_rate': (_l('RBI bank rate (per cent a year)'), 'percent', [
        _v('2012-02-13', '9.50', 'RBI-BANK-RATE'), _v('2012-04-17', '9.00', 'RBI-BANK-RATE'),
        _v('2013-01-29', '8.75', 'RBI-BANK-RATE'), _v('2013-03-19', '8.50', 'RBI-BANK-RATE'),
        _v('2013-05-03', '8.25', 'RBI-BANK-RATE'), _v('2013-07-15', '10.25', 'RBI-BANK-RATE'),
        _v('2013-09-20', '9.50', 'RBI-BANK-RATE'), _v('2013-10-07', '9.00', 'RBI-BANK-RATE'),
        _v('2013-10-29', '8.75', 'RBI-BANK-RATE'), _v('2014-01-28', '9.00', 'RBI-BANK-RATE'),
        _v('2015-01-15', '8.75', 'RBI-BANK-RATE'), _v('2015-03-04', '8.50', 'RBI-BANK-RATE'),
        _v('2015-06-02', '8.25', 'RBI-BANK-RATE'), _v('2015-09-29', '7.75', 'RBI-BANK-RATE'),
        _v('2016-04-05', '7.00', 'RBI-BANK-RATE'), _v('2016-10-04', '6.75', 'RBI-BANK-RATE'),
        _v('2017-04-06', '6.50', 'RBI-BANK-RATE'), _v('2017-08-02', '6.25', 'RBI-BANK-RATE'),
        _v('2018-06-06', '6.50', 'RBI-BANK-RATE'), _v('2018-08-01', '6.75', 'RBI-BANK-RATE'),
        _v('2019-02-07', '6.50', 'RBI-BANK-RATE'), _v('2019-04-04', '6.25', 'RBI-BANK-RATE'),
        _v('2019-06-06', '6.00', 'RBI-BANK-RATE'), _v('2019-08-07', '5.65', 'RBI-BANK-RATE'),
        _v('2019-10-04', '5.40', 'RBI-BANK-RATE'), _v('2020-03-27', '4.65', 'RBI-BANK-RATE'),
        _v('2020-05-22', '4.25', 'RBI-BANK-RATE'), _v('2022-05-04', '4.65', 'RBI-BANK-RATE'),
        _v('2022-06-08', '5.15', 'RBI-BANK-RATE'), _v('2022-08-05', '5.65', 'RBI-BANK-RATE'),
        _v('2022-09-30', '6.15', 'RBI-BANK-RATE'), _v('2022-12-07', '6.50', 'RBI-BANK-RATE'),
        _v('2023-02-08', '6.75', 'RBI-BANK-RATE'), _v('2025-02-07', '6.50', 'RBI-BANK-RATE'),
        _v('2025-04-09', '6.25', 'RBI-BANK-RATE'), _v('2025-06-06', '5.75', 'RBI-BANK-RATE'),
        _v('2025-12-05', '5.50', 'RBI-BANK-RATE')]),
}


class Settings:
    """The versions of every threshold, shipped and added, ready to look up by date."""

    def __init__(self, versions: dict[str, list[Version]]):
        self.versions = {name: sorted(items, key=lambda v: v.effective_from) for name, items in versions.items()}
        self._days = {name: [v.effective_from for v in items] for name, items in self.versions.items()}
        #: what some rules need of the data beyond one bid, filled by the engine: the normalised names of GeM's
        #: regular categories (those bought through ordinary category bids)
        self.catalogue: frozenset[str] = frozenset()
        #: the registers of debarred buyer users and blacklisted firms (``rules.sanctions.SanctionFacts``), filled by
        #: the engine from the cases module's ``Sanction`` rows
        self.sanctions: tuple = ()

    @classmethod
    def defaults(cls) -> 'Settings':
        return cls({name: list(versions) for name, (_title, _unit, versions) in DEFAULTS.items()})

    @classmethod
    def load(cls, session) -> 'Settings':
        """The shipped versions merged with the administrators' (which win on the same date)."""
        from gemcell.scrutiny.models import Threshold
        merged = {name: {v.effective_from: v for v in versions} for name, (_t, _u, versions) in DEFAULTS.items()}
        for row in session.execute(sa.select(Threshold)).scalars():
            merged.setdefault(row.name, {})[row.effective_from] = Version(
                row.effective_from, row.value, row.source, is_default=False)
        return cls({name: list(by_day.values()) for name, by_day in merged.items()})

    def at(self, name: str, day: date | None) -> Version:
        """The version in force on ``day`` (the latest when the day is not known; the first before it began)."""
        versions = self.versions[name]
        if day is None:
            return versions[-1]
        index = bisect_right(self._days[name], day) - 1
        return versions[max(index, 0)]

    def value(self, name: str, day: date | None) -> Decimal:
        return self.at(name, day).value


def title(name: str):
    return DEFAULTS[name][0]


def unit(name: str) -> str:
    return DEFAULTS[name][1]
