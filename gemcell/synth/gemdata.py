"""GeM's data as an import would leave it: sellers, bids (GeM and GePNIC) with their bidders, and orders with their
CRAC, invoice and payment, for the State's departments and offices.

Shapes follow the real samples: GeM bid numbers ``GEM/YYYY/B/NNNNNNN`` rising with time (``/R/`` for a reverse
auction, with its parent bid), GePNIC tender ids ``2025_PWD_26485_1``, contract numbers ``GEMC-`` + 15 digits,
seller ids such as ``8AD6180000593530``, log-normal values, bid periods and EMD/ePBG mostly within the rules.
Deviations are planted in small shares, so that the scrutiny rules find something: short bid periods, EMD outside
2–5 %, restrictive ATC clauses, the lowest bid rejected, an L2 awarded, every rival disqualified but one, direct and
L1 purchases above their limits and bursts of purchases just under a limit (splitting). Payments run late often
enough for the payments dashboard to have work: most orders paid within the GTC's 10 days, many later, a few never.
"""
import math
from datetime import datetime, timedelta

from gemcell.synth import words
from gemcell.synth.world import World, as_json, cumulative, json_string, pick

SELLER_COLUMNS = ('id', 'gem_seller_id', 'name', 'is_mse', 'udyam_number', 'is_startup', 'state', 'raw',
                  'import_batch_id', 'created_dt', 'modified_dt')
BID_COLUMNS = ('id', 'source', 'number', 'parent_number', 'reference', 'title', 'buyer_department_id',
               'buyer_department_raw', 'buyer_department_key', 'office_id', 'office_raw', 'buyer_user_id', 'ministry',
               'category_name', 'category_id', 'kind', 'quantity', 'estimated_value', 'emd_required', 'emd_amount',
               'emd_percent', 'emd_exemption', 'epbg_percent', 'published_dt', 'start_dt', 'end_dt', 'opening_dt',
               'bid_type', 'is_ra', 'evaluation_method', 'is_custom_item', 'is_boq', 'mse_exemption',
               'startup_exemption', 'atc_text', 'description', 'status', 'contract_date', 'contract_value', 'raw',
               'import_batch_id', 'created_dt', 'modified_dt')
BIDDER_COLUMNS = ('id', 'bid_id', 'key', 'name', 'seller_id', 'submitted_dt', 'state', 'status_raw', 'reason',
                  'financial_value', 'rank', 'is_awarded', 'awarded_value', 'raw', 'import_batch_id', 'created_dt',
                  'modified_dt')
ORDER_COLUMNS = ('id', 'number', 'bid_id', 'bid_number', 'buyer_department_id', 'buyer_department_raw',
                 'buyer_department_key', 'office_id', 'office_raw', 'buyer_designation', 'buyer_org_type', 'seller_id',
                 'seller_name', 'category_name', 'product', 'brand', 'model', 'quantity', 'unit_price', 'total_value',
                 'buying_mode', 'order_dt', 'status', 'crac_date', 'invoice_number', 'invoice_date', 'invoice_amount',
                 'payment_date', 'payment_amount', 'raw', 'import_batch_id', 'created_dt', 'modified_dt')
TERM_COLUMNS = ('id', 'bid_id', 'days', 'note', 'created_by_id', 'created_dt', 'modified_dt')
REPORT_COLUMNS = ('id', 'order_id', 'department_id', 'reported_by_id', 'state', 'paid_date', 'reference',
                  'reason_code', 'remark', 'prc_date', 'source', 'reported_dt')
STATUS_COLUMNS = ('id', 'order_id', 'department_id', 'reported_by_id', 'report_id', 'state', 'paid_date',
                  'reference', 'reason_code', 'remark', 'prc_date', 'source', 'reported_dt')

#: how many bidders a bid has, 0 to 10 (mean about 5)
BIDDER_WEIGHTS = cumulative([4, 10, 7, 11, 12, 12, 11, 11, 9, 7, 6])
BIDDER_STATUS = {'qualified': 'Qualified', 'disqualified_technical': 'Rejected-Technical',
                 'disqualified_financial': 'Rejected-Financial', 'awarded': 'Awarded', 'unknown': None}
