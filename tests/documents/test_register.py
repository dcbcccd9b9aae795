"""The register: draft → approve → issue, numbering without gaps or duplicates, frozen issued documents,
downloads, and who sees what."""
import hashlib
import threading
from datetime import date
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from gemcell.core.db import InvalidTransition
from gemcell.documents import operations
from gemcell.documents.models import Document, DocumentFrozen, DocumentKind, DocumentState
from gemcell.documents.pdf import read_embedded
from gemcell.extensions import db as _db

MEMO = {'lang': 'hi', 'header': ['उत्तर प्रदेश शासन', 'जेम सेल'],
        'paragraphs': [{'text': 'निविदा में निम्नलिखित विचलन पाये गये:',
                        'items': ['ई0एम0डी0 की माँग नियम विरुद्ध है।']},
                       'अतः निविदा निरस्त करने की संस्तुति की जाती है।'],
        'signatory': {'name': 'प्रभारी', 'designation': 'जेम सेल, लखनऊ।'}, 'copy_to': ['आयुक्त एवं निदेशक, उद्योग।']}


def fields(**overrides):
    return {'kind': 'office-memo', 'subject': 'निविदा निरस्तीकरण की संस्तुति', 'data': dict(MEMO),
            'addressees': ['प्रमुख सचिव, चिकित्सा'], 'department_id': None} | overrides


def issued(db, user, **overrides):
    document = operations.create_document(fields(**overrides), user)
    operations.approve_document(document, user)
    operations.issue_document(document, user, today=date(2026, 11, 26))
    db.session.commit()
    return document


def test_reviewer_drafts_head_approves_and_issues_through_the_pages(db, client, login, create_user,
                                                                     create_department):
    department = create_department()
    reviewer, head = create_user(role='reviewer'), create_user(role='cell_head', name='प्रभारी जेम सेल')
    login(reviewer)
    response = client.post('/documents/new', data={
        'kind': 'office-memo', 'language': 'hi', 'subject': 'परीक्षण ज्ञाप', 'department_ids': [department.id],
        'header': 'उत्तर प्रदेश शासन\nजेम सेल',
        'body': 'प्रथम अनुच्छेद।\n(1) पहला बिन्दु।\n(2) दूसरा बिन्दु।\n\nद्वितीय अनुच्छेद।',
        'signatory_name': 'प्रभारी', 'copy_to': 'निदेशक, उद्योग।'})
    assert response.status_code == 303, response.get_data(as_text=True)
    document = db.session.scalar(sa.select(Document))
    assert document.state is DocumentState.draft and document.created_by_id == reviewer.id
    assert document.department_ids == [department.id]
    assert document.data['paragraphs'] == [{'text': 'प्रथम अनुच्छेद।', 'items': ['पहला बिन्दु।', 'दूसरा बिन्दु।']},
                                           'द्वितीय अनुच्छेद।']
    html = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert 'Approve' not in html and f'/documents/{document.id}/issue' not in html  # not the reviewer's to do
    assert client.post(f'/documents/{document.id}/approve').status_code == 403
    assert client.post(f'/documents/{document.id}/issue').status_code == 403
    preview = client.get(f'/documents/{document.id}/preview')
    assert preview.mimetype == 'application/pdf' and read_embedded(preview.data)[0]['data']['paragraphs']

    client.post('/auth/logout')
    login(head)
    assert client.post(f'/documents/{document.id}/approve').status_code == 303
    assert client.post(f'/documents/{document.id}/issue').status_code == 303
    db.session.expire_all()
    assert document.state is DocumentState.issued and document.issued_by_id == head.id
    year = document.document_date.year
    assert document.number == f'1/{year}/GeM-Cell' and document.seq == 1
    assert not document.is_signed  # no certificate configured
    download = client.get(f'/documents/{document.id}/download')
    assert download.status_code == 200 and hashlib.sha256(download.data).hexdigest() == document.sha256
    embedded, _html = read_embedded(download.data)
    assert embedded['issued']['number'] == document.number and embedded['verification_code'] == \
        document.verification_code
    disposition = download.headers['Content-Disposition']
    assert disposition.startswith('attachment; filename="1-') and '/' not in disposition.split('filename=')[1][:60]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f'1-{year}-GeM-Cell-परीक्षण-ज्ञाप.pdf'
    register = client.get('/documents/').get_data(as_text=True)
    assert document.number in register and 'badge warn' in register  # the register says: unsigned


