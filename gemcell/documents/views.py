import hashlib
import re
import unicodedata

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from gemcell.auth.forms import EmptyForm
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.i18n import to_local
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory.queries import department_options, get_departments
from gemcell.documents import operations, queries
from gemcell.documents.forms import DocumentForm, ReopenForm, VerifyUploadForm, fields_from_form, form_values
from gemcell.documents.models import Document, DocumentDepartment
from gemcell.documents.pdf import DocumentDataError, numbered_paragraphs, read_embedded, render


# --- the register ----------------------------------------------------------------------------------------------

class DocumentsViewBase(GemView):
    PERMISSION = Permission.VIEW_DOCUMENTS


class ListDocumentsView(DocumentsViewBase, ListViewBase):
    """The dispatch register: number, date, subject, addressees, issuer, signed or not; search, filter, export."""

    LISTING = queries.DOCUMENT_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'documents/list.html', 'documents/_table.html', 'dispatch-register'

    def statement(self):
        stmt = queries.visible_documents(current_user).options(selectinload(Document.issued_by))
        if request.args.get('format'):  # the export names every department; the page, three (``addressed_names``)
            stmt = stmt.options(selectinload(Document.addressed).selectinload(DocumentDepartment.department))
        return stmt

    def export_columns(self, rows):
        return [(_('Number'), lambda d: d.number), (_('Date'), lambda d: d.document_date),
                (_('Subject'), lambda d: d.subject), (_('Form'), lambda d: str(d.kind.title)),
                (_('Status'), lambda d: str(d.state.title)),
                (_('Departments'), lambda d: '; '.join(department.name for department in d.departments)),
                (_('Issued by'), lambda d: d.issued_by.name if d.issued_by else ''),
                (_('Digitally signed'), lambda d: _('Yes') if d.is_signed else _('No'))]

    def context(self, items):
        context = {'state_choices': queries.STATE_CHOICES, 'kind_choices': queries.KIND_CHOICES,
                   'addressed_names': queries.addressed_names([document.id for document in items])}
        if has_permission(current_user, Permission.VIEW_ALL_DEPARTMENTS):  # a nodal officer sees only their own
            context['department_choices'] = [('', _('All'))] + department_options()
        return context


class DocumentViewBase(DocumentsViewBase):
    """Views of one document: 403 without the register permission, 404 for a document the user may not see."""

    def load(self, document_id):
        if not has_permission(current_user, Permission.VIEW_DOCUMENTS):
            abort(403)
        self.document = queries.get_visible_document_or_404(document_id, current_user)


class DocumentDetailView(DocumentViewBase):
    def get(self, document_id):
        return render_detail(self.document)


def render_detail(document, reopen_form=None, status=200):
    try:
        paragraphs = numbered_paragraphs(document.data or {})
    except DocumentDataError:
        paragraphs = []
    if reopen_form is None and document.can_reopen(current_user):
        reopen_form = ReopenForm(formdata=None)
    return render_template('documents/detail.html', document=document, action_form=EmptyForm(),
                           reopen_form=reopen_form, corrections=queries.get_corrections(document),
                           paragraphs=paragraphs, signatory=signatory_of(document),
                           signatory_warning=signatory_warning(document, current_user)), status


def signatory_of(document) -> dict:
    signatory = (document.data or {}).get('signatory')
    return signatory if isinstance(signatory, dict) else {}


def _same_person(a: str, b: str) -> bool:
    return ' '.join((a or '').split()).casefold() == ' '.join((b or '').split()).casefold()


def signatory_warning(document, user) -> str | None:
    """A warning (not a block) for the officer about to approve or issue a document signed in another's name."""
    if not (document.can_approve(user) or document.can_issue(user)):
        return None
    name = signatory_of(document).get('name') or ''
    if not name or _same_person(name, user.name):  # a report has no signatory
        return None
    return _('The signatory of this document is %(signatory)s, not you, although you issue it and the '
             'verification page will name you as its issuer. Check the signatory before you approve or issue it.',
             signatory=name)


