"""Pages of the directions: the list (a department's: what it must answer), drafting and issuing, the direction with
its point-wise reports, answering, classing, the compliance register, and the reminders run by hand."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from gemcell.attachments.models import Attachment
from gemcell.attachments.operations import AttachmentError, attachment_response
from gemcell.auth.forms import EmptyForm
from gemcell.core.compliance import Compliance
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directives import operations, queries
from gemcell.directives.forms import DirectionForm, answer_form, class_form
from gemcell.directives.models import DirectionKind, DirectionLevel, ReplyState
from gemcell.directory.queries import department_entries, department_options
from gemcell.extensions import db


class DirectionsBase(GemView):
    PERMISSION = Permission.VIEW_DIRECTIONS


class ManageDirectionsBase(GemView):
    """The cell's work: drafting, classing, reminders."""
    PERMISSION = Permission.REVIEW


class DirectionViewBase(DirectionsBase):
    """One direction the user may see (a nodal officer: issued and addressed to their department; else 404)."""

    def load(self, direction_id):
        self.direction = queries.get_visible_direction_or_404(direction_id, current_user)


class AddresseeViewBase(DirectionsBase):
    """One addressee's report, within the user's department scope."""

    def load(self, addressee_id, **kwargs):
        self.addressee = queries.visible_addressee_or_404(addressee_id, current_user)
        self.direction = self.addressee.direction


def _is_officer(user) -> bool:
    return has_permission(user, Permission.ANSWER_DIRECTIONS) and getattr(user, 'department_id', None) is not None


# --- the list ------------------------------------------------------------------------------------------------

class ListDirectionsView(DirectionsBase, ListViewBase):
    LISTING = queries.DIRECTION_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'directives/list.html', 'directives/_table.html', 'directions'

    def statement(self):
        return queries.visible_directions(current_user).options(*queries.DIRECTION_ROWS)

    def export_columns(self, rows):
        return [(_('Subject'), lambda d: d.subject), (_('Kind'), lambda d: str(d.kind.title)),
                (_('Level'), lambda d: str(d.level.title)),
                (_('Number'), lambda d: d.document.number if d.document is not None else ''),
                (_('Issued on'), lambda d: d.issued_date), (_('Due date'), lambda d: d.due_date),
                (_('Reference'), lambda d: d.reference_number or ''),
                (_('Addressees'), lambda d: '; '.join(a.name for a in queries.visible_addressees(d, current_user))),
                (_('Status'), lambda d: str(d.state.title)),
                (_('Compliance'), lambda d: str(d.compliance.title))]

    def context(self, items):
        context = {'kind_choices': queries.KIND_CHOICES, 'state_choices': queries.STATE_CHOICES,
                   'level_choices': queries.LEVEL_CHOICES, 'is_officer': _is_officer(current_user),
                   'today': queries.today(),
                   'department_choices': [('', _('All'))] + department_options()}
        if context['is_officer']:
            from gemcell.returns.queries import unread_notices
            context['due'] = queries.open_addressees(current_user.department_id)
            context['notices'] = unread_notices(current_user)
        elif has_permission(current_user, Permission.REVIEW):
            context['due'] = queries.open_addressees(None)
        return context


# --- drafting ------------------------------------------------------------------------------------------------

def direction_form(direction=None, kind=None, **kwargs):
    if direction is not None and request.method == 'GET':
        kwargs.update(kind=direction.kind.value, level=direction.level.value, subject=direction.subject,
                      body=direction.body, points='\n'.join(p.text for p in direction.points),
                      reference_number=direction.reference_number, reference_date=direction.reference_date,
                      due_date=direction.due_date, department_ids=[d.id for d in direction.departments],
                      source_label=direction.source_label, source_url=direction.source_url)
    elif kind is not None and request.method == 'GET':
        kwargs['kind'] = kind
        if kind == DirectionKind.government.value:
            kwargs['level'] = DirectionLevel.government.value
    form = DirectionForm(**kwargs)
    addressed = {d.id for d in direction.departments} if direction else set()
    departments = [d for d in department_entries() if d.is_active or d.id in addressed]
    form.department_ids.choices = [
        SelectChoice(d.id, d.name, render_kw={'data-search': f'{d.name_hi} {d.name_en} {d.code}'})
        for d in departments]
    form.active_department_ids = [d.id for d in departments if d.is_active]
    return form


