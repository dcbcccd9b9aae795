"""Error pages: a full page, or a fragment for an htmx request. Every handler rolls the session back. A refusal
(403) is logged with who asked for what: a nodal officer trying other departments' pages shows in the log."""
import logging

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from gemcell.core.htmx import is_htmx
from gemcell.extensions import db

logger = logging.getLogger(__name__)


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


def register_error_handlers(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
