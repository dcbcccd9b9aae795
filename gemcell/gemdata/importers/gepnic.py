"""The ``gepnic`` shape: tenders from NIC's GePNIC e-procurement portals, four tables joined by ``Tender ID``.

The tables come as a folder of four CSV files, a .zip of them, or one .xlsx workbook with four sheets, named
(case-insensitively) ``tenders``, ``bids``, ``financial_ranking`` and ``awards``.

- ``tenders`` -> ``bid`` records (``source`` gepnic, ``number`` = Tender ID). ``Organisation Chain`` is
  department ``||`` office ``||`` unit: the first part is the buyer department, the rest the office.
- ``bids`` -> ``bidder`` records keyed by GePNIC's ``Bid Number`` (``33009.0`` -> ``33009``), joined with their row of
  ``financial_ranking`` (value, rank) and of ``awards`` (awarded value): by Bid Number, else by the bidder's name
  within the tender. The bidder's state comes from ``Status`` (see :func:`bidder_state`).

Amounts below ₹10 in the value columns (Tender Value, Contract Value, a bid's Value, Awarded Value) are GePNIC's
placeholders, not prices: rate-contract, empanelment and item-rate tenders record ``0.0`` / ``1.0`` / ``INR 1`` when
the rates are in the BOQ. They are imported as "no value" (the original stays in ``raw``), so that no scrutiny rule
compares ₹1 bids. EMD amounts are not placeholders: ₹0 means no EMD.

Every row of every table becomes a record (or part of a bidder record), or a row error: a row that cannot be
parsed, a bidder of a tender that is not in ``tenders``, a ranking or award row that matches no bid.
"""
import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.columns import Column, json_safe_row, match_columns, parse_rows, row_error, text
from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.models import BidderState, BidSource, ProcurementKind
from gemcell.gemdata.parsing import (ParseError, normalize_header, parse_amount, parse_bool, parse_date,
                                     parse_datetime, parse_gepnic_tender_id, parse_int, parse_percent, parse_rank,
                                     parse_text)
from gemcell.gemdata.readers import FileRejected, Table, read_table, sheet_names

TABLES = ('tenders', 'bids', 'financial_ranking', 'awards')
#: amounts below this in GePNIC's value columns are placeholders, not prices (see the module docstring)
PLACEHOLDER_BELOW = Decimal(10)
TENDER_ID = 'Tender ID'
BID_NUMBER = 'Bid Number'
BIDDER_NAME = 'Bidder Name'
ORGANISATION_CHAIN = 'Organisation Chain'
_CHUNK = 1024 * 1024


class GepnicShape:
    """GePNIC's four tables (folder, .zip or .xlsx) -> ``bid`` and ``bidder`` records."""

    name = 'gepnic'
    title = _l('GePNIC tenders with bids, ranking and awards (.zip of four CSV files, or .xlsx)')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        """Yield the tenders' ``bid`` records, then the ``bidder`` records, then errors for unmatched rows."""
        with ExitStack() as stack:
            tables = locate_tables(source, limits, stack)
            tenders: set[str] = set()
            yield from _read_tenders(tables['tenders'], tenders)
            ranking = _Index(tables['financial_ranking'])
            yield from ranking.load(RANKING_COLUMNS, tenders)
            awards = _Index(tables['awards'])
            yield from awards.load(AWARD_COLUMNS, tenders)
            yield from _read_bids(tables['bids'], tenders, ranking, awards)
            yield from ranking.unmatched_errors()
            yield from awards.unmatched_errors()


# -- finding the four tables ---------------------------------------------------------------------------------------


@dataclass
class TableSource:
    """One of the four tables: where it is read from, and the name rows are reported under."""

    label: str
    path: Any
    filename: str
    sheet: str | None
    limits: dict

    def open(self) -> Table:
        return read_table(self.path, filename=self.filename, sheet=self.sheet, max_bytes=self.limits['max_bytes'],
                          max_rows=self.limits['max_rows'])


def table_key(name: str) -> str | None:
    """``'Financial Ranking.csv'`` -> ``'financial_ranking'``; ``None`` for a name that is none of the four."""
    key = normalize_header(os.path.splitext(os.path.basename(name))[0]).replace(' ', '_')
    return key if key in TABLES else None


