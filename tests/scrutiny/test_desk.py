"""The review desk: the queue of findings, the bid and order pages, review and referral of findings."""
import re
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.gemdata.models import BidderState, BuyingMode
from gemcell.scrutiny.models import Finding, FindingState
from gemcell.scrutiny.rules import REGISTRY

HTMX = {'HX-Request': 'true'}
EMD_EVIDENCE = {'params': {'emd_inr': '900000', 'share': '9', 'estimated_inr': '10000000', 'minimum': '2',
                           'maximum': '5'},
                'thresholds': [{'name': 'emd.max_percent', 'value': '5', 'effective_from': '2017-07-25',
                                'version': 'GFR-170-RANGE'}]}


def html_of(response) -> str:
    return response.get_data(as_text=True)


def fresh(db, finding) -> Finding:
    db.session.expire_all()
    return db.session.get(Finding, finding.id)


@pytest.fixture
def queue(db, create_department, create_bid, create_finding):
    """Findings of two departments in every state, with the bids they are about."""
    first, second = create_department(), create_department()
    bids = {name: create_bid(buyer_department=department, number=f'GEM/2024/B/{number}')
            for name, department, number in (('deviation', first, 4000001), ('confirmed', second, 4000002),
                                             ('superseded', first, 4000003), ('duty9', second, 4000004))}
    findings = {
        'deviation': create_finding(bid=bids['deviation'], rule_id='GFR-170-RANGE', evidence=EMD_EVIDENCE,
                                    judged_date=date(2024, 1, 10)),
        'confirmed': create_finding(bid=bids['confirmed'], rule_id='CARD-R018', state='confirmed',
                                    judged_date=date(2024, 3, 5)),
        'superseded': create_finding(bid=bids['superseded'], rule_id='CARD-R003', state='superseded',
                                     evidence={'params': {'days': '5', 'minimum': '15'}},
                                     judged_date=date(2024, 2, 1)),
        'duty9': create_finding(bid=bids['duty9'], rule_id='CARD-R036', judged_date=date(2024, 4, 1),
                                evidence={'params': {'lowest_inr': '1000', 'bidder': 'M/S Cheapest',
                                                     'state': 'Rejected'}}),
    }
    db.session.commit()
    return {'departments': (first, second), 'bids': bids, 'findings': findings}


def numbers(html: str) -> set[str]:
    return set(re.findall(r'GEM/2024/B/400000\d', html))


# --- the queue -------------------------------------------------------------------------------------------------

def test_queue_shows_open_findings_by_default(client, login_as, queue):
    login_as('reviewer')
    html = html_of(client.get('/scrutiny/'))
    assert numbers(html) == {'GEM/2024/B/4000001', 'GEM/2024/B/4000004'}
    # the rendered message and the rule's title, in Hindi
    assert 'ई0एम0डी0 अनुमानित मूल्य' in html and '₹9,00,000.00' in html
    assert 'EMD outside' not in html and 'EMD share of' not in html  # no English title for a Hindi reader


@pytest.mark.parametrize('query, expected', [
    ('state=confirmed', {'4000002'}),
    ('state=live', {'4000001', '4000002', '4000004'}),
    ('state=superseded', {'4000003'}),
    ('state=all', {'4000001', '4000002', '4000003', '4000004'}),
    ('state=all&severity=deviation', {'4000001'}),
    ('state=all&rule=CARD-R018', {'4000002'}),
    ('state=all&duty9=yes', {'4000004'}),
    ('state=all&from=2024-02-01&until=2024-03-31', {'4000002', '4000003'}),
    ('state=all&q=4000003', {'4000003'}),
    ('state=all&severity=nonsense&page=99', {'4000001', '4000002', '4000003', '4000004'}),
])
def test_queue_filters(client, login_as, queue, query, expected):
    login_as('reviewer')
    html = html_of(client.get(f'/scrutiny/?{query}'))
    assert numbers(html) == {f'GEM/2024/B/{n}' for n in expected}


def test_queue_filters_by_department(client, login_as, queue):
    login_as('reviewer')
    first = queue['departments'][0]
    html = html_of(client.get(f'/scrutiny/?state=all&department={first.id}'))
    assert numbers(html) == {'GEM/2024/B/4000001', 'GEM/2024/B/4000003'}


