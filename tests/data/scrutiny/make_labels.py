"""Write ``labels.csv``: the rule ids each bid and order of the labelled set must produce.

Run it from anywhere with any Python 3.10+ (standard library only)::

    python tests/data/scrutiny/make_labels.py            # rewrite labels.csv
    python tests/data/scrutiny/make_labels.py --check    # only compare with the labels.csv on disk

The labels are derived **independently of gemcell**: the raw files are read here with ``csv`` and ``json`` (not
through gemcell's importers), and each rule is applied as ``/work/shared/design/RULES.md`` and the rules' own
docstrings define it (their "What:"), not as the engine's code does it. The test
``tests/scrutiny/test_labelled_set.py`` then imports the same files through the real importers, runs the engine and
compares. Where the two disagree, one of them is wrong; README.md says which, case by case.

Inputs (relative to ``tests/data``):

- ``gepnic/`` -- 300 GePNIC tenders with their bids, financial ranking and awards (real);
- ``gem-bidplus/bids.jsonl`` -- 40 GeM BidPlus listing records (real; no bidders, prices or ATC);
- ``gem-contracts.csv`` -- 42 GeM contracts (real; four rows are shifted in the source and cannot be imported);
- ``scrutiny/planted/`` -- the synthetic part: ``sellers.csv``, ``bids.csv``, ``bidders.csv``, ``orders.csv`` in
  the shape of gemcell's template, and ``bidplus.jsonl`` in the BidPlus shape (for the category id and the
  custom/BOQ flags, which the template has no column for). Every planted row says what its planter expected
  (``Expected rules``); the rules below are applied to it all the same, and the script stops if the two disagree.

For the planted bids, the restrictive-clause rules (GEM-NV-05/06/08/09/10/13/14, read in the bid's text) are the
one place where the label is a reader's judgement rather than a computation: those ids are taken from the planted
row's ``Expected rules`` (each row's note says what the text is meant to show). The real files carry no ATC text, so
no real bid is labelled with them.

Rules whose fields a source lacks are "not produced" for that source: the real data have no ePBG, no MSE or
start-up exemption flags, no ATC, and GePNIC says nothing of MSE sellers.
"""
import argparse
import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
PLANTED = HERE / 'planted'
LABELS = HERE / 'labels.csv'
IST = timezone(timedelta(hours=5, minutes=30))
HUNDRED = Decimal(100)

#: the rules whose planted labels are a reader's judgement of the text (see the module docstring)
TEXT_RULES = frozenset({'GEM-NV-05', 'GEM-NV-06', 'GEM-NV-08', 'GEM-NV-09', 'GEM-NV-10', 'GEM-NV-13',
                        'GEM-NV-14'})


# -- thresholds, as RULES.md gives them (value in force from each date) --------------------------------------------

def _table(*versions):
    return [(date.fromisoformat(day), Decimal(value)) for day, value in versions]


#: GFR 149: direct purchase limit (V0 2017, V1 OM 02.04.2019, V2 OM 10.07.2024)
DIRECT_LIMIT = _table(('2017-03-08', 50000), ('2019-04-02', 25000), ('2024-07-10', 50000))
#: GFR 149: above this a bid or RA is mandatory (V0 ₹30 lakh, V1 ₹5 lakh, V2 ₹10 lakh)
L1_LIMIT = _table(('2017-03-08', 3000000), ('2019-04-02', 500000), ('2024-07-10', 1000000))
#: GFR-149-V1: "Automobiles kept the ₹30 lakh L1 limit"; V2 names no exception (GFR-149-AUTO is low confidence)
L1_LIMIT_AUTOMOBILE = _table(('2017-03-08', 3000000), ('2024-07-10', 1000000))
#: GFR 170 (OM 25.07.2017): EMD 2%–5% of the estimated value
EMD_RANGE = (Decimal(2), Decimal(5))
#: GFR 171: performance security, % of the contract value, by date
EPBG_RANGE = [(date.fromisoformat(day), (Decimal(low), Decimal(high))) for day, low, high in (
    ('2017-03-08', 5, 10),   # GFR-171-V0
    ('2020-11-12', 3, 10),   # GFR-171-COVID: 3% allowed for tenders up to 31.12.2021
    ('2022-01-01', 5, 10),   # the COVID relaxation over: V0 again
    ('2023-04-03', 3, 10),   # GFR-171-2023
    ('2024-01-01', 3, 5),    # GFR-171-2024 (goods, services, consultancy)
)]
GEM_MIN_BID_DAYS = 10        # GEM-BIDCYCLE
TENDER_MIN_BID_DAYS = 21     # GFR-161-TIME
R003_MIN_DAYS = 15           # cardinal R003
MSE_BAND = Decimal(15)       # PPP-MSE-L1+15
SPLIT_WINDOW = timedelta(days=30)
#: GePNIC writes 0.0 / 1.0 / "INR 1" in its value columns where the rates are in the BOQ (rate contracts,
#: empanelments, item-rate tenders): 444 of the 1,238 ranked values are 1.0. Such a "value" is no price.
PLACEHOLDER_BELOW = Decimal(10)


