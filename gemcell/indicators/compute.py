"""The eleven indicators over OCDS compiled releases, to the letter of cardinal (open-contracting/cardinal-rs).

One pass folds every release into per-process results and the counts the statistical indicators need; a final step
computes the fences over the whole input and flags the outliers. The rules of the game, as cardinal plays it:

- A release is skipped when it is not an object, its ``ocid`` is not a string, its ``tender.status`` is
  ``cancelled``, or its ``tender.procurementMethodDetails`` is in ``[exclusions] procurement_method_details``.
- Bids are *submitted* when their status is ``pending``, ``valid`` or ``disqualified`` (not ``invited`` or
  ``withdrawn``); the *winner* is the supplier of an ``active`` award. Awards are *final* when none is pending (or of
  another status than active, cancelled or unsuccessful); R024, R025, R035 and R058 read only final processes, and
  R024, R025 and R058 only those with one active award to one supplier, and bids of one tenderer.
- Prices are compared in the main currency only (``currency``, else the first currency seen); the price indicators
  (R024, R028, R036, R058) leave out the ``no_price_comparison_procurement_methods`` (or keep only the
  ``price_comparison_procurement_methods``).
- Quartiles are statrs' (R-8, median-unbiased: ``h = (n + 1/3)·p + 1/3``); fences are ``Q1 − 1.5·IQR`` and
  ``Q3 + 1.5·IQR`` computed with one rounding (Rust's ``mul_add``); a ``threshold`` setting replaces the fence.
- Where cardinal's documentation and its code differ, the code is followed: R038 compares a buyer's (procuring
  entity's) number of submitted bids with ``minimum_contracting_processes``; R028 compares prices as (amount,
  currency) pairs; R030 compares the dates as text.
"""
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from gemcell.indicators.settings import Settings

GROUPS = ('OCID', 'Tenderer', 'Buyer', 'ProcuringEntity')
SUBMITTED = frozenset({'pending', 'valid', 'disqualified'})
_RFC3339 = re.compile(r'\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z')


# -- statistics ---------------------------------------------------------------------------------------------------
def quantile(values: list[float], tau: float) -> float:
    """statrs' ``quantile`` (R-8): NaN for no values."""
    n = len(values)
    if n == 0 or not 0.0 <= tau <= 1.0:
        return math.nan
    data = sorted(values)
    h = (n + 1.0 / 3.0) * tau + 1.0 / 3.0
    hf = int(h)
    if hf <= 0 or tau == 0.0:
        return data[0]
    if hf >= n or tau == 1.0:
        return data[-1]
    a, b = data[hf - 1], data[hf]
    return a + (h - hf) * (b - a)


def mul_add(a: float, b: float, c: float) -> float:
    """``a·b + c`` rounded once, as Rust's ``f64::mul_add`` (IEEE fused multiply-add)."""
    if not all(map(math.isfinite, (a, b, c))):
        return a * b + c
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def lower_fence(values: list[float]) -> tuple[float, float, float]:
    q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
    return q1, q3, mul_add(q3 - q1, -1.5, q1)


def upper_fence(values: list[float]) -> tuple[float, float, float]:
    q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
    return q1, q3, mul_add(q3 - q1, 1.5, q3)


# -- reading ------------------------------------------------------------------------------------------------------
def _get(obj, key):
    return obj.get(key) if isinstance(obj, dict) else None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def parse_rfc3339(text) -> datetime | None:
    """chrono's ``parse_from_rfc3339``: a full date and time with an offset, else ``None``."""
    if not isinstance(text, str) or not _RFC3339.match(text):
        return None
    text = text.replace('t', 'T').replace(' ', 'T').replace('z', 'Z')
    try:
        return datetime.fromisoformat(text.replace('Z', '+00:00'))
    except ValueError:
        return None


