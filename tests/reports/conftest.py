"""A small State for the note and the scorecard, whose figures are worked out by hand in the tests:

October 2026 (today 26 Nov 2026):
- A: total ₹10,00,000, GeM ₹6,00,000 goods + ₹2,00,000 services = ₹8,00,000 (80.0 %); GeM data ₹7,50,000 (75.0 %;
  gap +6.7 %: agrees); September 70.0 % (change +10.0). Both October fortnightly returns and the monthly one filed
  on time. No finding.
- B: total ₹20,00,000, GeM ₹5,00,000 + ₹5,00,000 = ₹10,00,000 (50.0 %); GeM data ₹5,00,000 (25.0 %; gap +100 %:
  flagged). Monthly return filed late, fortnightly returns not filed. Problems: portal (monthly) — two findings
  confirmed in October, one in September, one open.
- C: nothing filed.
State: 2 of 3 filed; ₹30,00,000 total; ₹18,00,000 through GeM (60.0 %); GeM data of A and B ₹12,50,000 (41.7 %);
September: only A, 70.0 % → change −10.0. Late 1, not filed 2 (B) + 3 (C) = 5.
"""
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from gemcell.core.i18n import IST

OCTOBER = date(2026, 10, 1)
TODAY = date(2026, 11, 26)


def monthly_data(total, goods, services, categories=()):
    outside = Decimal(total) - Decimal(goods) - Decimal(services)
    return {'total_value': total, 'gem_goods': goods, 'gem_services': services,
            'outside': [{'description': 'Local purchase', 'value': str(outside), 'reason': 'Urgent',
                         'gemarpts_id': 'GEMARPTS-1'}] if outside else [],
            'problems': '', 'problem_categories': list(categories), 'remarks': ''}


@pytest.fixture
def state(db, create_department, create_user, create_monthly_return, create_return, create_order, create_finding,
          create_list_item):
    create_list_item(kind='problem_category', code='portal', name_hi='पोर्टल की समस्या', name_en='Portal problem')
    a = create_department(code='AAA', name_en='A Department', name_hi='क विभाग')
    b = create_department(code='BBB', name_en='B Department', name_hi='ख विभाग')
    c = create_department(code='CCC', name_en='C Department', name_hi='ग विभाग')
    create_monthly_return(department=a, month=OCTOBER, state='accepted',
                          data=monthly_data('1000000', '600000', '200000'))
    create_monthly_return(department=a, month=date(2026, 9, 1), state='accepted',
                          data=monthly_data('1000000', '500000', '200000'))
    create_monthly_return(department=b, month=OCTOBER, state='submitted',
                          data=monthly_data('2000000', '500000', '500000', ['portal']),
                          filed=datetime(2026, 11, 12, 11, tzinfo=IST))
    for start in (date(2026, 10, 1), date(2026, 10, 16)):
        end = date(2026, 10, 15) if start.day == 1 else date(2026, 10, 31)
        create_return(department=a, period_start=start, state='accepted',
                      first_submitted_dt=datetime.combine(end + timedelta(days=1), time(10), IST))
    for department, value, day in ((a, '750000', 5), (b, '300000', 6), (b, '200000', 20)):
        create_order(buyer_department=department, total_value=Decimal(value),
                     order_dt=datetime(2026, 10, day, tzinfo=timezone.utc))
    for when in (datetime(2026, 10, 3, tzinfo=timezone.utc), datetime(2026, 10, 28, tzinfo=timezone.utc),
                 datetime(2026, 9, 28, tzinfo=timezone.utc)):
        create_finding(department=b, state='confirmed', reviewed_dt=when, remark='Confirmed by the cell')
    create_finding(department=b, state='open')
    reviewer = create_user(role='reviewer', locale='en')
    head = create_user(role='cell_head', locale='en', name='In-charge Sharma')
    government = create_user(role='government', locale='en')
    officer = create_user(role='nodal', department=a, locale='en')
    db.session.commit()
    return {'a': a, 'b': b, 'c': c, 'reviewer': reviewer, 'head': head, 'government': government,
            'officer': officer}
