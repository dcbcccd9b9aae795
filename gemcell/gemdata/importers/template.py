"""The ``template`` shape: gemcell's own Excel workbook, for data the cell types in or gathers from departments.

The workbook has the sheets ``Bids``, ``Bidders``, ``Orders``, ``Sellers`` and ``Payments`` (any may be missing or
empty) and a "Read me" sheet. Headers are bilingual, ``"बिड संख्या / Bid number"``; the Hindi part, the English part
or both are accepted. A CSV file holding the columns of one sheet is accepted too: ``options['sheet']`` names the
sheet, else it is recognised from the headers. ``template_workbook()`` builds the file users download.

The sheets are read in dependency order (sellers, bids, bidders, orders, payments), whatever their order in the
workbook, so a bidder or a payment can refer to a bid or an order of the same file.
"""
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from gemcell.gemdata.importers.columns import (BUYING_MODES, Column, RowParser, choice, match_columns, matched_count,
                                               parse_rows, raw_record, row_error, text)
from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.models import BidderState, BidSource, ProcurementKind
from gemcell.gemdata.parsing import (ParseError, parse_amount, parse_bool, parse_date, parse_datetime,
                                     parse_gem_bid_number, parse_gem_contract_number, parse_gepnic_tender_id,
                                     parse_percent, parse_rank)
from gemcell.gemdata.readers import FileRejected, read_table, sheet_names

README_SHEET = 'Read me – पढ़ें'  # Excel allows no "/" in a sheet name
_NO_ROWS = _l('The file has no rows.')  # the readers' message for a sheet without data rows


def h(hindi: str, english: str) -> str:
    """A bilingual header, Hindi first."""
    return f'{hindi} / {english}'


# -- values ------------------------------------------------------------------------------------------------------

KINDS = choice({'goods': ProcurementKind.goods, 'services': ProcurementKind.services,
                'works': ProcurementKind.works, 'सामग्री': ProcurementKind.goods, 'सेवाएँ': ProcurementKind.services,
                'सेवाएं': ProcurementKind.services, 'कार्य': ProcurementKind.works})
BIDDER_STATES = choice({
    'qualified': BidderState.qualified, 'disqualified_technical': BidderState.disqualified_technical,
    'Technically disqualified': BidderState.disqualified_technical,
    'disqualified_financial': BidderState.disqualified_financial,
    'Disqualified at the financial stage': BidderState.disqualified_financial,
    'not_admitted': BidderState.not_admitted, 'Not admitted': BidderState.not_admitted,
    'awarded': BidderState.awarded, 'unknown': BidderState.unknown,
    'अर्ह': BidderState.qualified, 'तकनीकी रूप से अनर्ह': BidderState.disqualified_technical,
    'वित्तीय चरण में अनर्ह': BidderState.disqualified_financial, 'प्रवेश नहीं': BidderState.not_admitted,
    'चयनित': BidderState.awarded, 'अज्ञात': BidderState.unknown,
})


def bid_identity(number: str, column: str) -> tuple[BidSource, str]:
    """The source of a bid number and its canonical form: GeM (``GEM/…``), GePNIC (``2022_PWD_26485_11``) or manual.

    A number that starts like a GeM bid number but is not one is an error, not a manual bid.
    """
    if number.upper().startswith('GEM'):
        return BidSource.gem, parse_gem_bid_number(number, column=column)
    try:
        return BidSource.gepnic, parse_gepnic_tender_id(number, column=column)
    except ParseError:
        return BidSource.manual, number


# -- sheets ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str
    columns: tuple[Column, ...]
    #: one example row, in column order, as a user would type it
    example: tuple[Any, ...]
    #: derive fields from the parsed ones (e.g. a bid's source from its number); may raise ``ParseError``
    finish: Callable[[dict[str, Any], RowParser], None] | None = None


def _finish_bid(fields: dict[str, Any], parse: RowParser) -> None:
    fields['source'], fields['number'] = bid_identity(fields['number'], _header(parse, 'number'))
    fields['is_ra'] = fields['source'] is BidSource.gem and '/R/' in fields['number']


def _finish_bidder(fields: dict[str, Any], parse: RowParser) -> None:
    fields['bid_source'], fields['bid_number'] = bid_identity(fields['bid_number'], _header(parse, 'bid_number'))
    fields['key'] = fields.get('seller_gem_id') or fields['name']
    for name in ('state', 'is_awarded'):  # NOT NULL columns: an empty cell keeps the stored value / the default
        if name in fields and fields[name] is None:
            del fields[name]


