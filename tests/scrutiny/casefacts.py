"""The golden cases of the scrutiny rules: reading ``tests/scrutiny/cases/<RULE-ID>.json`` and turning the JSON
into the facts the rules see (``BidFacts``, ``OrderFacts``), and a rule's hits into JSON to compare.

A case file is ``{"rule": id, "cases": [{"name", "subject", "expect", "settings"?, "known_disagreement"?,
"note"?}]}``. The subject is a ``BidFacts`` (``on='bid'``, with ``"bidders": [...]``), an ``OrderFacts``
(``on='order'``) or a list of them (``on='orders'``: one group, in date order), written as JSON:

- money and percentages as strings (``"40000"``, ``"5.01"``): they become ``Decimal`` (a float is refused);
- datetimes in ISO form **with** their offset (``"2024-07-10T05:30:00+00:00"``, or ``+05:30`` for India's time):
  they become timezone-aware UTC, as the database returns them; a naive datetime is refused;
- enums by value: ``source`` ``gem``/``gepnic``/``manual``, ``kind`` ``goods``/``services``/``works``, a bidder's
  ``state``, an order's ``buying_mode``;
- a field the facts do not have is an error (a typo must not silently test nothing).

Defaults keep the cases short: a bid's ``id`` is 1 and its ``number`` ``GEM/2024/B/1000001``; an order's ``id`` is
its position in the group (from 1) and its ``number`` ``GEMC-5116877`` followed by that id; a bidder's ``id`` is its
position, its ``key`` ``bidder:<id>``, its ``name`` ``Bidder <id>``, ``is_awarded`` false, other fields ``None``.
A bidder's ``state`` and a bid's ``source`` must be given.

``"settings": {"catalogue": [...]}`` gives the regular GeM categories (names as bids carry them), normalised as
the engine's ``load_catalogue`` does; ``"settings": {"sanctions": [...]}`` the registers of debarred users and
blacklisted firms, each entry a ``SanctionFacts`` (``id`` defaults to its position, ``order_number`` to ``"1/2026"``).
"""
import json
import re
import types
import typing
from dataclasses import MISSING, fields
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path

from gemcell.scrutiny.rules import BidderFacts, BidFacts, Hit, OrderFacts
from gemcell.scrutiny.rules.category import normalise_category
from gemcell.scrutiny.rules.sanctions import SanctionFacts
from gemcell.scrutiny.settings import Settings

CASES_DIR = Path(__file__).resolve().parent / 'cases'
CASE_KEYS = frozenset({'name', 'subject', 'expect', 'settings', 'known_disagreement', 'note'})
EXPECT_KEYS = frozenset({'params', 'matches', 'items', 'item_count', 'thresholds', 'key', 'order_id',
                         'judged_date'})
_NUMBER = re.compile(r'-?\d+(?:\.\d+)?')


class CaseError(ValueError):
    """A case file that does not describe valid facts."""


# -- reading the files --------------------------------------------------------------------------------------------
def case_files() -> dict[str, Path]:
    """``{rule id: path}`` of every case file (the id is the file's name)."""
    return {path.stem: path for path in sorted(CASES_DIR.glob('*.json'))}


def load_case_file(path: Path) -> dict:
    with path.open(encoding='utf-8') as handle:
        return json.load(handle)


def iter_cases() -> typing.Iterator[tuple[str, dict]]:
    """``(rule id, case)`` for every case of every file, in file order."""
    for rule_id, path in case_files().items():
        for case in load_case_file(path).get('cases', []):
            yield rule_id, case


# -- JSON -> facts ------------------------------------------------------------------------------------------------
def _hints(cls) -> dict[str, typing.Any]:
    return typing.get_type_hints(cls)


