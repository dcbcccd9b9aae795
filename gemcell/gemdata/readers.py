"""Readers that stream the rows of uploaded data files: CSV, XLSX, JSON lines and JSON arrays.

:func:`read_table` opens a file, checks it as a whole and returns a :class:`Table`: the header and
a lazy iterator of ``(row_number, values)`` pairs, so an importer can stream a million rows without
holding them in memory.  ``values`` is a ``dict`` of raw cell values keyed by header, or a
:class:`RowError` for a row that cannot be read at all (the importer reports it and goes on).

Whole-file problems raise :class:`FileRejected`.  Most are found before :func:`read_table`
returns (size, type, encoding, zip bombs, header, "no rows"); a few can only show up while
iterating -- more than ``max_rows`` rows, a formula further down a sheet, a damaged part of a
workbook -- so the importer must treat :class:`FileRejected` raised by the iterator as fatal too.

Row numbers are what a user sees in Excel: the header is row 1 and the first data row row 2
(blank rows count but are not yielded).  For JSON lines it is the line number, for a JSON array
the 1-based position of the record in the array.

Raw values are not cleaned: CSV gives ``str`` (``""`` for an empty cell), XLSX gives ``None``,
``str``, ``int``, ``float``, ``bool`` or ``datetime`` (a percent-formatted number comes as the text
of its percentage, ``0.02`` as ``"2.00%"``), JSON gives whatever it holds, with numbers that have a fraction as
``Decimal``.  Turn them into typed values with :mod:`gemcell.gemdata.parsing`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Final, Literal, Union

from flask_babel import lazy_gettext as _l
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

__all__ = [
    "DEFAULT_MAX_UNCOMPRESSED_BYTES",
    "FileRejected",
    "check_xlsx",
    "RowError",
    "Row",
    "Table",
    "read_json_records",
    "read_table",
    "sheet_names",
    "unwrap_bidplus",
]

Source = Union[str, os.PathLike[str], IO[bytes]]
"""A file path, or a binary file object (read from its start; not closed by this module)."""
FileFormat = Literal["csv", "xlsx", "json"]

DEFAULT_MAX_UNCOMPRESSED_BYTES: Final = 200 * 1024 * 1024
"""Largest total uncompressed size of the parts of an XLSX file."""

_CHUNK: Final = 1024 * 1024
_SNIFF_BYTES: Final = 64 * 1024
_BINARY_PROBE_BYTES: Final = 8 * 1024
_LARGE_MEMBER_BYTES: Final = 10 * 1024 * 1024
_MAX_COMPRESSION_RATIO: Final = 100
_XML_PROLOG_BYTES: Final = 4096
_XLSX_BATCH: Final = 500
_MAX_LEADING_JSON_ERRORS: Final = 100
_CSV_DELIMITERS: Final = (",", ";", "\t")
_SEP_LINE_RE: Final = re.compile(r"sep=(.)\r?\n")
_JSON_WS_RE: Final = re.compile(r"[ \t\r\n]*")
_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC: Final = b"PK\x03\x04"
_EXTENSIONS: Final[dict[str, FileFormat]] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx",
    ".json": "json", ".jsonl": "json", ".ndjson": "json",
}
_OLD_SPREADSHEETS: Final = frozenset({".xls", ".xlsm", ".xlsb", ".ods", ".numbers"})


# -- results and errors -------------------------------------------------------------------------


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``message`` is lazily translated for the user."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class RowError:
    """A row that could not be read (e.g. a JSON line that is not JSON); the file goes on."""

    message: Any

    def __str__(self) -> str:
        return str(self.message)


Row = tuple[int, Union[dict[str, Any], RowError]]
"""``(row_number, values)``: values keyed by header, or the reason the row could not be read."""


@dataclass
class Table:
    """An opened data file: its header and a one-shot, lazy iterator of rows.

    The file is released when the rows are exhausted, or by :meth:`close` (also as a context
    manager) when the caller stops early.

    A CSV or XLSX table also has ``cells``: the same rows with their values as a list in the
    order of ``headers`` (no dict made per row, for a reader that takes them column by column).
    ``rows`` is made from ``cells``: read one or the other.
    """

    headers: list[str]
    rows: Iterator[Row]
    format: FileFormat
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    cells: Iterator[tuple[int, Union[list[Any], RowError]]] | None = field(default=None, repr=False)
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def __iter__(self) -> Iterator[Row]:
        return self.rows

    def close(self) -> None:
        """Release the file; the rows cannot be read any further.  Safe to call twice."""
        _run_closers(self._closers)

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _run_closers(closers: list[Callable[[], None]]) -> None:
    """Call and forget the closers, last registered first."""
    while closers:
        closers.pop()()


# -- opening ------------------------------------------------------------------------------------


def _file_format(filename: str) -> FileFormat:
    """Choose the reader from the file name's extension."""
    extension = os.path.splitext(filename.strip().lower())[1]
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if extension in _OLD_SPREADSHEETS:
        raise FileRejected(_l(
            'Files of type "%(extension)s" are not accepted: save the sheet as an Excel workbook (.xlsx) or as CSV.',
            extension=extension,
        ))
    raise FileRejected(_l(
        'Files of type "%(extension)s" are not accepted; upload a CSV, Excel (.xlsx) or JSON file.',
        extension=extension or filename,
    ))