def test_queue_is_sorted_gravest_first_and_sortable(client, login_as, queue):
    login_as('reviewer')
    html = html_of(client.get('/scrutiny/?state=all'))
    assert html.index('4000001') < html.index('4000002') < html.index('4000003')  # deviation, advisory, info
    html = html_of(client.get('/scrutiny/?state=all&sort=-judged'))
    assert html.index('4000004') < html.index('4000002') < html.index('4000003') < html.index('4000001')


def test_queue_sorts_by_number_and_pages_in_order(client, login_as, queue):
    login_as('reviewer')
    html = html_of(client.get('/scrutiny/?state=all&sort=-number'))
    assert html.index('4000004') < html.index('4000003') < html.index('4000002') < html.index('4000001')
    # one finding a page: the pages walk the queue's order (gravest first), each finding once
    pages = [numbers(html_of(client.get(f'/scrutiny/?state=all&per_page=1&page={page}'))) for page in range(1, 5)]
    assert pages[0] == {'GEM/2024/B/4000001'}  # the deviation
    assert all(len(found) == 1 for found in pages)
    assert set().union(*pages) == {f'GEM/2024/B/400000{n}' for n in range(1, 5)}


def test_queue_of_one_severity_lists_the_latest_first(client, login_as, queue, db, create_finding):
    login_as('reviewer')
    later = create_finding(bid=queue['bids']['superseded'], rule_id='GFR-170-RANGE', judged_date=date(2024, 5, 1))
    db.session.commit()
    html = html_of(client.get('/scrutiny/?state=all&severity=deviation'))
    assert numbers(html) == {'GEM/2024/B/4000001', 'GEM/2024/B/4000003'}
    assert later.severity.value == 'deviation' and html.index('4000003') < html.index('4000001')


def test_queue_htmx_request_gets_the_table_fragment(client, login_as, queue):
    login_as('reviewer')
    response = client.get('/scrutiny/?state=all&severity=deviation', headers=HTMX)
    html = html_of(response)
    assert response.status_code == 200
    assert '<html' not in html and html.lstrip().startswith('<div id="findings-table"')
    assert 'HX-Request' in response.headers['Vary']


def test_queue_exports_csv_and_xlsx(client, login_as, queue, db):
    reviewer = login_as('reviewer')
    finding = queue['findings']['confirmed']
    finding.reviewed_by_id, finding.remark = reviewer.id, 'एक ही निविदा, पुनः निविदा नहीं'
    db.session.commit()
    response = client.get('/scrutiny/?state=all&format=csv')
    assert response.status_code == 200 and response.mimetype == 'text/csv'
    text = response.get_data().decode('utf-8-sig')
    header = text.splitlines()[0]
    assert header.count(',') == 9 and 'नियम' in header and 'टिप्पणी' in header
    row = next(line for line in text.splitlines() if 'GEM/2024/B/4000002' in line)
    assert 'CARD-R018' in row and 'परामर्शी' in row and 'पुष्ट' in row and reviewer.name in row
    assert 'पुनः निविदा नहीं' in row and '2024-03-05' in row
    assert 'GEM/2024/B/4000001' in text and 'GEM/2024/B/4000003' in text
    xlsx = client.get('/scrutiny/?state=open&format=xlsx')
    assert xlsx.status_code == 200 and xlsx.data[:2] == b'PK'


# --- department scope and read-only roles ------------------------------------------------------------------------

def test_nodal_officer_sees_only_own_departments_findings(client, login, create_user, queue):
    first, second = queue['departments']
    login(create_user(role='nodal', department=first))
    html = html_of(client.get('/scrutiny/?state=all'))
    assert numbers(html) == {'GEM/2024/B/4000001', 'GEM/2024/B/4000003'}
    csv = client.get('/scrutiny/?state=all&format=csv').get_data().decode('utf-8-sig')
    assert '4000001' in csv and '4000002' not in csv
    own, other = queue['bids']['deviation'], queue['bids']['confirmed']
    assert client.get(f'/scrutiny/bids/{own.id}').status_code == 200
    response = client.get(f'/scrutiny/bids/{other.id}')
    assert response.status_code == 404 and other.number not in html_of(response)
    assert client.get(f"/scrutiny/findings/{queue['findings']['confirmed'].id}").status_code == 404
    # a write on another department's finding does not even reveal that it exists
    assert client.post(f"/scrutiny/findings/{queue['findings']['confirmed'].id}/review",
                       data={f"f{queue['findings']['confirmed'].id}-decision": 'dismiss'}).status_code == 404


