"""The ``gem-bidplus`` shape: GeM's BidPlus bid listing, as JSON lines or a JSON array.

GeM's bid search serves one record per bid with every value wrapped in a one-element list
(``readers.unwrap_bidplus`` takes them out). Each record becomes one ``bid`` record:

==========================  ==============================================================================
bid field                   BidPlus field
==========================  ==============================================================================
number                      ``b_bid_number`` (``GEM/2025/B/6974734``; ``/R/``: a reverse auction, ``is_ra``)
parent_number               ``b_bid_number_parent`` (the bid a reverse auction came from)
category_name               the longer of ``b_category_name`` and ``bd_category_name`` (the first is cut at
                            about 100 characters)
category_id                 ``b_cat_id``
kind                        ``b_type`` 0 goods / 1 services (as declared), else services if ``b_cat_id`` starts with ``services_``
quantity                    ``b_total_quantity``
published_dt, start_dt      ``final_start_date_sort``
end_dt                      ``final_end_date_sort``
ministry                    ``ba_official_details_minName``
buyer_department_raw        ``ba_official_details_deptName`` (``NA`` or absent: none)
buyer_user_id               ``b.b_created_by``
title                       ``bbt_title``
is_custom_item, is_boq      ``b_is_custom_item``, ``bd_details_is_boq`` (absent: unknown)
bid_type                    ``ba_is_single_packet``: 1 ``single packet``, 0 ``two packet``
raw                         the record as read
==========================  ==============================================================================

GeM writes some names HTML-escaped (``Industry &amp; Internal Trade``); text fields are unescaped. The other flags
(``b_status``, ``b_bid_to_ra``, ``b_eval_type``, ``is_high_value``, ``is_rc_bid``, …) have no documented meaning and
stay in ``raw`` only. A record without a valid bid number, or with a value that cannot be parsed, is a row error
naming the field and the value.
"""
import html
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.columns import row_error
from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.models import BidSource, ProcurementKind
from gemcell.gemdata.parsing import (ParseError, parse_amount, parse_bool, parse_datetime, parse_gem_bid_number,
                                     parse_int, parse_text)
from gemcell.gemdata.readers import RowError, read_json_records, unwrap_bidplus

KIND = 'bid'
NUMBER = 'b_bid_number'


class GemBidPlusShape:
    """GeM BidPlus listing records (JSON lines or a JSON array) -> ``bid`` records."""

    name = 'gem-bidplus'
    title = _l('GeM BidPlus bid listing (JSON)')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        """Yield one ``bid`` record, or one row error, per record of the file, in file order."""
        rows = read_json_records(source.path, max_bytes=limits['max_bytes'], max_rows=limits['max_rows'],
                                 filename=source.filename)
        for row, values in rows:
            if isinstance(values, RowError):
                yield ImportError_(KIND, source.filename, row, None, None, values.message)
                continue
            try:
                fields = bid_fields(values)
            except ParseError as error:
                yield row_error(KIND, source.filename, row, error)
                continue
            yield Record(KIND, fields, source.filename, row)


def bid_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Map one BidPlus record (still wrapped) to ``Bid`` fields; raise ``ParseError`` for a bad value."""
    values = unwrap_bidplus(record)
    number = parse_gem_bid_number(values.get(NUMBER), column=NUMBER)
    if number is None:
        raise ParseError(_l('The record has no bid number.'), value=values.get(NUMBER), column=NUMBER)
    start_dt = _parsed(values, 'final_start_date_sort', parse_datetime)
    single_packet = _parsed(values, 'ba_is_single_packet', parse_bool)
    return {
        'source': BidSource.gem,
        'number': number,
        'is_ra': '/R/' in number,
        'parent_number': _parsed(values, 'b_bid_number_parent', parse_gem_bid_number),
        'category_name': _category_name(values),
        'category_id': _text(values, 'b_cat_id', 200),
        'kind': _kind(values),
        'quantity': _parsed(values, 'b_total_quantity', parse_amount),
        'published_dt': start_dt,
        'start_dt': start_dt,
        'end_dt': _parsed(values, 'final_end_date_sort', parse_datetime),
        'ministry': _text(values, 'ba_official_details_minName', 300),
        'buyer_department_raw': _text(values, 'ba_official_details_deptName', 500),
        'buyer_user_id': _text(values, 'b.b_created_by', 80),
        'title': _text(values, 'bbt_title'),
        'is_custom_item': _parsed(values, 'b_is_custom_item', parse_bool),
        'is_boq': _parsed(values, 'bd_details_is_boq', parse_bool),
        'bid_type': None if single_packet is None else ('single packet' if single_packet else 'two packet'),
        'raw': json_safe(record),
    }


def _parsed(values: dict[str, Any], key: str, parser: Callable[..., Any]) -> Any:
    """Parse ``values[key]`` (absent: ``None``) with one of ``parsing``'s parsers, naming the field."""
    return parser(values.get(key), column=key)


def _text(values: dict[str, Any], key: str, max_len: int | None = None) -> str | None:
    """A text field, HTML entities unescaped (GeM serves some names escaped)."""
    value = values.get(key)
    if isinstance(value, str):
        value = html.unescape(value)
    return parse_text(value, max_len, column=key)


def _category_name(values: dict[str, Any]) -> str | None:
    """The longer of the two category names: ``b_category_name`` is cut at about 100 characters."""
    names = [name for key in ('b_category_name', 'bd_category_name') if (name := _text(values, key))]
    return max(names, key=len, default=None)


def _kind(values: dict[str, Any]) -> ProcurementKind | None:
    """Goods or services as the buyer declared it: ``b_type`` (0 goods, 1 services, as observed), else from the
    catalogue id (``services_…``). The declared kind is kept even where the category says otherwise: scrutiny
    compares the two (CAT-KIND)."""
    declared = {0: ProcurementKind.goods, 1: ProcurementKind.services}.get(_parsed(values, 'b_type', parse_int))
    if declared is not None:
        return declared
    category_id = _text(values, 'b_cat_id', 200)
    if category_id:
        return ProcurementKind.services if category_id.startswith('services_') else ProcurementKind.goods
    return None


def json_safe(value: Any) -> Any:
    """``value`` with what JSON cannot hold made plain: ``Decimal`` -> number, dates -> ISO text, lists/dicts deep."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, 'isoformat'):
        return value.isoformat()
    return value


SHAPE = GemBidPlusShape()
