"""Error pages: a full page, or a fragment for an htmx request. Every handler rolls the session back. A refusal
(403) is logged with who asked for what: a nodal officer trying other departments' pages shows in the log."""
import errno
import logging

import sqlalchemy as sa
from flask import Response, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from gemcell.core.htmx import is_htmx
from gemcell.extensions import db

logger = logging.getLogger(__name__)

SQLITE_FULL = 13


class FormError(Exception):
    """A business rule refuses a form's data (raised by operations); ``field`` names the form field the message is
    shown under. ``core.views.FormViewBase`` turns it into a form error."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


MESSAGES = {
    400: lambda: _('The request could not be understood. Please go back and try again.'),
    403: lambda: _('You do not have permission to open this page.'),
    404: lambda: _('The page or record you asked for does not exist, or is not visible to you.'),
    405: lambda: _('This action is not allowed here.'),
    413: lambda: _('The file is too large to upload.'),
    422: lambda: _('Some of the data entered is not valid.'),
    429: lambda: _('Too many requests. Please wait a moment and try again.'),
    500: lambda: _('Something went wrong on our side. The error has been logged; please try again.'),
}


def render_error(status: int, message: str | None = None):
    message = message or MESSAGES.get(status, MESSAGES[500])()
    template = 'errors/_error.html' if is_htmx() else 'errors/error.html'
    return render_template(template, status=status, message=message), status


def handle_http_error(error: HTTPException):
    db.session.rollback()
    if isinstance(error, SecurityError):  # a Host not in TRUSTED_HOSTS: no URL can be built, so no page either
        return Response(MESSAGES[400](), 400, mimetype='text/plain')
    if error.code == 403:
        logger.warning('access refused: %r to %s %r', getattr(current_user, 'login', None), request.method,
                       request.full_path)
    return render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    db.session.rollback()
    return render_error(400, _('The form has expired or was not sent from this site. Please reload the page and '
                               'try again.'))


def handle_server_error(error):
    db.session.rollback()
    return render_error(500)


#: seconds a client is asked to wait when the database is away (PostgreSQL restarting takes a few)
RETRY_AFTER = 10


def is_disk_full(error: BaseException) -> bool:
    """No space left: an ``OSError`` (ENOSPC), SQLite's SQLITE_FULL or PostgreSQL's SQLSTATE 53100."""
    error = getattr(error, 'orig', None) or error
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    return getattr(error, 'sqlite_errorcode', None) == SQLITE_FULL or getattr(error, 'sqlstate', None) == '53100'


def handle_unavailable(error: Exception):
    """The database cannot be reached (restarting, a connection dropped, the pool exhausted): 503 with
    ``Retry-After``; or the disk is full: 507. Nothing was saved — the action's one transaction is rolled back. The
    page needs no database (no user, no menu), so it speaks both languages (the user's choice lives in the database)."""
    full = is_disk_full(error)
    if isinstance(error, OSError) and not full:
        raise error  # any other OSError is a fault of ours: the 500 page (and the traceback in the log)
    logger.error('%s on %s %s: %s', 'disk full' if full else 'database unavailable', request.method, request.path,
                 getattr(error, 'orig', None) or error)
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:  # the connection is gone; the pool replaces it (pre-ping) on the next checkout
        db.session.close()
    messages = []
    for locale in ('hi', 'en'):
        with force_locale(locale):
            if full:
                messages.append((locale, _('The server has no space left'),
                                 _('Nothing from this request was saved. Please tell the cell\'s system administrator; '
                                   'try again once space has been made.')))
            else:
                messages.append((locale, _('The service is briefly unavailable'),
                                 _('The database is not answering — it may be restarting. Nothing from this request '
                                   'was saved. Please try again in a few seconds.')))
    status = 507 if full else 503
    template = 'errors/_unavailable.html' if is_htmx() else 'errors/unavailable.html'
    headers = {} if full else {'Retry-After': str(RETRY_AFTER)}
    # the template alone, without the context processors (flask-login's would load the user from the database)
    page = current_app.jinja_env.get_template(template).render(status=status, messages=messages)
    return page, status, headers


def register_error_handlers(app):
    for error in (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError, OSError):
        app.register_error_handler(error, handle_unavailable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
