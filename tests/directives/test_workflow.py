"""A direction from draft to closed, through the pages: drafted by the cell, issued by the In-charge through the
documents, answered point by point by each department, classed or sent back by the cell; who may do what."""
import io

import sqlalchemy as sa
import weasyprint

from gemcell.core.compliance import Compliance
from gemcell.directives.models import Addressee, Direction, DirectionState, ReplyState
from gemcell.documents.models import DocumentKind, DocumentState
from tests.directives.conftest import direction_form, html_of, png_bytes


def sign_in(client, user):
    client.post('/auth/logout')
    assert client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'}).status_code \
        == 303


def draft(client, desk, **overrides):
    sign_in(client, desk['reviewer'])
    response = client.post('/directions/new', data=direction_form(desk, **overrides))
    assert response.status_code == 303, html_of(response)
    return int(response.headers['Location'].rstrip('/').rsplit('/', 1)[1])


def test_the_cell_drafts_a_direction_with_its_memo(db, client, desk):
    direction_id = draft(client, desk)
    direction = db.session.get(Direction, direction_id)
    assert direction.state is DirectionState.draft
    assert [p.text for p in direction.points] == ['Pay every order past 10 days of CRAC.', 'Report the interest paid.',
                                                  'Name the officer responsible.']
    assert {a.department_id for a in direction.addressees} == {desk['health'].id, desk['pwd'].id}
    memo = direction.document
    assert memo.kind is DocumentKind.office_memo and memo.state is DocumentState.draft
    assert set(memo.department_ids) == {desk['health'].id, desk['pwd'].id}
    assert memo.data['paragraphs'][1]['items'][0] == 'Pay every order past 10 days of CRAC.'
    assert '12/2024/18-5' in memo.data['paragraphs'][0] and 'Overdue payments of November' in memo.data['paragraphs'][0]
    assert memo.source_model == 'directions' and memo.source_id == direction.id
    # a department does not see a draft
    sign_in(client, desk['health_officer'])
    assert client.get(f'/directions/{direction_id}').status_code == 404
    assert 'Pending payments' not in html_of(client.get('/directions/'))


def test_the_draft_is_edited_and_the_memo_follows(db, client, desk):
    direction_id = draft(client, desk)
    response = client.post(f'/directions/{direction_id}/edit', data=direction_form(
        desk, points='Only one point now', department_ids=[desk['pwd'].id]))
    assert response.status_code == 303
    db.session.expire_all()
    direction = db.session.get(Direction, direction_id)
    assert [p.text for p in direction.points] == ['Only one point now']
    assert [a.department_id for a in direction.addressees] == [desk['pwd'].id]
    assert direction.document.department_ids == [desk['pwd'].id]


def test_all_departments_addresses_every_active_one(db, client, desk, create_department):
    create_department(is_active=False)
    db.session.commit()
    direction_id = draft(client, desk, department_ids=None, all_departments='y')
    direction = db.session.get(Direction, direction_id)
    assert {a.department_id for a in direction.addressees} == {desk['health'].id, desk['pwd'].id, desk['other'].id}


def test_the_form_says_what_is_wrong(db, client, desk):
    sign_in(client, desk['reviewer'])
    response = client.post('/directions/new', data=direction_form(desk, points=' \n ', department_ids=None,
                                                                  due_date='31/31/2026'))
    assert response.status_code == 422
    html = html_of(response)
    assert 'Give a date as on a calendar' in html or 'Not a valid date' in html
    response = client.post('/directions/new', data=direction_form(desk, department_ids=None))
    assert response.status_code == 422
    assert 'Choose the departments the direction is addressed to.' in html_of(response)
    response = client.post('/directions/new', data=direction_form(desk, due_date='2024-01-01'))
    assert 'The due date cannot be before the date of the reference.' in html_of(response)
    assert db.session.scalar(sa.select(sa.func.count(Direction.id))) == 0


def test_hindi_message_for_a_hindi_user(db, client, desk, create_user):
    sign_in(client, create_user(role='reviewer'))
    response = client.post('/directions/new', data=direction_form(desk, department_ids=None))
    assert response.status_code == 422
    assert 'उन विभागों को चुनें' in html_of(response)


def issue(client, desk, direction_id):
    sign_in(client, desk['head'])
    response = client.post(f'/directions/{direction_id}/issue')
    assert response.status_code == 303


def test_only_the_in_charge_issues_and_the_memo_is_numbered(db, client, desk):
    direction_id = draft(client, desk)
    client.post(f'/directions/{direction_id}/issue')  # a reviewer
    db.session.expire_all()
    assert db.session.get(Direction, direction_id).state is DirectionState.draft
    assert 'Approve and issue' not in html_of(client.get(f'/directions/{direction_id}'))
    issue(client, desk, direction_id)
    db.session.expire_all()
    direction = db.session.get(Direction, direction_id)
    assert direction.state is DirectionState.issued
    assert direction.document.state is DocumentState.issued and direction.document.number
    assert direction.issued_date == direction.document.document_date


