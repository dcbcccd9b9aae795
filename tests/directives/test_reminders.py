"""Reminders before and after the due date and escalation to the next level, on the right days (time injected),
once a day at most; e-mailed through a real SMTP server; the daily task."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from gemcell.directives import operations
from gemcell.directives.models import Addressee, DirectionLevel, Reminder, ReminderKind, ReplyState
from gemcell.documents.models import Document, DocumentKind, DocumentState
from gemcell.returns.models import Notice
from tests.returns.smtp_sink import SMTPSink

DUE = date(2026, 12, 10)


@pytest.fixture
def overdue_world(db, create_department, create_user, create_direction, create_document):
    health, pwd = create_department(name_hi='स्वास्थ्य विभाग'), create_department(name_hi='लोक निर्माण विभाग')
    officers = [create_user(role='nodal', department=health, email='h1@up.gov.in'),
                create_user(role='nodal', department=health),
                create_user(role='nodal', department=pwd, email='pwd@up.gov.in')]
    head = create_user(role='cell_head', name='राजेश कुमार')
    memo = create_document(departments=[health, pwd], number='41/2026/GeM-Cell')
    direction = create_direction(departments=[health, pwd], due_date=DUE, document_id=memo.id,
                                 subject='लम्बित भुगतान')
    db.session.commit()
    return {'health': health, 'pwd': pwd, 'officers': officers, 'head': head, 'direction': direction}


def run(day):
    result = operations.run_reminders(day)
    from gemcell.extensions import db
    db.session.commit()
    return result


def kinds_on(day):
    from gemcell.extensions import db
    return sorted((r.kind.value, r.addressee.department.name_hi) for r in
                  db.session.scalars(sa.select(Reminder).where(Reminder.day == day)))


def test_the_reminder_before_the_due_date_goes_on_the_right_day(db, overdue_world):
    assert run(DUE - timedelta(days=4))['notices'] == []
    result = run(DUE - timedelta(days=3))
    assert len(result['notices']) == 3  # every nodal officer of both departments
    assert kinds_on(DUE - timedelta(days=3)) == [('before', 'लोक निर्माण विभाग'), ('before', 'स्वास्थ्य विभाग')]
    notice = result['notices'][0]
    assert 'लम्बित भुगतान' in notice.message_hi and '10 दिसम्बर 2026' in notice.message_hi
    assert 'is due by 10 December 2026' in notice.message_en
    assert run(DUE - timedelta(days=2))['notices'] == []
    assert run(DUE)['notices'] == []  # the due date itself is not overdue


def test_overdue_reminders_on_the_first_day_and_every_week(db, overdue_world):
    fired = [offset for offset in range(0, 23) if run(DUE + timedelta(days=offset))['notices']]
    assert fired == [1, 8, 15, 22]


def test_a_department_that_has_answered_is_not_reminded(db, overdue_world):
    addressee = overdue_world['direction'].addressee_for(overdue_world['pwd'].id)
    addressee.state = ReplyState.submitted
    db.session.commit()
    result = run(DUE + timedelta(days=1))
    assert {n.department_id for n in result['notices']} == {overdue_world['health'].id}


def test_escalation_fires_on_the_right_day_with_a_reminder_letter(db, overdue_world):
    health = overdue_world['direction'].addressee_for(overdue_world['health'].id)
    assert run(DUE + timedelta(days=14))['escalations'] == []
    result = run(DUE + timedelta(days=15))
    assert len(result['escalations']) == 2
    db.session.expire_all()
    health = db.session.get(Addressee, health.id)
    assert health.escalated_level is DirectionLevel.commissioner
    assert health.escalated_date == DUE + timedelta(days=15)
    letter = health.reminder_document
    assert letter.kind is DocumentKind.letter and letter.state is DocumentState.draft
    assert letter.department_ids == [overdue_world['health'].id]
    assert letter.subject == 'अनुस्मारक: लम्बित भुगतान'
    assert letter.data['from']['name'] == 'आयुक्त एवं निदेशक, उद्योग'
    assert '41/2026/GeM-Cell' in letter.data['paragraphs'][0]
    assert '15 दिन' in letter.data['paragraphs'][1]
    assert letter.source_model == 'directions' and letter.created_by_id == overdue_world['head'].id
    # the same day again: nothing twice
    assert run(DUE + timedelta(days=15)) == {'notices': [], 'mails': [], 'escalations': []}
    # another 15 days: to Government; after that there is no level above
    assert len(run(DUE + timedelta(days=29))['escalations']) == 0
    assert len(run(DUE + timedelta(days=30))['escalations']) == 2
    db.session.expire_all()
    assert db.session.get(Addressee, health.id).escalated_level is DirectionLevel.government
    assert db.session.get(Addressee, health.id).reminder_document.data['from']['name'] == 'प्रमुख सचिव'
    assert all(not run(DUE + timedelta(days=d))['escalations'] for d in (45, 60, 90))
    assert db.session.scalar(sa.select(sa.func.count(Document.id)).where(Document.kind == DocumentKind.letter)) == 4


def test_a_direction_from_government_level_is_not_escalated(db, overdue_world):
    overdue_world['direction'].level = DirectionLevel.government
    db.session.commit()
    assert run(DUE + timedelta(days=15))['escalations'] == []


def test_the_escalation_day_is_configurable(data_app, db, overdue_world):
    data_app.config['DIRECTION_ESCALATE_AFTER_DAYS'] = 5
    try:
        assert run(DUE + timedelta(days=4))['escalations'] == []
        assert len(run(DUE + timedelta(days=5))['escalations']) == 2
    finally:
        data_app.config['DIRECTION_ESCALATE_AFTER_DAYS'] = 15


def test_reminders_are_emailed(app, data_app, db, overdue_world):
    with SMTPSink() as sink:
        data_app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=sink.port, MAIL_FROM='gemcell@up.gov.in')
        try:
            result = run(DUE + timedelta(days=1))
            from gemcell.returns.tasks import send_mail
            assert send_mail(result['mails']) == 2
        finally:
            data_app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert sorted(m['envelope']['to'][0] for m in sink.messages) == ['h1@up.gov.in', 'pwd@up.gov.in']
    body = sink.messages[0]['message'].get_content()
    assert 'लम्बित भुगतान' in body and 'has not been received' in body
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 3  # the officer without e-mail: in-app only
    log = db.session.scalars(sa.select(Reminder).order_by(Reminder.id)).all()
    assert sorted((r.notices, r.emails) for r in log) == [(1, 1), (2, 1)]


def test_the_daily_task_runs_todays_reminders(db, data_app, create_department, create_user, create_direction):
    from gemcell.directives.queries import today
    from gemcell.directives.tasks import direction_reminders
    department = create_department()
    create_user(role='nodal', department=department)
    create_direction(departments=[department], due_date=today() + timedelta(days=3))
    db.session.commit()
    direction_reminders.call_local()
    db.session.expire_all()
    assert [r.kind for r in db.session.scalars(sa.select(Reminder))] == [ReminderKind.before]


def test_the_cell_runs_the_reminders_from_the_register(db, client, login_as, overdue_world):
    login_as('reviewer', locale='en')
    response = client.post('/directions/remind')
    assert response.status_code == 303
    assert client.get('/directions/register').status_code == 200