def in_force(table, day: date | None):
    """The value of ``table`` in force on ``day`` (the first version before it began; the last if unknown)."""
    if day is None:
        return table[-1][1]
    value = table[0][1]
    for start, candidate in table:
        if start <= day:
            value = candidate
    return value


# -- reading raw values -------------------------------------------------------------------------------------------

MISSING = {'', 'na', 'n/a', 'nil', 'none', '-', 'null'}


def amount(text) -> Decimal | None:
    """``"70,00,000.00"``, ``"INR 6,300,000"``, ``"₹ 4,200"`` -> Decimal; blank or NA -> None."""
    if text is None:
        return None
    text = str(text).strip()
    if text.lower() in MISSING:
        return None
    text = re.sub(r'^(?:INR|Rs\.?|₹)\s*', '', text, flags=re.I).replace(',', '').strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f'not an amount: {text!r}') from None


def value_of(text) -> Decimal | None:
    """A GePNIC value column: placeholders below ₹10 are no value."""
    number = amount(text)
    return None if number is None or number < PLACEHOLDER_BELOW else number


def percent(text) -> Decimal | None:
    text = (text or '').strip().rstrip('%').strip()
    return None if text.lower() in MISSING else Decimal(text)


def yes_no(text) -> bool | None:
    text = (str(text) if text is not None else '').strip().casefold()
    if text in ('yes', 'y', 'true', '1', 'हाँ', 'हां'):
        return True
    if text in ('no', 'n', 'false', '0', 'नहीं'):
        return False
    return None


def gepnic_time(text) -> datetime | None:
    """``24-Mar-2018 09:00 AM`` in IST."""
    text = (text or '').strip()
    if text.lower() in MISSING:
        return None
    return datetime.strptime(text, '%d-%b-%Y %I:%M %p').replace(tzinfo=IST)


def dmy_time(text) -> datetime | None:
    """``08/1/2026 14:49`` (day first) in IST."""
    text = (text or '').strip()
    if text.lower() in MISSING:
        return None
    match = re.fullmatch(r'(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2}))?', text)
    if not match:
        raise ValueError(f'not a DD/MM/YYYY date: {text!r}')
    day, month, year, hour, minute = match.groups()
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=IST)


def iso_time(text) -> datetime | None:
    return datetime.fromisoformat(text.replace('Z', '+00:00')) if text else None


def rank_of(text) -> int | None:
    """``L1``, ``1.0``, ``LI``, ``II`` -> 1, 1, 1, 2; anything else (``H1``, ``RESPONSIVE``) is no rank."""
    text = (text or '').strip().upper().replace(' ', '').replace('-', '')
    if re.fullmatch(r'L?\d+(?:\.0)?', text):
        return int(float(text.lstrip('L')))
    roman = {'I': 1, 'II': 2, 'III': 3, 'IV': 4, 'V': 5}
    return roman.get(text[1:] if text.startswith('L') and text[1:] in roman else text)


def local_date(moment: datetime | None) -> date | None:
    """The date in India: thresholds change at midnight IST."""
    return moment.astimezone(IST).date() if moment else None


def days_between(start: datetime | None, end: datetime | None) -> timedelta | None:
    """The time from ``start`` to ``end``, exactly: RULES.md defines the periods as "end minus start" (cardinal
    R003), so 19.12 17:00 to 09.01 16:00 is 20 days 23 hours, short of 21 days. (Counting calendar dates instead
    would make it 21; README.md discusses the choice.)"""
    if start is None or end is None or end <= start:
        return None
    return end - start


def norm_category(name: str) -> str:
    """``Toner Cartridge (V2)`` -> ``toner cartridge``: GeM's version suffix, case and punctuation do not matter."""
    name = unicodedata.normalize('NFC', name).casefold()
    name = re.sub(r'\(\s*v\s*\d+\s*\)', ' ', name)
    return ' '.join(re.sub(r'[^\w]+', ' ', name).split())


