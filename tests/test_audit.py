"""The audit trail records every change, and its hash chain exposes tampering."""
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry, verify_chain
from gemcell.directory.models import Department


def entries(db, model=None):
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id)
    if model:
        stmt = stmt.where(AuditEntry.model == model)
    return db.session.scalars(stmt).all()


def test_insert_update_delete_are_recorded_with_old_and_new_values(db, create_department):
    department = create_department(code='HEALTH', name_en='Health')
    db.session.commit()
    department.name_en = 'Medical Health and Family Welfare'
    db.session.commit()
    db.session.delete(department)
    db.session.commit()
    insert, update, delete = entries(db, 'departments')
    assert insert.action == 'insert' and insert.changes['code'] == [None, 'HEALTH']
    assert update.action == 'update'
    assert update.changes == {'name_en': ['Health', 'Medical Health and Family Welfare']}
    assert delete.action == 'delete' and delete.changes['code'] == ['HEALTH', None]
    assert insert.object_id == update.object_id == delete.object_id == str(department.id)


def test_change_through_a_page_records_who_made_it(db, client, login_as, create_department):
    department = create_department(code='PWD')
    db.session.commit()
    admin = login_as('admin')
    response = client.post(f'/departments/{department.id}/edit',
                           data={'code': 'PWD', 'name_hi': 'लोक निर्माण विभाग', 'name_en': 'Public Works',
                                 'is_active': 'y'})
    assert response.status_code == 303
    last = entries(db, 'departments')[-1]
    assert last.actor == admin.login and last.user_id == admin.id
    assert last.changes['name_hi'][1] == 'लोक निर्माण विभाग'


def test_passwords_never_reach_the_trail(db, create_user):
    create_user(password='correct horse battery')
    user_entry = entries(db, 'users')[-1]
    assert user_entry.changes['password_hash'] == [None, '***']


def test_trail_is_append_only_through_the_application(db, create_department):
    create_department()
    db.session.commit()
    entry = entries(db)[0]
    entry.actor = 'someone else'
    try:
        db.session.commit()
    except RuntimeError as exc:
        assert 'append-only' in str(exc)
        db.session.rollback()
    else:
        raise AssertionError('an audit entry was changed')


def test_chain_verifies_and_detects_a_changed_entry(db, runner, create_department):
    for _ in range(3):
        create_department()
    db.session.commit()
    assert verify_chain(db.session) == 3
    result = runner.invoke(args=['gemcell', 'audit-verify'])
    assert result.exit_code == 0 and '3' in result.output

    second = entries(db)[1]
    with db.engine.begin() as conn:  # tamper behind the application's back
        conn.execute(sa.text("UPDATE audit_entries SET actor = 'ghost' WHERE id = :id"), {'id': second.id})
    result = runner.invoke(args=['gemcell', 'audit-verify'])
    assert result.exit_code == 1
    assert f'entry {second.id}' in result.output


def test_chain_detects_a_deleted_entry(db, runner, create_department):
    for _ in range(3):
        create_department()
    db.session.commit()
    second = entries(db)[1]
    with db.engine.begin() as conn:
        conn.execute(sa.text('DELETE FROM audit_entries WHERE id = :id'), {'id': second.id})
    result = runner.invoke(args=['gemcell', 'audit-verify'])
    assert result.exit_code == 1
    assert f'entry {second.id + 1}' in result.output


def test_a_rolled_back_change_leaves_no_entry(db, create_department):
    create_department()
    db.session.rollback()
    assert entries(db) == []
    assert db.session.scalar(sa.select(sa.func.count(Department.id))) == 0


def test_admin_filters_the_trail_and_verifies_it_on_screen(db, client, login_as, create_department):
    create_department(code='AGRI')
    create_department(code='AH')
    db.session.commit()
    login_as('admin')
    html = client.get('/admin/audit/?model=departments', headers={'HX-Request': 'true'}).get_data(as_text=True)
    assert html.startswith('\n<div id="audit-table"') or 'id="audit-table"' in html.split('>')[0] + '>'
    assert 'AGRI' in html and 'AH' in html and 'users/' not in html
    verify = client.post('/admin/audit/verify').get_data(as_text=True)
    assert 'अक्षुण्ण' in verify


def test_audit_view_filters_by_actor(db, client, login_as, create_department):
    create_department(code='AGRI')
    db.session.commit()
    login_as('admin')
    assert 'AGRI' not in client.get('/admin/audit/?actor=nobody').get_data(as_text=True)
