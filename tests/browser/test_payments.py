"""The payment status return in a real browser: a nodal officer marks two orders paid and one delayed with a reason
in the htmx table; the table is swapped in place, a wrong row is refused first with its message."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from playwright.sync_api import Page, expect

from gemcell.payments.queries import today


def test_officer_marks_two_orders_paid_and_one_delayed(page: Page, live_server, sign_in, db, create_department,
                                                       create_office, create_order, create_seller, create_user,
                                                       create_delay_reasons, artifacts):
    create_delay_reasons()
    department = create_department(name_hi='चिकित्सा एवं स्वास्थ्य विभाग', name_en='Medical Health')
    office = create_office(department=department, name_hi='मुख्य चिकित्सा अधिकारी, आगरा', name_en='CMO Agra')
    seller = create_seller(name='M/S AGRA SURGICALS', is_mse=True)
    ordered = datetime.now(timezone.utc) - timedelta(days=90)
    orders = [create_order(number=f'GEMC-51168779000{n:04d}', buyer_department=department, office=office,
                           seller=seller, seller_name=seller.name, total_value=Decimal(value), order_dt=ordered,
                           crac_date=today() - timedelta(days=days))
              for n, (value, days) in enumerate([(42000, 40), (18500, 25), (245000, 60)], start=1)]
    create_user(role='nodal', login='nodal.payments', name='डॉ0 मनोज त्रिपाठी', department=department)
    db.session.commit()

    sign_in('nodal.payments')
    page.click('nav.menu >> text=भुगतान')
    page.click('.payments-nav >> text=भुगतान स्थिति आख्या')
    expect(page.locator('h1')).to_contain_text('भुगतान स्थिति आख्या')
    expect(page.locator('#payment-status tbody tr')).to_have_count(3)
    page.evaluate('window.__not_reloaded = true')

    first, second, third = orders
    paid_on = (today() - timedelta(days=2)).isoformat()
    page.select_option(f'select[name=state-{first.id}]', 'paid')
    page.fill(f'input[name=paid_date-{first.id}]', paid_on)
    page.fill(f'input[name=reference-{first.id}]', 'PFMS/2026/0451')
    page.select_option(f'select[name=state-{second.id}]', 'paid')
    page.fill(f'input[name=paid_date-{second.id}]', paid_on)
    # the second reference forgotten: nothing is saved, the row says why
    page.select_option(f'select[name=state-{third.id}]', 'delayed')
    page.select_option(f'select[name=reason-{third.id}]', 'budget')
    page.click('#save-status')
    expect(page.locator(f'#status-row-{second.id}.has-error')).to_be_visible()
    expect(page.locator(f'#status-row-{second.id}')).to_contain_text('भुगतान का सन्दर्भ')
    expect(page.locator(f'input[name=reference-{first.id}]')).to_have_value('PFMS/2026/0451')
    page.screenshot(path=str(artifacts / 'payments-status-error-hi.png'), full_page=True)

    page.fill(f'input[name=reference-{second.id}]', 'PFMS/2026/0452')
    page.click('#save-status')
    expect(page.locator('.saved-summary')).to_contain_text('PFMS/2026/0452')
    expect(page.locator('#payment-status tbody tr')).to_have_count(1)  # the paid ones leave the table
    expect(page.locator(f'select[name=reason-{third.id}]')).to_have_value('budget')
    assert page.evaluate('window.__not_reloaded') is True
    page.screenshot(path=str(artifacts / 'payments-status-saved-hi.png'), full_page=True)

    # the department's page: the delayed order is overdue, with its reason
    page.goto(f'{live_server}/payments/departments/{department.id}')
    expect(page.locator(f'#payment-order-{third.id}')).to_contain_text('बजट')
    page.screenshot(path=str(artifacts / 'payments-department-hi.png'), full_page=True)
