"""The pages: dashboard, drill-down State → department → office → order, the order's rules and formula, and the
bid's own timeline (the direction drafted from a department's page: ``test_direction.py``)."""
import sqlalchemy as sa

from gemcell.payments.models import BidPaymentTerm
from tests.payments.conftest import html_of


def test_dashboard_drills_down_from_the_state_to_the_order(ledger, client, login_as):
    login_as('government')
    department, (first, second) = ledger['department'], ledger['offices']
    html = html_of(client.get('/payments/'))
    assert f'/payments/departments/{department.id}"' in html and 'लोक निर्माण विभाग' in html
    html = html_of(client.get(f'/payments/departments/{department.id}'))
    assert f'/payments/offices/{second.id}"' in html
    e = ledger['orders']['e']
    assert f'/payments/orders/{e.id}"' in html  # the overdue list
    html = html_of(client.get(f'/payments/offices/{second.id}'))
    assert e.number in html and ledger['orders']['a'].number not in html
    assert client.get(f'/payments/orders/{e.id}').status_code == 200


def test_nodal_officer_sees_only_his_department(ledger, client, login):
    login(ledger['officer'])
    html = html_of(client.get('/payments/'))
    assert 'स्वास्थ्य विभाग' in html and 'लोक निर्माण विभाग' not in html
    assert client.get(f'/payments/departments/{ledger["other"].id}').status_code == 404
    assert client.get(f'/payments/orders/{ledger["orders"]["g"].id}').status_code == 404


def test_order_page_shows_the_rule_and_the_interest_formula(ledger, client, login_as):
    login_as('reviewer')
    b = ledger['orders']['b']
    html = html_of(client.get(f'/payments/orders/{b.id}'))
    assert 'GEM-GTC-PAY' in html and 'DOE-PENAL-INT' in html and 'MSMED-16' in html
    assert '÷ 30' in html  # value × rate × days ÷ 30


def test_overdue_orders_download(ledger, client, login_as):
    login_as('reviewer')
    csv = client.get(f'/payments/departments/{ledger["department"].id}?format=csv').get_data(as_text=True)
    assert ledger['orders']['e'].number in csv and ledger['orders']['c'].number not in csv  # c is paid


def test_reviewer_records_the_bids_own_payment_timeline(ledger, client, login_as, db, create_bid):
    bid = create_bid(buyer_department=ledger['department'])
    order = ledger['orders']['a']
    order.bid = bid
    db.session.commit()
    login_as('reviewer')
    response = client.post(f'/payments/orders/{order.id}/bid-terms', data={'days': '400'})
    assert response.status_code == 422 and '1 से 365' in html_of(response)
    response = client.post(f'/payments/orders/{order.id}/bid-terms', data={'days': '30', 'note': 'ATC clause 4'})
    assert response.status_code == 303
    term = db.session.scalar(sa.select(BidPaymentTerm).filter_by(bid_id=bid.id))
    assert term.days == 30
    html = html_of(client.get(f'/payments/orders/{order.id}'))
    assert 'BID-TIMELINE' in html


def test_nodal_officers_home_counts_overdue_payments(ledger, client, login):
    login(ledger['officer'])
    html = html_of(client.get('/'))
    assert 'विलम्बित भुगतान वाले आदेश, जिनका कारण अभी नहीं बताया गया' in html and '/payments/status' in html


def test_administrator_manages_the_reasons_for_delay(client, login_as, db, create_delay_reasons):
    from gemcell.payments.models import DelayReason
    create_delay_reasons()
    login_as('admin')
    assert 'बजट / धनराशि उपलब्ध नहीं' in html_of(client.get('/payments/reasons/'))
    response = client.post('/payments/reasons/', data={'code': 'budget', 'name_hi': 'x', 'name_en': 'x',
                                                       'position': '5', 'is_active': 'y'})
    assert response.status_code == 422  # the code is taken
    response = client.post('/payments/reasons/', data={'code': 'gem_portal', 'name_hi': 'जेम पोर्टल की समस्या',
                                                       'name_en': 'GeM portal problem', 'position': '5',
                                                       'is_active': 'y'})
    assert response.status_code == 303
    reason = db.session.scalar(sa.select(DelayReason).filter_by(code='gem_portal'))
    response = client.post(f'/payments/reasons/{reason.id}/edit', data={
        'code': 'gem_portal', 'name_hi': 'जेम पोर्टल की समस्या', 'name_en': 'GeM portal problem', 'position': '5'})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(DelayReason, reason.id).is_active is False  # no longer offered


def test_sellers_complaints_are_shown_with_the_order_they_name(ledger, client, login, create_user,
                                                                create_ticket_category, db):
    """Duty 6's dashboard links a seller's payment complaint (a helpdesk ticket naming the order) to the order; the
    nodal officer sees only his department's tickets."""
    from gemcell.helpdesk import operations as helpdesk
    category = create_ticket_category(code='seller_payment', name_hi='विक्रेता का भुगतान', name_en='Seller payment')
    reviewer = create_user(role='reviewer', locale='en')
    b, a = ledger['orders']['b'], ledger['orders']['a']
    b.number = 'GEMC-511687712345678'  # as GeM writes them: 15 digits
    db.session.commit()
    seller_ticket = helpdesk.create_ticket({
        'requester_kind': 'seller', 'seller_gem_id': 'SELLER0000777', 'seller_name': 'M/S Awadh Traders',
        'channel': 'phone', 'category_id': category.id, 'subject': 'भुगतान लम्बित',
        'description': 'CRAC के बाद भी भुगतान नहीं हुआ', 'references': b.number}, reviewer)
    officer_ticket = helpdesk.create_ticket({
        'category_id': category.id, 'subject': 'Bill awaited from the seller', 'description': 'Bill not received',
        'references': b.number}, ledger['officer'])
    db.session.commit()

    login(reviewer)
    html = html_of(client.get(f'/payments/orders/{b.id}'))
    assert f'/helpdesk/{seller_ticket.id}"' in html and 'भुगतान लम्बित' in html and 'M/S Awadh Traders' in html
    assert f'/helpdesk/{officer_ticket.id}"' in html
    assert 'No ticket names this order.' in html_of(client.get(f'/payments/orders/{a.id}'))
    dashboard = html_of(client.get('/payments/'))
    assert '2 open tickets name an order.' in dashboard
    assert f'/payments/orders/{b.id}"' in dashboard and seller_ticket.number in dashboard

    login(ledger['officer'])  # a seller's ticket is the cell's; the officer sees his department's own, in Hindi
    html = html_of(client.get(f'/payments/orders/{b.id}'))
    assert 'हेल्पडेस्क पर शिकायतें' in html
    assert f'/helpdesk/{officer_ticket.id}"' in html and seller_ticket.number not in html
    dashboard = html_of(client.get('/payments/'))
    assert '1 खुली शिकायत किसी आदेश से जुड़ी है।' in dashboard and seller_ticket.number not in dashboard
