"""The meetings register: minutes are sanitised (a script never comes back), action points are classed and rolled
up, reminded once a day, a department sees only its own meetings, the minutes go out as a letter."""
from datetime import date

import pytest
import sqlalchemy as sa

from gemcell.core.compliance import Compliance
from gemcell.core.errors import FormError
from gemcell.documents.models import Document, DocumentState
from gemcell.extensions import db as _db
from gemcell.helpdesk.models import HelpdeskNotice
from gemcell.meetings import operations
from gemcell.meetings.models import Meeting, OwnerKind

SCRIPT = ('<p onclick="steal()">बैठक में <b>निर्णय</b> हुआ</p><script>alert("x")</script>'
          '<img src=x onerror=alert(1)><a href="javascript:alert(1)">link</a><ul><li>भुगतान</li></ul>'
          '<style>body{display:none}</style><iframe src="//evil"></iframe>')


def test_script_in_minutes_never_comes_back(db, client, login, create_user, create_department):
    department = create_department()
    reviewer = login(create_user(role='reviewer'))
    response = client.post('/meetings/new', data={
        'meeting_date': '2026-11-10', 'department_id': str(department.id), 'subject': 'समीक्षा बैठक',
        'venue': 'लखनऊ', 'agenda': 'लम्बित भुगतान', 'participants': 'श्री क', 'minutes_html': SCRIPT})
    assert response.status_code == 303
    meeting = _db.session.scalar(sa.select(Meeting))
    stored = meeting.minutes_html
    for bad in ('<script', 'alert', 'onclick', 'onerror', '<img', 'javascript:', '<style', '<iframe', 'href'):
        assert bad not in stored
    assert '<b>निर्णय</b>' in stored and '<li>भुगतान</li>' in stored
    for url in (f'/meetings/{meeting.id}', f'/meetings/{meeting.id}/edit'):
        html = client.get(url).get_data(as_text=True)
        assert 'alert(' not in html and 'onclick' not in html and '<b>निर्णय</b>' in html
    del reviewer


def test_sanitise_keeps_tables_and_drops_attributes():
    assert operations.sanitise('<table border=1><tr><td style="x">1</td></tr></table>') == \
        '<table><tbody><tr><td>1</td></tr></tbody></table>'
    assert operations.sanitise('   ') is None
    assert operations.minutes_paragraphs('<p>एक</p><ul><li>दो &amp; तीन</li></ul>') == ['एक', 'दो & तीन']


def test_points_are_classed_and_roll_up(db, create_meeting, create_user):
    reviewer = create_user(role='reviewer')
    meeting = create_meeting(points=[{'text': 'Pay sellers'}, {'text': 'Train staff', 'owner': OwnerKind.cell}])
    first, second = meeting.points
    assert meeting.status is Compliance.pending
    with pytest.raises(FormError) as error:
        operations.class_point(first, {'compliance': 'partly', 'remark': ''}, reviewer)
    assert error.value.field == 'remark'
    operations.class_point(first, {'compliance': 'complied', 'remark': ''}, reviewer)
    operations.class_point(second, {'compliance': 'not_complied', 'remark': 'Not yet'}, reviewer)
    assert meeting.status is Compliance.partly and first.is_done and not second.is_done
    with pytest.raises(FormError):
        operations.add_point(meeting, {'text': 'x', 'owner': 'cell', 'due_date': date(2026, 1, 1)})


def test_reminders_go_to_the_owner_once_a_day(db, create_meeting, create_user, create_department):
    department = create_department()
    officer = create_user(role='nodal', department=department)
    create_user(role='nodal')  # another department's officer: not reminded
    meeting = create_meeting(department=department, points=[
        {'text': 'Pay sellers', 'due_date': date(2026, 11, 20)},
        {'text': 'Train staff', 'owner': OwnerKind.cell, 'due_date': date(2026, 11, 18)},
        {'text': 'Later', 'due_date': date(2026, 12, 31)},
        {'text': 'Done', 'due_date': date(2026, 11, 1), 'compliance': Compliance.complied}])
    assert operations.remind(date(2026, 11, 18)) == 2
    notices = _db.session.scalars(sa.select(HelpdeskNotice).order_by(HelpdeskNotice.id)).all()
    assert sorted(n.user_id for n in notices) == sorted([officer.id, meeting.created_by_id])
    to_officer = next(n for n in notices if n.user_id == officer.id)
    assert 'Pay sellers' in to_officer.message_en and '20 November 2026' in to_officer.message_en
    assert '20 नवम्बर 2026' in to_officer.message_hi
    assert operations.remind(date(2026, 11, 18)) == 0
    assert operations.remind(date(2026, 11, 21)) == 2
    assert 'overdue' in _db.session.scalars(sa.select(HelpdeskNotice).order_by(HelpdeskNotice.id.desc())).first() \
        .message_en


def test_minutes_are_drafted_as_a_letter_to_the_department(db, client, login, create_user, create_meeting):
    login(create_user(role='reviewer'))
    meeting = create_meeting(minutes_html='<p>भुगतान की समीक्षा की गई।</p>', points=[{'text': 'लम्बित भुगतान करें'}])
    _db.session.commit()
    response = client.post(f'/meetings/{meeting.id}/letter', data={'lang': 'hi'})
    assert response.status_code == 303 and '/documents/' in response.headers['Location']
    document = _db.session.scalar(sa.select(Document))
    assert document.state is DocumentState.draft and document.department_ids == [meeting.department_id]
    assert document.source_model == 'meetings' and document.source_id == meeting.id
    texts = str(document.data['paragraphs'])
    assert 'भुगतान की समीक्षा की गई।' in texts and 'लम्बित भुगतान करें' in texts
    _db.session.expire_all()
    assert _db.session.get(Meeting, meeting.id).document_id == document.id
    # the draft renders as the State's letter (the In-charge approves and issues it in the documents register)
    preview = client.get(f'/documents/{document.id}/preview')
    assert preview.status_code == 200 and preview.data.startswith(b'%PDF')


def test_a_department_sees_only_its_own_meetings(db, client, login, create_user, create_department,
                                                 create_meeting):
    own, other = create_department(), create_department()
    mine = create_meeting(department=own, subject='Our meeting', points=[{'text': 'Our point'}])
    theirs = create_meeting(department=other, subject='Their meeting', points=[{'text': 'Their point'}])
    officer = create_user(role='nodal', department=own)
    _db.session.commit()
    login(officer)
    html = client.get('/meetings/').get_data(as_text=True)
    assert 'Our meeting' in html and 'Their meeting' not in html
    points = client.get('/meetings/points?format=csv').get_data(as_text=True)
    assert 'Our point' in points and 'Their point' not in points
    assert client.get(f'/meetings/{theirs.id}').status_code == 404
    html = client.get(f'/meetings/{mine.id}').get_data(as_text=True)
    assert 'add-point' not in html and 'draft-letter' not in html
