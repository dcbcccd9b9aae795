"""A nodal officer's and a reviewer's first minutes, in a real browser."""
import re

from playwright.sync_api import Page, expect


def test_reviewer_signs_in_switches_language_and_filters_departments(page: Page, live_server, sign_in, db, runner,
                                                                     create_user, artifacts):
    runner.invoke(args=['gemcell', 'demo'])
    create_user(role='reviewer', login='samiksha', name='सुनीता वर्मा')
    sign_in('samiksha')
    expect(page.locator('h1')).to_have_text('मेरे कार्य')

    page.click('nav.menu >> text=विभाग')
    expect(page.locator('h1')).to_have_text('विभाग')
    rows = page.locator('#departments-table tbody tr')
    expect(rows).to_have_count(25)

    # filter in place: the table is swapped by htmx, the page is not reloaded, the URL follows
    page.evaluate('window.__not_reloaded = true')
    page.fill('#q', 'शिक्षा')
    expect(page).to_have_url(re.compile(r'q=%E0%A4%B6'))
    expect(rows).to_have_count(page.locator('#departments-table tbody tr').count())
    for text in rows.all_inner_texts():
        assert 'शिक्षा' in text
    assert rows.count() >= 3
    assert page.evaluate('window.__not_reloaded') is True

    page.fill('#q', '')
    expect(rows).to_have_count(25)
    page.select_option('#district', label='मैनपुरी')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('चिकित्सा')
    page.screenshot(path=str(artifacts / 'departments-hi.png'), full_page=True)

    # sort by offices, then switch to English: the filters survive the switch
    page.select_option('#district', value='')
    expect(rows).to_have_count(25)
    page.click('#departments-table th >> text=कार्यालय')
    expect(page).to_have_url(re.compile(r'sort=offices'))
    page.click('button:has-text("English")')
    expect(page.locator('h1')).to_have_text('Departments')
    expect(page).to_have_url(re.compile(r'sort=offices'))
    page.screenshot(path=str(artifacts / 'departments-en.png'), full_page=True)


def test_nodal_officer_sees_only_own_department(page: Page, live_server, sign_in, db, runner, create_user,
                                                 artifacts):
    from gemcell.directory.models import Department
    runner.invoke(args=['gemcell', 'demo'])
    health = db.session.scalar(db.select(Department).filter_by(code='HEALTH'))
    create_user(role='nodal', login='nodal.test', department=health)
    sign_in('nodal.test')
    page.click('nav.menu >> text=विभाग')
    rows = page.locator('#departments-table tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('HEALTH')
    expect(page.locator('nav.menu')).not_to_contain_text('उपयोगकर्ता')
    page.screenshot(path=str(artifacts / 'nodal-home.png'), full_page=True)
