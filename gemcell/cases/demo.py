"""Demo cases: one case opened from a confirmed demo finding and carried to the replies (show-cause letters issued
to the department and the firm, the department's reply recorded, the cell's conclusion and a draft evidence pack),
and one decided by Government (a firm blacklisted), so the registers show an entry. Idempotent: nothing is added
when any case exists. The steps are dated in the past through the operations' ``today``."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.cases import operations
from gemcell.cases.models import Case, Party
from gemcell.core.db import utcnow
from gemcell.core.i18n import IST
from gemcell.extensions import db
from gemcell.scrutiny.models import Finding, FindingState, Severity

#: rules whose findings make a natural demo case, the likeliest first
PREFERRED = ('MANUAL-L1', 'CARD-R035', 'GFR-149-SPLIT', 'GFR-149-BIDRA', 'GFR-170-RANGE')


def _findings(limit: int) -> list[Finding]:
    """Live findings with a bid and a mapped department, the preferred rules first, one per bid."""
    rows = db.session.scalars(
        sa.select(Finding).where(Finding.state.in_([FindingState.open, FindingState.confirmed]),
                                 Finding.severity != Severity.info, Finding.bid_id.is_not(None),
                                 Finding.department_id.is_not(None))
        .order_by(Finding.id)).all()
    rank = {rule_id: n for n, rule_id in enumerate(PREFERRED)}
    rows.sort(key=lambda f: (rank.get(f.rule_id, len(PREFERRED)), -f.severity.rank, f.id))
    chosen, bids = [], set()
    for finding in rows:
        if finding.bid_id not in bids:
            chosen.append(finding)
            bids.add(finding.bid_id)
        if len(chosen) == limit:
            break
    return chosen


def _stamp(case: Case, day, since: int, hour: int = 11):
    """Date the events added since the ``since``-th at ``day`` (the demo's steps happened in the past)."""
    for event in case.events[since:]:
        event.event_dt = datetime.combine(day, time(hour), IST)


def _confirm(finding: Finding, reviewer, remark: str):
    if finding.state is not FindingState.confirmed:
        finding.review(FindingState.confirmed, reviewer, remark, utcnow())


def load_demo_cases(today) -> int:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Case)):
        return 0
    reviewer = db.session.scalar(sa.select(User).filter_by(login='samikshak'))
    head = db.session.scalar(sa.select(User).filter_by(login='prabhari'))
    findings = _findings(2)
    if reviewer is None or head is None or not findings:
        return 0
    added = 0

    # 1. a case at the replies: letters issued 20 days ago, the department's reply in, a draft evidence pack
    finding = findings[0]
    _confirm(finding, reviewer, 'अभिलेखों से पुष्टि हुई; क्रेता द्वारा कोई कारण अंकित नहीं किया गया।')
    fields = operations.suggest([finding])
    fields.update(buyer_name='श्री विनोद कुमार', buyer_designation='अधिशासी अभियन्ता',
                  summary='परीक्षण में पाई गई आपत्ति की समीक्षक द्वारा पुष्टि की गई। क्रय प्रक्रिया में नियमों का '
                          'पालन नहीं हुआ; संबंधित यूजर एवं फर्म से कारण पूछा जाना प्रस्तावित है।')
    fields.setdefault('firm_name', 'मे0 श्री गणेश ट्रेडर्स')
    fields.setdefault('buyer_gem_user_id', 'ee.pwd.demo')
    case = operations.open_case(fields, reviewer, [finding])
    issued = today - timedelta(days=20)
    case.created_dt = datetime.combine(issued - timedelta(days=3), time(10), IST)
    _stamp(case, issued - timedelta(days=3), 0, 10)
    operations.draft_show_cause(case, reviewer, issued + timedelta(days=15), today=issued)
    _stamp(case, issued - timedelta(days=1), -1)
    operations.issue_show_cause(case, head, today=issued)
    _stamp(case, issued, -1, 16)
    operations.record_reply(case, reviewer, Party.department, issued + timedelta(days=12),
                            'विभाग द्वारा अवगत कराया गया कि तकनीकी मूल्यांकन समिति की संस्तुति पर क्रय किया गया; '
                            'न्यूनतम दर वाले बिडर को अस्वीकार करने का कारण अभिलेख पर उपलब्ध नहीं है।',
                            reference='पत्र संख्या 412/लो0नि0वि0, दिनांक '
                            + (issued + timedelta(days=11)).strftime('%d.%m.%Y'),
                            today=today)
    _stamp(case, issued + timedelta(days=13), -1)
    operations.save_conclusion(case, reviewer, 'विभाग का उत्तर संतोषजनक नहीं है: अस्वीकृति का कोई लिखित कारण अभिलेख पर '
                                               'नहीं है। अनियमितता सिद्ध होती है।',
                               'संबंधित यूजर को दो वर्ष हेतु डिबार करने तथा फर्म को एक वर्ष हेतु ब्लैकलिस्ट करने '
                               'का प्रस्ताव।')
    _stamp(case, issued + timedelta(days=16), -1)
    operations.prepare_pack(case, reviewer, today=today)
    added += 1

    # 2. a case decided by Government: the firm blacklisted for a year
    if len(findings) > 1:
        finding = findings[1]
        _confirm(finding, reviewer, 'पुष्टि की गई।')
        fields = {key: value for key, value in operations.suggest([finding]).items()
                  if not key.startswith('buyer_')}
        fields.pop('department_id', None)
        fields.setdefault('firm_name', 'मे0 आदर्श सप्लायर्स')
        case = operations.open_case(fields, reviewer, [finding])
        issued = today - timedelta(days=60)
        case.created_dt = datetime.combine(issued - timedelta(days=2), time(10), IST)
        _stamp(case, issued - timedelta(days=2), 0, 10)
        operations.draft_show_cause(case, reviewer, issued + timedelta(days=15), today=issued)
        operations.issue_show_cause(case, head, today=issued)
        _stamp(case, issued, 1 + len(case.findings), 16)
        operations.save_conclusion(case, reviewer, 'नियत तिथि तक फर्म का कोई उत्तर प्राप्त नहीं हुआ।',
                                   'फर्म को एक वर्ष हेतु ब्लैकलिस्ट करने का प्रस्ताव।')
        operations.prepare_pack(case, reviewer, today=issued + timedelta(days=20))
        operations.refer_case(case, head, today=issued + timedelta(days=20))
        _stamp(case, issued + timedelta(days=20), 3 + len(case.findings), 15)
        start = issued + timedelta(days=40)
        operations.decide_case(case, head, order_number=f'{case.id}/2026/18-5-2026', order_date=start,
                               blacklist=(start, start + timedelta(days=364)), today=today)
        _stamp(case, start + timedelta(days=1), -1)
        added += 1
    db.session.flush()
    return added
