"""The provisions register: statuses from proposed to verified or declined with a reason, the correspondence log,
the letter to GeM through the documents, the links to records that show the need; who may do what."""
import sqlalchemy as sa

from gemcell.documents.models import DocumentKind, DocumentState
from gemcell.provisions.models import LetterDirection, Provision, ProvisionState


def html_of(response):
    return response.get_data(as_text=True)


def new_provision(client):
    response = client.post('/provisions/new', data={
        'go_number': '5/2025/18-5', 'go_date': '2025-01-05', 'title': 'Preference to UP MSEs on GeM',
        'provision': 'उत्तर प्रदेश के सूक्ष्म एवं लघु उद्यमों को क्रय में वरीयता दी जाएगी।',
        'ask': 'GeM पर उत्तर प्रदेश के MSE विक्रेताओं को चिन्हित करने का फ़िल्टर।'})
    assert response.status_code == 303, html_of(response)
    from gemcell.extensions import db
    return db.session.scalar(sa.select(Provision))


def test_a_provision_goes_from_proposed_to_verified(db, client, login_as):
    login_as('reviewer', locale='en')
    provision = new_provision(client)
    assert provision.state is ProvisionState.proposed
    url = f'/provisions/{provision.id}/state'
    # not a step the register allows
    response = client.post(url, data={'state': 'live'})
    assert response.status_code == 422 and 'cannot go from “Proposed” to “Live on the portal”' in html_of(response)
    for state in ('taken_up', 'under_development', 'live', 'verified'):
        assert client.post(url, data={'state': state}).status_code == 303
    db.session.expire_all()
    provision = db.session.get(Provision, provision.id)
    assert provision.state is ProvisionState.verified and provision.requested_on is not None


def test_declined_needs_the_reason(db, client, login_as):
    login_as('reviewer', locale='en')
    provision = new_provision(client)
    url = f'/provisions/{provision.id}/state'
    response = client.post(url, data={'state': 'declined', 'reason': ''})
    assert response.status_code == 422 and 'Give GeM’s reason for declining.' in html_of(response)
    assert client.post(url, data={'state': 'declined', 'reason': 'Not a central policy'}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Provision, provision.id).decline_reason == 'Not a central policy'


def test_correspondence_log_and_letter_to_gem(db, client, login_as):
    login_as('reviewer', locale='en')
    provision = new_provision(client)
    response = client.post(f'/provisions/{provision.id}/letter-to-gem',
                           data={'body': 'प्रदेश के लगभग 90 हजार विक्रेता GeM पर पंजीकृत हैं।'})
    assert response.status_code == 303
    response = client.post(f'/provisions/{provision.id}/letters', data={
        'direction': 'received', 'letter_date': '2025-03-01', 'reference': 'GeM/PM/2025/77',
        'content': 'The filter is planned for the next release.'})
    assert response.status_code == 303
    assert client.post(f'/provisions/{provision.id}/links', data={
        'kind': 'other', 'label': 'Sellers cannot show UP registration', 'url': '/helpdesk/'
    }).status_code == 303
    db.session.expire_all()
    provision = db.session.get(Provision, provision.id)
    received, sent = provision.letters  # in the order of their dates
    assert sent.direction is LetterDirection.sent and sent.document.kind is DocumentKind.letter
    assert sent.document.state is DocumentState.draft and sent.document.source_model == 'provisions'
    assert '5/2025/18-5' in sent.document.data['paragraphs'][0]
    assert received.reference == 'GeM/PM/2025/77'
    assert provision.gem_response == 'The filter is planned for the next release.'
    assert provision.links[0].url == '/helpdesk/'
    html = html_of(client.get(f'/provisions/{provision.id}'))
    assert 'GeM/PM/2025/77' in html and 'Sellers cannot show UP registration' in html


def test_government_reads_the_register_but_changes_nothing(db, client, login_as):
    login_as('reviewer')
    new_provision(client)
    client.post('/auth/logout')
    login_as('government', locale='en')
    html = html_of(client.get('/provisions/'))
    assert 'Preference to UP MSEs on GeM' in html and 'New provision' not in html
    provision = db.session.scalar(sa.select(Provision))
    assert 'Change the status' not in html_of(client.get(f'/provisions/{provision.id}'))
    assert client.post(f'/provisions/{provision.id}/state', data={'state': 'taken_up'}).status_code == 403


def test_a_ticket_needing_a_portal_change_is_linked_and_listed_on_the_provision(db, client, login, create_user,
                                                                                create_ticket):
    reviewer = login(create_user(role='reviewer', locale='en'))
    provision = new_provision(client)
    officer = create_user(role='nodal')
    ticket = create_ticket(user=officer, subject='UP MSE filter missing')
    db.session.commit()
    url = f'/provisions/tickets/{ticket.id}'
    # not tagged as needing a portal change: no picker, and the link is refused with the reason
    assert url not in html_of(client.get(f'/helpdesk/{ticket.id}'))
    response = client.post(url, data={'provision_id': str(provision.id)}, follow_redirects=True)
    assert 'Only a ticket that needs a change of the GeM portal' in html_of(response)
    assert db.session.get(type(ticket), ticket.id).provision_ref_id is None

    ticket.needs_portal_change = True
    db.session.commit()
    assert url in html_of(client.get(f'/helpdesk/{ticket.id}'))
    assert client.post(url, data={'provision_id': str(provision.id)}).status_code == 303
    db.session.expire_all()
    assert (ticket.provision_model, ticket.provision_ref_id) == ('provisions', provision.id)
    html = html_of(client.get(f'/provisions/{provision.id}'))
    assert f'/helpdesk/{ticket.id}"' in html and ticket.number in html and 'UP MSE filter missing' in html
    html = html_of(client.get(f'/helpdesk/{ticket.id}'))
    assert f'/provisions/{provision.id}"' in html and 'Preference to UP MSEs on GeM' in html

    # the officer sees which provision the ticket feeds but may not change it
    login(officer)
    html = html_of(client.get(f'/helpdesk/{ticket.id}'))
    assert 'Preference to UP MSEs' in html and url not in html
    assert client.post(url, data={'provision_id': ''}).status_code == 403

    login(reviewer)
    assert client.post(url, data={'provision_id': ''}).status_code == 303  # unlinked
    db.session.expire_all()
    assert ticket.provision_ref_id is None and ticket.needs_portal_change
    assert ticket.number not in html_of(client.get(f'/provisions/{provision.id}'))
    assert client.post(url, data={'provision_id': '999999'}, follow_redirects=True).status_code == 200
    db.session.expire_all()
    assert ticket.provision_ref_id is None  # not an entry of the register