def _header(parse: RowParser, field: str) -> str:
    return next(header for header, column in parse.pairs if column.field == field)


DATE_HELP = _l('Date as DD/MM/YYYY, e.g. 08/01/2026.')
DATETIME_HELP = _l('Date and time as DD/MM/YYYY HH:MM (Indian time), e.g. 08/01/2026 14:49.')
AMOUNT_HELP = _l('Rupees, digits only or grouped (4,200 or 4200.50); no "Rs".')
YES_NO_HELP = _l('Yes or No (हाँ / नहीं).')
DEPARTMENT_HELP = _l('The buyer department as GeM writes it. Names not yet known to the cell go to the reviewers '
                     'for mapping; the row is imported anyway.')

SELLERS = Sheet('Sellers', 'seller', (
    Column('gem_seller_id', (h('विक्रेता आई0डी0', 'Seller ID'),), text(40), required=True, repeats=False,
           help=_l("The seller's id on GeM, e.g. 8AD6180000593530.")),
    Column('name', (h('विक्रेता का नाम', 'Seller name'),), text(300), required=True,
           help=_l('Name of the firm as on GeM.')),
    Column('is_mse', (h('सूक्ष्म/लघु उद्यम', 'MSE'),), parse_bool, help=YES_NO_HELP),
    Column('udyam_number', (h('उद्यम पंजीकरण संख्या', 'Udyam number'),), text(40), repeats=False,
           help=_l('Udyam registration number, if any.')),
    Column('is_startup', (h('स्टार्टअप', 'Startup'),), parse_bool, help=YES_NO_HELP),
    Column('state', (h('राज्य', 'State'),), text(100), help=_l('State of the seller.')),
), example=('8AD6180000593530', 'M/S SNEH ENTERPRISES', 'Yes', 'UDYAM-UP-00-0000000', 'No', 'Uttar Pradesh'))

BIDS = Sheet('Bids', 'bid', (
    Column('number', (h('बिड संख्या', 'Bid number'),), text(60), required=True, repeats=False,
           help=_l('GeM bid number (GEM/2025/B/6974734), GePNIC tender ID (2022_PWD_26485_11) or your own '
                   'reference.')),
    Column('title', (h('विषय', 'Title'),), text(multiline=True), help=_l('What is bought.')),
    Column('buyer_department_raw', (h('क्रेता विभाग', 'Buyer department'),), text(500), required=True,
           help=DEPARTMENT_HELP),
    Column('office_raw', (h('कार्यालय', 'Office'),), text(500), help=_l('The buying office.')),
    Column('category_name', (h('श्रेणी', 'Category'),), text(), help=_l('GeM category.')),
    Column('kind', (h('प्रकार', 'Kind'),), KINDS, help=_l('goods, services or works (सामग्री / सेवाएँ / कार्य).')),
    Column('quantity', (h('मात्रा', 'Quantity'),), parse_amount, help=_l('Total quantity.')),
    Column('estimated_value', (h('अनुमानित मूल्य', 'Estimated value'),), parse_amount, help=AMOUNT_HELP),
    Column('emd_amount', (h('ई0एम0डी0 धनराशि', 'EMD amount'),), parse_amount, help=AMOUNT_HELP),
    Column('published_dt', (h('प्रकाशन तिथि', 'Published on'),), parse_datetime, help=DATETIME_HELP),
    Column('end_dt', (h('अन्तिम तिथि', 'Closing date'),), parse_datetime, help=DATETIME_HELP),
    Column('status', (h('स्थिति', 'Status'),), text(60), help=_l('Status of the bid as GeM shows it.')),
    Column('emd_required', (h('ई0एम0डी0 अपेक्षित', 'EMD required'),), parse_bool, help=YES_NO_HELP),
    Column('emd_exemption', (h('ई0एम0डी0 छूट अनुमन्य', 'EMD exemption allowed'),), parse_bool,
           help=_l('Whether MSE and start-up sellers are exempt from EMD: Yes or No (हाँ / नहीं).')),
    Column('epbg_percent', (h('ई0पी0बी0जी0 %', 'ePBG %'),), parse_percent,
           help=_l('Performance security asked, as a percentage of the contract value (e.g. 3).')),
    Column('mse_exemption', (h('एम0एस0ई0 छूट', 'MSE exemption'),), parse_bool,
           help=_l('MSE exemption from years of experience and turnover: Yes or No (हाँ / नहीं).')),
    Column('startup_exemption', (h('स्टार्टअप छूट', 'Startup exemption'),), parse_bool,
           help=_l('Start-up exemption from years of experience and turnover: Yes or No (हाँ / नहीं).')),
    Column('atc_text', (h('अतिरिक्त शर्तें (ए0टी0सी0)', 'ATC'),), text(multiline=True),
           help=_l("The buyer's additional terms and conditions, as written in the bid.")),
), example=('GEM/2025/B/6810987', 'Procurement of furniture', 'Medical Health and Family Welfare Department Uttar '
            'Pradesh', 'DISTRICT FEMALE HOSPITAL MAINPURI', 'Table office steel with Drawer', 'goods', 176,
            1250000, 25000, '04/12/2025 16:15', '30/12/2025 19:30', 'Technical evaluation', 'Yes', 'Yes', 3, 'Yes',
            'Yes', 'Delivery within 30 days of the contract.'),
    finish=_finish_bid)

