"""The helpdesk in a real browser: a nodal officer raises a ticket while the knowledge base suggests an answer
(htmx, debounced), the cell resolves it, the officer reopens it, the cell resolves it again and the officer closes
it. Screenshots are kept in test-artifacts/."""
import re

from playwright.sync_api import Page, expect

from gemcell.helpdesk import operations


def test_ticket_is_raised_with_a_suggestion_resolved_reopened_and_closed(page: Page, live_server, sign_in, db,
                                                                         create_department, create_user,
                                                                         create_ticket_category, artifacts):
    department = create_department(name_hi='चिकित्सा एवं स्वास्थ्य विभाग', name_en='Medical Health')
    category = create_ticket_category(code='bid_publish', name_hi='निविदा (बिड) सृजन', name_en='Bid creation')
    create_user(role='nodal', login='nodal.hd', name='डॉ0 मनोज त्रिपाठी', department=department)
    reviewer = create_user(role='reviewer', login='samiksha.hd', name='सुनीता वर्मा')
    operations.save_article(None, {
        'title': 'बिड प्रकाशित करते समय "डीडीओ मैप नहीं है" की त्रुटि', 'category_id': category.id,
        'problem': 'बिड प्रकाशित करते समय पोर्टल डीडीओ मैप नहीं है की त्रुटि दिखाता है।',
        'fix': 'प्राइमरी यूज़र "Manage Users" में क्रेता के सामने डीडीओ चुनकर सहेजें।', 'is_published': True}, reviewer)
    db.session.commit()

    # the officer starts a ticket; as the problem is typed, the knowledge base offers its answer
    sign_in('nodal.hd')
    page.click('nav.menu >> text=हेल्पडेस्क')
    expect(page.locator('h1')).to_contain_text('हेल्पडेस्क')
    page.click('#new-ticket')
    expect(page.locator('h1')).to_contain_text('नई समस्या')
    page.select_option('#category_id', str(category.id))
    page.fill('#subject', 'बिड प्रकाशित नहीं हो रही')
    page.type('#description', 'बिड प्रकाशित करते समय डीडीओ की त्रुटि आ रही है', delay=5)
    suggestion = page.locator('#kb-suggestions .kb-suggestion')
    expect(suggestion.first).to_contain_text('डीडीओ मैप नहीं है', timeout=10000)
    expect(suggestion.first.locator('mark').first).to_be_visible()
    page.screenshot(path=str(artifacts / 'helpdesk-new-ticket-suggestion-hi.png'), full_page=True)
    page.fill('#references', 'GEM/2026/B/6974734')
    page.click('#submit-ticket')
    expect(page).to_have_url(re.compile(r'/helpdesk/\d+$'))
    expect(page.locator('.flash-success')).to_contain_text('दर्ज हो गई है')
    ticket_url = page.url
    expect(page.locator('#sla-clock')).to_contain_text('समय-सीमा')
    expect(page.locator('#resolve')).to_have_count(0)

    # the cell takes it up and resolves it
    sign_in('samiksha.hd')
    page.goto(ticket_url)
    page.click('#start-work')
    expect(page.locator('.ticket-state')).to_contain_text('कार्यवाही प्रचलित')
    page.fill('#resolution', 'प्राइमरी यूज़र से क्रेता की प्रोफाइल में डीडीओ मैप कराया गया।')
    page.click('#resolve')
    expect(page.locator('.ticket-state')).to_contain_text('निराकृत')
    page.screenshot(path=str(artifacts / 'helpdesk-resolved-hi.png'), full_page=True)

    # the officer finds it still failing and reopens it
    sign_in('nodal.hd')
    page.goto(ticket_url)
    expect(page.locator('.resolution')).to_contain_text('डीडीओ मैप')
    page.fill('#reason', 'डीडीओ मैप होने के बाद भी बिड प्रकाशित नहीं हो रही।')
    page.click('#reopen')
    expect(page.locator('.ticket-state')).to_contain_text('कार्यवाही प्रचलित')
    expect(page.locator('#messages')).to_contain_text('पुनः खोली गई')

    # the cell resolves it again; the officer confirms and closes it
    sign_in('samiksha.hd')
    page.goto(ticket_url)
    page.fill('#resolution', 'ब्राउज़र का कैश साफ़ कराने पर बिड प्रकाशित हो गई।')
    page.click('#resolve')
    expect(page.locator('.ticket-state')).to_contain_text('निराकृत')
    sign_in('nodal.hd')
    page.goto(ticket_url)
    page.click('#close-ticket')
    expect(page.locator('.ticket-state')).to_contain_text('बन्द')
    expect(page.locator('#history')).to_contain_text('पुनः खोली')  # the reopening stays in the history
    expect(page.locator('#reopen')).to_be_visible()  # still within the days allowed to reopen
    page.screenshot(path=str(artifacts / 'helpdesk-closed-hi.png'), full_page=True)