def test_a_department_sees_only_directions_addressed_to_it(db, client, desk):
    direction_id = draft(client, desk)
    issue(client, desk, direction_id)
    direction = db.session.get(Direction, direction_id)
    theirs = direction.addressee_for(desk['pwd'].id)
    sign_in(client, desk['health_officer'])
    html = html_of(client.get(f'/directions/{direction_id}'))
    assert desk['health'].name_en in html and desk['pwd'].name_en not in html
    assert 'Pending payments to MSE sellers' in html_of(client.get('/directions/'))
    # another department's report, its answer page and its files: 404
    assert client.get(f'/directions/reports/{theirs.id}').status_code == 404
    assert client.get(f'/directions/reports/{theirs.id}/files/1').status_code == 404
    sign_in(client, desk['other_officer'])
    assert client.get(f'/directions/{direction_id}').status_code == 404
    assert 'Pending payments' not in html_of(client.get('/directions/'))
    assert 'Pending payments' not in html_of(client.get('/directions/?format=csv'))


def answers(direction, text='Done', **files):
    data = {f'action_{p.id}': f'{text} {p.number}' for p in direction.points}
    data.update(files)
    return data


def test_the_department_answers_every_point_with_files(db, client, desk):
    direction_id = draft(client, desk)
    issue(client, desk, direction_id)
    direction = db.session.get(Direction, direction_id)
    mine = direction.addressee_for(desk['health'].id)
    first = direction.points[0]
    sign_in(client, desk['health_officer'])
    # a file that is not what its name says is refused, and nothing is saved
    response = client.post(f'/directions/reports/{mine.id}', content_type='multipart/form-data', data={
        **answers(direction), f'files_{first.id}': (io.BytesIO(b'MZ not a pdf'), 'order.pdf'), 'action': 'save'})
    assert response.status_code == 422
    assert 'is not a PDF, PNG or JPEG file' in html_of(response)
    db.session.expire_all()
    assert db.session.get(Addressee, mine.id).replies == []
    # a point left unanswered stops the submission, with the point named
    data = answers(direction)
    data[f'action_{direction.points[1].id}'] = ''
    response = client.post(f'/directions/reports/{mine.id}', data={**data, 'action': 'submit'})
    assert response.status_code == 422 and 'points 2 have no answer' in html_of(response)
    pdf = weasyprint.HTML(string='<p>भुगतान आदेश</p>').write_pdf()
    response = client.post(f'/directions/reports/{mine.id}', content_type='multipart/form-data', data={
        **answers(direction), f'files_{first.id}': [(io.BytesIO(pdf), 'भुगतान.pdf'), (io.BytesIO(png_bytes()),
                                                                                         'photo.png')],
        'action': 'submit'})
    assert response.status_code == 303, html_of(response)
    db.session.expire_all()
    mine = db.session.get(Addressee, mine.id)
    assert mine.state is ReplyState.submitted and mine.first_submitted_dt is not None
    reply = mine.reply_to(direction.points[0])
    assert reply.action_taken == 'Done 1' and [a.filename for a in reply.attachments] == ['भुगतान.pdf', 'photo.png']
    # the file comes back to the department and the cell, not to another department
    url = f'/directions/reports/{mine.id}/files/{reply.attachments[0].id}'
    assert client.get(url).data == pdf
    assert client.get(f'/directions/reports/{mine.id}').status_code == 403  # submitted: no more changes
    sign_in(client, desk['pwd_officer'])
    assert client.get(url).status_code == 404
    sign_in(client, desk['reviewer'])
    assert client.get(url).status_code == 200
    # the register of the direction downloads with the answers; a department's, with its own only
    csv = client.get(f'/directions/{direction_id}?format=csv').get_data(as_text=True)
    assert 'Done 1' in csv and desk['pwd'].name_en in csv
    sign_in(client, desk['pwd_officer'])
    csv = client.get(f'/directions/{direction_id}?format=csv').get_data(as_text=True)
    assert 'Done 1' not in csv and desk['health'].name_en not in csv


