"""Writes for users and sign-in. Flush, never commit: the view commits."""
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import LoginFailure, User
from gemcell.core.db import utcnow
from gemcell.core.permissions import Role
from gemcell.extensions import db


class LoginFailed(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


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
        _check_address(address, now)
    try:
        return _authenticate(login, password)
    except LoginFailed:
        if address is not None:
            db.session.add(LoginFailure(address=address, login=login.strip().lower()[:120], created_dt=now))
            db.session.flush()
        raise


def _check_address(address: str, now: datetime) -> None:
    config = current_app.config
    since = now - timedelta(minutes=config['LOGIN_ADDRESS_MINUTES'])
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.created_dt < since))
    failures = db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure).where(
        LoginFailure.address == address, LoginFailure.created_dt >= since))
    if failures >= config['LOGIN_ADDRESS_MAX_FAILURES']:
        raise TooManyAttempts(_l('Too many failed sign-ins from this computer. Please wait %(minutes)s minutes '
                                 'and try again.', minutes=config['LOGIN_ADDRESS_MINUTES']))


def _authenticate(login: str, password: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(login=login.strip().lower()))
    if user is None:
        raise LoginFailed(_l('Wrong login or password.'))
    if user.is_locked():
        raise LoginFailed(_l('This account is locked after repeated failed attempts. Try again after %(minutes)s '
                             'minutes or ask the administrator to unlock it.',
                             minutes=current_app.config['LOGIN_LOCKOUT_MINUTES']))
    if not user.check_password(password):
        user.record_failed_login(current_app.config['LOGIN_MAX_FAILURES'],
                                 timedelta(minutes=current_app.config['LOGIN_LOCKOUT_MINUTES']))
        db.session.flush()
        raise LoginFailed(_l('Wrong login or password.'))
    if not user.is_active:
        raise LoginFailed(_l('This account is disabled. Please contact the administrator.'))
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