def document_form(*args, **kwargs) -> DocumentForm:
    form = DocumentForm(*args, **kwargs)
    departments = get_departments()
    # the names in the interface language; the filter box also matches the other language and the code
    form.department_ids.choices = [
        SelectChoice(d.id, d.name, render_kw={'data-search': f'{d.name_hi} {d.name_en} {d.code}'})
        for d in departments]
    form.departments_by_id = {d.id: d for d in departments}
    return form


class DocumentFormBase(FormViewBase):
    PERMISSION = Permission.REVIEW
    TEMPLATE = 'documents/edit.html'
    SAVED = _l('Draft saved.')
    document = None

    def make_form(self):
        return document_form(**form_values(self.document))  # a POST's form data wins over these values

    def save(self, form):
        previous = self.document.department_ids if self.document is not None else []
        fields = fields_from_form(form, form.departments_by_id, previous)
        if self.document is None:
            document = operations.create_document(fields, current_user)
        else:
            document = operations.update_document(self.document, fields)
        return url_for('documents.detail', document_id=document.id)

    def context(self):
        return {'document': self.document}


class CreateDocumentView(DocumentFormBase):
    def make_form(self):
        # the In-charge issues the document, so signs it; the drafting reviewer only when there is no In-charge
        signatory = queries.get_issuing_officer() or current_user
        defaults = {'header': 'उत्तर प्रदेश शासन\nजेम सेल', 'signatory_name': signatory.name,
                    'signatory_designation': signatory.designation or ''}
        return document_form(**(defaults | (current_app.config.get('DOCUMENT_FORM_DEFAULTS') or {})))


class EditDocumentView(DocumentViewBase, DocumentFormBase):
    PERMISSION = Permission.REVIEW

    def check_access(self):
        super().check_access()
        if not self.document.can_edit(current_user):
            abort(403)


class PreviewDocumentView(DocumentViewBase):
    """The PDF as it will look, marked as a draft on every page (not numbered, not stored)."""

    PERMISSION = Permission.REVIEW

    def get(self, document_id):
        if self.document.is_issued:
            return redirect(url_for('documents.download', document_id=self.document.id))
        data = {'date': to_local(operations.utcnow()).date().isoformat(), **self.document.data}
        try:
            result = render(self.document.kind.value, data, draft=True)
        except DocumentDataError as exc:
            flash(_('The draft cannot be shown as a document yet: %(error)s', error=str(exc)), 'error')
            return redirect(url_for('documents.detail', document_id=self.document.id))
        response = Response(result.pdf, mimetype='application/pdf')
        response.headers['Content-Disposition'] = content_disposition(
            f'draft-{self.document.id}-{self.document.subject}.pdf', inline=True)
        return response


class DocumentActionBase(DocumentViewBase):
    """A POST-only button on the detail page; the result is shown there (303)."""

    PERMISSION = Permission.ISSUE_DOCUMENTS
    DONE = None

    def act(self):
        raise NotImplementedError

    def post(self, document_id):
        target = url_for('documents.detail', document_id=self.document.id)
        if EmptyForm().validate_on_submit():
            try:
                target = self.act() or target
            except InvalidTransition as exc:
                flash(str(exc), 'error')
            else:
                flash(str(self.DONE), 'success')
        return redirect(target, 303)


class ApproveDocumentView(DocumentActionBase):
    DONE = _l('The document is approved. It can now be issued.')

    def act(self):
        operations.approve_document(self.document, current_user)


class ReopenDocumentView(DocumentViewBase):
    """The In-charge sends an approved document back to draft, with a remark (required) saying why; the remark,
    who and when stay on the document's page and in the audit trail."""

    PERMISSION = Permission.ISSUE_DOCUMENTS
    DONE = _l('The document is back in draft: it can be edited, and must be approved again before it is issued.')

    def post(self, document_id):
        target = url_for('documents.detail', document_id=self.document.id)
        if not self.document.can_reopen(current_user):
            flash(_('Only an approved document can be sent back to draft.'), 'error')
            return redirect(target, 303)
        form = ReopenForm()
        if form.validate_on_submit():
            try:
                operations.reopen_document(self.document, current_user, form.remark.data)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            else:
                flash(str(self.DONE), 'success')
                return redirect(target, 303)
        return render_detail(self.document, reopen_form=form, status=422)


