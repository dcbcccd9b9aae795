from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from gemcell.auth.models import User
from gemcell.core.db import utcnow


def test_login_lands_on_my_work(client, create_user):
    user = create_user(role='reviewer', name='सुनीता वर्मा')
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert response.status_code == 303 and response.headers['Location'] == '/'
    assert 'सुनीता वर्मा' in client.get('/').get_data(as_text=True)


def test_login_is_case_insensitive_on_the_login_name(client, create_user):
    user = create_user(login='nodal.health', role='reviewer')
    response = client.post('/auth/login', data={'login': ' Nodal.Health ', 'password': 'correct horse battery'})
    assert response.status_code == 303, user


def test_wrong_password_says_so_in_hindi_by_default(client, create_user):
    user = create_user()
    response = client.post('/auth/login', data={'login': user.login, 'password': 'wrong'})
    assert response.status_code == 422
    assert 'लॉगिन या पासवर्ड गलत है।' in response.get_data(as_text=True)


def test_unknown_login_gets_the_same_message_as_a_wrong_password(client):
    response = client.post('/auth/login', data={'login': 'nobody', 'password': 'wrong'})
    assert 'लॉगिन या पासवर्ड गलत है।' in response.get_data(as_text=True)


def test_account_locks_after_repeated_failures_even_for_the_right_password(app, db, client, create_user):
    user = create_user()
    for _ in range(app.config['LOGIN_MAX_FAILURES']):
        client.post('/auth/login', data={'login': user.login, 'password': 'wrong'})
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert response.status_code == 422
    assert 'लॉक' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).is_locked()


def test_lock_expires(app, db, client, create_user):
    user = create_user()
    user.locked_until_dt = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert response.status_code == 303


def test_admin_unlocks_an_account(app, db, client, login_as, create_user):
    locked = create_user()
    locked.locked_until_dt = utcnow() + timedelta(minutes=10)
    db.session.commit()
    login_as('admin')
    assert f'/admin/users/{locked.id}/unlock' in client.get('/admin/users/').get_data(as_text=True)
    assert client.post(f'/admin/users/{locked.id}/unlock').status_code == 303
    db.session.expire_all()
    assert not db.session.get(User, locked.id).is_locked()


def test_disabled_user_cannot_sign_in(db, client, create_user):
    user = create_user(role='reviewer')
    user.is_active = False
    db.session.commit()
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert response.status_code == 422


def test_disabled_user_is_signed_out_on_next_request(db, client, login, create_user):
    user = login(create_user(role='reviewer'))
    user.is_active = False
    db.session.commit()
    assert client.get('/').status_code == 302


def test_login_follows_next_but_only_within_the_site(client, create_user):
    user = create_user()
    ok = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery',
                                          'next': '/departments/?q=x'})
    assert ok.headers['Location'] == '/departments/?q=x'
    client.post('/auth/logout')
    for evil in ('https://evil.example/', '//evil.example/', '/\\evil.example'):
        response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery',
                                                     'next': evil})
        assert response.headers['Location'] == '/', evil
        client.post('/auth/logout')


def test_logout_ends_the_session(client, login, create_user):
    login(create_user())
    assert client.post('/auth/logout').status_code == 303
    assert client.get('/').status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, create_user):
    user = create_user()
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    cookie = response.headers['Set-Cookie']
    assert 'HttpOnly' in cookie and 'SameSite=Lax' in cookie


def test_session_cookie_secure_when_configured(monkeypatch):
    import importlib

    import gemcell.config
    monkeypatch.setenv('SESSION_COOKIE_SECURE', '1')
    config = importlib.reload(gemcell.config)
    try:
        assert config.Config.SESSION_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv('SESSION_COOKIE_SECURE')
        importlib.reload(gemcell.config)


def test_password_is_stored_hashed(db, create_user):
    user = create_user()
    assert 'correct horse battery' not in user.password_hash
    assert user.check_password('correct horse battery') and not user.check_password('correct horse')


