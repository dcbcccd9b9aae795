"""Pages of the returns: a department's returns and what is due, the return's form (with htmx rows), the return
with its versions and what changed, the review, the cell's period × department grid with reminders, and the
managed lists."""
from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.htmx import hx_trigger, is_htmx, render_page, wants_fragment
from gemcell.core.i18n import format_date
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.extensions import db
from gemcell.directory.queries import department_options
from gemcell.returns import contents, operations, queries
from gemcell.returns.forms import (FilePeriodForm, FortnightlyReturnForm, ListItemForm, MonthlyReturnForm,
                                   ReviewForm, form_data)
from gemcell.returns.models import ListKind, Return, ReturnKind, ReturnListItem, ReturnState

GRID_SIZES = (1, 3, 6, 12, 24)


class FileReturnsBase(GemView):
    """A department's own returns: its nodal officer."""

    PERMISSION = Permission.FILE_RETURNS


class ReviewReturnsBase(GemView):
    """The cell's work on returns: review, the grid's reminders."""

    PERMISSION = Permission.REVIEW


class ReturnViewBase(GemView):
    """One return, by id, within the user's department scope (another department's: 404)."""

    def load(self, return_id):
        self.ret = queries.get_visible_return_or_404(return_id, current_user)


def _is_officer(user) -> bool:
    return has_permission(user, Permission.FILE_RETURNS) and getattr(user, 'department_id', None) is not None


def requested_kind() -> ReturnKind:
    """The kind of return a list, grid or filing asks for (``?kind=monthly``); the fortnightly return otherwise."""
    return ReturnKind.monthly if request.values.get('kind') == 'monthly' else ReturnKind.fortnightly


FORMS = {ReturnKind.fortnightly: FortnightlyReturnForm, ReturnKind.monthly: MonthlyReturnForm}


# --- list and filing ---------------------------------------------------------------------------------------------

class ListReturnsView(ListViewBase):
    """Returns the user may see (a nodal officer: the department's history and what is due). The first time an
    officer opens it in a fortnight, the return of the fortnight just over is opened as a draft."""

    LISTING = queries.RETURN_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'returns/list.html', 'returns/_table.html', 'returns'

    def get(self):
        if _is_officer(current_user) and not request.args.get('format') and not wants_fragment():
            kind = requested_kind()
            period = queries.current_filing_period(kind=kind)
            if queries.get_return(current_user.department_id, period, kind) is None:
                operations.open_return(current_user.department, period, current_user, queries.today())
        return super().get()

    def statement(self):
        stmt = queries.visible_returns(current_user)
        if requested_kind() is ReturnKind.fortnightly:
            stmt = stmt.where(Return.kind == ReturnKind.fortnightly)
        return stmt

    def export_columns(self, rows):
        if requested_kind() is ReturnKind.monthly:
            from gemcell.returns.reconcile import reconcile_returns
            checks = reconcile_returns(rows)
            return [(_('Department'), lambda r: r.department.name), (_('Month'), lambda r: r.period.label),
                    (_('Due date'), lambda r: r.due_date), (_('Status'), lambda r: str(r.state.title)),
                    (_('Filed late'), lambda r: _('Yes') if r.is_late else ''),
                    (_('Submitted on'), lambda r: r.submitted_dt),
                    (_('Total procurement in the month (₹)'), lambda r: r.data.get('total_value')),
                    (_('Through GeM: goods (₹)'), lambda r: r.data.get('gem_goods')),
                    (_('Through GeM: services (₹)'), lambda r: r.data.get('gem_services')),
                    (_('Outside GeM (₹)'), lambda r: contents.outside_value(r.data)),
                    (_('GeM orders as per GeM data (₹)'), lambda r: checks[r.id].data_value),
                    (_('Gap (per cent)'), lambda r: checks[r.id].gap_percent),
                    (_('Reconciliation'), lambda r: str(checks[r.id].title)),
                    (_('Reviewer’s remark'), lambda r: r.remark or '')]
        return [(_('Department'), lambda r: r.department.name), (_('Period from'), lambda r: r.period_start),
                (_('Period to'), lambda r: r.period_end), (_('Due date'), lambda r: r.due_date),
                (_('Status'), lambda r: str(r.state.title)),
                (_('Filed late'), lambda r: _('Yes') if r.is_late else ''),
                (_('Submitted on'), lambda r: r.submitted_dt),
                (_('Applications received'), lambda r: r.data.get('received')),
                (_('Registered'), lambda r: r.data.get('registered')),
                (_('Pending'), lambda r: r.data.get('pending')),
                (_('Orders placed on GeM in the fortnight'), lambda r: r.data.get('gem_orders')),
                (_('Value of those orders (₹)'), lambda r: r.data.get('gem_value')),
                (_('Purchases outside GeM'), lambda r: len(r.data.get('outside') or [])),
                (_('Reviewer’s remark'), lambda r: r.remark or '')]

    def context(self, items):
        kind = requested_kind()
        context = {'state_choices': queries.STATE_CHOICES,
                   'department_choices': [('', _('All departments'))] + department_options(current_user),
                   'is_officer': _is_officer(current_user), 'kind': kind}
        if kind is ReturnKind.monthly:
            from gemcell.returns.reconcile import reconcile_returns
            context['checks'] = reconcile_returns(items)
        if context['is_officer']:
            context.update(to_file=queries.periods_to_file(current_user.department_id, queries.today(), kind=kind),
                           notices=queries.unread_notices(current_user), file_form=self.file_form(kind),
                           today=queries.today())
        return context

    @staticmethod
    def file_form(kind=ReturnKind.fortnightly):
        form = FilePeriodForm(formdata=None)
        due = queries.periods_to_file(current_user.department_id, queries.today(), 24, kind=kind)
        form.period.choices = [SelectChoice(p.key, p.label) for p, r in due if r is None]
        return form


