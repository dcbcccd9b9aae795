import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.permissions import Role
from gemcell.directory.models import Department, District, Office


def test_demo_loads_the_state_and_is_idempotent(db, runner):
    result = runner.invoke(args=['gemcell', 'demo'])
    assert result.exit_code == 0, result.output
    assert 'nodal.health' in result.output
    counts = [db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Department, District, Office, User)]
    assert counts[0] >= 40 and counts[1] == 75
    districts_with_offices = db.session.scalar(sa.select(sa.func.count(sa.distinct(Office.district_id))))
    assert districts_with_offices >= 10
    assert {u.role for u in db.session.scalars(sa.select(User))} == set(Role)
    health = db.session.scalar(sa.select(Department).filter_by(code='HEALTH'))
    assert health.name_hi and health.name_en
    runner.invoke(args=['gemcell', 'demo'])
    assert [db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Department, District, Office, User)] == counts


def test_demo_users_can_sign_in(db, runner, client):
    from gemcell.demo import DEMO_PASSWORD
    runner.invoke(args=['gemcell', 'demo'])
    response = client.post('/auth/login', data={'login': 'nodal.health', 'password': DEMO_PASSWORD})
    assert response.status_code == 303


def test_create_admin(db, runner, client):
    result = runner.invoke(args=['gemcell', 'create-admin', '--login', 'root2'],
                           input='a strong password\na strong password\n')
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).filter_by(login='root2'))
    assert user.role is Role.admin
    response = client.post('/auth/login', data={'login': 'root2', 'password': 'a strong password'})
    assert response.status_code == 303


def test_cli_changes_are_audited_as_cli(db, runner):
    from gemcell.core.audit import AuditEntry
    runner.invoke(args=['gemcell', 'demo'])
    actors = set(db.session.scalars(sa.select(AuditEntry.actor).distinct()))
    assert actors == {'cli'}


def test_background_task_runs_in_the_queue(db, create_department):
    from gemcell.tasks import verify_audit_chain
    create_department()
    db.session.commit()
    result = verify_audit_chain()
    assert result.get() == 1
