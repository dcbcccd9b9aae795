"""Category sanity (duty 11): goods bought under a services category and the reverse, works floated as custom
service bids, and custom or BOQ bids for items that have a regular GeM category."""
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BidSource, ProcurementKind
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidFacts, Hit, rule
from gemcell.scrutiny.settings import Settings

WORKS_WORDS = re.compile(
    r'\b(?:civil works?|construction|renovation|building works?|road works?|bridges?|earth ?work|'
    r'electrical works?|plumbing works?|drain(?:age)? works?|boundary wall)\b|निर्माण|मरम्मत कार्य', re.IGNORECASE)
_VERSION = re.compile(r'\(v\d+\)', re.IGNORECASE)
#: anything but letters, digits and Devanagari (whose vowel signs and virama ``\w`` does not match)
_PUNCTUATION = re.compile(r'[^\w\u0900-\u097F]+')


def normalise_category(name: str) -> str:
    """``Split Air Conditioner (V2)`` -> ``split air conditioner``: what catalogue names are compared by."""
    return ' '.join(_PUNCTUATION.sub(' ', _VERSION.sub(' ', unicodedata.normalize('NFC', name).casefold())).split())


def bid_form(bid: BidFacts) -> str:
    """``custom``, ``boq`` or ``category``: from GeM's category id where there is one (``home_univ_…`` and
    ``services_home_cust`` are custom bids, ``home_boq_…`` BOQ bids), else from the bid's flags."""
    category_id = (bid.category_id or '').lower()
    if category_id:
        if category_id.startswith('home_boq'):
            return 'boq'
        if '_univ_' in category_id or category_id.startswith('services_home_cust'):
            return 'custom'
        return 'category'
    if bid.is_boq:
        return 'boq'
    return 'custom' if bid.is_custom_item else 'category'


def _text(bid: BidFacts) -> str:
    return ' '.join(filter(None, (bid.category_name, bid.title)))


@rule('CAT-KIND', Severity.advisory, _l('Goods and services categories mixed up'),
      _l('The bid is recorded as %(bid_kind)s, but its category “%(category)s” is one of %(category_kind)s.'),
      duty=11,
      hint=_l('Check that the right category was chosen: services bought as goods (or the reverse) escape the '
              'conditions of the proper category.'),
      source=_l('Memo duty 11: irrelevant or mismatched categories; GEM-NV-11: a bid for items from irrelevant '
                'categories is null and void.'))
def kind_mismatch(bid: BidFacts, settings: Settings):
    """What: a GeM bid whose declared kind (goods / services) differs from the kind of its catalogue category, as
    GeM's category id shows it (``services_…`` ids are services; a bid in several categories counts as services
    only when all are). Custom and BOQ bids have no catalogue category and are not judged.

    Why: the category decides the bid's conditions; a mismatch evades them. Configuration: none. Bids without a
    category id are not judged: a category's name alone does not tell goods from services reliably ("Floor
    Cleaning Machine", "Maintenance Free Battery").
    """
    if bid.source is BidSource.gepnic or bid.kind not in (ProcurementKind.goods, ProcurementKind.services) \
            or not bid.category_id or not bid.category_name or bid_form(bid) != 'category':
        return None
    ids = [part.strip().lower() for part in bid.category_id.split(',') if part.strip()]
    category_kind = 'services' if ids and all(part.startswith('services_') for part in ids) else 'goods'
    if category_kind == bid.kind.value:
        return None
    return Hit(params={'bid_kind': bid.kind.value, 'category': bid.category_name, 'category_kind': category_kind})


@rule('GEM-NV-07', Severity.deviation, _l('Works floated as a custom bid for services'),
      _l('A custom bid for services describes works: %(matches_list)s.'),
      duty=11,
      hint=_l('Works are not bought on GeM as custom service bids; recommend cancellation if the scope is works.'),
      source=_l('GeM bid disclaimer (GEM-NV-07): works contracts floated as custom bids in services make the bid '
                'null and void.'))
def works_as_custom_services(bid: BidFacts, settings: Settings):
    """What: a GeM custom bid for services whose category or title names civil or electrical works.

    Why: GeM's disclaimer voids such bids. Configuration: none (the words are in ``WORKS_WORDS``).
    """
    if bid.source is BidSource.gepnic or bid.kind is not ProcurementKind.services or bid_form(bid) != 'custom':
        return None
    matches = sorted({m.group(0) for m in WORKS_WORDS.finditer(_text(bid))})
    if not matches:
        return None
    return Hit(params={'matches_list': matches}, matches=matches)


@rule('GEM-NV-03', Severity.advisory, _l('Custom or BOQ bid for items that have a regular category'),
      _l('This custom or BOQ bid buys items that GeM offers in regular categories: %(matches_list)s.'),
      duty=11,
      hint=_l('Check whether the items could have been bought in their regular categories, where GeM validates '
              'sellers and OEMs.'),
      source=_l('GeM bid disclaimer (GEM-NV-03): custom or BOQ bids for items that have regular GeM categories are '
                'null and void unless a category item is bunched with them. J&K Finance circular of 02.05.2023.'))
def custom_bid_with_regular_category(bid: BidFacts, settings: Settings):
    """What: a custom or BOQ GeM bid one of whose items has the name of a regular category that other GeM bids in
    the data were placed in.

    Why: GeM validates sellers and OEMs only in regular categories. "As far as the data shows": a category absent
    from the imported bids is not known. Configuration: none.
    """
    if bid.source is BidSource.gepnic or not bid.category_name or not settings.catalogue:
        return None
    form = bid_form(bid)
    if form == 'category':
        return None
    items = [bid.category_name] + (bid.category_name.split(',') if form == 'boq' else [])
    matches = sorted({item.strip() for item in items if normalise_category(item) in settings.catalogue})
    if not matches:
        return None
    return Hit(params={'form': form, 'matches_list': matches}, matches=matches)
