"""The payment status return as a spreadsheet: the same rows as the page's table, downloaded, filled in and
uploaded back. The first columns describe the order (read-only in effect); the last five are the department's."""
import io
import zipfile
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gemcell.core.errors import FormError
from gemcell.core.exports import as_text, xlsx_clean
from gemcell.gemdata.readers import FileRejected, check_xlsx
from gemcell.payments.models import PaymentState
from gemcell.payments.operations import MAX_ROWS, RowInput

#: the department's columns: (RowInput field, header)
ENTRY_COLUMNS = ['state', 'paid_date', 'reference', 'reason', 'remark', 'prc_date']
MAX_BYTES = 5 * 1024 * 1024
#: the most the parts of an uploaded return may unpack to
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def entry_headers() -> list[str]:
    return [_('Status (paid / not paid yet)'), _('Payment date'), _('Payment reference'), _('Reason for delay'),
            _('Remark (the reason, if “other”)'), _('Provisional receipt (PRC) date')]


def info_headers() -> list[str]:
    return [_('Order number'), _('Office'), _('Seller'), _('Value (₹)'), _('CRAC date'), _('Due date'),
            _('Days overdue')]


def write(items, reasons) -> bytes:
    """The workbook of ``items`` (``OrderPayment``), with the department's current status filled in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _('Payment status')[:31]
    headers = info_headers() + entry_headers()
    sheet.append(headers)
    for item in items:
        status = item.status
        sheet.append([xlsx_clean(value) for value in (
            item.order.number, item.order.office.name if item.order.office else (item.order.office_raw or ''),
            item.order.seller_name or '', float(item.value), item.due.accepted, item.due.due, item.days_late or None,
            str(status.state.title) if status else None, status.paid_date if status else None,
            status.reference if status else None,
            next((r.name for r in reasons if status and r.code == status.reason_code), None),
            status.remark if status else None, status.prc_date if status else None)])
        for cell in sheet[sheet.max_row]:
            as_text(cell)  # what the department typed comes back as typed, never as a formula
    for index, width in enumerate([24, 30, 30, 14, 12, 12, 10, 22, 14, 22, 30, 30, 16], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in 'EFIM':
        for cell in sheet[column][1:]:
            cell.number_format = 'DD.MM.YYYY'
    last = max(sheet.max_row, 2) + 500
    states = DataValidation(type='list', formula1='"{}"'.format(','.join(str(s.title) for s in PaymentState)),
                            allow_blank=True)
    states.add(f'H2:H{last}')
    names = [r.name.replace(',', ' ') for r in reasons]
    if names and len(','.join(names)) < 250:
        reason_list = DataValidation(type='list', formula1='"{}"'.format(','.join(names)), allow_blank=True)
        reason_list.add(f'K2:K{last}')
        sheet.add_data_validation(reason_list)
    sheet.add_data_validation(states)
    sheet.freeze_panes = 'B2'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(stream) -> list[RowInput]:
    """The rows of an uploaded workbook; a file that is not this return raises ``FormError('file', …)``."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormError('file', _('The file is larger than 5 MB. Upload the downloaded return, filled in.'))
    not_a_workbook = FormError('file', _('The file is not an Excel workbook (.xlsx). Download the return, fill it '
                                         'in and upload it back.'))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_a_workbook
    try:
        check_xlsx(io.BytesIO(data), MAX_UNPACKED_BYTES)  # a zip bomb is refused before openpyxl inflates it
    except FileRejected as rejected:
        raise FormError('file', rejected.message) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise not_a_workbook from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        expected = info_headers() + entry_headers()
        if header is None or not _same_header(header, expected):
            raise FormError('file', _('This is not the payment status return: its first row must be the headings '
                                      'of the downloaded file (%(first)s, …).', first=expected[0]))
        result = []
        offset = len(info_headers())
        for number, values in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise FormError('file', _('The file has more than %(max)s rows; split it.', max=MAX_ROWS))
            values = list(values) + [None] * (len(expected) - len(values))
            if not any(v not in (None, '') for v in values):
                continue
            entry = dict(zip(ENTRY_COLUMNS, values[offset:offset + len(ENTRY_COLUMNS)]))
            result.append(RowInput(label=str(number), order=values[0], **entry))
        return result
    finally:
        workbook.close()


def _same_header(header, expected) -> bool:
    """The downloaded headings, in either language (the officer may have switched language since)."""
    from flask_babel import force_locale
    got = [str(h or '').strip() for h in header[:len(expected)]]
    for lang in ('hi', 'en'):
        with force_locale(lang):
            if got == [str(h) for h in info_headers() + entry_headers()]:
                return True
    return False


def default_filename(department_code: str, day: date) -> str:
    return f'payment-status-{department_code}-{day.isoformat()}'
