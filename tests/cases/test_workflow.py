"""The case workflow: opened from confirmed findings (or by hand) → show-cause issued → replies received → referred
to Government → debarred / blacklisted (with the period and order) or dropped; who may take each step; every step
dated, on the timeline and in the audit trail; the messages in Hindi and English."""
from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from gemcell.cases import operations, queries
from gemcell.cases.models import Case, CaseState, EventKind, Party, Sanction, SanctionKind
from gemcell.core.audit import AuditEntry
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.documents.models import DocumentKind, DocumentState
from gemcell.extensions import db as _db
from tests.factories import small_pdf

PDF = small_pdf()


def html_of(response) -> str:
    return response.get_data(as_text=True)


def the_case() -> Case:
    _db.session.expire_all()
    return _db.session.scalars(sa.select(Case).order_by(Case.id.desc())).first()


def open_from(client, world) -> Case:
    response = client.post('/cases/new', data={
        'findings': [world['finding'].id, world['second'].id], 'title': 'Manual L-1 in GEM/2026/B/7001234',
        'department_id': world['department'].id, 'buyer_name': 'Ram Kumar', 'buyer_gem_user_id': 'ee.pd.lko',
        'buyer_designation': 'अधिशासी अभियन्ता', 'buyer_office': 'प्रान्तीय खण्ड, लखनऊ',
        'firm_name': 'M/S Shree Ganesh Traders', 'firm_gem_seller_id': 'SELLER-7788',
        'summary': 'न्यूनतम दर वाले बिडर को अस्वीकार कर दूसरे स्थान वाली फर्म को आदेश दिया गया।'})
    assert response.status_code == 303, html_of(response)
    case = the_case()
    assert response.headers['Location'].endswith(f'/cases/{case.id}')
    return case


def test_the_new_case_page_suggests_the_parties_from_the_finding(client, login_as, manual_l1):
    login_as('reviewer')
    html = html_of(client.get(f'/cases/new?finding={manual_l1["finding"].id}'))
    assert 'value="ee.pd.lko"' in html  # the bid's buyer user
    assert 'value="M/S Shree Ganesh Traders"' in html and 'value="SELLER-7788"' in html  # the winner
    assert f'value="{manual_l1["finding"].id}" checked' in html
    assert f'value="{manual_l1["second"].id}" checked' not in html  # offered, not chosen
    # from the bid's scrutiny page: the bid's confirmed findings are offered
    assert f'/cases/new?bid={manual_l1["bid"].id}' in html_of(client.get(f'/scrutiny/bids/{manual_l1["bid"].id}'))
    html = html_of(client.get(f'/cases/new?bid={manual_l1["bid"].id}'))
    assert f'value="{manual_l1["finding"].id}"' in html and f'value="{manual_l1["second"].id}"' in html


def test_a_case_opens_from_confirmed_findings_with_their_bid(client, login_as, manual_l1):
    reviewer = login_as('reviewer')
    case = open_from(client, manual_l1)
    assert case.state is CaseState.draft and case.created_by_id == reviewer.id
    assert [f.id for f in case.findings] == sorted([manual_l1['finding'].id, manual_l1['second'].id])
    assert [link.bid.number for link in case.case_bids] == ['GEM/2026/B/7001234']
    assert case.seller_id == manual_l1['seller'].id  # linked by the GeM seller id
    assert 'UDYAM-UP-43-0012345' in case.firm_registration
    assert manual_l1['finding'].referred_dt is not None and manual_l1['finding'].referred_by_id == reviewer.id
    assert [e.kind for e in case.events] == [EventKind.opened, EventKind.finding_added, EventKind.finding_added]
    # the findings are no longer offered for another case, and the review desk links to the case
    assert queries.referable_findings() == []
    html = html_of(client.get(f'/scrutiny/findings/{manual_l1["finding"].id}'))
    assert f'/cases/{case.id}' in html
    page = html_of(client.get(f'/cases/{case.id}'))
    for text in ('MANUAL-L1', 'CARD-R035', 'GEM/2026/B/7001234', 'M/S Lowest Price Co', 'ee.pd.lko',
                 'No reason recorded'):  # findings, bid, bidders and prices, the disqualification review
        assert text in page


