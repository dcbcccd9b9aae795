"""The home inbox's scrutiny entries: findings to review and verdicts awaited for the cell, the department's open
findings for its nodal officer."""
import re

from gemcell.gemdata.models import BidderState


def card(html: str, title: str) -> int | None:
    match = re.search(r'stat-value">([\d,]+)</span>\s*<span class="stat-label">' + re.escape(title), html)
    return int(match.group(1).replace(',', '')) if match else None


def test_reviewer_sees_findings_and_disqualifications_to_review(db, client, login_as, create_bid, create_finding):
    bid = create_bid(bidders=[{'name': 'M/S Out', 'state': BidderState.disqualified_technical, 'reason': 'x'},
                              {'name': 'M/S Won', 'state': BidderState.awarded, 'is_awarded': True}])
    create_finding(bid=bid, rule_id='CARD-R035')
    create_finding(rule_id='GFR-170-RANGE', evidence={'params': {}})
    create_finding(rule_id='GFR-170-EXEMPT', evidence={'params': {}}, state='confirmed')
    create_finding(rule_id='CARD-R018', state='superseded')
    db.session.commit()
    login_as('reviewer')
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'समीक्षा हेतु विचलन') == 1
    assert card(html, 'समीक्षा हेतु आपत्तियाँ') == 2
    assert card(html, 'निर्णय हेतु प्रतीक्षित अनर्हताएँ') == 1
    # deviations first
    assert html.index('समीक्षा हेतु विचलन') < html.index('समीक्षा हेतु आपत्तियाँ')
    assert '/scrutiny/disqualifications?verdict=pending' in html


def test_nodal_officer_sees_own_departments_open_findings(db, client, login, create_user, create_department,
                                                          create_finding):
    own, other = create_department(), create_department()
    create_finding(department=own)
    create_finding(department=own, state='dismissed', remark='x')
    create_finding(department=other)
    officer = create_user(role='nodal', department=own)
    login(officer)
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'आपके विभाग की निविदाओं पर खुली आपत्तियाँ') == 1
    assert card(html, 'समीक्षा हेतु आपत्तियाँ') is None


def test_government_and_admin_have_no_review_entries(client, login_as):
    for role in ('government', 'admin'):
        login_as(role)
        html = client.get('/').get_data(as_text=True)
        assert card(html, 'समीक्षा हेतु आपत्तियाँ') is None
        client.post('/auth/logout')
