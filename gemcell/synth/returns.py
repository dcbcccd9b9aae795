"""The departments' returns over the data's months: the fortnightly return and the monthly procurement return, each
with its submitted versions, as the returns module keeps them.

Each department has its own diligence: most file on time and are accepted; some file late, some periods are never
filed, a few returns are sent back for correction (some corrected and accepted since), and the latest ones wait for
review. Periods whose due date has not passed are partly filed, partly drafts, mostly still to do: the month-end
rush a load test plays. The GeM figures a return reports come from the department's orders in the same period, with
a few planted mismatches for the reconciliation to flag.
"""
from datetime import date, timedelta

from gemcell.returns.operations import DEFAULT_LIST_ITEMS
from gemcell.returns.periods import FORTNIGHTS, MONTHS
from gemcell.synth.world import World, as_json

RETURN_COLUMNS = ('id', 'department_id', 'kind', 'period_start', 'period_end', 'due_date', 'state', 'data',
                  'created_by_id', 'first_submitted_dt', 'submitted_by_id', 'submitted_dt', 'reviewed_by_id',
                  'reviewed_dt', 'remark', 'created_dt', 'modified_dt')
VERSION_COLUMNS = ('id', 'return_id', 'number', 'data', 'submitted_by_id', 'submitted_dt', 'has_confirmed_warnings',
                   'outcome', 'remark', 'decided_by_id', 'decided_dt')

REASON_CODES = [code for kind, code, _hi, _en in DEFAULT_LIST_ITEMS if kind.value == 'pending_reason']
PROBLEM_CODES = [code for kind, code, _hi, _en in DEFAULT_LIST_ITEMS if kind.value == 'problem_category']
PROBLEMS = ['कुछ उत्पाद श्रेणियों में विक्रेता उपलब्ध नहीं हैं।', 'पोर्टल पर बिड प्रकाशित करने में तकनीकी समस्या आई।',
            'जनपदीय कार्यालयों के क्रेताओं को प्रशिक्षण की आवश्यकता है।', 'बजट आवंटन में विलम्ब से भुगतान लम्बित रहे।',
            'Sellers did not respond to the bids for specialised equipment.', '']
OUTSIDE = [('स्थानीय स्तर पर औषधि का आपातकालीन क्रय', 'आपात स्थिति में तत्काल आवश्यकता'),
           ('विशिष्ट उपकरणों की मरम्मत एवं अनुरक्षण', 'सेवा जेम पर उपलब्ध नहीं'),
           ('स्थानीय निकायों से जलापूर्ति संयोजन', 'सरकारी संस्था से सीधा क्रय'),
           ('पुस्तकें एवं पत्रिकाएँ', 'प्रकाशक से सीधा क्रय'),
           ('Printing of examination papers', 'Confidential work, not through GeM')]
REMARKS_BACK = ['लम्बित आवेदनों का कारणवार विवरण पुनः जाँच लें।',
                'जेम के माध्यम से सेवाओं के क्रय का मूल्य जेम डेटा से मिलाकर पुनः प्रस्तुत करें।',
                'जेम से बाहर किये गये क्रय की GeMAR&PTS संख्या अंकित करें।']


def _periods(calendar, today: date, first: date):
    """The periods of ``calendar`` that are over by ``today`` (the one being filed now included), from ``first``."""
    periods = [calendar.filing_period(today)]
    while periods[-1].start > first:
        periods.append(periods[-1].previous())
    return [p for p in reversed(periods) if p.start >= first]


