"""Pages of the cases (duty 12): the list, opening a case (from confirmed findings or by hand), the case file with
its workflow forms, a reply's attachment, and the registers of debarred buyer users and blacklisted firms."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from gemcell.attachments.operations import attachment_response
from gemcell.cases import operations, queries
from gemcell.cases.forms import (AddFindingsForm, AddRecordForm, CaseForm, ConclusionForm, DecideForm, DraftLettersForm,
                                 DropForm, EmptyForm, PackForm, ReplyForm)
from gemcell.cases.models import CaseReply, Party, SanctionKind
from gemcell.cases.pack import price_rows
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.core.i18n import language
from gemcell.core.permissions import Permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory.queries import department_entries, department_options
from gemcell.extensions import db
from gemcell.scrutiny.display import finding_message
from gemcell.scrutiny.models import Finding, FindingState


class CasesViewBase(GemView):
    """Cases and registers: the cell and Government."""

    PERMISSION = Permission.VIEW_CASES


class CaseViewBase(CasesViewBase):
    def load(self, case_id, **_ids):
        self.case = queries.get_case_or_404(case_id, current_user)


# --- the list ----------------------------------------------------------------------------------------------------

class ListCasesView(CasesViewBase, ListViewBase):
    LISTING = queries.CASE_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'cases/list.html', 'cases/_table.html', 'cases'

    def statement(self):
        return queries.visible_cases(current_user)

    def export_columns(self, rows):
        return [(_('Case'), lambda c: c.reference), (_('Title'), lambda c: c.title),
                (_('Status'), lambda c: str(c.state.title)),
                (_('Department'), lambda c: c.department.name if c.department else ''),
                (_('Buyer user'), lambda c: c.buyer_name or ''),
                (_('GeM user id'), lambda c: c.buyer_gem_user_id or ''),
                (_('Firm'), lambda c: c.firm_name or ''), (_('GeM seller id'), lambda c: c.firm_gem_seller_id or ''),
                (_('Findings'), lambda c: ', '.join(f'{f.rule_id} #{f.id}' for f in c.findings)),
                (_('Opened on'), lambda c: c.created_dt), (_('Reply due by'), lambda c: c.reply_due_date),
                (_('Referred on'), lambda c: c.referred_dt),
                (_('Government order'), lambda c: c.decision_order_number or ''),
                (_('Order date'), lambda c: c.decision_order_date)]

    def context(self, items):
        return {'state_choices': queries.STATE_CHOICES,
                'department_choices': [('', _('All departments'))] + department_options(current_user),
                'today': queries.today()}


# --- opening a case ----------------------------------------------------------------------------------------------

class CreateCaseView(FormViewBase):
    """Open a case from confirmed findings (``?finding=12&finding=13``, or ``?bid=7`` to offer a bid's) or by
    hand."""

    PERMISSION = Permission.REVIEW
    TEMPLATE = 'cases/create.html'
    SAVED = None

    def load(self):
        bid_id = request.args.get('bid', type=int)
        self.available = queries.referable_findings(bid_id=bid_id)
        wanted = {int(v) for v in request.args.getlist('finding') if v.isdigit()}
        extra = [f for f in (db.session.get(Finding, i) for i in wanted - {f.id for f in self.available})
                 if f is not None and f.state is FindingState.confirmed]
        self.available = extra + self.available
        self.selected = [f for f in self.available if f.id in wanted]

    def make_form(self):
        if request.method == 'POST':
            form = CaseForm()
        else:
            data = operations.suggest(self.selected)
            form = CaseForm(formdata=None, data={**data, 'findings': [f.id for f in self.selected]})
        form.set_departments(department_entries(current_user))
        form.findings.choices = [(f.id, f.rule_id) for f in self.available]
        return form

    def context(self):
        return {'available': self.available, 'finding_message': finding_message}

    def save(self, form):
        by_id = {f.id: f for f in self.available}
        chosen = [by_id[i] for i in form.findings.data or [] if i in by_id]
        case = operations.open_case(form.fields(), current_user, chosen)
        flash(_('Case %(ref)s is opened as a draft.', ref=case.reference), 'success')
        return url_for('cases.detail', case_id=case.id)


class EditCaseView(CaseViewBase, FormViewBase):
    PERMISSION = Permission.REVIEW
    TEMPLATE = 'cases/edit.html'

    def check_access(self):
        super().check_access()
        if not self.case.can_edit(current_user):
            abort(403)

    def make_form(self):
        form = CaseForm(obj=self.case) if request.method == 'POST' else CaseForm(formdata=None, obj=self.case)
        form.set_departments(department_entries(current_user))
        form.findings.choices = []
        return form

    def context(self):
        return {'case': self.case}

    def save(self, form):
        operations.update_case(self.case, form.fields(), current_user)
        flash(_('The case file is saved.'), 'success')
        return url_for('cases.detail', case_id=self.case.id)


# --- the case file -----------------------------------------------------------------------------------------------

FORMS = {'findings': AddFindingsForm, 'record': AddRecordForm, 'letters': DraftLettersForm, 'issue': EmptyForm,
         'reply': ReplyForm, 'conclusion': ConclusionForm, 'pack': PackForm, 'refer': EmptyForm,
         'decide': DecideForm, 'drop': DropForm}


def _blank_forms(case) -> dict:
    forms = {key: cls(formdata=None, prefix=key) for key, cls in FORMS.items()}
    forms['conclusion'] = ConclusionForm(formdata=None, prefix='conclusion', obj=case)
    forms['reply'].party.choices = [(p.value, p.title) for p in case.parties]
    forms['findings'].findings.choices = [(f.id, f.rule_id) for f in queries.referable_findings()]
    return forms


def render_case(case, forms: dict | None = None, error=None, status: int = 200):
    all_forms = _blank_forms(case)
    all_forms.update(forms or {})
    return render_template(
        'cases/detail.html', case=case, forms=all_forms, error=error, today=queries.today(),
        timeline=queries.timeline(case), letters=queries.show_cause_letters(case), packs=queries.packs(case),
        reviews=queries.disqualification_reviews(case), unissued=queries.unissued_letters(case),
        referable=queries.referable_findings(), finding_message=finding_message, price_rows=price_rows,
        lang=language()), status


class CaseDetailView(CaseViewBase):
    def get(self, case_id):
        return render_case(self.case)


class CaseActionBase(CaseViewBase):
    """One step of the workflow, posted from the case page: done -> back to the page (303) with a message;
    refused -> the page again with the form's errors (422), nothing saved."""

    PERMISSION = Permission.REVIEW
    KEY: str

    def make_form(self):
        form = FORMS[self.KEY](prefix=self.KEY)
        if self.KEY == 'reply':
            form.party.choices = [(p.value, p.title) for p in self.case.parties]
        if self.KEY == 'findings':
            form.findings.choices = [(f.id, f.rule_id) for f in queries.referable_findings()]
        return form

    def act(self, form) -> str:
        raise NotImplementedError

    def post(self, case_id):
        form = self.make_form()
        error = None
        if form.validate_on_submit():
            try:
                message = self.act(form)
            except FormError as exc:
                field = getattr(form, exc.field, None)
                if field is not None:
                    field.errors = list(field.errors) + [exc.message]
                else:
                    error = exc.message
            except InvalidTransition as exc:
                error = str(exc)
            else:
                flash(str(message), 'success')
                return redirect(url_for('cases.detail', case_id=self.case.id) + f'#{self.KEY}', 303)
        db.session.rollback()
        self.case = queries.get_case_or_404(case_id, current_user)
        return render_case(self.case, {self.KEY: form}, error=error, status=422)


class AddFindingsView(CaseActionBase):
    KEY = 'findings'

    def act(self, form):
        if not self.case.can_edit(current_user):
            raise InvalidTransition(_('The case file can no longer be changed.'))
        chosen = [f for f in queries.referable_findings() if f.id in set(form.findings.data or [])]
        if not chosen:
            raise FormError('findings', _('Choose at least one finding.'))
        for finding in chosen:
            operations.add_finding(self.case, finding, current_user)
        db.session.flush()
        return _('%(count)s finding(s) added to the case.', count=len(chosen))


class RemoveFindingView(CaseViewBase):
    PERMISSION = Permission.REVIEW

    def post(self, case_id, finding_id):
        try:
            operations.remove_finding(self.case, finding_id, current_user)
        except InvalidTransition as exc:
            flash(str(exc), 'error')
        else:
            flash(_('The finding is taken out of the case.'), 'success')
        return redirect(url_for('cases.detail', case_id=self.case.id), 303)


class AddRecordView(CaseActionBase):
    KEY = 'record'

    def act(self, form):
        record = operations.add_by_number(self.case, form.number.data, current_user)
        return _('%(number)s added to the case.', number=record.number)


class DraftLettersView(CaseActionBase):
    KEY = 'letters'

    def act(self, form):
        letters = operations.draft_show_cause(self.case, current_user, form.reply_due.data, form.language.data)
        return _('%(count)s show-cause letter(s) drafted. The In-charge issues them from this page.',
                 count=len(letters))


class IssueShowCauseView(CaseActionBase):
    PERMISSION = Permission.ISSUE_DOCUMENTS
    KEY = 'issue'

    def act(self, form):
        letters = operations.issue_show_cause(self.case, current_user)
        return _('The show-cause notice is issued: %(numbers)s.', numbers=', '.join(d.number for d in letters))


class RecordReplyView(CaseActionBase):
    KEY = 'reply'

    def act(self, form):
        operations.record_reply(self.case, current_user, Party(form.party.data), form.received_date.data,
                                form.text.data, form.reference.data, form.attachment.data)
        return _('The reply is recorded.')


class ConclusionView(CaseActionBase):
    KEY = 'conclusion'

    def act(self, form):
        operations.save_conclusion(self.case, current_user, form.conclusion.data, form.proposal.data)
        return _('The cell’s conclusion is saved.')


class PreparePackView(CaseActionBase):
    KEY = 'pack'

    def act(self, form):
        document = operations.prepare_pack(self.case, current_user, form.language.data)
        return _('The evidence pack is drafted (%(subject)s). The In-charge issues it when referring the case.',
                 subject=document.subject)


class ReferCaseView(CaseActionBase):
    PERMISSION = Permission.ISSUE_DOCUMENTS
    KEY = 'refer'

    def act(self, form):
        operations.refer_case(self.case, current_user)
        return _('The case is referred to Government with the evidence pack %(number)s.',
                 number=self.case.pack.number)


class DecideCaseView(CaseActionBase):
    PERMISSION = Permission.DECIDE_CASES
    KEY = 'decide'

    def act(self, form):
        debar, blacklist = form.periods()
        operations.decide_case(self.case, current_user, order_number=form.order_number.data,
                               order_date=form.order_date.data, debar=debar, blacklist=blacklist,
                               remark=form.remark.data)
        return _('Government’s decision is recorded; the register is updated. A full re-scrutiny has been queued.')

    def post(self, case_id):
        response = super().post(case_id)
        if getattr(response, 'status_code', None) == 303:
            db.session.commit()  # the worker reads the register from its own connection
            from gemcell.scrutiny.tasks import scrutinise_all
            scrutinise_all(current_user.id)
        return response


class DropCaseView(CaseActionBase):
    PERMISSION = None
    KEY = 'drop'

    def check_access(self):
        super().check_access()
        if not self.case.can_drop(current_user):
            abort(403)

    def act(self, form):
        operations.drop_case(self.case, current_user, form.reason.data, form.order_number.data,
                             form.order_date.data)
        return _('The case is dropped.')


class ReplyAttachmentView(CasesViewBase):
    def load(self, reply_id):
        if not queries.can_view(current_user):
            abort(404)
        self.reply = db.get_or_404(CaseReply, reply_id)
        if self.reply.attachment is None:
            abort(404)

    def get(self, reply_id):
        return attachment_response(self.reply.attachment)


# --- the registers -----------------------------------------------------------------------------------------------

class RegisterViewBase(CasesViewBase, ListViewBase):
    LISTING = queries.REGISTER_LISTING
    KIND: SanctionKind
    PARTIAL = 'cases/_register_table.html'
    PAGE = 'cases/register.html'

    def statement(self):
        return queries.register_statement(self.KIND, current_user)

    def context(self, items):
        return {'kind': self.KIND, 'in_force_choices': queries.IN_FORCE_CHOICES, 'today': queries.today()}

    def export_columns(self, rows):
        today = queries.today()
        columns = [(_('Name'), lambda s: s.name)]
        if self.KIND is SanctionKind.debarment:
            columns += [(_('GeM user id'), lambda s: s.gem_user_id or ''),
                        (_('Designation'), lambda s: s.designation or ''), (_('Office'), lambda s: s.office or ''),
                        (_('Department'), lambda s: s.department.name if s.department else '')]
        else:
            columns += [(_('GeM seller id'), lambda s: s.gem_seller_id or ''),
                        (_('Registration details'), lambda s: s.registration or '')]
        return columns + [(_('Period from'), lambda s: s.from_date), (_('Period to'), lambda s: s.to_date),
                          (_('In force today'), lambda s: _('Yes') if s.is_in_force(today) else _('No')),
                          (_('Government order'), lambda s: s.order_number), (_('Order date'), lambda s: s.order_date),
                          (_('Case'), lambda s: s.case.reference if s.case else '')]


class DebarredRegisterView(RegisterViewBase):
    KIND = SanctionKind.debarment
    EXPORT_NAME = 'debarred-buyer-users'


class BlacklistedRegisterView(RegisterViewBase):
    KIND = SanctionKind.blacklisting
    EXPORT_NAME = 'blacklisted-firms'
