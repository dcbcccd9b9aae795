"""Opinions: a department asks with files, the cell answers citing rules, the In-charge issues the letter, and the
library finds it — in Hindi by another inflection of a word and by exact phrase, on SQLite and PostgreSQL alike."""
import io
from datetime import date

import sqlalchemy as sa
import weasyprint

from gemcell.documents.models import DocumentKind, DocumentState
from gemcell.opinions.models import LibraryItem, Opinion, OpinionState

QUESTION = ('क्या पच्चीस हजार रुपये तक की लेखन सामग्री का क्रय जेम पोर्टल से प्रत्यक्ष क्रय के माध्यम से किया '
            'जा सकता है?')
ANSWER = ('जेम पोर्टल पर प्रत्यक्ष क्रय की सीमा वर्तमान में पचास हजार रुपये है। इससे अधिक मूल्य की खरीदारी '
          'एल-1 अथवा बोली के माध्यम से की जाए।\n\nक्रय प्रक्रियाओं में विभक्तीकरण न किया जाए।')


def html_of(response):
    return response.get_data(as_text=True)


def sign_in(client, user):
    client.post('/auth/logout')
    assert client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'}).status_code \
        == 303


def ask(client, officer, files=()):
    sign_in(client, officer)
    response = client.post('/opinions/ask', content_type='multipart/form-data', data={
        'subject': 'लेखन सामग्री का प्रत्यक्ष क्रय', 'question': QUESTION, 'files': list(files)})
    assert response.status_code == 303, html_of(response)
    return db_opinion()


def db_opinion():
    from gemcell.extensions import db
    db.session.expire_all()
    return db.session.scalar(sa.select(Opinion).order_by(Opinion.id.desc()))


def answer_and_issue(client, reviewer, head, opinion, rule_ids='GFR-149-V2, gem-gtc-pay'):
    sign_in(client, reviewer)
    response = client.post(f'/opinions/{opinion.id}/answer', data={
        'answer': ANSWER, 'rule_ids': rule_ids, 'go_refs': 'शासनादेश संख्या 12/2024/18-5, दिनांक 01.04.2024'})
    assert response.status_code == 303, html_of(response)
    sign_in(client, head)
    assert client.post(f'/opinions/{opinion.id}/issue').status_code == 303
    return db_opinion()


def test_a_question_is_answered_with_rules_and_issued_as_a_letter(db, client, create_department, create_user):
    department = create_department()
    officer = create_user(role='nodal', department=department, locale='en')
    reviewer = create_user(role='reviewer', locale='en')
    head = create_user(role='cell_head', locale='en')
    pdf = weasyprint.HTML(string='<p>मांग पत्र</p>').write_pdf()
    opinion = ask(client, officer, [(io.BytesIO(pdf), 'माँग.pdf')])
    assert opinion.state is OpinionState.asked and opinion.department_id == department.id
    assert [a.filename for a in opinion.attachments] == ['माँग.pdf']
    # an unknown rule id is refused with a message, nothing saved
    sign_in(client, reviewer)
    response = client.post(f'/opinions/{opinion.id}/answer', data={'answer': ANSWER, 'rule_ids': 'GFR-999'})
    assert response.status_code == 422 and 'Not a rule id of RULES.md: GFR-999.' in html_of(response)
    assert db_opinion().state is OpinionState.asked
    # a reviewer cannot issue
    client.post(f'/opinions/{opinion.id}/answer', data={'answer': ANSWER, 'rule_ids': 'GFR-149-V2'})
    client.post(f'/opinions/{opinion.id}/issue')
    assert db_opinion().state is OpinionState.drafted
    opinion = answer_and_issue(client, reviewer, head, opinion)
    assert opinion.state is OpinionState.issued and opinion.rule_ids == ['GFR-149-V2', 'GEM-GTC-PAY']
    letter = opinion.document
    assert letter.kind is DocumentKind.letter and letter.state is DocumentState.issued
    assert letter.department_ids == [department.id]
    cited = letter.data['paragraphs'][-1]['items']
    assert cited[0].startswith('GFR-149-V2: Current thresholds') and cited[-1].startswith('शासनादेश संख्या 12/2024')
    # the department reads the answer and the rule's text
    sign_in(client, officer)
    html = html_of(client.get(f'/opinions/{opinion.id}'))
    assert 'प्रत्यक्ष क्रय की सीमा' in html and 'GFR-149-V2' in html


def test_a_bad_file_is_refused_and_nothing_is_saved(db, client, create_department, create_user):
    officer = create_user(role='nodal', department=create_department(), locale='en')
    sign_in(client, officer)
    response = client.post('/opinions/ask', content_type='multipart/form-data', data={
        'subject': 'x', 'question': 'y', 'files': [(io.BytesIO(b'<script>'), 'note.pdf')]})
    assert response.status_code == 422 and 'is not a PDF, PNG or JPEG file' in html_of(response)
    assert db_opinion() is None


def test_the_library_finds_a_hindi_opinion_by_inflection_and_phrase(db, client, create_department, create_user):
    department, other = create_department(), create_department()
    officer = create_user(role='nodal', department=department, locale='en')
    stranger = create_user(role='nodal', department=other, locale='en')
    reviewer = create_user(role='reviewer', locale='en')
    head = create_user(role='cell_head', locale='en')
    opinion = answer_and_issue(client, reviewer, head, ask(client, officer))

    def found(user, q):
        sign_in(client, user)
        return f'/opinions/{opinion.id}' in hits_of(client.get('/opinions/library', query_string={'q': q}))

    # "प्रक्रिया" (asked) finds "प्रक्रियाओं" (written); "खरीदारियों" finds "खरीदारी"
    assert found(reviewer, 'प्रक्रिया')
    assert found(reviewer, 'खरीदारियों')
    assert found(reviewer, '"प्रत्यक्ष क्रय की सीमा"')
    assert not found(reviewer, '"सीमा क्रय प्रत्यक्ष"')  # the words, not in that order
    assert found(reviewer, 'GFR-149-V2 थ्रेशोल्ड') is False  # every word must occur
    assert found(reviewer, 'thresholds')  # the cited rule's text is searched too
    # the asking department finds it; another department does not
    assert found(officer, 'प्रक्रिया')
    assert not found(stranger, 'प्रक्रिया')


def test_library_orders_and_circulars_are_searched_by_everyone(db, client, create_department, create_user):
    reviewer = create_user(role='reviewer', locale='en')
    officer = create_user(role='nodal', department=create_department(), locale='en')
    sign_in(client, reviewer)
    response = client.post('/opinions/library/new', content_type='multipart/form-data', data={
        'kind': 'go', 'number': '5/2024/18-5', 'issued_on': '2024-07-10', 'issued_by': 'वित्त (सामान्य) अनुभाग-1',
        'subject': 'सूक्ष्म एवं लघु उद्यमों को भुगतान', 'text': 'सभी विभाग विक्रेताओं को भुगतान 10 दिवस में करेंगे।'})
    assert response.status_code == 303, html_of(response)
    item = db.session.scalar(sa.select(LibraryItem))
    assert item.issued_on == date(2024, 7, 10)
    sign_in(client, officer)
    html = hits_of(client.get('/opinions/library', query_string={'q': 'विक्रेता भुगतानों', 'kind': 'go'}))
    assert f'/opinions/library/{item.id}' in html and '<mark>' in html
    html = hits_of(client.get('/opinions/library', query_string={'q': 'विक्रेता', 'kind': 'opinion'}))
    assert f'/opinions/library/{item.id}' not in html


def hits_of(response):
    html = html_of(response)
    return html[html.index('id="library-hits"'):].split('</section>', 1)[0]
