"""Pages of the reports: the monthly note (figures, charts, the cell's remarks, prepared for issue through the
documents register) and the department scorecard with its drill-down; every table downloads as CSV or XLSX."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from gemcell.core.db import InvalidTransition
from gemcell.core.exports import export_response
from gemcell.core.permissions import Permission
from gemcell.core.views import GemView
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.reports import charts, operations, queries, scorecard
from gemcell.reports.document import check_text, late_text
from gemcell.reports.forms import PrepareNoteForm, RemarksForm
from gemcell.reports.note import compute_note
from gemcell.returns.periods import month_name


class ReportsViewBase(GemView):
    """Reports cover every department: the cell, Administration and the administrator read them."""

    PERMISSION = Permission.VIEW_ALL_DEPARTMENTS

    def load(self, **kwargs):
        self.month = queries.parse_month(request.values.get('month'))


class NoteWriteBase(ReportsViewBase):
    PERMISSION = Permission.REVIEW


def _number(value):
    return None if value is None else float(value)


def note_export_columns():
    return [(_('Rank'), lambda l: l.rank), (_('Department'), lambda l: l.department.name),
            (_('Code'), lambda l: l.department.code),
            (_('Total procurement (₹)'), lambda l: _number(l.total)),
            (_('Through GeM: goods (₹)'), lambda l: _number(l.gem_goods)),
            (_('Through GeM: services (₹)'), lambda l: _number(l.gem_services)),
            (_('GeM share (reported)'), lambda l: _number(l.share_reported)),
            (_('GeM orders (GeM data) (₹)'), lambda l: _number(l.gem_data)),
            (_('GeM share (GeM data)'), lambda l: _number(l.share_data)),
            (_('Change from last month (points)'), lambda l: _number(l.change)),
            (_('Reconciliation'), lambda l: str(l.check.title) if l.check else _('Not filed')),
            (_('Gap (per cent)'), lambda l: _number(l.check.gap_percent) if l.check else None),
            (_('Top problems'), lambda l: '; '.join(f'{name} ({count})' for name, count in l.problems)),
            (_('Returns late'), late_text)]


class NoteView(ReportsViewBase):
    """The monthly note for a month: State totals, the departments ranked, charts, problems, reconciliation, late
    returns, and the cell's remarks; ``?format=csv|xlsx`` downloads the department table."""

    def get(self):
        note = compute_note(self.month, queries.today())
        fmt = request.args.get('format')
        if fmt:
            return export_response(note.lines, note_export_columns(), fmt, f'monthly-note-{self.month:%Y-%m}')
        return render_note(self.month, note)


def render_note(month, note, remarks_form=None, status=200):
    record = queries.get_note(month)
    if remarks_form is None:
        remarks_form = RemarksForm(formdata=None, data={'remarks': record.remarks if record else ''})
    blocks = [charts.trend_chart(note)] + charts.department_charts(note)
    return render_template('reports/note.html', note=note, month=month, record=record, remarks_form=remarks_form,
                           prepare_form=PrepareNoteForm(formdata=None), charts=blocks, svg=charts.svg,
                           late_text=late_text, check_text=check_text,
                           months=queries.month_choices(), month_name=month_name,
                           can_edit=record.can_edit(current_user) if record else
                           current_user_can_review()), status


def current_user_can_review():
    from gemcell.core.permissions import has_permission
    return has_permission(current_user, Permission.REVIEW)


class SaveRemarksView(NoteWriteBase):
    def post(self):
        form = RemarksForm()
        note = operations.get_or_create_note(self.month, current_user)
        if form.validate_on_submit():
            try:
                operations.save_remarks(note, form.remarks.data)
            except InvalidTransition as exc:
                db.session.rollback()
                flash(str(exc), 'error')
            else:
                flash(_('The remarks are saved.'), 'success')
            return redirect(url_for('reports.note', month=f'{self.month:%Y-%m}') + '#note-remarks', 303)
        db.session.rollback()
        return render_note(self.month, compute_note(self.month, queries.today()), form, 422)


class PrepareNoteView(NoteWriteBase):
    """Put the note as it stands, with the remarks, into its report document (a draft for the In-charge to
    approve and issue), then show the document."""

    def post(self):
        form = PrepareNoteForm()
        if not form.validate_on_submit():
            abort(400)
        note = operations.get_or_create_note(self.month, current_user)
        try:
            document = operations.prepare_document(note, current_user, queries.today(), form.language.data)
        except InvalidTransition as exc:
            db.session.rollback()
            flash(str(exc), 'error')
            return redirect(url_for('reports.note', month=f'{self.month:%Y-%m}'), 303)
        flash(_('The note is prepared as a draft document. The In-charge approves and issues it.'), 'success')
        return redirect(url_for('documents.detail', document_id=document.id), 303)


# --- the scorecard -----------------------------------------------------------------------------------------------

class ScorecardView(ReportsViewBase):
    """Every department's score for the month, with the formula and its weights; ``?format=csv|xlsx``."""

    def get(self):
        rows, configured, effective = scorecard.compute(self.month, queries.today())
        keys = scorecard.ordered_keys()
        fmt = request.args.get('format')
        if fmt:
            columns = [(_('Rank'), lambda r: r.rank), (_('Department'), lambda r: r.department.name),
                       (_('Code'), lambda r: r.department.code), (_('Score'), lambda r: _number(r.total))]
            for key in keys:
                comp = scorecard.REGISTRY[key]
                if comp.is_available:
                    columns.append((str(comp.title), lambda r, k=key: _number(r.scores[k].value)))
            return export_response(rows, columns, fmt, f'scorecard-{self.month:%Y-%m}')
        return render_template('reports/scorecard.html', rows=rows, configured=configured, effective=effective,
                               components=[scorecard.REGISTRY[key] for key in keys], month=self.month,
                               months=queries.month_choices(), month_name=month_name,
                               penalty=scorecard.finding_penalty())


class ScoreRecordsView(ReportsViewBase):
    """The records behind one component of one department's score (the drill-down)."""

    def load(self, key, department_id):
        super().load()
        self.component = scorecard.REGISTRY.get(key)
        if self.component is None or not self.component.is_available:
            abort(404)
        self.department = db.get_or_404(Department, department_id)

    def get(self, key, department_id):
        score = self.component.score(self.month, [self.department.id])[self.department.id]
        records = self.component.records(self.month, self.department.id) if self.component.records else []
        return render_template('reports/records.html', component=self.component, department=self.department,
                               month=self.month, month_name=month_name, score=score, records=records)
