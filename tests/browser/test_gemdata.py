"""The data mirror in a real browser: filter the bids in place, open one, map an imported department name."""
import re
from datetime import datetime, timezone
from decimal import Decimal

from playwright.sync_api import Page, expect

from gemcell.gemdata.models import BidderState


def test_reviewer_filters_bids_opens_one_and_maps_a_department_name(page: Page, live_server, sign_in, db, create_user,
                                                                    create_department, create_bid, create_alias,
                                                                    artifacts):
    health = create_department(code='HEALTH', name_hi='चिकित्सा एवं स्वास्थ्य विभाग')
    horticulture = create_department(code='HORT', name_hi='उद्यान विभाग')
    bid = create_bid(number='GEM/2025/B/6012345', title='हॉस्पिटल बेड', buyer_department=health,
                     estimated_value=Decimal('2345678'), published_dt=datetime(2025, 3, 4, 6, tzinfo=timezone.utc),
                     bidders=[{'name': 'M/S Ganga Furniture', 'rank': 1, 'state': BidderState.awarded,
                               'is_awarded': True, 'awarded_value': Decimal('2210400')},
                              {'name': 'M/S Awadh Traders', 'state': BidderState.disqualified_technical,
                               'reason': 'OEM authorisation not uploaded'}])
    alias = create_alias(name='Deptt. of Horticulture, U.P.')
    create_bid(number='GEM/2025/B/6056789', buyer_department_raw=alias.name, buyer_department_key=alias.key)
    create_user(role='reviewer', login='samiksha')
    db.session.commit()
    sign_in('samiksha')

    page.click('nav.menu >> text=निविदाएँ')
    page.wait_for_load_state()  # htmx set up on the new page: a choice made before is lost (a busy machine's race)
    rows = page.locator('#bids-table tbody tr')
    expect(rows).to_have_count(2)
    page.select_option('#department', str(health.id))
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(rf'department={health.id}'))
    expect(rows.first).to_contain_text('₹23,45,678.00')
    page.screenshot(path=str(artifacts / 'bids-hi.png'), full_page=True)

    rows.first.locator('a').first.click()
    expect(page).to_have_url(f'{live_server}/bids/{bid.id}')
    expect(page.locator('table.list').first).to_contain_text('L1')
    expect(page.locator('table.list').first).to_contain_text('तकनीकी रूप से अनर्ह')
    page.screenshot(path=str(artifacts / 'bid-hi.png'), full_page=True)

    # map the name in place: the row is swapped, the flash region says what happened
    page.goto(f'{live_server}/imports/aliases')
    row = page.locator(f'#alias-{alias.id}')
    row.locator('select').select_option(str(horticulture.id))
    row.locator('button').click()
    expect(page.locator('#flashes')).to_contain_text('उद्यान विभाग')
    expect(page.locator(f'#alias-{alias.id}')).to_contain_text('उद्यान विभाग से सम्बद्ध')
    page.goto(f'{live_server}/bids/?department={horticulture.id}')
    expect(page.locator('#bids-table tbody tr')).to_have_count(1)