class FileReturnView(FileReturnsBase):
    """Open (or create as a draft) the department's return for a past fortnight."""

    def post(self):
        if current_user.department is None:
            abort(403)
        form = FilePeriodForm()
        kind = requested_kind()
        try:
            ret = operations.open_return_for(current_user.department, form.period.data, current_user,
                                             queries.today(), kind)
        except FormError as exc:
            db.session.rollback()
            flash(str(exc.message), 'error')
            return redirect(url_for('returns.list', kind='monthly' if kind is ReturnKind.monthly else None), 303)
        return redirect(url_for('returns.edit', return_id=ret.id), 303)


# --- the form ------------------------------------------------------------------------------------------------

def make_return_form(ret, formdata=True):
    kwargs = {'reasons': queries.list_items(ListKind.pending_reason),
              'categories': queries.list_items(ListKind.problem_category)}
    if formdata is None:
        kwargs.update(formdata=None, data=form_data(ret.data))
    return FORMS[ret.kind](**kwargs)


class EditReturnView(ReturnViewBase):
    """The return's form: *save* keeps a draft (numbers must be numbers); *submit* also needs every figure and
    figures that agree, and confirmation of figures that differ greatly from the previous return."""

    def check_access(self):
        super().check_access()
        if self.ret.can_edit(current_user):
            return
        if _is_officer(current_user) and current_user.department_id == self.ret.department_id:
            # the department's return, filed meanwhile (by a colleague, or in another tab): say so on its page
            flash(_('This return can no longer be changed: its status is “%(state)s”.', state=self.ret.state.title),
                  'info')
            abort(redirect(url_for('returns.detail', return_id=self.ret.id), 303))
        abort(403)

    def context(self, form, warnings):
        previous = queries.previous_return(self.ret)
        context = {'ret': self.ret, 'form': form, 'warnings': warnings, 'previous': previous}
        if self.ret.kind is ReturnKind.monthly:
            from gemcell.returns.reconcile import reconcile
            context['check'] = reconcile(self.ret, form.figures() if not form.errors else self.ret.data)
        return context

    def render(self, form, warnings, status=200):
        return render_page('returns/edit.html', 'returns/_form.html', status=status,
                           **self.context(form, warnings))

    def warnings(self, figures):
        previous = queries.previous_return(self.ret)
        return contents.unusual_changes(figures, previous.data if previous else None,
                                        previous.period.label if previous else '', self.ret.kind)

    def get(self, return_id):
        form = make_return_form(self.ret, formdata=None)
        if self.ret.kind is ReturnKind.fortnightly and not form.pending_reasons.entries:
            form.set_reason_choices(form.pending_reasons.append_entry().form)
        if self.ret.kind is ReturnKind.monthly and not form.outside.entries:
            form.outside.append_entry()
        return self.render(form, self.warnings(self.ret.data))

    def post(self, return_id):
        form = make_return_form(self.ret)
        submitting = request.form.get('action') == 'submit'
        ok = form.validate()
        warnings = []
        if ok:
            figures = form.figures()
            warnings = self.warnings(figures)
            if submitting:
                ok = form.check_complete()
                if ok and warnings and not form.confirm_warnings.data:
                    form.confirm_warnings.errors = [_('Some figures differ greatly from the previous return. Check '
                                                      'them, then tick this box to confirm them.')]
                    ok = False
        if not ok:
            db.session.rollback()
            return self.render(form, warnings, 422)
        try:
            if submitting:
                operations.submit_return(self.ret, figures, current_user, bool(warnings))
            else:
                operations.save_draft(self.ret, figures)
        except InvalidTransition as exc:
            db.session.rollback()
            flash(str(exc), 'error')
            return redirect(url_for('returns.detail', return_id=self.ret.id), 303)
        if submitting:
            flash(_('The return is submitted to the GeM Cell.'), 'success')
            return redirect(url_for('returns.detail', return_id=self.ret.id), 303)
        flash(_('The draft is saved. Submit it when it is complete.'), 'success')
        return redirect(url_for('returns.edit', return_id=self.ret.id), 303)


