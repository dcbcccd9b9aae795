"""Writes for users and sign-in. Flush, never commit: the view commits."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import User
from gemcell.core.permissions import Role
from gemcell.extensions import db


class LoginFailed(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def authenticate(login: str, password: str) -> User:
    """The user whose login and password match, or ``LoginFailed`` with a message fit to show.

    Unknown logins and wrong passwords get the same message, so the form does not reveal which logins exist.
    After ``LOGIN_MAX_FAILURES`` wrong passwords the account is locked for ``LOGIN_LOCKOUT_MINUTES``.
    """
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
