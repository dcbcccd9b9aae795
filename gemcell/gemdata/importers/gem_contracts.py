"""The ``gem-contracts`` shape: GeM contracts (orders) as scraped from GeM's contract search, CSV or XLSX.

One row is one order. Headers are matched by ``parsing.normalize_header``; the scraper's own names, plain English
and Hindi names are all accepted:

====================  ===========================================================================================
order field           column
====================  ===========================================================================================
number                ``bid_no`` -- despite its name the **contract** number, ``GEMC-`` and 15 digits (required)
order_dt              ``contract_date``, ``DD/M/YYYY HH:MM`` in IST (required). In the scraper's Bid/RA rows a column
                      is shifted and this holds the originating bid number: such a row is rejected, not guessed
total_value           ``total_value`` (required); ``price`` stays in ``raw``
buyer_department_raw  ``buyer_department`` (required; mapped to a department through the alias queue). Where it
                      is ``NA`` or blank (central buyers such as ESIC), ``organization_name`` names the buyer instead
unit_price            ``unit_price``, Indian-grouped text (``4,200``)
quantity              ``ordered_quantity``
buying_mode           ``buying_mode``: ``Direct`` or ``Bid/RA`` (bid)
seller (reference)    ``seller_id`` (GeM seller id) and ``seller_name``: an unknown seller is created
others                ``category_name``, ``product``, ``brand``, ``model``, ``buyer_dept_org`` (buyer_org_type),
                      ``buyer_designation``, ``office_zone`` (office_raw), ``order_status`` (status)
====================  ===========================================================================================

``id``, ``serial_no``, ``state``, ``organization_name``, ``created_at`` and any other column stay in ``raw`` as well.
``state`` -- the buyer's State (``UTTAR PRADESH``) or, for central buyers, their ministry -- has no order column: the
order page shows it from the order's source record (``buyer_state``).
"""
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.columns import (BUYING_MODES, Column, choice, match_columns, parse_rows, raw_record,
                                               row_error, text)
from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.parsing import ParseError, normalize_header, parse_amount, parse_datetime, parse_gem_bid_number, \
    parse_gem_contract_number, parse_text
from gemcell.gemdata.readers import read_table

KIND = 'order'

#: the headers of the buyer's State (or, for central buyers, ministry) column, which stays in ``raw`` only
STATE_HEADERS = frozenset(normalize_header(header) for header in ('state', 'Buyer state', 'राज्य', 'क्रेता का राज्य'))


def buyer_state(record: dict | None) -> str | None:
    """The buyer's State (``UTTAR PRADESH``), or ministry for a central buyer, from an order's ``source_record``."""
    for header, value in (record or {}).items():
        if normalize_header(header) in STATE_HEADERS:
            try:
                return parse_text(value, 300)
            except ParseError:
                return str(value)[:300]
    return None


def parse_contract_date(value: Any, *, column: str | None = None) -> Any:
    """``parse_datetime``, with a clear message for the scraper's shifted rows that hold a bid number here."""
    try:
        return parse_datetime(value, column=column)
    except ParseError as not_a_date:
        try:
            bid_number = parse_gem_bid_number(value)
        except ParseError:
            raise not_a_date from None
        raise ParseError(_l('The column "%(column)s" holds the bid number "%(value)s" instead of the contract date: '
                            'the columns of this row are shifted in the source, so this row is left out.',
                            column=column, value=bid_number), value=value, column=column) from None


COLUMNS = (
    Column('number', ('bid_no', 'Contract number', 'Contract no', 'GeM contract number', 'संविदा संख्या'),
           parse_gem_contract_number, required=True, repeats=False),
    Column('order_dt', ('contract_date', 'Contract date', 'Order date', 'संविदा तिथि', 'आदेश तिथि'),
           parse_contract_date, required=True),
    Column('total_value', ('total_value', 'Total value', 'Contract value', 'कुल मूल्य'), parse_amount,
           required=True),
    Column('buyer_department_raw', ('buyer_department', 'Buyer department', 'Department', 'क्रेता विभाग'),
           text(500), required=True),
    #: the buyer's organisation; stands in for ``buyer_department`` where that is "NA" or blank (not a model field)
    Column('organization_name', ('organization_name', 'Organisation name', 'Organization name', 'संगठन का नाम'),
           text(500)),
    Column('unit_price', ('unit_price', 'Unit price', 'इकाई मूल्य'), parse_amount),
    Column('quantity', ('ordered_quantity', 'Quantity', 'मात्रा'), parse_amount),
    Column('buying_mode', ('buying_mode', 'Buying mode', 'Mode of purchase', 'क्रय का प्रकार'),
           choice(BUYING_MODES)),
    Column('seller_gem_id', ('seller_id', 'Seller ID', 'विक्रेता आई0डी0'), text(40)),
    Column('seller_name', ('seller_name', 'Seller name', 'Seller', 'विक्रेता का नाम'), text(300)),
    Column('category_name', ('category_name', 'Category', 'श्रेणी'), text()),
    Column('product', ('product', 'Product', 'उत्पाद'), text()),
    Column('brand', ('brand', 'Brand', 'ब्राण्ड'), text(200)),
    Column('model', ('model', 'Model', 'मॉडल'), text(200)),
    Column('buyer_org_type', ('buyer_dept_org', 'Buyer organisation type', 'क्रेता संगठन का प्रकार'), text(100)),
    Column('buyer_designation', ('buyer_designation', 'Buyer designation', 'Designation', 'पदनाम'), text(200)),
    Column('office_raw', ('office_zone', 'Office', 'कार्यालय'), text(500)),
    Column('status', ('order_status', 'Order status', 'Status', 'स्थिति'), text(60)),
)


class GemContractsShape:
    """GeM contracts CSV or XLSX -> ``order`` records (the engine adds the sellers)."""

    name = 'gem-contracts'
    title = _l('GeM contracts (orders), CSV or Excel')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        """Yield one ``order`` record, or the row's errors, per row of the file."""
        file = source.filename
        with read_table(source.path, filename=file, max_bytes=limits['max_bytes'], max_rows=limits['max_rows'],
                        sheet=source.options.get('sheet')) as table:
            parse = match_columns(table.headers, COLUMNS)
            raw = raw_record(table)
            for row, values, fields, errors in parse_rows(parse, table, listed=True):
                if fields is None:
                    yield ImportError_(KIND, file, row, None, None, values.message)
                    continue
                if errors:
                    yield from (row_error(KIND, file, row, error) for error in errors)
                    continue
                organization = fields.pop('organization_name', None)
                if fields.get('buyer_department_raw') is None and organization is not None:
                    fields['buyer_department_raw'] = organization  # "NA": a central buyer, named by its organisation
                fields['raw'] = raw(values)
                yield Record(KIND, fields, file, row)


SHAPE = GemContractsShape()
