"""Requirement splitting (duty 11, GFR-149-SPLIT): one buyer office buying one category in several purchases, each
under a limit in force, within a window, while together they cross it."""
from decimal import Decimal
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.aliases import alias_key
from gemcell.gemdata.models import BuyingMode
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import Hit, OrderFacts, rule
from gemcell.scrutiny.rules.amounts import l1_limit_name, l1_limit_value
from gemcell.scrutiny.rules.category import normalise_category
from gemcell.scrutiny.settings import Settings

#: the purchases that can split a requirement: those made without a bid or RA
SPLITTABLE = (BuyingMode.direct, BuyingMode.l1)
#: the tiers, the graver first: purchases each within the L1 limit whose total needed a bid, then direct
#: purchases each within the direct limit whose total needed L1 buying
TIERS = (('bid', 'gfr149.l1_limit', SPLITTABLE), ('l1', 'gfr149.direct_limit', (BuyingMode.direct,)))


def group_key(order: OrderFacts) -> str | None:
    """The buyer office and category a purchase belongs to (``None``: it cannot split a requirement).

    The office is the directory's when the import linked one, else the department and office as GeM wrote them
    (the buyer's designation when the office is blank).
    """
    if order.buying_mode not in SPLITTABLE or order.total_value is None or order.order_dt is None \
            or not order.category_name:
        return None
    if order.office_id:
        office = f'office:{order.office_id}'
    else:
        office = _office(order.buyer_department_key, order.office_raw, order.buyer_designation)
    return f'{office}|{_category(order.category_name)}'


@lru_cache(maxsize=65536)
def _office(department_key: str | None, office_raw: str | None, designation: str | None) -> str:
    return '|'.join((department_key or alias_key(office_raw or '') or '',
                     alias_key(office_raw or designation or '') or ''))


@lru_cache(maxsize=65536)
def _category(name: str) -> str:
    return normalise_category(name)


def split_key(needed: str, first: OrderFacts) -> str:
    """``split|<tier>|<first order>|<group key>``: the group key last, as it may hold ``|`` itself."""
    return f'split|{needed}|{first.number}|{group_key(first)}'


def group_of(key: str) -> str:
    """The group key of a split finding's key."""
    return key.split('|', 3)[3]


def _limit_name(tier_name: str, order: OrderFacts) -> str:
    """The L1 limit of the bid tier is the automobile one for vehicles (GFR-149-V1)."""
    return l1_limit_name(order) if tier_name == 'gfr149.l1_limit' else tier_name


def find_splits(orders: list[OrderFacts], settings: Settings) -> list[tuple[str, object, list[OrderFacts]]]:
    """``(tier, limit version, purchases)`` for every split among ``orders`` (one group, in date order).

    From each purchase in turn, the window holds the purchases up to ``split.window_days`` calendar days (in India)
    after it; the tier's members are those of the tier's modes each within the limit in force on its own date.
    Where the members from that purchase total above the limit in force on its date, they are a split and the
    search goes on after the last of them; the graver tier is tried first.
    """
    splits, used = [], set()
    days = [order.judged_date for order in orders]
    # each purchase's limit in each tier, on its own date (to compare its value with): worked out once, not for
    # every window it falls in
    limits = {tier_name: {o.id: l1_limit_value(o, settings, day) if tier_name == 'gfr149.l1_limit'
                          else settings.value(tier_name, day) for o, day in zip(orders, days)}
              for _needed, tier_name, _modes in TIERS}
    for start, first in enumerate(orders):
        if first.id in used:
            continue
        window = int(settings.value('split.window_days', days[start]))
        end = start
        while end + 1 < len(orders) and (days[end + 1] - days[start]).days <= window:
            end += 1
        if end == start:
            continue
        for needed, tier_name, modes in TIERS:
            name = _limit_name(tier_name, first)
            limit = settings.at(name, days[start])
            members = [o for o in orders[start:end + 1] if o.id not in used and o.buying_mode in modes
                       and o.total_value <= limits[tier_name][o.id]]
            if not members or members[0] is not first or len(members) < 2:
                continue
            if sum((o.total_value for o in members), Decimal(0)) > limit.value:
                splits.append((needed, (name, limit), members))
                used.update(o.id for o in members)
                break
    return splits


def _row(order: OrderFacts) -> dict:
    return {'number': order.number, 'order_id': order.id, 'date': order.order_dt, 'value_inr': order.total_value,
            'mode': order.buying_mode.value, 'seller': order.seller_name}


@rule('GFR-149-SPLIT', Severity.deviation, _l('Requirement split into smaller purchases'),
      _l('%(count)s purchases of “%(category)s” by the same office between %(first_date)s and %(last_date)s, each '
         'within %(limit_inr)s, total %(total_inr)s: above the limit in force (%(version)s), so the demand needed '
         '%(needed_mode)s.'),
      on='orders', duty=11, thresholds=('split.window_days', 'gfr149.l1_limit', 'gfr149.direct_limit'),
      hint=_l('Check whether these purchases meet one demand; if so, the demand was divided to avoid L1 buying or '
              'bidding.'),
      source=_l('GFR 2017 Rule 149(viii): a demand for goods shall not be divided into small quantities to make '
                'piecemeal purchases to avoid procurement through L-1 buying / bidding / reverse auction on GeM or '
                'the sanction of higher authorities required for the estimated value of the total demand.'))
def requirement_splitting(orders: list[OrderFacts], settings: Settings):
    """What: two or more purchases without a bid by one buyer office in one category within a window (30
    calendar days by default) from the first of them, each within the L1 limit (or the direct limit) in force on its
    date, whose total is above the limit in force on the first one's date. The graver tier (a bid was needed) is
    reported before the lighter (L1 buying was needed); a purchase is in one split at most.

    Why: splitting a demand to stay under a limit is forbidden by GFR 149(viii).
    Configuration: ``split.window_days``; ``gfr149.l1_limit`` (``gfr149.l1_limit_automobile`` for vehicles) and
    ``gfr149.direct_limit`` by effective date. See ``find_splits``.
    """
    if len(orders) < 2:
        return []
    hits = []
    for needed, (name, limit), members in find_splits(orders, settings):
        first, day = members[0], members[0].judged_date
        window = settings.at('split.window_days', day)
        total = sum((o.total_value for o in members), Decimal(0))
        hits.append(Hit(
            params={'count': len(members), 'category': first.category_name, 'first_date': first.order_dt,
                    'last_date': members[-1].order_dt, 'limit_inr': limit.value, 'total_inr': total,
                    'version': limit.source, 'needed_mode': needed},
            thresholds=[limit.as_evidence(name), window.as_evidence('split.window_days')],
            items=[_row(o) for o in members], key=split_key(needed, first),
            order_id=first.id, department_id=first.buyer_department_id, judged_date=day))
    return hits
