from datetime import timedelta

import pytest

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


def test_production_password_hash_is_scrypt(app):
    from gemcell.config import Config
    assert Config.PASSWORD_HASH_METHOD == 'scrypt'


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
