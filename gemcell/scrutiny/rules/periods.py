"""Bid submission periods: GeM's minimum bid cycle, GFR 161's three weeks for open tenders, and cardinal's short
submission period (duty 8)."""
import math
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BidSource
from gemcell.indicators.bids import indicator
from gemcell.indicators.settings import Settings as CardinalSettings
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidFacts, Hit, rule
from gemcell.scrutiny.settings import Settings


def period_days(start, end) -> Decimal | None:
    """The exact days between two moments (elapsed time: 20 days 23 hours is short of 21); ``None`` when either is
    unknown or the end is not after the start."""
    if start is None or end is None or end <= start:
        return None
    return Decimal((end - start).total_seconds()) / 86400


def is_open_procedure(bid: BidFacts) -> bool:
    """GeM bids (not reverse auctions) are open; a GePNIC tender is open when its Tender Type says open or global."""
    if bid.source is BidSource.gepnic:
        return bool(bid.bid_type) and any(word in bid.bid_type.lower() for word in ('open', 'global'))
    return not bid.is_ra


def _short(bid: BidFacts, settings: Settings, name: str, start):
    days = period_days(start, bid.end_dt)
    if days is None:
        return None
    minimum = settings.at(name, bid.judged_date)
    if days >= minimum.value:
        return None
    return Hit(params={'days': days.quantize(Decimal('0.1'), ROUND_DOWN), 'minimum': minimum.value,
                      'start_date': start, 'end_date': bid.end_dt}, thresholds=[minimum.as_evidence(name)])


@rule('GEM-BIDCYCLE', Severity.advisory, _l('Bid period shorter than GeM’s minimum'),
      _l('The bid was open for %(days)s days (%(start_date)s to %(end_date)s); GeM’s minimum bid cycle is '
         '%(minimum)s days.'),
      thresholds=('gem.min_bid_days',),
      hint=_l('Check whether a shorter cycle was allowed (e.g. GeM’s COVID-19 categories) and whether the bid '
              'drew enough bidders.'),
      source=_l('GeM’s default minimum bid cycle is 10 days (3 days for COVID-19 categories and short service '
                'bids from May 2020).'))
def gem_bid_cycle(bid: BidFacts, settings: Settings):
    """What: a GeM bid (not a reverse auction) whose end is fewer days after its start than GeM's minimum.

    Why: a short bid period keeps sellers out. The source is a 2020 report of GeM's notice (low confidence), hence
    advisory. Configuration: ``gem.min_bid_days``.
    """
    if bid.source is BidSource.gepnic or bid.is_ra:
        return None
    return _short(bid, settings, 'gem.min_bid_days', bid.start_dt or bid.published_dt)


@rule('GFR-161-TIME', Severity.advisory, _l('Less than three weeks for bid submission'),
      _l('Bids could be submitted for %(days)s days (%(start_date)s to %(end_date)s); an open tender ordinarily '
         'allows at least %(minimum)s days from publication.'),
      thresholds=('tender.min_bid_days',),
      hint=_l('Check the reason recorded for the shorter period.'),
      source=_l('GFR 2017 Rule 161: ordinarily the minimum time for bid submission is three weeks from the '
                'publication of the tender notice or the availability of the bidding document, whichever is later.'))
def tender_submission_time(bid: BidFacts, settings: Settings):
    """What: an open tender outside GeM (GePNIC) with fewer than 21 days from publication to the submission end.

    Why: GFR 161 asks for three weeks ordinarily. The primary text was not retrieved (RULES.md: low–medium
    confidence), hence advisory. Configuration: ``tender.min_bid_days``. Counted from publication (the start of
    submission when it is not known): the date the bidding document became available is not in the data, so a
    later availability that shortens the period further is missed.
    """
    if bid.source is not BidSource.gepnic or not is_open_procedure(bid):
        return None
    return _short(bid, settings, 'tender.min_bid_days', bid.published_dt or bid.start_dt)


@rule('CARD-R003', Severity.info, _l('Short submission period'),
      _l('The submission period was %(days)s days (%(start_date)s to %(end_date)s), shorter than %(minimum)s days.'),
      thresholds=('cardinal.r003_min_days',),
      hint=_l('A red flag, not a breach: read it with the other findings on the bid.'),
      source=_l('Open Contracting Partnership, cardinal indicator R003: the bid period (end minus start) of an open '
                'procedure is shorter than expected (15 days by default).'))
def short_submission_period(bid: BidFacts, settings: Settings):
    """What: cardinal's R003, computed by cardinal's own code (``gemcell.indicators``) on the bid as an OCDS
    release: an open procedure (``procurement_methods = open``: a GeM bid, a GePNIC open tender) whose submission
    period (``tenderPeriod``: the submission start, else publication, to the end) is shorter, in whole days, than
    the configured days.

    Why: short periods favour bidders who knew in advance.
    Configuration: ``cardinal.r003_min_days`` (15), cardinal's ``[R003] threshold``.
    """
    start = bid.start_dt or bid.published_dt
    if start is None or bid.end_dt is None:
        return None  # no submission period: cardinal leaves the process out
    minimum = settings.at('cardinal.r003_min_days', bid.judged_date)
    if bid.end_dt - start >= timedelta(days=math.ceil(minimum.value), seconds=1):
        return None  # whole days at least the minimum (a second spared for the release's whole-second times)
    if indicator(bid, 'R003', CardinalSettings(enabled=frozenset({'R003'}), r003_threshold=minimum.value,
                                       r003_procurement_methods=frozenset({'open'}))) is None:
        return None
    days = Decimal((bid.end_dt - start).total_seconds()) / 86400
    return Hit(params={'days': days.quantize(Decimal('0.1'), ROUND_DOWN), 'minimum': minimum.value,
                      'start_date': start, 'end_date': bid.end_dt},
               thresholds=[minimum.as_evidence('cardinal.r003_min_days')])
