"""cardinal's settings: its INI format (the file ``ocdscardinal init`` writes), its defaults, and the settings a
fixture's file name sets (cardinal's test convention).

Only the indicators whose section is present are computed, as in cardinal; ``Settings.defaults()`` enables all
eleven with their defaults. Unknown sections or keys, and values of the wrong type, are refused with a message
naming them (cardinal's ``deny_unknown_fields``).
"""
import configparser
from dataclasses import dataclass, field

CODES = ('R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058')
#: the statistical indicators, whose fences are computed over the whole input
STATISTICAL = ('R024', 'R025', 'R038', 'R048', 'R058')

_TOP = 'top'  # the keys before the first section
_KEYS = {
    _TOP: {'currency': str, 'no_price_comparison_procurement_methods': str,
           'price_comparison_procurement_methods': str},
    'exclusions': {'procurement_method_details': str},
    'R003': {'threshold': int, 'procurement_methods': str},
    'R018': {'procurement_methods': str},
    'R024': {'threshold': float},
    'R025': {'percentile': int, 'threshold': float},
    'R028': {}, 'R030': {}, 'R035': {'threshold': int}, 'R036': {},
    'R038': {'threshold': float, 'minimum_submitted_bids': int, 'minimum_contracting_processes': int},
    'R048': {'digits': int, 'threshold': int, 'minimum_contracting_processes': int},
    'R058': {'threshold': float},
}
_MAPS = {'R003.procurement_method_details': int}
#: sections of cardinal's ``prepare`` command, which shares the settings file: read and left alone
_PREPARE = frozenset({'defaults', 'redactions', 'corrections', 'modifications', 'modifications_move',
                      'modifications_split', 'codelists.bid_status', 'codelists.award_status'})


class SettingsError(ValueError):
    """A settings file cardinal would refuse."""


def pipe_list(value: str | None) -> frozenset[str]:
    """``a|b`` as a set, as cardinal splits it (a trailing ``|`` adds nothing; an empty value is the empty set)."""
    if not value:
        return frozenset()
    parts = value.split('|')
    if parts[-1] == '':
        parts.pop()
    return frozenset(parts)


@dataclass
class Settings:
    enabled: frozenset[str] = frozenset(CODES)
    #: the main currency; ``None``: the first currency seen
    currency: str | None = None
    no_price_comparison_procurement_methods: frozenset[str] = frozenset()
    price_comparison_procurement_methods: frozenset[str] = frozenset()
    #: ``[exclusions] procurement_method_details``: left out of every indicator
    excluded_procurement_method_details: frozenset[str] = frozenset()
    r003_threshold: int = 15
    r003_procurement_methods: frozenset[str] = frozenset()
    r003_procurement_method_details: dict[str, int] = field(default_factory=dict)
    r018_procurement_methods: frozenset[str] = frozenset({'open', 'selective'})
    r024_threshold: float | None = None
    r025_percentile: int = 75
    r025_threshold: float | None = None
    r035_threshold: int = 1
    r038_threshold: float | None = None
    r038_minimum_submitted_bids: int = 2
    r038_minimum_contracting_processes: int = 2
    r048_digits: int = 2
    r048_threshold: int | None = None
    r048_minimum_contracting_processes: int = 20
    r058_threshold: float | None = None

    @classmethod
    def defaults(cls, codes=CODES) -> 'Settings':
        return cls(enabled=frozenset(codes))


def _value(section: str, key: str, kind, raw: str):
    raw = raw.strip()
    try:
        if kind is int:
            value = int(raw)
            if value < 0 and not (section == 'R003' or section in _MAPS):
                raise ValueError
            return value
        if kind is float:
            return float(raw)
    except ValueError:
        what = 'a whole number' if kind is int else 'a decimal number'
        raise SettingsError(f'[{section}] {key} = {raw!r}: expected {what}') from None
    return raw


def read_ini(text: str) -> Settings:
    """Settings from the text of a cardinal INI file."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=(';', '#'),
                                       inline_comment_prefixes=(';', '#'), strict=True,
                                       default_section='\0no default section')
    parser.optionxform = str  # keys are case-sensitive (procurementMethodDetails values)
    try:
        parser.read_string(f'[{_TOP}]\n' + text)
    except configparser.Error as error:
        raise SettingsError(f'not a valid INI file: {error.message if hasattr(error, "message") else error}') \
            from None
    settings = Settings(enabled=frozenset())
    enabled = set()
    for section in parser.sections():
        options = parser[section]
        if section in _MAPS:
            kind = _MAPS[section]
            enabled.add(section.split('.')[0])
            settings.r003_procurement_method_details = {
                key: _value(section, key, kind, raw) for key, raw in options.items()}
            continue
        if section in _PREPARE:
            continue
        if section not in _KEYS:
            raise SettingsError(f'unknown section [{section}]')
        if section in CODES:
            enabled.add(section)
        for key, raw in options.items():
            kind = _KEYS[section].get(key)
            if kind is None:
                where = 'at the top' if section == _TOP else f'in [{section}]'
                raise SettingsError(f'unknown setting {key} {where}')
            value = _value(section, key, kind, raw)
            if section == _TOP:
                if key == 'currency':
                    settings.currency = value or None
                else:
                    setattr(settings, key, pipe_list(value))
            elif section == 'exclusions':
                settings.excluded_procurement_method_details = pipe_list(value)
            elif key == 'procurement_methods':
                setattr(settings, f'{section.lower()}_procurement_methods', pipe_list(value))
            else:
                setattr(settings, f'{section.lower()}_{key}', value)
    settings.enabled = frozenset(enabled)
    return settings


#: what every fixture run sets besides its file name (INDICATORS.md)
FIXTURE_GLOBALS = 'no_price_comparison_procurement_methods = NPC\n\n[exclusions]\nprocurement_method_details = EXC\n'


def fixture_ini(stem: str) -> str:
    """The INI text a fixture's file name stands for (cardinal's convention): ``R003`` (defaults),
    ``R003-threshold-10`` (a number), ``R003-procurement_methods-open+selective`` (``open|selective``),
    ``R003-procurement_method_details-x-5-y-10`` (a map), ``R038-tenderer`` (defaults, a second case)."""
    code, *rest = stem.split('-')
    lines = [FIXTURE_GLOBALS, f'[{code}]']
    if len(rest) == 2:
        lines.append(f'{rest[0]} = {rest[1].replace("+", "|")}')
    elif len(rest) > 2 and len(rest) % 2 == 1:
        lines.append(f'[{code}.{rest[0]}]')
        pairs = rest[1:]
        lines.extend(f'{pairs[i]} = {pairs[i + 1]}' for i in range(0, len(pairs), 2))
    return '\n'.join(lines) + '\n'
