"""Pages of the meetings register: the meetings, one meeting with its minutes and action points, the form, the
register of action points followed until done, reminders and the minutes' letter."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from gemcell.core.compliance import Compliance
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.permissions import Permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory.queries import department_options
from gemcell.extensions import db
from gemcell.helpdesk.forms import select_choices
from gemcell.helpdesk.queries import today, unread_notices
from gemcell.meetings import operations, queries
from gemcell.meetings.forms import ClassPointForm, MeetingForm, PointForm
from gemcell.meetings.models import ActionPoint, OwnerKind


class MeetingsBase(GemView):
    PERMISSION = Permission.VIEW_MEETINGS


class ManageMeetingsBase(GemView):
    PERMISSION = Permission.REVIEW


class MeetingViewBase(MeetingsBase):
    def load(self, meeting_id, **kwargs):
        self.meeting = queries.get_visible_meeting_or_404(meeting_id, current_user)


class ManageMeetingBase(MeetingViewBase):
    PERMISSION = Permission.REVIEW


class ListMeetingsView(MeetingsBase, ListViewBase):
    LISTING = queries.MEETING_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'meetings/list.html', 'meetings/_table.html', 'meetings'

    def statement(self):
        return queries.visible_meetings(current_user)

    def export_columns(self, rows):
        return [(_('Date of the meeting'), lambda m: m.meeting_date), (_('Department'), lambda m: m.department.name),
                (_('Subject'), lambda m: m.subject), (_('Venue'), lambda m: m.venue), (_('Agenda'), lambda m: m.agenda),
                (_('Action points'), lambda m: len(m.points)),
                (_('Open action points'), lambda m: sum(1 for p in m.points if not p.is_done)),
                (_('Compliance'), lambda m: str(m.status.title))]

    def context(self, items):
        return {'department_choices': [('', _('All'))] + department_options(current_user), 'today': today(),
                'notices': [n for n in unread_notices(current_user) if (n.url or '').startswith('/meetings')],
                'open_points': queries.count_open_points(current_user, today()),
                'overdue_points': queries.count_open_points(current_user, today(), overdue_only=True)}


class PointsView(MeetingsBase, ListViewBase):
    """Every action point, followed until done (open ones first by due date)."""

    LISTING = queries.POINT_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'meetings/points.html', 'meetings/_points_table.html', 'action-points'

    def statement(self):
        return queries.visible_points(current_user)

    def export_columns(self, rows):
        return [(_('Date of the meeting'), lambda p: p.meeting.meeting_date),
                (_('Department'), lambda p: p.meeting.department.name), (_('Subject'), lambda p: p.meeting.subject),
                (_('Action point'), lambda p: p.text), (_('To be done by'), lambda p: str(p.owner.title)),
                (_('Due date'), lambda p: p.due_date), (_('Compliance'), lambda p: str(p.compliance.title)),
                (_('Remark'), lambda p: p.remark or ''),
                (_('Overdue'), lambda p: _('Yes') if p.is_overdue(today()) else '')]

    def context(self, items):
        return {'department_choices': [('', _('All'))] + department_options(current_user), 'today': today(),
                'state_choices': [('', _('All')), ('open', _('Not yet done')), ('done', _('Done'))]
                + [(c.value, c.title) for c in Compliance],
                'owner_choices': [('', _('All'))] + [(o.value, o.title) for o in OwnerKind]}


def _meeting_form(meeting=None):
    if request.method == 'POST':
        form = MeetingForm()
    elif meeting is not None:
        form = MeetingForm(obj=meeting)
        form.department_id.data = str(meeting.department_id)
    else:
        form = MeetingForm(formdata=None, data={'meeting_date': today()})
    form.department_id.choices = select_choices([('', '—')] + department_options(current_user))
    return form


class NewMeetingView(ManageMeetingsBase, FormViewBase):
    TEMPLATE = 'meetings/edit.html'

    def make_form(self):
        return _meeting_form()

    def save(self, form):
        meeting = operations.save_meeting(None, form.data, current_user)
        flash(_('The meeting is registered. Add its action points.'), 'success')
        return url_for('meetings.detail', meeting_id=meeting.id)

    def context(self):
        return {'meeting': None}


class EditMeetingView(ManageMeetingBase, FormViewBase):
    TEMPLATE = 'meetings/edit.html'

    def make_form(self):
        return _meeting_form(self.meeting)

    def save(self, form):
        operations.save_meeting(self.meeting, form.data, current_user)
        flash(_('The meeting is saved.'), 'success')
        return url_for('meetings.detail', meeting_id=self.meeting.id)

    def context(self):
        return {'meeting': self.meeting}


def detail_context(meeting, point_form=None, class_forms=None):
    class_forms = class_forms or {}
    return {'meeting': meeting, 'today': today(), 'point_form': point_form or PointForm(formdata=None),
            'class_forms': {p.id: class_forms.get(p.id) or ClassPointForm(formdata=None, data={
                'compliance': p.compliance.value, 'remark': p.remark}) for p in meeting.points}}


class MeetingDetailView(MeetingViewBase):
    def get(self, meeting_id):
        return render_template('meetings/detail.html', **detail_context(self.meeting))


class AddPointView(ManageMeetingBase):
    def post(self, meeting_id):
        form = PointForm()
        if form.validate_on_submit():
            try:
                operations.add_point(self.meeting, form.data)
            except FormError as exc:
                getattr(form, exc.field).errors.append(str(exc.message))
            else:
                flash(_('The action point is added.'), 'success')
                return redirect(url_for('meetings.detail', meeting_id=self.meeting.id) + '#points', 303)
        db.session.rollback()
        return make_response(render_template('meetings/detail.html',
                                             **detail_context(self.meeting, point_form=form)), 422)


class ClassPointView(ManageMeetingsBase):
    def load(self, point_id):
        self.point = db.get_or_404(ActionPoint, point_id)

    def post(self, point_id):
        form = ClassPointForm()
        meeting = self.point.meeting
        if form.validate_on_submit():
            try:
                operations.class_point(self.point, form.data, current_user)
            except FormError as exc:
                getattr(form, exc.field).errors.append(str(exc.message))
            else:
                flash(_('The action point is classed.'), 'success')
                return redirect(url_for('meetings.detail', meeting_id=meeting.id) + '#points', 303)
        db.session.rollback()
        return make_response(render_template('meetings/detail.html', **detail_context(
            meeting, class_forms={self.point.id: form})), 422)


class MinutesLetterView(ManageMeetingBase):
    """Draft the minutes as a letter to the department (documents: the In-charge approves and issues it)."""

    def post(self, meeting_id):
        if not self.meeting.minutes_html and not self.meeting.points:
            flash(_('Write the minutes or add action points before drafting the letter.'), 'error')
            return redirect(url_for('meetings.detail', meeting_id=self.meeting.id), 303)
        try:
            document = operations.draft_minutes_letter(self.meeting, current_user, request.form.get('lang', 'hi'))
        except InvalidTransition as exc:
            db.session.rollback()
            flash(str(exc), 'error')
            return redirect(url_for('meetings.detail', meeting_id=self.meeting.id), 303)
        flash(_('The minutes are drafted as a letter; the In-charge approves and issues it.'), 'success')
        return redirect(url_for('documents.detail', document_id=document.id), 303)


class RemindView(ManageMeetingsBase):
    def post(self):
        count = operations.remind(today())
        flash(_('Reminders sent for %(count)s action points.', count=count) if count else
              _('No action point is due within three days or overdue, or all were reminded today.'), 'success')
        return redirect(url_for('meetings.points', state='open'), 303)
