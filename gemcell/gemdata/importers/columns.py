"""Columns of tabular shapes (CSV / XLSX): which header feeds which record field, and how it is parsed.

A shape lists its ``Column`` specs; ``match_columns`` pairs them with a file's headers (matched by
``parsing.normalize_header``; a bilingual header ``"बिड संख्या / Bid number"`` is matched by its Hindi part, its English
part or both) and returns ``RowParser``, which turns one row into record fields and ``ParseError`` s. Parsers of
columns whose values repeat (names, statuses, amounts) are memoised: a million-row file parses each distinct value
once.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.contract import ImportError_
from gemcell.gemdata.models import BuyingMode
from gemcell.gemdata.parsing import ParseError, is_missing, normalize_header, parse_text
from gemcell.gemdata.readers import FileRejected

_MEMO_LIMIT = 50_000
_MISSING = object()


@dataclass(frozen=True)
class Column:
    """One field of a record and the headers it may come under."""

    field: str
    #: accepted headers; the first is the one the template writes
    headers: tuple[str, ...]
    #: a ``parsing`` parser: ``parse(value, column=header)``; raises ``ParseError``
    parse: Callable[..., Any]
    required: bool = False
    #: values repeat across rows (names, statuses, amounts): memoise the parse
    repeats: bool = True
    #: what the column holds and in which format (the template's "Read me" sheet)
    help: Any = None

    def names(self) -> set[str]:
        """The normalised header texts that mean this column."""
        names = set()
        for header in self.headers:
            names.add(normalize_header(header))
            names.update(normalize_header(part) for part in header.split(' / '))
        names.discard('')
        return names


def text(max_len: int | None = None, *, multiline: bool = False) -> Callable[..., str | None]:
    """A text parser with a maximum length (the model column's)."""
    return partial(parse_text, max_len=max_len, multiline=multiline)


def choice(options: dict[str, Any]) -> Callable[..., Any]:
    """A parser for one of a fixed list of values, written any way ``normalize_header`` folds together
    (``Bid/RA``, ``bid ra``); a missing value is ``None``."""
    table = {normalize_header(name): value for name, value in options.items()}
    shown = ', '.join(name for name in options if name.isascii())

    def parse_choice(value: Any, *, column: str | None = None) -> Any:
        if is_missing(value):
            return None
        found = table.get(normalize_header(value))
        if found is None:
            raise ParseError(_l('"%(value)s" is not one of: %(choices)s', value=str(value)[:60], choices=shown),
                             value=value, column=column)
        return found
    return parse_choice


class RowParser:
    """Parses the rows of one file for the columns found in its header.

    This loop carries every cell of an import: a repeating column looks its text up in a per-column memo (bounded,
    strings only, errors never remembered) before calling its parser.
    """

    def __init__(self, pairs: list[tuple[str, Column]]) -> None:
        self.pairs = pairs
        self.steps = [(header, column.field, partial(column.parse, column=header), {} if column.repeats else None)
                      for header, column in pairs]

    def __call__(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[ParseError]]:
        """Return the parsed fields and the errors of one row (``values`` keyed by the file's headers)."""
        fields: dict[str, Any] = {}
        errors: list[ParseError] = []
        for header, field, parse, memo in self.steps:
            value = values[header]
            memoise = memo is not None and value.__class__ is str
            if memoise:
                result = memo.get(value, _MISSING)
                if result is not _MISSING:
                    fields[field] = result
                    continue
            try:
                result = parse(value)
            except ParseError as error:
                errors.append(error)
                continue
            if memoise and len(memo) < _MEMO_LIMIT:
                memo[value] = result
            fields[field] = result
        return fields, errors

    @property
    def fields(self) -> set[str]:
        return {column.field for _header, column in self.pairs}


def match_columns(headers: Iterable[str], columns: Iterable[Column]) -> RowParser:
    """Pair a file's headers with ``columns``; unknown headers are ignored (they stay in ``raw``).

    Raises:
        FileRejected: a required column is missing, or two headers mean the same column.
    """
    columns = list(columns)
    by_name = {name: column for column in columns for name in column.names()}
    pairs: dict[str, tuple[str, Column]] = {}
    for header in headers:
        column = by_name.get(normalize_header(header))
        if column is None:
            continue
        if column.field in pairs:
            raise FileRejected(_l('The columns "%(first)s" and "%(second)s" mean the same thing; keep only one.',
                                  first=pairs[column.field][0], second=header))
        pairs[column.field] = (header, column)
    missing = [column.headers[0] for column in columns if column.required and column.field not in pairs]
    if missing:
        shown = list(headers)
        raise FileRejected(_l('Required columns are missing: %(missing)s. The file has the columns: %(found)s.',
                              missing=', '.join(f'"{name}"' for name in missing),
                              found=', '.join(f'"{name}"' for name in shown[:30]) + (' …' if len(shown) > 30 else '')))
    return RowParser(list(pairs.values()))


def matched_count(headers: Iterable[str], columns: Iterable[Column]) -> tuple[int, bool]:
    """How many of ``headers`` mean one of ``columns``, and whether every required column is there."""
    columns = list(columns)
    names = {normalize_header(header) for header in headers}
    found = {column.field for column in columns if column.names() & names}
    return len(found), all(column.field in found for column in columns if column.required)


def row_error(kind: str, file: str, row: int | None, error: ParseError) -> ImportError_:
    """The row error for a value that a parser refused."""
    return ImportError_(kind, file, row, error.column, error.value, error.message)


def json_safe_row(values: dict[str, Any]) -> dict[str, Any]:
    """A row as read, with values JSON cannot hold (spreadsheet dates, decimals) turned into text."""
    return {key: value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
            for key, value in values.items()}


# -- values written in more than one shape ------------------------------------------------------------------------

BUYING_MODES = {
    'direct': BuyingMode.direct, 'Direct purchase': BuyingMode.direct, 'प्रत्यक्ष क्रय': BuyingMode.direct,
    'L1': BuyingMode.l1, 'L1 purchase': BuyingMode.l1, 'एल-1': BuyingMode.l1, 'एल-1 क्रय': BuyingMode.l1,
    'bid': BuyingMode.bid, 'Bid/RA': BuyingMode.bid, 'बिड': BuyingMode.bid, 'निविदा': BuyingMode.bid,
    'RA': BuyingMode.ra, 'Reverse auction': BuyingMode.ra, 'रिवर्स ऑक्शन': BuyingMode.ra,
}
"""GeM's buying modes as GeM, the template and people write them (``Bid/RA`` cannot tell the two apart: bid)."""