@pytest.mark.parametrize('role', ['nodal', 'government'])
def test_read_only_roles_see_no_buttons_and_are_refused(db, client, login_as, queue, role):
    department = queue['departments'][1]
    login_as(role, department=department) if role == 'nodal' else login_as(role)
    bid = queue['bids']['confirmed']
    finding = queue['findings']['confirmed']
    html = html_of(client.get(f'/scrutiny/bids/{bid.id}'))
    assert finding.rule_id in html
    assert '/review"' not in html and '/cases/new' not in html and '/recommendation"' not in html
    assert f'f{finding.id}-decision' not in html
    assert client.post(f'/scrutiny/findings/{finding.id}/review',
                       data={f'f{finding.id}-decision': 'dismiss', f'f{finding.id}-remark': 'no'}).status_code == 403
    assert client.post(f'/scrutiny/bids/{bid.id}/recommendation').status_code == 403
    assert fresh(db, finding).state is FindingState.confirmed and fresh(db, finding).referred_dt is None


# --- review ------------------------------------------------------------------------------------------------------

def test_reviewer_sees_review_buttons(client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['deviation']
    html = html_of(client.get(f"/scrutiny/bids/{queue['bids']['deviation'].id}"))
    assert f'/scrutiny/findings/{finding.id}/review' in html
    assert f'name="f{finding.id}-decision" value="confirm"' in html
    assert f'name="f{finding.id}-decision" value="dismiss"' in html
    assert 'value="reopen"' not in html  # it is open already


def test_dismissal_without_remark_is_refused_in_hindi(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['deviation']
    response = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                           data={f'f{finding.id}-decision': 'dismiss', f'f{finding.id}-remark': '   '})
    assert response.status_code == 422
    html = html_of(response)
    assert 'आपत्ति खारिज करने हेतु टिप्पणी अनिवार्य है' in html
    assert '<html' not in html and f'id="finding-{finding.id}"' in html
    stored = fresh(db, finding)
    assert stored.state is FindingState.open and stored.reviewed_by_id is None and stored.remark is None


def test_dismissal_without_remark_without_htmx_shows_the_finding_page(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['deviation']
    response = client.post(f'/scrutiny/findings/{finding.id}/review', data={f'f{finding.id}-decision': 'dismiss'})
    assert response.status_code == 422 and '<html' in html_of(response)
    assert 'आपत्ति खारिज करने हेतु टिप्पणी अनिवार्य है' in html_of(response)
    assert fresh(db, finding).state is FindingState.open


def test_unknown_decision_is_refused(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['deviation']
    response = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                           data={f'f{finding.id}-decision': 'superseded'})
    assert response.status_code == 422 and fresh(db, finding).state is FindingState.open


def test_confirm_records_reviewer_time_and_remark(db, client, login_as, queue):
    reviewer = login_as('reviewer')
    finding = queue['findings']['deviation']
    before = datetime.now(timezone.utc)
    response = client.post(f'/scrutiny/findings/{finding.id}/review',
                           data={f'f{finding.id}-decision': 'confirm', f'f{finding.id}-remark': 'ई0एम0डी0 9%'})
    assert response.status_code == 303
    assert response.headers['Location'].endswith(f"/scrutiny/bids/{queue['bids']['deviation'].id}"
                                                 f"#finding-{finding.id}")
    stored = fresh(db, finding)
    assert stored.state is FindingState.confirmed and stored.reviewed_by_id == reviewer.id
    assert before <= stored.reviewed_dt <= datetime.now(timezone.utc) and stored.remark == 'ई0एम0डी0 9%'
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.model == 'findings',
                                                          AuditEntry.object_id == str(finding.id))
                              .order_by(AuditEntry.id.desc()).limit(1))
    assert entry is not None and entry.user_id == reviewer.id and 'state' in entry.changes
    html = html_of(client.get(response.headers['Location']))
    assert reviewer.name in html and 'ई0एम0डी0 9%' in html and 'value="reopen"' in html


