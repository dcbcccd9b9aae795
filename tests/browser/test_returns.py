"""A fortnightly return through the htmx form, in a real browser: filed with an added reason row, returned with a
remark, corrected and resubmitted, then accepted after the reviewer has seen what changed."""
import re

from playwright.sync_api import Page, expect


def test_return_is_filed_returned_corrected_and_accepted(page: Page, live_server, sign_in, db, create_department,
                                                         create_user, create_list_item, artifacts):
    department = create_department(name_hi='चिकित्सा एवं स्वास्थ्य विभाग', name_en='Medical Health')
    create_list_item(code='docs', name_hi='आवश्यक अभिलेख अपूर्ण', name_en='Documents incomplete')
    create_list_item(code='bank', name_hi='बैंक खाता सत्यापित नहीं', name_en='Bank account not verified')
    create_list_item(kind='problem_category', code='portal', name_hi='पोर्टल की तकनीकी समस्या', name_en='Portal')
    create_user(role='nodal', login='nodal.browser', name='डॉ0 मनोज त्रिपाठी', department=department)
    create_user(role='reviewer', login='samiksha.browser', name='सुनीता वर्मा')
    db.session.commit()

    # the officer opens Returns: this fortnight's return is waiting as a draft
    sign_in('nodal.browser')
    page.click('nav.menu >> text=आख्याएँ')
    expect(page.locator('h1')).to_contain_text('पाक्षिक आख्याएँ')
    page.click('#returns-due >> a.button')
    expect(page).to_have_url(re.compile(r'/returns/\d+/edit$'))
    return_url = page.url.removesuffix('/edit')

    page.fill('#received', '120')
    page.fill('#registered', '90')
    page.fill('#pending', '30')
    page.select_option('#pending_reasons-0-reason', 'docs')
    page.fill('#pending_reasons-0-count', '25')
    # a second reason row, added in place by htmx
    page.evaluate('window.__not_reloaded = true')
    page.click('#add-reason')
    expect(page.locator('#reasons-rows .return-row')).to_have_count(2)
    page.select_option('#pending_reasons-1-reason', 'other')
    page.fill('#pending_reasons-1-other', 'फर्म ने आवेदन वापस लिया')
    page.fill('#pending_reasons-1-count', '4')
    assert page.evaluate('window.__not_reloaded') is True
    page.fill('#gem_orders', '14')
    page.fill('#gem_value', '₹ 18,50,000')
    page.check('input[name=problem_categories][value=portal]')

    # the reasons add up to 29, not 30: the form says so, and keeps what was typed
    page.click('button[value=submit]')
    expect(page.locator('.field.has-error').first).to_be_visible()
    expect(page.locator('body')).to_contain_text('कारणवार लम्बित प्रार्थना पत्रों का योग 29 है')
    expect(page.locator('#pending_reasons-1-other')).to_have_value('फर्म ने आवेदन वापस लिया')
    page.screenshot(path=str(artifacts / 'return-form-error-hi.png'), full_page=True)
    page.fill('#pending_reasons-0-count', '26')
    page.click('button[value=submit]')
    expect(page).to_have_url(return_url)
    expect(page.locator('.flash-success')).to_contain_text('आख्या जेम सेल को प्रस्तुत कर दी गई है')

    # the reviewer returns it with a remark
    sign_in('samiksha.browser')
    page.goto(return_url)
    page.fill('#remark', 'लम्बित प्रार्थना पत्रों का कारणवार विवरण पंजिका से मिलान कर पुनः दें।')
    page.click('button[value=return]')
    expect(page.locator('.flash-success')).to_contain_text('संशोधन हेतु विभाग को वापस')

    # the officer corrects and resubmits
    sign_in('nodal.browser')
    page.goto(return_url)
    page.click('#edit-return')
    expect(page.locator('.reviewer-remark')).to_contain_text('पंजिका से मिलान')
    page.fill('#pending_reasons-0-count', '20')
    page.click('#add-reason')
    expect(page.locator('#reasons-rows .return-row')).to_have_count(3)
    page.select_option('#pending_reasons-2-reason', 'bank')
    page.fill('#pending_reasons-2-count', '6')
    page.click('button[value=submit]')
    expect(page).to_have_url(return_url)

    # the reviewer sees what changed and accepts
    sign_in('samiksha.browser')
    page.goto(return_url)
    diff = page.locator('#version-diff')
    expect(diff).to_contain_text('लम्बित: आवश्यक अभिलेख अपूर्ण')
    expect(diff).to_contain_text('लम्बित: बैंक खाता सत्यापित नहीं')
    page.screenshot(path=str(artifacts / 'return-diff-hi.png'), full_page=True)
    page.click('button[value=accept]')
    expect(page.locator('.flash-success')).to_contain_text('आख्या स्वीकार कर ली गई है')
    expect(page.locator('.page-head .badge')).to_have_text('स्वीकृत')

    page.goto(f'{live_server}/returns/grid')
    expect(page.locator('#returns-grid')).to_contain_text('स्वीकृत')
    page.screenshot(path=str(artifacts / 'returns-grid-hi.png'), full_page=True)