def locate_tables(source: Source, limits: dict, stack: ExitStack) -> dict[str, TableSource]:
    """Find the four tables in a folder, a .zip or an .xlsx; raise ``FileRejected`` if one is missing."""
    extension = os.path.splitext(source.filename.lower())[1]
    if isinstance(source.path, (str, os.PathLike)) and os.path.isdir(source.path):
        found = _folder_tables(source.path, limits)
    elif extension == '.zip':
        found = _zip_tables(_seekable(source.path, limits, stack), limits, stack)
    elif extension == '.xlsx':
        found = _workbook_tables(_seekable(source.path, limits, stack), source.filename, limits)
    else:
        raise FileRejected(_l('GePNIC data come as four tables (tenders, bids, financial_ranking, awards): upload a '
                              '.zip of the four CSV files, or an Excel workbook (.xlsx) with four such sheets.'))
    missing = [key for key in TABLES if key not in found]
    if missing:
        raise FileRejected(_l('The GePNIC table "%(table)s" is missing; expected four tables: %(tables)s.',
                              table=missing[0], tables=', '.join(TABLES)))
    return found


def _add(found: dict[str, TableSource], key: str | None, table: TableSource) -> None:
    """Record a table found under ``key``; two candidates for one table reject the upload."""
    if key is None:
        return
    if key in found:
        raise FileRejected(_l('Both "%(first)s" and "%(second)s" could be the GePNIC table "%(table)s"; keep one.',
                              first=found[key].label, second=table.label, table=key))
    found[key] = table


def _folder_tables(folder: Any, limits: dict) -> dict[str, TableSource]:
    found: dict[str, TableSource] = {}
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_file() and entry.name.lower().endswith('.csv'):
            _add(found, table_key(entry.name), TableSource(entry.name, entry.path, entry.name, None, limits))
    return found


def _zip_tables(stream: IO[bytes], limits: dict, stack: ExitStack) -> dict[str, TableSource]:
    """The CSV members of a zip, each extracted (within ``max_bytes``) into a temporary file."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(stream))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(_l('The file is not a valid .zip archive.')) from None
    found: dict[str, TableSource] = {}
    for member in archive.infolist():
        name = os.path.basename(member.filename)
        if member.is_dir() or member.filename.startswith('__MACOSX/') or name.startswith('.') \
                or not name.lower().endswith('.csv') or table_key(name) is None:
            continue
        extracted = _extract(archive, member, limits['max_bytes'], stack)
        _add(found, table_key(name), TableSource(name, extracted, name, None, limits))
    return found


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, max_bytes: int, stack: ExitStack) -> IO[bytes]:
    """Copy one member out of the archive, refusing encrypted or oversized members (declared or actual size)."""
    if member.flag_bits & 0x1:
        raise FileRejected(_l('"%(name)s" in the .zip is encrypted; zip the files without a password.',
                              name=member.filename))
    too_large = FileRejected(_l('"%(name)s" in the .zip is larger than %(max)s bytes.', name=member.filename,
                                max=f'{max_bytes:,}'))
    if member.file_size > max_bytes:
        raise too_large
    target = stack.enter_context(tempfile.TemporaryFile())
    try:
        with archive.open(member) as part:
            _copy_within(part, target, max_bytes, too_large)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRejected(_l('"%(name)s" in the .zip is damaged.', name=member.filename)) from None
    target.seek(0)
    return target


def _copy_within(source: IO[bytes], target: IO[bytes], max_bytes: int, too_large: FileRejected) -> None:
    copied = 0
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > max_bytes:
            raise too_large
        target.write(chunk)


def _seekable(path: Any, limits: dict, stack: ExitStack) -> Any:
    """A path, or a stream that can be read more than once (a non-seekable upload is spooled, within limits)."""
    if isinstance(path, (str, os.PathLike)) or path.seekable():
        return path
    spool = stack.enter_context(tempfile.TemporaryFile())
    _copy_within(path, spool, limits['max_bytes'], FileRejected(_l(
        'The file is larger than %(max)s bytes.', max=f"{limits['max_bytes']:,}")))
    spool.seek(0)
    return spool


def _workbook_tables(path: Any, filename: str, limits: dict) -> dict[str, TableSource]:
    found: dict[str, TableSource] = {}
    for sheet in sheet_names(path, max_bytes=limits['max_bytes']):
        _add(found, table_key(sheet), TableSource(f'{filename} [{sheet}]', path, filename, sheet, limits))
    return found


# -- columns -------------------------------------------------------------------------------------------------------


def value_amount(value: Any, *, column: str | None = None) -> Decimal | None:
    """An amount from a value column; GePNIC's placeholders (below ₹10) are no value."""
    amount = parse_amount(value, column=column)
    return None if amount is not None and amount < PLACEHOLDER_BELOW else amount


