"""Demo directions, opinions with the library, and provisions on the portal: a few of each in assorted states, so
the registers, the inboxes and the library show something real. Idempotent: skipped if the first exists."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.compliance import Compliance
from gemcell.core.i18n import IST
from gemcell.directives import operations
from gemcell.directives.models import Direction, DirectionLevel
from gemcell.directory.models import Department
from gemcell.extensions import db

PAYMENTS = 'जेम पोर्टल पर लम्बित भुगतानों का समयबद्ध निस्तारण'


def at(day, hour=11):
    return datetime.combine(day, time(hour), IST)


def load_demo_directives(today) -> dict:
    if db.session.scalar(sa.select(Direction.id).filter_by(subject=PAYMENTS)) is not None:
        return {'directions': 0, 'opinions': 0, 'library': 0, 'provisions': 0}
    users = {u.login: u for u in db.session.scalars(sa.select(User))}
    head, reviewer = users.get('prabhari'), users.get('samikshak')
    departments = {d.code: d for d in db.session.scalars(sa.select(Department))}
    if head is None or reviewer is None or not {'HEALTH', 'PWD', 'BASIC', 'HOME'} <= set(departments):
        return {'directions': 0, 'opinions': 0, 'library': 0, 'provisions': 0}
    ids = {code: departments[code].id for code in departments}

    # 1. issued a month ago: Health answered and classed, PWD's report awaits the class, Basic is overdue and escalated
    payments = operations.draft_direction(
        PAYMENTS, ['जिन आदेशों में CRAC के 10 दिन के उपरान्त भी भुगतान लम्बित है, उनका भुगतान तत्काल कराया जाए।',
                   'विलम्ब से भुगतान पर देय ब्याज का आगणन कर विवरण उपलब्ध कराया जाए।',
                   'भुगतान हेतु उत्तरदायी अधिकारी का नाम एवं पदनाम सूचित किया जाए।'],
        [ids['HEALTH'], ids['PWD'], ids['BASIC']], DirectionLevel.cell, today - timedelta(days=16),
        source=operations.Source('payments', None, 'अक्टूबर 2026 के लम्बित भुगतान (GEM-GTC-PAY)', '/orders/'),
        user=reviewer, reference_number='7/2024/18-5-2024', reference_date=today - timedelta(days=400))
    operations.issue_direction(payments, head, today - timedelta(days=31))
    health = payments.addressee_for(ids['HEALTH'])
    _answer(health, users.get('nodal.health'), ['सभी 14 लम्बित आदेशों का भुगतान दिनांक 20.10.2026 तक कर दिया गया है।',
                                                'ब्याज ₹ 12,450 का आगणन संलग्न है।',
                                                'श्री आर0 के0 सिंह, वित्त नियंत्रक।'], at(today - timedelta(days=18)))
    operations.class_report(health, {p.id: c for p, c in zip(payments.points, (
        Compliance.complied, Compliance.partly, Compliance.complied))}, {payments.points[1].id: 'ब्याज का भुगतान '
                                                                          'प्रमाण संलग्न नहीं'}, reviewer)
    _answer(users.get('nodal.pwd') and payments.addressee_for(ids['PWD']), users.get('nodal.pwd'),
            ['9 में से 7 आदेशों का भुगतान हो गया है; 2 आदेशों में देयक अपूर्ण हैं।', 'ब्याज देय नहीं पाया गया।',
             'अधिशासी अभियन्ता (लेखा)।'], at(today - timedelta(days=15)))
    operations.run_reminders(today - timedelta(days=15), head)  # the first overdue reminder
    operations.run_reminders(today, head)  # 16 days overdue: escalated to the Commissioner, letter drafted

    # 2. issued five days ago, due in ten: awaiting every department
    brands = operations.draft_direction(
        'निविदाओं में ब्राण्ड / मेक का उल्लेख न किया जाए',
        ['जेम पर प्रकाशित निविदाओं की तकनीकी विशिष्टियों में किसी ब्राण्ड, मेक या मॉडल का उल्लेख न किया जाए।',
         'ATC में विशिष्ट संगठन से अनुभव की शर्त न रखी जाए।'],
        [ids['HEALTH'], ids['PWD'], ids['HOME']], DirectionLevel.commissioner, today + timedelta(days=10),
        source=operations.Source('finding', None, 'परीक्षण में पाई गई आपत्तियाँ (GEM-NV-05, GEM-NV-10)', '/scrutiny/'),
        user=reviewer)
    operations.issue_direction(brands, head, today - timedelta(days=5))

    # 3. a draft from a meeting's decision, for the In-charge to issue
    operations.draft_direction('वेण्डर रजिस्ट्रेशन के लम्बित प्रकरणों का निस्तारण',
                               ['लम्बित प्रार्थना पत्रों का कारणवार निस्तारण 15 दिन में किया जाए।'],
                               [ids['BASIC'], ids['HOME']], DirectionLevel.cell, today + timedelta(days=20),
                               source=operations.Source('meeting', None, 'नोडल अधिकारियों की बैठक का कार्यबिन्दु 3'),
                               user=reviewer)

    # 4. Government's direction to the cell
    government = operations.create_direction({
        'kind': 'government', 'level': 'government', 'subject': 'मासिक टिप्पणी में विभागवार रैंकिंग सम्मिलित की जाए',
        'points': ['जेम के माध्यम से क्रय का प्रतिशत विभागवार रैंकिंग सहित दर्शाया जाए।',
                   '50 प्रतिशत से कम क्रय वाले विभागों के कारण स्पष्ट किये जाएँ।'],
        'reference_number': 'शासन का पत्र संख्या 1123/18-5-2026', 'reference_date': today - timedelta(days=6),
        'due_date': today + timedelta(days=7)}, reviewer)
    operations.issue_direction(government, reviewer, today - timedelta(days=5))

    from gemcell.opinions.demo import load_demo_opinions
    from gemcell.provisions.demo import load_demo_provisions
    counts = {'directions': 4}
    counts.update(load_demo_opinions(today, users, departments))
    counts['provisions'] = load_demo_provisions(today, reviewer)
    db.session.flush()
    return counts


def _answer(addressee, officer, texts, when):
    if addressee is None or officer is None:
        return
    operations.save_report(addressee, {p.id: t for p, t in zip(addressee.direction.points, texts)}, {}, officer)
    operations.submit_report(addressee, officer)
    addressee.first_submitted_dt = addressee.submitted_dt = when