#: GeM's serial of bid numbers: about this many a day across India, from this number on 1 January 2024
BID_SERIAL_START, BID_SERIAL_PER_DAY, RA_SERIAL_START, RA_SERIAL_PER_DAY = 4_450_000, 3_400, 420_000, 260


def money(value: float):
    """A rupee amount: two decimals, whole ones as int (as SQLite's NUMERIC keeps them)."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def seller_rows(world: World, batch_id: int):
    rng = world.rng('seller-rows')
    r = rng.random
    states = words.STATES
    stamp = world.imported
    for n, (gem_id, name, name_json, mse) in enumerate(world.sellers, start=1):
        state = states[int(r() * len(states))]
        yield (n, gem_id, name, mse, f'UDYAM-UP-{n % 75 + 1:02d}-{n:07d}' if mse else None, r() < 0.03, state,
               f'{{"Seller ID":"{gem_id}","Name":{name_json},"State":"{state}"}}', batch_id, stamp, stamp)


def _serial(day) -> int:
    """GeM's bid serial on ``day``: it rises with the days (about ``BID_SERIAL_PER_DAY``)."""
    return BID_SERIAL_START + (day - datetime(2024, 1, 1).date()).days * BID_SERIAL_PER_DAY


class Bids:
    """The bids with their bidders, in the order GeM published them; remembers the GeM bids awarded, for the orders
    placed on them."""

    def __init__(self, world: World, batch_id: int | None, part: str = 'bids'):
        """``part``: the name the random draws are seeded with (another name, other bids of the same world)."""
        self.world, self.batch_id, self.part = world, batch_id, part
        #: awarded GeM bids: (bid id, number, department id, alias, office index, category, seller index, value,
        #: contract day index)
        self.awarded = []
        #: GeM bids (not reverse auctions): (bid id, published day index), for the payment timelines
        self.gem = []
        self.bidders = 0

    def rows(self):
        world = self.world
        rng = world.rng(self.part)
        r, gauss = rng.random, rng.gauss
        stamp = world.imported
        count = world.scale.bids
        starts = sorted((world.day(r), world.office_seconds(r)) for _ in range(count))
        last_serial, last_ra, gepnic_serial, bidder_id = 0, 0, 20_000, 0
        departments = {d[0]: d for d in world.departments}
        today = world.today
        for bid_id, (day, seconds) in enumerate(starts, start=1):
            office = world.office(r)
            office_id, department_id, _district, _office_hi, office_en = world.offices[office]
            alias_id, department_raw, department_key, mapped = world.alias_of(r, department_id)
            published = datetime.combine(world.days[day], datetime.min.time()) + timedelta(seconds=seconds)
            gem = r() < 0.85
            roll = r()
            if gem:
                kind = 'goods' if roll < 0.68 else 'services' if roll < 0.97 else 'works'
            else:
                kind = 'works' if roll < 0.55 else 'goods' if roll < 0.8 else 'services'
            is_ra = gem and r() < 0.05
            parent = None
            year = world.days[day].year
            if gem:
                if is_ra:
                    last_ra = max(last_ra + 1, RA_SERIAL_START + (world.days[day] - datetime(2024, 1, 1).date()).days
                                  * RA_SERIAL_PER_DAY + int(r() * 200))
                    number = f'GEM/{year}/R/{last_ra}'
                    parent = f'GEM/{year}/B/{max(last_serial - int(r() * 5000), 1)}'
                else:
                    last_serial = max(last_serial + 1, _serial(world.days[day]) + int(r() * 3000))
                    number = f'GEM/{year}/B/{last_serial}'
            else:
                gepnic_serial += 1
                code = departments[department_id][1].replace('_', '')[:8]
                number = f'{year}_{code}_{gepnic_serial}_{1 + int(r() * 3)}'
            category_id = is_custom = is_boq = None
            form_roll = r()
            if kind == 'goods':
                category = world.category(r, office)
                if category in words.SERVICES:
                    category = world.goods[int(r() * len(world.goods))]
            elif kind == 'services':
                category = words.SERVICES[int(r() * len(words.SERVICES))]
            else:
                category = words.WORKS[int(r() * len(words.WORKS))]
            if gem:
                if kind == 'goods' and form_roll < 0.08:  # custom item: a title, sometimes a regular category's name
                    category_id = f'home_univ_univ_univ_univ_{int(r() * 10**6):06d}'
                    category = world.goods[int(r() * len(world.goods))] if r() < 0.3 else \
                        f'Supply of {world.goods[int(r() * len(world.goods))]} as per specification {int(r() * 100)}'
                    is_custom = True
                elif kind == 'goods' and form_roll < 0.13:  # BOQ: several items, some of them regular categories
                    category_id = 'home_boq_boql_boql_boq'
                    category = ','.join(world.goods[int(r() * len(world.goods))] if r() < 0.4 else
                                        f'Item {int(r() * 1000)} as per BOQ' for _ in range(2 + int(r() * 7)))
                    is_boq = True
                elif kind in ('services', 'works') and form_roll < 0.15:  # custom service bid (works among them)
                    category_id = 'services_home_cust'
                    category = words.WORKS[int(r() * len(words.WORKS))] if kind == 'works' or r() < 0.2 else \
                        f'Custom Bid for Services - {words.SERVICES[int(r() * len(words.SERVICES))]}'
                    kind = 'services'
                    is_custom = True
                elif form_roll < 0.9:
                    category_id = world.category_ids.get(category)
                    if kind == 'goods' and r() < 0.02:  # goods bought under a services category
                        category_id = world.category_ids[words.SERVICES[int(r() * len(words.SERVICES))]]
                else:  # older exports carry no category id: the flags tell the form
                    is_custom = r() < 0.05
                    is_boq = False
            quantity = (1, 2, 5, 10, 20, 50, 100, 176, 500)[int(r() * 9)]
            estimated = money(math.exp(gauss(math.log(800_000), 1.1)))
            # EMD: usually 2-5 %, some outside; amount, percent or both; the exemption flag
            emd_required = emd_amount = emd_percent = emd_exemption = None
            if r() < 0.45:
                emd_required = True
                share = (2, 2, 2.5, 3, 3, 5, 5)[int(r() * 7)] if r() < 0.9 else (0.5, 1, 6, 8, 10)[int(r() * 5)]
                shape = r()
                if shape < 0.6:
                    emd_amount = money(estimated * share / 100)
                elif shape < 0.85:
                    emd_percent = share
                elif shape < 0.97:
                    emd_amount, emd_percent = money(estimated * share / 100), share
                # else: required, and neither given (GEM-EMD-FIELDS)
                emd_exemption = r() < 0.85 if r() < 0.92 else None
            elif gem:
                emd_required = False
            epbg = None
            if gem and r() < 0.6:
                epbg = (3, 3, 5, 5, 5)[int(r() * 5)] if r() < 0.92 else (2, 10, 12)[int(r() * 3)]
            if gem:
                days = (10, 11, 14, 15, 15, 16, 21, 21, 21, 30)[int(r() * 10)] if r() < 0.93 else 3 + int(r() * 7)
            else:
                days = (21, 21, 22, 25, 28, 30, 14, 15, 10, 7)[int(r() * 10)]
            start = published + timedelta(minutes=int(r() * 120))
            end = (start + timedelta(days=days, hours=int(r() * 8))).replace(minute=0, second=0)
            opening = end + timedelta(minutes=30)
            atc = None
            if gem and r() < 0.3:
                clauses = [words.ATC_CLEAN[int(r() * len(words.ATC_CLEAN))] for _ in range(2 + int(r() * 8))]
                if r() < 0.35:
                    clauses.insert(int(r() * (len(clauses) + 1)),
                                   words.ATC_RESTRICTIVE[int(r() * len(words.ATC_RESTRICTIVE))])
                atc = '\n'.join(f'{n}. {clause}' for n, clause in enumerate(clauses, start=1))
            # where the bid stands today: open, under evaluation, awarded (a contract date) or cancelled
            ended = (today - end.date()).days
            contract_day = None
            if ended < 0:
                status = 'Bid Published'
            elif ended < 20:
                status = 'Technical Evaluation' if r() < 0.5 else 'Financial Evaluation'
            else:
                roll = r()
                status = 'Bid Award' if roll < 0.85 else 'Cancelled' if roll < 0.93 else \
                    'Financial Evaluation' if roll < 0.97 else 'Technical Evaluation'
                if status == 'Bid Award':
                    contract = end.date() + timedelta(days=7 + int(r() * 34))
                    if contract >= today:
                        status = 'Financial Evaluation'
                    else:
                        contract_day = (contract - world.first_day).days
            if gem:
                bid_type = ('Two Packet Bid', 'Two Packet Bid', 'Single Packet Bid')[int(r() * 3)]
                evaluation = 'Total value wise evaluation' if r() < 0.6 else 'Item wise evaluation'
            else:
                bid_type = ('Open Tender', 'Open Tender', 'Open Tender', 'Limited', 'Single')[int(r() * 5)]
                evaluation = 'QCBS' if r() < 0.05 else 'Least Cost'
            bidders, winner = self._bidders(rng, bid_id, bidder_id, gem, estimated, start, end, status, stamp)
            bidder_id += len(bidders)
            contract_value = bidders[winner][12] if winner is not None else None
            if contract_value is None:
                contract_day = None
            contract_date = world.day_text[contract_day] if contract_day is not None else None
            if gem and not is_ra:
                self.gem.append((bid_id, day))
                if contract_day is not None:
                    self.awarded.append((bid_id, number, mapped, (alias_id, department_raw, department_key, mapped),
                                         office, category, bidders[winner][4] - 1, contract_value, contract_day))
            published_stamp = published.isoformat(' ', 'microseconds')
            raw = as_json({'Bid Number': number, 'Department': department_raw, 'Office': office_en,
                           'Category': category[:100], 'Quantity': quantity, 'Estimated Value': estimated,
                           'Start': published_stamp[:16], 'End': end.isoformat(' ', 'minutes')})
            title = f'{category[:120]} - {quantity} Nos' if kind == 'goods' else category[:200]
            self.bidders += len(bidders)
            yield (bid_id, 'gem' if gem else 'gepnic', number, parent, None, title, mapped, department_raw,
                   department_key, office_id, office_en, f'{1_000_000 + office * 7}' if gem else None,
                   None, category, category_id, kind, quantity, estimated, emd_required, emd_amount, emd_percent,
                   emd_exemption, epbg, published_stamp, start.isoformat(' ', 'microseconds'),
                   end.isoformat(' ', 'microseconds'), opening.isoformat(' ', 'microseconds'), bid_type, is_ra,
                   evaluation, is_custom, is_boq,
                   (r() < 0.8) if gem and r() < 0.9 else None, (r() < 0.85) if gem and r() < 0.9 else None,
                   atc, None, status, contract_date, contract_value, raw, self.batch_id, stamp, stamp), bidders

    def _bidders(self, rng, bid_id: int, last_id: int, gem: bool, estimated: float, start: datetime,
                 end: datetime, status: str, stamp: str) -> tuple[list[tuple], int | None]:
        """The bid's bidders and the index of the one awarded (None: no award). Irregular patterns in small shares:
        every rival disqualified but one, the lowest price rejected, the L2 awarded over the L1."""
        r = rng.random
        world = self.world
        count = pick(r, BIDDER_WEIGHTS)
        if not count or status == 'Bid Published':
            return [], None
        sellers = list(dict.fromkeys(int(r() * len(world.sellers)) for _ in range(count)))
        count = len(sellers)
        priced = status in ('Bid Award', 'Financial Evaluation')
        pattern = r() if priced and count >= 2 else 1.0
        states = ['disqualified_technical' if r() < 0.15 else 'qualified' for _ in range(count)]
        if not priced:
            states = [state if status == 'Technical Evaluation' and r() < 0.5 else 'unknown' for state in states]
        if pattern < 0.02:  # every rival disqualified but one
            states = ['disqualified_technical'] * count
            states[int(r() * count)] = 'qualified'
        if priced and 'qualified' not in states:
            states[int(r() * count)] = 'qualified'
        prices = [money(estimated * (0.72 + r() * 0.4)) if priced and state == 'qualified' else None
                  for state in states]
        if pattern < 0.02:
            pass
        elif pattern < 0.06:  # the lowest price rejected at the financial stage
            position = int(r() * count)
            states[position] = 'disqualified_financial'
            low = min(value for value in prices if value is not None)
            prices[position] = money(low * (0.85 + r() * 0.13))
        elif pattern < 0.075 and not gem:  # GePNIC sheets show the price of technically rejected bids too
            position = int(r() * count)
            states[position] = 'disqualified_technical'
            prices[position] = money(estimated * 0.6)
        ranked = sorted((value, n) for n, (value, state) in enumerate(zip(prices, states))
                        if value is not None and state == 'qualified')
        ranks = [None] * count
        for rank, (_value, n) in enumerate(ranked, start=1):
            ranks[n] = rank
        winner = None
        if status == 'Bid Award' and ranked:
            winner = ranked[1][1] if len(ranked) >= 2 and 0.06 <= pattern < 0.085 else ranked[0][1]
            states[winner] = 'awarded'
        span = (end - start).total_seconds()
        rows = []
        for n, seller in enumerate(sellers):
            gem_id, name, name_json, _mse = world.sellers[seller]
            state = states[n]
            status_raw = BIDDER_STATUS[state]
            reason = words.REASONS[int(r() * len(words.REASONS))] if state.startswith('disqualified') else None
            submitted = start + timedelta(seconds=int(span * r()))
            awarded = n == winner
            price = prices[n]
            raw = (f'{{"Seller":{name_json},"Status":{json_string(status_raw) if status_raw else "null"},'
                   f'"Price":{"null" if price is None else price}}}')
            rows.append((last_id + n + 1, bid_id, gem_id if gem else f'{33_000 + last_id + n}', name,
                         seller + 1 if gem else None, submitted.isoformat(' ', 'microseconds'), state, status_raw,
                         reason, price, ranks[n], awarded, price if awarded else None, raw, self.batch_id, stamp,
                         stamp))
        return rows, winner