class Returns:
    def __init__(self, world: World, orders, due_days: dict[str, int]):
        """``due_days``: days after its period by which each kind of return is due (the app's settings)."""
        self.world, self.orders, self.due_days = world, orders, due_days
        self.versions = []
        self.count = 0

    def rows(self):
        world = self.world
        rng = world.rng('returns')
        r = rng.random
        today = world.today
        plans = [(FORTNIGHTS, 'fortnightly', self.orders.by_fortnight), (MONTHS, 'monthly', self.orders.by_month)]
        diligence = {d[0]: 0.55 + 0.44 * r() ** 0.6 for d in world.departments}
        size = {d[0]: 0.5 + 3 * r() for d in world.departments}
        return_id = 0
        for calendar, kind, totals in plans:
            previous = {}
            for period in _periods(calendar, today, world.first_day):
                due = period.due_date(self.due_days[kind])
                for department_id, _code, _hi, _en in world.departments:
                    officer = world.nodal[department_id]
                    care = diligence[department_id]
                    count, value = totals.get((department_id, period.start), (0, 0))
                    if due >= today:  # still being filed
                        roll = r()
                        if roll < 0.35 and period.end < today:
                            filed = max(period.end, today - timedelta(days=1 + int(r() * 3)))
                        elif roll < 0.45:
                            filed = None  # a draft
                        else:
                            continue
                    else:
                        if r() < (1 - care) * 0.35:
                            continue  # never filed
                        if r() < (1 - care) * 0.9:
                            filed = due + timedelta(days=1 + int(r() * 25))
                        else:
                            filed = max(period.end, due - timedelta(days=int(r() * 8)))
                        filed = min(filed, today - timedelta(days=1))
                    return_id += 1
                    data = self._figures(rng, kind, count, value, size[department_id])
                    warn = self._differs(kind, previous.get(department_id), data)
                    previous[department_id] = data
                    created = self._moment(min(period.end, today - timedelta(days=1)) if filed is None else filed, r)
                    if filed is None:
                        yield (return_id, department_id, kind, period.start.isoformat(), period.end.isoformat(),
                               due.isoformat(), 'draft', as_json(data), officer, None, None, None, None, None, None,
                               created, created)
                        continue
                    submitted = self._moment(filed, r)
                    yield self._filed(rng, return_id, department_id, kind, period, due, data, warn, officer,
                                      submitted, filed)
        self.count = return_id

    def _filed(self, rng, return_id, department_id, kind, period, due, data, warn, officer, submitted, filed):
        """A filed return with its versions: waiting for review, accepted, sent back, or sent back, corrected and
        accepted."""
        r = rng.random
        world = self.world
        recent = (world.today - filed).days <= 12
        roll = r()
        if recent:
            fate = 'submitted' if roll < 0.6 else 'accepted' if roll < 0.9 else 'returned'
        else:
            fate = 'accepted' if roll < 0.93 else 'corrected' if roll < 0.97 else 'returned' if roll < 0.99 else \
                'submitted'
        reviewer = world.reviewer_ids[int(r() * len(world.reviewer_ids))]
        first_data = as_json(data)
        text = first_data
        decided_day = min(filed + timedelta(days=1 + int(r() * 5)), world.today - timedelta(days=1))
        decided = max(self._moment(decided_day, r), submitted)
        version_id = len(self.versions)
        if fate == 'submitted':
            self.versions.append((version_id + 1, return_id, 1, text, officer, submitted, warn, None, None, None,
                                  None))
            return (return_id, department_id, kind, period.start.isoformat(), period.end.isoformat(),
                    due.isoformat(), 'submitted', text, officer, submitted, officer, submitted, None, None, None,
                    submitted, submitted)
        remark = REMARKS_BACK[int(r() * len(REMARKS_BACK))]
        if fate == 'accepted':
            self.versions.append((version_id + 1, return_id, 1, text, officer, submitted, warn, 'accepted', None,
                                  reviewer, decided))
            return (return_id, department_id, kind, period.start.isoformat(), period.end.isoformat(),
                    due.isoformat(), 'accepted', text, officer, submitted, officer, submitted, reviewer, decided,
                    None, submitted, decided)
        self.versions.append((version_id + 1, return_id, 1, text, officer, submitted, warn, 'returned', remark,
                              reviewer, decided))
        if fate == 'returned':
            return (return_id, department_id, kind, period.start.isoformat(), period.end.isoformat(),
                    due.isoformat(), 'returned', text, officer, submitted, officer, submitted, reviewer, decided,
                    remark, submitted, decided)
        # corrected: submitted again two days later and accepted
        data = dict(data, remarks='समीक्षक की टिप्पणी के अनुसार संशोधित।')
        text = as_json(data)
        again = self._moment(min(decided_day + timedelta(days=2), world.today - timedelta(days=1)), r)
        again = max(again, decided)
        accepted = max(self._moment(min(decided_day + timedelta(days=4), world.today - timedelta(days=1)), r), again)
        self.versions.append((version_id + 2, return_id, 2, text, officer, again, False, 'accepted', None, reviewer,
                              accepted))
        return (return_id, department_id, kind, period.start.isoformat(), period.end.isoformat(), due.isoformat(),
                'accepted', text, officer, submitted, officer, again, reviewer, accepted, None, submitted, accepted)

    @staticmethod
    def _moment(day: date, r) -> str:
        """A moment of office hours on ``day``, as stored (UTC)."""
        seconds = 16_200 + int(r() * 28_800)
        hours, rest = divmod(seconds, 3600)
        return f'{day.isoformat()} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000000'

    @staticmethod
    def _figures(rng, kind: str, count: int, value, size: float) -> dict:
        """What the department reports: its GeM orders as the GeM data has them (now and then misreported), the
        purchases outside GeM with their reasons, vendor registrations for the fortnight, problems."""
        r = rng.random
        reported = value
        if r() < 0.08:
            reported = value * (0.5 + r() * 0.3) if r() < 0.5 else value * (1.2 + r() * 0.5)
        reported = round(reported)
        outside_total = round(reported * (0.03 + r() * 0.35)) if r() < 0.8 else 0
        outside, left = [], outside_total
        rows = 1 + int(r() * 3) if outside_total else 0
        for n in range(rows):
            part = left if n == rows - 1 else round(left * (0.3 + r() * 0.4))
            left -= part
            description, reason = OUTSIDE[int(r() * len(OUTSIDE))]
            row = {'description': description, 'value': str(part), 'gemarpts_id': f'GEMARPTS-{int(r() * 10**7):07d}'}
            if kind == 'monthly':
                row['reason'] = reason
            outside.append(row)
        problems = PROBLEMS[int(r() * len(PROBLEMS))] if r() < 0.4 else ''
        categories = sorted({PROBLEM_CODES[int(r() * len(PROBLEM_CODES))] for _ in range(int(r() * 3))})
        if kind == 'monthly':
            goods = round(reported * (0.55 + r() * 0.3))
            return {'total_value': str(reported + outside_total), 'gem_goods': str(goods),
                    'gem_services': str(reported - goods), 'outside': outside, 'problems': problems,
                    'problem_categories': categories, 'remarks': ''}
        received = int(size * (5 + r() * 40))
        registered = int(received * (0.4 + r() * 0.5))
        pending = int((received - registered) * r())
        reasons, left = [], pending
        for code in REASON_CODES:
            if not left:
                break
            part = left if r() < 0.4 or code == REASON_CODES[-1] else int(left * r())
            if part:
                reasons.append({'reason': code, 'other': '', 'count': part})
                left -= part
        return {'received': received, 'registered': registered, 'pending': pending, 'pending_reasons': reasons,
                'gem_orders': count, 'gem_value': str(reported), 'outside': outside, 'problems': problems,
                'problem_categories': categories, 'remarks': ''}

    @staticmethod
    def _differs(kind: str, before: dict | None, data: dict) -> bool:
        """The figures differ from the previous return by more than the warning factor (3): the officer confirmed
        them."""
        if before is None:
            return False
        keys = ('total_value', 'gem_goods', 'gem_services') if kind == 'monthly' else ('received', 'gem_value')
        for key in keys:
            old, new = float(before.get(key) or 0), float(data.get(key) or 0)
            if old and new and (new / old > 3 or old / new > 3):
                return True
        return False