def bid_number(value: Any, *, column: str | None = None) -> str | None:
    """GePNIC's Bid Number as text: ``33009.0`` -> ``'33009'``."""
    number = parse_int(value, column=column)
    return None if number is None else str(number)


def procurement_kind(value: Any, *, column: str | None = None) -> ProcurementKind | None:
    """``Tender Category``: Works, Goods or Services."""
    text_value = parse_text(value, column=column)
    if text_value is None:
        return None
    try:
        return ProcurementKind(text_value.casefold())
    except ValueError:
        raise ParseError(_l('"%(value)s" is not a tender category (expected Works, Goods or Services)',
                            value=text_value), value=value, column=column) from None


def rupees(value: Any, *, column: str | None = None) -> str | None:
    """``Awarded Currency``: only INR (or nothing) is accepted."""
    currency = parse_text(value, column=column)
    if currency is not None and currency.upper() != 'INR':
        raise ParseError(_l('"%(value)s" is not INR; only awards in rupees can be imported', value=currency),
                         value=value, column=column)
    return currency


_TENDER = Column('tender', (TENDER_ID,), parse_gepnic_tender_id, required=True)
_NUMBER = Column('number', (BID_NUMBER,), bid_number, repeats=False)
_NAME = Column('name', (BIDDER_NAME,), text(300), required=True)

TENDER_COLUMNS = (
    Column('number', (TENDER_ID,), parse_gepnic_tender_id, required=True, repeats=False),
    Column('organisation', (ORGANISATION_CHAIN,), text()),
    Column('reference', ('Tender Reference Number',), text(300), repeats=False),
    Column('title', ('Title',), text(), repeats=False),
    Column('description', ('Work Description',), text(multiline=True), repeats=False),
    Column('kind', ('Tender Category',), procurement_kind),
    Column('bid_type', ('Tender Type',), text(60)),
    Column('published_dt', ('Publish Date',), parse_datetime),
    Column('start_dt', ('Bid Submission Start Date',), parse_datetime),
    Column('end_dt', ('Bid Submission End Date',), parse_datetime),
    Column('opening_dt', ('Bid Opening Date',), parse_datetime),
    Column('estimated_value', ('Tender Value in ₹',), value_amount),
    Column('emd_amount', ('EMD Amount in ₹',), parse_amount),
    Column('emd_percent', ('EMD Percentage',), parse_percent),
    Column('emd_exemption', ('EMD Exemption Allowed',), parse_bool),
    Column('contract_date', ('Contract Date',), parse_date),
    Column('contract_value', ('Contract Value',), value_amount),
    Column('category_name', ('Product Category',), text()),
)
BID_COLUMNS = (
    _TENDER, _NUMBER, _NAME,
    Column('submitted_dt', ('Submitted Date',), parse_datetime),
    Column('status_raw', ('Status',), text(120)),
    Column('reason', ('Remarks',), text(multiline=True)),
)
RANKING_COLUMNS = (
    _TENDER, _NUMBER, _NAME,
    Column('financial_value', ('Value',), value_amount),
    Column('rank', ('Rank',), parse_rank),
)
AWARD_COLUMNS = (
    _TENDER, _NUMBER, _NAME,
    Column('currency', ('Awarded Currency',), rupees),
    Column('awarded_value', ('Awarded Value',), value_amount),
)


def _parsed_rows(table: TableSource, kind: str,
                 columns: tuple[Column, ...]) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]] | ImportError_]:
    """Yield ``(row, fields, values)`` per row that parses, the row's errors (``ImportError_``) per row that does not.

    A required column must be in the table and have a value in every row. A column a table lacks is not in
    ``fields``: the engine then leaves that field as it is.
    """
    with table.open() as opened:
        try:
            parse_row = match_columns(opened.headers, columns)
        except FileRejected as error:
            raise FileRejected(_l('%(table)s: %(message)s', table=table.label, message=error.message)) from None
        for row, values, fields, errors in parse_rows(parse_row, opened):
            if fields is None:
                yield ImportError_(kind, table.label, row, None, None, values.message)
                continue
            errors += [ParseError(_l('"%(column)s" is empty.', column=column.headers[0]), value=None,
                                  column=column.headers[0])
                       for column in columns if column.required and column.field in fields
                       and fields[column.field] is None]
            if errors:
                yield from (row_error(kind, table.label, row, error) for error in errors)
                continue
            yield row, fields, values