class RowView(FileReturnsBase):
    """One more blank row of a repeated part of the form (htmx appends it), and the next row number."""

    PARTS = {'reasons': ('pending_reasons', 'returns/_reason_row.html', FortnightlyReturnForm),
             'outside': ('outside', 'returns/_outside_row.html', FortnightlyReturnForm),
             'monthly-outside': ('outside', 'returns/_monthly_outside_row.html', MonthlyReturnForm)}

    def get(self, part):
        if part not in self.PARTS:
            abort(404)
        name, template, form_class = self.PARTS[part]
        index = request.args.get('index', 0, type=int)
        if not 0 <= index < 1000:
            abort(400)
        form = form_class(formdata=None, reasons=queries.list_items(ListKind.pending_reason), categories=[])
        field = getattr(form, name)
        field.last_index = index - 1
        entry = field.append_entry()
        if part == 'reasons':
            form.set_reason_choices(entry.form)
        response = make_response(render_template(template, row=entry, index=index, oob_next=index + 1))
        response.vary.add('HX-Request')
        return response


# --- one return, and the review ----------------------------------------------------------------------------------

def detail_context(ret, review_form=None):
    reason_names = queries.list_names(ListKind.pending_reason)
    category_names = queries.list_names(ListKind.problem_category)
    versions = ret.versions
    changes = None
    if len(versions) >= 2:
        changes = contents.diff(versions[-2].data, versions[-1].data, reason_names, category_names, ret.kind)
    context = {'ret': ret, 'versions': versions, 'changes': changes, 'reason_names': reason_names,
               'category_names': category_names, 'review_form': review_form or ReviewForm(formdata=None),
               'show': contents.show, 'reason_label': contents.reason_label, 'contents': contents}
    if ret.kind is ReturnKind.monthly:
        from gemcell.returns.reconcile import reconcile
        context['check'] = reconcile(ret)
    return context


class ReturnDetailView(ReturnViewBase):
    def get(self, return_id):
        return render_template('returns/detail.html', **detail_context(self.ret))


class ReviewReturnView(ReviewReturnsBase, ReturnViewBase):
    """Accept the submitted return, or return it for correction with a remark."""

    def post(self, return_id):
        form = ReviewForm()
        if form.validate_on_submit():
            try:
                operations.review_return(self.ret, form.decision.data, current_user, form.remark.data)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            except InvalidTransition as exc:
                form.decision.errors.append(str(exc))
            else:
                if self.ret.state is ReturnState.accepted:
                    flash(_('The return is accepted.'), 'success')
                else:
                    flash(_('The return is sent back to the department for correction.'), 'success')
                return redirect(url_for('returns.detail', return_id=self.ret.id), 303)
        db.session.rollback()
        return make_response(render_template('returns/detail.html', **detail_context(self.ret, form)), 422)


# --- the cell's grid ---------------------------------------------------------------------------------------------

