"""The base view: load -> check access -> act; commit on success, roll back on any error (Indico's RH order)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_login import current_user

from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.htmx import hx_redirect, is_htmx, render_page
from gemcell.core.listing import Listing
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


class ListViewBase(GemView):
    """One flow for every list page: the statement (already limited to what the user may see), filtered, sorted and
    paged by ``LISTING``; the full page or, for an htmx swap, just the table fragment; ``?format=csv|xlsx`` downloads
    every row under the same filters.

    Subclasses set ``LISTING``, ``PAGE``, ``PARTIAL`` and ``EXPORT_NAME``, and write ``statement``, ``export_columns``
    (``(header, getter)`` pairs for the rows given) and, for what the templates need besides the rows, ``context``.
    """

    LISTING: Listing
    PAGE: str
    PARTIAL: str
    EXPORT_NAME: str

    def statement(self):
        raise NotImplementedError

    def export_columns(self, rows) -> list:
        raise NotImplementedError

    def context(self, items) -> dict:
        return {}

    def get(self, **kwargs):
        stmt = self.statement()
        fmt = request.args.get('format')
        if fmt:
            rows = self.LISTING.rows(stmt).all()
            return export_response(rows, self.export_columns(rows), fmt, self.EXPORT_NAME)
        pagination, state = self.LISTING.apply(stmt)
        return render_page(self.PAGE, self.PARTIAL, pagination=pagination, state=state,
                           **self.context(pagination.items))
