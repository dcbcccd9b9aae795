"""Pages of pending payments: the dashboard and the State's ageing, a department's and an office's unpaid orders,
one order's due date and interest with their rules, and the department's payment status return (htmx table and
spreadsheet)."""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from gemcell.auth.forms import EmptyForm
from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.htmx import hx_trigger, render_page, wants_fragment
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import get_visible_or_404
from gemcell.core.views import FormViewBase, GemView
from gemcell.directory.models import Department, Office
from gemcell.extensions import db
from gemcell.gemdata.models import Order
from gemcell.helpdesk.queries import open_order_complaints, tickets_about_order
from gemcell.payments import operations, queries, rules, spreadsheet
from gemcell.payments.forms import BidTermForm, DelayReasonForm, UploadForm
from gemcell.payments.models import DelayReason, ReportSource

PER_PAGE = 50


class PaymentsViewBase(GemView):
    """Payments pages: the cell and Government see every department; a nodal officer only their own."""

    def check_access(self):
        if not (has_permission(current_user, Permission.VIEW_ALL_DEPARTMENTS)
                or has_permission(current_user, Permission.REPORT_PAYMENTS)):
            abort(403)


class ReportPaymentsBase(GemView):
    """The department's own status return: its nodal officer."""

    PERMISSION = Permission.REPORT_PAYMENTS

    def check_access(self):
        super().check_access()
        if current_user.department_id is None:
            abort(403)


def overdue_columns():
    return [(_('Order number'), lambda p: p.order.number),
            (_('Office'), lambda p: p.order.office.name if p.order.office else p.order.office_raw),
            (_('Seller'), lambda p: p.order.seller_name),
            (_('Micro / small seller'), lambda p: _('Yes') if p.terms.is_mse else ''),
            (_('Value (₹)'), lambda p: p.value), (_('CRAC date'), lambda p: p.due.accepted),
            (_('Due date'), lambda p: p.due.due), (_('Rule'), lambda p: ' + '.join(p.due.rules)),
            (_('Days overdue'), lambda p: p.days_late),
            (_('Penal interest (₹)'), lambda p: p.penal), (_('MSMED Act interest (₹)'), lambda p: p.msmed)]


class DashboardView(PaymentsViewBase):
    """The tiles (overdue value, interest, worst departments, the trend) and the State's ageing by department."""

    def get(self):
        day = queries.today()
        board = queries.dashboard(current_user, day)
        peak = max((value for _end, _n, value in board.trend), default=0) or 1
        complaints, latest_complaints = open_order_complaints(current_user)
        return render_template('payments/dashboard.html', board=board, day=day, peak=peak, buckets=rules.BUCKETS,
                               complaints=complaints, latest_complaints=latest_complaints)


class DepartmentView(PaymentsViewBase):
    """A department: ageing by office, its overdue orders with days and interest, and what it owes on late
    payments. ``?format=csv|xlsx`` downloads the overdue orders."""

    def load(self, department_id):
        self.department = get_visible_or_404(Department, department_id, current_user)

    def get(self, department_id):
        day = queries.today()
        overdue = queries.department_overdue_orders(self.department.id, day)
        fmt = request.args.get('format')
        if fmt:
            return export_response(overdue, overdue_columns(), fmt, f'overdue-payments-{self.department.code}')
        offices, total = queries.ageing(current_user, day, department_id=self.department.id)
        late_count, late_penal, late_msmed = queries.interest_on_late_payments(self.department.id, day)
        return render_template('payments/department.html', department=self.department, offices=offices,
                               total=total, overdue=overdue, day=day, buckets=rules.BUCKETS,
                               late=(late_count, late_penal, late_msmed), action_form=EmptyForm())


class DraftDirectionView(GemView):
    """The cell drafts a direction to the department on its overdue orders, and goes on to the draft."""

    PERMISSION = Permission.REVIEW

    def load(self, department_id):
        self.department = get_visible_or_404(Department, department_id, current_user)

    def post(self, department_id):
        page = url_for('payments.department', department_id=self.department.id)
        try:
            direction = operations.draft_overdue_direction(self.department, current_user, queries.today(), url=page)
        except FormError as exc:
            db.session.rollback()
            flash(str(exc.message), 'error')
            return redirect(page, 303)
        flash(_('A draft direction on the overdue orders is ready: check it and issue it.'), 'success')
        return redirect(url_for('directives.detail', direction_id=direction.id), 303)