class GridView(GemView):
    """Departments × the last N fortnights: filed on time, late, not filed, returned, accepted. Filters swap the
    grid in place; ``?format=csv|xlsx`` downloads it."""

    PERMISSION = Permission.VIEW_ALL_DEPARTMENTS

    @staticmethod
    def state():
        values = request.values
        size = values.get('n', 6, type=int)
        return {'n': size if size in GRID_SIZES else 6, 'q': (values.get('q') or '').strip()[:100],
                'status': values.get('status') if values.get('status') in queries.STATUSES else '',
                'kind': 'monthly' if values.get('kind') == 'monthly' else ''}

    @staticmethod
    def rows(state):
        kind = ReturnKind.monthly if state['kind'] == 'monthly' else ReturnKind.fortnightly
        return queries.grid(queries.today(), state['n'], state['q'], state['status'], kind)

    def get(self):
        state = self.state()
        periods, rows = self.rows(state)
        fmt = request.args.get('format')
        if fmt:
            columns = [(_('Department'), lambda r: r.department.name), (_('Code'), lambda r: r.department.code)]
            for index, period in enumerate(periods):
                columns.append((period.label, lambda r, i=index: str(r.cells[i].title)))
            return export_response(rows, columns, fmt, 'returns-grid')
        return render_grid(state, periods, rows)


def render_grid(state, periods, rows, status=200):
    return render_page('returns/grid.html', 'returns/_grid.html', status=status, state=state, periods=periods,
                       rows=rows, sizes=GRID_SIZES, status_choices=queries.STATUS_CHOICES,
                       statuses=queries.STATUSES, mail_configured=bool(current_app.config.get('MAIL_SERVER')),
                       titles={key: str(title) for key, (title, _tone) in queries.STATUSES.items()},
                       missing=sum(1 for row in rows if row.count('missing')))


class RemindView(ReviewReturnsBase):
    """Remind the departments whose returns are not filed (all in the grid as filtered, or one ``department``):
    an in-app notice to each nodal officer, and an e-mail when a mail server is configured."""

    def post(self):
        state = GridView.state()
        periods, rows = GridView.rows(state)
        department = request.form.get('department', type=int)
        if department:
            rows = [row for row in rows if row.department.id == department]
        notices, departments = operations.send_reminders(rows, current_user)
        subject = (_('Reminder: monthly procurement return to the GeM Cell') if state['kind'] == 'monthly'
                   else _('Reminder: fortnightly return to the GeM Cell'))
        mails = [{'to': n.emailed_to, 'subject': subject,
                  'body': n.message_hi + '\n\n' + n.message_en} for n in notices if n.emailed_to]
        db.session.commit()  # the worker reads nothing, but the notices must exist before any mail says so
        if mails:
            from gemcell.returns.tasks import mail_reminders
            mail_reminders(mails)
        if not departments:
            message = _('No department in the grid has a return not filed whose officer can be reminded.')
        elif current_app.config.get('MAIL_SERVER'):
            message = _('Reminders sent to %(officers)s nodal officers of %(departments)s departments; %(mails)s '
                        'e-mails queued.', officers=len(notices), departments=departments, mails=len(mails))
        else:
            message = _('Reminders sent to %(officers)s nodal officers of %(departments)s departments as in-app '
                        'notices only: no mail server is configured (MAIL_SERVER), so no e-mail was sent.',
                        officers=len(notices), departments=departments)
        if is_htmx():
            response = render_grid(state, periods, GridView.rows(state)[1])
            return hx_trigger(response, 'flash', message)
        flash(message, 'success' if departments else 'info')
        return redirect(url_for('returns.grid', **{k: v for k, v in state.items() if v}), 303)


class ReadNoticesView(FileReturnsBase):
    def post(self):
        operations.mark_notices_read(current_user)
        return redirect(url_for('returns.list'), 303)


# --- the managed lists -----------------------------------------------------------------------------------------

class ListsView(FormViewBase):
    """The reasons registrations are pending and the categories of problems, and the form to add an entry."""

    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'returns/lists.html'
    SAVED = None

    def make_form(self):
        return ListItemForm()

    def save(self, form):
        item = operations.save_list_item(None, form.data)
        flash(_('“%(name)s” is added to the list.', name=item.name), 'success')
        return url_for('returns.lists')

    def context(self):
        return {'lists': [(kind, queries.list_items(kind, active_only=False)) for kind in ListKind]}


class EditListItemView(FormViewBase):
    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'returns/edit_item.html'

    def load(self, item_id):
        self.item = db.get_or_404(ReturnListItem, item_id)

    def make_form(self):
        form = ListItemForm(obj=self.item) if request.method == 'GET' else ListItemForm()
        if request.method == 'GET':
            form.kind.data = self.item.kind.value
        return form

    def save(self, form):
        operations.save_list_item(self.item, form.data)
        flash(_('The entry is saved.'), 'success')
        return url_for('returns.lists')

    def context(self):
        return {'item': self.item}


def due_label(period, ret) -> str:
    due = ret.due_date if ret is not None else period.due_date()
    return format_date(due)

