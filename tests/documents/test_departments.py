"""A document addressed to several departments: the association rows, the freeze, the audit trail, the drafting
form (ticks → printed addressee lines), and who may read it (the nodal officers of every department addressed,
nobody else's)."""
import csv
import io

import pytest
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.documents import operations
from gemcell.documents.forms import merge_department_lines
from gemcell.documents.models import Document, DocumentDepartment, DocumentFrozen, DocumentState
from tests.documents.test_register import MEMO, fields, issued


def links(db, document):
    return db.session.execute(sa.select(DocumentDepartment.department_id).where(
        DocumentDepartment.document_id == document.id).order_by(DocumentDepartment.department_id)).scalars().all()


def audit_rows(db, model):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.model == model).order_by(AuditEntry.id)).all()


@pytest.fixture
def three(create_department):
    return (create_department(name_hi='कृषि विभाग', name_en='Agriculture Department'),
            create_department(name_hi='संस्कृति विभाग', name_en='Culture Department'),
            create_department(name_hi='आवास एवं शहरी नियोजन विभाग', name_en='Housing and Urban Planning Department'))


# --- the association -------------------------------------------------------------------------------------------

def test_a_document_is_addressed_to_several_departments_and_each_pair_once(db, create_user, three):
    a, b, c = three
    reviewer = create_user(role='reviewer')
    document = operations.create_document(fields(department_ids=[b.id, a.id, b.id]), reviewer)
    db.session.commit()
    assert links(db, document) == sorted([a.id, b.id])
    assert {d.id for d in document.departments} == {a.id, b.id}
    with pytest.raises(sa.exc.IntegrityError):  # the pair is the primary key
        db.session.execute(sa.insert(DocumentDepartment.__table__).values(document_id=document.id,
                                                                          department_id=a.id))
    db.session.rollback()

    operations.update_document(document, fields(department_ids=[b.id, c.id]))
    db.session.commit()
    assert links(db, document) == sorted([b.id, c.id])
    operations.update_document(document, fields(department_ids=[]))
    db.session.commit()
    assert links(db, document) == []


def test_the_one_department_call_still_works(db, create_user, three):
    """``create_document(fields with department_id)``, as the scrutiny module drafts a recommendation."""
    a, b, _c = three
    document = operations.create_document(fields(department_id=a.id), create_user(role='reviewer'))
    db.session.commit()
    assert links(db, document) == [a.id] and document.department_id == a.id
    operations.update_document(document, fields(department_ids=[a.id, b.id]))
    assert document.department_id is None  # several: no single one, read department_ids
    assert sorted(document.department_ids) == sorted([a.id, b.id])
    with pytest.raises(AttributeError, match='addressed_to'):  # no column to query any more
        Document.department_id  # noqa: B018


def test_changes_of_the_departments_are_in_the_audit_trail(db, create_user, three):
    a, b, c = three
    reviewer = create_user(role='reviewer')
    document = operations.create_document(fields(department_ids=[a.id, b.id]), reviewer)
    db.session.commit()
    operations.update_document(document, fields(department_ids=[a.id, c.id]))
    db.session.commit()
    entries = [(e.action, e.object_id, e.changes) for e in audit_rows(db, 'document_departments')]
    d = document.id
    assert entries[:2] == [
        ('insert', f'{d}/{a.id}', {'document_id': [None, d], 'department_id': [None, a.id]}),
        ('insert', f'{d}/{b.id}', {'document_id': [None, d], 'department_id': [None, b.id]}),
    ]
    assert sorted(entries[2:]) == [  # one flush: b out, c in
        ('delete', f'{d}/{b.id}', {'document_id': [d, None], 'department_id': [b.id, None]}),
        ('insert', f'{d}/{c.id}', {'document_id': [None, d], 'department_id': [None, c.id]}),
    ]