def test_user_changes_own_password(db, client, login, create_user):
    user = login(create_user())
    response = client.post('/auth/password', data={'current': 'correct horse battery', 'new': 'a new secret 2026',
                                                   'confirm': 'a new secret 2026'})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password('a new secret 2026')


def test_production_password_hash_is_argon2id_with_owasp_parameters(app):
    from gemcell.auth.passwords import hash_password, verify_password
    from gemcell.config import Config
    assert Config.PASSWORD_HASH_METHOD == 'argon2id'
    stored = hash_password('correct horse battery', Config.PASSWORD_HASH_METHOD)
    assert stored.startswith('$argon2id$v=19$m=19456,t=2,p=1$') and 'correct horse' not in stored
    assert verify_password(stored, 'correct horse battery') and not verify_password(stored, 'correct horse')
    assert not verify_password('$argon2id$v=19$not-a-hash', 'correct horse battery')


def test_an_older_hash_signs_in_and_is_stored_again_as_argon2id(app, db, client, create_user, monkeypatch):
    """A password stored by werkzeug's scrypt (before Argon2id) still signs its user in; the hash is then replaced
    by an Argon2id one of the same password, the sessions going on. A wrong password changes nothing."""
    user = create_user(login='old.hash')
    user.password_hash = generate_password_hash('correct horse battery', 'scrypt')
    db.session.commit()
    version = user.session_version
    monkeypatch.setitem(app.config, 'PASSWORD_HASH_METHOD', 'argon2id')
    assert client.post('/auth/login', data={'login': 'old.hash', 'password': 'wrong horse battery'}).status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith('scrypt:')
    assert client.post('/auth/login', data={'login': 'old.hash', 'password': 'correct horse battery'}).status_code == 303
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.password_hash.startswith('$argon2id$') and user.session_version == version
    assert user.check_password('correct horse battery')


def test_every_sign_in_checks_the_same_hashes_whoever_asks(app, db, create_user, monkeypatch):
    """While some passwords are still stored by scrypt (70 ms) and others by Argon2id (16 ms), a sign-in checks one
    hash of each method, whether the login is unknown, an account of either kind, or locked: the time taken tells
    nothing. A disabled account's old hash is not replaced."""
    from flask import current_app

    from gemcell.auth import operations
    from gemcell.auth.passwords import hash_method
    monkeypatch.setitem(current_app.config, 'PASSWORD_HASH_METHOD', 'argon2id')  # the app these calls run in
    old = create_user(login='old.hash')
    old.password_hash = generate_password_hash('correct horse battery', 'scrypt')
    new = create_user(login='new.hash')
    new.password_hash = operations.hash_password('correct horse battery')
    create_user(login='locked.out').locked_until_dt = utcnow() + timedelta(minutes=5)
    disabled = create_user(login='disabled')
    disabled.is_active = False
    disabled.password_hash = generate_password_hash('correct horse battery', 'scrypt')
    db.session.commit()
    checked = []
    real = operations.verify_password
    monkeypatch.setattr(operations, 'verify_password',
                        lambda stored, password: checked.append(hash_method(stored).split(':')[0]) or real(stored,
                                                                                                            password))
    for login in ('nobody.here', 'old.hash', 'new.hash', 'locked.out', 'disabled'):
        checked.clear()
        with pytest.raises(operations.LoginFailed):
            operations.authenticate(login, 'a wrong guess at it', address='10.0.0.7')
        assert sorted(checked) == ['argon2id', 'scrypt'], login
    with pytest.raises(operations.LoginFailed):
        operations.authenticate('disabled', 'correct horse battery', address='10.0.0.7')
    assert db.session.get(User, disabled.id).password_hash.startswith('scrypt:')


