"""Demo returns: a few past fortnights for the demo departments in assorted states (accepted, filed late, returned
for correction, resubmitted with changes, not filed), so the grid and the inboxes show something real; the last
three months' monthly procurement returns with GeM orders to reconcile them against (one planted mismatch), and the
monthly note of the last month with the cell's remarks, prepared as a draft report for the In-charge to issue.
Idempotent: a department's return for a period that exists is left alone."""
from datetime import datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.i18n import IST
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns import operations, queries
from gemcell.returns.models import Return, ReturnKind, ReturnState, ReturnVersion, VersionOutcome
from gemcell.returns.periods import MONTHS, last_periods

#: department code -> what happened to its last six fortnights' returns, oldest first:
#: ``a`` accepted on time, ``L`` accepted but filed late, ``r`` returned for correction, ``s`` submitted,
#: ``c`` returned then corrected and resubmitted (awaiting review), ``-`` not filed
PLAN = {'HEALTH': 'aaaLac', 'PWD': 'aLaar-', 'BASIC': 'aa----'}  # nosec B105 # PWD: Public Works Department


def figures(seed: int, changed: bool = False) -> dict:
    received = 40 + seed * 7
    registered = 25 + seed * 4
    pending = received - registered - 3
    first = pending // 2
    reasons = [{'reason': 'documents_incomplete', 'other': '', 'count': first},
               {'reason': 'bank_account', 'other': '', 'count': pending - first - 2},
               {'reason': 'other', 'other': 'फर्म द्वारा आवेदन वापस लिया गया', 'count': 2}]
    if changed:
        reasons[1]['count'] -= 1
        reasons.append({'reason': 'pan_aadhaar', 'other': '', 'count': 1})
    return {'received': received, 'registered': registered, 'pending': pending, 'pending_reasons': reasons,
            'gem_orders': 12 + seed, 'gem_value': str(1850000 + seed * 125000 + (50000 if changed else 0)),
            'outside': [{'description': 'स्थानीय स्तर पर औषधि का आपातकालीन क्रय', 'value': '45000',
                         'gemarpts_id': f'GEMARPTS-{2026000 + seed}'}],
            'problems': 'कुछ उत्पाद श्रेणियों में विक्रेता उपलब्ध नहीं हैं।',
            'problem_categories': ['not_on_gem', 'training'], 'remarks': ''}


def at(day, hour=11):
    return datetime.combine(day, time(hour), IST)


def load_demo_returns(today) -> int:
    operations.seed_lists()
    reviewer = db.session.scalar(sa.select(User).filter_by(login='samikshak'))
    periods = last_periods(today, 6)
    added = 0
    for code, plan in PLAN.items():
        department = db.session.scalar(sa.select(Department).filter_by(code=code))
        officer = db.session.scalar(sa.select(User).filter_by(department_id=department.id)) if department else None
        if officer is None or reviewer is None:
            continue
        for index, (period, step) in enumerate(zip(periods, plan)):
            if step == '-' or queries.get_return(department.id, period) is not None:
                continue
            due = period.due_date()
            now = datetime.now(IST)
            filed = min(at(due + timedelta(days=4)) if step == 'L' else at(due - timedelta(days=1)),
                        now - timedelta(hours=8))
            ret = Return(department=department, kind=ReturnKind.fortnightly, period_start=period.start,
                         period_end=period.end, due_date=due, state=ReturnState.submitted, created_by_id=officer.id,
                         data=figures(index), first_submitted_dt=filed, submitted_by_id=officer.id,
                         submitted_dt=filed)
            ret.versions.append(ReturnVersion(number=1, data=figures(index), submitted_by_id=officer.id,
                                              submitted_dt=filed))
            reviewed = min(filed + timedelta(days=1), now - timedelta(hours=6))
            if step in 'aL':
                ret.state = ReturnState.accepted
                _decide(ret, ret.versions[0], reviewer, reviewed, VersionOutcome.accepted, None)
            elif step in 'rc':
                remark = ('लम्बित आवेदनों का कारणवार विवरण पुनः जाँच लें; पैन / आधार सत्यापन के मामले अलग से दर्शाएँ।')
                ret.state = ReturnState.returned
                _decide(ret, ret.versions[0], reviewer, reviewed, VersionOutcome.returned, remark)
                if step == 'c':
                    again = min(reviewed + timedelta(hours=5), now - timedelta(hours=1))
                    ret.versions.append(ReturnVersion(number=2, data=figures(index, changed=True),
                                                      submitted_by_id=officer.id, submitted_dt=again))
                    ret.data = figures(index, changed=True)
                    ret.state = ReturnState.submitted
                    ret.submitted_dt = again
            db.session.add(ret)
            added += 1
    db.session.flush()
    return added + load_demo_monthly(today, reviewer)


#: department code -> the last three months' monthly returns, oldest first: (step as in PLAN, total ₹ lakh, GeM
#: goods ₹ lakh, GeM services ₹ lakh, GeM orders in the GeM data ₹ lakh or None for none imported)
MONTHLY_PLAN = {
    'HEALTH': [('a', 240, 150, 22, None), ('a', 260, 168, 26, 190), ('s', 250, 170, 25, 186.5)],
    'PWD': [('a', 410, 180, 40, None), ('L', 395, 190, 45, 228), ('s', 430, 150, 60, 131)],
    'BASIC': [('a', 120, 60, 10, None), ('-', 0, 0, 0, 55), ('r', 140, 75, 12, 84)],
}
MONTHLY_PROBLEMS = {'HEALTH': ['not_on_gem'], 'PWD': ['payment', 'seller_response'], 'BASIC': ['training']}
LAKH = Decimal(100000)