def _unknown_tender(table: TableSource, row: int, tender: str) -> ImportError_:
    return ImportError_('bidder', table.label, row, TENDER_ID, tender,
                        _l('Tender %(tender)s is not among the tenders imported from this upload.', tender=tender))


# -- tenders -------------------------------------------------------------------------------------------------------


def tender_fields(fields: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Complete the parsed fields of one row of ``tenders``; raise ``ParseError`` for a bad value."""
    fields['source'] = BidSource.gepnic
    if 'organisation' in fields:
        fields['buyer_department_raw'], fields['office_raw'] = _organisation(fields.pop('organisation'))
    if 'emd_amount' in fields or 'emd_percent' in fields:
        fields['emd_required'] = _emd_required(fields.get('emd_amount'), fields.get('emd_percent'))
    fields['raw'] = json_safe_row(values)
    return fields


def _organisation(chain: str | None) -> tuple[str | None, str | None]:
    """``'Dept||Office||Unit'`` -> ``('Dept', 'Office || Unit')``."""
    parts = [part.strip() for part in (chain or '').split('||') if part.strip()]
    if not parts:
        return None, None
    department = parse_text(parts[0], 500, column=ORGANISATION_CHAIN)
    office = parse_text(' || '.join(parts[1:]), 500, column=ORGANISATION_CHAIN) if len(parts) > 1 else None
    return department, office


def _emd_required(amount: Decimal | None, percent: Decimal | None) -> bool | None:
    """EMD is required when the amount or the percentage is above zero; unknown when neither is given."""
    if amount is None and percent is None:
        return None
    return bool(amount) or bool(percent)


def _read_tenders(table: TableSource, tenders: set[str]) -> Iterator[Record | ImportError_]:
    """Yield the tenders' ``bid`` records; collect their numbers in ``tenders``."""
    for item in _parsed_rows(table, 'bid', TENDER_COLUMNS):
        if isinstance(item, ImportError_):
            yield item
            continue
        row, fields, values = item
        try:
            fields = tender_fields(fields, values)
        except ParseError as error:
            yield row_error('bid', table.label, row, error)
            continue
        tenders.add(fields['number'])
        yield Record('bid', fields, table.label, row)


# -- financial ranking and awards -----------------------------------------------------------------------------------


@dataclass
class SideRow:
    """A parsed row of ``financial_ranking`` or ``awards``, waiting for its bid."""

    row: int
    tender: str
    number: str | None
    name: str
    fields: dict[str, Any]
    raw: dict[str, Any]
    is_used: bool = False


@dataclass
class _Index:
    """The rows of one side table, found by (tender, Bid Number), else by (tender, bidder name)."""

    table: TableSource
    by_number: dict[tuple[str, str], SideRow] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[SideRow]] = field(default_factory=lambda: defaultdict(list))
    rows: list[SideRow] = field(default_factory=list)

    def load(self, columns: tuple[Column, ...], tenders: set[str]) -> Iterator[ImportError_]:
        """Read and index the table; yield the errors of rows that cannot be used."""
        for item in _parsed_rows(self.table, 'bidder', columns):
            if isinstance(item, ImportError_):
                yield item
                continue
            row, fields, values = item
            side = SideRow(row, fields.pop('tender'), fields.pop('number', None), fields.pop('name'), fields,
                           json_safe_row(values))
            if error := self._add(side, tenders):
                yield error

    def _add(self, side: SideRow, tenders: set[str]) -> ImportError_ | None:
        if side.tender not in tenders:
            return _unknown_tender(self.table, side.row, side.tender)
        if side.number is not None:
            if (side.tender, side.number) in self.by_number:
                return _twice(self.table, side.row, side.tender, side.number)
            self.by_number[side.tender, side.number] = side
        self.by_name[side.tender, normalize_header(side.name)].append(side)
        self.rows.append(side)
        return None

    def match(self, tender: str, number: str | None, name: str) -> SideRow | None:
        """The row of this bid: same Bid Number; else the one unused row of that name without a conflicting number."""
        side = self.by_number.get((tender, number)) if number is not None else None
        if side is None:
            candidates = [candidate for candidate in self.by_name.get((tender, normalize_header(name)), ())
                          if not candidate.is_used and (candidate.number is None or number is None)]
            side = candidates[0] if len(candidates) == 1 else None
        if side is not None:
            side.is_used = True
        return side

    def unmatched_errors(self) -> Iterator[ImportError_]:
        for side in self.rows:
            if not side.is_used:
                yield ImportError_('bidder', self.table.label, side.row, BID_NUMBER, side.number or side.name, _l(
                    'No row of the bids table matches this row (tender %(tender)s, Bid Number %(number)s, '
                    'bidder "%(name)s").', tender=side.tender, number=side.number or '–', name=side.name))