BIDDERS = Sheet('Bidders', 'bidder', (
    Column('bid_number', (h('बिड संख्या', 'Bid number'),), text(60), required=True,
           help=_l('The bid, as in the Bids sheet or already in gemcell.')),
    Column('name', (h('बोलीदाता का नाम', 'Bidder name'),), text(300), required=True, help=_l('Name of the firm.')),
    Column('seller_gem_id', (h('विक्रेता आई0डी0', 'Seller ID'),), text(40),
           help=_l("The seller's id on GeM, if known.")),
    Column('state', (h('परिणाम', 'Result'),), BIDDER_STATES,
           help=_l('qualified, disqualified_technical, disqualified_financial, not_admitted, awarded or unknown.')),
    Column('reason', (h('कारण', 'Reason'),), text(multiline=True), help=_l('Reason for disqualification.')),
    Column('financial_value', (h('वित्तीय बोली', 'Bid value'),), parse_amount, help=AMOUNT_HELP),
    Column('rank', (h('रैंक', 'Rank'),), parse_rank, help=_l('L1, L2, …')),
    Column('is_awarded', (h('चयनित', 'Awarded'),), parse_bool, help=YES_NO_HELP),
    Column('awarded_value', (h('संविदा मूल्य', 'Awarded value'),), parse_amount, help=AMOUNT_HELP),
), example=('GEM/2025/B/6810987', 'M/S SNEH ENTERPRISES', '8AD6180000593530', 'awarded', '', 1180000, 'L1', 'Yes',
            1180000), finish=_finish_bidder)

ORDERS = Sheet('Orders', 'order', (
    Column('number', (h('संविदा संख्या', 'Contract number'),), parse_gem_contract_number, required=True,
           repeats=False, help=_l('GeM contract number: GEMC- and 15 digits.')),
    Column('bid_number', (h('बिड संख्या', 'Bid number'),), parse_gem_bid_number,
           help=_l('The GeM bid the order came from, if any.')),
    Column('buyer_department_raw', (h('क्रेता विभाग', 'Buyer department'),), text(500), required=True,
           help=DEPARTMENT_HELP),
    Column('office_raw', (h('कार्यालय', 'Office'),), text(500), help=_l('The buying office.')),
    Column('buyer_designation', (h('क्रेता का पदनाम', 'Buyer designation'),), text(200),
           help=_l("Designation of the buyer's officer.")),
    Column('buyer_org_type', (h('क्रेता संगठन का प्रकार', 'Buyer organisation type'),), text(100),
           help=_l('State Government, Central Government, PSU…')),
    Column('seller_gem_id', (h('विक्रेता आई0डी0', 'Seller ID'),), text(40), help=_l("The seller's id on GeM.")),
    Column('seller_name', (h('विक्रेता का नाम', 'Seller name'),), text(300), help=_l('Name of the firm.')),
    Column('category_name', (h('श्रेणी', 'Category'),), text(), help=_l('GeM category.')),
    Column('product', (h('उत्पाद', 'Product'),), text(), help=_l('Product or service bought.')),
    Column('brand', (h('ब्राण्ड', 'Brand'),), text(200), help=_l('Brand, if any.')),
    Column('model', (h('मॉडल', 'Model'),), text(200), help=_l('Model, if any.')),
    Column('quantity', (h('मात्रा', 'Quantity'),), parse_amount, help=_l('Quantity ordered.')),
    Column('unit_price', (h('इकाई मूल्य', 'Unit price'),), parse_amount, help=AMOUNT_HELP),
    Column('total_value', (h('कुल मूल्य', 'Total value'),), parse_amount, required=True, help=AMOUNT_HELP),
    Column('buying_mode', (h('क्रय का प्रकार', 'Buying mode'),), choice(BUYING_MODES),
           help=_l('Direct, L1, Bid or RA (reverse auction).')),
    Column('order_dt', (h('संविदा तिथि', 'Contract date'),), parse_datetime, required=True, help=DATETIME_HELP),
    Column('status', (h('स्थिति', 'Status'),), text(60), help=_l('Status of the order as GeM shows it.')),
), example=('GEMC-511687789665064', '', 'Medical Health and Family Welfare Department Uttar Pradesh',
            'DISTRICT FEMALE HOSPITAL MAINPURI', 'SMO', 'State Government', '8AD6180000593530', 'M/S SNEH ENTERPRISES',
            'sutures', 'Relyon Sutures Polyglactin sutures, Number of suture foils in box 12', 'Relyon Sutures',
            'RELYONGLACTIN', 10, 4200, 42000, 'Direct', '08/01/2026 14:49', 'Order Accepted'))