class OfficeView(PaymentsViewBase):
    def load(self, office_id):
        self.office = get_visible_or_404(Office, office_id, current_user)

    def get(self, office_id):
        day = queries.today()
        items = queries.unpaid_orders(office_id=self.office.id, day=day, user=current_user)
        return render_template('payments/office.html', office=self.office, items=items, day=day)


class OrderView(PaymentsViewBase):
    """One order: its acceptance, the due date and the rule that set it, the payment as reconciled, the interest
    with its formula, and the history of the department's reports."""

    def load(self, order_id):
        self.order = get_visible_or_404(Order, order_id, current_user)

    def get(self, order_id, form=None, status=200):
        item = queries.get_order_payment(self.order)
        term_form = form
        if term_form is None and has_permission(current_user, Permission.REVIEW) and self.order.bid_id:
            term_form = BidTermForm(formdata=None, days=item.terms.bid_days)
        return make_response(render_template(
            'payments/order.html', item=item, history=queries.order_history(self.order),
            reasons=queries.reason_names(), rule_titles=rules.RULE_TITLES, term_form=term_form,
            tickets=tickets_about_order(self.order.id, current_user)), status)


class BidTermView(OrderView):
    """Record the payment timeline the order's bid set for itself (a reviewer reads it in the bid document)."""

    PERMISSION = Permission.REVIEW

    def check_access(self):
        GemView.check_access(self)
        if self.order.bid is None:
            abort(404)

    def post(self, order_id):
        form = BidTermForm()
        if form.validate_on_submit():
            try:
                operations.set_bid_payment_days(self.order.bid, form.days.data, form.note.data, current_user)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            else:
                flash(_('The bid’s payment timeline is saved; the due dates of its orders follow it.'), 'success')
                return redirect(url_for('payments.order', order_id=self.order.id), 303)
        db.session.rollback()
        return self.get(order_id, form=form, status=422)


# --- the department's status return -------------------------------------------------------------------------------

def status_context(page, errors=None, entered=None, saved=None, upload_form=None, upload_errors=None):
    """The status table's page ``page`` of the officer's department's unpaid orders."""
    day = queries.today()
    items, total = queries.unpaid_page(current_user.department_id, max(page, 1), PER_PAGE, day)
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    if page > pages:  # past the end (orders were paid meanwhile): the last page
        page = pages
        items, total = queries.unpaid_page(current_user.department_id, page, PER_PAGE, day)
    page = max(page, 1)
    reasons = queries.delay_reasons()
    return {'items': items, 'total': total, 'page_no': page, 'pages': pages, 'errors': errors or {}, 'entered': entered or {}, 'saved': saved or [],
            # each row's choice of reason: the names in the user's language, read once for the page
            'reason_options': [(reason.code, reason.name) for reason in reasons],
            'reason_names': queries.reason_names(),
            'upload_form': upload_form or UploadForm(formdata=None), 'upload_errors': upload_errors or [],
            'department': current_user.department}


def _department_orders(numbers=None, ids=None) -> dict[str, Order]:
    """The officer's department's orders, by number."""
    import sqlalchemy as sa
    stmt = sa.select(Order).where(Order.buyer_department_id == current_user.department_id)
    if numbers is not None:
        stmt = stmt.where(Order.number.in_(list(numbers)))
    if ids is not None:
        stmt = stmt.where(Order.id.in_(list(ids)))
    return {order.number: order for order in db.session.scalars(stmt)}


