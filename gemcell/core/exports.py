"""Every list can be downloaded as CSV or XLSX: ``export_response(rows, columns, fmt, filename)``.

Spreadsheets never run what users typed (formula injection, OWASP "CSV injection"): in a CSV, a text that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break, or their
full-width forms) gets a leading apostrophe; in an XLSX such a text is written as a text cell (``as_text``), which no
spreadsheet evaluates, so it keeps its exact value. Every module that writes a workbook of its own uses ``as_text``.
"""
import csv
import enum
import io
from datetime import datetime
from typing import Callable, Iterable

from flask import Response, abort
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gemcell.core.i18n import to_local

FORMATS = {'csv': 'text/csv; charset=utf-8',
           'xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}


#: first characters that make a spreadsheet read a CSV field as a formula
FORMULA_START = ('=', '+', '-', '@', '\t', '\r', '\n', '\uff1d', '\uff0b', '\uff0d', '\uff20')


def _cell(value):
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def csv_safe(value):
    """A CSV field's value: a text a spreadsheet would run as a formula, with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_text(cell):
    """Mark an openpyxl cell holding text as a text cell (openpyxl makes a formula of text starting with ``=``)."""
    if isinstance(cell.value, str):
        cell.data_type = 's'
    return cell


def xlsx_clean(value):
    """Text without the control characters an XLSX cannot hold (openpyxl would fail the whole download)."""
    return ILLEGAL_CHARACTERS_RE.sub('', value) if isinstance(value, str) else value


def xlsx_value(sheet, value):
    """A value as written into a write-only ``sheet``: ``xlsx_clean``, and a text cell where openpyxl would make a
    formula of it."""
    value = xlsx_clean(value)
    return as_text(WriteOnlyCell(sheet, value)) if isinstance(value, str) and value.startswith('=') else value


def export_response(rows: Iterable, columns: list[tuple[str, Callable]], fmt: str, filename: str) -> Response:
    """Write ``rows`` through ``columns`` ((header, getter) pairs) as ``fmt`` and return the download."""
    if fmt not in FORMATS:
        abort(404)
    headers = [str(title) for title, _ in columns]
    if fmt == 'csv':
        buffer = io.StringIO()
        buffer.write('\ufeff')  # Excel reads UTF-8 (Hindi) only with the BOM
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(['' if (v := csv_safe(_cell(get(row)))) is None else v for _, get in columns])
        data = buffer.getvalue().encode('utf-8')
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([xlsx_value(sheet, header) for header in headers])
        for row in rows:
            sheet.append([xlsx_value(sheet, _cell(get(row))) for _, get in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    response = Response(data, mimetype=FORMATS[fmt])
    response.headers['Content-Disposition'] = f'attachment; filename="{filename}.{fmt}"'
    return response
