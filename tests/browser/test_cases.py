"""A debarment / blacklisting case in a real browser: opened from a confirmed finding on the review desk, the
show-cause letters drafted by the reviewer and issued by the In-charge, a reply recorded, the evidence pack prepared
and the case referred; the case page is saved as a screenshot in Hindi."""
import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from gemcell.cases.queries import today
from tests.cases.conftest import manual_l1  # noqa: F401 (the fixture)


def test_a_case_from_a_confirmed_finding_to_the_reference(page: Page, live_server, sign_in, db, create_user, manual_l1,
                                                          artifacts):
    create_user(role='reviewer', login='samiksha.case', name='सुनीता वर्मा')
    create_user(role='cell_head', login='prabhari.case', name='राजेश कुमार', designation='प्रभारी, जेम सेल')
    db.session.commit()

    sign_in('samiksha.case')
    page.goto(f'{live_server}/scrutiny/findings/{manual_l1["finding"].id}')
    page.click('text=डिबार / ब्लैकलिस्ट प्रकरण खोलें')
    expect(page.locator('#buyer_gem_user_id')).to_have_value('ee.pd.lko')
    page.fill('#buyer_name', 'श्री विनोद कुमार')
    page.select_option('#department_id', str(manual_l1['department'].id))
    page.click('button:has-text("प्रकरण खोलें")')
    expect(page).to_have_url(re.compile(r'/cases/\d+$'))
    case_url = page.url
    expect(page.locator('.flash-success')).to_contain_text('प्रारूप के रूप में खोला गया')

    page.fill('#letters-reply_due', (today() + timedelta(days=15)).isoformat())
    page.click('#letters button')
    expect(page.locator('.flash-success')).to_contain_text('कारण बताओ पत्र')

    sign_in('prabhari.case')
    page.goto(case_url)
    page.once('dialog', lambda dialog: dialog.accept())
    page.click('#issue button')
    # two letters are rendered and stored: slower than a page on a busy machine
    expect(page.locator('.flash-success')).to_contain_text('कारण बताओ नोटिस जारी कर दिया गया', timeout=30000)
    expect(page.locator('.case-state-show_cause_issued')).to_be_visible()

    sign_in('samiksha.case')
    page.goto(case_url)
    page.click('summary:has-text("उत्तर दर्ज करें")')
    page.fill('#reply-received_date', today().isoformat())
    page.fill('#reply-text', 'विभाग का स्पष्टीकरण: तकनीकी समिति की संस्तुति पर क्रय किया गया।')
    page.click('#reply button')
    expect(page.locator('.case-state-replies_received')).to_be_visible()
    page.click('summary:has-text("निष्कर्ष दर्ज करें")')
    page.fill('#conclusion-conclusion', 'स्पष्टीकरण संतोषजनक नहीं है।')
    page.click('#conclusion button')
    expect(page.locator('.flash-success', has_text='सेल का निष्कर्ष सहेज लिया गया')).to_be_visible()
    page.click('#pack button')
    # the pack's PDF is rendered in the request: give a busy machine time
    expect(page.locator('.flash-success', has_text='साक्ष्य-पत्रावली का प्रारूप तैयार है')).to_be_visible(timeout=30_000)
    page.screenshot(path=str(artifacts / 'case-hi.png'), full_page=True)

    sign_in('prabhari.case')
    page.goto(case_url)
    page.once('dialog', lambda dialog: dialog.accept())
    page.click('#refer button')
    expect(page.locator('.case-state-referred')).to_be_visible(timeout=30000)
    expect(page.locator('#decide')).to_be_visible()