def _twice(table: TableSource, row: int, tender: str, number: str) -> ImportError_:
    return ImportError_('bidder', table.label, row, BID_NUMBER, number, _l(
        'Bid Number %(number)s appears twice for tender %(tender)s; this row is left out.',
        number=number, tender=tender))


# -- bids ----------------------------------------------------------------------------------------------------------


def bidder_state(status: str | None, is_awarded: bool) -> BidderState:
    """The bidder's state from GePNIC's ``Status``.

    ``Accepted-AOC`` (accepted at the award of contract): awarded if an award row names the bidder, else qualified;
    ``Rejected-AOC`` (evaluated, not awarded): qualified; ``Rejected-Technical``: disqualified_technical;
    ``Rejected-Finance``: disqualified_financial; ``Not Admitted-…`` (Fee/PreQual/Technical, Finance):
    not_admitted; any other ``Accepted-…``: qualified; anything else: unknown (``status_raw`` keeps it).
    """
    words = normalize_header(status).split()
    if words[:2] == ['not', 'admitted']:
        return BidderState.not_admitted
    if words[:1] == ['accepted']:
        return BidderState.awarded if is_awarded and words[1:] == ['aoc'] else BidderState.qualified
    if words[:1] == ['rejected']:
        return {'technical': BidderState.disqualified_technical, 'finance': BidderState.disqualified_financial,
                'financial': BidderState.disqualified_financial, 'aoc': BidderState.qualified,
                }.get(' '.join(words[1:]), BidderState.unknown)
    return BidderState.unknown


def bidder_fields(fields: dict[str, Any], values: dict[str, Any], ranking: _Index,
                  awards: _Index) -> dict[str, Any]:
    """Complete one parsed row of ``bids`` with its ranking and award rows, its state and its raw rows."""
    tender, number, name = fields.pop('tender'), fields.pop('number', None), fields['name']
    ranked = ranking.match(tender, number, name)
    awarded = awards.match(tender, number, name)
    fields.update(bid_source=BidSource.gepnic, bid_number=tender, key=number or name)
    fields.update(ranked.fields if ranked else {'financial_value': None, 'rank': None})
    fields.update(is_awarded=awarded is not None,
                  awarded_value=awarded.fields.get('awarded_value') if awarded else None)
    fields['state'] = bidder_state(fields.get('status_raw'), awarded is not None)
    raw = {'bids': json_safe_row(values)}
    if ranked:
        raw['financial_ranking'] = ranked.raw
    if awarded:
        raw['awards'] = awarded.raw
    fields['raw'] = raw
    return fields


def _read_bids(table: TableSource, tenders: set[str], ranking: _Index,
               awards: _Index) -> Iterator[Record | ImportError_]:
    """Yield a ``bidder`` record (or an error) per row of ``bids``."""
    seen: set[tuple[str, str]] = set()
    for item in _parsed_rows(table, 'bidder', BID_COLUMNS):
        if isinstance(item, ImportError_):
            yield item
            continue
        row, fields, values = item
        tender, key = fields['tender'], fields.get('number') or fields['name']
        if tender not in tenders:
            yield _unknown_tender(table, row, tender)
        elif (tender, key) in seen:
            yield _twice(table, row, tender, key)
        else:
            seen.add((tender, key))
            yield Record('bidder', bidder_fields(fields, values, ranking, awards), table.label, row)


SHAPE = GepnicShape()
