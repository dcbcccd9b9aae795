"""The monthly procurement return and the monthly note in a real browser: an officer files the month's return through
the htmx form (a purchase outside GeM added in place), the return is flagged against the GeM data, the cell reads the
note, writes its remarks and prepares it, and the In-charge approves and issues it."""
import re
from datetime import datetime, time
from decimal import Decimal

from playwright.sync_api import Page, expect


def test_monthly_return_is_filed_and_the_note_issued(page: Page, live_server, sign_in, db, create_department,
                                                     create_user, create_order, artifacts):
    from gemcell.core.i18n import IST
    from gemcell.returns.periods import MONTHS
    from gemcell.returns.queries import today
    month = MONTHS.filing_period(today()).start
    department = create_department(name_hi='लोक निर्माण विभाग', name_en='Public Works')
    create_user(role='nodal', login='nodal.monthly', name='आलोक श्रीवास्तव', department=department)
    create_user(role='reviewer', login='samiksha.monthly', name='सुनीता वर्मा')
    create_user(role='cell_head', login='prabhari.monthly', name='राजेश कुमार')
    for day, value in ((5, '600000'), (20, '400000')):  # ₹10,00,000 of GeM orders in the month
        create_order(buyer_department=department, total_value=Decimal(value),
                     order_dt=datetime.combine(month.replace(day=day), time(12), IST))
    db.session.commit()

    sign_in('nodal.monthly')
    page.click('nav.menu >> text=आख्याएँ')
    page.click('#nav-monthly-returns')
    expect(page.locator('h1')).to_contain_text('मासिक क्रय विवरणियाँ')
    page.click('#returns-due >> a.button')
    expect(page).to_have_url(re.compile(r'/returns/\d+/edit$'))
    return_url = page.url.removesuffix('/edit')

    page.fill('#total_value', '₹ 15,00,000')
    page.fill('#gem_goods', '9,00,000')
    page.fill('#gem_services', '4,00,000')
    page.fill('#outside-0-description', 'सड़क मरम्मत सामग्री का स्थानीय क्रय')
    page.fill('#outside-0-value', '1,20,000')
    page.fill('#outside-0-reason', 'आपात स्थिति')
    page.fill('#outside-0-gemarpts_id', 'GEMARPTS-4411')
    page.evaluate('window.__not_reloaded = true')
    page.click('#add-outside')
    expect(page.locator('#outside-rows .return-row')).to_have_count(2)
    assert page.evaluate('window.__not_reloaded') is True
    page.fill('#outside-1-description', 'विशिष्ट उपकरण की मरम्मत')
    page.fill('#outside-1-value', '80,000')
    page.fill('#outside-1-reason', 'सेवा जेम पर उपलब्ध नहीं')

    # the second purchase has no GeMAR&PTS id: the form says so in Hindi and keeps what was typed
    page.click('button[value=submit]')
    expect(page.locator('body')).to_contain_text('जेम के बाहर किए गए प्रत्येक क्रय की GeMAR&PTS आईडी अंकित करें')
    expect(page.locator('#outside-1-reason')).to_have_value('सेवा जेम पर उपलब्ध नहीं')
    page.screenshot(path=str(artifacts / 'monthly-return-form-error-hi.png'), full_page=True)
    page.fill('#outside-1-gemarpts_id', 'GEMARPTS-4412')
    page.click('button[value=submit]')
    expect(page).to_have_url(return_url)
    # ₹13,00,000 reported through GeM against ₹10,00,000 of orders: flagged for the officer
    expect(page.locator('#reconciliation')).to_contain_text('जेम डेटा से भिन्न है')
    page.screenshot(path=str(artifacts / 'monthly-return-flagged-hi.png'), full_page=True)

    # the cell reads the note, writes its remarks and prepares it
    sign_in('samiksha.monthly')
    page.click('nav.menu >> text=रिपोर्ट')
    expect(page.locator('h1')).to_contain_text('मासिक टिप्पणी')
    row = page.locator(f'#note-department-{department.id}')
    expect(row).to_contain_text('86.7 %')  # 13,00,000 of 15,00,000
    expect(row).to_contain_text('66.7 %')  # 10,00,000 of 15,00,000 as per the GeM data
    expect(row).to_contain_text('भिन्न (+30.0 %)')
    expect(page.locator('table.hbar-chart')).to_have_count(2)
    page.fill('#remarks', 'लोक निर्माण विभाग से जेम डेटा से अन्तर का स्पष्टीकरण माँगा गया है।')
    page.click('#note-remarks button')
    expect(page.locator('.flash-success')).to_contain_text('अभ्युक्ति सहेज ली गई')
    page.screenshot(path=str(artifacts / 'monthly-note-hi.png'), full_page=True)
    page.click('#prepare-note')
    expect(page).to_have_url(re.compile(r'/documents/\d+$'))
    document_url = page.url

    # the In-charge approves and issues it
    sign_in('prabhari.monthly')
    page.goto(document_url)
    page.click('form[action$="/approve"] button')
    expect(page.locator('.flash-success')).to_contain_text('अभिलेख अनुमोदित हो गया')
    page.click('form[action$="/issue"] button')
    expect(page.locator('.flash-success')).to_contain_text('अभिलेख निर्गत हो गया', timeout=60_000)
    page.screenshot(path=str(artifacts / 'monthly-note-issued-hi.png'), full_page=True)
    page.goto(f'{live_server}/reports/scorecard')
    expect(page.locator(f'#score-department-{department.id}')).to_be_visible()
    page.screenshot(path=str(artifacts / 'scorecard-hi.png'), full_page=True)
