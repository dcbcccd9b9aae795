"""The world the rows are drawn from: the scale, the calendar of the data's months, departments and their offices,
the names the sources give the departments, the sellers, and the cell's users.

Everything is a function of ``(scale, seed, today)``: each part draws from its own random generator seeded with the
seed and the part's name, so a change to one part's rows leaves the others as they were.

Rows are written in the form the databases store (``STAMP`` text for UTC datetimes, ISO dates, numbers, JSON text):
SQLite's driver and PostgreSQL's COPY both take them as they are, with nothing converted per value.
"""
import csv
import json
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from gemcell.synth import words

DATA = Path(__file__).resolve().parent.parent / 'data'
#: how SQLAlchemy stores a (naive UTC) datetime on SQLite; PostgreSQL reads the same text
STAMP = '%Y-%m-%d %H:%M:%S.%f'
#: India is 5 h 30 min ahead of UTC: office hours 10:00–18:00 IST are 04:30–12:30 UTC, the same calendar day
IST_OFFSET = 19_800


@dataclass(frozen=True)
class Scale:
    """How much to make. ``state`` is the State's year-and-a-half of GeM purchasing; ``town`` a hundredth of its
    volume (with ten departments), for tests and quick load runs."""
    name: str
    departments: int
    offices: int
    sellers: int
    #: bids (GeM and GePNIC), with about five bidders each
    bids: int
    orders: int
    #: months of data, ending today
    months: int
    tickets: int
    reviewers: int
    government: int
    #: departments' reports on unpaid orders
    payment_reports: int
    #: the share of accepted orders never paid (a slow department's more)
    unpaid: float = 0.03


SCALES = {
    'town': Scale('town', departments=10, offices=50, sellers=3_000, bids=2_000, orders=10_000, months=24,
                  tickets=200, reviewers=2, government=1, payment_reports=200),
    'state': Scale('state', departments=100, offices=5_000, sellers=300_000, bids=200_000, orders=1_000_000,
                   months=24, tickets=20_000, reviewers=10, government=3, payment_reports=20_000),
}


def cumulative(weights) -> list[float]:
    return list(accumulate(weights))


def pick(random_, table: list[float]) -> int:
    """An index drawn with the weights ``table`` was made from (``cumulative``)."""
    return bisect_right(table, random_() * table[-1])


#: JSON text of a value; of a string (the common case, in C)
as_json = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode
json_string = json.encoder.encode_basestring


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding='utf-8') as f:
        return list(csv.DictReader(f))