def test_the_departments_of_an_issued_document_are_frozen(db, create_user, three):
    a, b, c = three
    head = create_user(role='cell_head')
    document = issued(db, head, department_ids=[a.id, b.id])  # drafted, approved and issued with them
    assert document.is_issued and links(db, document) == sorted([a.id, b.id])

    operations.set_departments(document, [a.id, b.id, c.id])
    with pytest.raises(DocumentFrozen):
        db.session.flush()
    db.session.rollback()
    operations.set_departments(document, [a.id])
    with pytest.raises(DocumentFrozen):
        db.session.flush()
    db.session.rollback()
    db.session.add(DocumentDepartment(document_id=document.id, department_id=c.id))  # around the relationship
    with pytest.raises(DocumentFrozen):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(DocumentDepartment, (document.id, a.id)))
    with pytest.raises(DocumentFrozen):
        db.session.flush()
    db.session.rollback()
    assert links(db, document) == sorted([a.id, b.id])

    correction = operations.create_correction(document, head)  # a correction is addressed alike, and is a draft
    operations.set_departments(correction, [c.id])
    db.session.commit()
    assert links(db, correction) == [c.id]


# --- who may read it -------------------------------------------------------------------------------------------

def test_nodal_officers_of_every_addressed_department_read_it_and_no_one_else(db, client, login, create_user,
                                                                               create_department, create_document):
    first, second, outsider = create_department(), create_department(), create_department()
    shared = create_document(departments=[first, second], subject='दोनों विभागों को निर्देश')
    draft = create_document(state='draft', departments=[first, second], subject='अभी प्रारूप')
    db.session.commit()
    for department in (first, second):
        client.post('/auth/logout')
        login(create_user(role='nodal', department=department))
        register = client.get('/documents/').get_data(as_text=True)
        assert shared.subject in register and draft.subject not in register
        assert client.get(f'/documents/{shared.id}').status_code == 200
        assert client.get(f'/documents/{shared.id}/download').status_code == 200
        assert client.get(f'/documents/{draft.id}').status_code == 404

    client.post('/auth/logout')
    login(create_user(role='nodal', department=outsider))
    register = client.get('/documents/')
    assert register.status_code == 200 and shared.subject not in register.get_data(as_text=True)
    exported = client.get('/documents/?format=csv').get_data(as_text=True)
    assert shared.subject not in exported
    for url in (f'/documents/{shared.id}', f'/documents/{shared.id}/download'):
        response = client.get(url)
        assert response.status_code == 404 and shared.subject not in response.get_data(as_text=True)


def test_the_register_names_the_departments_and_filters_by_one(db, client, login_as, create_department,
                                                               create_document):
    departments = [create_department(name_hi=f'परीक्षण विभाग {letter}') for letter in 'कखगघ']
    to_all = create_document(departments=departments, subject='चारों विभागों को')
    to_one = create_document(department=departments[0], subject='एक विभाग को')
    db.session.commit()
    login_as('government')
    html = client.get('/documents/').get_data(as_text=True)
    assert 'परीक्षण विभाग क; परीक्षण विभाग ख; परीक्षण विभाग ग' in html  # the first three by name
    assert 'और 1 अन्य' in html  # then how many more
    filtered = client.get(f'/documents/?department={departments[3].id}').get_data(as_text=True)
    assert to_all.subject in filtered and to_one.subject not in filtered
    rows = list(csv.reader(io.StringIO(client.get('/documents/?format=csv').get_data(as_text=True).lstrip('\ufeff'))))
    row = next(r for r in rows if to_all.subject in r)
    assert all(department.name_hi in '|'.join(row) for department in departments)


# --- the drafting form -----------------------------------------------------------------------------------------

def form_data(**overrides):
    return {'kind': 'letter', 'language': 'hi', 'subject': 'समस्त विभागों को निर्देश', 'header': 'उत्तर प्रदेश शासन',
            'body': 'निर्देश का पाठ।', 'signatory_name': 'प्रभारी', 'copy_to': 'गार्ड फाइल'} | overrides


def test_the_form_lists_every_department_as_a_checkbox_with_a_filter(db, client, login_as, create_department):
    for n in range(66):
        create_department(name_hi=f'सूची विभाग {n:02d}', name_en=f'List Department {n:02d}', code=f'L{n:02d}')
    db.session.commit()
    login_as('reviewer')
    html = client.get('/documents/new').get_data(as_text=True)
    assert html.count('name="department_ids" type="checkbox"') == 66
    assert 'सूची विभाग 00' in html and 'class="checklist-filter"' in html and 'सम्बोधित विभाग' in html
    assert 'data-search="सूची विभाग 07 सूची विभाग 07 list department 07 l07"' in html  # Hindi, English, code


