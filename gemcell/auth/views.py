from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from gemcell.auth.forms import EmptyForm, LanguageForm, LoginForm, PasswordChangeForm
from gemcell.auth.operations import LoginFailed, TooManyAttempts, authenticate, logger
from gemcell.auth.sessions import start_session
from gemcell.core.views import GemView
from gemcell.extensions import db


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: never an absolute or scheme-relative URL (open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return default
    return target


class LoginView(GemView):
    LOGIN_REQUIRED = False

    def get(self):
        if current_user.is_authenticated:
            return redirect(url_for('home.index'))
        form = LoginForm(next=request.args.get('next', ''))
        return render_template('auth/login.html', form=form)

    def post(self):
        form = LoginForm()
        if form.validate_on_submit():
            try:
                user = authenticate(form.login.data, form.password.data, address=request.remote_addr or '?')
            except TooManyAttempts as exc:
                form.password.errors.append(exc.message)
                return render_template('auth/login.html', form=form), 429
            except LoginFailed as exc:
                form.password.errors.append(exc.message)
            else:
                session.clear()  # a fresh session on login (fixation): a new CSRF token, nothing kept from before
                login_user(user)
                start_session()
                return redirect(safe_next(form.next.data, url_for('home.index')), 303)
        return render_template('auth/login.html', form=form), 422


class LogoutView(GemView):
    def post(self):
        if EmptyForm().validate_on_submit():
            current_user.end_sessions()  # a copy of the cookie, taken before, no longer works
            logger.info('signed out: %r', current_user.login)
            logout_user()
            session.clear()
        return redirect(url_for('auth.login'), 303)


class LanguageView(GemView):
    """Switch the interface language; remembered on the user (and in the session before login)."""

    LOGIN_REQUIRED = False

    def post(self):
        form = LanguageForm()
        if form.validate_on_submit():
            session['locale'] = form.locale.data
            if current_user.is_authenticated:
                current_user.locale = form.locale.data
        return redirect(safe_next(form.next.data or request.referrer and urlsplit(request.referrer).path,
                                  url_for('home.index')), 303)


class PasswordView(GemView):
    def get(self):
        return render_template('auth/password.html', form=PasswordChangeForm())

    def post(self):
        form = PasswordChangeForm()
        if form.validate_on_submit():
            if not current_user.check_password(form.current.data):
                form.current.errors.append(_('The current password is wrong.'))
            else:
                current_user.set_password(form.new.data)  # ends every session of the user…
                db.session.flush()
                login_user(current_user._get_current_object())  # …but this one, which goes on
                logger.info('password changed: %r', current_user.login)
                flash(_('Your password has been changed.'), 'success')
                return redirect(url_for('home.index'), 303)
        return render_template('auth/password.html', form=form), 422


def load_user(user_id: str):
    """The user the session names (``User.get_id``: id and session version), if active and the version is current."""
    from gemcell.auth.models import User
    try:
        id_, version = (int(part) for part in str(user_id).split('-'))
    except (TypeError, ValueError):
        return None
    user = db.session.get(User, id_, options=[joinedload(User.department)])  # every page names it
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def unauthorized():
    from gemcell.core.views import login_redirect
    current_app.logger.debug('unauthorised request to %s', request.path)
    return login_redirect()
