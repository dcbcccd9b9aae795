"""Competition and award: single bid, disqualifications that leave one bidder or remove the lowest (duty 9), and
the award to other than the lowest technically qualified bidder, "manual L1" (duty 12)."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BidderState
from gemcell.indicators.bids import indicator, status_of
from gemcell.opendata.ocds import bid_statuses
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidderFacts, BidFacts, Hit, rule
from gemcell.scrutiny.settings import Settings

HUNDRED = Decimal(100)


SINGLE_SOURCE = frozenset({'single', 'single tender', 'single source', 'nomination', 'pac'})


def is_competitive(bid: BidFacts) -> bool:
    """Open or limited (selective) procedures; a single-source tender (GePNIC's Tender Type "Single") is not. A GeM
    "single packet" bid is an open bid."""
    return not (bid.bid_type and bid.bid_type.strip().lower() in SINGLE_SOURCE)


def price_only(bidders: list[BidderFacts]) -> bool:
    """Whether the bid's own ranking follows the prices: no bidder ranked before a cheaper one. A ranking that does
    not (a QCBS consultancy tender ranks by combined score) shows the award criterion was not the price alone."""
    ranked = [b for b in bidders if b.financial_value is not None and b.rank is not None]
    return not any(a.rank < b.rank and a.financial_value > b.financial_value for a in ranked for b in ranked)


def stood_before(rival: BidderFacts, winner: BidderFacts) -> bool:
    """The rival was ahead of the winner by every measure the two share (rank, price), and they share one."""
    by_rank = None if None in (rival.rank, winner.rank) else rival.rank < winner.rank
    by_price = None if None in (rival.financial_value, winner.financial_value) \
        else rival.financial_value < winner.financial_value
    return (by_rank, by_price) != (None, None) and False not in (by_rank, by_price)


def excluded(bidder: BidderFacts, winner: BidderFacts) -> bool:
    """Put out of the running rather than outbid: disqualified technically, not admitted, or rejected at the
    financial stage — unless its price is known to be above the winner's (GePNIC marks every bidder that lost on
    price "Rejected-Finance": a dearer bid so rejected simply lost)."""
    if bidder.state in (BidderState.disqualified_technical, BidderState.not_admitted):
        return True
    if bidder.state is not BidderState.disqualified_financial:
        return False
    return None in (bidder.financial_value, winner.financial_value) or bidder.financial_value <= winner.financial_value


def is_winner(bidder: BidderFacts) -> bool:
    return bidder.is_awarded or bidder.state is BidderState.awarded


def any_disqualified(bid: BidFacts) -> bool:
    """Whether the bid's release calls a bidder disqualified (cardinal's R035 and R036 need one): asked first, it
    spares building the release for most bids."""
    return 'disqualified' in bid_statuses(bid.bidders).values()


def bidder_rows(bidders: list[BidderFacts]) -> list[dict]:
    """The bidders as a finding lists them."""
    return [{'name': b.name, 'state': b.state.value, 'value_inr': b.financial_value, 'rank': b.rank,
             'awarded': is_winner(b), 'reason': b.reason} for b in bidders]


@rule('CARD-R018', Severity.advisory, _l('Single bid received'),
      _l('Only one bid was received (%(bidder)s) in a competitive procedure.'),
      hint=_l('Check whether the bid was re-tendered or extended, as the rules on low competition require.'),
      source=_l('Open Contracting Partnership, cardinal indicator R018: only one tenderer bid in a competitive '
                '(open or selective) procedure. Manual for Procurement of Goods, para 5.1.5: automatic extension '
                'when fewer bids than the minimum are received.'))
def single_bid(bid: BidFacts, settings: Settings):
    """What: cardinal's R018, computed by cardinal's own code (``gemcell.indicators``) on the bid as an OCDS
    release: ``numberOfTenderers`` (the bidders on record) is 1 in a competitive procedure (``open`` or
    ``selective``: a GeM bid or reverse auction, a GePNIC open or limited tender; not a single-source tender).

    Why: a lone bidder suggests the bid was tailored or not publicised.
    Configuration: none (cardinal's default ``procurement_methods = open|selective``). Bids whose bidders are not
    known are not judged.
    """
    if len(bid.bidders) != 1 or indicator(bid, 'R018') is None:  # numberOfTenderers is the bidders on record
        return None
    return Hit(params={'bidder': bid.bidders[0].name}, items=bidder_rows(bid.bidders))


@rule('CARD-R035', Severity.advisory, _l('All bidders except the winner disqualified'),
      _l('%(disqualified)s of %(bidders)s bidders were disqualified; the only one left, %(winner)s, was awarded.'),
      duty=9, is_disqualification=True,
      hint=_l('Review every disqualification below: was each reason valid under the bid’s own conditions?'),
      source=_l('Open Contracting Partnership, cardinal indicator R035: exactly one tenderer has valid bids, it is '
                'the awardee, and at least one other tenderer was disqualified.'))
def all_but_winner_disqualified(bid: BidFacts, settings: Settings):
    """What: cardinal's R035, computed by cardinal's own code (``gemcell.indicators``) on the bid as an OCDS
    release: exactly one bidder has a valid bid, it is the one awarded, and at least one other bidder was
    disqualified — technically, not admitted, or at the financial stage without being dearer than the winner (a
    dearer bid so rejected lost on price: the mapping makes it a valid bid). Bidders of unknown state are pending
    bids, which cardinal does not count either way.

    Why: disqualifying every rival is a way to steer an award (IACRC "excluding qualified bidders").
    Configuration: none (cardinal's default ``[R035] threshold = 1``).
    """
    if not any(is_winner(b) for b in bid.bidders):
        return None  # no award: cardinal does not judge it
    if not any_disqualified(bid):
        return None
    disqualified = indicator(bid, 'R035')
    if disqualified is None:
        return None
    winner = next(b for b in bid.bidders if is_winner(b))
    return Hit(params={'disqualified': int(disqualified), 'bidders': len(bid.bidders), 'winner': winner.name},
               items=bidder_rows(bid.bidders))


@rule('CARD-R036', Severity.advisory, _l('Lowest bid disqualified'),
      _l('The lowest bid, %(lowest_inr)s by %(bidder)s, was disqualified (%(bidder_state)s).'),
      duty=9, is_disqualification=True,
      hint=_l('Check the reason given for rejecting the lowest bid; an inexplicable rejection is a red flag.'),
      source=_l('Open Contracting Partnership, cardinal indicator R036: the award criterion is price only and the '
                'lowest submitted bid was disqualified. OLAF: “lowest bid rejected almost inexplicably”.'))
def lowest_bid_disqualified(bid: BidFacts, settings: Settings):
    """What: cardinal's R036, computed by cardinal's own code (``gemcell.indicators``) on the bid as an OCDS
    release: the bid has an award and a valid priced bid, and the lowest submitted bid (the first of equal lowest
    prices, in the bid's order of bidders) was disqualified.

    Why: rejecting the cheapest offer moves the award to a dearer one.
    Configuration: none. Not judged (cardinal's price-comparison setting, which leaves out processes whose award is
    not by price): bids evaluated on quality and cost (QCBS, or a ranking that puts a dearer bid before a cheaper
    one).
    """
    if bid.evaluation_method and 'qcbs' in bid.evaluation_method.lower():
        return None
    if not any(is_winner(b) for b in bid.bidders) or sum(b.financial_value is not None for b in bid.bidders) < 2 \
            or not any_disqualified(bid):
        return None  # cardinal needs an award, and a disqualified lowest bid below a valid priced one
    if not price_only(bid.bidders) or indicator(bid, 'R036') is None:
        return None
    submitted = [b for b in bid.bidders if b.financial_value is not None
                 and status_of(bid, b.key) in ('pending', 'valid', 'disqualified')]
    lowest = min(submitted, key=lambda b: b.financial_value)  # the first of equal lowest prices
    return Hit(params={'lowest_inr': lowest.financial_value, 'bidder': lowest.name, 'bidder_state': lowest.status_raw
                       or lowest.state.value}, items=bidder_rows(bid.bidders))


@rule('CARD-R028', Severity.info, _l('Identical bid prices'),
      _l('%(count)s bidders offered the same price, %(price_inr)s: %(bidders_list)s.'),
      hint=_l('Identical prices can be honest (quotes at the schedule of rates, a fixed price); otherwise they '
              'suggest the bidders agreed their prices. Compare the bids’ documents and the bidders’ links.'),
      source=_l('Open Contracting Partnership, cardinal indicator R028: different tenderers submitted bids with the '
                'same price.'))
def identical_bid_prices(bid: BidFacts, settings: Settings):
    """What: cardinal's R028, computed by cardinal's own code (``gemcell.indicators``) on the bid as an OCDS
    release: two or more bidders submitted the same price.

    Why: identical prices from different bidders are a sign of collusion (cover bidding).
    Configuration: none.
    """
    prices = [b.financial_value for b in bid.bidders if b.financial_value is not None]
    if len(set(prices)) == len(prices) or indicator(bid, 'R028') is None:
        return None  # no two bidders at one price: cardinal is not asked
    by_price: dict = {}
    for bidder in bid.bidders:
        if bidder.financial_value is not None and status_of(bid, bidder.key) in ('pending', 'valid', 'disqualified'):
            by_price.setdefault(bidder.financial_value, []).append(bidder)
    price, same = min(((p, b) for p, b in by_price.items() if len(b) > 1), key=lambda pair: pair[0])
    return Hit(params={'count': len(same), 'price_inr': price, 'bidders_list': [b.name for b in same]},
               items=bidder_rows(bid.bidders))


@rule('MANUAL-L1', Severity.advisory, _l('Award to other than the lowest qualified bidder (manual L1)'),
      _l('%(winner)s was awarded at %(winner_inr)s although %(lowest)s, technically qualified, offered '
         '%(lowest_inr)s (%(gap)s%% lower), and no recorded preference explains it.'),
      duty=12, may_refer=True, thresholds=('mse.preference_percent',),
      hint=_l('Check GeM’s audit trail of the bid: the MII preference (within 20%) is not in the data and may '
              'explain the award; otherwise the award breached GFR 149.'),
      source=_l('GFR 2017 Rule 149(ii)–(iii): the buyer must buy from the lowest-priced qualified seller. RULES.md '
                'MANUAL-L1 (operational definition): the selected seller is not the system L1 and no recorded '
                'purchase preference — MSE within L1+15% (PPP-MSE-L1+15), MII within 20%, a split award — '
                'explains it.'))
def manual_l1(bid: BidFacts, settings: Settings):
    """What: exactly one bidder won, and a technically qualified bidder stood before it — cheaper and ranked before
    it, by every measure the two share (where the ranking and the prices disagree, as in a QCBS ranking, the data do
    not show the winner was not the system L1); neither an MSE preference (the winner an MSE within the band above
    a non-MSE L1) nor a split award explains it.

    Why: "manual L1" — L1 fixed outside GeM's ranking — breaches GFR 149 (low confidence: advisory).
    Configuration: ``mse.preference_percent`` (15).
    """
    winners = [b for b in bid.bidders if is_winner(b)]
    if len(winners) != 1:
        return None  # nobody awarded yet, or a split award
    winner = winners[0]
    before = [b for b in bid.bidders if b is not winner and b.is_technically_qualified and stood_before(b, winner)]
    if not before:
        return None
    lowest = min(before, key=lambda b: (b.financial_value is None, b.financial_value, b.rank))
    band = settings.at('mse.preference_percent', bid.judged_date)
    if winner.financial_value is not None and lowest.financial_value is not None:
        within_band = winner.financial_value <= lowest.financial_value * (1 + band.value / HUNDRED)
        if within_band and winner.seller_is_mse is True and lowest.seller_is_mse is False:
            return None
        gap = ((winner.financial_value - lowest.financial_value) * HUNDRED / winner.financial_value).quantize(
            Decimal('0.1'))
    else:
        gap = None
    return Hit(params={'winner': winner.name, 'winner_inr': winner.financial_value, 'lowest': lowest.name,
                      'lowest_inr': lowest.financial_value, 'gap': gap},
               thresholds=[band.as_evidence('mse.preference_percent')], items=bidder_rows(bid.bidders))