def fields_of(form) -> dict:
    department_ids = form.department_ids.data or []
    if form.all_departments.data:
        department_ids = form.active_department_ids
    return {'kind': form.kind.data, 'level': form.level.data, 'subject': form.subject.data, 'body': form.body.data,
            'points': operations.parse_points(form.points.data), 'department_ids': department_ids,
            'reference_number': form.reference_number.data, 'reference_date': form.reference_date.data,
            'due_date': form.due_date.data}


class DirectionFormBase(ManageDirectionsBase, FormViewBase):
    TEMPLATE = 'directives/edit.html'
    SAVED = _l('The draft direction is saved.')
    direction = None

    def context(self):
        return {'direction': self.direction}

    def render(self, form, status=200):
        return render_template(self.TEMPLATE, form=form, **self.context()), status


class CreateDirectionView(DirectionFormBase):
    def make_form(self):
        kind = request.args.get('kind', DirectionKind.outgoing.value)
        if kind not in {k.value for k in DirectionKind}:
            abort(404)
        return direction_form(kind=kind)

    def save(self, form):
        source = None
        if (form.source_label.data or '').strip():
            source = operations.Source('manual', None, form.source_label.data.strip(),
                                       (form.source_url.data or '').strip())
        direction = operations.create_direction(fields_of(form), current_user, source=source)
        return url_for('directives.detail', direction_id=direction.id)


class EditDirectionView(DirectionViewBase, DirectionFormBase):
    def check_access(self):
        super().check_access()
        if not self.direction.can_edit(current_user):
            abort(403)

    def make_form(self):
        return direction_form(self.direction)

    def save(self, form):
        operations.update_direction(self.direction, fields_of(form), current_user)
        if (form.source_label.data or '').strip() != (self.direction.source_label or ''):
            self.direction.source_label = (form.source_label.data or '').strip() or None
            self.direction.source_url = (form.source_url.data or '').strip() or None
            self.direction.source_kind = self.direction.source_kind or 'manual'
        return url_for('directives.detail', direction_id=self.direction.id)


# --- one direction -------------------------------------------------------------------------------------------

def detail_context(direction, forms=None):
    addressees = queries.visible_addressees(direction, current_user)
    forms = forms or {}
    for addressee in addressees:
        if addressee.id not in forms and addressee.can_class(current_user):
            forms[addressee.id] = class_form(direction.points, formdata=None, data=_class_data(addressee))
    return {'direction': direction, 'addressees': addressees, 'forms': forms, 'action_form': EmptyForm(),
            'today': queries.today(), 'Compliance': Compliance, 'reminders': _reminders(addressees)}


def _class_data(addressee):
    data = {}
    for point in addressee.direction.points:
        reply = addressee.reply_to(point)
        if reply is not None and reply.compliance is not Compliance.pending:
            data[f'class_{point.id}'] = reply.compliance.value
            data[f'note_{point.id}'] = reply.cell_remark or ''
    return data


def _reminders(addressees):
    import sqlalchemy as sa

    from gemcell.directives.models import Reminder
    ids = [a.id for a in addressees]
    if not ids:
        return {}
    result = {}
    for reminder in db.session.scalars(sa.select(Reminder).where(Reminder.addressee_id.in_(ids))
                                       .order_by(Reminder.day, Reminder.id)):
        result.setdefault(reminder.addressee_id, []).append(reminder)
    return result


