"""A direction in a real browser: the cell drafts it to two departments and the In-charge issues it; one department
answers every point with a file; the other stays silent, is reminded and escalated (the days injected), and the cell
sees it on its register with the reminder letter drafted. Screenshots in test-artifacts/."""
import re
from datetime import timedelta

import sqlalchemy as sa
import weasyprint
from playwright.sync_api import Page, expect


def test_direction_answered_by_one_department_and_escalated_for_the_other(page: Page, live_server, sign_in, db,
                                                                         create_department, create_user, artifacts,
                                                                         tmp_path):
    from gemcell.directives import operations
    from gemcell.directives.models import Addressee, Direction, DirectionLevel, ReplyState
    health = create_department(name_hi='चिकित्सा एवं स्वास्थ्य विभाग', name_en='Medical Health')
    pwd = create_department(name_hi='लोक निर्माण विभाग', name_en='Public Works')
    create_user(role='nodal', login='nodal.health.b', name='डॉ0 मनोज त्रिपाठी', department=health)
    create_user(role='nodal', login='nodal.pwd.b', name='आलोक श्रीवास्तव', department=pwd)
    create_user(role='reviewer', login='samiksha.b', name='सुनीता वर्मा')
    create_user(role='cell_head', login='prabhari.b', name='राजेश कुमार', designation='प्रभारी, जेम सेल')
    db.session.commit()

    # the reviewer drafts the direction to both departments
    sign_in('samiksha.b')
    page.click('nav.menu >> text=निर्देश')
    page.click('#new-direction')
    page.fill('#subject', 'लम्बित भुगतानों का निस्तारण')
    page.fill('#points', 'CRAC के 10 दिन से अधिक लम्बित भुगतान तत्काल करें।\nविलम्ब पर देय ब्याज का विवरण दें।')
    page.fill('#reference_number', '7/2024/18-5-2024')
    due = (operations.today() + timedelta(days=7)).isoformat()
    page.fill('#due_date', due)
    page.check(f'input[name=department_ids][value="{health.id}"]')
    page.check(f'input[name=department_ids][value="{pwd.id}"]')
    page.click('button[type=submit]')
    expect(page.locator('.flash-success')).to_contain_text('निर्देश का प्रारूप सहेज लिया गया है')
    expect(page).to_have_url(re.compile(r'/directions/\d+$'))
    direction_url = page.url
    expect(page.locator('#issue-direction')).to_have_count(0)  # a reviewer does not issue

    # the In-charge issues it: the memo is numbered
    sign_in('prabhari.b')
    page.goto(direction_url)
    page.click('#issue-direction')
    expect(page.locator('.flash-success')).to_contain_text('निर्देश निर्गत हो गया है')
    expect(page.locator('dl.facts').first).to_contain_text('GeM-Cell')
    page.screenshot(path=str(artifacts / 'direction-issued-hi.png'), full_page=True)

    # the health department answers both points, with a PDF
    pdf = tmp_path / 'भुगतान-आदेश.pdf'
    pdf.write_bytes(weasyprint.HTML(string='<p>भुगतान आदेश</p>').write_pdf())
    sign_in('nodal.health.b')
    expect(page.locator('.stat-action', has_text='उत्तर दिये जाने वाले निर्देश')).to_be_visible()
    page.click('nav.menu >> text=निर्देश')
    page.click('#directions-due >> a.button')
    page.fill('textarea[name^=action_] >> nth=0', 'सभी 14 आदेशों का भुगतान कर दिया गया है।')
    page.set_input_files('input[type=file] >> nth=0', str(pdf))
    page.click('#submit-report')  # the second point is empty: refused, nothing lost
    expect(page.locator('form.answer-form')).to_be_visible()
    expect(page.locator('main')).to_contain_text('बिन्दु 2 का उत्तर नहीं दिया गया है')
    page.fill('textarea[name^=action_] >> nth=0', 'सभी 14 आदेशों का भुगतान कर दिया गया है।')
    page.set_input_files('input[type=file] >> nth=0', str(pdf))
    page.fill('textarea[name^=action_] >> nth=1', 'ब्याज देय नहीं है: सभी भुगतान समय से हुए।')
    page.click('#submit-report')
    expect(page.locator('.flash-success')).to_contain_text('कृत कार्यवाही आख्या जेम सेल को प्रस्तुत कर दी गई है')
    expect(page.locator('body')).not_to_contain_text('लोक निर्माण विभाग')  # the other department is not shown
    expect(page.locator('a.attachment')).to_contain_text('भुगतान-आदेश.pdf')

    # the public works department stays silent: 15 days past the due date, the daily run escalates it
    direction = db.session.scalar(sa.select(Direction))
    escalation_day = direction.due_date + timedelta(days=15)
    operations.run_reminders(escalation_day - timedelta(days=14))
    operations.run_reminders(escalation_day)
    db.session.commit()
    db.session.expire_all()
    silent = db.session.scalar(sa.select(Addressee).filter_by(department_id=pwd.id))
    assert silent.escalated_level is DirectionLevel.commissioner and silent.state is ReplyState.awaiting

    # the cell classes the health department's points and sees the escalation
    sign_in('samiksha.b')
    page.goto(direction_url)
    health_box = page.locator('section.addressee', has_text='चिकित्सा एवं स्वास्थ्य विभाग')
    health_box.locator('select >> nth=0').select_option('complied')
    health_box.locator('select >> nth=1').select_option('not_applicable')
    health_box.locator('button[value=class]').click()
    expect(page.locator('.flash-success')).to_contain_text('बिन्दुओं का वर्गीकरण हो गया')
    health_box = page.locator('section.addressee', has_text='चिकित्सा एवं स्वास्थ्य विभाग')
    expect(health_box.locator('.addressee-head')).to_contain_text('अनुपालित')
    pwd_box = page.locator('section.addressee', has_text='लोक निर्माण विभाग')
    expect(pwd_box.locator('.escalation')).to_contain_text('आयुक्त एवं निदेशक, उद्योग')
    expect(pwd_box).to_contain_text('अनुस्मारक: समय-सीमा बीत चुकी')
    page.screenshot(path=str(artifacts / 'direction-compliance-hi.png'), full_page=True)
    pwd_box.locator('.escalation a').click()
    expect(page.locator('h1')).to_contain_text('अनुस्मारक: लम्बित भुगतानों का निस्तारण')
    page.screenshot(path=str(artifacts / 'direction-reminder-letter-hi.png'), full_page=True)
    page.goto(f'{live_server}/directions/register')
    expect(page.locator('#register-table')).to_contain_text('लोक निर्माण विभाग')
    page.screenshot(path=str(artifacts / 'directions-register-hi.png'), full_page=True)