def norm_name(name: str | None) -> str:
    return ' '.join(unicodedata.normalize('NFC', name or '').casefold().split()).strip(' .,;:-')


# -- what the rules look at -----------------------------------------------------------------------------------------

@dataclass
class Bidder:
    name: str
    #: winner, qualified (evaluated, price opened), disqualified_technical, disqualified_financial, not_admitted,
    #: unknown
    state: str
    price: Decimal | None = None
    rank: int | None = None
    mse: bool | None = None

    @property
    def disqualified(self) -> bool:
        return self.state in ('disqualified_technical', 'disqualified_financial', 'not_admitted')

    @property
    def technically_qualified(self) -> bool:
        """Passed the technical stage: its price was opened (it may still have been rejected on it)."""
        return self.state in ('winner', 'qualified', 'disqualified_financial')


@dataclass
class Bid:
    source: str                  # the file, relative to tests/data
    origin: str                  # real / planted
    number: str
    platform: str                # gem (GeM, or typed in by the cell) / gepnic
    procedure: str | None = None  # open / limited / single / ra / None (unknown)
    kind: str | None = None      # goods / services / works
    category: str | None = None
    category_kind: str | None = None  # the kind of the category itself (GeM's id prefix, or the planted fact)
    form: str | None = None      # category / custom / boq / None (unknown)
    category_ids: list = field(default_factory=list)
    title: str | None = None
    published: datetime | None = None
    start: datetime | None = None
    document_start: datetime | None = None
    end: datetime | None = None
    estimated: Decimal | None = None
    emd_amount: Decimal | None = None
    emd_percent: Decimal | None = None
    emd_required: bool | None = None
    emd_exemption: bool | None = None
    epbg: Decimal | None = None
    mse_exemption: bool | None = None
    startup_exemption: bool | None = None
    bidders: list = field(default_factory=list)
    planted_expected: set | None = None
    note: str = ''

    @property
    def day(self) -> date | None:
        return local_date(self.published or self.start)


@dataclass
class Order:
    source: str
    origin: str
    number: str
    buyer: str
    office: str
    category: str
    product: str
    value: Decimal
    mode: str                    # direct / l1 / bid / ra
    when: datetime
    planted_expected: set | None = None
    note: str = ''


# -- the rules ------------------------------------------------------------------------------------------------------

def emd_rules(bid: Bid) -> set[str]:
    found = set()
    demanded = bool(bid.emd_required) or bool(bid.emd_amount) or bool(bid.emd_percent)
    if demanded:
        # GFR-170-RANGE: the EMD's share of the estimated value; the declared percentage if no amount/estimate
        if bid.emd_amount and bid.estimated:
            # to the hundredth of a percent: EMDs are written in round rupees (PWD Assam rounds 2% down to the
            # ₹1,000: ₹3,01,000 on ₹1,50,64,000 is 1.998%, which is 2% as the department meant and wrote it)
            share = (bid.emd_amount * HUNDRED / bid.estimated).quantize(Decimal('0.01'), ROUND_HALF_UP)
        else:
            share = bid.emd_percent or None
        if share is not None and not EMD_RANGE[0] <= share <= EMD_RANGE[1]:
            found.add('GFR-170-RANGE')
        # GFR-170-EXEMPT: EMD asked and the MSE/start-up exemption refused (works are outside the MSE policy)
        if bid.emd_exemption is False and bid.kind != 'works':
            found.add('GFR-170-EXEMPT')
    # GEM-EMD-FIELDS: "EMD required" yes, and neither an amount nor a percentage
    if bid.emd_required and not bid.emd_amount and not bid.emd_percent:
        found.add('GEM-EMD-FIELDS')
    return found


def epbg_rules(bid: Bid) -> set[str]:
    if not bid.epbg:
        return set()
    low, high = in_force(EPBG_RANGE, bid.day)
    return set() if low <= bid.epbg <= high else {'GFR-171-RANGE'}


def exemption_rules(bid: Bid) -> set[str]:
    if bid.platform != 'gem':
        return set()
    found = set()
    if bid.mse_exemption is False:
        found.add('RELAX-MSE')
    if bid.startup_exemption is False:
        found.add('RELAX-STARTUP')
    return found


