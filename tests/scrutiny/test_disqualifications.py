"""Disqualification review (duty 9): the queue, the verdict on each disqualified bidder, and follow-up."""
import pytest
import sqlalchemy as sa

from gemcell.gemdata.models import BidderState
from gemcell.scrutiny.models import DisqualificationReview, Verdict

HTMX = {'HX-Request': 'true'}
R036 = {'params': {'lowest_inr': '90000', 'bidder': 'M/S Cheapest', 'state': 'Rejected-Technical'}}


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def dq(db, create_department, create_bid, create_finding):
    """A bid on the duty-9 queue (lowest bid disqualified) and one with a disqualified bidder but no such finding."""
    department = create_department()
    bidders = [{'name': 'M/S Cheapest', 'state': BidderState.disqualified_technical, 'financial_value': 90000,
                'reason': 'Experience certificate not uploaded', 'status_raw': 'Rejected-Technical'},
               {'name': 'M/S Dearer', 'state': BidderState.awarded, 'is_awarded': True, 'financial_value': 120000},
               {'name': 'M/S Late', 'state': BidderState.not_admitted, 'reason': 'EMD not submitted'}]
    queued = create_bid(buyer_department=department, number='GEM/2025/B/8000001', bidders=bidders)
    create_finding(bid=queued, rule_id='CARD-R036', evidence=R036)
    other = create_bid(buyer_department=department, number='GEM/2025/B/8000002', bidders=[
        {'name': 'M/S Solo', 'state': BidderState.disqualified_technical, 'reason': 'Late'}])
    db.session.commit()
    by_name = {b.name: b for b in queued.bidders}
    return {'department': department, 'bid': queued, 'other': other, 'cheapest': by_name['M/S Cheapest'],
            'dearer': by_name['M/S Dearer'], 'late': by_name['M/S Late']}


def reviews(db) -> list[DisqualificationReview]:
    db.session.expire_all()
    return db.session.scalars(sa.select(DisqualificationReview)).all()


def test_queue_lists_bids_with_a_disqualification_finding(client, login_as, dq):
    login_as('reviewer')
    html = html_of(client.get('/scrutiny/disqualifications'))
    assert 'GEM/2025/B/8000001' in html and 'GEM/2025/B/8000002' not in html
    assert 'CARD-R036' in html and 'Experience certificate not uploaded' in html and 'EMD not submitted' in html
    assert 'M/S Dearer' not in html  # not disqualified
    assert f'id="verdict-{dq["cheapest"].id}"' in html and f'/scrutiny/bidders/{dq["cheapest"].id}/verdict' in html


def test_government_reads_the_queue_without_forms(client, login_as, dq):
    login_as('government')
    html = html_of(client.get('/scrutiny/disqualifications'))
    assert 'Experience certificate not uploaded' in html and '/verdict' not in html
    assert client.post(f'/scrutiny/bidders/{dq["cheapest"].id}/verdict',
                       data={f'b{dq["cheapest"].id}-verdict': 'correct'}).status_code == 403


def test_verdict_is_saved_and_editable(db, client, login_as, dq):
    reviewer = login_as('reviewer')
    bidder = dq['cheapest']
    response = client.post(f'/scrutiny/bidders/{bidder.id}/verdict', headers=HTMX,
                           data={f'b{bidder.id}-verdict': 'needs_inquiry', f'b{bidder.id}-note': 'Ask for the file'})
    assert response.status_code == 200
    html = html_of(response)
    assert '<html' not in html and html.lstrip().startswith(f'<div id="verdict-{bidder.id}"')
    assert 'HX-Request' in response.headers['Vary'] and 'verdictsChanged' in response.headers['HX-Trigger']
    [review] = reviews(db)
    assert review.verdict is Verdict.needs_inquiry and review.note == 'Ask for the file'
    assert review.bid_id == dq['bid'].id and review.department_id == dq['department'].id
    assert review.reviewed_by_id == reviewer.id
    # given again: the same row changes
    response = client.post(f'/scrutiny/bidders/{bidder.id}/verdict', data={f'b{bidder.id}-verdict': 'correct'})
    assert response.status_code == 303 and response.headers['Location'].endswith(
        f'/scrutiny/bids/{dq["bid"].id}#verdict-{bidder.id}')
    [review] = reviews(db)
    assert review.verdict is Verdict.correct and review.note is None