class StatusView(ReportPaymentsBase):
    """The department's unpaid orders as an editable table: mark each paid (date, reference) or say why it is not
    (a reason from the list). One save checks every filled row; if any is wrong nothing is saved and the table
    comes back with each row's message."""

    def get(self):
        page = request.args.get('page', 1, type=int) or 1
        return render_page('payments/status.html', 'payments/_status_table.html', **status_context(page))

    def post(self):
        ids = [int(v) for v in request.form.getlist('order') if v.isdigit()][:operations.MAX_ROWS]
        orders = _department_orders(ids=ids)
        by_id = {order.id: order for order in orders.values()}
        rows, entered = [], {}
        for order_id in ids:
            values = {name: request.form.get(f'{name}-{order_id}', '') for name in
                      ('state', 'paid_date', 'reference', 'reason', 'remark', 'prc_date')}
            entered[order_id] = values
            order = by_id.get(order_id)
            rows.append(operations.RowInput(label=order.number if order else str(order_id),
                                            order=order.number if order else f'#{order_id}', **values))
        day = queries.today()
        checked = operations.check_rows(rows, orders, queries.delay_reasons(), day)
        page = request.form.get('page', 1, type=int) or 1
        if checked.errors:
            db.session.rollback()
            errors = dict(checked.by_order)
            # a row for an order that is not the department's (a tampered form) has no row to show in: on top
            stray = [m for _label, number, messages in checked.errors if number not in orders for m in messages]
            if stray:
                errors[0] = stray
            context = status_context(page, errors=errors, entered=entered)
            # the table says what is wrong, row by row
            return render_page('payments/status.html', 'payments/_status_table.html', status=422, **context)
        reports = operations.save_reports(current_user.department_id, checked.updates, current_user,
                                          ReportSource.table)
        message = _('%(count)s orders updated.', count=len(reports)) if reports else \
            _('Nothing to save: no row was changed.')
        if not wants_fragment():
            flash(message, 'success' if reports else 'info')
            return redirect(url_for('payments.status', page=page), 303)
        db.session.flush()
        response = render_page('payments/status.html', 'payments/_status_table.html',
                               **status_context(page, saved=reports))
        return hx_trigger(response, 'flash', message)


class StatusDownloadView(ReportPaymentsBase):
    def get(self):
        day = queries.today()
        items = queries.unpaid_orders(current_user.department_id, day=day)
        data = spreadsheet.write(items, queries.delay_reasons())
        response = make_response(data)
        response.mimetype = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        name = spreadsheet.default_filename(current_user.department.code, day)
        response.headers['Content-Disposition'] = f'attachment; filename="{name}.xlsx"'
        return response


class StatusUploadView(ReportPaymentsBase):
    """The filled-in spreadsheet back: every row checked; one bad row and nothing is saved (each row's messages are
    listed)."""

    def post(self):
        form = UploadForm()
        day = queries.today()
        upload_errors = []
        if form.validate_on_submit():
            try:
                rows = spreadsheet.read(form.file.data.stream)
            except FormError as exc:
                form.file.errors.append(exc.message)
            else:
                numbers = {str(r.order).strip() for r in rows if r.order is not None}
                checked = operations.check_rows(rows, _department_orders(numbers=numbers),
                                                queries.delay_reasons(), day)
                if not checked.errors and not checked.updates:
                    form.file.errors.append(_('The file has no filled-in row: nothing to save.'))
                elif checked.errors:
                    upload_errors = checked.errors
                else:
                    reports = operations.save_reports(current_user.department_id, checked.updates, current_user,
                                                      ReportSource.spreadsheet)
                    flash(_('The spreadsheet is saved: %(count)s orders updated.', count=len(reports)), 'success')
                    return redirect(url_for('payments.status'), 303)
        db.session.rollback()
        return make_response(render_template('payments/status.html', **status_context(
            1, upload_form=form, upload_errors=upload_errors)), 422)


# --- the reasons for delay ---------------------------------------------------------------------------------------

class DelayReasonsView(FormViewBase):
    """The managed list of reasons for delay, and the form to add one."""

    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'payments/reasons.html'

    def make_form(self):
        return DelayReasonForm()

    def save(self, form):
        reason = operations.save_delay_reason(None, form.data)
        flash(_('“%(name)s” is added to the list.', name=reason.name), 'success')
        return url_for('payments.reasons')

    def context(self):
        return {'reasons': queries.delay_reasons(active_only=False)}


class EditDelayReasonView(FormViewBase):
    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'payments/edit_reason.html'

    def load(self, reason_id):
        self.reason = db.get_or_404(DelayReason, reason_id)

    def make_form(self):
        return DelayReasonForm(obj=self.reason) if request.method == 'GET' else DelayReasonForm()

    def save(self, form):
        operations.save_delay_reason(self.reason, form.data)
        flash(_('The entry is saved.'), 'success')
        return url_for('payments.reasons')

    def context(self):
        return {'reason': self.reason}
