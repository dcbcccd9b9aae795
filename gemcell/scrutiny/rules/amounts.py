"""Buying mode against the GFR 149 thresholds in force on the order's date (duty 8)."""
import re
from decimal import Decimal
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BuyingMode
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import Hit, OrderFacts, rule
from gemcell.scrutiny.settings import Settings

_WITHOUT_BID = (BuyingMode.direct, BuyingMode.l1)
AUTOMOBILE = re.compile(r'\b(?:automobiles?|vehicles?|cars?|jeeps?|buses|bus|trucks?|ambulances?|motor ?cycles?|'
                        r'scooters?|SUVs?|MUVs?)\b|वाहन|गाड़ी|गाडी', re.IGNORECASE)
#: a part, a consumable or the hire of a vehicle is not the purchase of an automobile
NOT_A_VEHICLE = re.compile(r'\b(?:batter(?:y|ies)|tyres?|tires?|tubes?|spares?|parts?|accessor(?:y|ies)|lubricants?|'
                           r'oils?|covers?|hiring|hire|rental|services?)\b|किराय|सेवा', re.IGNORECASE)


def l1_limit_name(order: OrderFacts) -> str:
    """Automobiles kept a higher L1 limit in GFR-149-V1 (the vehicle itself, not its parts or its hire)."""
    return 'gfr149.l1_limit_automobile' if is_automobile(order.category_name, order.product) else 'gfr149.l1_limit'


def l1_limit_value(order: OrderFacts, settings: Settings, day) -> Decimal:
    """A limit that compares with the order's value as its L1 limit in force on ``day`` does. Whether the order is
    a vehicle (read from its words, most names unique) is asked only when its value lies between the ordinary and
    the automobile limits: below both, or above both, either limit gives the same answer."""
    ordinary = settings.value('gfr149.l1_limit', day)
    automobile = settings.value('gfr149.l1_limit_automobile', day)
    value = order.total_value
    if (value <= ordinary) == (value <= automobile):
        return ordinary
    return automobile if is_automobile(order.category_name, order.product) else ordinary


@lru_cache(maxsize=65536)
def is_automobile(category: str | None, product: str | None) -> bool:
    """Whether a category and product name a vehicle (remembered: a few thousand names recur across millions of
    orders)."""
    text = ' '.join(filter(None, (category, product)))
    return bool(text) and AUTOMOBILE.search(text) is not None and NOT_A_VEHICLE.search(text) is None


@rule('GFR-149-BIDRA', Severity.deviation, _l('Purchase above the L1 limit without a bid or RA'),
      _l('Order value %(value_inr)s exceeds the L1 purchase limit of %(limit_inr)s in force on %(order_date)s '
         '(%(version)s), yet it was bought without a bid or reverse auction.'),
      on='order', thresholds=('gfr149.l1_limit', 'gfr149.l1_limit_automobile'),
      hint=_l('Check the order in GeM: if no bid or RA preceded it, the purchase breached GFR 149(iii).'),
      source=_l('GFR 2017 Rule 149: above the L1 limit (₹30 lakh originally; ₹5 lakh from 02.04.2019 by OM '
                'F.1/26/2018-PPD; ₹10 lakh from 10.07.2024 by OM F.1/3/2024-PPD) bidding or reverse auction on '
                'GeM is mandatory.'))
def purchase_above_l1_limit(order: OrderFacts, settings: Settings):
    """What: a direct or L1 purchase whose value is above the L1 limit in force on its date.

    Why: above that limit GFR 149(iii) makes a bid or reverse auction on GeM mandatory.
    Configuration: ``gfr149.l1_limit`` (and ``gfr149.l1_limit_automobile`` for vehicles), by effective date.
    """
    if order.buying_mode not in _WITHOUT_BID or order.total_value is None \
            or order.total_value <= l1_limit_value(order, settings, order.judged_date):
        return None
    name = l1_limit_name(order)
    limit = settings.at(name, order.judged_date)
    return Hit(params={'value_inr': order.total_value, 'limit_inr': limit.value, 'order_date': order.judged_date,
                      'version': limit.source}, thresholds=[limit.as_evidence(name)])


@rule('GFR-149-DIRECT', Severity.deviation, _l('Direct purchase above the direct-purchase limit'),
      _l('Direct purchase of %(value_inr)s exceeds the direct-purchase limit of %(limit_inr)s in force on '
         '%(order_date)s (%(version)s): it needed L1 buying among at least three manufacturers.'),
      on='order', thresholds=('gfr149.direct_limit',),
      hint=_l('Check whether the buyer compared at least three manufacturers (L1 buying).'),
      source=_l('GFR 2017 Rule 149(i)–(ii): direct purchase only up to ₹50,000 (₹25,000 from 02.04.2019; '
                '₹50,000 again from 10.07.2024); above it, the L1 among at least three manufacturers.'))
def direct_purchase_above_limit(order: OrderFacts, settings: Settings):
    """What: a direct purchase above the direct-purchase limit in force on its date (and not above the L1 limit,
    which ``GFR-149-BIDRA`` reports as the graver breach).

    Why: GFR 149(ii) requires L1 buying among at least three manufacturers above the direct limit.
    Configuration: ``gfr149.direct_limit`` by effective date.
    """
    if order.buying_mode is not BuyingMode.direct or order.total_value is None:
        return None
    day = order.judged_date
    limit = settings.at('gfr149.direct_limit', day)
    if order.total_value <= limit.value or order.total_value > l1_limit_value(order, settings, day):
        return None
    return Hit(params={'value_inr': order.total_value, 'limit_inr': limit.value, 'order_date': day,
                      'version': limit.source}, thresholds=[limit.as_evidence('gfr149.direct_limit')])