def test_the_cell_classes_each_point_or_sends_the_report_back(db, client, desk):
    direction_id = draft(client, desk)
    issue(client, desk, direction_id)
    direction = db.session.get(Direction, direction_id)
    mine = direction.addressee_for(desk['health'].id)
    points = direction.points
    sign_in(client, desk['health_officer'])
    client.post(f'/directions/reports/{mine.id}', data={**answers(direction), 'action': 'submit'})
    # a department cannot class its own report
    assert client.post(f'/directions/reports/{mine.id}/class', data={'decision': 'class'}).status_code == 403

    sign_in(client, desk['reviewer'])
    url = f'/directions/reports/{mine.id}/class'
    response = client.post(url, data={'decision': 'class', f'class_{points[0].id}': 'complied'})
    assert response.status_code == 422 and 'points 2, 3 are not classed' in html_of(response)
    response = client.post(url, data={'decision': 'send_back', 'remark': ' '})
    assert response.status_code == 422 and 'a remark is required to send the report back' in html_of(response)
    assert client.post(url, data={'decision': 'send_back', 'remark': 'Attach the payment orders.'}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Addressee, mine.id).state is ReplyState.returned

    sign_in(client, desk['health_officer'])
    page = html_of(client.get(f'/directions/reports/{mine.id}'))
    assert 'Attach the payment orders.' in page and 'Done 1' in page  # the answers are kept
    client.post(f'/directions/reports/{mine.id}', data={**answers(direction, 'Paid'), 'action': 'submit'})

    sign_in(client, desk['reviewer'])
    response = client.post(url, data={'decision': 'class', f'class_{points[0].id}': 'complied',
                                      f'class_{points[1].id}': 'partly', f'note_{points[1].id}': 'Interest not shown',
                                      f'class_{points[2].id}': 'not_applicable'})
    assert response.status_code == 303
    db.session.expire_all()
    mine = db.session.get(Addressee, mine.id)
    assert mine.state is ReplyState.classed and mine.compliance is Compliance.partly
    assert mine.reply_to(points[1]).cell_remark == 'Interest not shown'
    direction = db.session.get(Direction, direction_id)
    # the other department has not answered: the direction is still pending, and cannot be closed
    assert direction.compliance is Compliance.pending
    assert not direction.can_close(desk['reviewer'])
    client.post(f'/directions/{direction_id}/close')
    db.session.expire_all()
    assert db.session.get(Direction, direction_id).state is DirectionState.issued


def test_governments_direction_to_the_cell(db, client, desk):
    sign_in(client, desk['reviewer'])
    response = client.post('/directions/new?kind=government', data={
        'kind': 'government', 'level': 'government', 'subject': 'Monthly note on GeM purchases',
        'points': 'Send the ranking of departments.\nName the departments below 50 per cent.',
        'reference_number': 'शासन का पत्र 77/18-5-2026', 'reference_date': '2026-11-20', 'due_date': '2026-12-05'})
    assert response.status_code == 303, html_of(response)
    direction = db.session.scalar(sa.select(Direction))
    assert direction.is_government and direction.document is None
    [cell] = direction.addressees
    assert cell.department_id is None
    assert client.post(f'/directions/{direction.id}/issue').status_code == 303  # the cell registers it
    db.session.expire_all()
    assert db.session.get(Direction, direction.id).state is DirectionState.issued
    assert 'Monthly note on GeM purchases' in html_of(client.get('/directions/'))  # in the cell's "due" list
    response = client.post(f'/directions/reports/{cell.id}', data={**answers(direction, 'Sent'), 'action': 'submit'})
    assert response.status_code == 303
    response = client.post(f'/directions/reports/{cell.id}/class', data={
        'decision': 'class', **{f'class_{p.id}': 'complied' for p in direction.points}})
    assert response.status_code == 303
    db.session.expire_all()
    direction = db.session.get(Direction, direction.id)
    assert direction.compliance is Compliance.complied
    assert client.post(f'/directions/{direction.id}/close').status_code == 303
    db.session.expire_all()
    assert db.session.get(Direction, direction.id).state is DirectionState.closed
    # a department never sees Government's direction to the cell
    sign_in(client, desk['health_officer'])
    assert client.get(f'/directions/{direction.id}').status_code == 404
    assert client.get(f'/directions/reports/{cell.id}').status_code == 404


def test_a_report_without_the_csrf_token_is_refused(csrf_app, db, desk, create_direction):
    from tests.conftest import csrf_token_from
    direction = create_direction(departments=[desk['health']])
    db.session.commit()
    addressee = direction.addressees[0]
    client = csrf_app.test_client()
    token = csrf_token_from(html_of(client.get('/auth/login')))
    client.post('/auth/login', data={'login': desk['health_officer'].login, 'password': 'correct horse battery',
                                     'csrf_token': token})
    data = {**answers(direction), 'action': 'submit'}
    assert client.post(f'/directions/reports/{addressee.id}', data=data).status_code == 400
    page = html_of(client.get(f'/directions/reports/{addressee.id}'))
    response = client.post(f'/directions/reports/{addressee.id}', data={**data, 'csrf_token': csrf_token_from(page)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Addressee, addressee.id).state is ReplyState.submitted
