"""The base view: load -> check access -> act; commit on success, roll back on any error (Indico's RH order)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_login import current_user

from gemcell.core.errors import FormError
from gemcell.core.htmx import is_htmx, hx_redirect
from gemcell.core.permissions import Permission, has_permission
from gemcell.extensions import db


def login_redirect():
    target = url_for('auth.login', next=request.full_path if request.query_string else request.path)
    if is_htmx():
        return hx_redirect(target, 401)
    return redirect(target)


class GemView(MethodView):
    #: ``False`` for the few pages anyone may open (login, health, verification)
    LOGIN_REQUIRED = True
    #: permission the user must hold; ``None`` means any logged-in user
    PERMISSION: Permission | None = None

    def load(self, **kwargs):
        """Fetch the objects named in the URL (``db.get_or_404`` / ``get_visible_or_404``) onto ``self``."""

    def check_access(self):
        if self.PERMISSION is not None and not has_permission(current_user, self.PERMISSION):
            abort(403)

    def dispatch_request(self, **kwargs):
        if self.LOGIN_REQUIRED and not current_user.is_authenticated:
            return login_redirect()
        try:
            self.load(**kwargs)
            self.check_access()
            response = super().dispatch_request(**kwargs)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        return response


class FormViewBase(GemView):
    """One flow for every create/edit page: GET shows the form; POST validates, saves through ``save`` (an
    operation that flushes) and redirects with 303, or shows the form again with its errors (422).

    Subclasses set ``TEMPLATE`` and ``SAVED`` (the flash message), and write ``make_form`` (a FlaskForm reads the
    submitted form and files by itself), ``save`` (returns the URL to go to; raises ``FormError``) and, if the
    template needs more, ``context``.
    """

    TEMPLATE: str
    SAVED = None

    def make_form(self):
        raise NotImplementedError

    def save(self, form) -> str:
        raise NotImplementedError

    def context(self) -> dict:
        return {}

    def render(self, form, status=200):
        return render_template(self.TEMPLATE, form=form, **self.context()), status

    def get(self, **kwargs):
        return self.render(self.make_form())

    def post(self, **kwargs):
        form = self.make_form()
        if form.validate_on_submit():
            try:
                target = self.save(form)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            else:
                if self.SAVED:
                    flash(str(self.SAVED), 'success')
                return redirect(target, 303)
        return self.render(form, 422)