def test_many_failures_from_one_address_make_it_wait_whatever_the_logins(app, db, client, create_user, monkeypatch):
    """Password spraying: one wrong password on each of many accounts locks none of them, but the address waits."""
    monkeypatch.setitem(app.config, 'LOGIN_ADDRESS_MAX_FAILURES', 3)
    users = [create_user() for _ in range(4)]
    db.session.commit()
    for user in users[:3]:
        assert client.post('/auth/login', data={'login': user.login, 'password': 'wrong'}).status_code == 422
    client.post('/auth/login', data={'login': 'nobody-at-all', 'password': 'x'})
    response = client.post('/auth/login', data={'login': users[3].login, 'password': 'correct horse battery'})
    assert response.status_code == 429
    assert 'बहुत अधिक' in response.get_data(as_text=True)
    db.session.expire_all()
    assert not any(db.session.get(User, user.id).is_locked() for user in users)


def test_an_address_may_try_again_after_the_window(app, db, create_user, monkeypatch):
    from flask import current_app

    from gemcell.auth.operations import LoginFailed, TooManyAttempts, authenticate
    monkeypatch.setitem(current_app.config, 'LOGIN_ADDRESS_MAX_FAILURES', 2)
    user = create_user()
    start = utcnow()
    for minute in (0, 1):
        with pytest.raises(LoginFailed):
            authenticate(user.login, 'wrong', address='10.0.0.7', now=start + timedelta(minutes=minute))
    with pytest.raises(TooManyAttempts):
        authenticate(user.login, 'correct horse battery', address='10.0.0.7', now=start + timedelta(minutes=2))
    # another address is not held back by this one's failures
    assert authenticate(user.login, 'correct horse battery', address='10.0.0.8', now=start + timedelta(minutes=2))
    window = current_app.config['LOGIN_ADDRESS_MINUTES']
    assert authenticate(user.login, 'correct horse battery', address='10.0.0.7',
                        now=start + timedelta(minutes=window, seconds=1)) == user


# --- sessions: fixation, signing out, a new password, idle and absolute time (ASVS V3) ---------------------------

def _cookie(app, client):
    return client.get_cookie(app.config['SESSION_COOKIE_NAME']).value


def test_a_session_from_before_signing_in_is_not_the_signed_in_one(csrf_app, db, create_user):
    """Fixation: signing in starts a new session (a new CSRF token); the cookie held before it stays anonymous."""
    from tests.conftest import csrf_token_from
    user = create_user()
    client = csrf_app.test_client()
    before_token = csrf_token_from(client.get('/auth/login').get_data(as_text=True))
    before = _cookie(csrf_app, client)
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery',
                                                 'csrf_token': before_token})
    assert response.status_code == 303
    after_token = csrf_token_from(client.get('/').get_data(as_text=True))
    assert after_token != before_token and _cookie(csrf_app, client) != before
    client.set_cookie(csrf_app.config['SESSION_COOKIE_NAME'], before)
    assert client.get('/').status_code == 302


def test_signing_out_ends_the_session_on_the_server_too(app, db, client, login, create_user):
    """A copy of the cookie taken before signing out (a shared computer, a stolen cookie) no longer works."""
    user = login(create_user())
    version = user.session_version
    kept = _cookie(app, client)
    assert client.post('/auth/logout').status_code == 303
    client.set_cookie(app.config['SESSION_COOKIE_NAME'], kept)
    assert client.get('/').status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == version + 1


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, db, client, login, create_user):
    user = login(create_user())
    other = app.test_client()
    assert other.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'}).status_code == 303
    assert other.get('/').status_code == 200
    response = client.post('/auth/password', data={'current': 'correct horse battery', 'new': 'a new secret 2026',
                                                   'confirm': 'a new secret 2026'})
    assert response.status_code == 303
    assert client.get('/').status_code == 200
    assert other.get('/').status_code == 302