@pytest.mark.parametrize(('locale', 'message'), [
    ('hi', 'डिबार किए जाने वाले क्रेता यूजर'),
    ('en', 'Name the buyer user to be debarred, the firm to be blacklisted')])
def test_a_case_needs_a_user_or_a_firm(client, login_as, locale, message):
    login_as('reviewer', locale=locale)
    response = client.post('/cases/new', data={'title': 'Irregularity'})
    assert response.status_code == 422
    assert message in html_of(response)
    assert the_case() is None


def test_only_confirmed_findings_go_into_a_case(db, create_case, create_finding):
    case = create_case()
    with pytest.raises(FormError):
        operations.add_finding(case, create_finding(state='open'), case.created_by)


def test_a_case_opened_by_hand_and_a_bid_added_by_number(db, client, login_as, create_department, create_bid):
    login_as('reviewer')
    department = create_department()
    bid = create_bid(buyer_department=department)
    db.session.commit()
    response = client.post('/cases/new', data={'title': 'Complaint of the firm', 'firm_name': 'M/S Only Firm'})
    assert response.status_code == 303
    case = the_case()
    assert case.parties == [Party.firm] and case.findings == []
    assert client.post(f'/cases/{case.id}/records', data={'record-number': bid.number}).status_code == 303
    assert [link.bid_id for link in the_case().case_bids] == [bid.id]
    response = client.post(f'/cases/{case.id}/records', data={'record-number': 'GEM/0000/B/1'})
    assert response.status_code == 422 and 'इस संख्या की कोई निविदा' in html_of(response)


