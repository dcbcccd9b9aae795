"""Open contracting in a real browser: the reviewer computes the red flags over the State's data from the desk and
sees the flagged department first with the fences; the bids list offers its bids as OCDS."""
import json

from playwright.sync_api import Page, expect

from gemcell.gemdata.models import BidderState


def test_reviewer_computes_red_flags_and_downloads_ocds(page: Page, live_server, sign_in, db, create_department,
                                                        create_bid, create_user, artifacts):
    departments = [create_department(code=f'B{i}', name_hi=f'विभाग {i}', name_en=f'Department {i}') for i in range(4)]
    irrigation = create_department(code='IRRIG', name_hi='सिंचाई विभाग', name_en='Irrigation')
    for department in departments:
        for _ in range(2):
            create_bid(buyer_department=department, bidders=[
                {'name': 'शिव ट्रेडर्स', 'state': BidderState.awarded, 'is_awarded': True},
                {'name': 'राम एंटरप्राइजेज', 'state': BidderState.qualified}])
    for _ in range(2):
        create_bid(buyer_department=irrigation, bidders=[
            {'name': 'शिव ट्रेडर्स', 'state': BidderState.awarded, 'is_awarded': True},
            {'name': 'राम एंटरप्राइजेज', 'state': BidderState.disqualified_technical},
            {'name': 'माँ दुर्गा सप्लायर्स', 'state': BidderState.disqualified_technical}])
    create_user(role='reviewer', login='samiksha.flags', name='सुनीता वर्मा')
    db.session.commit()

    sign_in('samiksha.flags')
    page.goto(f'{live_server}/scrutiny/')
    page.click('.desk-nav >> text=प्रदेश के आँकड़ों पर रेड फ़्लैग')
    expect(page.locator('h1')).to_contain_text('प्रदेश के आँकड़ों पर रेड फ़्लैग')
    expect(page.locator('main')).to_contain_text('अभी गणना नहीं की गई है।')
    page.click('text=पुनः गणना करें')
    expect(page.locator('main')).to_contain_text('10 निविदाओं पर रेड फ़्लैग की पुनः गणना की गई।')
    first = page.locator('tr.flagged').first
    expect(first).to_contain_text('सिंचाई विभाग')
    expect(first).to_contain_text('R038')
    page.screenshot(path=str(artifacts / 'red_flags.png'), full_page=True)

    page.goto(f'{live_server}/bids/')
    with page.expect_download() as download:
        page.click('text=release package')
    document = json.loads(download.value.path().read_text(encoding='utf-8'))
    assert len(document['releases']) == 10 and document['version'] == '1.1'