def monthly_figures(code: str, total, goods, services) -> dict:
    outside = (Decimal(total) - Decimal(goods) - Decimal(services)) * LAKH
    rows = []
    if outside:
        first = (outside * Decimal('0.6')).quantize(Decimal(1))
        rows = [{'description': 'स्थानीय स्तर पर आपातकालीन क्रय', 'value': str(first),
                 'reason': 'आपात स्थिति में तत्काल आवश्यकता', 'gemarpts_id': f'GEMARPTS-{code}-{int(total)}1'},
                {'description': 'विशिष्ट उपकरणों की मरम्मत एवं अनुरक्षण', 'value': str(outside - first),
                 'reason': 'सेवा जेम पर उपलब्ध नहीं', 'gemarpts_id': f'GEMARPTS-{code}-{int(total)}2'}]
    return {'total_value': str(Decimal(total) * LAKH), 'gem_goods': str(Decimal(goods) * LAKH),
            'gem_services': str(Decimal(services) * LAKH), 'outside': rows,
            'problems': 'कुछ श्रेणियों में विक्रेताओं का प्रतिसाद कम रहा।',
            'problem_categories': MONTHLY_PROBLEMS.get(code, []), 'remarks': ''}


def _demo_orders(department, month, lakh):
    """Three GeM orders of the department in ``month`` worth ``lakh`` in all (demo numbers ``GEMC-9…``)."""
    from gemcell.gemdata.models import Order
    total = Decimal(str(lakh)) * LAKH
    parts = [(total * Decimal('0.5')).quantize(Decimal('0.01')), (total * Decimal('0.3')).quantize(Decimal('0.01'))]
    parts.append(total - sum(parts))
    for n, value in enumerate(parts, 1):
        number = f'GEMC-9{department.id:04d}{month:%Y%m}{n:04d}'
        if db.session.scalar(sa.select(Order.id).filter_by(number=number)) is None:
            db.session.add(Order(number=number, buyer_department=department, total_value=value,
                                 order_dt=datetime.combine(month.replace(day=5 + 7 * n), time(12), IST),
                                 product='डेमो क्रयादेश', status='Completed'))


def load_demo_monthly(today, reviewer) -> int:
    months = MONTHS.last_periods(today, 3)
    added = 0
    for code, plan in MONTHLY_PLAN.items():
        department = db.session.scalar(sa.select(Department).filter_by(code=code))
        officer = db.session.scalar(sa.select(User).filter_by(department_id=department.id)) if department else None
        if officer is None or reviewer is None:
            continue
        for period, (step, total, goods, services, data) in zip(months, plan):
            if data is not None:
                _demo_orders(department, period.start, data)
            if step == '-' or queries.get_return(department.id, period) is not None:
                continue
            due = period.due_date()
            now = datetime.now(IST)
            filed = min(at(due + timedelta(days=5)) if step == 'L' else at(due - timedelta(days=2)),
                        now - timedelta(hours=8))
            data = monthly_figures(code, total, goods, services)
            ret = Return(department=department, kind=ReturnKind.monthly, period_start=period.start,
                         period_end=period.end, due_date=due, state=ReturnState.submitted, created_by_id=officer.id,
                         data=data, first_submitted_dt=filed, submitted_by_id=officer.id, submitted_dt=filed)
            ret.versions.append(ReturnVersion(number=1, data=data, submitted_by_id=officer.id, submitted_dt=filed))
            reviewed = min(filed + timedelta(days=1), now - timedelta(hours=6))
            if step in 'aL':
                ret.state = ReturnState.accepted
                _decide(ret, ret.versions[0], reviewer, reviewed, VersionOutcome.accepted, None)
            elif step == 'r':
                ret.state = ReturnState.returned
                _decide(ret, ret.versions[0], reviewer, reviewed, VersionOutcome.returned,
                        'जेम के माध्यम से सेवाओं के क्रय का मूल्य जेम डेटा से मिलाकर पुनः प्रस्तुत करें।')
            db.session.add(ret)
            added += 1
    db.session.flush()
    _demo_note(months[-1].start, today, reviewer)
    return added


def _demo_note(month, today, reviewer):
    """The last month's note with the cell's remarks, prepared as a draft report (once)."""
    from gemcell.reports import operations as report_operations
    note = report_operations.get_or_create_note(month, reviewer)
    if note.document_id is not None or reviewer is None:
        return
    note.remarks = ('लोक निर्माण विभाग द्वारा सूचित जेम क्रय का मूल्य जेम डेटा से मेल नहीं खाता; विभाग से अन्तर का '
                    'स्पष्टीकरण माँगा जा रहा है।\n\nबेसिक शिक्षा विभाग की मासिक विवरणी संशोधन हेतु वापस की गई है। '
                    'जिन विभागों ने विवरणी प्रस्तुत नहीं की है, उन्हें अनुस्मारक भेजे जा रहे हैं।')
    report_operations.prepare_document(note, reviewer, today, 'hi')


def _decide(ret, version, reviewer, when, outcome, remark):
    ret.reviewed_by_id = version.decided_by_id = reviewer.id
    ret.reviewed_dt = version.decided_dt = when
    ret.remark = version.remark = remark
    version.outcome = outcome
