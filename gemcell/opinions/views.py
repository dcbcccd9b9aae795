"""Pages of the opinions: the list, asking, the question with the cell's answer, issuing, the library search and
the library's Government orders and circulars."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from gemcell.attachments.models import Attachment
from gemcell.attachments.operations import AttachmentError, attachment_response
from gemcell.auth.forms import EmptyForm
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.permissions import Permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.extensions import db
from gemcell.opinions import operations, queries
from gemcell.opinions.forms import AnswerForm, AskForm, LibraryItemForm
from gemcell.opinions.models import LibraryItem


class OpinionsBase(GemView):
    PERMISSION = Permission.VIEW_DIRECTIONS


class OpinionViewBase(OpinionsBase):
    def load(self, opinion_id, **kwargs):
        self.opinion = queries.get_visible_opinion_or_404(opinion_id, current_user)


class ListOpinionsView(OpinionsBase, ListViewBase):
    LISTING = queries.OPINION_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'opinions/list.html', 'opinions/_table.html', 'opinions'

    def statement(self):
        from gemcell.opinions.models import Opinion
        return queries.visible_opinions(current_user).join(Opinion.department)

    def export_columns(self, rows):
        return [(_('Subject'), lambda o: o.subject), (_('Department'), lambda o: o.department.name),
                (_('Asked on'), lambda o: o.asked_dt), (_('Status'), lambda o: str(o.state.title)),
                (_('Letter'), lambda o: o.document.number if o.document and o.document.number else ''),
                (_('Rules cited'), lambda o: ', '.join(o.rule_ids or []))]

    def context(self, items):
        return {'state_choices': queries.STATE_CHOICES}


class AskOpinionView(FormViewBase):
    """A department's nodal officer asks the cell (with files)."""

    PERMISSION = Permission.ANSWER_DIRECTIONS
    TEMPLATE = 'opinions/ask.html'

    def check_access(self):
        super().check_access()
        if current_user.department is None:
            abort(403)

    def make_form(self):
        return AskForm()

    def save(self, form):
        try:
            opinion = operations.ask_opinion(current_user.department, form.subject.data, form.question.data,
                                             request.files.getlist('files'), current_user)
        except AttachmentError as exc:
            db.session.rollback()
            raise FormError('files', str(exc)) from None
        flash(_('Your question is sent to the GeM Cell.'), 'success')
        return url_for('opinions.detail', opinion_id=opinion.id)


def render_detail(opinion, form=None, status=200):
    if form is None and opinion.can_answer(current_user):
        form = AnswerForm(formdata=None, answer=opinion.answer or '', rule_ids=', '.join(opinion.rule_ids or []),
                          go_refs='\n'.join(opinion.go_refs or []))
    cited = [(rule_id, operations.rules().get(rule_id, {})) for rule_id in opinion.rule_ids or []]
    return render_template('opinions/detail.html', opinion=opinion, form=form, cited=cited,
                           action_form=EmptyForm()), status


class OpinionDetailView(OpinionViewBase):
    def get(self, opinion_id):
        return render_detail(self.opinion)


class AnswerOpinionView(OpinionViewBase):
    PERMISSION = Permission.REVIEW

    def post(self, opinion_id):
        form = AnswerForm()
        if form.validate_on_submit():
            try:
                rule_ids = operations.parse_rule_ids(form.rule_ids.data)
                operations.draft_answer(self.opinion, form.answer.data, rule_ids,
                                        operations._lines(form.go_refs.data), current_user)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            except InvalidTransition as exc:
                form.answer.errors.append(str(exc))
            else:
                flash(_('The answer is drafted as a letter; the In-charge issues it.'), 'success')
                return redirect(url_for('opinions.detail', opinion_id=self.opinion.id), 303)
        db.session.rollback()
        return render_detail(self.opinion, form, 422)


class IssueOpinionView(OpinionViewBase):
    PERMISSION = Permission.ISSUE_DOCUMENTS

    def post(self, opinion_id):
        if EmptyForm().validate_on_submit():
            try:
                operations.issue_opinion(self.opinion, current_user)
            except InvalidTransition as exc:
                db.session.rollback()
                flash(str(exc), 'error')
            else:
                flash(_('The opinion is issued and is now in the library.'), 'success')
        return redirect(url_for('opinions.detail', opinion_id=self.opinion.id), 303)


class OpinionFileView(OpinionViewBase):
    def get(self, opinion_id, attachment_id):
        if not any(a.id == attachment_id for a in self.opinion.attachments):
            abort(404)
        return attachment_response(db.session.get(Attachment, attachment_id))


# --- the library -------------------------------------------------------------------------------------------

class LibraryView(OpinionsBase):
    """Search the issued opinions, Government orders and circulars."""

    def get(self):
        q = (request.args.get('q') or '').strip()[:200]
        kind = request.args.get('kind', '')
        hits = queries.search_library(q, current_user, kind) if q else []
        return render_template('opinions/library.html', q=q, kind=kind, hits=hits,
                               kind_choices=queries.KIND_CHOICES, recent=queries.recent_library_items())


class LibraryItemView(OpinionsBase):
    def load(self, item_id):
        self.item = db.get_or_404(LibraryItem, item_id)

    def get(self, item_id):
        return render_template('opinions/library_item.html', item=self.item)


class LibraryFileView(LibraryItemView):
    def get(self, item_id):
        if self.item.attachment is None:
            abort(404)
        return attachment_response(self.item.attachment)


class LibraryItemFormBase(FormViewBase):
    PERMISSION = Permission.REVIEW
    TEMPLATE = 'opinions/library_edit.html'
    SAVED = _l('Saved in the library.')
    item = None

    def make_form(self):
        if self.item is not None and request.method == 'GET':
            return LibraryItemForm(obj=self.item, kind=self.item.kind.value)
        return LibraryItemForm()

    def save(self, form):
        try:
            item = operations.save_library_item(self.item, form.data, form.file.data, current_user)
        except AttachmentError as exc:
            db.session.rollback()
            raise FormError('file', str(exc)) from None
        return url_for('opinions.library_item', item_id=item.id)

    def context(self):
        return {'item': self.item}


class NewLibraryItemView(LibraryItemFormBase):
    pass


class EditLibraryItemView(LibraryItemFormBase):
    def load(self, item_id):
        self.item = db.get_or_404(LibraryItem, item_id)
