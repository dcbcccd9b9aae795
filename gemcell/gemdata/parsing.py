"""Parsers for the raw cell values of imported procurement files.

Every parser takes one raw value as a reader delivers it -- ``str`` from CSV and JSON,
``int``/``float``/``bool``/``datetime`` from XLSX, ``Decimal`` from JSON numbers, or ``None`` --
and returns a typed value, or ``None`` when the value is *missing*.

Missing values
    A value is missing when it is ``None`` or, once stripped and case-folded, one of
    :data:`MISSING_VALUES`: blank, ``NA``, ``N/A``, a dash (``-``, or an en/em dash) or ``nil``.
    Anything else that cannot be parsed raises :class:`ParseError`; a parser never turns garbage
    into a silent ``None``.

Time zone
    Procurement portals in India write local times without a zone.  Naive source times
    (strings without an offset, naive ``datetime`` objects, Excel serial numbers) are taken to be
    Indian Standard Time, ``Asia/Kolkata``; :func:`parse_datetime` returns timezone-aware UTC.

Day/month order
    Numeric dates are always day first, as written in India: ``08/1/2026`` is 8 January 2026,
    never 1 August.

Every parser accepts a keyword-only ``column`` that is copied onto the :class:`ParseError`, so the
importer can report which column held the bad value.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l

__all__ = [
    "IST",
    "MAX_AMOUNT",
    "MAX_YEAR",
    "MIN_YEAR",
    "MISSING_VALUES",
    "ParseError",
    "is_missing",
    "normalize_header",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_gem_bid_number",
    "parse_gem_contract_number",
    "parse_gepnic_tender_id",
    "parse_int",
    "parse_percent",
    "parse_rank",
    "parse_text",
]


def _load_ist() -> tzinfo:
    """Return ``Asia/Kolkata``; a fixed +05:30 if the system has no tz database.

    India has kept +05:30 without daylight saving since 1945, so the fallback is exact for every
    date this module accepts (see :data:`MIN_YEAR`).
    """
    try:
        return ZoneInfo("Asia/Kolkata")
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the host's tz data
        return timezone(timedelta(hours=5, minutes=30), "IST")


IST: Final[tzinfo] = _load_ist()
"""Indian Standard Time, the zone of every naive source time."""

MISSING_VALUES: Final[frozenset[str]] = frozenset({"", "na", "n/a", "-", "\u2013", "\u2014", "nil"})
"""Stripped, case-folded strings that mean "no value": blank, NA, N/A, a dash (``-``, ``–``, ``—``), nil."""

MIN_YEAR: Final = 1950
"""Earliest year a date may have; older dates are typing mistakes in procurement data."""
MAX_YEAR: Final = 2100
"""Latest year a date may have."""

MAX_AMOUNT: Final = Decimal("99999999999999.99")
"""Largest amount accepted (fits ``NUMERIC(16, 2)``): about a hundred lakh crore rupees."""

_INT64_MAX: Final = 2**63 - 1
_CENT: Final = Decimal("0.01")
_ONE: Final = Decimal(1)
_ARTEFACT_TOLERANCE: Final = Decimal("0.000001")
_SHOWN_CHARS: Final = 60
_MAX_NUMBER_CHARS: Final = 64
_INVISIBLE: Final = "\ufeff\u200b\u200c\u200d\u2060"
_DEVANAGARI_DIGITS: Final = str.maketrans("०१२३४५६७८९", "0123456789")
_MINUS_SIGNS: Final = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})

# -- errors -------------------------------------------------------------------------------------


class ParseError(ValueError):
    """A raw value that cannot be parsed.

    Attributes:
        column: the column (header) the value came from, when the caller said.
        value: the raw value, unchanged.
        message: a lazily translated, user-facing explanation (``str(error)`` renders it).
    """

    def __init__(self, message: Any, *, value: Any = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.column = column

    def __str__(self) -> str:
        return str(self.message)


_ErrorFactory = Callable[[Any, "str | None"], ParseError]


def _shown(value: Any) -> str:
    """Return ``value`` as text short enough to quote in an error message."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return text


