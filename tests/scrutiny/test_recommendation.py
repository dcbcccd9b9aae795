"""The cancellation recommendation: a draft letter to Government and the department, listing the confirmed
findings rule by rule."""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from gemcell.documents.models import Document, DocumentKind, DocumentState

EMD_EVIDENCE = {'params': {'emd_inr': '900000', 'share': '9', 'estimated_inr': '10000000', 'minimum': '2',
                           'maximum': '5'}}


def html_of(response) -> str:
    return response.get_data(as_text=True)


def documents(db) -> list[Document]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Document).order_by(Document.id)).all()


def letter_text(document) -> str:
    parts = []
    for paragraph in document.data['paragraphs']:
        if isinstance(paragraph, str):
            parts.append(paragraph)
        else:
            parts.append(paragraph['text'])
            parts.extend(paragraph['items'])
    return '\n'.join(parts)


@pytest.fixture
def bid(db, create_department, create_bid, create_finding):
    department = create_department(name_hi='स्वास्थ्य विभाग', name_en='Health Department')
    bid = create_bid(buyer_department=department, number='GEM/2025/B/9000001', title='Supply of hospital beds',
                     estimated_value=10000000, published_dt=datetime(2025, 5, 2, 6, tzinfo=timezone.utc))
    create_finding(bid=bid, rule_id='GFR-170-RANGE', state='confirmed', evidence=EMD_EVIDENCE,
                   remark='ई0एम0डी0 9% माँगी गई')
    create_finding(bid=bid, rule_id='CARD-R018', state='confirmed')
    create_finding(bid=bid, rule_id='GEM-EMD-FIELDS', evidence={'params': {}})  # open
    create_finding(bid=bid, rule_id='CARD-R003', state='confirmed',  # information only
                   evidence={'params': {'days': '5', 'minimum': '15'}})
    create_finding(bid=bid, rule_id='RELAX-MSE', state='dismissed', remark='exempt')
    db.session.commit()
    return bid


def test_recommendation_drafts_a_letter_listing_every_confirmed_finding(db, client, login_as, bid):
    reviewer = login_as('reviewer')
    html = html_of(client.get(f'/scrutiny/bids/{bid.id}'))
    assert f'/scrutiny/bids/{bid.id}/recommendation' in html
    response = client.post(f'/scrutiny/bids/{bid.id}/recommendation', data={'language': 'hi'})
    assert response.status_code == 303
    [document] = documents(db)
    assert response.headers['Location'].endswith(f'/documents/{document.id}/edit')
    assert document.state is DocumentState.draft and document.kind is DocumentKind.letter
    assert document.source_model == 'bids' and document.source_id == bid.id
    assert document.department_id == bid.buyer_department_id and document.created_by_id == reviewer.id
    assert document.language == 'hi'
    assert document.subject == 'बिड संख्या GEM/2025/B/9000001 के निरस्तीकरण की संस्तुति'
    assert document.data['to'] == ['उत्तर प्रदेश शासन, लखनऊ', 'स्वास्थ्य विभाग (क्रेता विभाग)']
    text = letter_text(document)
    assert 'GFR-170-RANGE' in text and 'CARD-R018' in text
    assert 'GEM-EMD-FIELDS' not in text and 'CARD-R003' not in text and 'RELAX-MSE' not in text
    # rule by rule: the title, the rendered message and the source, in Hindi; the reviewer's remark
    assert 'ई0एम0डी0 अनुमानित मूल्य के 2–5% से बाहर' in text
    assert '₹9,00,000.00 की ई0एम0डी0' in text and 'जी0एफ0आर0 2017 नियम 170' in text
    assert 'ई0एम0डी0 9% माँगी गई' in text and 'निरस्त किए जाने की संस्तुति' in text
    assert 'स्वास्थ्य विभाग' in text and '2 मई 2025' in text
    # the draft opens in the document editor, and the bid page links to it
    assert client.get(response.headers['Location']).status_code == 200
    html = html_of(client.get(f'/scrutiny/bids/{bid.id}'))
    assert f'/documents/{document.id}' in html
    # asked again while the draft exists: the same draft, no second one
    again = client.post(f'/scrutiny/bids/{bid.id}/recommendation', data={'language': 'hi'})
    assert again.headers['Location'].endswith(f'/documents/{document.id}/edit') and len(documents(db)) == 1


def test_recommendation_in_english(db, client, login_as, bid):
    login_as('cell_head')
    client.post(f'/scrutiny/bids/{bid.id}/recommendation', data={'language': 'en'})
    [document] = documents(db)
    assert document.language == 'en' and document.subject == 'Recommendation to cancel bid no. GEM/2025/B/9000001'
    text = letter_text(document)
    assert 'Health Department' in text and 'GFR-170-RANGE' in text
    assert 'Single bid received' in text and 'it is recommended that bid no. GEM/2025/B/9000001 be cancelled' in text


def test_recommendation_refused_without_a_confirmed_finding(db, client, login_as, create_bid, create_finding):
    bid = create_bid(number='GEM/2025/B/9000002')
    create_finding(bid=bid, rule_id='GFR-170-RANGE', evidence=EMD_EVIDENCE)  # open only
    create_finding(bid=bid, rule_id='CARD-R003', state='confirmed', evidence={'params': {}})  # information only
    db.session.commit()
    login_as('reviewer')
    html = html_of(client.get(f'/scrutiny/bids/{bid.id}'))
    assert f'/scrutiny/bids/{bid.id}/recommendation' not in html
    response = client.post(f'/scrutiny/bids/{bid.id}/recommendation', data={'language': 'hi'})
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/scrutiny/bids/{bid.id}')
    assert documents(db) == []
    page = html_of(client.get(response.headers['Location']))
    assert 'निरस्तीकरण की संस्तुति हेतु इस निविदा पर कम से कम एक पुष्ट आपत्ति' in page


def test_htmx_recommendation_redirects_with_hx_redirect(db, client, login_as, bid):
    login_as('reviewer')
    response = client.post(f'/scrutiny/bids/{bid.id}/recommendation', data={'language': 'hi'},
                           headers={'HX-Request': 'true'})
    [document] = documents(db)
    assert response.headers['HX-Redirect'].endswith(f'/documents/{document.id}/edit')
