"""Writes for users and sign-in. Flush, never commit: the view commits.

Every sign-in decision is logged (logger ``gemcell.auth``: the login, as typed, and the address, never a password),
with ``%r`` so that a login holding line breaks cannot forge log lines.
"""
import logging
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import LoginFailure, User
from gemcell.auth.passwords import hash_method, hash_password, needs_rehash, verify_password
from gemcell.core.db import utcnow
from gemcell.core.permissions import Role
from gemcell.extensions import db

logger = logging.getLogger(__name__)


class LoginFailed(Exception):
    """``message`` is for the user (the same for an unknown login as for a wrong password); ``reason`` for the log."""

    def __init__(self, message, reason: str = 'refused'):
        super().__init__(str(message))
        self.message = message
        self.reason = reason


class TooManyAttempts(LoginFailed):
    """Too many failed sign-ins from this address lately (HTTP 429)."""


def authenticate(login: str, password: str, address: str | None = None, now: datetime | None = None) -> User:
    """The user whose login and password match, or ``LoginFailed`` with a message fit to show.

    Unknown logins and wrong passwords get the same message, so the form does not reveal which logins exist.
    After ``LOGIN_MAX_FAILURES`` wrong passwords the account is locked for ``LOGIN_LOCKOUT_MINUTES``; after
    ``LOGIN_ADDRESS_MAX_FAILURES`` failures from one ``address`` within ``LOGIN_ADDRESS_MINUTES`` (whatever the
    logins), that address gets ``TooManyAttempts`` until the oldest of them is that old.
    """
    now = now or utcnow()
    if address is not None:
        try:
            _check_address(address, now)
        except TooManyAttempts:
            logger.warning('sign-in refused: too many failures from %r (login %r)', address, login)
            raise
    try:
        user = _authenticate(login, password, now)
    except LoginFailed as failure:
        logger.warning('sign-in failed for %r from %r: %s', login, address, failure.reason)
        if address is not None:
            db.session.add(LoginFailure(address=address, login=login.strip().lower()[:120], created_dt=now))
            db.session.flush()
        raise
    logger.info('signed in: %r from %r', user.login, address)
    return user


def _check_address(address: str, now: datetime) -> None:
    config = current_app.config
    since = now - timedelta(minutes=config['LOGIN_ADDRESS_MINUTES'])
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.created_dt < since))
    failures = db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure).where(
        LoginFailure.address == address, LoginFailure.created_dt >= since))
    if failures >= config['LOGIN_ADDRESS_MAX_FAILURES']:
        raise TooManyAttempts(_l('Too many failed sign-ins from this computer. Please wait %(minutes)s minutes '
                                 'and try again.', minutes=config['LOGIN_ADDRESS_MINUTES']))


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return hash_password('not a password of anyone', method)


def _locked() -> LoginFailed:
    return LoginFailed(_l('This account is locked after repeated failed attempts. Try again after %(minutes)s '
                          'minutes or ask the administrator to unlock it.',
                          minutes=current_app.config['LOGIN_LOCKOUT_MINUTES']), 'account locked')


def _checked_evenly(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s, found with the same work for any login: one hash checked for each method
    the stored passwords use (the user's own, dummies of the others), so that the time taken tells neither whether
    the login exists nor how its password is stored (an account not signed in since the move to Argon2id keeps its
    scrypt hash: 70 ms, where Argon2id takes 16)."""
    methods = {current_app.config['PASSWORD_HASH_METHOD']} | {
        method for prefix in db.session.scalars(sa.select(sa.func.substr(User.password_hash, 1, 40)).distinct())
        if (method := hash_method(prefix or '')).split(':')[0] in ('argon2id', 'scrypt', 'pbkdf2')}
    own = hash_method(user.password_hash) if user is not None else None
    for method in sorted(methods - {own}):
        verify_password(_dummy_hash(method), password)
    return user is not None and verify_password(user.password_hash, password)


def _authenticate(login: str, password: str, now: datetime) -> User:
    """An unknown login is answered as a real one would be, so the form does not tell which logins exist: the same
    password hashes are checked (``_checked_evenly``), and after as many failures as lock an account
    (``LOGIN_MAX_FAILURES`` recorded by address within ``LOGIN_LOCKOUT_MINUTES``), the "locked" message. A right
    password stored by an older method (or parameters) is stored again by the current one; the sessions go on."""
    config = current_app.config
    login = login.strip().lower()
    user = db.session.scalar(db.select(User).filter_by(login=login))
    correct = _checked_evenly(user, password)
    if user is None:
        since = now - timedelta(minutes=config['LOGIN_LOCKOUT_MINUTES'])
        failures = db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure).where(
            LoginFailure.login == login[:120], LoginFailure.created_dt >= since))
        if failures >= config['LOGIN_MAX_FAILURES']:
            raise _locked()
        raise LoginFailed(_l('Wrong login or password.'), 'unknown login')
    if user.is_locked():
        raise _locked()
    if not correct:
        user.record_failed_login(config['LOGIN_MAX_FAILURES'], timedelta(minutes=config['LOGIN_LOCKOUT_MINUTES']))
        db.session.flush()
        if user.locked_until_dt is not None:
            logger.warning('account %r locked after %s failed sign-ins', user.login, config['LOGIN_MAX_FAILURES'])
        raise LoginFailed(_l('Wrong login or password.'), 'wrong password')
    if not user.is_active:
        raise LoginFailed(_l('This account is disabled. Please contact the administrator.'), 'account disabled')
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.record_login()
    db.session.flush()
    return user


def create_user(*, login: str, name: str, role: Role, password: str, department=None, designation=None,
                email=None, locale='hi') -> User:
    user = User(login=login.strip().lower(), name=name, role=role, department=department,
                designation=designation, email=email, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