def _too_large(size: int, max_bytes: int) -> FileRejected:
    return FileRejected(_l(
        "The file is %(size)s bytes; at most %(max)s bytes are accepted.", size=f"{size:,}", max=f"{max_bytes:,}"
    ))


def _no_rows() -> FileRejected:
    return FileRejected(_l("The file has no rows."))


def _open_binary(source: Source, max_bytes: int) -> tuple[IO[bytes], list[Callable[[], None]]]:
    """Return a seekable binary stream at offset 0 and the closers of what was opened here.

    The size is checked before anything is read; a non-seekable stream is spooled to a temporary
    file, stopping as soon as it exceeds ``max_bytes``.
    """
    if isinstance(source, (str, os.PathLike)):
        size = os.stat(source).st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        stream: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed by Table.close
        closers = [stream.close]
    elif source.seekable():
        stream, closers = source, []
        size = stream.seek(0, io.SEEK_END)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
    else:
        stream = _spool(source, max_bytes)
        closers = [stream.close]
        size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size == 0:
        for close in closers:
            close()
        raise _no_rows()
    return stream, closers


def _spool(source: IO[bytes], max_bytes: int) -> IO[bytes]:
    """Copy a non-seekable stream into a temporary file, refusing more than ``max_bytes``."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK)  # noqa: SIM115 - returned to the caller
    copied = 0
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > max_bytes:
            spool.close()
            raise _too_large(copied, max_bytes)
        spool.write(chunk)
    return spool


def read_table(
    source: Source,
    *,
    filename: str,
    max_bytes: int,
    max_rows: int,
    sheet: str | None = None,
    max_columns: int = 200,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
) -> Table:
    """Open a CSV, XLSX, JSON-lines or JSON-array file and return its header and lazy rows.

    Args:
        source: a path, or a binary file object (e.g. ``FileStorage.stream``) read from offset 0.
        filename: the user's file name; its extension picks the format (.csv/.tsv/.txt, .xlsx,
            .jsonl/.ndjson/.json -- a .json file holding ``[...]`` is read as an array).
        max_bytes: larger files are rejected before being read.
        max_rows: more data rows than this are rejected (found while iterating).
        sheet: the XLSX worksheet to read; default the first visible one.
        max_columns: a header with more columns is rejected.
        max_uncompressed_bytes: XLSX zip-bomb limit on the total uncompressed size.

    Raises:
        FileRejected: the file cannot be imported as a whole.
    """
    file_format = _file_format(filename)
    stream, closers = _open_binary(source, max_bytes)
    try:
        if file_format == "csv":
            table = _read_csv(stream, max_rows=max_rows, max_columns=max_columns)
        elif file_format == "xlsx":
            table = _read_xlsx(
                stream, sheet=sheet, max_rows=max_rows, max_columns=max_columns,
                max_uncompressed_bytes=max_uncompressed_bytes,
            )
        else:
            table = _read_json(stream, max_rows=max_rows)
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    table._closers[:0] = closers
    return table


def _keyed(headers: list[str], cells: Iterator[tuple[int, Union[list[Any], RowError]]]) -> Iterator[Row]:
    """The rows of ``cells`` keyed by header."""
    for number, values in cells:
        yield number, values if values.__class__ is RowError else dict(zip(headers, values))


def _with_first_row(rows: Iterator[Row]) -> Iterator[Row]:
    """Read ahead to the first row, so that a file without data rows is rejected at once.

    The row generators release the file themselves (``try``/``finally`` over the shared closer
    list) when exhausted or abandoned; no wrapping generator layer costs time per row.
    """
    first = next(rows, None)
    if first is None:
        raise _no_rows()
    return itertools.chain((first,), rows)


def _too_many_rows(max_rows: int) -> FileRejected:
    return FileRejected(_l("The file has more than %(max)s rows.", max=f"{max_rows:,}"))


# -- headers ------------------------------------------------------------------------------------


def _header_text(value: Any) -> str:
    """Return a header cell as clean text (spreadsheets may hold numbers in the header)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\ufeff", " ").split())