def test_a_password_the_administrator_sets_signs_the_user_out(app, db, client, login_as, create_user):
    user = create_user(role='reviewer', login='samikshak.sec')
    theirs = app.test_client()
    theirs.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert theirs.get('/').status_code == 200
    login_as('admin')
    response = client.post(f'/admin/users/{user.id}/edit', data={
        'login': user.login, 'name': user.name, 'role': 'reviewer', 'department_id': 0, 'locale': 'hi',
        'is_active': 'y', 'password': 'reset by the administrator'})
    assert response.status_code == 303
    assert theirs.get('/').status_code == 302


def _age(client, **seconds):
    with client.session_transaction() as session:
        for key, value in seconds.items():
            session[key] -= value


def test_a_session_ends_after_the_idle_minutes(app, db, client, login, create_user):
    login(create_user())
    idle = app.config['SESSION_IDLE_MINUTES']
    assert idle <= 30  # ASVS level 2
    _age(client, _seen_at=(idle - 1) * 60, _auth_at=(idle - 1) * 60)
    assert client.get('/').status_code == 200
    with client.session_transaction() as session:
        assert session['_seen_at'] > session['_auth_at']  # the request counted as activity
    _age(client, _seen_at=(idle + 1) * 60)
    response = client.get('/departments/')
    assert response.status_code == 302 and response.headers['Location'].startswith('/auth/login?next=')
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert f'{idle} मिनट तक कोई गतिविधि न होने के कारण आपको साइन आउट कर दिया गया' in page
    assert client.get('/').status_code == 302


def test_a_busy_session_still_ends_after_its_lifetime(app, db, client, login, create_user):
    login(create_user(locale='en'))
    lifetime = app.permanent_session_lifetime.total_seconds()
    assert lifetime <= 12 * 3600  # ASVS level 2
    _age(client, _auth_at=int(lifetime) + 1)
    response = client.get('/', headers={'HX-Request': 'true'})
    assert response.status_code == 401 and response.headers['HX-Redirect'].startswith('/auth/login')
    assert 'please sign in again' in client.get('/auth/login').get_data(as_text=True)


def test_session_cookie_gets_the_host_prefix_when_secure(monkeypatch):
    import importlib

    import gemcell.config
    monkeypatch.setenv('SESSION_COOKIE_SECURE', '1')
    config = importlib.reload(gemcell.config)
    try:
        assert config.Config.SESSION_COOKIE_NAME.startswith('__Host-')
        assert config.Config.REMEMBER_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv('SESSION_COOKIE_SECURE')
        importlib.reload(gemcell.config)


# --- passwords (ASVS 2.1) -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('password, problem', [
    ('short one', 'at least 12'),
    ('   a     b   ', 'at least 12'),  # runs of spaces count once
    ('x' * 129, 'at most 128'),
    ('password1234', 'tried first'),
    ('Gemcell@2026!', 'tried first'),
    ('Lucknow#123456', 'tried first'),
    ('qwertyuiop123', 'tried first'),
    ('aaaaaaaaaaaaaaaa', 'tried first'),
    ('1212121212121212', 'tried first'),
    ('my login is rakesh.k and so', 'login'),
])
def test_weak_passwords_are_refused(app, password, problem):
    from flask_babel import force_locale

    from gemcell.auth.passwords import password_problem
    with app.test_request_context(), force_locale('en'):
        message = password_problem(password, 'rakesh.k')
        assert message is not None and problem in str(message), password


@pytest.mark.parametrize('password', ['correct horse battery', 'गंगा किनारे सुबह की सैर', 'Tr0ub4dor&3 of mine',
                                      'abcdefgh' * 16])
def test_long_uncommon_passwords_are_accepted_whatever_their_characters(app, password):
    from gemcell.auth.passwords import password_problem
    with app.test_request_context():
        assert password_problem(password, 'rakesh.k') is None


def test_changing_to_a_weak_password_is_refused_in_hindi(db, client, login, create_user):
    user = login(create_user())
    response = client.post('/auth/password', data={'current': 'correct horse battery', 'new': 'password@1234',
                                                   'confirm': 'password@1234'})
    assert response.status_code == 422
    assert 'यह पासवर्ड उनमें से है जिन्हें खातों में सेंध लगाने वाले सबसे पहले आज़माते हैं' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password('correct horse battery')