def period_rules(bid: Bid) -> set[str]:
    found = set()
    # cardinal R003: open procedures, submission period (end - start) under 15 days
    if bid.procedure == 'open':
        period = days_between(bid.start or bid.published, bid.end)
        if period is not None and period < timedelta(days=R003_MIN_DAYS):
            found.add('CARD-R003')
    if bid.platform == 'gem' and bid.procedure != 'ra':
        period = days_between(bid.start or bid.published, bid.end)
        if period is not None and period < timedelta(days=GEM_MIN_BID_DAYS):
            found.add('GEM-BIDCYCLE')
    # GFR 161: open tenders outside GeM, three weeks from publication (the rule says: or from the bidding
    # document's availability, whichever is later; gemcell does not keep that date, so publication it is)
    if bid.platform == 'gepnic' and bid.procedure == 'open':
        begun = bid.published or bid.start
        period = days_between(begun, bid.end)
        if period is not None and period < timedelta(days=TENDER_MIN_BID_DAYS):
            found.add('GFR-161-TIME')
    return found


def competition_rules(bid: Bid) -> set[str]:
    found = set()
    bidders = bid.bidders
    # R018: one bidder in a competitive (open or limited) procedure
    if len(bidders) == 1 and bid.procedure in ('open', 'limited'):
        found.add('CARD-R018')
    # R035: one bidder won and every other one was put out of the running: disqualified technically, not
    # admitted, or rejected at the financial stage without a price known to be above the winner's (GePNIC records
    # every bidder that lost on price as "Rejected-Finance": a dearer bid so rejected simply lost)
    winners = [b for b in bidders if b.state == 'winner']
    if len(winners) == 1 and len(bidders) > 1:
        winner = winners[0]

        def put_out(b: Bidder) -> bool:
            if b.state in ('disqualified_technical', 'not_admitted'):
                return True
            if b.state != 'disqualified_financial':
                return False
            return None in (b.price, winner.price) or b.price <= winner.price
        if all(put_out(b) for b in bidders if b is not winner):
            found.add('CARD-R035')
    # R036: "the award criterion is price only and the lowest submitted bid was disqualified" (a bidder left in the
    # running that offered the same lowest price means the lowest price was not rejected). The data never states
    # the award criterion; it shows it is not the price alone when the tender's own ranking puts a dearer bid
    # before a cheaper one (QCBS consultancy tenders rank by combined score): such tenders are not judged.
    # cardinal's R036 also needs an award (an active award in OCDS) and a valid priced bid.
    priced = [b for b in bidders if b.price is not None]
    awarded = any(b.state == 'winner' for b in bidders)
    if len(priced) >= 2 and awarded and any(not b.disqualified for b in priced) and price_only(bidders):
        lowest = min(b.price for b in priced)
        if all(b.disqualified for b in priced if b.price == lowest):
            found.add('CARD-R036')
    # R028 (cardinal): different bidders submitted the same price (every bidder on record counts as a submitted
    # bid: the data has no withdrawn or invited bids)
    prices = [b.price for b in bidders if b.price is not None]
    if len(prices) != len(set(prices)):
        found.add('CARD-R028')
    # MANUAL-L1 (RULES.md §8): one winner, and it is not the system L1 -- a technically qualified rival stood
    # before it -- and no recorded preference explains it: the MSE preference covers an MSE winner within L1+15% of
    # a non-MSE L1. "Before it" on all the evidence there is: ranked before it in the system's financial ranking
    # where both have a rank, and cheaper where both have a price. Where the ranking and the prices disagree (a
    # QCBS ranking, ranks typed by hand, paise), the data do not show that the winner was not the system L1.
    winners = [b for b in bidders if b.state == 'winner']
    if len(winners) == 1:
        winner = winners[0]
        before = [b for b in bidders if b is not winner and b.technically_qualified and stood_before(b, winner)]
        if before:
            lowest = min(before, key=lambda b: (b.price is None, b.price, b.rank))
            explained = (winner.mse is True and lowest.mse is False and None not in (winner.price, lowest.price)
                         and winner.price <= lowest.price * (1 + MSE_BAND / HUNDRED))
            if not explained:
                found.add('MANUAL-L1')
    return found


def stood_before(rival: Bidder, winner: Bidder) -> bool:
    """The rival was ahead of the winner by every measure the two share (rank, price), and they share one."""
    by_rank = None if None in (rival.rank, winner.rank) else rival.rank < winner.rank
    by_price = None if None in (rival.price, winner.price) else rival.price < winner.price
    return (by_rank, by_price) != (None, None) and False not in (by_rank, by_price)