def whole_days(start: datetime, end: datetime) -> int:
    """chrono's ``num_days``: whole days, truncated toward zero."""
    micro = (end - start) // _MICROSECOND
    days = abs(micro) // 86_400_000_000
    return days if micro >= 0 else -days


_MICROSECOND = datetime(2000, 1, 1, 0, 0, 0, 1) - datetime(2000, 1, 1)


def read_lines(lines: Iterable[str]) -> Iterator[tuple[int, object | None, str | None]]:
    """``(line number, JSON value, error)`` per non-blank line: cardinal skips a line that is not JSON."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except ValueError as error:
            yield number, None, f'line {number} is invalid JSON, skipping. [{error}]'


# -- results ------------------------------------------------------------------------------------------------------
@dataclass
class Fraction_:
    numerator: int = 0
    denominator: int = 0

    @property
    def ratio(self) -> float:
        return self.numerator / self.denominator if self.denominator else math.nan


@dataclass
class Result:
    """cardinal's output (``results`` by group, then identifier, then indicator), the fences it used (``meta``), and
    the per-organisation figures behind the statistical indicators (for the desk)."""
    results: dict[str, dict[str, dict[str, float]]] = field(default_factory=lambda: {g: {} for g in GROUPS})
    meta: dict[str, dict[str, float]] = field(default_factory=dict)
    #: ocid → (winner − second-lowest valid bid) / winner; ocid → [winner, lowest other tenderer]
    second_lowest_bid_ratios: dict[str, float] = field(default_factory=dict)
    winner_and_lowest_non_winner: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: tenderer → winning / valid bids (R025)
    r025_tenderer: dict[str, Fraction_] = field(default_factory=dict)
    #: buyer / procuring entity / tenderer → disqualified / submitted bids (R038)
    r038_buyer: dict[str, Fraction_] = field(default_factory=dict)
    r038_procuring_entity: dict[str, Fraction_] = field(default_factory=dict)
    r038_tenderer: dict[str, Fraction_] = field(default_factory=dict)
    #: supplier → (processes, first-level classifications) (R048)
    r048_classifications: dict[str, list] = field(default_factory=dict)
    currency: str | None = None
    skipped: int = 0

    def flag(self, group: str, key: str, code: str, value: float) -> None:
        self.results[group].setdefault(key, {})[code] = float(value)

    def set_meta(self, code: str, name: str, value: float) -> None:
        self.meta.setdefault(code, {})[name] = value

    def output(self, meta: bool = True) -> dict:
        """The JSON object cardinal prints: the non-empty groups, then ``Meta`` (rounded to 4 decimals)."""
        out = {group: {key: {code: _finite(v) for code, v in codes.items()} for key, codes in values.items()}
               for group, values in self.results.items() if values}
        if meta:
            out['Meta'] = {code: {name: _finite(v if not math.isfinite(v) else round(v * 10_000) / 10_000)
                                  for name, v in values.items()} for code, values in self.meta.items()}
        return out


def _finite(value: float) -> float | None:
    """serde_json writes a NaN or an infinity as ``null``."""
    return value if math.isfinite(value) else None


# -- the indicators -----------------------------------------------------------------------------------------------
class _Bid:
    """One entry of ``bids.details``, read once: what the indicators look at, ``None`` where it is not of the
    type cardinal expects."""
    __slots__ = ('status', 'tenderers', 'first_id', 'ids', 'amount', 'currency', 'date')

    def __init__(self, bid):
        get = bid.get if type(bid) is dict else _NOTHING.get
        status, tenderers, value, date = get('status'), get('tenderers'), get('value'), get('date')
        self.status = status if type(status) is str else None
        self.date = date if type(date) is str else None
        if type(tenderers) is list:
            self.tenderers = len(tenderers)
            ids = [t.get('id') if type(t) is dict else None for t in tenderers]
            self.first_id = ids[0] if ids and type(ids[0]) is str else None
            self.ids = [i for i in ids if type(i) is str]
        else:
            self.tenderers, self.first_id, self.ids = None, None, []
        if type(value) is dict:
            amount, currency = value.get('amount'), value.get('currency')
            self.amount = float(amount) if type(amount) in (int, float) else None
            self.currency = currency if type(currency) is str else None
        else:
            self.amount = self.currency = None


_NOTHING: dict = {}


class Calculator:
    def __init__(self, settings: Settings):
        self.s = settings
        self.on = settings.enabled
        self.result = Result(currency=settings.currency)
        self.second_lowest = bool({'R024', 'R058'} & self.on)
        self.final_needed = bool({'R024', 'R025', 'R035', 'R058'} & self.on)
        self.bids_needed = bool(self.on - {'R003', 'R018', 'R048'})

    # helpers
    def _main_currency(self, currency: str) -> bool:
        if self.result.currency is None:
            self.result.currency = currency
        return currency == self.result.currency

    def _compares_prices(self, tender) -> bool:
        details = _str(_get(tender, 'procurementMethodDetails'))
        if self.s.price_comparison_procurement_methods:
            return details in self.s.price_comparison_procurement_methods
        return details not in self.s.no_price_comparison_procurement_methods

    @staticmethod
    def _final_awards(release, bids) -> list | None:
        """The active awards, when the release has awards and bids and every award is final (none pending or
        invalid)."""
        awards = release.get('awards')
        if type(awards) is not list or bids is None:
            return None
        active = []
        for award in awards:
            status = award.get('status') if type(award) is dict else None
            if type(status) is not str:
                continue
            if status == 'active':
                active.append(award)
            elif status not in ('cancelled', 'unsuccessful'):
                return None
        return active

    @staticmethod
    def _sole_supplier(active: list) -> str | None:
        if len(active) != 1:
            return None
        suppliers = _get(active[0], 'suppliers')
        if not isinstance(suppliers, list) or len(suppliers) != 1:
            return None
        return _str(_get(suppliers[0], 'id'))

    # the fold
    def fold(self, release) -> None:
        if type(release) is not dict:
            self.result.skipped += 1
            return
        ocid = release.get('ocid')
        tender = release.get('tender')
        if type(tender) is not dict:
            tender = None
        if type(ocid) is not str or (tender is not None and (
                tender.get('status') == 'cancelled'
                or _str(tender.get('procurementMethodDetails')) in self.s.excluded_procurement_method_details)):
            self.result.skipped += 1
            return
        bids_object = release.get('bids')
        details = bids_object.get('details') if type(bids_object) is dict else None
        # ``None``: no ``bids.details`` array (cardinal then skips R024, R025, R030, R035)
        bids = [_Bid(bid) for bid in details] if type(details) is list and self.bids_needed else None
        submitted = [bid for bid in bids if bid.status in SUBMITTED] if bids else []
        on = self.on
        final = self._final_awards(release, bids) if self.final_needed else None
        if self.second_lowest:
            self._second_lowest(tender, ocid, final, bids)
        if 'R003' in on:
            self._r003(tender, ocid)
        if 'R018' in on:
            self._r018(tender, ocid)
        if 'R025' in on:
            self._r025(final, bids)
        if 'R028' in on:
            self._r028(tender, submitted, ocid)
        if 'R030' in on:
            self._r030(release, tender, bids, ocid)
        if 'R035' in on:
            self._r035(final, bids, ocid)
        if 'R036' in on:
            self._r036(release, tender, submitted, ocid)
        if 'R038' in on:
            self._r038(release, tender, submitted)
        if 'R048' in on:
            self._r048(release)

    def _second_lowest(self, tender, ocid, final, bids) -> None:
        if final is None or not self._compares_prices(tender):
            return
        supplier_id = self._sole_supplier(final)
        if supplier_id is None:
            return
        winner = winner_amount = lowest = lowest_amount = None
        for bid in bids:
            amount, currency, tenderer_id = bid.amount, bid.currency, bid.first_id
            if bid.status != 'valid' or amount is None or currency is None or bid.tenderers != 1 \
                    or tenderer_id is None or not self._main_currency(currency):
                continue
            if tenderer_id == supplier_id:
                if winner_amount is None or amount < winner_amount:  # the winner's lowest bid
                    winner, winner_amount = tenderer_id, amount
            elif lowest_amount is None or amount < lowest_amount:
                lowest, lowest_amount = tenderer_id, amount
        # if the lowest bid did not win, the award criteria are not price only, as assumed
        if winner is not None and lowest is not None and lowest_amount >= winner_amount:
            ratio = (lowest_amount - winner_amount) / winner_amount if winner_amount else \
                (math.nan if lowest_amount == winner_amount else math.inf)
            self.result.second_lowest_bid_ratios[ocid] = ratio
            self.result.winner_and_lowest_non_winner[ocid] = (winner, lowest)

    def _r003(self, tender, ocid) -> None:
        if tender is None:
            return
        methods = self.s.r003_procurement_methods
        if methods and _str(tender.get('procurementMethod')) not in methods:
            return
        period = tender.get('tenderPeriod')
        start, end = parse_rfc3339(_get(period, 'startDate')), parse_rfc3339(_get(period, 'endDate'))
        if start is None or end is None:
            return
        details = _str(tender.get('procurementMethodDetails'))
        threshold = self.s.r003_procurement_method_details.get(details, self.s.r003_threshold) \
            if details is not None else self.s.r003_threshold
        if whole_days(start, end) < threshold:
            self.result.flag('OCID', ocid, 'R003', 1.0)

    def _r018(self, tender, ocid) -> None:
        if tender is None:
            return
        methods = self.s.r018_procurement_methods
        if methods and _str(tender.get('procurementMethod')) not in methods:
            return
        number = tender.get('numberOfTenderers')
        if type(number) is int and number == 1:
            self.result.flag('OCID', ocid, 'R018', 1.0)

    def _r025(self, final, bids) -> None:
        if final is None:
            return
        supplier_id = self._sole_supplier(final)
        if supplier_id is None:
            return
        valid = {}
        for bid in bids:
            if bid.status == 'valid' and bid.tenderers == 1 and bid.first_id is not None:
                valid[bid.first_id] = None
        table = self.result.r025_tenderer
        for tenderer_id in valid:  # once per process, however many bids
            fraction = table.get(tenderer_id)
            if fraction is None:
                fraction = table[tenderer_id] = Fraction_()
            fraction.numerator += tenderer_id == supplier_id
            fraction.denominator += 1

    def _r028(self, tender, submitted, ocid) -> None:
        if not submitted or not self._compares_prices(tender):
            return
        prices: dict = {}
        for bid in submitted:
            if bid.tenderers is None or bid.amount is None or bid.currency is None or not bid.ids:
                continue
            ids = set(bid.ids)
            price = (bid.amount, bid.currency)
            other = prices.get(price)
            if other is not None and ids != other:
                self.result.flag('OCID', ocid, 'R028', 1.0)
                for tenderer_id in sorted(ids) + sorted(other):
                    self.result.flag('Tenderer', tenderer_id, 'R028', 1.0)
            prices[price] = ids

    def _r030(self, release, tender, bids, ocid) -> None:
        end_date = _str(_get(_get(tender, 'tenderPeriod'), 'endDate'))
        awards = release.get('awards')
        if end_date is None or type(awards) is not list or bids is None:
            return
        suppliers = {sid for award in awards if _str(_get(award, 'status')) == 'active'
                     for sid in (_str(_get(s, 'id')) for s in _list(_get(award, 'suppliers'))) if sid is not None}
        for bid in bids:
            if bid.status != 'valid' or bid.date is None or not bid.date > end_date:
                continue
            for tenderer_id in bid.ids:
                if tenderer_id in suppliers:
                    self.result.flag('OCID', ocid, 'R030', 1.0)
                    self.result.flag('Tenderer', tenderer_id, 'R030', 1.0)
                    break

    def _r035(self, final, bids, ocid) -> None:
        if final is None:
            return
        suppliers = {sid for award in final
                     for sid in (_str(_get(s, 'id')) for s in _list(_get(award, 'suppliers'))) if sid is not None}
        valid, disqualified = set(), set()
        for bid in bids:
            if bid.tenderers is None:
                continue
            if bid.status == 'valid':
                valid.update(bid.ids)
            elif bid.status == 'disqualified':
                disqualified.update(bid.ids)
        if len(valid) != 1 or valid != suppliers:
            return
        difference = len(disqualified - valid)
        if difference >= max(self.s.r035_threshold, 1):
            self.result.flag('OCID', ocid, 'R035', float(difference))
            self.result.flag('Tenderer', next(iter(valid)), 'R035', 0.0)

    def _r036(self, release, tender, submitted, ocid) -> None:
        awards = release.get('awards')
        if not submitted or type(awards) is not list \
                or not any(_str(_get(a, 'status')) == 'active' for a in awards) or not self._compares_prices(tender):
            return
        lowest = None
        lowest_disqualified = has_valid = False
        for bid in submitted:
            amount, currency = bid.amount, bid.currency
            if amount is None or currency is None or not self._main_currency(currency):
                continue
            has_valid = has_valid or bid.status == 'valid'
            if lowest is None or amount < lowest:
                lowest, lowest_disqualified = amount, bid.status == 'disqualified'
        if has_valid and lowest_disqualified:
            self.result.flag('OCID', ocid, 'R036', 1.0)

    def _r038(self, release, tender, submitted) -> None:
        if not submitted:
            return
        disqualified = 0
        table = self.result.r038_tenderer
        for bid in submitted:
            increment = int(bid.status == 'disqualified')
            disqualified += increment
            for tenderer_id in bid.ids:
                fraction = table.get(tenderer_id)
                if fraction is None:
                    fraction = table[tenderer_id] = Fraction_()
                fraction.numerator += increment
                fraction.denominator += 1
        for key, table in ((_str(_get(release.get('buyer'), 'id')), self.result.r038_buyer),
                           (_str(_get(_get(tender, 'procuringEntity'), 'id')), self.result.r038_procuring_entity)):
            if key is not None:
                fraction = table.setdefault(key, Fraction_())
                fraction.numerator += disqualified
                fraction.denominator += len(submitted)

    def _r048(self, release) -> None:
        seen = set()
        for award in _list(release.get('awards')):
            suppliers = _get(award, 'suppliers')
            items = _get(award, 'items')
            if _str(_get(award, 'status')) != 'active' or not isinstance(suppliers, list) or len(suppliers) != 1 \
                    or not isinstance(items, list):
                continue
            supplier_id = _str(_get(suppliers[0], 'id'))
            if supplier_id is None:
                continue
            for item in items:
                code = _str(_get(_get(item, 'classification'), 'id'))
                if code is None:
                    continue
                entry = self.result.r048_classifications.setdefault(supplier_id, [0, set()])
                if supplier_id not in seen:  # a supplier counts once per process
                    seen.add(supplier_id)
                    entry[0] += 1
                entry[1].add(code[:self.s.r048_digits])

    # the finish
    def finalize(self) -> Result:
        r, s, on = self.result, self.s, self.on
        ratios = r.second_lowest_bid_ratios
        if 'R024' in on:
            if s.r024_threshold is None:
                q1, q3, fence = lower_fence(list(ratios.values()))
                r.set_meta('R024', 'q1', q1)
                r.set_meta('R024', 'q3', q3)
            else:
                q1, fence = 1.0, s.r024_threshold
            r.set_meta('R024', 'lower_fence', fence)
            if q1 > 0.0 and fence > 0.0:  # else most processes would be flagged
                for ocid, ratio in ratios.items():
                    if ratio <= fence:
                        r.flag('OCID', ocid, 'R024', ratio)
                        for tenderer_id in r.winner_and_lowest_non_winner[ocid]:
                            r.flag('Tenderer', tenderer_id, 'R024', 0.0)
        if 'R025' in on:
            fractions = r.r025_tenderer
            upper = quantile([float(f.denominator) for f in fractions.values()], s.r025_percentile / 100)
            if s.r025_threshold is None:
                q1, q3, fence = lower_fence([f.ratio for f in fractions.values()])
                r.set_meta('R025', 'q1', q1)
                r.set_meta('R025', 'q3', q3)
            else:
                q1, fence = 1.0, s.r025_threshold
            r.set_meta('R025', 'upper_fence', upper)
            r.set_meta('R025', 'lower_fence', fence)
            if q1 > 0.0 and fence > 0.0:
                for tenderer_id, fraction in fractions.items():
                    if fraction.denominator >= upper and fraction.ratio <= fence:
                        r.flag('Tenderer', tenderer_id, 'R025', fraction.ratio)
        if 'R038' in on:
            for group, table, minimum in (
                    ('Buyer', r.r038_buyer, s.r038_minimum_contracting_processes),
                    ('ProcuringEntity', r.r038_procuring_entity, s.r038_minimum_contracting_processes),
                    ('Tenderer', r.r038_tenderer, s.r038_minimum_submitted_bids)):
                kept = {key: f.ratio for key, f in table.items() if f.denominator >= minimum}
                if not kept:
                    continue
                if s.r038_threshold is None:
                    q1, q3, fence = upper_fence(list(kept.values()))
                    r.set_meta('R038', f'{group}_q1', q1)
                    r.set_meta('R038', f'{group}_q3', q3)
                else:
                    fence = s.r038_threshold
                r.set_meta('R038', f'{group}_upper_fence', fence)
                for key, ratio in kept.items():
                    if ratio >= fence:
                        r.flag(group, key, 'R038', ratio)
        if 'R048' in on:
            varieties = {key: float(len(codes)) for key, (count, codes) in r.r048_classifications.items()
                         if count >= s.r048_minimum_contracting_processes}
            if s.r048_threshold is None:
                q1, q3, fence = upper_fence(list(varieties.values()))
                r.set_meta('R048', 'q1', q1)
                r.set_meta('R048', 'q3', q3)
            else:
                fence = float(s.r048_threshold)
            r.set_meta('R048', 'upper_fence', fence)
            for key, variety in varieties.items():
                if variety >= fence:
                    r.flag('Tenderer', key, 'R048', variety)
        if 'R058' in on:
            if s.r058_threshold is None:
                q1, q3, fence = upper_fence(list(ratios.values()))
                r.set_meta('R058', 'q1', q1)
                r.set_meta('R058', 'q3', q3)
            else:
                fence = s.r058_threshold
            r.set_meta('R058', 'upper_fence', fence)
            if fence > 0.0:  # else most processes would be flagged
                for ocid, ratio in ratios.items():
                    if ratio >= fence:
                        r.flag('OCID', ocid, 'R058', ratio)
                        r.flag('Tenderer', r.winner_and_lowest_non_winner[ocid][0], 'R058', 0.0)
        return r


def compute(releases: Iterable, settings: Settings) -> Result:
    """The indicators over ``releases`` (compiled releases as dicts, in file order)."""
    calculator = Calculator(settings)
    for release in releases:
        calculator.fold(release)
    return calculator.finalize()


def dumps(output: dict) -> str:
    """cardinal's JSON: compact, decimals always with a point (``1.0``)."""
    return json.dumps(output, ensure_ascii=False, separators=(',', ':'), allow_nan=False)