def _checked_headers(cells: Iterable[Any], max_columns: int) -> list[str]:
    """Clean the header row: drop trailing blanks, name blank columns, refuse duplicates and excess.

    Headers are compared as written (whitespace collapsed), not by :func:`normalize_header`: real
    GePNIC exports hold both "Sub category" and "Sub Category", so an importer matching by
    normalised header must expect two columns for one name.
    """
    headers = [_header_text(cell) for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > max_columns:
        raise FileRejected(_l(
            "The file has %(count)s columns; at most %(max)s are accepted.", count=f"{len(headers):,}", max=max_columns
        ))
    headers = [header or f"column {get_column_letter(index)}" for index, header in enumerate(headers, start=1)]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, start=1):
        key = header  # exact text: GePNIC itself has both "Sub category" and "Sub Category"
        if key in seen:
            raise FileRejected(_l(
                'The header "%(header)s" appears twice, in columns %(first)s and %(second)s; rename one of them.',
                header=header, first=get_column_letter(seen[key]), second=get_column_letter(index),
            ))
        seen[key] = index
    return headers


def _extra_values_error(number_of_headers: int, extra: list[Any]) -> RowError | None:
    """Return a RowError if a row has non-blank values to the right of the last header."""
    for offset, value in enumerate(extra):
        if value is not None and (not isinstance(value, str) or value.strip()):
            return RowError(_l(
                'The row has a value ("%(value)s") in column %(column)s, which has no header.',
                value=str(value)[:40], column=get_column_letter(number_of_headers + offset + 1),
            ))
    return None


# -- CSV ----------------------------------------------------------------------------------------


def _reject_binary(head: bytes) -> None:
    """Refuse a file that is not text, naming the usual culprits."""
    if head.startswith(_ZIP_MAGIC):
        raise FileRejected(_l(
            "The file is an Excel workbook or another zip archive, not CSV: upload it with its .xlsx name."
        ))
    if head.startswith(_OLE2_MAGIC):
        raise FileRejected(_l(
            "The file is an old-format (.xls) or password-protected Excel file, not CSV: save it as CSV or .xlsx."
        ))
    if head.startswith(b"%PDF"):
        raise FileRejected(_l("The file is a PDF document, not CSV."))
    if b"\x00" in head[:_BINARY_PROBE_BYTES]:
        raise FileRejected(_l("The file is not a text file; upload a CSV file saved from Excel as \"CSV UTF-8\"."))