def price_only(bidders: list[Bidder]) -> bool:
    """No bidder is ranked before a cheaper one."""
    ranked = [b for b in bidders if b.price is not None and b.rank is not None]
    return not any(a.rank < b.rank and a.price > b.price for a in ranked for b in ranked)


WORKS = re.compile(r'\b(?:construction|civil works?|renovation|building works?|road works?|boundary wall|'
                   r'earth ?work|plaster\w*|flooring)\b|निर्माण', re.I)


def category_rules(bid: Bid, catalogue: set[str]) -> set[str]:
    if bid.platform != 'gem':
        return set()
    found = set()
    # CAT-KIND: the bid's kind and its category's kind differ
    if bid.kind in ('goods', 'services') and bid.category_kind in ('goods', 'services') \
            and bid.kind != bid.category_kind:
        found.add('CAT-KIND')
    # GEM-NV-07: works floated as a custom bid for services
    if bid.form == 'custom' and bid.kind == 'services' and WORKS.search(' '.join(filter(None, (bid.category,
                                                                                             bid.title)))):
        found.add('GEM-NV-07')
    # GEM-NV-03: a custom or BOQ bid for an item that has a regular category (among the data's category bids)
    if bid.form in ('custom', 'boq') and bid.category:
        items = bid.category.split(',') if bid.form == 'boq' else [bid.category]
        if any(norm_category(item) in catalogue for item in items):
            found.add('GEM-NV-03')
    return found


def bid_labels(bid: Bid, catalogue: set[str]) -> set[str]:
    return (emd_rules(bid) | epbg_rules(bid) | exemption_rules(bid) | period_rules(bid) | competition_rules(bid)
            | category_rules(bid, catalogue))


AUTOMOBILE = re.compile(r'\b(?:automobiles?|vehicles?|cars|jeeps?|bus|buses|trucks?|ambulances?|motor ?cycles?|'
                        r'scooters?|SUVs?|MUVs?)\b', re.I)


def is_automobile(order: Order) -> bool:
    """A vehicle bought (an ambulance, a jeep), not a part for one (a car battery)."""
    text = ' '.join((order.category, order.product))
    if re.search(r'\b(?:batter(?:y|ies)|tyres?|tires?|spares?|parts?|accessor(?:y|ies)|lubricants?|oil)\b', text,
                 re.I):
        return False
    return bool(AUTOMOBILE.search(text) or re.search(r'\bcar\b', text, re.I))


def order_labels(order: Order) -> set[str]:
    day = local_date(order.when)
    if order.mode not in ('direct', 'l1'):
        return set()
    l1_limit = in_force(L1_LIMIT_AUTOMOBILE if is_automobile(order) else L1_LIMIT, day)
    if order.value > l1_limit:
        return {'GFR-149-BIDRA'}
    if order.mode == 'direct' and order.value > in_force(DIRECT_LIMIT, day):
        return {'GFR-149-DIRECT'}
    return set()


def split_labels(orders: list[Order]) -> dict[str, set[str]]:
    """GFR-149-SPLIT: from each purchase without a bid (in date order) of one buyer office in one category, the
    purchases up to 30 calendar days (in India) after it, each within a limit in force on its own date, together
    above the limit in force on the first one's date. The graver tier first: purchases each within the L1 limit
    (the automobile one for vehicles) totalling above it (a bid was needed); else direct purchases each within the
    direct limit totalling above it (L1 buying was needed). A purchase is in one split at most; the finding is on
    the split's first purchase, which must itself qualify."""
    groups: dict[tuple, list[Order]] = {}
    for order in orders:
        if order.mode in ('direct', 'l1'):
            key = (norm_name(order.buyer), norm_name(order.office), norm_category(order.category))
            groups.setdefault(key, []).append(order)
    labels: dict[str, set[str]] = {}
    for members in groups.values():
        members.sort(key=lambda o: o.when)
        used: set[str] = set()
        for index, first in enumerate(members):
            if first.number in used:
                continue
            start_day = local_date(first.when)
            window = [o for o in members[index:] if (local_date(o.when) - start_day).days <= SPLIT_WINDOW.days]
            for tier in ('bid', 'l1'):
                def limit_of(order: Order) -> Decimal:
                    if tier == 'l1':
                        return in_force(DIRECT_LIMIT, local_date(order.when))
                    table = L1_LIMIT_AUTOMOBILE if is_automobile(order) else L1_LIMIT
                    return in_force(table, local_date(order.when))
                modes = ('direct', 'l1') if tier == 'bid' else ('direct',)
                within = [o for o in window if o.number not in used and o.mode in modes and o.value <= limit_of(o)]
                if len(within) >= 2 and within[0] is first and sum(o.value for o in within) > limit_of(first):
                    labels.setdefault(first.number, set()).add('GFR-149-SPLIT')
                    used.update(o.number for o in within)
                    break
    return labels