def test_numbers_follow_each_other_without_gaps_and_a_failed_issue_leaves_none(db, create_user, monkeypatch):
    head = create_user(role='cell_head')
    first = issued(db, head)
    document = operations.create_document(fields(), head)
    operations.approve_document(document, head)
    db.session.commit()
    monkeypatch.setattr(operations.document_pdf, 'render', lambda *a, **k: (_ for _ in ()).throw(OSError('disk')))
    with pytest.raises(OSError):
        operations.issue_document(document, head, today=date(2026, 11, 26))
    db.session.rollback()
    monkeypatch.undo()
    db.session.refresh(document)
    assert document.state is DocumentState.approved and document.number is None
    operations.issue_document(document, head, today=date(2026, 11, 26))
    third = issued(db, head, kind='letter', data={**MEMO, 'to': ['प्रमुख सचिव']})
    db.session.commit()
    assert [first.seq, document.seq, third.seq] == [1, 2, 3]  # one register, one running number for every form
    assert [first.number, document.number, third.number] == ['1/2026/GeM-Cell', '2/2026/GeM-Cell', '3/2026/GeM-Cell']


def test_issue_needs_approval_and_an_issued_document_is_frozen(db, create_user):
    head = create_user(role='cell_head')
    document = operations.create_document(fields(), head)
    with pytest.raises(InvalidTransition):
        operations.issue_document(document, head)
    db.session.rollback()
    document = issued(db, head)
    stored = operations.read_issued_pdf(document)
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    document.subject = 'बदला हुआ विषय'
    with pytest.raises(DocumentFrozen):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(InvalidTransition):
        operations.update_document(document, fields())
    correction = operations.create_correction(document, head)
    db.session.commit()
    assert correction.state is DocumentState.draft and correction.supersedes_id == document.id
    assert 'number' not in correction.data


def test_nodal_officer_sees_only_issued_documents_of_own_department(db, client, login, create_user,
                                                                      create_department, create_document):
    own, other = create_department(), create_department()
    mine = create_document(department=own, subject='मेरे विभाग का पत्र')
    theirs = create_document(department=other, subject='दूसरे विभाग का पत्र')
    draft = create_document(state='draft', department=own, subject='अभी प्रारूप')
    officer = create_user(role='nodal', department=own)
    login(officer)
    html = client.get('/documents/').get_data(as_text=True)
    assert mine.subject in html and theirs.subject not in html and draft.subject not in html
    assert client.get(f'/documents/{mine.id}/download').status_code == 200
    for document in (theirs, draft):
        for url in (f'/documents/{document.id}', f'/documents/{document.id}/download'):
            response = client.get(url)
            assert response.status_code == 404 and document.subject not in response.get_data(as_text=True)


def test_government_sees_every_issued_document_but_no_draft(db, client, login_as, create_document):
    issued_one = create_document(subject='निर्गत')
    draft = create_document(state='draft', subject='प्रारूप वाला')
    login_as('government')
    html = client.get('/documents/').get_data(as_text=True)
    assert issued_one.subject in html and draft.subject not in html
    assert 'New document' not in html and '/documents/new' not in html


def test_concurrent_issues_get_distinct_consecutive_numbers(data_app, db, create_user):
    """Threads each take a number in their own transaction; some roll back. PostgreSQL only (row locks)."""
    if db.engine.dialect.name != 'postgresql':
        pytest.skip('needs PostgreSQL: SQLite has a single writer, so there is no concurrency to test')
    create_user(role='cell_head')
    pattern = operations.get_pattern(DocumentKind.office_memo)
    db.session.commit()
    pattern_class, pattern_id = type(pattern), pattern.id  # the threads never touch the test's session
    results, errors, barrier = [], [], threading.Barrier(8)

    def worker(index):
        try:
            with data_app.app_context():
                barrier.wait()
                for attempt in range(5):
                    seq = operations.allocate_number(_db.session.get(pattern_class, pattern_id), 2026)
                    if (index + attempt) % 4 == 0:
                        _db.session.rollback()  # a failed issue: its number is given again
                    else:
                        _db.session.commit()
                        results.append(seq)
                _db.session.remove()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == list(range(1, len(results) + 1))
    assert len(results) == 30