class IssueDocumentView(DocumentActionBase):
    DONE = _l('The document is issued: numbered, stored and frozen.')

    def act(self):
        operations.issue_document(self.document, current_user)


class CorrectDocumentView(DocumentActionBase):
    PERMISSION = Permission.REVIEW
    DONE = _l('A correction is drafted. It refers to the issued document, which stays unchanged.')

    def act(self):
        if not self.document.can_correct(current_user):
            raise InvalidTransition(_('Only an issued document can be corrected.'))
        correction = operations.create_correction(self.document, current_user)
        return url_for('documents.edit', document_id=correction.id)


class DownloadDocumentView(DocumentViewBase):
    """The stored, issued PDF, byte for byte."""

    def get(self, document_id):
        if not self.document.is_issued:
            abort(404)
        path = operations.stored_path(self.document)
        if not path.is_file():
            abort(404)
        response = Response(path.read_bytes(), mimetype='application/pdf')  # read whole: no file left open
        response.set_etag(self.document.sha256)
        response.headers['Cache-Control'] = 'private, no-cache'
        response.headers['Content-Disposition'] = content_disposition(download_name(self.document))
        return response


def download_name(document) -> str:
    return f'{document.number}-{document.subject}.pdf'


#: a few Devanagari letters transliterated for ASCII file names (the rest: Unicode in filename*)
def ascii_slug(text: str, limit: int = 80) -> str:
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    text = re.sub(r'[^A-Za-z0-9]+', '-', text).strip('-')
    return text[:limit].strip('-') or 'document'


def safe_filename(text: str, limit: int = 120) -> str:
    """A file name that keeps Hindi but no path separators, control or reserved characters."""
    text = unicodedata.normalize('NFC', text)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', '-', text)
    text = re.sub(r'[\s-]+', '-', text).strip('-.')
    stem, dot, ext = text.rpartition('.')
    if not dot:
        stem, ext = text, ''
    stem = stem[:limit].strip('-.') or 'document'
    return f'{stem}.{ext}' if ext else stem


def content_disposition(name: str, inline: bool = False) -> str:
    """``attachment; filename="ascii.pdf"; filename*=UTF-8''…`` (RFC 6266/5987): Hindi names survive, and
    browsers that only read ``filename`` still get a safe ASCII one."""
    from urllib.parse import quote
    name = safe_filename(name)
    fallback = ascii_slug(name.rsplit('.', 1)[0]) + '.pdf'
    kind = 'inline' if inline else 'attachment'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# --- public verification ---------------------------------------------------------------------------------------

class VerifyDocumentView(GemView):
    """``/verify/<code>`` (the QR code on every page): number, date, subject and issuer of an issued document,
    never its body; and whether an uploaded PDF is byte for byte the issued one (SHA-256)."""

    LOGIN_REQUIRED = False

    def load(self, code):
        self.code = operations.normalise_code(code)
        self.document = queries.get_by_code(self.code)

    def render(self, form, result=None, status=200):
        return render_template('documents/verify.html', document=self.document, code=self.code, form=form,
                               result=result), status if self.document is not None or result else 404

    def get(self, code):
        return self.render(VerifyUploadForm())

    def post(self, code):
        form = VerifyUploadForm()
        if self.document is None:
            return self.render(form)
        if not form.validate_on_submit():
            return self.render(form, status=422)
        content = form.pdf.data.read()
        digest = hashlib.sha256(content).hexdigest()
        embedded, _html = read_embedded(content)
        claimed = (embedded or {}).get('issued') or {}
        result = {'sha256': digest, 'matches': digest == self.document.sha256,
                  'claimed_number': claimed.get('number'),
                  'claimed_code': (embedded or {}).get('verification_code')}
        return self.render(form, result)