# -- the sources ----------------------------------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    with open(path, newline='', encoding='utf-8') as file:
        return list(csv.DictReader(file))


def gepnic_bids() -> list[Bid]:
    folder = DATA / 'gepnic'
    ranking = {(r['Tender ID'], r['Bid Number']): r for r in read_csv(folder / 'financial_ranking.csv')}
    awarded = {(r['Tender ID'], r['Bid Number']) for r in read_csv(folder / 'awards.csv')}
    bidders: dict[str, list[Bidder]] = {}
    for row in read_csv(folder / 'bids.csv'):
        key = (row['Tender ID'], row['Bid Number'])
        ranked = ranking.get(key, {})
        status = row['Status'].strip().lower()
        if key in awarded:
            state = 'winner'
        elif status.startswith('not admitted'):
            state = 'not_admitted'
        elif status == 'rejected-technical':
            state = 'disqualified_technical'
        elif status == 'rejected-finance':
            state = 'disqualified_financial'
        elif status in ('accepted-aoc', 'rejected-aoc'):  # evaluated; AOC-rejected = not the one awarded
            state = 'qualified'
        else:
            state = 'unknown'
        bidders.setdefault(row['Tender ID'], []).append(Bidder(
            row['Bidder Name'], state, value_of(ranked.get('Value')), rank_of(ranked.get('Rank'))))
    procedures = {'open tender': 'open', 'limited': 'limited', 'single': 'single'}
    bids = []
    for row in read_csv(folder / 'tenders.csv'):
        bids.append(Bid(
            source='gepnic/tenders.csv', origin='real', number=row['Tender ID'].upper(), platform='gepnic',
            procedure=procedures.get(row['Tender Type'].strip().lower()), kind=row['Tender Category'].strip().lower(),
            category=row['Product Category'] or None, published=gepnic_time(row['Publish Date']),
            start=gepnic_time(row['Bid Submission Start Date']),
            document_start=gepnic_time(row['Document Download / Sale Start Date']),
            end=gepnic_time(row['Bid Submission End Date']), estimated=value_of(row['Tender Value in ₹']),
            emd_amount=amount(row['EMD Amount in ₹']), emd_percent=percent(row['EMD Percentage']),
            emd_exemption=yes_no(row['EMD Exemption Allowed']), bidders=bidders.get(row['Tender ID'], [])))
    return bids


def _unwrap(record: dict) -> dict:
    return {key: value[0] if isinstance(value, list) and len(value) == 1 else value for key, value in record.items()}


def bidplus_bids(path: Path, origin: str) -> list[Bid]:
    bids = []
    for line in path.read_text(encoding='utf-8').splitlines():
        if not line.strip():
            continue
        record = _unwrap(json.loads(line))
        number = record['b_bid_number'].upper()
        category_id = record.get('b_cat_id') or ''
        ids = [part.strip().lower() for part in category_id.split(',') if part.strip()]
        if any(part.startswith('home_boq') for part in ids) or record.get('bd_details_is_boq') is True:
            form = 'boq'
        elif any('_univ_' in part or part.startswith('services_home_cust') for part in ids):
            form = 'custom'
        else:
            form = 'category'
        category_kind = 'services' if ids and all(p.startswith('services_') for p in ids) else 'goods' if ids else None
        names = [n for n in (record.get('b_category_name'), record.get('bd_category_name')) if n]
        bids.append(Bid(
            source=str(path.relative_to(DATA)), origin=origin, number=number, platform='gem',
            procedure='ra' if '/R/' in number else 'open',
            kind={0: 'goods', 1: 'services'}.get(record.get('b_type')), category=max(names, key=len, default=None),
            category_kind=category_kind, form=form, category_ids=ids, title=record.get('bbt_title'),
            start=iso_time(record.get('final_start_date_sort')), end=iso_time(record.get('final_end_date_sort')),
            planted_expected=set(record['expected_rules'].split()) if origin == 'planted' else None,
            note=record.get('note', '')))
    return bids


def _cell(row: dict, english: str):
    """A template cell by the English part of its header."""
    for header, value in row.items():
        if header == english or header.endswith(f' / {english}'):
            return value
    raise KeyError(english)


