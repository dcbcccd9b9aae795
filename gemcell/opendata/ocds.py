"""gemcell's bids and orders as OCDS 1.1 compiled releases — the one mapping, used by the export, by the
scrutiny rules ``CARD-R0xx`` (a bid's facts as a release, for cardinal's indicators) and read back by the ``ocds``
import shape.

============================  ===================================================================================
gemcell                       OCDS
============================  ===================================================================================
bid (source, number)          ``ocid`` = ``OCDS_OCID_PREFIX`` + ``-`` + source + ``-`` + number; ``tender.id``
title, description            ``tender.title``, ``tender.description``
buyer department              ``buyer`` and the ``buyer`` party: ``UP-DEPT-<code>`` when mapped, else
                              ``UP-NAME-<hash of the name>``, with the name as the source wrote it
buyer office                  ``tender.procuringEntity``: ``UP-OFFICE-<id>`` / ``UP-NAME-<hash>``
kind                          ``tender.mainProcurementCategory`` (goods, services, works)
bid type, reverse auction     ``tender.procurementMethod``: GeM bid → open, GeM reverse auction → selective
                              (among the parent bid's qualified sellers), GePNIC open/global → open, limited →
                              selective, single / nomination → limited; ``procurementMethodDetails``: the bid
                              type as written (``reverse auction`` for a GeM RA without one)
evaluation method             ``tender.awardCriteria``: QCBS → ratedCriteria, else priceOnly
estimated value               ``tender.value`` (INR)
published, start, end         ``tender.datePublished``, ``tender.tenderPeriod`` (start: the start of submission,
                              else publication)
category                      ``tender.items[0]``: description, quantity, classification (scheme ``GEM-CAT``
                              with the catalogue id; ``GEPNIC-CAT`` for GePNIC's product category)
status                        ``tender.status``: cancelled when the status says so, complete when awarded
bidders                       ``bids.details[]`` (awarded, then valid or pending, then disqualified bids):
                              id (the bidder's key), status (qualified, awarded → valid;
                              disqualified, not admitted → disqualified, except a bid rejected at the financial
                              stage that was dearer than the winner: it lost on price → valid; unknown →
                              pending), ``tenderers`` (``GEM-<seller id>`` or ``NAME-<hash of the name>``), value,
                              date; ``tender.numberOfTenderers``
awarded bidders               ``awards[]`` (active, one supplier, value = awarded value, date = contract date)
orders                        ``contracts[]`` of the bid's release (an order without a bid: a release of its own,
                              ``procurementMethod`` direct, with its award)
everything else               the ``gemcell`` extension (``extension/``): source, number, parent bid, EMD, ePBG,
                              exemptions, ATC, bidders' state, rank and reason, orders' buying mode and payments
============================  ===================================================================================
"""
import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from decimal import Decimal

from gemcell.gemdata.models import BidderState, BidSource, BuyingMode

CURRENCY = 'INR'
EXTENSION_URL = 'https://gemcell.up.gov.in/ocds/gemcell-extension/extension.json'
OPEN_WORDS = ('open', 'global')
SINGLE_WORDS = ('single', 'nomination', 'pac', 'proprietary')
DISQUALIFIED = (BidderState.disqualified_technical, BidderState.disqualified_financial, BidderState.not_admitted)


# -- values -------------------------------------------------------------------------------------------------------
def stamp(moment: datetime | date | None) -> str | None:
    """An RFC 3339 date-time in UTC (a date: its midnight UTC)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def number(value: Decimal | int | None):
    """A JSON number: an integer when whole, else a float (OCDS amounts)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def money(amount) -> dict | None:
    return None if amount is None else {'amount': number(amount), 'currency': CURRENCY}


def name_id(prefix: str, name: str | None) -> str | None:
    if not name:
        return None
    from gemcell.gemdata.aliases import alias_key
    return f'{prefix}-{hashlib.sha1(alias_key(name).encode(), usedforsecurity=False).hexdigest()[:12]}'


def ocid(prefix: str, source: BidSource, number_: str) -> str:
    return f'{prefix}-{source.value}-{number_}'


def order_ocid(prefix: str, order_number: str) -> str:
    return f'{prefix}-order-{order_number}'