def test_incorrect_verdict_flags_the_bid_for_follow_up(db, client, login_as, dq):
    login_as('reviewer')
    bidder = dq['cheapest']
    html = html_of(client.get('/scrutiny/?state=all&followup=yes'))
    assert 'GEM/2025/B/8000001' not in html
    client.post(f'/scrutiny/bidders/{bidder.id}/verdict',
                data={f'b{bidder.id}-verdict': 'incorrect', f'b{bidder.id}-note': 'Certificate is in the bid'})
    assert reviews(db)[0].verdict is Verdict.incorrect
    queue = html_of(client.get('/scrutiny/?state=all&followup=yes'))
    assert 'GEM/2025/B/8000001' in queue and 'follow-up' in queue
    assert 'follow-up' in html_of(client.get(f'/scrutiny/bids/{dq["bid"].id}'))
    followup = html_of(client.get('/scrutiny/disqualifications?verdict=followup'))
    assert 'GEM/2025/B/8000001' in followup and 'follow-up' in followup


def test_incorrect_verdict_needs_a_note(db, client, login_as, dq):
    login_as('reviewer')
    bidder = dq['cheapest']
    response = client.post(f'/scrutiny/bidders/{bidder.id}/verdict', headers=HTMX,
                           data={f'b{bidder.id}-verdict': 'incorrect'})
    assert response.status_code == 422
    assert 'लिखें कि अनर्हता हेतु दिया गया कारण क्यों गलत है' in html_of(response)
    assert reviews(db) == []
    # without htmx: the bid page with the form's errors
    response = client.post(f'/scrutiny/bidders/{bidder.id}/verdict', data={f'b{bidder.id}-verdict': 'incorrect'})
    assert response.status_code == 422 and '<html' in html_of(response)
    assert 'लिखें कि अनर्हता हेतु दिया गया कारण क्यों गलत है' in html_of(response)
    assert reviews(db) == []


def test_no_verdict_on_a_bidder_that_was_not_disqualified(db, client, login_as, dq):
    login_as('reviewer')
    bidder = dq['dearer']
    response = client.post(f'/scrutiny/bidders/{bidder.id}/verdict', headers=HTMX,
                           data={f'b{bidder.id}-verdict': 'correct'})
    assert response.status_code == 422 and reviews(db) == []


def test_pending_filter_and_inbox_count(db, client, login_as, dq):
    login_as('reviewer')
    assert 'GEM/2025/B/8000001' in html_of(client.get('/scrutiny/disqualifications?verdict=pending'))
    for bidder in (dq['cheapest'], dq['late']):
        client.post(f'/scrutiny/bidders/{bidder.id}/verdict', data={f'b{bidder.id}-verdict': 'correct'})
    assert 'GEM/2025/B/8000001' not in html_of(client.get('/scrutiny/disqualifications?verdict=pending'))
    assert 'GEM/2025/B/8000001' in html_of(client.get('/scrutiny/disqualifications?verdict=done'))


def test_nodal_officer_cannot_reach_another_departments_bidder(client, login_as, create_department, dq):
    login_as('nodal', department=create_department())
    assert 'GEM/2025/B/8000001' not in html_of(client.get('/scrutiny/disqualifications'))
    assert client.post(f'/scrutiny/bidders/{dq["cheapest"].id}/verdict',
                       data={f'b{dq["cheapest"].id}-verdict': 'correct'}).status_code == 404


def test_disqualification_queue_exports(client, login_as, dq):
    login_as('reviewer')
    response = client.get('/scrutiny/disqualifications?format=csv')
    text = response.get_data().decode('utf-8-sig')
    assert response.status_code == 200 and 'GEM/2025/B/8000001' in text and 'CARD-R036' in text
    assert 'Experience certificate not uploaded' in text and 'निर्णय प्रतीक्षित' in text


def test_only_the_lowest_price_rejected_at_the_financial_stage_is_judged(db, client, login_as, create_bid,
                                                                         create_finding):
    bid = create_bid(number='GEM/2025/B/8000003', bidders=[
        {'name': 'M/S Lowest', 'state': BidderState.disqualified_financial, 'financial_value': 100,
         'reason': 'Price not workable'},
        {'name': 'M/S Winner', 'state': BidderState.awarded, 'is_awarded': True, 'financial_value': 150},
        {'name': 'M/S Dearest', 'state': BidderState.disqualified_financial, 'financial_value': 200,
         'reason': 'Not L1'}])
    create_finding(bid=bid, rule_id='CARD-R036', evidence=R036)
    db.session.commit()
    login_as('reviewer')
    by_name = {b.name: b for b in bid.bidders}
    lowest, dearest = by_name['M/S Lowest'], by_name['M/S Dearest']
    html = html_of(client.get('/scrutiny/disqualifications'))
    assert f'id="verdict-{lowest.id}"' in html and f'id="verdict-{dearest.id}"' not in html
    assert client.post(f'/scrutiny/bidders/{dearest.id}/verdict', headers=HTMX,
                       data={f'b{dearest.id}-verdict': 'correct'}).status_code == 422
    assert client.post(f'/scrutiny/bidders/{lowest.id}/verdict', headers=HTMX,
                       data={f'b{lowest.id}-verdict': 'correct'}).status_code == 200
    assert [r.bidder_id for r in reviews(db)] == [lowest.id]