def test_htmx_review_swaps_the_finding_in_place(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['deviation']
    response = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                           data={f'f{finding.id}-decision': 'dismiss', f'f{finding.id}-remark': 'ई0एम0डी0 सही है'})
    assert response.status_code == 200
    html = html_of(response)
    assert '<html' not in html and html.lstrip().startswith(f'<article id="finding-{finding.id}"')
    assert 'HX-Request' in response.headers['Vary']
    trigger = response.headers['HX-Trigger']
    assert '"flash"' in trigger and 'findingsChanged' in trigger
    assert fresh(db, finding).state is FindingState.dismissed


def test_reopen_clears_the_reviewer(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['confirmed']
    client.post(f'/scrutiny/findings/{finding.id}/review', data={f'f{finding.id}-decision': 'reopen'})
    stored = fresh(db, finding)
    assert stored.state is FindingState.open and stored.reviewed_by_id is None and stored.reviewed_dt is None


def test_superseded_finding_cannot_be_reviewed(db, client, login_as, queue):
    login_as('reviewer')
    finding = queue['findings']['superseded']
    html = html_of(client.get(f'/scrutiny/findings/{finding.id}'))
    assert f'f{finding.id}-decision' not in html
    response = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                           data={f'f{finding.id}-decision': 'confirm'})
    assert response.status_code == 422 and 'अधिक्रमित' in html_of(response)
    assert fresh(db, finding).state is FindingState.superseded


# --- referral (duty 12) ------------------------------------------------------------------------------------------

def test_a_confirmed_finding_links_to_a_new_case_which_marks_it_referred(db, client, login_as, queue):
    from gemcell.cases.operations import open_case
    reviewer = login_as('reviewer')
    finding = queue['findings']['deviation']
    url = f'/cases/new?finding={finding.id}'
    assert url not in html_of(client.get(f'/scrutiny/findings/{finding.id}'))  # open: no link
    assert client.post(f'/scrutiny/findings/{finding.id}/refer').status_code == 404  # the old button's route is gone

    client.post(f'/scrutiny/findings/{finding.id}/review', data={f'f{finding.id}-decision': 'confirm'})
    assert url in html_of(client.get(f'/scrutiny/findings/{finding.id}'))
    form = html_of(client.get(url))
    assert f'value="{finding.id}" checked' in form or f'checked value="{finding.id}"' in form  # preselected

    case = open_case({'title': 'विचलन', 'firm_name': 'M/S Firm'}, reviewer, [fresh(db, finding)])
    db.session.commit()
    stored = fresh(db, finding)
    assert stored.referred_by_id == reviewer.id and stored.referred_dt is not None
    html = html_of(client.get(f'/scrutiny/findings/{finding.id}'))
    assert 'द्वारा संदर्भित' in html and reviewer.name in html and url not in html
    assert f'/cases/{case.id}"' in html


# --- bid and order pages -----------------------------------------------------------------------------------------