def test_the_administrator_cannot_set_a_weak_password(db, client, login_as):
    login_as('admin', locale='en')
    response = client.post('/admin/users/new', data={'login': 'new.user', 'name': 'नया', 'role': 'reviewer',
                                                     'department_id': 0, 'locale': 'hi', 'is_active': 'y',
                                                     'password': 'new.user.26'})
    assert response.status_code == 422
    assert 'The password must have at least 12 characters' in response.get_data(as_text=True)
    response = client.post('/admin/users/new', data={'login': 'new.user', 'name': 'नया', 'role': 'reviewer',
                                                     'department_id': 0, 'locale': 'hi', 'is_active': 'y',
                                                     'password': 'new.user.of.the.cell'})
    assert response.status_code == 422
    assert 'must not contain the login' in response.get_data(as_text=True)


def test_create_admin_refuses_a_weak_password(db, runner):
    result = runner.invoke(args=['gemcell', 'create-admin', '--login', 'root3'], input='admin@12345\nadmin@12345\n')
    assert result.exit_code != 0
    assert db.session.scalar(sa.select(User).filter_by(login='root3')) is None


# --- no telling which logins exist (ASVS 2.2, 3.2) ---------------------------------------------------------------

def test_an_unknown_login_is_locked_like_a_real_one(app, db, client, create_user):
    """After as many failures as lock an account, an unknown login gets the same "locked" message."""
    user = create_user()
    answers = {}
    for login in (user.login, 'no.such.officer'):
        for _ in range(app.config['LOGIN_MAX_FAILURES']):
            client.post('/auth/login', data={'login': login, 'password': 'wrong'})
        answers[login] = client.post('/auth/login', data={'login': login, 'password': 'wrong'})
    import re
    errors = [re.findall(r'<small class="error"[^>]*>([^<]*)<', response.get_data(as_text=True))
              for response in answers.values()]
    assert errors[0] == errors[1] and 'खाता लॉक है' in errors[0][0]
    assert [response.status_code for response in answers.values()] == [422, 422]


def test_an_unknown_login_costs_a_password_check_too(app, db, create_user, monkeypatch):
    """The same work (a password hash checked) for an unknown login as for a known one, so the time taken does not
    tell them apart."""
    from gemcell.auth import operations
    checked = []
    real = operations.verify_password
    monkeypatch.setattr(operations, 'verify_password', lambda *args: checked.append(args) or real(*args))
    with pytest.raises(operations.LoginFailed):
        operations.authenticate('no.such.officer', 'a guess at a password', address='10.0.0.9')
    assert len(checked) == 1 and checked[0][0].startswith(app.config['PASSWORD_HASH_METHOD'].split(':')[0])


# --- every sign-in decision is logged, never a password (ASVS 7.1, 7.2, 7.3) ----------------------------------------

def test_sign_in_decisions_are_logged_without_the_password(db, client, create_user, caplog):
    import logging
    caplog.set_level(logging.INFO, logger='gemcell')
    user = create_user()
    client.post('/auth/login', data={'login': user.login, 'password': 'wrong secret 1'})
    client.post('/auth/login', data={'login': 'evil\nFAKE signed in: admin', 'password': 'wrong secret 2'})
    client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    client.post('/auth/logout')
    lines = [record.getMessage() for record in caplog.records if record.name.startswith('gemcell.auth')]
    assert f"sign-in failed for '{user.login}' from '127.0.0.1': wrong password" in lines
    assert f"signed in: '{user.login}' from '127.0.0.1'" in lines and f"signed out: '{user.login}'" in lines
    assert not any('\n' in line for line in lines)  # a login cannot forge a log line
    assert not any('secret' in line or 'correct horse' in line for line in lines)
