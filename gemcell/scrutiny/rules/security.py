"""Bid security (EMD) and performance security (ePBG), and the MSE / start-up exemptions (duties 8 and 10)."""
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BidSource, ProcurementKind
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidFacts, Hit, rule
from gemcell.scrutiny.settings import Settings

HUNDRED = Decimal(100)


def emd_demanded(bid: BidFacts) -> bool:
    return bool(bid.emd_required) or bool(bid.emd_amount) or bool(bid.emd_percent)


def emd_share(bid: BidFacts) -> Decimal | None:
    """EMD as a percentage of the estimated value: from the amount when both are known, else as declared."""
    if bid.emd_amount and bid.estimated_value:
        return (bid.emd_amount * HUNDRED / bid.estimated_value).quantize(Decimal('0.01'), ROUND_HALF_UP)
    return bid.emd_percent if bid.emd_percent else None


@rule('GFR-170-RANGE', Severity.deviation, _l('EMD share of the estimated value outside 2–5%'),
      _l('EMD of %(emd_inr)s is %(share)s%% of the estimated value %(estimated_inr)s; the rule in force allows '
         '%(minimum)s%% to %(maximum)s%%.'),
      duty=10, thresholds=('emd.min_percent', 'emd.max_percent'),
      hint=_l('Ask the department why the EMD departs from the range; an EMD above 5% keeps small sellers out.'),
      source=_l('GFR 2017 Rule 170, as revised by OM F.20/2/2014-PPD(Pt.) of 25.07.2017: bid security should '
                'ordinarily be a share of the estimated value from 2% to 5%.'))
def emd_range(bid: BidFacts, settings: Settings):
    """What: the EMD asked, as a share of the estimated value, is below the minimum or above the maximum in force.

    Why: GFR 170 fixes the range; a high EMD restricts competition, a token one defeats its purpose.
    Configuration: ``emd.min_percent``, ``emd.max_percent``.
    """
    if not emd_demanded(bid):
        return None
    share = emd_share(bid)
    if share is None:
        return None
    day = bid.judged_date
    low, high = settings.at('emd.min_percent', day), settings.at('emd.max_percent', day)
    if low.value <= share <= high.value:
        return None
    return Hit(params={'emd_inr': bid.emd_amount, 'share': share, 'estimated_inr': bid.estimated_value,
                      'minimum': low.value, 'maximum': high.value},
               thresholds=[low.as_evidence('emd.min_percent'), high.as_evidence('emd.max_percent')])


@rule('GFR-170-EXEMPT', Severity.deviation, _l('EMD demanded from exempt MSE and start-up sellers'),
      _l('The bid asks for EMD (%(emd_inr)s) and does not allow the exemption that MSE and start-up sellers are '
         'entitled to.'),
      duty=10,
      hint=_l('On GeM such a bid and its contract are null and void (GEM-NV-02); recommend cancellation.'),
      source=_l('GFR 2017 Rule 170 (OM of 25.07.2017): no bid security from MSEs registered under the MSE '
                'Procurement Policy or from start-ups recognised by DPIIT. GeM: a bid demanding EMD from exempt '
                'sellers is null and void (GEM-EMD-NULL, GEM-NV-02).'))
def emd_exemption_denied(bid: BidFacts, settings: Settings):
    """What: EMD demanded while the bid says the exemption is not allowed.

    Why: MSEs and DPIIT start-ups are exempt by GFR 170; GeM voids bids that deny it. Works are outside the MSE
    policy and are not checked. Configuration: none.
    """
    if not emd_demanded(bid) or bid.emd_exemption is not False or bid.kind is ProcurementKind.works:
        return None
    return Hit(params={'emd_inr': bid.emd_amount})


@rule('GEM-EMD-FIELDS', Severity.advisory, _l('EMD required but no amount given'),
      _l('The bid says EMD is required but gives neither an amount nor a percentage.'),
      duty=10,
      hint=_l('Check the bid document for the EMD amount and the advisory bank.'),
      source=_l('GeM bid fields “EMD Detail – Required Yes/No”, “EMD Amount”, “Advisory Bank”: a bid that requires '
                'EMD must state it.'))