def compact(value):
    """Drop ``None``, empty lists and empty objects, deeply (OCDS leaves out what is not known)."""
    if isinstance(value, dict):
        out = {key: compact(item) for key, item in value.items()}
        return {key: item for key, item in out.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [item for item in (compact(v) for v in value) if item not in (None, [], {})]
    return value


# -- codes --------------------------------------------------------------------------------------------------------
def procurement_method(source: BidSource, bid_type: str | None, is_ra: bool) -> str | None:
    words = (bid_type or '').strip().lower()
    if source is BidSource.gem:
        return 'selective' if is_ra else 'open'
    if any(word in words for word in SINGLE_WORDS):
        return 'limited'
    if 'limited' in words or 'selective' in words:
        return 'selective'
    if any(word in words for word in OPEN_WORDS) or source is BidSource.gepnic:
        return 'open'
    return None


def award_criteria(evaluation_method: str | None) -> str | None:
    if not evaluation_method:
        return None
    return 'ratedCriteria' if 'qcbs' in evaluation_method.lower() else 'priceOnly'


def tender_status(status: str | None, awarded: bool) -> str | None:
    if status and 'cancel' in status.lower():
        return 'cancelled'
    if awarded:
        return 'complete'
    return None


def bid_status(bidder, winner_value: Decimal | None) -> str:
    """The OCDS bid status of a bidder (see the module's table)."""
    if bidder.status_raw in ('withdrawn', 'invited'):
        return bidder.status_raw
    state = bidder.state
    if state is BidderState.disqualified_financial and winner_value is not None \
            and bidder.financial_value is not None and bidder.financial_value > winner_value:
        return 'valid'  # rejected at the financial stage for being dearer: it lost on price
    if state in DISQUALIFIED:
        return 'disqualified'
    if state in (BidderState.qualified, BidderState.awarded) or bidder.is_awarded:
        return 'valid'
    return 'pending'


def bid_statuses(bidders: list) -> dict[int, str]:
    """The OCDS bid status of each bidder, by ``id()``: a bidder rejected at the financial stage for being dearer
    than the one winner lost on price."""
    winners = [b for b in bidders if is_winner(b)]
    winner_value = winners[0].financial_value if len(winners) == 1 else None
    return {id(b): bid_status(b, winner_value) for b in bidders}


def contract_status(status: str | None) -> str | None:
    if not status:
        return None
    words = status.lower()
    if 'cancel' in words:
        return 'cancelled'
    if any(word in words for word in ('complete', 'closed', 'fulfil', 'paid')):
        return 'terminated'
    return 'active'


def is_winner(bidder) -> bool:
    return bool(bidder.is_awarded) or bidder.state is BidderState.awarded


# -- releases -----------------------------------------------------------------------------------------------------
def _party(id_: str | None, name: str | None, roles: list[str]) -> dict | None:
    return {'id': id_, 'name': name, 'roles': roles} if id_ else None


def department_ref(bid) -> tuple[str | None, str | None]:
    department = getattr(bid, 'buyer_department', None)
    if department is not None:
        return f'UP-DEPT-{department.code}', department.name_en
    raw = getattr(bid, 'buyer_department_raw', None)
    return name_id('UP-NAME', raw), raw


def office_ref(bid) -> tuple[str | None, str | None]:
    office = getattr(bid, 'office', None)
    if office is not None:
        return f'UP-OFFICE-{office.id}', office.name_en
    raw = getattr(bid, 'office_raw', None)
    return name_id('UP-NAME', raw), raw


def tenderer_ref(bidder) -> dict:
    seller = getattr(bidder, 'seller', None)
    if seller is not None:
        return {'id': f'GEM-{seller.gem_seller_id}', 'name': bidder.name}
    return {'id': name_id('NAME', bidder.name) or f'KEY-{bidder.key}', 'name': bidder.name}


def bid_release(bid, *, prefix: str, bidders: Iterable | None = None, orders: Iterable = (),
                tenderer: Callable = tenderer_ref, updated: datetime | None = None, lean: bool = False) -> dict:
    """The compiled release of one bid (a ``Bid`` row, or the scrutiny's ``BidFacts``); ``lean``: only what
    cardinal's per-process indicators read (the same values), for the scrutiny rules."""
    bidders = list(bid.bidders if bidders is None else bidders)
    g = lambda name: getattr(bid, name, None)  # noqa: E731 - BidFacts lacks some columns
    the_ocid = ocid(prefix, bid.source, bid.number)
    buyer_id, buyer_name = department_ref(bid)
    entity_id, entity_name = office_ref(bid)
    details, awards, parties = [], [], {}
    if buyer_id:
        parties[buyer_id] = _party(buyer_id, buyer_name, ['buyer'])
    if entity_id:
        party = parties.setdefault(entity_id, _party(entity_id, entity_name, []))
        party['roles'].append('procuringEntity')
    # the awarded bids first, then the other valid or pending ones, then the disqualified (each in the bid's own
    # order): among equal lowest prices cardinal takes the first, so a tie is flagged only when every bid at the
    # lowest price was disqualified
    statuses = bid_statuses(bidders)
    awarded = any(is_winner(b) for b in bidders)
    bidders = sorted(bidders, key=lambda b: (not is_winner(b), statuses[id(b)] == 'disqualified'))
    if lean:
        return _lean_release(bid, the_ocid, bidders, statuses, tenderer, awarded)
    for bidder in bidders:
        ref = tenderer(bidder)
        party = parties.setdefault(ref['id'], _party(ref['id'], ref['name'], []))
        if 'tenderer' not in party['roles']:
            party['roles'].append('tenderer')
        details.append({
            'id': bidder.key, 'status': statuses[id(bidder)],
            'date': stamp(getattr(bidder, 'submitted_dt', None)),
            'value': money(bidder.financial_value), 'tenderers': [ref],
            'gemcell': {'key': bidder.key, 'state': bidder.state.value, 'statusRaw': bidder.status_raw,
                        'reason': bidder.reason, 'rank': bidder.rank, 'isAwarded': bool(bidder.is_awarded)},
        })
        if is_winner(bidder):
            if 'supplier' not in party['roles']:
                party['roles'].append('supplier')
            awards.append({
                'id': f'{bid.number}-{bidder.key}', 'status': 'active', 'relatedBid': bidder.key,
                'date': stamp(g('contract_date')),
                'value': money(getattr(bidder, 'awarded_value', None)), 'suppliers': [ref],
                'items': _items(bid),
            })
    contracts = [contract(order, awards) for order in orders]
    published = g('published_dt')
    release = {
        'ocid': the_ocid,
        'id': f'{the_ocid}-{stamp(updated or g("modified_dt") or published) or "undated"}',
        'date': stamp(updated or g('modified_dt') or published),
        'tag': ['compiled'],
        'initiationType': 'tender',
        'language': 'en',
        'parties': list(parties.values()),
        'buyer': {'id': buyer_id, 'name': buyer_name} if buyer_id else None,
        'tender': {
            'id': bid.number, 'title': g('title'), 'description': g('description'),
            'status': tender_status(g('status'), awarded),
            'procuringEntity': {'id': entity_id, 'name': entity_name} if entity_id else None,
            'items': _items(bid),
            'value': money(g('estimated_value')),
            'procurementMethod': procurement_method(bid.source, g('bid_type'), bool(g('is_ra'))),
            'procurementMethodDetails': method_details(g('bid_type'), g('is_ra')),
            'mainProcurementCategory': g('kind').value if g('kind') else None,
            'awardCriteria': award_criteria(g('evaluation_method')),
            'datePublished': stamp(published),
            'tenderPeriod': tender_period(bid),
            'numberOfTenderers': len(bidders) if bidders else None,
        },
        'bids': {'details': details} if details else None,
        'awards': awards,
        'contracts': contracts,
        'gemcell': {
            'source': bid.source.value, 'number': bid.number, 'parentNumber': g('parent_number'),
            'reference': g('reference'), 'ministry': g('ministry'), 'buyerUserId': g('buyer_user_id'),
            'departmentName': g('buyer_department_raw'), 'officeName': g('office_raw'),
            'isReverseAuction': bool(g('is_ra')), 'bidType': g('bid_type'),
            'evaluationMethod': g('evaluation_method'), 'status': g('status'),
            'startDate': stamp(g('start_dt')), 'openingDate': stamp(g('opening_dt')),
            'emd': {'required': g('emd_required'), 'amount': number(g('emd_amount')),
                    'percent': number(g('emd_percent')), 'exemption': g('emd_exemption')},
            'epbgPercent': number(g('epbg_percent')),
            'mseExemption': g('mse_exemption'), 'startupExemption': g('startup_exemption'),
            'isCustomItem': g('is_custom_item'), 'isBoq': g('is_boq'), 'atcText': g('atc_text'),
            'contractDate': g('contract_date').isoformat() if g('contract_date') else None,
            'contractValue': number(g('contract_value')),
        },
    }
    return compact(release)


def method_details(bid_type: str | None, is_ra) -> str | None:
    return bid_type or ('reverse auction' if is_ra else None)


def tender_period(bid) -> dict:
    """The submission period: its start (else publication) to its end."""
    start = getattr(bid, 'start_dt', None) or getattr(bid, 'published_dt', None)
    return {'startDate': stamp(start), 'endDate': stamp(getattr(bid, 'end_dt', None))}


def _lean_release(bid, the_ocid: str, bidders: list, statuses: dict, tenderer: Callable, awarded: bool) -> dict:
    """The part of ``bid_release`` that cardinal's per-process indicators read, with the same values."""
    details, awards = [], []
    for bidder in bidders:
        ref = tenderer(bidder)
        detail = {'id': bidder.key, 'status': statuses[id(bidder)], 'tenderers': [ref]}
        if bidder.financial_value is not None:
            detail['value'] = money(bidder.financial_value)
        details.append(detail)
        if is_winner(bidder):
            awards.append({'status': 'active', 'suppliers': [ref]})
    bid_type, is_ra = getattr(bid, 'bid_type', None), getattr(bid, 'is_ra', False)
    period = {key: value for key, value in tender_period(bid).items() if value is not None}
    tender = {'procurementMethod': procurement_method(bid.source, bid_type, bool(is_ra)),
              'procurementMethodDetails': method_details(bid_type, is_ra),
              'status': tender_status(getattr(bid, 'status', None), awarded),
              'tenderPeriod': period or None, 'numberOfTenderers': len(bidders) if bidders else None}
    release = {'ocid': the_ocid, 'tender': {key: value for key, value in tender.items() if value is not None}}
    if details:
        release['bids'] = {'details': details}
    if awards:
        release['awards'] = awards
    return release


def _items(bid) -> list[dict]:
    name, code = getattr(bid, 'category_name', None), getattr(bid, 'category_id', None)
    if not name and not code and getattr(bid, 'quantity', None) is None:
        return []
    scheme = 'GEPNIC-CAT' if bid.source is BidSource.gepnic else 'GEM-CAT'
    return [{'id': '1', 'description': name, 'quantity': number(getattr(bid, 'quantity', None)),
             'classification': {'scheme': scheme, 'id': code, 'description': name} if code else None}]


def contract(order, awards: list[dict]) -> dict:
    award_id = awards[0]['id'] if len(awards) == 1 else f'order-{order.number}'
    return {
        'id': order.number, 'awardID': award_id, 'title': order.product,
        'status': contract_status(order.status), 'value': money(order.total_value),
        'dateSigned': stamp(order.order_dt),
        'items': [{'id': '1', 'description': order.product or order.category_name,
                   'quantity': number(order.quantity), 'unit': {'value': money(order.unit_price)}
                   if order.unit_price is not None else None,
                   'classification': {'scheme': 'GEM-CAT', 'id': order.category_name,
                                      'description': order.category_name} if order.category_name else None}],
        'gemcell': {
            'bidNumber': order.bid_number, 'departmentName': order.buyer_department_raw,
            'officeName': order.office_raw, 'buyerDesignation': order.buyer_designation,
            'buyerOrgType': order.buyer_org_type, 'categoryName': order.category_name, 'product': order.product,
            'brand': order.brand, 'model': order.model, 'buyingMode': order.buying_mode.value
            if order.buying_mode else None, 'status': order.status,
            'sellerId': order.seller.gem_seller_id if order.seller else None, 'sellerName': order.seller_name,
            'cracDate': _iso(order.crac_date), 'invoiceNumber': order.invoice_number,
            'invoiceDate': _iso(order.invoice_date), 'invoiceAmount': number(order.invoice_amount),
            'paymentDate': _iso(order.payment_date), 'paymentAmount': number(order.payment_amount),
        },
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def order_release(order, *, prefix: str, updated: datetime | None = None) -> dict:
    """A release for an order that has no bid in gemcell (a direct or L1 purchase): its award and contract."""
    the_ocid = order_ocid(prefix, order.number)
    buyer_id, buyer_name = department_ref(order)
    supplier = {'id': f'GEM-{order.seller.gem_seller_id}' if order.seller else name_id('NAME', order.seller_name),
                'name': order.seller_name}
    award = {'id': f'order-{order.number}', 'status': 'active', 'date': stamp(order.order_dt),
             'value': money(order.total_value), 'suppliers': [supplier] if supplier['id'] else None}
    parties = [p for p in (_party(buyer_id, buyer_name, ['buyer']),
                           _party(supplier['id'], supplier['name'], ['supplier'])) if p]
    method = 'direct' if order.buying_mode in (BuyingMode.direct, BuyingMode.l1) else None
    release = {
        'ocid': the_ocid, 'id': f'{the_ocid}-{stamp(updated or order.modified_dt or order.order_dt) or "undated"}',
        'date': stamp(updated or order.modified_dt or order.order_dt), 'tag': ['compiled'],
        'initiationType': 'tender', 'language': 'en', 'parties': parties,
        'buyer': {'id': buyer_id, 'name': buyer_name} if buyer_id else None,
        'tender': {'id': order.number, 'procurementMethod': method,
                   'procurementMethodDetails': order.buying_mode.value if order.buying_mode else None},
        'awards': [award], 'contracts': [contract(order, [award])],
        'gemcell': {'source': 'order', 'number': order.number},
    }
    return compact(release)


def release_package(releases: list[dict], *, uri: str, published: datetime, publisher: str) -> dict:
    return {
        'uri': uri, 'version': '1.1', 'publishedDate': stamp(published),
        'publisher': {'name': publisher},
        'extensions': ['https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/'
                       'v1.1.5/extension.json', EXTENSION_URL],
        'releases': releases,
    }