# One factory per kind of failure; every message is a literal for the translation catalogue.
def _bad_amount(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is not a valid amount', value=_shown(raw)), value=raw, column=column)


def _bad_number(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is not a number', value=_shown(raw)), value=raw, column=column)


def _bad_percent(raw: Any, column: str | None) -> ParseError:
    return ParseError(
        _l('"%(value)s" is not a percentage between 0 and 100', value=_shown(raw)), value=raw, column=column
    )


def _bad_date(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is not a valid date', value=_shown(raw)), value=raw, column=column)


def _bad_rank(raw: Any, column: str | None) -> ParseError:
    return ParseError(
        _l('"%(value)s" is not a valid rank (expected L1, L2, …)', value=_shown(raw)), value=raw, column=column
    )


def _bad_bool(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is not yes or no', value=_shown(raw)), value=raw, column=column)


def _bad_text(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is not text', value=_shown(raw)), value=raw, column=column)


def _negative(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is negative, which is not allowed here', value=_shown(raw)), value=raw,
                      column=column)


def _too_large(raw: Any, column: str | None) -> ParseError:
    return ParseError(_l('"%(value)s" is too large', value=_shown(raw)), value=raw, column=column)


# -- common helpers -----------------------------------------------------------------------------


def _clean(value: str) -> str:
    """NFC-normalise and strip whitespace, byte-order marks and zero-width characters."""
    return unicodedata.normalize("NFC", value).strip().strip(_INVISIBLE).strip()


def is_missing(value: Any) -> bool:
    """Tell whether ``value`` is ``None`` or a string in :data:`MISSING_VALUES`."""
    if value is None:
        return True
    return isinstance(value, str) and _clean(value).casefold() in MISSING_VALUES


def _as_text(value: Any, column: str | None, bad: _ErrorFactory) -> str | None:
    """Return the cleaned string, ``None`` when missing; ``bad`` builds the error for non-strings."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad(value, column)
    text = _clean(value)
    return None if text.casefold() in MISSING_VALUES else text


def _numeric_text(text: str, raw: Any, column: str | None, bad: _ErrorFactory) -> str:
    """Normalise Devanagari digits and Unicode minus signs to ASCII; refuse absurdly long input."""
    if len(text) > _MAX_NUMBER_CHARS:
        raise bad(raw, column)
    return text.translate(_DEVANAGARI_DIGITS).translate(_MINUS_SIGNS)


def _decimal_of(value: Any, column: str | None, bad: _ErrorFactory) -> Decimal | None:
    """Return a finite Decimal for a numeric ``value`` (floats via their shortest repr), else ``None``.

    ``bool`` is refused: ``True`` is not the number 1 in a data file.
    """
    if isinstance(value, bool):
        raise bad(value, column)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise bad(value, column)
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise bad(value, column)
        return value
    return None


# -- numbers ------------------------------------------------------------------------------------

# Integer part: plain digits, international grouping (1,234,567) or Indian grouping (12,34,567).
_GROUPED_INT: Final = r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3})"
_AMOUNT_RE: Final = re.compile(
    rf"(?P<sign>-)?\s*(?:(?P<int>{_GROUPED_INT})(?:\.(?P<frac>[0-9]+))?|\.(?P<only_frac>[0-9]+))"
)
_CURRENCY_PREFIX_RE: Final = re.compile(r"^(?:INR|Rs\.?|₹|रु\.?|रू\.?)\s*", re.IGNORECASE)
_CURRENCY_SUFFIX_RE: Final = re.compile(r"\s*(?:/-|/=)?\s*(?:INR)?$", re.IGNORECASE)
_INT_RE: Final = re.compile(rf"(?P<sign>-)?(?P<int>{_GROUPED_INT})(?:\.(?P<frac>0+))?")
_PERCENT_RE: Final = re.compile(r"(?P<num>-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))\s*%?")


def _strip_currency(text: str) -> str:
    """Remove a leading currency (``INR``, ``Rs.``, ``₹``, ``रु``) and a trailing ``/-``."""
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:].lstrip()
    text = _CURRENCY_PREFIX_RE.sub("", text, count=1)
    text = _CURRENCY_SUFFIX_RE.sub("", text, count=1)
    return sign + text


def _amount_from_text(text: str, raw: Any, column: str | None) -> Decimal:
    """Parse a cleaned amount string with optional currency and digit grouping."""
    match = _AMOUNT_RE.fullmatch(_strip_currency(_numeric_text(text, raw, column, _bad_amount)))
    if match is None:
        raise _bad_amount(raw, column)
    digits = (match["int"] or "0").replace(",", "")
    fraction = match["frac"] or match["only_frac"] or "0"
    return Decimal(f"{match['sign'] or ''}{digits}.{fraction}")


def _quantize_money(number: Decimal, raw: Any, column: str | None) -> Decimal:
    """Round to paise; tolerate only float artefacts (``1234.5699999999``) beyond two decimals."""
    cents = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents != number and abs(cents - number) > _ARTEFACT_TOLERANCE:
        raise ParseError(
            _l('"%(value)s" has more than two decimal places', value=_shown(raw)), value=raw, column=column
        )
    if cents == cents.to_integral_value():
        return cents.quantize(_ONE) + 0  # "+ 0" turns -0 into 0
    return cents


def parse_amount(value: Any, *, allow_negative: bool = False, column: str | None = None) -> Decimal | None:
    """Parse a rupee amount.

    Accepts Indian grouping (``17,62,000``, ``1,23,456.50``), international grouping
    (``INR 84,085,000``), a currency prefix (``INR``, ``Rs.``, ``₹``, ``रु``), a trailing ``/-``
    (``Rs. 5,000/-``), trailing zero decimals (``42000.000``), float artefacts (``155269.0``,
    ``0.30000000000000004``) and numbers from spreadsheets and JSON.  Mis-grouped digits
    (``12,34,5``), more than two significant decimals (``10.005``), negative amounts unless
    ``allow_negative`` and amounts above :data:`MAX_AMOUNT` raise :class:`ParseError`.

    Returns:
        A ``Decimal``: whole rupees without decimals (``Decimal('155269')``), otherwise with two
        (``Decimal('123456.50')``); ``None`` when missing.
    """
    number = _decimal_of(value, column, _bad_amount)
    if number is None:
        text = _as_text(value, column, _bad_amount)
        if text is None:
            return None
        number = _amount_from_text(text, value, column)
    if number < 0 and not allow_negative:
        raise _negative(value, column)
    if abs(number) > MAX_AMOUNT:
        raise _too_large(value, column)
    return _quantize_money(number, value, column)


def parse_int(value: Any, *, allow_negative: bool = False, column: str | None = None) -> int | None:
    """Parse a whole number: ``10``, ``10.0``, ``1,000`` (either grouping), ``१०``.

    ``10.5``, negative numbers unless ``allow_negative`` and numbers beyond 64 bits raise
    :class:`ParseError`.
    """
    number = _decimal_of(value, column, _bad_number)
    if number is None:
        text = _as_text(value, column, _bad_number)
        if text is None:
            return None
        match = _INT_RE.fullmatch(_numeric_text(text, value, column, _bad_number))
        if match is None:
            if _AMOUNT_RE.fullmatch(_numeric_text(text, value, column, _bad_number)):
                raise ParseError(_l('"%(value)s" is not a whole number', value=_shown(value)), value=value,
                                 column=column)
            raise _bad_number(value, column)
        number = Decimal(f"{match['sign'] or ''}{match['int'].replace(',', '')}")
    if number != number.to_integral_value():
        raise ParseError(_l('"%(value)s" is not a whole number', value=_shown(value)), value=value, column=column)
    if number < 0 and not allow_negative:
        raise _negative(value, column)
    if abs(number) > _INT64_MAX:
        raise _too_large(value, column)
    return int(number)


def parse_percent(value: Any, *, column: str | None = None) -> Decimal | None:
    """Parse a percentage between 0 and 100: ``2.0%``, ``2``, ``2.5 %`` -> ``Decimal('2.5')``.

    A number from a spreadsheet is taken as already in percent (the readers turn a
    percent-formatted cell holding ``0.02`` into ``"2%"``).
    """
    number = _decimal_of(value, column, _bad_percent)
    if number is None:
        text = _as_text(value, column, _bad_percent)
        if text is None:
            return None
        match = _PERCENT_RE.fullmatch(_numeric_text(text, value, column, _bad_percent))
        if match is None:
            raise _bad_percent(value, column)
        number = Decimal(match["num"])
    if not 0 <= number <= 100:
        raise _bad_percent(value, column)
    return number


# -- dates and times ----------------------------------------------------------------------------

_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME: Final = (
    r"(?:[ T,]+(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?\s*(?P<ampm>[AP]\.?M\.?)?)?"
)
_DMY_NAMED_RE: Final = re.compile(
    rf"(?P<day>[0-9]{{1,2}})[-/ .](?P<month>[A-Z]{{3,9}})[-/ .,]\s*(?P<year>[0-9]{{4}}){_TIME}", re.IGNORECASE
)
_DMY_NUMERIC_RE: Final = re.compile(
    rf"(?P<day>[0-9]{{1,2}})(?P<sep>[/.-])(?P<month>[0-9]{{1,2}})(?P=sep)(?P<year>[0-9]{{4}}){_TIME}", re.IGNORECASE
)
_ISO_RE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.IGNORECASE,
)
_EXCEL_EPOCH: Final = datetime(1899, 12, 30)  # serial 61 = 1900-03-01, past Excel's 1900 leap-year bug
_EXCEL_LAST_SERIAL: Final = 2_958_465  # 9999-12-31


def _clock(match: re.Match[str], raw: Any, column: str | None) -> tuple[int, int, int]:
    """Return (hour, minute, second) from a date regex match, honouring AM/PM."""
    if match["hour"] is None:
        return 0, 0, 0
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").upper()
    if ampm:
        if not 1 <= hour <= 12:
            raise _bad_date(raw, column)
        hour = hour % 12 + (12 if ampm == "PM" else 0)
    return hour, minute, second


def _dmy(match: re.Match[str], month: int | None, raw: Any, column: str | None) -> datetime:
    """Build a naive local datetime from a day-month-year regex match."""
    if month is None:
        raise _bad_date(raw, column)
    try:
        return datetime(int(match["year"]), month, int(match["day"]), *_clock(match, raw, column))
    except ValueError:
        raise _bad_date(raw, column) from None


def _datetime_from_text(text: str, raw: Any, column: str | None) -> datetime:
    """Parse a date string; the result is naive (IST wall-clock time) or timezone-aware."""
    if match := _DMY_NAMED_RE.fullmatch(text):
        return _dmy(match, _MONTHS.get(match["month"].casefold()), raw, column)
    if match := _DMY_NUMERIC_RE.fullmatch(text):
        return _dmy(match, int(match["month"]), raw, column)
    if _ISO_RE.fullmatch(text):
        try:
            return datetime.fromisoformat(text.upper())
        except ValueError:
            raise _bad_date(raw, column) from None
    raise _bad_date(raw, column)


def _datetime_from_serial(serial: Decimal, raw: Any, column: str | None) -> datetime:
    """Convert an Excel serial day number (1900 date system) to a naive IST datetime, to the second."""
    if not 61 <= serial <= _EXCEL_LAST_SERIAL:
        raise _bad_date(raw, column)
    return _EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))


def _local_or_aware(value: Any, column: str | None) -> datetime | None:
    """Turn any supported raw value into a datetime: naive means IST wall-clock time."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime(value.year, value.month, value.day)
    elif (serial := _decimal_of(value, column, _bad_date)) is not None:
        result = _datetime_from_serial(serial, value, column)
    else:
        text = _as_text(value, column, _bad_date)
        if text is None:
            return None
        result = _datetime_from_text(text, value, column)
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ParseError(
            _l('"%(value)s" is outside the years %(first)s to %(last)s',
               value=_shown(value), first=MIN_YEAR, last=MAX_YEAR),
            value=value,
            column=column,
        )
    return result


_COMMON_DAY_RE: Final = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
_COMMON_CLOCK_RE: Final = re.compile(r"([0-9]{2}):([0-9]{2})")
_IST_OFFSET: Final = timedelta(hours=5, minutes=30)


def _common_dmy(value: str) -> datetime | None:
    """Fast path of :func:`parse_datetime` for ``DD/MM/YYYY HH:MM``, the format of GeM exports (a million-row
    import meets it a million times); ``None`` for anything else, including impossible dates and years out of
    range, which the general path then parses or refuses with its own message.

    A million orders fall on a few hundred days and the 1,440 minutes of a day: the day (as the UTC time of its
    midnight in India) and the time of day (as the time since midnight) are each worked out once and remembered,
    so a value costs two cached calls and an addition. An exact match is pure ASCII without surrounding space, so
    cleaning it would change nothing; and India has kept UTC+05:30 without daylight saving since 1945 (before
    :data:`MIN_YEAR`), so subtracting the offset gives what ``replace(tzinfo=IST).astimezone(timezone.utc)`` gives,
    without the tz-database lookup.
    """
    if len(value) != 16 or value[10] != " ":
        return None
    day = _common_day(value[:10])
    clock = _common_clock(value[11:])
    if day is None or clock is None:
        return None
    return day + clock


@functools.lru_cache(maxsize=8192)
def _common_day(text: str) -> datetime | None:
    """``DD/MM/YYYY`` -> the UTC time of that day's midnight in India; ``None`` if it is not such a day."""
    match = _COMMON_DAY_RE.fullmatch(text)
    if match is None or not MIN_YEAR <= int(match[3]) <= MAX_YEAR:
        return None
    try:
        return datetime(int(match[3]), int(match[2]), int(match[1]), tzinfo=timezone.utc) - _IST_OFFSET
    except ValueError:
        return None


@functools.lru_cache(maxsize=2048)
def _common_clock(text: str) -> timedelta | None:
    """``HH:MM`` -> the time since midnight; ``None`` if it is not a time of day."""
    match = _COMMON_CLOCK_RE.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return timedelta(hours=int(match[1]), minutes=int(match[2]))


def parse_datetime(value: Any, *, column: str | None = None) -> datetime | None:
    """Parse a point in time and return it timezone-aware, in UTC.

    Accepted, with every naive time taken as ``Asia/Kolkata`` (IST, UTC+05:30):

    * GePNIC ``24-Mar-2018 09:00 AM`` (also full month names, seconds, 24-hour clock);
    * day-first numeric ``08/1/2026 14:49`` (``DD/M/YYYY``; ``/``, ``-`` or ``.`` separators);
    * ISO 8601 ``2025-12-04T10:45:56Z``, ``2025-12-04T16:15:56+05:30``, ``2026-01-10 09:31:35``;
    * a date alone (``20-Mar-2024``, ``2026-01-10``), meaning midnight IST;
    * Excel serial day numbers (``45000.5``; 1900 date system), in IST;
    * ``datetime`` objects (naive = IST) and ``date`` objects.

    Impossible dates (``31/02/2026``), two-digit years and years outside
    :data:`MIN_YEAR`..:data:`MAX_YEAR` raise :class:`ParseError`.
    """
    if value.__class__ is str and (common := _common_dmy(value)) is not None:
        return common
    result = _local_or_aware(value, column)
    if result is None:
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=IST)
    return result.astimezone(timezone.utc)


def parse_date(value: Any, *, column: str | None = None) -> date | None:
    """Parse a calendar date, accepting everything :func:`parse_datetime` does.

    A value with a time of day gives its date in IST: ``2025-12-04T20:45:56Z`` is 5 December.
    """
    result = _local_or_aware(value, column)
    if result is None:
        return None
    if result.tzinfo is not None:
        result = result.astimezone(IST)
    return result.date()


# -- ranks, booleans, text ----------------------------------------------------------------------

_ROMAN: Final[dict[str, int]] = {
    numeral: number
    for number, numeral in enumerate(
        ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
         "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"),
        start=1,
    )
}
_RANK_RE: Final = re.compile(r"(?:L\s*-?\s*)?(?:(?P<digits>[0-9]{1,5})(?:\.0+)?|(?P<roman>[IVX]{1,5}))")
_NO_RANK: Final = frozenset({"no rank", "unranked"})
_MAX_RANK: Final = 10_000
_TRUE: Final = frozenset({"yes", "y", "true", "t", "1", "1.0", "हाँ", "हां"})
_FALSE: Final = frozenset({"no", "n", "false", "f", "0", "0.0", "नहीं", "नही"})
_WHITESPACE_RUN: Final = re.compile(r"\s+")
_LINE_SPACE_RUN: Final = re.compile(r"[^\S\n]+")
_BLANK_LINES: Final = re.compile(r"\n{3,}")
_CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_rank(value: Any, *, column: str | None = None) -> int | None:
    """Parse a financial rank: ``L1``, ``l2``, ``L-1``, ``L 1``, ``1``, ``1.0`` -> 1, 2, ...

    GePNIC officers also type Roman numerals -- ``LI``, ``LII``, ``L - III``, ``I``, ``II`` -- read
    as L1, L2, L3, 1, 2 (``LI`` is "L1" mistyped, not fifty-one).  ``No rank`` is missing, like
    :data:`MISSING_VALUES`.  ``H1`` (highest bidder), ``0``, ``RESPONSIVE`` and other text raise
    :class:`ParseError`.
    """
    number = _decimal_of(value, column, _bad_rank)
    if number is not None:
        if number != number.to_integral_value() or not 1 <= number <= _MAX_RANK:
            raise _bad_rank(value, column)
        return int(number)
    text = _as_text(value, column, _bad_rank)
    if text is None or " ".join(text.casefold().split()) in _NO_RANK:
        return None
    match = _RANK_RE.fullmatch(_numeric_text(text, value, column, _bad_rank).upper())
    if match is None:
        raise _bad_rank(value, column)
    rank = int(match["digits"]) if match["digits"] else _ROMAN.get(match["roman"], 0)
    if not 1 <= rank <= _MAX_RANK:
        raise _bad_rank(value, column)
    return rank


def parse_bool(value: Any, *, column: str | None = None) -> bool | None:
    """Parse yes/no: ``yes``/``no``, ``true``/``false``, ``Y``/``N``, ``1``/``0``, ``हाँ``/``नहीं``."""
    if isinstance(value, bool):
        return value
    number = _decimal_of(value, column, _bad_bool)
    if number is not None:
        if number not in (0, 1):
            raise _bad_bool(value, column)
        return number == 1
    text = _as_text(value, column, _bad_bool)
    if text is None:
        return None
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise _bad_bool(value, column)


def _text_of(value: Any, column: str | None) -> str | None:
    """Return the text of a raw value; spreadsheets deliver numbers and dates for text fields too."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 785621.0 -> "785621"
    number = _decimal_of(value, column, _bad_text)
    if number is not None:
        return str(value)
    return _as_text(value, column, _bad_text)


def parse_text(
    value: Any, max_len: int | None = None, *, multiline: bool = False, column: str | None = None
) -> str | None:
    """Clean a text value.

    Strips it, NFC-normalises it, drops control characters and collapses whitespace runs: to one
    space in single-line fields; in ``multiline`` fields line breaks survive (``\r\n`` becomes
    ``\n``, at most one blank line in a row).  Whole numbers from spreadsheets come back without
    ``.0``.  Longer than ``max_len`` characters -> :class:`ParseError`.
    """
    text = _text_of(value, column)
    if text is None:
        return None
    text = _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if multiline:
        lines = (_LINE_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    else:
        text = _WHITESPACE_RUN.sub(" ", text).strip()
    if not text:
        return None
    if max_len is not None and len(text) > max_len:
        raise ParseError(
            _l("The text is %(length)s characters long; at most %(max)s are allowed", length=len(text), max=max_len),
            value=value,
            column=column,
        )
    return text


def normalize_header(header: Any) -> str:
    """Normalise a column header for matching: ``" EMD Amount in ₹ "`` -> ``"emd amount in ₹"``.

    NFC-normalises, case-folds, removes byte-order marks and other invisible format characters
    (ZWJ/ZWNJ included), turns punctuation into spaces and collapses whitespace.  Letters of every
    script (Devanagari vowel signs included) and symbols such as ``₹`` are kept:
    ``"Bid Validity(Days)"`` -> ``"bid validity days"``, ``"निविदा संख्या।"`` -> ``"निविदा संख्या"``.
    """
    text = unicodedata.normalize("NFC", "" if header is None else str(header)).casefold()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        kept.append(" " if category.startswith("P") else char)
    return " ".join("".join(kept).split())


# -- identifiers --------------------------------------------------------------------------------

_GEM_BID_RE: Final = re.compile(r"GEM\s*/\s*(?P<year>[0-9]{4})\s*/\s*(?P<kind>[BR])\s*/\s*(?P<number>[0-9]{5,9})")
_GEM_CONTRACT_RE: Final = re.compile(r"GEMC\s*-\s*(?P<number>[0-9]{15})")
_CANONICAL_CONTRACT_RE: Final = re.compile(r"GEMC-[0-9]{15}")
_GEPNIC_TENDER_RE: Final = re.compile(r"(?P<year>[0-9]{4})_[A-Z0-9]{1,20}_[0-9]{1,9}_[0-9]{1,4}")


def _bad_bid_number(raw: Any, column: str | None) -> ParseError:
    return ParseError(
        _l('"%(value)s" is not a GeM bid number (expected GEM/YYYY/B/NNNNNNN or GEM/YYYY/R/NNNNNNN)',
           value=_shown(raw)),
        value=raw,
        column=column,
    )


def _bad_contract_number(raw: Any, column: str | None) -> ParseError:
    return ParseError(
        _l('"%(value)s" is not a GeM contract number (expected GEMC- and 15 digits)', value=_shown(raw)),
        value=raw,
        column=column,
    )


def _bad_tender_id(raw: Any, column: str | None) -> ParseError:
    return ParseError(
        _l('"%(value)s" is not a GePNIC tender ID (expected e.g. 2022_PWD_26485_11)', value=_shown(raw)),
        value=raw,
        column=column,
    )


def parse_gem_bid_number(value: Any, *, column: str | None = None) -> str | None:
    """Validate a GeM bid (``GEM/2025/B/6974734``) or reverse-auction (``GEM/2025/R/…``) number.

    The year must be 2016-2099 and the serial 5-9 digits.  Returns the canonical upper-case form.
    """
    text = _as_text(value, column, _bad_bid_number)
    if text is None:
        return None
    match = _GEM_BID_RE.fullmatch(text.upper())
    if match is None or not 2016 <= int(match["year"]) <= 2099:
        raise _bad_bid_number(value, column)
    return f"GEM/{match['year']}/{match['kind']}/{match['number']}"


def parse_gem_contract_number(value: Any, *, column: str | None = None) -> str | None:
    """Validate a GeM contract number, ``GEMC-`` and exactly 15 digits; returns it upper-case."""
    if value.__class__ is str and _CANONICAL_CONTRACT_RE.fullmatch(value):
        return value  # already as written back: every import meets it once per order
    text = _as_text(value, column, _bad_contract_number)
    if text is None:
        return None
    match = _GEM_CONTRACT_RE.fullmatch(text.upper())
    if match is None:
        raise _bad_contract_number(value, column)
    return f"GEMC-{match['number']}"


def parse_gepnic_tender_id(value: Any, *, column: str | None = None) -> str | None:
    """Validate a GePNIC tender ID, ``YYYY_ORG_serial_part`` such as ``2022_PWD_26485_11``.

    The organisation code may hold letters and digits.  Returns the ID upper-case.
    """
    text = _as_text(value, column, _bad_tender_id)
    if text is None:
        return None
    text = text.upper()
    match = _GEPNIC_TENDER_RE.fullmatch(text)
    if match is None or not 2000 <= int(match["year"]) <= 2099:
        raise _bad_tender_id(value, column)
    return text
