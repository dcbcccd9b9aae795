"""Roll-ups and registers against hand-computed figures; the hooks other modules call (``draft_direction``, the
scorecard's ``compliance_by_department_month``); the inbox."""
from datetime import date, datetime, timezone

import pytest

from gemcell.core.compliance import Compliance
from gemcell.core.errors import FormError
from gemcell.directives import operations, queries
from gemcell.directives.models import DirectionState, PointReply, ReplyState
from gemcell.documents.models import DocumentState


def classed(addressee, *classes, submitted=datetime(2026, 11, 28, 6, tzinfo=timezone.utc)):
    addressee.state = ReplyState.classed
    addressee.first_submitted_dt = addressee.submitted_dt = submitted
    for point, value in zip(addressee.direction.points, classes):
        addressee.replies.append(PointReply(point_id=point.id, action_taken='किया', compliance=Compliance(value)))


@pytest.fixture
def register_world(db, create_department, create_direction):
    a, b = create_department(name_hi='क विभाग'), create_department(name_hi='ख विभाग')
    points = ['एक', 'दो', 'तीन']
    d1 = create_direction(departments=[a, b], points=points, due_date=date(2026, 11, 30),
                          issued_date=date(2026, 11, 5))
    d2 = create_direction(departments=[a], points=points, due_date=date(2026, 12, 20), issued_date=date(2026, 12, 1))
    d3 = create_direction(departments=[b], points=points, due_date=date(2026, 11, 10), issued_date=date(2026, 10, 20))
    create_direction(departments=[a, b], state='draft')  # drafts count nowhere
    classed(d1.addressee_for(a.id), 'complied', 'complied', 'not_applicable')
    classed(d1.addressee_for(b.id), 'complied', 'not_complied', 'complied',
            submitted=datetime(2026, 12, 3, 6, tzinfo=timezone.utc))  # late
    d3.addressee_for(b.id).state = ReplyState.returned
    db.session.commit()
    return {'a': a, 'b': b, 'd1': d1, 'd2': d2, 'd3': d3}


def test_a_reports_classes_roll_up(register_world):
    d1, a, b = register_world['d1'], register_world['a'], register_world['b']
    assert d1.addressee_for(a.id).compliance is Compliance.complied  # not applicable does not count
    assert d1.addressee_for(b.id).compliance is Compliance.partly
    assert d1.compliance is Compliance.partly
    assert register_world['d2'].compliance is Compliance.pending


def test_register_by_department(register_world):
    rows = {row.department.name_hi: row for row in queries.register_by_department(date(2026, 12, 5))}
    a, b = rows['क विभाग'], rows['ख विभाग']
    assert (a.directions, a.awaiting, a.overdue, a.submitted, a.late) == (2, 1, 0, 0, 0)
    assert a.classes[Compliance.complied] == 1
    assert (b.directions, b.awaiting, b.overdue, b.late) == (2, 1, 1, 1)
    assert b.classes[Compliance.partly] == 1
    # the most overdue department first
    assert [row.department.name_hi for row in queries.register_by_department(date(2026, 12, 5))][0] == 'ख विभाग'
    only_a = queries.register_by_department(date(2026, 12, 5), [register_world['a'].id])
    assert [row.department.name_hi for row in only_a] == ['क विभाग']


def test_compliance_by_department_and_month_for_the_scorecard(register_world):
    a, b = register_world['a'].id, register_world['b'].id
    figures = queries.compliance_by_department_month(date(2026, 10, 1), date(2026, 12, 31))
    assert set(figures) == {(a, '2026-11'), (b, '2026-11'), (a, '2026-12'), (b, '2026-10')}
    assert figures[(a, '2026-11')] | {} == {'directions': 1, 'answered': 1, 'on_time': 1, 'overdue': 0,
                                           'pending': 0, 'complied': 1, 'partly': 0, 'not_complied': 0,
                                           'not_applicable': 0}
    assert figures[(b, '2026-11')]['partly'] == 1 and figures[(b, '2026-11')]['on_time'] == 0
    assert figures[(b, '2026-10')]['overdue'] == 1 and figures[(b, '2026-10')]['pending'] == 1
    assert figures[(a, '2026-12')]['answered'] == 0
    assert set(queries.compliance_by_department_month(date(2026, 11, 1), date(2026, 11, 30), [a])) == {
        (a, '2026-11')}


def test_other_modules_draft_a_direction_from_their_record(db, create_department, create_user):
    department = create_department()
    reviewer = create_user(role='reviewer')
    source = operations.Source('payments', 42, 'लम्बित भुगतान: 3 आदेश', '/payments/departments/7')
    direction = operations.draft_direction('लम्बित भुगतान का निस्तारण', ['भुगतान करें', 'ब्याज का विवरण दें'],
                                           [department.id], 'commissioner', date(2026, 12, 31), source=source,
                                           user=reviewer)
    assert direction.state is DirectionState.draft and direction.level.value == 'commissioner'
    assert (direction.source_kind, direction.source_id, direction.source_url) == ('payments', 42,
                                                                                  '/payments/departments/7')
    assert direction.document.state is DocumentState.draft
    assert direction.document.data['header'][0] == 'कार्यालय आयुक्त एवं निदेशक, उद्योग, उत्तर प्रदेश'
    with pytest.raises(FormError):
        operations.draft_direction('खाली', [], [department.id], user=reviewer)
    with pytest.raises(FormError):
        operations.draft_direction('कोई विभाग नहीं', ['एक'], [], user=reviewer)


def test_the_inbox_shows_what_is_due(db, client, login, login_as, create_department, create_user,
                                     create_direction):
    department = create_department()
    officer = create_user(role='nodal', department=department, locale='en')
    create_direction(departments=[department], due_date=date(2020, 1, 31))
    db.session.commit()
    login(officer)
    html = client.get('/').get_data(as_text=True)
    assert 'Directions to answer — overdue since 31 January 2020' in html
    client.post('/auth/logout')
    login_as('reviewer', locale='en')
    html = client.get('/').get_data(as_text=True)
    assert 'Directions overdue with departments' in html