class Orders:
    """The orders: those placed on awarded GeM bids (one to three each, the awarded seller), then direct and L1
    purchases and bids' orders up to the count. Keeps, per department, the value and number of its orders by month
    and by fortnight (India's calendar), which the returns report, and the unpaid orders the departments report
    on."""

    def __init__(self, world: World, bids: Bids, batch_id: int | None, part: str = 'orders', first_id: int = 1):
        """``part`` as for ``Bids``; ``first_id``: the first order's id (its contract number follows from it)."""
        self.world, self.bids, self.batch_id, self.part, self.first_id = world, bids, batch_id, part, first_id
        #: (department id, first day of the month or fortnight) -> [orders, value]
        self.by_month, self.by_fortnight = {}, {}
        #: unpaid orders with a CRAC: (order id, department id, CRAC day index)
        self.unpaid = []
        self.count = 0

    def rows(self):
        world = self.world
        rng = world.rng(self.part)
        r, gauss = rng.random, rng.gauss
        total = world.scale.orders
        # payments: each department has its own habits, a few much slower than the rest
        slowness = {d[0]: (0.5 + r() * 1.0) * (2.5 if r() < 0.12 else 1.0) for d in world.departments}
        days = len(world.days)
        # orders and value per department and day, summed into months and fortnights at the end
        per_day = [0] * ((len(world.departments) + 1) * days)
        value_per_day = [0.0] * len(per_day)
        make = self._maker(rng, slowness, per_day, value_per_day)
        n, first = 0, self.first_id - 1
        for bid_id, number, _mapped, alias, office, category, seller, value, day in self.bids.awarded:
            if n >= total * 0.3:
                break
            parts = 1 if r() < 0.55 else 2 if r() < 0.7 else 3
            for _part in range(parts):
                n += 1
                yield make(first + n, 'bid' if r() < 0.85 else 'ra', day, office, alias, category, seller,
                           round(value / parts, 2), bid_id, number)
        direct_limit, l1_limit = world.direct_limit, world.l1_limit
        log, exp = math.log, math.exp
        sellers = len(world.sellers)
        while n < total:
            office = world.office(r)
            department_id = world.offices[office][1]
            alias = world.alias_of(r, department_id)
            category = world.category(r, office)
            day = world.day(r)
            if r() < 0.012:  # a burst: the same office and category within days, each just under the limit
                mode = 'direct' if r() < 0.75 else 'l1'
                burst = []
                for _ in range(min(2 + int(r() * 4), total - n)):
                    limit = (direct_limit if mode == 'direct' else l1_limit)[day]
                    burst.append((mode, day, round(limit * (0.55 + r() * 0.44), 2)))
                    day = min(day + int(r() * 10), days - 1)
            else:
                roll = r()
                mode = 'direct' if roll < 0.55 else 'l1' if roll < 0.75 else 'bid' if roll < 0.95 else 'ra'
                direct, l1 = direct_limit[day], l1_limit[day]
                if mode == 'direct':
                    value = exp(gauss(log(direct * 0.35), 0.8))
                    if value > direct and r() < 0.93:
                        value = direct * (0.2 + r() * 0.8)
                elif mode == 'l1':
                    value = exp(gauss(log(l1 * 0.3), 0.8))
                    value = max(value, direct * (1.0 + r() * 0.5))
                    if value > l1 and r() < 0.9:
                        value = l1 * (0.3 + r() * 0.7)
                else:
                    value = exp(gauss(log(600_000), 1.1))
                burst = [(mode, day, round(value, 2))]
            for mode, day, value in burst:
                n += 1
                yield make(first + n, mode, day, office, alias, category, int(r() * sellers), value, None, None)
        self.count = n
        for department_id, *_names in world.departments:
            for day in range(days):
                index = department_id * days + day
                if per_day[index]:
                    for table, first in ((self.by_month, world.day_month[day]),
                                         (self.by_fortnight, world.day_fortnight[day])):
                        entry = table.setdefault((department_id, first), [0, 0.0])
                        entry[0] += per_day[index]
                        entry[1] += value_per_day[index]

    def _maker(self, rng, slowness, per_day, value_per_day):
        """The function that makes one order's row (its lookups bound once: a million calls)."""
        world = self.world
        r = rng.random
        offices, sellers, days = world.offices, world.sellers, len(world.days)
        day_text, alias_json, office_json, category_json = (world.day_text, world.alias_json, world.office_json,
                                                            world.category_json)
        designations = [words.DESIGNATIONS[n % len(words.DESIGNATIONS)] for n in range(len(offices))]
        brands, brand_count, quantities = words.BRANDS, len(words.BRANDS), (1, 1, 2, 4, 5, 10, 20, 50, 100)
        batch_id, imported, unpaid = self.batch_id, world.imported, self.unpaid
        unpaid_share = world.scale.unpaid

        def make(order_id, mode, day, office, alias, category, seller, value, bid_id, bid_number):
            alias_id, department_raw, department_key, department_id = alias
            office_id, office_department, _district, _office_hi, office_en = offices[office]
            gem_id, seller_name, _name_json, _mse = sellers[seller]
            quantity = quantities[int(r() * 9)]
            brand = brands[int(r() * brand_count)]
            # GeM's contract numbers: GEMC- and 15 digits, no two alike (a bijection of the order's number)
            number = f'GEMC-5116877{(order_id * 7_919 + 31_337) % 100_000_000:08d}'
            seconds = 16_200 + int(r() * 28_800)  # office hours in India, as UTC
            stamp = f'{day_text[day]} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000000'
            # the milestones: delivered and accepted (CRAC), invoiced, paid — as far as today allows
            age = days - day
            crac = invoice = paid = None
            if r() < 0.015:
                status = 'Cancelled'
            else:
                if department_id is not None:
                    index = department_id * days + day
                    per_day[index] += 1
                    value_per_day[index] += value
                accepted = day + 5 + int(r() * 36) + int(r() * 11)
                if accepted >= days:
                    status = ('Waiting for Seller Confirmation' if age < 4 else 'Order Accepted' if age < 12 else
                              'Fullfillment in Progress')
                elif r() < 0.04:  # delivered, and the CRAC never recorded
                    status = 'Delivered'
                else:
                    crac = accepted
                    invoice = min(crac + int(r() * 6), days - 1)
                    slow = slowness[office_department]
                    roll = r() * slow
                    if r() < unpaid_share * slow:
                        paid = days  # never
                    else:
                        paid = crac + (int(r() * 11) if roll < 0.6 else 11 + int(r() * 35) if roll < 0.9 else
                                       46 + int(r() * 75))
                    if paid >= days:
                        paid = None
                        status = 'Delivered'
                        if department_id is not None:
                            unpaid.append((order_id, department_id, crac))
                    else:
                        status = 'Payment Completed'
            raw = (f'{{"Contract No":"{number}","Buyer Department":{alias_json[alias_id - 1]},'
                   f'"Office":{office_json[office]},"Category":'
                   f'{category_json.get(category) or json_string(category)},"Total":{value},'
                   f'"Mode":"{mode}","Seller ID":"{gem_id}","Date":"{stamp[:16]}"}}')
            invoiced = invoice is not None
            return (order_id, number, bid_id, bid_number, department_id, department_raw, department_key, office_id,
                    office_en, designations[office], 'State Government', seller + 1, seller_name, category,
                    f'{category[:60]} {brand} model {int(r() * 300)}', brand, None, quantity,
                    round(value / quantity, 2), value, mode, stamp, status,
                    day_text[crac] if crac is not None else None, f'INV/{order_id:07d}' if invoiced else None,
                    day_text[invoice] if invoiced else None, value if invoiced else None,
                    day_text[paid] if paid is not None else None, value if paid is not None else None, raw,
                    batch_id, imported, imported)
        return make