def planted_bids() -> list[Bid]:
    mse = {_cell(r, 'Seller ID'): yes_no(_cell(r, 'MSE')) for r in read_csv(PLANTED / 'sellers.csv')}
    states = {'qualified', 'disqualified_technical', 'disqualified_financial', 'not_admitted', 'awarded', 'unknown'}
    bidders: dict[str, list[Bidder]] = {}
    for row in read_csv(PLANTED / 'bidders.csv'):
        state = _cell(row, 'Result')
        assert state in states, state
        if state == 'awarded' or yes_no(_cell(row, 'Awarded')):
            state = 'winner'
        bidders.setdefault(_cell(row, 'Bid number'), []).append(Bidder(
            _cell(row, 'Bidder name'), state, amount(_cell(row, 'Bid value')), rank_of(_cell(row, 'Rank')),
            mse.get(_cell(row, 'Seller ID'))))
    bids = []
    for row in read_csv(PLANTED / 'bids.csv'):
        number = _cell(row, 'Bid number')
        is_gem = number.upper().startswith('GEM/')
        is_gepnic = bool(re.fullmatch(r'\d{4}_\w+_\d+_\d+', number))
        bids.append(Bid(
            source='scrutiny/planted/bids.csv', origin='planted', number=number.upper() if is_gem else number,
            platform='gepnic' if is_gepnic else 'gem',
            # a GeM bid is an open procedure; a bid typed in under the cell's own reference is a GeM bid too
            procedure=('ra' if '/R/' in number.upper() else 'open') if not is_gepnic else None,
            kind=_cell(row, 'Kind') or None, category=_cell(row, 'Category') or None,
            # the template carries no category id, and a name alone does not tell a category's kind
            category_kind=None, form=None, title=_cell(row, 'Title') or None,
            published=dmy_time(_cell(row, 'Published on')), end=dmy_time(_cell(row, 'Closing date')),
            estimated=amount(_cell(row, 'Estimated value')), emd_amount=amount(_cell(row, 'EMD amount')),
            emd_required=yes_no(_cell(row, 'EMD required')), emd_exemption=yes_no(_cell(row, 'EMD exemption allowed')),
            epbg=percent(_cell(row, 'ePBG %')), mse_exemption=yes_no(_cell(row, 'MSE exemption')),
            startup_exemption=yes_no(_cell(row, 'Startup exemption')), bidders=bidders.get(number, []),
            planted_expected=set(row['Expected rules'].split()), note=row['Note']))
    return bids


MODES = {'direct': 'direct', 'l1': 'l1', 'bid': 'bid', 'bid/ra': 'bid', 'ra': 'ra'}


def contract_orders() -> list[Order]:
    orders = []
    for row in read_csv(DATA / 'gem-contracts.csv'):
        if re.match(r'GEM/', row['contract_date']):
            continue  # shifted in the source: the date column holds a bid number; not importable, not labelled
        buyer = row['buyer_department']
        if buyer.strip().lower() in MISSING:
            buyer = row['organization_name']
        orders.append(Order('gem-contracts.csv', 'real', row['bid_no'].upper(), buyer,
                            row['office_zone'] or row['buyer_designation'], row['category_name'], row['product'],
                            amount(row['total_value']), MODES[row['buying_mode'].strip().lower()],
                            dmy_time(row['contract_date'])))
    return orders


def planted_orders() -> list[Order]:
    return [Order('scrutiny/planted/orders.csv', 'planted', _cell(row, 'Contract number').upper(),
                  _cell(row, 'Buyer department'), _cell(row, 'Office') or _cell(row, 'Buyer designation'),
                  _cell(row, 'Category'), _cell(row, 'Product'), amount(_cell(row, 'Total value')),
                  MODES[_cell(row, 'Buying mode').strip().lower()], dmy_time(_cell(row, 'Contract date')),
                  set(row['Expected rules'].split()), row['Note'])
            for row in read_csv(PLANTED / 'orders.csv')]


def catalogue_of(bids: list[Bid]) -> set[str]:
    """The regular categories as far as the data shows: the category names of GeM category bids (a name that
    lists several categories also counts by its parts)."""
    names = set()
    for bid in bids:
        if bid.platform == 'gem' and bid.form == 'category' and bid.category:
            names.add(norm_category(bid.category))
            names.update(norm_category(part) for part in bid.category.split(','))
    names.discard('')
    return names


# -- the labels -----------------------------------------------------------------------------------------------------

def rupees(value: Decimal) -> str:
    return f'₹{value.normalize():,f}'