def test_ticked_departments_build_the_addressee_lines_which_stay_editable(db, client, login, create_user, three):
    agriculture, culture, housing = three
    login(create_user(role='reviewer'))
    response = client.post('/documents/new', data=form_data(department_ids=[agriculture.id, culture.id]))
    assert response.status_code == 303, response.get_data(as_text=True)
    document = db.session.scalar(sa.select(Document))
    assert sorted(document.department_ids) == sorted([agriculture.id, culture.id])
    built = ['अपर मुख्य सचिव/प्रमुख सचिव/सचिव, कृषि विभाग, उत्तर प्रदेश शासन।',
             'अपर मुख्य सचिव/प्रमुख सचिव/सचिव, संस्कृति विभाग, उत्तर प्रदेश शासन।']
    assert document.data['to'] == built and document.addressees == built
    edit = client.get(f'/documents/{document.id}/edit').get_data(as_text=True)
    assert built[0] in edit and built[1] in edit
    assert edit.count('checked id="department_ids-') == 2 and f'type="checkbox" value="{culture.id}"' in edit

    # the drafter rewrites one line; then unticks both, ticks the third: the line built for a department goes
    # with it, the rewritten one stays (theirs to remove), the new department gets its line
    to = 'सचिव, कृषि विभाग, उ0प्र0 शासन, लखनऊ।\n' + built[1]
    response = client.post(f'/documents/{document.id}/edit', data=form_data(to=to, department_ids=[housing.id]))
    assert response.status_code == 303
    db.session.expire_all()
    assert document.department_ids == [housing.id]
    assert document.data['to'] == ['सचिव, कृषि विभाग, उ0प्र0 शासन, लखनऊ।',
                                   'अपर मुख्य सचिव/प्रमुख सचिव/सचिव, आवास एवं शहरी नियोजन विभाग, उत्तर प्रदेश शासन।']
    detail = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert housing.name_hi in detail and culture.name_hi not in detail.split('class="departments"')[1][:300]


def test_an_office_memo_lists_the_departments_under_copy_to_in_its_own_language(db, client, login, create_user,
                                                                                three):
    agriculture, _culture, _housing = three
    login(create_user(role='reviewer'))
    response = client.post('/documents/new', data=form_data(kind='office-memo', language='en', to='',
                                                            department_ids=[agriculture.id]))
    assert response.status_code == 303
    document = db.session.scalar(sa.select(Document))
    assert document.data['copy_to'] == ['गार्ड फाइल', 'Additional Chief Secretary/Principal Secretary/Secretary, '
                                                    'Agriculture Department, Government of Uttar Pradesh.']
    assert 'to' not in document.data


def test_a_letter_needs_an_addressee_line_or_a_department(db, client, login, create_user, create_department):
    login(create_user(role='reviewer'))
    response = client.post('/documents/new', data=form_data(to=''))
    assert response.status_code == 422
    assert 'पत्र में कम से कम एक प्राप्तकर्ता आवश्यक है।' in response.get_data(as_text=True)
    response = client.post('/documents/new', data=form_data(to='', department_ids=[987654]))
    assert response.status_code == 422 and db.session.scalar(sa.select(Document)) is None


def test_a_line_names_a_department_only_by_its_whole_name(app, three):
    agriculture, culture, housing = three
    lines = ['Principal Secretary, Agriculture Department', 'Housing and Urban Planning Department']
    with app.test_request_context():
        merged = merge_department_lines(lines, [culture], [culture], [], 'en', three)
        assert merged[-1] == ('Additional Chief Secretary/Principal Secretary/Secretary, Culture Department, '
                              'Government of Uttar Pradesh.')
        assert merge_department_lines(lines, [agriculture], [agriculture], [], 'en', three) == lines
        assert merge_department_lines(['आवास एवं शहरी नियोजन विभाग'], [housing], [housing], [], 'hi', three) == \
            ['आवास एवं शहरी नियोजन विभाग']


def test_issued_document_page_names_every_department(db, client, login, create_user, three):
    head = create_user(role='cell_head')
    document = issued(db, head, department_ids=[d.id for d in three],
                      data={**MEMO, 'copy_to': [d.name_hi for d in three]})
    assert document.state is DocumentState.issued
    login(create_user(role='nodal', department=three[2]))
    html = client.get(f'/documents/{document.id}').get_data(as_text=True)
    addressed = html.split('class="departments">')[1].split('</dd>')[0]
    assert all(department.name_hi in addressed for department in three)