def _bom_encoding(head: bytes) -> str | None:
    """Return the codec a byte-order mark announces (the codec then strips the mark)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _decodes(stream: IO[bytes], encoding: str) -> tuple[bool, bool]:
    """Decode the whole stream; return (decoded, non-ASCII text was seen before any error)."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    seen_non_ascii = False
    while True:
        chunk = stream.read(_CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            return False, seen_non_ascii or not chunk[: error.start].isascii()
        seen_non_ascii = seen_non_ascii or not text.isascii()
        if not chunk:
            return True, seen_non_ascii


def _detect_encoding(stream: IO[bytes]) -> str:
    """Find the text encoding: a BOM (UTF-8/16/32), else valid UTF-8, else Windows-1252.

    A file that is valid UTF-8 up to a stray byte, after real non-ASCII text, is damaged UTF-8,
    not Windows-1252: it is rejected rather than having its Hindi text turned into mojibake.
    """
    stream.seek(0)
    head = stream.read(_SNIFF_BYTES)
    encoding = _bom_encoding(head)
    if encoding is None:
        _reject_binary(head)
        decoded, seen_non_ascii = _decodes(stream, "utf-8")
        if decoded:
            return "utf-8"
        if not seen_non_ascii and _decodes(stream, "cp1252")[0]:
            return "cp1252"
    elif _decodes(stream, encoding)[0]:
        return encoding
    raise FileRejected(_l(
        "The file's text encoding is not recognised or the text is damaged; save it from Excel as \"CSV UTF-8\"."
    ))


def _sniff_text(stream: IO[bytes], encoding: str) -> str:
    """Decode the first bytes of the file for sniffing (a cut character at the end is dropped)."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    return decoder.decode(stream.read(_SNIFF_BYTES), final=False)


def _detect_delimiter(sample: str) -> tuple[str, bool]:
    """Return (delimiter, has_sep_line): Excel's ``sep=;`` line, else the most consistent candidate."""
    if sep_line := _SEP_LINE_RE.match(sample):
        return sep_line.group(1), True
    if "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # the last line may be cut short
    best, best_score = ",", (False, 1)
    for delimiter in _CSV_DELIMITERS:
        try:
            rows = [row for row in itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 50) if row]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(len(row) == width for row in rows) >= 0.8 * len(rows)
        score = (consistent, width)
        if width > 1 and score > best_score:
            best, best_score = delimiter, score
    return best, False


def _read_csv(stream: IO[bytes], *, max_rows: int, max_columns: int) -> Table:
    """Open a CSV file: detect encoding and delimiter, read the header, stream the rest."""
    encoding = _detect_encoding(stream)
    sample = _sniff_text(stream, encoding)
    if "\x00" in sample:
        raise FileRejected(_l("The file is not a text file; upload a CSV file saved from Excel as \"CSV UTF-8\"."))
    delimiter, has_sep_line = _detect_delimiter(sample)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    if has_sep_line:
        text.readline()  # Excel hides the "sep=" line: it is not a row
    # strict: an unclosed quotation mark must not swallow the rest of the file into one cell
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    closers: list[Callable[[], None]] = [lambda: _release(text)]
    try:
        header_number, header_cells = _csv_header(reader)
        headers = _checked_headers(header_cells, max_columns)
        cells = _with_first_row(_csv_rows(reader, headers, header_number, max_rows, closers))
    except BaseException:
        _run_closers(closers)
        raise
    return Table(headers, _keyed(headers, cells), "csv", encoding=encoding, delimiter=delimiter, cells=cells,
                 _closers=closers)


def _release(text: io.TextIOWrapper) -> None:
    """Detach a text wrapper so that closing it leaves the binary stream to its owner."""
    with contextlib.suppress(ValueError):  # already detached
        text.detach()


def _csv_header(reader: Iterator[list[str]]) -> tuple[int, list[str]]:
    """Return the row number and cells of the first non-blank record."""
    try:
        for number, cells in enumerate(reader, start=1):
            if any(cell.strip() for cell in cells):
                return number, cells
    except csv.Error as error:
        raise _damaged_csv(1, error) from None
    raise _no_rows()


def _damaged_csv(number: int, error: csv.Error) -> FileRejected:
    if "field larger than field limit" in str(error):
        return FileRejected(_l(
            "Row %(row)s: a cell is too long (more than %(max)s characters) -- is a quotation mark unbalanced?",
            row=number, max=f"{csv.field_size_limit():,}",
        ))
    return FileRejected(_l(
        "Row %(row)s cannot be read as CSV: a quotation mark is not closed, or text follows a closing one.",
        row=number,
    ))