class DirectionDetailView(DirectionViewBase):
    """The direction and its compliance register (addressee × point); ``?format=csv|xlsx`` downloads the register."""

    def get(self, direction_id):
        fmt = request.args.get('format')
        if fmt:
            rows = [(addressee, point, addressee.reply_to(point))
                    for addressee in queries.visible_addressees(self.direction, current_user)
                    for point in self.direction.points]
            columns = [(_('Addressee'), lambda r: r[0].name), (_('Status'), lambda r: str(r[0].state.title)),
                       (_('Point'), lambda r: r[1].number), (_('Points'), lambda r: r[1].text),
                       (_('Action taken'), lambda r: r[2].action_taken if r[2] else ''),
                       (_('Class'), lambda r: str(r[2].compliance.title) if r[2] else str(Compliance.pending.title)),
                       (_('Cell’s note'), lambda r: (r[2].cell_remark or '') if r[2] else ''),
                       (_('Report submitted'), lambda r: r[0].submitted_dt),
                       (_('Escalated to'), lambda r: str(r[0].escalated_level.title) if r[0].escalated_level else '')]
            return export_response(rows, columns, fmt, f'direction-{self.direction.id}')
        return render_template('directives/detail.html', **detail_context(self.direction))


class DirectionActionBase(DirectionViewBase):
    DONE = None

    def act(self):
        raise NotImplementedError

    def post(self, direction_id):
        if EmptyForm().validate_on_submit():
            try:
                self.act()
            except InvalidTransition as exc:
                db.session.rollback()
                flash(str(exc), 'error')
            else:
                flash(str(self.DONE), 'success')
        return redirect(url_for('directives.detail', direction_id=self.direction.id), 303)


class IssueDirectionView(DirectionActionBase):
    """The In-charge issues the direction: its office memo is approved and issued (numbered, frozen) in the same
    step; Government's direction to the cell is registered by the cell."""

    PERMISSION = Permission.REVIEW

    @property
    def DONE(self):
        if self.direction.is_government:
            return _('Government’s direction is registered; the cell’s compliance is now followed.')
        return _('The direction is issued: the memo is numbered and the departments see it in their work.')

    def act(self):
        if not self.direction.can_issue(current_user):
            raise InvalidTransition(_('Only the In-charge can issue a direction, and only a draft.'))
        operations.issue_direction(self.direction, current_user)


class CloseDirectionView(DirectionActionBase):
    PERMISSION = Permission.REVIEW
    DONE = _l('The direction is closed.')

    def act(self):
        operations.close_direction(self.direction, current_user)


# --- the report --------------------------------------------------------------------------------------------

def _answer_data(addressee):
    return {f'action_{p.id}': (r.action_taken if (r := addressee.reply_to(p)) else '')
            for p in addressee.direction.points}


class AnswerView(AddresseeViewBase):
    """The department (the cell, for Government's directions) writes the action taken on each point, attaches
    files, saves, and submits when every point is answered."""

    def check_access(self):
        super().check_access()
        if not self.addressee.can_answer(current_user):
            abort(403)

    def render(self, form, status=200):
        return render_template('directives/answer.html', addressee=self.addressee, direction=self.direction,
                               form=form, today=queries.today()), status

    def get(self, addressee_id):
        return self.render(answer_form(self.direction.points, formdata=None, data=_answer_data(self.addressee)))

    def post(self, addressee_id):
        points = self.direction.points
        form = answer_form(points)
        if not form.validate_on_submit():
            db.session.rollback()
            return self.render(form, 422)
        answers = {p.id: form[f'action_{p.id}'].data for p in points}
        uploads = {p.id: request.files.getlist(f'files_{p.id}') for p in points}
        try:
            operations.save_report(self.addressee, answers, uploads, current_user)
            if request.form.get('action') == 'submit':
                operations.submit_report(self.addressee, current_user)
        except AttachmentError as exc:
            db.session.rollback()
            form = answer_form(points)
            point = next(p for p in points if any(f and f.filename for f in uploads[p.id]))
            form[f'files_{point.id}'].errors = [str(exc)]
            return self.render(form, 422)
        except InvalidTransition as exc:
            db.session.rollback()
            form = answer_form(points)
            form.form_errors.append(str(exc))
            return self.render(form, 422)
        if self.addressee.state is ReplyState.submitted:
            flash(_('The action-taken report is submitted to the GeM Cell.'), 'success')
            return redirect(url_for('directives.detail', direction_id=self.direction.id), 303)
        flash(_('The report is saved. Submit it when every point is answered.'), 'success')
        return redirect(url_for('directives.answer', addressee_id=self.addressee.id), 303)


