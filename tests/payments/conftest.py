from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

HTMX = {'HX-Request': 'true'}
DAY = date(2026, 6, 30)


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def ledger(db, create_department, create_office, create_order, create_seller, create_payment_report,
           create_delay_reasons, create_user):
    """A department with two offices and orders in several states on ``DAY`` (30.06.2026), and one order of
    another department. Values and dates are chosen so the figures can be worked out by hand:

    ====  ======  =========  ==========  ===========================================  ============================
    name  office  value      CRAC        payment                                      on DAY
    ====  ======  =========  ==========  ===========================================  ============================
    a     1       10,000     25.06.2026  —                                            0–10, due 05.07, not overdue
    b     1       20,000     10.06.2026  — (micro/small seller)                       11–30, 10 days late
    c     2       50,000     22.03.2026  GeM: 10.06.2026                              paid (late)
    d     2       30,000     22.03.2026  department: paid 15.04.2026                  paid (late)
    e     2       40,000     11.05.2026  GeM: 01.06.2026, then the department: not    46–90, 40 days late
    f     1       15,000     —           —                                            no CRAC: not aged
    g     other   25,000     21.05.2026  —                                            (another department)
    ====  ======  =========  ==========  ===========================================  ============================
    """
    create_delay_reasons()
    department = create_department(name_hi='स्वास्थ्य विभाग', name_en='Health')
    other = create_department(name_hi='लोक निर्माण विभाग', name_en='Public Works')
    first = create_office(department=department, name_hi='कार्यालय एक', name_en='Office one')
    second = create_office(department=department, name_hi='कार्यालय दो', name_en='Office two')
    small = create_seller(name='M/S Small Firm', is_mse=True)
    large = create_seller(name='M/S Large Firm', is_mse=False)
    ordered = datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc)

    def order(key, office, value, crac, seller=large, **kwargs):
        return create_order(number=f'GEMC-51168770000000{ord(key)}', buyer_department=department if office else other,
                            office=office, seller=seller, seller_name=seller.name, total_value=Decimal(value),
                            order_dt=ordered, crac_date=crac, **kwargs)

    orders = {
        'a': order('a', first, 10000, date(2026, 6, 25)),
        'b': order('b', first, 20000, date(2026, 6, 10), seller=small),
        'c': order('c', second, 50000, date(2026, 3, 22), payment_date=date(2026, 6, 10)),
        'd': order('d', second, 30000, date(2026, 3, 22)),
        'e': order('e', second, 40000, date(2026, 5, 11), payment_date=date(2026, 6, 1)),
        'f': order('f', first, 15000, None),
        'g': order('g', None, 25000, date(2026, 5, 21)),
    }
    officer = create_user(role='nodal', department=department)
    from gemcell.payments.models import PaymentState
    create_payment_report(order=orders['d'], by=officer, state=PaymentState.paid, paid_date=date(2026, 4, 15),
                          reference='PFMS/2026/778')
    create_payment_report(order=orders['e'], by=officer, state=PaymentState.delayed, reason_code='dispute')
    db.session.commit()
    return {'department': department, 'other': other, 'offices': (first, second), 'orders': orders,
            'officer': officer}


def days_ago(n: int) -> date:
    from gemcell.payments.queries import today
    return today() - timedelta(days=n)