PAYMENTS = Sheet('Payments', 'payment', (
    Column('order_number', (h('संविदा संख्या', 'Contract number'),), parse_gem_contract_number, required=True,
           repeats=False, help=_l('The order, as in the Orders sheet or already in gemcell.')),
    Column('crac_date', (h('सी0आर0ए0सी0 तिथि', 'CRAC date'),), parse_date,
           help=_l('Date of the consignee receipt and acceptance certificate (CRAC): DD/MM/YYYY.')),
    Column('invoice_number', (h('बीजक संख्या', 'Invoice number'),), text(80), repeats=False,
           help=_l("The seller's invoice number.")),
    Column('invoice_date', (h('बीजक तिथि', 'Invoice date'),), parse_date, help=DATE_HELP),
    Column('invoice_amount', (h('बीजक धनराशि', 'Invoice amount'),), parse_amount, help=AMOUNT_HELP),
    Column('payment_date', (h('भुगतान तिथि', 'Payment date'),), parse_date, help=DATE_HELP),
    Column('payment_amount', (h('भुगतान धनराशि', 'Payment amount'),), parse_amount, help=AMOUNT_HELP),
), example=('GEMC-511687789665064', '20/01/2026', 'SE/2025-26/114', '18/01/2026', 42000, '05/02/2026', 42000))

#: in the order they are read: what a record refers to comes first
SHEETS = (SELLERS, BIDS, BIDDERS, ORDERS, PAYMENTS)
_BY_NAME = {sheet.name.casefold(): sheet for sheet in SHEETS}


# -- reading -----------------------------------------------------------------------------------------------------

class TemplateShape:
    """gemcell's template workbook (every sheet), or a CSV file of one of its sheets."""

    name = 'template'
    title = _l('gemcell template (Excel, or CSV of one sheet)')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        """Yield the records of every sheet, sheet by sheet in dependency order."""
        wanted = source.options.get('sheet')
        if source.filename.lower().endswith('.xlsx'):
            present = {name.casefold(): name for name in sheet_names(source.path, max_bytes=limits['max_bytes'])}
            sheets = [_named_sheet(wanted)] if wanted else [sheet for sheet in SHEETS
                                                            if sheet.name.casefold() in present]
            if not sheets:
                raise FileRejected(_l('The workbook has none of the sheets %(sheets)s: is it the gemcell template?',
                                      sheets=', '.join(sheet.name for sheet in SHEETS)))
            for sheet in sheets:
                yield from _read_sheet(source, sheet, limits, present.get(sheet.name.casefold(), sheet.name),
                                       skip_empty=not wanted)
        else:
            yield from _read_sheet(source, _named_sheet(wanted) if wanted else None, limits, None, skip_empty=False)


def _named_sheet(name: str) -> Sheet:
    try:
        return _BY_NAME[name.strip().casefold()]
    except KeyError:
        raise FileRejected(_l('There is no template sheet "%(sheet)s"; the sheets are %(sheets)s.',
                              sheet=name, sheets=', '.join(sheet.name for sheet in SHEETS))) from None