def emd_missing(bid: BidFacts, settings: Settings):
    """What: ``EMD required`` is yes, and the amount and percentage are empty or zero.

    Why: sellers cannot comply with an EMD they cannot see; such bids invite arbitrary rejection.
    Configuration: none.
    """
    if bid.emd_required and not bid.emd_amount and not bid.emd_percent:
        return Hit()
    return None


@rule('GFR-171-RANGE', Severity.deviation, _l('Performance security outside the range in force'),
      _l('The ePBG asked is %(epbg)s%% of the contract value; the rule in force on %(bid_date)s (%(version)s) allows '
         '%(minimum)s%% to %(maximum)s%%.'),
      thresholds=('epbg.min_percent', 'epbg.max_percent'),
      hint=_l('Ask the department to bring the performance security within the range.'),
      source=_l('GFR 2017 Rule 171: originally 5–10%; reduced to 3% (12.11.2020 to 31.12.2021, OM F.9/4/2020-PPD); '
                '3–10% with effect from 03.04.2023; 3–5% with effect from 01.01.2024 for goods and services.'))
def epbg_range(bid: BidFacts, settings: Settings):
    """What: the ePBG percentage is outside the range of GFR 171 in force on the bid's date.

    Why: excessive performance security raises prices and keeps small sellers out.
    Configuration: ``epbg.min_percent``, ``epbg.max_percent`` by effective date. Works are outside these
    versions (GFR-171-2024 names goods, consultancy and non-consultancy services) and are not judged.
    """
    if not bid.epbg_percent or bid.kind is ProcurementKind.works:
        return None
    day = bid.judged_date
    low, high = settings.at('epbg.min_percent', day), settings.at('epbg.max_percent', day)
    if low.value <= bid.epbg_percent <= high.value:
        return None
    return Hit(params={'epbg': bid.epbg_percent, 'bid_date': day, 'version': high.source, 'minimum': low.value,
                      'maximum': high.value},
               thresholds=[low.as_evidence('epbg.min_percent'), high.as_evidence('epbg.max_percent')])


@rule('RELAX-MSE', Severity.advisory, _l('MSE exemption from experience and turnover not granted'),
      _l('The bid does not exempt MSE sellers from the years-of-experience and turnover criteria.'),
      hint=_l('Ask the department why MSEs were not relieved of these criteria.'),
      source=_l('MSME Ministry (March 2016, para 16 of the 2012 Order): experience and turnover criteria may be '
                'relaxed for MSEs; GeM bids carry the field “MSE Exemption for Years of Experience and Turnover”.'))
def mse_exemption_not_granted(bid: BidFacts, settings: Settings):
    """What: a GeM bid whose “MSE exemption for years of experience and turnover” is No.

    Why: the State's policy favours MSE participation; refusing the relaxation narrows competition.
    Configuration: none.
    """
    if bid.source is BidSource.gepnic or bid.mse_exemption is not False:
        return None
    return Hit()


@rule('RELAX-STARTUP', Severity.deviation, _l('Start-up exemption from experience and turnover not granted'),
      _l('The bid does not exempt DPIIT start-ups from the prior experience and turnover criteria.'),
      hint=_l('The relaxation is not optional except for public safety, health or critical security items: check '
              'whether the bid falls in those.'),
      source=_l('GFR 2017 Rule 173(i) and the DoE manual for non-consultancy services, para 5.1.7: prior turnover '
                'and experience are relaxed for DPIIT start-ups; the relaxation is not optional.'))
def startup_exemption_not_granted(bid: BidFacts, settings: Settings):
    """What: a GeM bid whose “Startup exemption for years of experience and turnover” is No.

    Why: the relaxation for start-ups is mandatory save for safety-critical items.
    Configuration: none.
    """
    if bid.source is BidSource.gepnic or bid.startup_exemption is not False:
        return None
    return Hit()
