"""The ``ocds`` shape: OCDS compiled releases — JSON lines (one release per line), a JSON array of releases, a
release package (``{"releases": [...]}``) or a record package (``{"records": [{"compiledRelease": ...}]}``).

Each release becomes one ``bid`` record, a ``bidder`` record per entry of ``bids.details`` and an ``order`` record
per contract that is a GeM order (``GEMC-`` + 15 digits); it is read back exactly as ``opendata/ocds.py`` writes
it (the ``gemcell`` extension, when present, restores what OCDS has no field for), and foreign OCDS is read as
well as it maps:

===============================  ================================================================================
bid field                        OCDS
===============================  ================================================================================
source, number                   ``gemcell.source`` / ``gemcell.number``; else a GePNIC tender id in ``tender.id``
                                 (source gepnic), else the ``ocid`` (source manual)
title, description               ``tender.title``, ``tender.description``
buyer_department_raw             ``gemcell.departmentName``, else ``buyer.name`` (mapped to a department through the
                                 department-name aliases, like every import)
office_raw                       ``gemcell.officeName``, else ``tender.procuringEntity.name``
category_name, category_id       ``tender.items[0]``: ``classification.description`` (else the item's
                                 description), ``classification.id``; quantity
kind                             ``tender.mainProcurementCategory``
estimated_value                  ``tender.value.amount`` (INR only)
published_dt, start_dt, end_dt   ``tender.datePublished``, ``gemcell.startDate`` else
                                 ``tender.tenderPeriod.startDate``, ``tender.tenderPeriod.endDate``
bid_type                         ``gemcell.bidType``, else ``tender.procurementMethodDetails``
status                           ``gemcell.status``, else ``tender.status``
bidders                          ``bids.details[]``: key (``gemcell.key``, else ``id``), name (first tenderer),
                                 seller (a tenderer id ``GEM-<seller id>``), state (``gemcell.state``, else from the
                                 status: valid → qualified or awarded, disqualified → technically disqualified,
                                 pending / invited / withdrawn → not known), value, date; awarded: a supplier of an
                                 active award, at that award's value
===============================  ================================================================================

A release is taken whole or not at all: a line that is not JSON, a release without a string ``ocid``, or a field
of the wrong type (a text where a number belongs, a date that is not a date, a currency other than INR, a bid status
outside OCDS's codelist) is reported with its line (or its place in the package) and the field's path, and nothing
of that release is imported.
"""
import io
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.importers.gem_bidplus import json_safe
from gemcell.gemdata.models import BidderState, BidSource, BuyingMode, ProcurementKind
from gemcell.gemdata.parsing import ParseError, parse_gem_contract_number, parse_gepnic_tender_id
from gemcell.gemdata.readers import FileRejected, RowError, read_json_records
from gemcell.indicators.compute import parse_rfc3339

KIND = 'bid'
#: a package is read whole: larger ones must come as JSON lines
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
BID_STATUSES = ('invited', 'pending', 'valid', 'disqualified', 'withdrawn')
SELLER_PREFIX = 'GEM-'


class Invalid(Exception):
    def __init__(self, path: str, value: Any, message) -> None:
        super().__init__(path)
        self.path, self.value, self.message = path, value, message