def _read_sheet(source: Source, sheet: Sheet | None, limits: dict, sheet_name: str | None,
                skip_empty: bool) -> Iterator[Record | ImportError_]:
    """Yield the records of one worksheet (or of a CSV file; ``sheet`` ``None``: recognise it by its headers)."""
    try:
        table = read_table(source.path, filename=source.filename, max_bytes=limits['max_bytes'],
                           max_rows=limits['max_rows'], sheet=sheet_name)
    except FileRejected as rejected:
        if skip_empty and str(rejected) == str(_NO_ROWS):
            return
        raise
    with table:
        sheet = sheet or _recognise(table.headers)
        parse = match_columns(table.headers, sheet.columns)
        file = f'{source.filename} [{table.sheet}]' if table.sheet else source.filename
        kind, finish, raw = sheet.kind, sheet.finish, raw_record(table)
        for row, values, fields, errors in parse_rows(parse, table, listed=True):
            if fields is None:
                yield ImportError_(kind, file, row, None, None, values.message)
                continue
            if not errors and finish:
                try:
                    finish(fields, parse)
                except ParseError as error:
                    errors.append(error)
            if errors:
                yield from (row_error(kind, file, row, error) for error in errors)
                continue
            fields['raw'] = raw(values)
            yield Record(kind, fields, file, row)


def _recognise(headers: list[str]) -> Sheet:
    """The sheet whose required columns are all present and which explains most of the headers."""
    scored = []
    for sheet in SHEETS:
        count, complete = matched_count(headers, sheet.columns)
        if complete:
            scored.append((count, sheet))
    scored.sort(key=lambda item: -item[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        raise FileRejected(_l('The columns do not tell which template sheet this is; name the sheet '
                              '(%(sheets)s) when importing.', sheets=', '.join(sheet.name for sheet in SHEETS)))
    return scored[0][1]


# -- the downloadable workbook -----------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill('solid', fgColor='DDEBF7')
_REQUIRED_FILL = PatternFill('solid', fgColor='FCE4D6')


def template_workbook(example: bool = True) -> bytes:
    """The template as XLSX bytes: one sheet per record kind with its header row (and, with ``example``, one filled
    example row), then a "Read me" sheet explaining every column and format in Hindi and English."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in (BIDS, BIDDERS, ORDERS, SELLERS, PAYMENTS):
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.headers[0] for column in sheet.columns])
        for cell, column in zip(worksheet[1], sheet.columns):
            cell.font = _HEADER_FONT
            cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
            worksheet.column_dimensions[cell.column_letter].width = max(14, min(40, len(column.headers[0]) + 2))
        if example:
            worksheet.append([None if value == '' else value for value in sheet.example])
        worksheet.freeze_panes = 'A2'
    _write_readme(workbook.create_sheet(README_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _both(message: Any) -> tuple[str, str]:
    """A lazily translated message in Hindi and in English."""
    with force_locale('hi'):
        hindi = str(message)
    with force_locale('en'):
        english = str(message)
    return hindi, english


def _write_readme(worksheet: Any) -> None:
    intro = (
        _l('Fill in the sheets you need and leave the others empty; then import the file in gemcell '
           '(Import > gemcell template). Keep the header row as it is.'),
        _l('Columns with an orange header are required. Each sheet holds one kind of record; a record already in '
           'gemcell (same number) is updated, and an empty cell clears the stored value.'),
        _l('One sheet may also be saved and imported as CSV.'),
    )
    for line in intro:
        worksheet.append(list(_both(line)))
    worksheet.append([])
    worksheet.append(['शीट / Sheet', 'कॉलम / Column', 'आवश्यक / Required', 'विवरण', 'Description'])
    header_row = worksheet.max_row
    for cell in worksheet[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for sheet in (BIDS, BIDDERS, ORDERS, SELLERS, PAYMENTS):
        for column in sheet.columns:
            hindi, english = _both(column.help or '')
            worksheet.append([sheet.name, column.headers[0], 'हाँ / Yes' if column.required else '', hindi, english])
    for letter, width in zip('ABCDE', (12, 36, 16, 60, 60)):
        worksheet.column_dimensions[letter].width = width
    for row in worksheet.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical='top')


SHAPE = TemplateShape()