def _csv_rows(
    reader: Iterator[list[str]], headers: list[str], header_number: int, max_rows: int,
    closers: list[Callable[[], None]],
) -> Iterator[tuple[int, Union[list[str], RowError]]]:
    """Yield ``(row_number, [text, …])``, one text per header; blank rows are counted but skipped.

    This loop carries every CSV row of an import: keep it lean.
    """
    width = len(headers)
    number = header_number
    count = 0
    try:
        for number, cells in enumerate(reader, start=header_number + 1):  # number is reused after the loop
            if not any(cells):
                continue
            count += 1
            if count > max_rows:
                raise _too_many_rows(max_rows)
            if len(cells) == width:
                yield number, cells
            else:
                yield number, _uneven_csv_row(width, cells)
    except csv.Error as error:
        raise _damaged_csv(number + 1, error) from None
    finally:
        _run_closers(closers)


def _uneven_csv_row(width: int, cells: list[str]) -> list[str] | RowError:
    """Pad a short row with empty cells; refuse a row with values right of the header."""
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if error := _extra_values_error(width, cells[width:]):
        return error
    return cells[:width]


# -- XLSX ---------------------------------------------------------------------------------------


def _not_excel() -> FileRejected:
    return FileRejected(_l("The file is not an Excel workbook (.xlsx)."))