# -- typed access -------------------------------------------------------------------------------------------------
def _obj(value, path: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(path, value, _l('Expected a JSON object.'))
    return value


def _arr(value, path: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(path, value, _l('Expected a JSON array.'))
    return value


def _text(value, path: str, max_len: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid(path, value, _l('Expected a text.'))
    text = value.strip() or None
    if text and max_len and len(text) > max_len:
        raise Invalid(path, value, _l('The text is %(length)s characters long; at most %(max)s are allowed',
                                      length=len(text), max=max_len))
    return text


def _bool(value, path: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise Invalid(path, value, _l('Expected true or false.'))


def _num(value, path: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise Invalid(path, value, _l('Expected a number.'))
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _int(value, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(path, value, _l('Expected a whole number.'))
    return value


def _money(value, path: str) -> Decimal | None:
    value = _obj(value, path)
    amount = _num(value.get('amount'), f'{path}.amount')
    currency = _text(value.get('currency'), f'{path}.currency')
    if amount is not None and currency not in (None, 'INR'):
        raise Invalid(f'{path}.currency', currency, _l('Only amounts in Indian rupees (INR) are imported.'))
    if amount is not None and amount < 0:
        raise Invalid(f'{path}.amount', value.get('amount'), _l('The amount is negative.'))
    return amount


def _datetime(value, path: str) -> datetime | None:
    if value is None:
        return None
    moment = parse_rfc3339(value)
    if moment is None:
        raise Invalid(path, value, _l('Expected a date and time with its offset (RFC 3339), such as '
                                      '2025-03-01T10:30:00+05:30.'))
    return moment


def _date(value, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]) if len(value) == 10 else _datetime(value, path).date()
        except ValueError:
            pass
    raise Invalid(path, value, _l('Expected a date (YYYY-MM-DD).'))


def _enum(enum_cls, value, path: str):
    text = _text(value, path)
    if text is None:
        return None
    try:
        return enum_cls(text)
    except ValueError:
        raise Invalid(path, value, _l('"%(value)s" is not one of the known values.', value=text)) from None


# -- the mapping --------------------------------------------------------------------------------------------------
def release_records(release, filename: str, row: int) -> list[Record]:
    """The records of one compiled release; raise ``Invalid`` for the first problem found."""
    if not isinstance(release, dict):
        raise Invalid('', None, _l('The release is not a JSON object.'))
    ocid = release.get('ocid')
    if not isinstance(ocid, str) or not ocid.strip():
        raise Invalid('ocid', ocid, _l('The release has no ocid (a text).'))
    ext = _obj(release.get('gemcell'), 'gemcell')
    tender = _obj(release.get('tender'), 'tender')
    source, number = _identity(ocid, ext, tender)
    buyer = _obj(release.get('buyer'), 'buyer')
    entity = _obj(tender.get('procuringEntity'), 'tender.procuringEntity')
    items = _arr(tender.get('items'), 'tender.items')
    item = _obj(items[0], 'tender.items.0') if items else {}
    classification = _obj(item.get('classification'), 'tender.items.0.classification')
    period = _obj(tender.get('tenderPeriod'), 'tender.tenderPeriod')
    emd = _obj(ext.get('emd'), 'gemcell.emd')
    ext_start = _datetime(ext.get('startDate'), 'gemcell.startDate')
    fields = {
        'source': source, 'number': number,
        'parent_number': _text(ext.get('parentNumber'), 'gemcell.parentNumber', 60),
        'reference': _text(ext.get('reference'), 'gemcell.reference', 300),
        'title': _text(tender.get('title'), 'tender.title'),
        'description': _text(tender.get('description'), 'tender.description'),
        'buyer_department_raw': _text(ext.get('departmentName'), 'gemcell.departmentName', 500)
        or _text(buyer.get('name'), 'buyer.name', 500),
        'office_raw': _text(ext.get('officeName'), 'gemcell.officeName', 500)
        or _text(entity.get('name'), 'tender.procuringEntity.name', 500),
        'buyer_user_id': _text(ext.get('buyerUserId'), 'gemcell.buyerUserId', 80),
        'ministry': _text(ext.get('ministry'), 'gemcell.ministry', 300),
        'category_name': _text(classification.get('description'), 'tender.items.0.classification.description')
        or _text(item.get('description'), 'tender.items.0.description'),
        'category_id': _text(classification.get('id'), 'tender.items.0.classification.id', 200),
        'kind': _enum(ProcurementKind, tender.get('mainProcurementCategory'), 'tender.mainProcurementCategory'),
        'quantity': _num(item.get('quantity'), 'tender.items.0.quantity'),
        'estimated_value': _money(tender.get('value'), 'tender.value'),
        'emd_required': _bool(emd.get('required'), 'gemcell.emd.required'),
        'emd_amount': _num(emd.get('amount'), 'gemcell.emd.amount'),
        'emd_percent': _num(emd.get('percent'), 'gemcell.emd.percent'),
        'emd_exemption': _bool(emd.get('exemption'), 'gemcell.emd.exemption'),
        'epbg_percent': _num(ext.get('epbgPercent'), 'gemcell.epbgPercent'),
        'published_dt': _datetime(tender.get('datePublished'), 'tender.datePublished'),
        'start_dt': ext_start if 'gemcell' in release else _datetime(period.get('startDate'),
                                                                     'tender.tenderPeriod.startDate'),
        'end_dt': _datetime(period.get('endDate'), 'tender.tenderPeriod.endDate'),
        'opening_dt': _datetime(ext.get('openingDate'), 'gemcell.openingDate'),
        'bid_type': _text(ext.get('bidType'), 'gemcell.bidType', 60) if 'gemcell' in release
        else _text(tender.get('procurementMethodDetails'), 'tender.procurementMethodDetails', 60),
        'is_ra': bool(_bool(ext.get('isReverseAuction'), 'gemcell.isReverseAuction')),
        'evaluation_method': _text(ext.get('evaluationMethod'), 'gemcell.evaluationMethod', 60),
        'is_custom_item': _bool(ext.get('isCustomItem'), 'gemcell.isCustomItem'),
        'is_boq': _bool(ext.get('isBoq'), 'gemcell.isBoq'),
        'mse_exemption': _bool(ext.get('mseExemption'), 'gemcell.mseExemption'),
        'startup_exemption': _bool(ext.get('startupExemption'), 'gemcell.startupExemption'),
        'atc_text': _text(ext.get('atcText'), 'gemcell.atcText'),
        'status': _text(ext.get('status'), 'gemcell.status', 60) if 'gemcell' in release
        else _text(tender.get('status'), 'tender.status', 60),
        'contract_date': _date(ext.get('contractDate'), 'gemcell.contractDate'),
        'contract_value': _num(ext.get('contractValue'), 'gemcell.contractValue'),
        'raw': json_safe(release),
    }
    records = [Record('bid', fields, filename, row)]
    awarded = _awarded(release)
    bids = _obj(release.get('bids'), 'bids')
    for index, detail in enumerate(_arr(bids.get('details'), 'bids.details')):
        records.append(Record('bidder', _bidder(detail, f'bids.details.{index}', source, number, awarded),
                              filename, row))
    for index, contract in enumerate(_arr(release.get('contracts'), 'contracts')):
        order = _order(contract, f'contracts.{index}', source, number, fields)
        if order is not None:
            records.append(Record('order', order, filename, row))
    return records


def _identity(ocid: str, ext: dict, tender: dict) -> tuple[BidSource, str]:
    if ext.get('source') is not None:
        source = _text(ext.get('source'), 'gemcell.source')
        number = _text(ext.get('number'), 'gemcell.number', 60)
        if source == 'order':
            raise Invalid('gemcell.source', source, _l('An order without a bid: its contract is imported as an '
                                                       'order, not as a bid.'))
        try:
            source_ = BidSource(source)
        except ValueError:
            raise Invalid('gemcell.source', source, _l('"%(value)s" is not one of the known values.',
                                                       value=source)) from None
        if not number:
            raise Invalid('gemcell.number', None, _l('The bid number is missing.'))
        return source_, number
    tender_id = tender.get('id')
    if isinstance(tender_id, str):
        try:
            gepnic = parse_gepnic_tender_id(tender_id)
        except ParseError:
            gepnic = None
        if gepnic:
            return BidSource.gepnic, gepnic
    if len(ocid) > 60:
        raise Invalid('ocid', ocid, _l('The ocid is longer than 60 characters.'))
    return BidSource.manual, ocid.strip()


def _awarded(release) -> dict[str, Decimal | None]:
    """Supplier id → the value of its active award."""
    awarded = {}
    for index, award in enumerate(_arr(release.get('awards'), 'awards')):
        award = _obj(award, f'awards.{index}')
        status = _text(award.get('status'), f'awards.{index}.status')
        value = _money(award.get('value'), f'awards.{index}.value')
        if status != 'active':
            continue
        for position, supplier in enumerate(_arr(award.get('suppliers'), f'awards.{index}.suppliers')):
            supplier_id = _text(_obj(supplier, f'awards.{index}.suppliers.{position}').get('id'),
                                f'awards.{index}.suppliers.{position}.id')
            if supplier_id:
                awarded[supplier_id] = value
    return awarded


def _bidder(detail, path: str, source: BidSource, number: str, awarded: dict) -> dict:
    detail = _obj(detail, path)
    ext = _obj(detail.get('gemcell'), f'{path}.gemcell')
    status = _text(detail.get('status'), f'{path}.status')
    if status is not None and status not in BID_STATUSES:
        raise Invalid(f'{path}.status', status, _l('"%(value)s" is not an OCDS bid status (%(allowed)s).',
                                                   value=status, allowed=', '.join(BID_STATUSES)))
    tenderers = _arr(detail.get('tenderers'), f'{path}.tenderers')
    first = _obj(tenderers[0], f'{path}.tenderers.0') if tenderers else {}
    tenderer_id = _text(first.get('id'), f'{path}.tenderers.0.id')
    name = _text(first.get('name'), f'{path}.tenderers.0.name', 300) or tenderer_id
    # a bid without an id (OCDS requires one; cardinal's fixtures leave it out) is known by its place
    key = _text(ext.get('key'), f'{path}.gemcell.key', 300) or _text(detail.get('id'), f'{path}.id', 300) \
        or str(int(path.rsplit('.', 1)[1]) + 1)
    if not name:
        raise Invalid(f'{path}.tenderers', None, _l('A bid needs a tenderer with a name or an id.'))
    is_awarded = tenderer_id in awarded if tenderer_id else False
    state = _enum(BidderState, ext.get('state'), f'{path}.gemcell.state')
    if state is None:
        state = {'valid': BidderState.awarded if is_awarded else BidderState.qualified,
                 'disqualified': BidderState.disqualified_technical}.get(status, BidderState.unknown)
    fields = {
        'bid_source': source, 'bid_number': number, 'key': key, 'name': name, 'state': state,
        'status_raw': _text(ext.get('statusRaw'), f'{path}.gemcell.statusRaw', 120) if ext
        else (status if status in ('pending', 'invited', 'withdrawn', 'disqualified') else None),
        'reason': _text(ext.get('reason'), f'{path}.gemcell.reason'),
        'financial_value': _money(detail.get('value'), f'{path}.value'),
        'rank': _int(ext.get('rank'), f'{path}.gemcell.rank'),
        'submitted_dt': _datetime(detail.get('date'), f'{path}.date'),
        'is_awarded': bool(_bool(ext.get('isAwarded'), f'{path}.gemcell.isAwarded')) if 'isAwarded' in ext
        else is_awarded,
        'awarded_value': awarded.get(tenderer_id) if tenderer_id else None,
        'raw': json_safe(detail),
    }
    if tenderer_id and tenderer_id.startswith(SELLER_PREFIX) and len(tenderer_id) > len(SELLER_PREFIX):
        fields['seller_gem_id'] = tenderer_id[len(SELLER_PREFIX):][:40]
    return fields


def _order(contract, path: str, source: BidSource, number: str, bid_fields: dict) -> dict | None:
    contract = _obj(contract, path)
    try:
        order_number = parse_gem_contract_number(_text(contract.get('id'), f'{path}.id'))
    except ParseError:
        return None  # not a GeM order
    if order_number is None:
        return None
    ext = _obj(contract.get('gemcell'), f'{path}.gemcell')
    items = _arr(contract.get('items'), f'{path}.items')
    item = _obj(items[0], f'{path}.items.0') if items else {}
    unit = _obj(item.get('unit'), f'{path}.items.0.unit')
    seller_id = _text(ext.get('sellerId'), f'{path}.gemcell.sellerId', 40)
    fields = {
        'number': order_number,
        'bid_number': _text(ext.get('bidNumber'), f'{path}.gemcell.bidNumber', 60)
        or (number if source is BidSource.gem else None),
        'buyer_department_raw': _text(ext.get('departmentName'), f'{path}.gemcell.departmentName', 500)
        or bid_fields.get('buyer_department_raw'),
        'office_raw': _text(ext.get('officeName'), f'{path}.gemcell.officeName', 500),
        'buyer_designation': _text(ext.get('buyerDesignation'), f'{path}.gemcell.buyerDesignation', 200),
        'buyer_org_type': _text(ext.get('buyerOrgType'), f'{path}.gemcell.buyerOrgType', 100),
        'seller_name': _text(ext.get('sellerName'), f'{path}.gemcell.sellerName', 300),
        'category_name': _text(ext.get('categoryName'), f'{path}.gemcell.categoryName'),
        'product': _text(ext.get('product'), f'{path}.gemcell.product')
        or _text(contract.get('title'), f'{path}.title'),
        'brand': _text(ext.get('brand'), f'{path}.gemcell.brand', 200),
        'model': _text(ext.get('model'), f'{path}.gemcell.model', 200),
        'quantity': _num(item.get('quantity'), f'{path}.items.0.quantity'),
        'unit_price': _money(unit.get('value'), f'{path}.items.0.unit.value'),
        'total_value': _money(contract.get('value'), f'{path}.value'),
        'buying_mode': _enum(BuyingMode, ext.get('buyingMode'), f'{path}.gemcell.buyingMode'),
        'order_dt': _datetime(contract.get('dateSigned'), f'{path}.dateSigned'),
        'status': _text(ext.get('status'), f'{path}.gemcell.status', 60),
        'crac_date': _date(ext.get('cracDate'), f'{path}.gemcell.cracDate'),
        'invoice_number': _text(ext.get('invoiceNumber'), f'{path}.gemcell.invoiceNumber', 80),
        'invoice_date': _date(ext.get('invoiceDate'), f'{path}.gemcell.invoiceDate'),
        'invoice_amount': _num(ext.get('invoiceAmount'), f'{path}.gemcell.invoiceAmount'),
        'payment_date': _date(ext.get('paymentDate'), f'{path}.gemcell.paymentDate'),
        'payment_amount': _num(ext.get('paymentAmount'), f'{path}.gemcell.paymentAmount'),
        'raw': json_safe(contract),
    }
    if seller_id:
        fields['seller_gem_id'] = seller_id
    return fields


def order_release_records(release, filename: str, row: int) -> list[Record]:
    """An order without a bid (``gemcell.source`` = order): its contract."""
    records = []
    for index, contract in enumerate(_arr(release.get('contracts'), 'contracts')):
        order = _order(contract, f'contracts.{index}', BidSource.manual, '', {})
        if order is not None:
            records.append(Record('order', order, filename, row))
    return records


# -- reading ------------------------------------------------------------------------------------------------------
class OcdsShape:
    """OCDS compiled releases (JSON lines, JSON array, release package, record package) -> bids, bidders, orders."""

    name = 'ocds'
    title = _l('OCDS compiled releases (JSON lines, release or record package)')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        for row, release in self._releases(source, limits):
            if isinstance(release, RowError):
                yield ImportError_(KIND, source.filename, row, None, None, release.message)
                continue
            try:
                if isinstance(release, dict) and _obj(release.get('gemcell'), 'gemcell').get('source') == 'order':
                    _text(release.get('ocid'), 'ocid')
                    records = order_release_records(release, source.filename, row)
                else:
                    records = release_records(release, source.filename, row)
            except Invalid as error:
                value = error.value if error.value is None or isinstance(error.value, (int, float, str)) \
                    else json.dumps(json_safe(error.value), ensure_ascii=False)[:200]
                yield ImportError_(KIND, source.filename, row, error.path or None, value, error.message)
                continue
            yield from records

    def _releases(self, source: Source, limits: dict) -> Iterator[tuple[int, Any]]:
        head = _head(source.path)
        first_line = head.split(b'\n', 1)[0].strip()
        package = None
        if first_line.startswith(b'{'):
            try:
                document = json.loads(first_line, parse_float=Decimal)
            except ValueError:
                package = True  # a pretty-printed document
            else:
                package = isinstance(document, dict) and ('releases' in document or 'records' in document)
        if not package:
            filename = source.filename if source.filename.lower().endswith(('.json', '.jsonl', '.ndjson')) \
                else 'releases.jsonl'
            yield from read_json_records(source.path, max_bytes=limits['max_bytes'], max_rows=limits['max_rows'],
                                         filename=filename)
            return
        yield from _package_releases(_read_all(source.path), limits['max_rows'])


def _head(path, size: int = 1 << 20) -> bytes:
    if isinstance(path, (str, os.PathLike)):
        with open(path, 'rb') as stream:
            return stream.read(size).lstrip(b'\xef\xbb\xbf \t\r\n')
    path.seek(0)
    head = path.read(size)
    path.seek(0)
    return head.lstrip(b'\xef\xbb\xbf \t\r\n')


def _read_all(path) -> bytes:
    if isinstance(path, (str, os.PathLike)):
        if os.stat(path).st_size > MAX_PACKAGE_BYTES:
            raise _too_big()
        with open(path, 'rb') as stream:
            return stream.read()
    path.seek(0)
    data = path.read(MAX_PACKAGE_BYTES + 1)
    if len(data) > MAX_PACKAGE_BYTES:
        raise _too_big()
    return data


def _too_big() -> FileRejected:
    return FileRejected(_l('A release or record package larger than %(mb)s MB cannot be read at once: export it as '
                           'JSON lines (one release per line).', mb=MAX_PACKAGE_BYTES // (1024 * 1024)))


def _package_releases(data: bytes, max_rows: int) -> Iterator[tuple[int, Any]]:
    try:
        document = json.loads(io.BytesIO(data).read().decode('utf-8-sig'), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:
        raise FileRejected(_l('The file is not valid JSON (%(error)s).', error=str(error)[:200])) from None
    if not isinstance(document, dict):
        raise FileRejected(_l('The file is not an OCDS release or record package.'))
    if 'releases' in document:
        releases = document['releases']
        if not isinstance(releases, list):
            raise FileRejected(_l('The package\'s "releases" is not a JSON array.'))
    else:
        records = document.get('records')
        if not isinstance(records, list):
            raise FileRejected(_l('The package\'s "records" is not a JSON array.'))
        releases = []
        for record in records:
            compiled = record.get('compiledRelease') if isinstance(record, dict) else None
            releases.append(compiled if compiled is not None else
                            RowError(_l('The record has no compiledRelease: only compiled releases are imported.')))
    if not releases:
        raise FileRejected(_l('The package holds no releases.'))
    if len(releases) > max_rows:
        raise FileRejected(_l('The file has more than %(max)s releases.', max=max_rows))
    yield from enumerate(releases, 1)


SHAPE = OcdsShape()