def payment_term_rows(world: World, bids: Bids):
    """The payment timeline some GeM bids set for themselves (instead of GeM GTC's 10 days)."""
    rng = world.rng('payment-terms')
    r = rng.random
    n = 0
    for bid_id, _day in bids.gem:
        if r() < 0.03:
            n += 1
            days = (15, 30, 30, 45, 60, 90)[int(r() * 6)]
            yield (n, bid_id, days, f'ATC: payment within {days} days of the CRAC', world.reviewer_ids[0],
                   world.imported, world.imported)


def payment_report_rows(world: World, orders: Orders):
    """The departments' reports on unpaid orders (``PaymentReport``, every one as made) and the latest per order
    (``PaymentStatus``): paid on a date GeM does not show yet, or a reason for the delay. Returns both lists."""
    rng = world.rng('payment-reports')
    r = rng.random
    unpaid = orders.unpaid
    wanted = min(world.scale.payment_reports, len(unpaid))
    chosen = sorted(rng.sample(range(len(unpaid)), wanted))
    reasons = ('bill_not_received', 'budget', 'budget', 'dispute', 'crac_pending', 'other')
    remarks = {'other': 'कोषागार में बिल लम्बित', 'dispute': 'आपूर्ति की गुणवत्ता पर आपत्ति; विक्रेता को पत्र भेजा गया'}
    reports, statuses = [], []
    last = len(world.days) - 1
    for index in chosen:
        order_id, department_id, crac = unpaid[index]
        officer = world.nodal[department_id]
        history = 2 if r() < 0.15 else 1
        report_id = None
        for step in range(history):
            reported = min(last, crac + 3 + int(r() * 40) + step * 10)
            moment = world.stamp(reported, world.office_seconds(r))
            if step == history - 1 and r() < 0.35 and reported > crac:
                paid = crac + int(r() * (reported - crac + 1))
                row = ('paid', world.day_text[paid], f'PFMS/{world.days[paid].year}/{order_id:08d}', None, None)
            else:
                reason = reasons[int(r() * len(reasons))]
                row = ('delayed', None, None, reason, remarks.get(reason))
            report_id = len(reports) + 1
            reports.append((report_id, order_id, department_id, officer, *row, None, 'table', moment))
        latest = reports[-1]
        statuses.append((len(statuses) + 1, order_id, department_id, officer, report_id, *latest[4:]))
    return reports, statuses


def alias_rows(world: World):
    stamp = world.imported
    return [(alias_id, key, raw, department_id, world.alias_seen[alias_id - 1], stamp, stamp)
            for alias_id, raw, key, department_id in world.aliases]
