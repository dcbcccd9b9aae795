"""How long a sign-in lasts (OWASP ASVS 3.3.2, level 2): it ends after ``SESSION_IDLE_MINUTES`` without a request
and, however busy, ``PERMANENT_SESSION_LIFETIME`` after signing in (``SESSION_HOURS``); then the user signs in again.

The session is Flask's signed cookie, so the clock is kept in it (``_auth_at``, ``_seen_at``: seconds since the
epoch, written by the server, the cookie's signature keeping them honest). Signing out and a new password end every
session on the server's side (``User.session_version``).
"""
import time

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user

#: how often (seconds) the last-seen time is written back: not on every request
SEEN_RESOLUTION = 60


def start_session(now: float | None = None) -> None:
    """Called at sign-in: the session outlives the browser window but not its lifetime."""
    now = time.time() if now is None else now
    session.permanent = True
    session['_auth_at'] = session['_seen_at'] = int(now)


def session_ended(now: float | None = None) -> str | None:
    """Why the signed-in session is over (a message for the user), or ``None``."""
    now = time.time() if now is None else now
    started, seen = session.get('_auth_at'), session.get('_seen_at')
    idle = current_app.config['SESSION_IDLE_MINUTES'] * 60
    if not isinstance(started, int) or not isinstance(seen, int):
        return _('Please sign in again.')
    if now - started > current_app.permanent_session_lifetime.total_seconds():
        return _('You were signed in for %(hours)s hours; please sign in again.',
                 hours=f'{current_app.permanent_session_lifetime.total_seconds() / 3600:g}')
    if now - seen > idle:
        return _('You were signed out after %(minutes)s minutes without activity; please sign in again.',
                 minutes=current_app.config['SESSION_IDLE_MINUTES'])
    return None


def check_session():
    """``before_request``: sign out a session that has ended, else note that it was used."""
    if request.endpoint == 'static' or not current_user.is_authenticated:
        return None
    reason = session_ended()
    if reason is not None:
        from gemcell.core.views import login_redirect
        locale = current_user.locale
        logout_user()
        session.clear()
        session['locale'] = locale  # the sign-in page in the user's language
        flash(reason, 'info')
        return login_redirect()
    now = int(time.time())
    if now - session['_seen_at'] >= SEEN_RESOLUTION:
        session['_seen_at'] = now
    return None


def init_app(app):
    app.before_request(check_session)