def _check_xlsx_archive(stream: IO[bytes], max_uncompressed_bytes: int) -> None:
    """Refuse non-workbooks, zip bombs, encrypted parts and XML entity tricks before openpyxl runs."""
    stream.seek(0)
    if stream.read(len(_OLE2_MAGIC)) == _OLE2_MAGIC:
        raise FileRejected(_l(
            "The file is an old-format (.xls) or password-protected Excel file: save it as .xlsx without a password."
        ))
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_members(archive, max_uncompressed_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise _not_excel() from None
    finally:
        stream.seek(0)


def check_xlsx(stream: IO[bytes], max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES) -> None:
    """For any module that opens an uploaded workbook itself: raise :class:`FileRejected` for what is not a
    workbook, a zip bomb, an encrypted part or XML entity declarations, before openpyxl sees the file."""
    _check_xlsx_archive(stream, max_uncompressed_bytes)


def _check_members(archive: zipfile.ZipFile, max_uncompressed_bytes: int) -> None:
    """Check the parts of an XLSX archive (declared sizes bound what ``zipfile`` will inflate)."""
    members = archive.infolist()
    names = {member.filename for member in members}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _not_excel()
    total = 0
    for member in members:
        total += member.file_size
        ratio_too_high = member.file_size > _MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        if total > max_uncompressed_bytes or (member.file_size > _LARGE_MEMBER_BYTES and ratio_too_high):
            raise FileRejected(_l("The Excel file unpacks to an unreasonable size and is refused."))
        if member.flag_bits & 0x1:
            raise FileRejected(_l("The Excel file is encrypted; remove the password and upload it again."))
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                prolog = part.read(_XML_PROLOG_BYTES)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise FileRejected(_l("The Excel file contains XML declarations that are not allowed."))


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only worksheet that does not read its dimensions when the workbook is opened (see ``_Workbook``)."""

    def _get_size(self) -> None:
        return None


class _Workbook(ExcelReader):
    """openpyxl's reader in read-only mode, its worksheets left unsized.

    Why: openpyxl reads each worksheet's stated dimensions when it opens a workbook, and a sheet that does not state
    them (openpyxl's own write-only files) is parsed to its end for that, on every opening. The readers here read
    every row present whatever the stated dimensions, so they would only pay for a parse they then discard.
    """

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():  # as openpyxl's read-only mode does, but unsized
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _open_workbook(stream: IO[bytes], max_uncompressed_bytes: int) -> Any:
    """Load a workbook read-only, formulas kept, after the archive checks; openpyxl's warnings muted."""
    _check_xlsx_archive(stream, max_uncompressed_bytes)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
        try:
            reader = _Workbook(stream, read_only=True, data_only=False, keep_links=False, keep_vba=False)
            reader.read()
            return reader.wb
        except FileRejected:
            raise
        except Exception:  # openpyxl raises anything from KeyError to ParseError on damaged files
            raise FileRejected(_l("The Excel file is damaged and cannot be read.")) from None


def sheet_names(
    source: Source, *, max_bytes: int | None = None, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> list[str]:
    """Return the names of the worksheets of an XLSX file, in workbook order (chart sheets left out).

    Raises:
        FileRejected: not a usable workbook (same checks as :func:`read_table`).
    """
    stream, closers = _open_binary(source, max_bytes if max_bytes is not None else 2**63)
    try:
        workbook = _open_workbook(stream, max_uncompressed_bytes)
        try:
            return [worksheet.title for worksheet in workbook.worksheets]
        finally:
            workbook.close()
    finally:
        for close in reversed(closers):
            close()


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    """Return the named worksheet, or the first visible one."""
    worksheets = workbook.worksheets
    if sheet is not None:
        for worksheet in worksheets:
            if worksheet.title == sheet:
                return worksheet
        raise FileRejected(_l(
            'The workbook has no sheet named "%(sheet)s"; its sheets are: %(sheets)s.',
            sheet=sheet, sheets=", ".join(worksheet.title for worksheet in worksheets),
        ))
    for worksheet in worksheets:
        if worksheet.sheet_state == "visible":
            return worksheet
    if not worksheets:
        raise _no_rows()
    return worksheets[0]


def _read_xlsx(
    stream: IO[bytes], *, sheet: str | None, max_rows: int, max_columns: int, max_uncompressed_bytes: int
) -> Table:
    """Open a worksheet of an XLSX workbook and stream its rows."""
    workbook = _open_workbook(stream, max_uncompressed_bytes)
    closers: list[Callable[[], None]] = [workbook.close]
    try:
        worksheet = _pick_sheet(workbook, sheet)
        sheet_rows = _sheet_rows(worksheet, closers)  # every row present, whatever dimension the sheet states
        cell_values = _CellValues(worksheet)
        header_cells = _xlsx_header(sheet_rows, cell_values)
        headers = _checked_headers(header_cells, max_columns)
        cells = _with_first_row(_xlsx_rows(sheet_rows, headers, max_rows, cell_values, closers))
    except BaseException:
        _run_closers(closers)
        raise
    return Table(headers, _keyed(headers, cells), "xlsx", sheet=worksheet.title, cells=cells, _closers=closers)


def _sheet_rows(worksheet: Any, closers: list[Callable[[], None]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield ``(row_number, cells)`` of the rows present, read with openpyxl's parser in batches, its warnings muted.

    ``cells`` are the parser's own ``{column, value, data_type, style_id}``: no cell objects are made for them. Errors
    of a damaged sheet surface here, mid-file, and become :class:`FileRejected`.
    """
    workbook = worksheet.parent
    source = worksheet._get_source()
    closers.append(source.close)
    parser = WorkSheetParser(source, worksheet._shared_strings, data_only=False, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    rows = parser.parse()
    number = 0
    while True:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
            try:
                batch = list(itertools.islice(rows, _XLSX_BATCH))
            except Exception:  # XML, zip or CRC errors from a damaged part
                raise FileRejected(_l(
                    "The Excel file is damaged after row %(row)s and cannot be read.", row=number
                )) from None
        if not batch:
            return
        number = batch[-1][0]
        yield from batch


class _CellValues:
    """Turns the parser's cells of one sheet into a row's values: by column, blanks ``None``; a formula cell
    rejects the file; a number shown as a percentage becomes the text the user sees (0.02 -> "2.00%")."""

    def __init__(self, worksheet: Any) -> None:
        self.sheet = worksheet.title
        self.workbook = worksheet.parent
        self.percent: dict[int, bool] = {}

    def __call__(self, cells: list[dict[str, Any]]) -> list[Any]:
        if not cells:
            return []
        values: list[Any] = [None] * max(cell["column"] for cell in cells)
        for cell in cells:
            value = cell["value"]
            data_type = cell["data_type"]
            if data_type == "f":
                raise FileRejected(_l(
                    'Cell %(cell)s of sheet "%(sheet)s" holds a formula (%(formula)s). Files with formulas are not '
                    "accepted: copy the sheet and paste it as values only.",
                    cell=f"{get_column_letter(cell['column'])}{cell['row']}", sheet=self.sheet,
                    formula=str(value)[:40],
                ))
            if data_type == "n" and value is not None and not isinstance(value, bool) and self._percent(
                    cell["style_id"]):
                value = f"{Decimal(repr(value)) * 100:f}%"
            values[cell["column"] - 1] = value
        return values

    def _percent(self, style_id: int) -> bool:
        """Whether the cell style shows numbers as a percentage (its number format holds a "%")."""
        if style_id not in self.percent:
            number_format = "General"
            with contextlib.suppress(IndexError):
                format_id = self.workbook._cell_styles[style_id].numFmtId
                number_format = (BUILTIN_FORMATS.get(format_id, "General") if format_id < BUILTIN_FORMATS_MAX_SIZE
                                 else self.workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])
            self.percent[style_id] = "%" in number_format
        return self.percent[style_id]


def _is_blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _xlsx_header(sheet_rows: Iterator[tuple[int, list[dict[str, Any]]]], cell_values: _CellValues) -> list[Any]:
    """Return the values of the first non-blank row."""
    for _number, cells in sheet_rows:
        values = cell_values(cells)
        if not _is_blank(values):
            return values
    raise _no_rows()


def _xlsx_rows(
    sheet_rows: Iterator[tuple[int, list[dict[str, Any]]]], headers: list[str], max_rows: int,
    cell_values: _CellValues, closers: list[Callable[[], None]],
) -> Iterator[tuple[int, Union[list[Any], RowError]]]:
    """Yield ``(row_number, [value, …])``, one value per header, for the non-blank rows after the header."""
    width = len(headers)
    count = 0
    try:
        for number, cells in sheet_rows:
            values = cell_values(cells)
            if _is_blank(values):
                continue
            count += 1
            if count > max_rows:
                raise _too_many_rows(max_rows)
            if len(values) > width and (error := _extra_values_error(width, values[width:])):
                yield number, error
                continue
            if len(values) < width:
                values.extend([None] * (width - len(values)))
            yield number, values if len(values) == width else values[:width]
    finally:
        _run_closers(closers)


# -- JSON ---------------------------------------------------------------------------------------


def _json_decoder() -> json.JSONDecoder:
    """A decoder that keeps fractional numbers exact, as ``Decimal``."""
    return json.JSONDecoder(parse_float=Decimal)


def _not_an_object(number: int) -> RowError:
    return RowError(_l("Record %(row)s is not a JSON object.", row=number))


def _read_json(stream: IO[bytes], *, max_rows: int) -> Table:
    """Open a JSON-lines file, or a JSON array if the file starts with ``[``."""
    encoding = _detect_encoding(stream)
    sample = _sniff_text(stream, encoding).lstrip()
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    closers: list[Callable[[], None]] = [lambda: _release(text)]
    try:
        if sample.startswith("["):
            records = _json_array_rows(text.read(), max_rows)
        else:
            records = _json_lines_rows(text, max_rows)
        records = _closing_when_done(records, closers)
        first = next(records, None)
        if first is None:
            raise _no_rows()
    except BaseException:
        _run_closers(closers)
        raise
    headers = list(first[1]) if isinstance(first[1], dict) else []
    return Table(headers, itertools.chain((first,), records), "json", encoding=encoding, _closers=closers)


def _closing_when_done(rows: Iterator[Row], closers: list[Callable[[], None]]) -> Iterator[Row]:
    """Yield the rows, then release the file (also when abandoned early)."""
    try:
        yield from rows
    finally:
        _run_closers(closers)


def _json_lines_rows(lines: Iterable[str], max_rows: int) -> Iterator[Row]:
    """Yield ``(line_number, record)`` per non-blank line; a bad line is a :class:`RowError`.

    Errors before the first good record are held back: if no good record comes within
    ``_MAX_LEADING_JSON_ERRORS`` lines, or at all, the file is not JSON lines and is rejected.
    """
    decoder = _json_decoder()
    held: list[Row] = []
    found = False
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        count += 1
        if count > max_rows:
            raise _too_many_rows(max_rows)
        row = (number, _json_line(decoder, line, number))
        if found:
            yield row
        elif isinstance(row[1], RowError):
            held.append(row)
            if len(held) >= _MAX_LEADING_JSON_ERRORS:
                raise _not_json()
        else:
            found = True
            yield from held
            yield row
    if held and not found:
        raise _not_json()


def _not_json() -> FileRejected:
    return FileRejected(_l("The file is not in JSON or JSON-lines format."))


def _json_line(decoder: json.JSONDecoder, line: str, number: int) -> dict[str, Any] | RowError:
    """Decode one JSON line into a record or a :class:`RowError`."""
    try:
        record = decoder.decode(line)
    except json.JSONDecodeError as error:
        return RowError(_l(
            "Line %(row)s is not valid JSON (error at character %(column)s).", row=number, column=error.colno
        ))
    except (RecursionError, ValueError):
        return RowError(_l("Line %(row)s is not valid JSON.", row=number))
    return record if isinstance(record, dict) else _not_an_object(number)


def _json_array_rows(document: str, max_rows: int) -> Iterator[Row]:
    """Yield ``(position, record)`` for the items of a JSON array held in ``document``.

    A syntax error in an array cannot be skipped over and rejects the file.
    """
    decoder = _json_decoder()
    position = _skip_space(document, document.index("[") + 1)
    if document.startswith("]", position):
        _expect_end(document, position + 1)
        return
    for number in itertools.count(1):
        if number > max_rows:
            raise _too_many_rows(max_rows)
        try:
            record, position = decoder.raw_decode(document, position)
        except json.JSONDecodeError as error:
            raise _bad_json_document(error.lineno, error.colno) from None
        except (RecursionError, ValueError):
            raise _not_json() from None
        yield number, record if isinstance(record, dict) else _not_an_object(number)
        position = _skip_space(document, position)
        if document.startswith("]", position):
            _expect_end(document, position + 1)
            return
        if not document.startswith(",", position):
            line = document.count("\n", 0, position) + 1
            raise _bad_json_document(line, position - document.rfind("\n", 0, position))
        position = _skip_space(document, position + 1)


def _skip_space(document: str, position: int) -> int:
    """Return the position of the first non-whitespace character at or after ``position``."""
    match = _JSON_WS_RE.match(document, position)
    return match.end() if match else position


def _expect_end(document: str, position: int) -> None:
    """Refuse anything but whitespace after the closing bracket."""
    if document[position:].strip():
        line = document.count("\n", 0, position) + 1
        raise _bad_json_document(line, position - document.rfind("\n", 0, position))


def _bad_json_document(line: int, column: int) -> FileRejected:
    return FileRejected(_l(
        "The file is not valid JSON (error on line %(line)s at character %(column)s).", line=line, column=column
    ))


def read_json_records(
    source: Source, *, max_bytes: int, max_rows: int, filename: str = "records.jsonl"
) -> Iterator[Row]:
    """Return an iterator of ``(line_number, record)`` from a JSON-lines file or a JSON array.

    The file is checked (size, encoding, "no rows", "not JSON at all") when this is called; the
    iterator closes the file when exhausted or closed.  A line that is not valid JSON, or not an
    object, comes as a :class:`RowError`.  GeM BidPlus records still need :func:`unwrap_bidplus`.
    """
    if _file_format(filename) != "json":
        raise FileRejected(_l("Upload a JSON or JSON-lines file (.json, .jsonl)."))
    return read_table(source, filename=filename, max_bytes=max_bytes, max_rows=max_rows).rows


def unwrap_bidplus(record: dict[str, Any]) -> dict[str, Any]:
    """Unwrap GeM BidPlus values, which come each wrapped in a one-element list.

    ``{"b_bid_number": ["GEM/2025/B/6810987"], "id": "8496786"}`` becomes
    ``{"b_bid_number": "GEM/2025/B/6810987", "id": "8496786"}``; an empty list becomes ``None``
    and longer lists are kept as they are.
    """
    return {key: _unwrapped(value) for key, value in record.items()}


def _unwrapped(value: Any) -> Any:
    if isinstance(value, list) and len(value) <= 1:
        return value[0] if value else None
    return value