def test_bid_page_shows_facts_bidders_and_evidence(db, client, login_as, create_bid, create_finding):
    bid = create_bid(number='GEM/2025/B/7000001', category_name='Desktop Computers', estimated_value=1000000,
                     emd_amount=90000, emd_required=True, atc_text='Only HP or Dell make will be accepted.',
                     bidders=[{'name': 'M/S Alpha', 'state': BidderState.awarded, 'is_awarded': True,
                               'financial_value': 900000, 'rank': 1},
                              {'name': 'M/S Beta', 'state': BidderState.disqualified_technical,
                               'reason': 'OEM authorisation missing', 'status_raw': 'Rejected-Technical'}])
    create_finding(bid=bid, rule_id='GFR-170-RANGE', evidence=EMD_EVIDENCE | {'matches': ['HP', 'Dell']})
    create_finding(bid=bid, rule_id='CARD-R003', state='superseded',
                   evidence={'params': {'days': '5', 'minimum': '15'}})
    db.session.commit()
    login_as('reviewer')
    html = html_of(client.get(f'/scrutiny/bids/{bid.id}'))
    assert 'GEM/2025/B/7000001' in html and 'Desktop Computers' in html and '₹10,00,000.00' in html
    assert 'M/S Alpha' in html and 'M/S Beta' in html and 'OEM authorisation missing' in html
    assert 'Rejected-Technical' in html
    # the rule: source text, hint; the threshold with its version and date; the matched text highlighted
    assert 'जी0एफ0आर0 2017 नियम 170' in html and 'बयाना राशि सामान्यतः' in html
    assert 'GFR-170-RANGE</code>' in html and '25 जुलाई 2017' in html and '5%' in html
    assert '<mark>HP</mark>' in html and '<mark>Dell</mark>' in html
    # the superseded finding is folded away
    assert 'अधिक्रमित आपत्तियाँ' in html and 'CARD-R003' in html
    beta = next(b for b in bid.bidders if b.name == 'M/S Beta')
    assert f'id="verdict-{beta.id}"' in html


def test_split_findings_show_on_every_order_of_the_group(db, client, login_as, create_department, create_order):
    from gemcell.scrutiny.engine import scrutinise
    department = create_department()
    orders = [create_order(buyer_department=department, buyer_department_key='health', office_raw='CMO Lucknow',
                           category_name='Office Chair', buying_mode=BuyingMode.direct, total_value=value,
                           order_dt=datetime(2025, 1, day, 10, tzinfo=timezone.utc))
              for day, value in ((5, 40000), (12, 45000))]
    other = create_order(buyer_department=department, category_name='Printer', buying_mode=BuyingMode.direct,
                         total_value=10000, order_dt=datetime(2025, 1, 6, tzinfo=timezone.utc))
    scrutinise('all')
    db.session.commit()
    finding = db.session.scalar(sa.select(Finding).where(Finding.rule_id == 'GFR-149-SPLIT'))
    assert finding is not None and finding.order_id == orders[0].id
    login_as('reviewer')
    for order in orders:
        html = html_of(client.get(f'/scrutiny/orders/{order.id}'))
        assert 'GFR-149-SPLIT' in html
        assert orders[0].number in html and orders[1].number in html and '₹85,000.00' in html
    assert 'GFR-149-SPLIT' not in html_of(client.get(f'/scrutiny/orders/{other.id}'))
    # the queue links the finding to the order page
    assert f'/scrutiny/orders/{orders[0].id}' in html_of(client.get('/scrutiny/?rule=GFR-149-SPLIT'))


def test_gemdata_pages_link_to_the_scrutiny_pages(client, login_as, create_bid, create_order, db):
    bid, order = create_bid(), create_order()
    db.session.commit()
    login_as('government')
    assert f'/scrutiny/bids/{bid.id}' in html_of(client.get(f'/bids/{bid.id}'))
    assert f'/scrutiny/orders/{order.id}' in html_of(client.get(f'/orders/{order.id}'))


def test_admin_has_no_findings_but_the_thresholds(client, login_as, create_bid, db):
    bid = create_bid()
    db.session.commit()
    login_as('admin')
    html = html_of(client.get('/'))
    assert '/scrutiny/thresholds' in html and 'href="/scrutiny/"' not in html
    assert f'/scrutiny/bids/{bid.id}' not in html_of(client.get(f'/bids/{bid.id}'))


def test_rules_catalogue_lists_every_rule_with_thresholds_in_force(client, login_as):
    login_as('nodal')
    html = html_of(client.get('/scrutiny/rules'))
    for rule_id in REGISTRY:
        assert f'id="rule-{rule_id}"' in html
    assert 'GFR-149-V2' in html and 'प्रत्यक्ष क्रय की सीमा (जी0एफ0आर0 149)' in html


# --- CSRF (on, as in production) ---------------------------------------------------------------------------------