def days(period: timedelta | None) -> str:
    return '?' if period is None else f'{period.total_seconds() / 86400:.2f} d'


def notes_for_real_bid(bid: Bid, labels: set[str]) -> str:
    """The facts behind a real bid's labels, for a reader checking them."""
    facts = [f'{bid.procedure or "?"} {bid.kind or "?"}' + (f' {bid.form} bid' if bid.form else '')]
    if bid.platform == 'gepnic':
        facts.append(f'{len(bid.bidders)} bidder(s)')
        begun = max(filter(None, (bid.published, bid.document_start)), default=None)
        facts.append(f'submission {days(days_between(bid.start, bid.end))} from its start, '
                     f'{days(days_between(begun, bid.end))} from publication/document')
        if bid.emd_amount and bid.estimated:
            facts.append(f'EMD {bid.emd_amount * HUNDRED / bid.estimated:.3f}% of {rupees(bid.estimated)}')
        elif bid.emd_percent:
            facts.append(f'EMD {bid.emd_percent}% declared')
        if bid.emd_exemption is False and (bid.emd_amount or bid.emd_percent):
            facts.append('EMD exemption not allowed')
        winners = [b for b in bid.bidders if b.state == 'winner']
        if len(winners) == 1:
            w = winners[0]
            facts.append(f'winner rank {w.rank or "-"} at {rupees(w.price) if w.price else "no price"}')
        elif winners:
            facts.append(f'{len(winners)} awards')
        disqualified = sum(b.disqualified for b in bid.bidders)
        if disqualified:
            facts.append(f'{disqualified} disqualified')
        if not price_only(bid.bidders):
            facts.append('ranking contradicts prices')
    else:
        facts.append(f'open {days(days_between(bid.start, bid.end))}')
    return '; '.join(facts)


def build() -> list[dict]:
    real_bids = gepnic_bids() + bidplus_bids(DATA / 'gem-bidplus' / 'bids.jsonl', 'real')
    planted = planted_bids() + bidplus_bids(PLANTED / 'bidplus.jsonl', 'planted')
    bids = real_bids + planted
    catalogue = catalogue_of(bids)
    orders = contract_orders() + planted_orders()
    splits = split_labels(orders)
    rows, problems = [], []
    for bid in bids:
        labels = bid_labels(bid, catalogue)
        note = bid.note if bid.origin == 'planted' else notes_for_real_bid(bid, labels)
        if bid.planted_expected is not None:
            computed = labels
            labels = labels | (bid.planted_expected & TEXT_RULES)
            if computed != bid.planted_expected - TEXT_RULES:
                problems.append(f'{bid.number}: planted {sorted(bid.planted_expected)}, rules give {sorted(computed)}')
        rows.append({'kind': 'bid', 'source': bid.source, 'number': bid.number, 'expected': ' '.join(sorted(labels)),
                     'origin': bid.origin, 'note': note})
    for order in orders:
        labels = order_labels(order) | splits.get(order.number, set())
        if order.planted_expected is not None and labels != order.planted_expected:
            problems.append(f'{order.number}: planted {sorted(order.planted_expected)}, rules give {sorted(labels)}')
        note = order.note or (f'{order.mode} {rupees(order.value)} on {local_date(order.when):%d.%m.%Y}, '
                              f'{order.office}, {order.category}')
        rows.append({'kind': 'order', 'source': order.source, 'number': order.number,
                     'expected': ' '.join(sorted(labels)), 'origin': order.origin, 'note': note})
    if problems:
        sys.exit('The planted rows and the rules disagree:\n  ' + '\n  '.join(problems))
    return rows


FIELDS = ['kind', 'source', 'number', 'expected', 'origin', 'note']


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--check', action='store_true', help='compare with labels.csv instead of writing it')
    args = parser.parse_args()
    rows = build()
    if args.check:
        on_disk = read_csv(LABELS)
        if on_disk != rows:
            sys.exit('labels.csv is not what make_labels.py makes: run it without --check')
        print(f'labels.csv is up to date ({len(rows)} rows)')
        return
    with open(LABELS, 'w', newline='', encoding='utf-8') as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, lineterminator='\n')
        writer.writeheader()
        writer.writerows(rows)
    bids = [r for r in rows if r['kind'] == 'bid']
    print(f'{len(rows)} labels: {len(bids)} bids ({sum(r["origin"] == "real" for r in bids)} real), '
          f'{len(rows) - len(bids)} orders; {sum(bool(r["expected"]) for r in rows)} flagged')


if __name__ == '__main__':
    main()