class ClassReportView(AddresseeViewBase):
    """The cell classes every point of a submitted report, or sends the report back with a remark."""

    PERMISSION = Permission.REVIEW

    def post(self, addressee_id):
        points = self.direction.points
        form = class_form(points)
        decision = request.form.get('decision')
        if form.validate_on_submit():
            try:
                if decision == 'send_back':
                    if not (form.remark.data or '').strip():
                        raise FormError('remark', _l('Say what is missing: a remark is required to send the '
                                                     'report back.'))
                    operations.send_back_report(self.addressee, current_user, form.remark.data)
                    flash(_('The report is sent back to the department with your remark.'), 'success')
                else:
                    classes = {}
                    for p in points:
                        value = form[f'class_{p.id}'].data
                        classes[p.id] = Compliance(value) if value in {c.value for c in Compliance} else None
                    notes = {p.id: form[f'note_{p.id}'].data for p in points}
                    operations.class_report(self.addressee, classes, notes, current_user)
                    flash(_('The points are classed: %(status)s.', status=self.addressee.compliance.title),
                          'success')
            except FormError as exc:
                db.session.rollback()
                target = form.remark if exc.field == 'remark' else None
                if target is not None:
                    target.errors = [exc.message]
                else:
                    form.form_errors.append(exc.message)
            except InvalidTransition as exc:
                db.session.rollback()
                form.form_errors.append(str(exc))
            else:
                return redirect(url_for('directives.detail', direction_id=self.direction.id,
                                        _anchor=f'addressee-{self.addressee.id}'), 303)
        direction = queries.get_visible_direction_or_404(self.direction.id, current_user)
        return render_template('directives/detail.html', **detail_context(direction, {self.addressee.id: form})), 422


class AttachmentView(AddresseeViewBase):
    """A file of a report, to whoever may see the report."""

    def get(self, addressee_id, attachment_id):
        for reply in self.addressee.replies:
            for attachment in reply.attachments:
                if attachment.id == attachment_id:
                    return attachment_response(db.session.get(Attachment, attachment_id))
        abort(404)


# --- the registers and reminders -----------------------------------------------------------------------------

class RegisterView(DirectionsBase):
    """The compliance register per department, and the overdue reports (the cell, Administration; a nodal
    officer: their own department's row)."""

    def get(self):
        department_ids = None if has_permission(current_user, Permission.VIEW_ALL_DEPARTMENTS) \
            else [current_user.department_id or 0]
        rows = queries.register_by_department(queries.today(), department_ids)
        fmt = request.args.get('format')
        if fmt:
            columns = [(_('Department'), lambda r: r.name), (_('Directions'), lambda r: r.directions),
                       (_('Reports awaited'), lambda r: r.awaiting), (_('Overdue'), lambda r: r.overdue),
                       (_('Awaiting class'), lambda r: r.submitted)]
            columns += [(str(c.title), lambda r, c=c: r.classes[c]) for c in
                        (Compliance.complied, Compliance.partly, Compliance.not_complied, Compliance.not_applicable)]
            columns.append((_('Reports filed late'), lambda r: r.late))
            return export_response(rows, columns, fmt, 'directions-register')
        overdue = queries.overdue_addressees() if department_ids is None else [
            a for a in queries.overdue_addressees() if a.department_id in department_ids]
        return render_template('directives/register.html', rows=rows, overdue=overdue, today=queries.today(),
                               Compliance=Compliance, action_form=EmptyForm(),
                               mail_configured=bool(current_app.config.get('MAIL_SERVER')))


class RemindView(ManageDirectionsBase):
    """Run today's reminders and escalations now (the worker runs them every morning)."""

    def post(self):
        if not EmptyForm().validate_on_submit():
            abort(400)
        result = operations.run_reminders(queries.today(), current_user)
        db.session.commit()
        if result['mails']:
            from gemcell.returns.tasks import mail_reminders
            mail_reminders(result['mails'])
        flash(_('Reminders sent: %(notices)s notices to nodal officers, %(mails)s e-mails; %(escalations)s '
                'matters escalated with a reminder letter drafted.', notices=len(result['notices']),
                mails=len(result['mails']), escalations=len(result['escalations'])), 'success')
        return redirect(url_for('directives.register'), 303)