def test_the_whole_workflow_through_the_pages(app, client, login, create_user, manual_l1):
    reviewer = create_user(role='reviewer')
    head = create_user(role='cell_head', name='अनिल कुमार', designation='प्रभारी, जेम सेल')
    government = create_user(role='government')
    officer = create_user(role='nodal', department=manual_l1['department'])
    today = queries.today()
    login(reviewer)
    case = open_from(client, manual_l1)
    url = f'/cases/{case.id}'

    # show-cause: drafted by the reviewer, issued by the In-charge only
    assert client.post(f'{url}/show-cause/draft', data={'letters-reply_due': today.isoformat(),
                                                        'letters-language': 'hi'}).status_code == 422
    assert client.post(f'{url}/show-cause/draft', data={'letters-reply_due': (today + timedelta(days=15)).isoformat(),
                                                        'letters-language': 'hi'}).status_code == 303
    letters = queries.show_cause_letters(the_case())
    assert [d.department_ids for d in letters] == [[manual_l1['department'].id], []]  # the department; the firm
    assert all(d.state is DocumentState.draft for d in letters)
    assert client.post(f'{url}/show-cause/issue').status_code == 403
    login(head)
    assert 'Approve and issue' in html_of(client.get(url)) or 'जारी करें' in html_of(client.get(url))
    assert client.post(f'{url}/show-cause/issue').status_code == 303
    case = the_case()
    assert case.state is CaseState.show_cause_issued and case.show_cause_date == today
    assert case.reply_due_date == today + timedelta(days=15) and case.show_cause_by_id == head.id
    letters = queries.show_cause_letters(case)
    assert all(d.is_issued and d.number for d in letters)

    # the department sees only the letter addressed to it, never the case
    login(officer)
    listing = html_of(client.get('/documents/'))
    assert letters[0].number in listing and letters[1].number not in listing
    assert client.get(f'/documents/{letters[0].id}').status_code == 200
    assert client.get(f'/documents/{letters[1].id}').status_code == 404
    assert client.get(url).status_code == 404

    # replies: a PDF is accepted, anything else refused by its content
    login(reviewer)
    reply = {'reply-party': 'department', 'reply-received_date': today.isoformat(), 'reply-text': 'यूजर का स्पष्टीकरण'}
    not_pdf = (BytesIO(b'MZ\x90\x00 not a pdf'), 'reply.pdf')
    response = client.post(f'{url}/replies', data={**reply, 'reply-attachment': not_pdf},
                           content_type='multipart/form-data')
    assert response.status_code == 422 and 'PDF' in html_of(response)
    assert the_case().replies == [] and the_case().state is CaseState.show_cause_issued
    response = client.post(f'{url}/replies', data={**reply, 'reply-attachment': (BytesIO(PDF), 'reply.pdf')},
                           content_type='multipart/form-data')
    assert response.status_code == 303
    case = the_case()
    assert case.state is CaseState.replies_received
    [saved] = case.replies
    assert saved.attachment.content_type == 'application/pdf' and saved.attachment.filename == 'reply.pdf'
    download = client.get(f'/cases/replies/{saved.id}/attachment')
    assert download.status_code == 200 and download.data == PDF

    # conclusion and the evidence pack, then the reference by the In-charge only
    assert client.post(f'{url}/pack', data={'pack-language': 'hi'}).status_code == 422  # no conclusion yet
    assert client.post(f'{url}/conclusion', data={'conclusion-conclusion': 'स्पष्टीकरण संतोषजनक नहीं है।',
                                                  'conclusion-proposal': 'दो वर्ष हेतु'}).status_code == 303
    assert client.post(f'{url}/pack', data={'pack-language': 'hi'}).status_code == 303
    case = the_case()
    assert case.pack.kind is DocumentKind.report and case.pack.state is DocumentState.draft
    assert client.post(f'{url}/refer').status_code == 403
    login(head)
    assert client.post(f'{url}/refer').status_code == 303
    case = the_case()
    assert case.state is CaseState.referred and case.pack.is_issued and case.referred_by_id == head.id

    # Government reads the case but records nothing; the In-charge records Government's order
    login(government)
    assert client.get(url).status_code == 200
    assert client.post(f'{url}/decide', data={}).status_code == 403
    login(head)
    decision = {'decide-outcome': 'both', 'decide-order_number': '45/2026/18-5', 'decide-order_date': today.isoformat(),
                'decide-debar_from': today.isoformat(), 'decide-debar_to': (today + timedelta(days=729)).isoformat(),
                'decide-blacklist_from': today.isoformat(),
                'decide-blacklist_to': (today - timedelta(days=1)).isoformat()}
    response = client.post(f'{url}/decide', data=decision)
    assert response.status_code == 422 and the_case().state is CaseState.referred
    decision['decide-blacklist_to'] = (today + timedelta(days=364)).isoformat()
    assert client.post(f'{url}/decide', data=decision).status_code == 303
    case = the_case()
    assert case.state is CaseState.debarred_blacklisted and case.decision_order_number == '45/2026/18-5'
    debarment, blacklisting = case.sanctions
    assert (debarment.kind, debarment.gem_user_id, debarment.department_id) == (
        SanctionKind.debarment, 'ee.pd.lko', manual_l1['department'].id)
    assert (blacklisting.kind, blacklisting.seller_id, blacklisting.to_date) == (
        SanctionKind.blacklisting, manual_l1['seller'].id, today + timedelta(days=364))

    # every step is on the timeline, dated, and in the audit trail
    kinds = [e.kind for e in case.events]
    for kind in (EventKind.opened, EventKind.letters_drafted, EventKind.show_cause_issued, EventKind.reply_received,
                 EventKind.concluded, EventKind.pack_prepared, EventKind.referred, EventKind.decided):
        assert kind in kinds
    assert all(e.event_dt is not None for e in case.events)
    states = [entry.changes['state'][1] for entry in _db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.model == 'cases', AuditEntry.object_id == str(case.id))
        .order_by(AuditEntry.id)) if 'state' in entry.changes]
    assert states == ['draft', 'show_cause_issued', 'replies_received', 'referred', 'debarred_blacklisted']

    # the registers list them and export them
    login(government)
    assert 'Ram Kumar' in html_of(client.get('/cases/registers/debarred'))
    csv = client.get('/cases/registers/blacklisted?format=csv').get_data(as_text=True)
    assert 'M/S Shree Ganesh Traders' in csv and '45/2026/18-5' in csv


