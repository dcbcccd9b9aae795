"""Every list can be downloaded as CSV or XLSX: ``export_response(rows, columns, fmt, filename)``."""
import csv
import enum
import io
from datetime import datetime
from typing import Callable, Iterable

from flask import Response, abort
from openpyxl import Workbook

from gemcell.core.i18n import to_local

FORMATS = {'csv': 'text/csv; charset=utf-8',
           'xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}


def _cell(value):
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str) and value[:1] in ('=', '+', '-', '@'):
        return "'" + value  # never let a spreadsheet run a cell as a formula
    return value


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
            writer.writerow(['' if (v := _cell(get(row))) is None else v for _, get in columns])
        data = buffer.getvalue().encode('utf-8')
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(get(row)) for _, get in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    response = Response(data, mimetype=FORMATS[fmt])
    response.headers['Content-Disposition'] = f'attachment; filename="{filename}.{fmt}"'
    return response