def test_review_forms_work_with_csrf_on(csrf_app, db, create_user, queue):
    from tests.conftest import csrf_token_from
    client = csrf_app.test_client()
    user = create_user(role='reviewer')
    token = csrf_token_from(client.get('/auth/login').get_data(as_text=True))
    client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery', 'csrf_token': token})
    finding = queue['findings']['deviation']
    data = {f'f{finding.id}-decision': 'confirm'}
    assert client.post(f'/scrutiny/findings/{finding.id}/review', data=data).status_code == 400
    page = html_of(client.get(f"/scrutiny/bids/{queue['bids']['deviation'].id}"))
    form_token = re.search(rf'action="/scrutiny/findings/{finding.id}/review".*?name="csrf_token" value="([^"]+)"',
                           page, re.S).group(1)
    # a plain form post (the form's own token) and an htmx post (the page's header token) both pass
    response = client.post(f'/scrutiny/findings/{finding.id}/review', data=data | {'csrf_token': form_token})
    assert response.status_code == 303 and fresh(db, finding).state is FindingState.confirmed
    header_token = csrf_token_from(page)
    response = client.post(f'/scrutiny/findings/{finding.id}/review', data={f'f{finding.id}-decision': 'reopen'},
                           headers={'HX-Request': 'true', 'X-CSRFToken': header_token})
    assert response.status_code == 200 and fresh(db, finding).state is FindingState.open


def test_the_bid_page_names_the_import_the_bid_came_from(client, login_as, create_bid, create_import_batch):
    batch = create_import_batch(shape='gepnic', filename='tenders-2024.zip')
    bid = create_bid(import_batch_id=batch.id)
    login_as('reviewer')
    response = client.get(f'/scrutiny/bids/{bid.id}')
    assert response.status_code == 200
    assert 'tenders-2024.zip' in response.get_data(as_text=True)


# --- two reviewers on one finding ----------------------------------------------------------------------------------

def test_a_decision_made_on_an_older_version_is_refused_not_lost(db, client, login_as, queue, create_user):
    finding = queue['findings']['deviation']
    seen = fresh(db, finding).version
    first = create_user(role='reviewer')
    # the first reviewer confirms; the second had the page open before that and dismisses
    first_client = client.application.test_client()
    with first_client:
        first_client.post('/auth/login', data={'login': first.login, 'password': 'correct horse battery'})
        assert first_client.post(f'/scrutiny/findings/{finding.id}/review',
                                 data={f'f{finding.id}-decision': 'confirm', f'f{finding.id}-version': seen}
                                 ).status_code == 303
    login_as('reviewer')
    response = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                           data={f'f{finding.id}-decision': 'dismiss', f'f{finding.id}-remark': 'गलत',
                                 f'f{finding.id}-version': seen})
    assert response.status_code == 409
    html = html_of(response)
    assert 'किसी अन्य समीक्षक' in html and 'value="reopen"' in html  # the current state: confirmed
    stored = fresh(db, finding)
    assert stored.state is FindingState.confirmed and stored.reviewed_by_id == first.id and stored.remark is None
    # with the version now shown, the second reviewer can decide knowingly
    again = client.post(f'/scrutiny/findings/{finding.id}/review', headers=HTMX,
                        data={f'f{finding.id}-decision': 'dismiss', f'f{finding.id}-remark': 'गलत',
                              f'f{finding.id}-version': stored.version})
    assert again.status_code == 200 and fresh(db, finding).state is FindingState.dismissed


def test_two_decisions_at_the_same_moment_cannot_both_win(db, queue, create_user):
    """Both sessions read version N; the first to flush wins, the second's flush finds no row of version N."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    finding_id = queue['findings']['deviation'].id
    first, second = create_user(role='reviewer'), create_user(role='reviewer')
    db.session.commit()
    with Session(db.engine) as one, Session(db.engine) as two:
        mine, theirs = one.get(Finding, finding_id), two.get(Finding, finding_id)
        assert mine.version == theirs.version
        mine.review(FindingState.confirmed, one.get(type(first), first.id), None, datetime.now(timezone.utc))
        one.commit()
        theirs.review(FindingState.dismissed, two.get(type(second), second.id), 'no', datetime.now(timezone.utc))
        with pytest.raises(StaleDataError):
            two.flush()
        two.rollback()
    assert fresh(db, queue['findings']['deviation']).state is FindingState.confirmed
