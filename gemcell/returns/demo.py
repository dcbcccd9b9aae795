"""Demo returns: a few past fortnights for the demo departments in assorted states (accepted, filed late, returned
for correction, resubmitted with changes, not filed), so the grid and the inboxes show something real.
Idempotent: a department's return for a period that exists is left alone."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.i18n import IST
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns import operations, queries
from gemcell.returns.models import Return, ReturnKind, ReturnState, ReturnVersion, VersionOutcome
from gemcell.returns.periods import last_periods

#: department code -> what happened to its last six fortnights' returns, oldest first:
#: ``a`` accepted on time, ``L`` accepted but filed late, ``r`` returned for correction, ``s`` submitted,
#: ``c`` returned then corrected and resubmitted (awaiting review), ``-`` not filed
PLAN = {'HEALTH': 'aaaLac', 'PWD': 'aLaar-', 'BASIC': 'aa----'}


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
    return added


def _decide(ret, version, reviewer, when, outcome, remark):
    ret.reviewed_by_id = version.decided_by_id = reviewer.id
    ret.reviewed_dt = version.decided_dt = when
    ret.remark = version.remark = remark
    version.outcome = outcome