def _unwrap_optional(hint):
    """``Decimal | None`` -> ``(Decimal, True)``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _convert(name: str, hint, value):
    target, optional = _unwrap_optional(hint)
    if value is None:
        if not optional:
            raise CaseError(f'{name}: null for a field that cannot be None')
        return None
    if target is Decimal:
        if isinstance(value, float) or isinstance(value, bool):
            raise CaseError(f'{name}: write money and percentages as strings, not {value!r}')
        return Decimal(str(value))
    if target is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise CaseError(f'{name}: {value!r} has no UTC offset')
        return moment.astimezone(timezone.utc)
    if target is date:
        return date.fromisoformat(value)
    if isinstance(target, type) and issubclass(target, Enum):
        return target(value)
    if target is bool:
        if not isinstance(value, bool):
            raise CaseError(f'{name}: {value!r} is not true/false')
        return value
    if target is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CaseError(f'{name}: {value!r} is not an integer')
        return value
    if target is str:
        if not isinstance(value, str):
            raise CaseError(f'{name}: {value!r} is not text')
        return value
    raise CaseError(f'{name}: no conversion for {hint!r}')


def _build(cls, data: dict, defaults: dict, skip: tuple[str, ...] = ()):
    if not isinstance(data, dict):
        raise CaseError(f'{cls.__name__}: expected an object, got {data!r}')
    hints = _hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise CaseError(f'{cls.__name__}: unknown fields {sorted(unknown)}')
    values = {}
    for f in fields(cls):
        if f.name in skip:
            continue
        if f.name in data:
            values[f.name] = _convert(f'{cls.__name__}.{f.name}', hints[f.name], data[f.name])
        elif f.name in defaults:
            values[f.name] = defaults[f.name]
        elif f.default is MISSING and f.default_factory is MISSING:
            raise CaseError(f'{cls.__name__}: {f.name} must be given')
    return values


def bidder_from_json(data: dict, position: int = 1) -> BidderFacts:
    bidder_id = data.get('id', position)
    defaults = {'id': bidder_id, 'key': f'bidder:{bidder_id}', 'name': f'Bidder {bidder_id}', 'status_raw': None,
                'reason': None, 'financial_value': None, 'rank': None, 'is_awarded': False}
    return BidderFacts(**_build(BidderFacts, data, defaults))


def bid_from_json(data: dict) -> BidFacts:
    values = _build(BidFacts, data, {'id': 1, 'number': 'GEM/2024/B/1000001'}, skip=('bidders',))
    bidders = data.get('bidders', [])
    if not isinstance(bidders, list):
        raise CaseError('BidFacts.bidders: expected a list')
    values['bidders'] = [bidder_from_json(b, n) for n, b in enumerate(bidders, 1)]
    return BidFacts(**values)


def order_from_json(data: dict, position: int = 1) -> OrderFacts:
    order_id = data.get('id', position)
    return OrderFacts(**_build(OrderFacts, data, {'id': order_id, 'number': f'GEMC-5116877{order_id:08d}'}))


def subject_from_json(on: str, data):
    """The facts a rule ``on`` ``bid`` / ``order`` / ``orders`` is run on."""
    if on == 'bid':
        return bid_from_json(data)
    if on == 'order':
        return order_from_json(data)
    if on == 'orders':
        if not isinstance(data, list):
            raise CaseError('a group rule takes a list of orders')
        return [order_from_json(item, n) for n, item in enumerate(data, 1)]
    raise CaseError(f'unknown on={on!r}')


def settings_from_json(data: dict | None) -> Settings:
    """The shipped thresholds, with the case's catalogue of regular categories when it gives one."""
    settings = Settings.defaults()
    data = data or {}
    unknown = set(data) - {'catalogue', 'sanctions'}
    if unknown:
        raise CaseError(f'settings: unknown keys {sorted(unknown)}')
    if 'catalogue' in data:
        names = {normalise_category(name) for name in data['catalogue']}
        names.discard('')
        settings.catalogue = frozenset(names)
    if 'sanctions' in data:
        settings.sanctions = tuple(
            SanctionFacts(**_build(SanctionFacts, entry, {'id': n, 'order_number': '1/2026'}))
            for n, entry in enumerate(data['sanctions'], 1))
    return settings


# -- hits -> JSON, and the comparison -----------------------------------------------------------------------------
def hit_as_json(hit: Hit) -> dict:
    """A hit as the engine stores it (``Hit.evidence()``), with the fields a case may also check."""
    evidence = hit.evidence()
    evidence['key'] = hit.key
    evidence['order_id'] = hit.order_id
    evidence['judged_date'] = hit.judged_date.isoformat() if hit.judged_date else None
    return evidence


def same_value(expected, actual) -> bool:
    """Equal JSON values, numbers written as text compared by value (``"6.00"`` equals ``"6"``)."""
    if isinstance(expected, str) and isinstance(actual, str) and _NUMBER.fullmatch(expected) \
            and _NUMBER.fullmatch(actual):
        return Decimal(expected) == Decimal(actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same_value(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(same_value(v, actual[k]) for k, v in expected.items())
    return type(expected) is type(actual) and expected == actual


def subset_mismatches(expected: dict, actual: dict, where: str) -> list[str]:
    problems = []
    for name, value in expected.items():
        if name not in actual:
            problems.append(f'{where}: no {name!r} (has {sorted(actual)})')
        elif not same_value(value, actual[name]):
            problems.append(f'{where}.{name}: expected {value!r}, got {actual[name]!r}')
    return problems


def hit_mismatches(expected: dict, actual: dict, where: str) -> list[str]:
    """What differs between one expected hit (a partial description) and one actual hit (``hit_as_json``)."""
    unknown = set(expected) - EXPECT_KEYS
    if unknown:
        return [f'{where}: unknown expectation keys {sorted(unknown)}']
    problems = subset_mismatches(expected.get('params', {}), actual['params'], f'{where}.params')
    if 'matches' in expected and not same_value(expected['matches'], actual.get('matches', [])):
        problems.append(f'{where}.matches: expected {expected["matches"]!r}, got {actual.get("matches", [])!r}')
    items = actual.get('items', [])
    if 'item_count' in expected and expected['item_count'] != len(items):
        problems.append(f'{where}: expected {expected["item_count"]} items, got {len(items)}')
    if 'items' in expected:
        if len(expected['items']) != len(items):
            problems.append(f'{where}: expected {len(expected["items"])} items, got {len(items)}')
        else:
            for n, (want, got) in enumerate(zip(expected['items'], items)):
                problems += subset_mismatches(want, got, f'{where}.items[{n}]')
    if 'thresholds' in expected:
        thresholds = actual.get('thresholds', [])
        if len(expected['thresholds']) != len(thresholds):
            problems.append(f'{where}: expected {len(expected["thresholds"])} thresholds, got {len(thresholds)}')
        else:
            for n, (want, got) in enumerate(zip(expected['thresholds'], thresholds)):
                problems += subset_mismatches(want, got, f'{where}.thresholds[{n}]')
    for name in ('key', 'order_id', 'judged_date'):
        if name in expected and expected[name] != actual[name]:
            problems.append(f'{where}.{name}: expected {expected[name]!r}, got {actual[name]!r}')
    return problems


def compare_hits(expected: list[dict], hits: list[Hit]) -> list[str]:
    """Every difference between the expected hits and what the rule returned (count, then each hit in order)."""
    actual = [hit_as_json(hit) for hit in hits]
    if len(expected) != len(actual):
        return [f'expected {len(expected)} hit(s), got {len(actual)}: {json.dumps(actual, ensure_ascii=False)}']
    problems = []
    for n, (want, got) in enumerate(zip(expected, actual)):
        problems += hit_mismatches(want, got, f'hit[{n}]')
    return problems
