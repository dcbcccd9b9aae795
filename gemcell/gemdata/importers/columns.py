"""Columns of tabular shapes (CSV / XLSX): which header feeds which record field, and how it is parsed.

A shape lists its ``Column`` specs; ``match_columns`` pairs them with a file's headers (matched by
``parsing.normalize_header``; a bilingual header ``"बिड संख्या / Bid number"`` is matched by its Hindi part, its English
part or both) and returns ``RowParser``, which turns rows into record fields and ``ParseError`` s, a batch of rows
at a time and column by column (``parse_rows``). Parsers of columns whose values repeat (names, statuses, amounts)
are memoised: a million-row file parses each distinct value once.
"""
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress, count, islice, repeat
from operator import is_, itemgetter
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.contract import ImportError_, TableHeaders
from gemcell.gemdata.models import BuyingMode
from gemcell.gemdata.parsing import ParseError, is_missing, normalize_header, parse_text
from gemcell.gemdata.readers import FileRejected, Row, RowError, Table

_MEMO_LIMIT = 50_000
#: rows parsed together, column by column
_BATCH = 1000
_MISSING = object()
_TEXT = frozenset({str})


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

    Rows are parsed a batch at a time, column by column (``parse_many``): a repeating column looks its cells up in
    a per-column memo (bounded, strings only, errors never remembered) in one pass, and calls its parser only for
    the cells it has not seen; a column whose memo is full and still misses more than it finds stops remembering;
    a column of values that do not repeat is parsed in one pass. The fields of each row are then zipped together.
    This carries every cell of an import: the per-cell work is a dictionary lookup or a parser call, no more.
    """

    def __init__(self, pairs: list[tuple[str, Column]]) -> None:
        self.pairs = pairs
        self.names = tuple(column.field for _header, column in pairs)
        self.steps = [(header, partial(column.parse, column=header), {} if column.repeats else None)
                      for header, column in pairs]

    def __call__(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[ParseError]]:
        """Return the parsed fields and the errors of one row (``values`` keyed by the file's headers)."""
        return self.parse_many([values])[0]

    def parse_many(self, rows: list[dict[str, Any]] | list[list[Any]], headers: list[str] | None = None,
                   text: bool = False) -> list[tuple[dict[str, Any], list[ParseError]]]:
        """Each row's fields and errors, in the order of ``rows``; a row's errors come in column order.

        ``headers``: every row has exactly these keys, in this order (a CSV or XLSX table's rows), or is a list of
        its values in this order (its ``cells``): the cells are then taken column by column in one pass.
        ``text``: every value is a ``str`` (a CSV file's).
        """
        size = len(rows)
        parsed: list[list[Any]] = []
        failed: dict[int, list[ParseError]] = {}
        if headers is not None and rows:
            position = {header: index for index, header in enumerate(headers)}
            by_position = list(zip(*rows) if rows[0].__class__ is list else zip(*map(dict.values, rows)))
            columns = [by_position[position[header]] for header, _parse, _memo in self.steps]
        else:
            columns = [list(map(itemgetter(header), rows)) for header, _parse, _memo in self.steps]
        for step, ((header, parse, memo), cells) in enumerate(zip(self.steps, columns)):
            if memo is None:
                try:  # values that do not repeat are all parsed in one pass, unless one of them is refused
                    parsed.append(list(map(parse, cells)))
                    continue
                except ParseError:
                    results = [_MISSING] * size
                    misses: Sequence[int] = range(size)
            else:
                get = memo.get
                if text or _TEXT.issuperset(map(type, cells)):
                    results = list(map(get, cells, repeat(_MISSING)))
                else:  # 1, 1.0 and True are equal keys: only text is remembered
                    results = [get(cell, _MISSING) if cell.__class__ is str else _MISSING for cell in cells]
                misses = list(compress(count(), map(is_, results, repeat(_MISSING))))
            for index in misses:
                cell = cells[index]
                text = memo is not None and cell.__class__ is str
                if text and (result := memo.get(cell, _MISSING)) is not _MISSING:  # met earlier in this batch
                    results[index] = result
                    continue
                try:
                    result = parse(cell)
                except ParseError as error:
                    failed.setdefault(index, []).append(error)
                    continue
                if text and len(memo) < _MEMO_LIMIT:
                    memo[cell] = result
                results[index] = result
            parsed.append(results)
            if memo is not None and len(memo) >= _MEMO_LIMIT and len(misses) > size // 2:
                self.steps[step] = (header, parse, None)  # full, and its values do not repeat: stop remembering
        names = self.names
        if not parsed:
            return [({}, []) for _row in rows]
        if not failed:
            return [(dict(zip(names, values)), []) for values in zip(*parsed)]
        return [(dict(zip(names, values)), []) if index not in failed else
                ({name: value for name, value in zip(names, values) if value is not _MISSING}, failed[index])
                for index, values in enumerate(zip(*parsed))]

    @property
    def fields(self) -> set[str]:
        return set(self.names)


def parse_rows(parse: RowParser, rows: Iterable[Row], *,
               listed: bool = False) -> Iterator[tuple[int, dict[str, Any] | list[Any] | RowError,
                                                        dict[str, Any] | None, list[ParseError]]]:
    """Yield ``(row, values, fields, errors)`` for a table's rows, parsed ``_BATCH`` rows at a time.

    A row the reader could not read comes with ``values`` a ``RowError`` and ``fields`` ``None``. A file refused
    part-way (``FileRejected`` from the reader) is refused after the rows read before it, as row by row.
    ``listed``: a CSV or XLSX table's ``values`` come as the list of its cells, in the order of its headers (no dict
    is made for a row; ``raw_record`` takes either).
    """
    headers = rows.headers if isinstance(rows, Table) and rows.format != 'json' else None
    text = headers is not None and rows.format == 'csv'
    rows = rows.cells if listed and headers is not None and rows.cells is not None else iter(rows)
    while True:
        batch: list[Row] = []
        refused: FileRejected | None = None
        try:
            batch.extend(islice(rows, _BATCH))  # what was read before a refusal stays
        except FileRejected as error:
            refused = error
        readable = [values for _row, values in batch if values.__class__ is not RowError]
        results = parse.parse_many(readable, headers, text)
        if len(readable) == len(batch):
            for (row, values), (fields, errors) in zip(batch, results):
                yield row, values, fields, errors
        else:
            results = iter(results)
            for row, values in batch:
                if values.__class__ is RowError:
                    yield row, values, None, []
                else:
                    fields, errors = next(results)
                    yield row, values, fields, errors
        if refused is not None:
            raise refused
        if len(batch) < _BATCH:
            return


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
    return {key: _json_safe(value) for key, value in values.items()}


def _json_safe(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def raw_record(table: Table) -> Callable[[dict[str, Any] | list[Any]], Any]:
    """How a shape keeps a row of ``table`` as its record's ``raw`` (``contract``): ``[headers, value, …]`` for a
    CSV or XLSX table, whose rows all have its headers in its order (``values`` keyed by them, or the list of its
    cells: ``parse_rows(listed=True)``); the row as a dict for JSON, whose records need not share their keys. Values
    JSON cannot hold are turned into text (``json_safe_row``); CSV cells are text."""
    if table.format == 'json':
        return json_safe_row
    headers = TableHeaders(tuple(table.headers))
    if table.format == 'csv':
        return lambda values: [headers, *(values if values.__class__ is list else values.values())]
    return lambda values: [headers, *map(_json_safe, values if values.__class__ is list else values.values())]


# -- values written in more than one shape ------------------------------------------------------------------------

BUYING_MODES = {
    'direct': BuyingMode.direct, 'Direct purchase': BuyingMode.direct, 'प्रत्यक्ष क्रय': BuyingMode.direct,
    'L1': BuyingMode.l1, 'L1 purchase': BuyingMode.l1, 'एल-1': BuyingMode.l1, 'एल-1 क्रय': BuyingMode.l1,
    'bid': BuyingMode.bid, 'Bid/RA': BuyingMode.bid, 'बिड': BuyingMode.bid, 'निविदा': BuyingMode.bid,
    'RA': BuyingMode.ra, 'Reverse auction': BuyingMode.ra, 'रिवर्स ऑक्शन': BuyingMode.ra,
}
"""GeM's buying modes as GeM, the template and people write them (``Bid/RA`` cannot tell the two apart: bid)."""