def test_a_case_is_referred_without_a_reply_only_after_the_deadline(db, create_case, create_user, manual_l1):
    head = create_user(role='cell_head')
    case = create_case(findings=[manual_l1['finding']], department=manual_l1['department'])
    day = date(2026, 11, 2)
    operations.draft_show_cause(case, case.created_by, date(2026, 11, 16), today=day)
    operations.issue_show_cause(case, head, today=day)
    operations.save_conclusion(case, case.created_by, 'कोई उत्तर प्राप्त नहीं हुआ।')
    operations.prepare_pack(case, case.created_by, today=day)
    with pytest.raises(InvalidTransition, match='deadline|नियत तिथि'):
        operations.refer_case(case, head, today=date(2026, 11, 16))  # the last day to reply
    assert not case.pack.is_issued  # nothing issued by the refused step
    operations.refer_case(case, head, today=date(2026, 11, 17))
    assert case.state is CaseState.referred and case.pack.is_issued


def test_only_the_in_charge_takes_the_head_steps(db, create_case, create_user):
    case = create_case()
    reviewer, head, government = (create_user(role=r) for r in ('reviewer', 'cell_head', 'government'))
    assert case.can_draft_letters(reviewer) and not case.can_issue_show_cause(reviewer)
    assert case.can_issue_show_cause(head) and not case.can_edit(government)
    case.state = CaseState.referred
    assert case.can_decide(head) and not case.can_decide(reviewer) and not case.can_decide(government)
    assert case.can_drop(head) and not case.can_drop(reviewer)


def test_a_reply_cannot_precede_the_notice_nor_come_from_a_party_not_asked(db, create_case, create_user):
    head = create_user(role='cell_head')
    case = create_case(buyer_name=None, buyer_gem_user_id=None, department_id=None)
    day = date(2026, 11, 2)
    operations.draft_show_cause(case, case.created_by, date(2026, 11, 16), today=day)
    operations.issue_show_cause(case, head, today=day)
    with pytest.raises(FormError) as error:
        operations.record_reply(case, head, Party.department, day, 'text', today=day)
    assert error.value.field == 'party'
    with pytest.raises(FormError) as error:
        operations.record_reply(case, head, Party.firm, date(2026, 11, 1), 'text', today=day)
    assert error.value.field == 'received_date'


def test_a_case_is_dropped_with_a_reason(db, client, login, create_case, create_user):
    head = create_user(role='cell_head', locale='en')
    case = create_case()
    db.session.commit()
    login(head)
    response = client.post(f'/cases/{case.id}/drop', data={'drop-reason': ''})
    assert response.status_code == 422 and 'Say why the case is dropped.' in html_of(response)
    assert client.post(f'/cases/{case.id}/drop', data={'drop-reason': 'Facts not established'}).status_code == 303
    case = the_case()
    assert case.state is CaseState.dropped and case.drop_reason == 'Facts not established'
    assert case.sanctions == [] and case.events[-1].kind is EventKind.dropped
    with pytest.raises(InvalidTransition):
        case.drop(head, case.decided_dt, 'again')


def test_the_registers_period_includes_its_first_and_last_day(db):
    sanction = Sanction(kind=SanctionKind.blacklisting, name='M/S X', from_date=date(2026, 2, 1),
                        to_date=date(2026, 7, 31), order_number='1', order_date=date(2026, 1, 25), recorded_by_id=1)
    assert not sanction.is_in_force(date(2026, 1, 31))
    assert sanction.is_in_force(date(2026, 2, 1))
    assert sanction.is_in_force(date(2026, 7, 31))
    assert not sanction.is_in_force(date(2026, 8, 1))


def test_the_home_page_counts_the_cases_awaiting_each_role(db, client, login, create_case, create_user):
    from tests.test_home import card
    create_case()
    referred = create_case()
    referred.state = CaseState.referred
    overdue = create_case()
    overdue.state, overdue.show_cause_date, overdue.reply_due_date = (CaseState.show_cause_issued, date(2026, 1, 1),
                                                                      date(2026, 1, 15))
    db.session.commit()
    login(create_user(role='reviewer', locale='en'))
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'Open debarment / blacklisting cases') == 2
    assert card(html, 'Show-cause replies overdue') == 1
    login(create_user(role='cell_head'))
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'शासन के आदेश हेतु लम्बित प्रकरण') == 1
    login(create_user(role='nodal'))
    assert 'प्रकरण' not in client.get('/').get_data(as_text=True)