def test_new_document_is_signed_by_the_in_charge_by_default(db, client, login, create_user):
    create_user(role='cell_head', name='पूर्व प्रभारी', designation='पूर्व प्रभारी').is_active = False
    db.session.commit()
    create_user(role='cell_head', name='प्रभारी जेम सेल', designation='प्रभारी, जेम सेल, लखनऊ।')
    login(create_user(role='reviewer', name='समीक्षक', designation='समीक्षा अधिकारी'))
    html = client.get('/documents/new').get_data(as_text=True)
    assert 'value="प्रभारी जेम सेल"' in html and 'value="प्रभारी, जेम सेल, लखनऊ।"' in html
    assert 'value="समीक्षक"' not in html and 'पूर्व प्रभारी' not in html


def test_in_charge_is_warned_when_the_signatory_is_someone_else(db, client, login, create_user):
    head = create_user(role='cell_head', name='प्रभारी जेम सेल')
    others = operations.create_document(fields(), head)  # signed by "प्रभारी", not by the head's name
    own = operations.create_document(fields(data={**MEMO, 'signatory': {'name': 'प्रभारी जेम सेल'}}), head)
    db.session.commit()
    login(head)
    html = client.get(f'/documents/{others.id}').get_data(as_text=True)
    assert 'signatory-warning' in html and 'प्रभारी' in html and f'/documents/{others.id}/approve' in html
    assert client.post(f'/documents/{others.id}/approve').status_code == 303  # a warning, not a block
    assert 'signatory-warning' in client.get(f'/documents/{others.id}').get_data(as_text=True)  # and at issue
    assert client.post(f'/documents/{others.id}/issue').status_code == 303
    db.session.expire_all()
    assert others.is_issued
    assert 'signatory-warning' not in client.get(f'/documents/{others.id}').get_data(as_text=True)
    assert 'signatory-warning' not in client.get(f'/documents/{own.id}').get_data(as_text=True)


def test_detail_page_shows_copy_list_as_copies_and_the_text(db, client, login, create_user, create_department):
    department = create_department()
    head = create_user(role='cell_head')
    data = {**MEMO, 'paragraphs': MEMO['paragraphs'] + [{'text': '', 'items': ['केवल बिन्दु।']}]}
    document = operations.create_document(fields(data=data, addressees=MEMO['copy_to'],
                                                 department_id=department.id), create_user(role='reviewer'))
    db.session.commit()
    login(head)
    html = client.get(f'/documents/{document.id}').get_data(as_text=True)
    copies = html.index('प्रतिलिपि')
    assert html.index('आयुक्त एवं निदेशक, उद्योग।') > copies
    addressed = html.index('प्राप्तकर्ता')
    assert addressed < html.index(department.name) < copies
    for line in ('निविदा में निम्नलिखित विचलन पाये गये:', '(1) ई0एम0डी0 की माँग नियम विरुद्ध है।',
                 '2- अतः निविदा निरस्त करने की संस्तुति की जाती है।', '3- (1) केवल बिन्दु।'):
        assert line in html


def test_the_register_downloads_as_xlsx_within_what_the_user_may_see(db, client, login, create_user,
                                                                      create_department, create_document):
    import io

    from openpyxl import load_workbook
    own, other = create_department(), create_department()
    create_document(state='issued', department=own, subject='अपने विभाग का पत्र')
    create_document(state='issued', department=other, subject='दूसरे विभाग का पत्र')
    officer = create_user(role='nodal', department=own)
    db.session.commit()
    login(officer)
    sheet = load_workbook(io.BytesIO(client.get('/documents/?format=xlsx').get_data())).active
    subjects = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert subjects == ['अपने विभाग का पत्र']