class World:
    def __init__(self, scale: Scale, seed: int, today: date, password_hash: str = ''):  # nosec B107 - a hash, given by the caller
        self.scale, self.seed, self.today = scale, seed, today
        self.password_hash = password_hash
        #: when the synthetic import ran: every imported row's created_dt / modified_dt
        self.imported = f'{today.isoformat()} 03:30:00.000000'
        self._calendar()
        self._departments()
        self._districts()
        self._offices()
        self._aliases()
        self._sellers()
        self._users()

    def rng(self, part: str) -> random.Random:
        return random.Random(f'{self.seed}/{part}')  # nosec B311 - seeded for repeatable synthetic data, not for security

    # --- the calendar ------------------------------------------------------------------------------------------

    def _calendar(self):
        """The data's days (the first of the month ``months`` back, to yesterday), how busy each is (weekdays, the
        financial year's last months, a slow growth) and the limits of GFR 149 in force on each."""
        from gemcell.scrutiny.settings import Settings
        first = self.today.replace(day=1)
        for _ in range(self.scale.months):
            first = (first - timedelta(days=1)).replace(day=1)
        self.first_day = first
        count = (self.today - first).days
        self.days = [first + timedelta(days=n) for n in range(count)]
        self.day_text = [day.isoformat() for day in self.days]
        month_factor = {1: 1.0, 2: 1.2, 3: 1.9, 4: 0.6, 5: 0.8, 6: 0.9, 7: 0.9, 8: 1.0, 9: 1.0, 10: 0.9, 11: 1.0,
                        12: 1.1}
        weights = []
        for n, day in enumerate(self.days):
            weekday = 1.0 if day.weekday() < 5 else 0.35 if day.weekday() == 5 else 0.03
            weights.append(weekday * month_factor[day.month] * (0.8 + 0.4 * n / count))
        self.day_weights = cumulative(weights)
        #: per day: the first day of its month and of its fortnight (the returns' periods)
        self.day_month = [day.replace(day=1) for day in self.days]
        self.day_fortnight = [day.replace(day=1 if day.day <= 15 else 16) for day in self.days]
        settings = Settings.defaults()
        self.direct_limit = [float(settings.value('gfr149.direct_limit', day)) for day in self.days]
        self.l1_limit = [float(settings.value('gfr149.l1_limit', day)) for day in self.days]
        self.settings = settings

    def day(self, random_) -> int:
        """A day of the data (an index into ``days``), busy days more likely."""
        return pick(random_, self.day_weights)

    def stamp(self, day: int, seconds: int) -> str:
        """The UTC moment ``seconds`` after midnight (UTC) of ``days[day]``, as stored."""
        hours, rest = divmod(seconds, 3600)
        if hours >= 24:
            return self.stamp_at(self.days[day] + timedelta(seconds=seconds))
        minutes, secs = divmod(rest, 60)
        return f'{self.day_text[day]} {hours:02d}:{minutes:02d}:{secs:02d}.000000'

    @staticmethod
    def stamp_at(moment: datetime) -> str:
        """A naive UTC datetime (or a date's midnight), as stored."""
        if not isinstance(moment, datetime):
            moment = datetime(moment.year, moment.month, moment.day)
        return moment.strftime(STAMP)

    @staticmethod
    def office_seconds(random_) -> int:
        """A moment of office hours (10:00–18:00 in India), as seconds after midnight UTC."""
        return 16_200 + int(random_() * 28_800)

    # --- the directory -----------------------------------------------------------------------------------------

    def _departments(self):
        state = [(row['code'], row['name_hi'], row['name_en']) for row in read_csv('departments.csv')]
        state += words.MORE_DEPARTMENTS
        by_code = {code: (code, hi, en) for code, hi, en in state}
        ordered = [by_code[code] for code in words.FIRST_DEPARTMENTS]
        ordered += [row for row in state if row[0] not in words.FIRST_DEPARTMENTS]
        if self.scale.departments > len(ordered):
            raise ValueError(f'at most {len(ordered)} departments')
        #: (id, code, Hindi, English), ids from 1
        self.departments = [(n, *row) for n, row in enumerate(ordered[:self.scale.departments], start=1)]

    def _districts(self):
        rows = read_csv('districts.csv')
        #: (id, Hindi, English, division Hindi, division English)
        self.districts = [(n, row['name_hi'], row['name_en'], row['division_hi'], row['division_en'])
                          for n, row in enumerate(rows, start=1)]
        self.lucknow = next(d[0] for d in self.districts if d[2] == 'Lucknow')

    def _offices(self):
        """Each department's head office in Lucknow and its district offices, as many as its weight asks (the
        whole State's offices spread over the departments), named in Hindi and English."""
        rng = self.rng('offices')
        r = rng.random
        weights = [words.DEPARTMENT_WEIGHTS.get(code, 1) for _id, code, _hi, _en in self.departments]
        kinds = [words.OFFICE_KINDS.get(code, [words.DISTRICT_OFFICE]) for _id, code, _hi, _en in self.departments]
        capacity = [1 + len(k) * len(self.districts) for k in kinds]
        shares = [1] * len(self.departments)  # the head office
        left = self.scale.offices - len(shares)
        while left > 0:
            open_ = [n for n in range(len(shares)) if shares[n] < capacity[n]]
            if not open_:
                raise ValueError('more offices than the departments can have')
            total = sum(weights[n] for n in open_)
            given = 0
            for n in open_:
                more = min(capacity[n] - shares[n], max(1, round(left * weights[n] / total)), left - given)
                shares[n] += more
                given += more
                if given >= left:
                    break
            left -= given
        #: (id, department id, district id, Hindi, English)
        self.offices = []
        for (department_id, _code, name_hi, name_en), share, own in zip(self.departments, shares, kinds):
            self.offices.append((len(self.offices) + 1, department_id, self.lucknow,
                                 f'{words.HEAD_OFFICE[0]}, {name_hi}', f'{words.HEAD_OFFICE[1]}, {name_en}'))
            slots = [(kind, district) for kind in own for district in self.districts]
            rng.shuffle(slots)
            for (kind_hi, kind_en), district in sorted(slots[:share - 1], key=lambda s: (s[0][1], s[1][0])):
                generic = own == [words.DISTRICT_OFFICE]
                label_en = f'{kind_en}, {name_en}' if generic else kind_en
                label_hi = f'{name_hi}, {kind_hi}' if generic else kind_hi
                self.offices.append((len(self.offices) + 1, department_id, district[0],
                                     f'{label_hi}, {district[1]}', f'{label_en}, {district[2]}'))
        # a few offices buy a great deal, most a little (Zipf over a shuffled order)
        order = list(range(len(self.offices)))
        rng.shuffle(order)
        weight = [0.0] * len(self.offices)
        for rank, office in enumerate(order):
            weight[office] = 1 / (rank + 10) ** 0.9
        self.office_weights = cumulative(weight)
        # what each office buys: its department's sectors first, then the general ones
        self.goods = sorted({name for names in words.GOODS.values() for name in names})
        self.category_ids = {}
        for name in self.goods:
            slug = ''.join(c if c.isalnum() else '_' for c in name.lower()).strip('_')
            self.category_ids[name] = f'home_{slug[:4]}_{slug[5:9] or "gen"}_{slug[:48]}_{rng.randrange(10**7, 10**8)}'
        for name in words.SERVICES:
            slug = ''.join(c if c.isalnum() else '_' for c in name.lower()).strip('_')
            self.category_ids[name] = f'services_home_{slug[:48]}'
        department_code = {d[0]: d[1] for d in self.departments}
        self.office_categories = []
        for office in self.offices:
            sectors = words.DEPARTMENT_SECTORS.get(department_code[office[1]], ())
            mine = []
            for sector in sectors:
                mine += rng.sample(words.GOODS[sector], min(len(words.GOODS[sector]), rng.randint(3, 8)))
            for sector in words.GENERAL_SECTORS:
                mine += rng.sample(words.GOODS[sector], rng.randint(1, 3))
            mine += rng.sample(words.SERVICES, rng.randint(2, 6))
            mine = list(dict.fromkeys(mine))
            self.office_categories.append((mine, cumulative(1 / (rank + 1) for rank in range(len(mine)))))
        #: names written into JSON, once
        self.category_json = {name: json_string(name) for name in self.goods + words.SERVICES + words.WORKS}
        self.office_json = [json_string(office[4]) for office in self.offices]

    def office(self, random_) -> int:
        """An office (an index into ``offices``), busy ones more likely."""
        return pick(random_, self.office_weights)

    def category(self, random_, office: int) -> str:
        mine, weights = self.office_categories[office]
        return mine[pick(random_, weights)]

    def _aliases(self):
        """The names the sources give each department (a few spellings each); nearly all mapped by a reviewer, a
        few left in the reviewers' queue."""
        from gemcell.gemdata.aliases import alias_key
        rng = self.rng('aliases')
        variants = ('{} Uttar Pradesh', '{}', '{}, Government of Uttar Pradesh', '{} U.P.')
        #: (id, raw, key, department id or None)
        self.aliases = []
        self.alias_json = []
        self.department_aliases = {}
        for department_id, _code, _hi, name_en in self.departments:
            mine = []
            for n, variant in enumerate(variants):
                raw = variant.format(name_en)
                mapped = department_id if n == 0 or rng.random() < 0.9 else None
                self.aliases.append((len(self.aliases) + 1, raw, alias_key(raw), mapped))
                self.alias_json.append(json_string(raw))
                mine.append(len(self.aliases) - 1)
            self.department_aliases[department_id] = mine
        self.alias_seen = [0] * len(self.aliases)

    def alias_of(self, random_, department_id: int) -> tuple:
        """A name the sources give the department: mostly GeM's own, now and then another spelling."""
        mine = self.department_aliases[department_id]
        index = mine[0] if random_() < 0.85 else mine[1 + int(random_() * (len(mine) - 1))]
        self.alias_seen[index] += 1
        return self.aliases[index]

    # --- sellers -------------------------------------------------------------------------------------------------

    def _sellers(self):
        """GeM sellers: ids as GeM gives them (four letters or digits, the year registered, a serial), firm names in
        capitals, half micro or small enterprises, most in Uttar Pradesh."""
        rng = self.rng('sellers')
        r = rng.random
        first, trade, kind = words.FIRM_FIRST, words.FIRM_TRADE, words.FIRM_KIND
        cities = [district[2].upper() for district in self.districts]
        alphabet = words.ALPHANUMERIC
        #: (gem seller id, name, name as JSON, is MSE or None)
        self.sellers = []
        pairs = [a + b for a in alphabet for b in alphabet]
        trades = [f'{t} ' if t else '' for t in trade]
        serial = 90_000
        for _n in range(self.scale.sellers):
            serial += 1 + int(r() * 40)
            year = 18 + int(r() ** 0.7 * 8)
            gem_id = f'{pairs[int(r() * 1296)]}{pairs[int(r() * 1296)]}{year}{serial:010d}'
            shape = r()
            name = f'{first[int(r() * len(first))]} {trades[int(r() * len(trades))]}{kind[int(r() * len(kind))]}'
            if shape < 0.45:
                name = f'M/S {name}'
            elif shape < 0.55:
                name = f'{name}, {cities[int(r() * len(cities))]}'
            mse = r()
            self.sellers.append((gem_id, name, json_string(name), None if mse < 0.08 else mse < 0.58))

    # --- the cell's users ------------------------------------------------------------------------------------------

    def _users(self):
        """One nodal officer per department (``nodal.<code>``), the reviewers, the In-charge, Government's officers
        and an administrator: what a load test signs in as."""
        rng = self.rng('users')
        r = rng.random

        def person():
            firsts, lasts = words.MUSLIM_NAMES if r() < 0.125 else (words.FIRST_NAMES, words.SURNAMES)
            (first_hi, first_en), (last_hi, last_en) = firsts[int(r() * len(firsts))], lasts[int(r() * len(lasts))]
            doctor = r() < 0.08
            return (('डॉ0 ' if doctor else '') + f'{first_hi} {last_hi}',
                    ('Dr ' if doctor else '') + f'{first_en} {last_en}')

        #: (id, login, name, designation, role, department id, locale)
        self.users = [(1, 'admin', 'सिस्टम प्रशासक', 'सिस्टम प्रशासक', 'admin', None, 'hi')]
        name_hi, _name_en = person()
        self.users.append((2, 'cellhead', name_hi, 'प्रभारी, जेम सेल', 'cell_head', None, 'hi'))
        for n in range(1, self.scale.reviewers + 1):
            name_hi, name_en = person()
            self.users.append((len(self.users) + 1, f'reviewer.{n:02d}', name_hi if n % 4 else name_en,
                               'समीक्षक, जेम सेल', 'reviewer', None, 'hi' if n % 4 else 'en'))
        titles = ['विशेष सचिव, एम0एस0एम0ई0', 'संयुक्त सचिव, एम0एस0एम0ई0', 'अपर मुख्य सचिव, एम0एस0एम0ई0']
        for n in range(1, self.scale.government + 1):
            name_hi, _name_en = person()
            self.users.append((len(self.users) + 1, f'government.{n}', name_hi, titles[(n - 1) % len(titles)],
                               'government', None, 'hi'))
        designations = ['नोडल अधिकारी', 'नोडल अधिकारी (जेम)', 'संयुक्त निदेशक एवं नोडल अधिकारी',
                        'उप निदेशक एवं नोडल अधिकारी', 'वित्त नियंत्रक एवं नोडल अधिकारी']
        self.nodal = {}
        for department_id, code, _hi, _en in self.departments:
            name_hi, name_en = person()
            english = r() < 0.1
            user_id = len(self.users) + 1
            self.users.append((user_id, f'nodal.{code.lower()}', name_en if english else name_hi,
                               designations[int(r() * len(designations))], 'nodal', department_id,
                               'en' if english else 'hi'))
            self.nodal[department_id] = user_id
        self.reviewer_ids = [u[0] for u in self.users if u[4] == 'reviewer']
        self.cell_ids = [u[0] for u in self.users if u[4] in ('reviewer', 'cell_head')]
        self.cell_head_id = 2
