"""Pages of the provisions register: the list, a provision with its correspondence log, status and links."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from gemcell.core.errors import FormError
from gemcell.core.permissions import Permission
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.extensions import db
from gemcell.provisions import operations, queries
from gemcell.provisions.forms import (LetterForm, LetterToGemForm, LinkForm, ProvisionForm, StateForm,
                                      TicketProvisionForm)
from gemcell.provisions.models import LetterDirection, Provision, ProvisionState


class ProvisionsBase(GemView):
    PERMISSION = Permission.VIEW_ALL_DEPARTMENTS


class ProvisionViewBase(ProvisionsBase):
    def load(self, provision_id):
        self.provision = db.get_or_404(Provision, provision_id)


class ListProvisionsView(ProvisionsBase, ListViewBase):
    LISTING = queries.PROVISION_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'provisions/list.html', 'provisions/_table.html', 'provisions'

    def statement(self):
        import sqlalchemy as sa
        return sa.select(Provision)

    def export_columns(self, rows):
        return [(_('GO number'), lambda p: p.go_number), (_('GO date'), lambda p: p.go_date),
                (_('Short title'), lambda p: p.title), (_('What is asked of GeM'), lambda p: p.ask),
                (_('Requested on'), lambda p: p.requested_on), (_('Status'), lambda p: str(p.state.title)),
                (_('GeM’s latest response'), lambda p: p.gem_response or ''),
                (_('Reason declined'), lambda p: p.decline_reason or '')]

    def context(self, items):
        return {'state_choices': queries.STATE_CHOICES, 'counts': queries.counts_by_state(),
                'states': list(ProvisionState)}


def state_form(provision, formdata=True):
    form = StateForm() if formdata else StateForm(formdata=None)
    form.state.choices = [SelectChoice(s.value, s.title) for s in provision.next_states]
    return form


def render_detail(provision, forms=None, status=200):
    forms = forms or {}
    context = {'provision': provision, 'state_form': forms.get('state') or state_form(provision, False),
               'letter_form': forms.get('letter') or LetterForm(formdata=None),
               'gem_form': forms.get('gem') or LetterToGemForm(formdata=None),
               'link_form': forms.get('link') or LinkForm(formdata=None),
               'tickets': queries.tickets_of(provision)}
    return render_template('provisions/detail.html', **context), status


class ProvisionDetailView(ProvisionViewBase):
    def get(self, provision_id):
        return render_detail(self.provision)


class ProvisionFormBase(FormViewBase):
    PERMISSION = Permission.REVIEW
    TEMPLATE = 'provisions/edit.html'
    SAVED = _l('The provision is saved.')
    provision = None

    def make_form(self):
        return ProvisionForm(obj=self.provision)

    def save(self, form):
        provision = operations.save_provision(self.provision, form.data, current_user)
        return url_for('provisions.detail', provision_id=provision.id)

    def context(self):
        return {'provision': self.provision}


class NewProvisionView(ProvisionFormBase):
    pass


class EditProvisionView(ProvisionViewBase, ProvisionFormBase):
    PERMISSION = Permission.REVIEW


class ProvisionActionBase(ProvisionViewBase):
    PERMISSION = Permission.REVIEW
    KEY = None
    DONE = None

    def make_form(self):
        raise NotImplementedError

    def act(self, form):
        raise NotImplementedError

    def post(self, provision_id):
        form = self.make_form()
        if form.validate_on_submit():
            try:
                self.act(form)
            except FormError as exc:
                db.session.rollback()
                getattr(form, exc.field).errors.append(exc.message)
            else:
                flash(str(self.DONE), 'success')
                return redirect(url_for('provisions.detail', provision_id=self.provision.id), 303)
        db.session.rollback()
        return render_detail(self.provision, {self.KEY: form}, 422)


class ChangeStateView(ProvisionActionBase):
    KEY, DONE = 'state', _l('The status is changed.')

    def make_form(self):
        return state_form(self.provision)

    def act(self, form):
        try:
            state = ProvisionState(form.state.data)
        except ValueError:
            raise FormError('state', _('Choose the new status.')) from None
        operations.change_state(self.provision, state, current_user, form.reason.data)


class LogLetterView(ProvisionActionBase):
    KEY, DONE = 'letter', _l('The letter is added to the correspondence log.')

    def make_form(self):
        return LetterForm()

    def act(self, form):
        operations.log_letter(self.provision, LetterDirection(form.direction.data), form.letter_date.data,
                              form.reference.data, form.content.data, current_user)


class LetterToGemView(ProvisionActionBase):
    KEY, DONE = 'gem', _l('The letter to GeM is drafted; the In-charge issues it from the documents.')

    def make_form(self):
        return LetterToGemForm()

    def act(self, form):
        operations.draft_letter_to_gem(self.provision, form.body.data, current_user)


class AddLinkView(ProvisionActionBase):
    KEY, DONE = 'link', _l('The record is linked.')

    def make_form(self):
        return LinkForm()

    def act(self, form):
        operations.add_link(self.provision, form.kind.data, form.ref_id.data, form.label.data, form.url.data)


def ticket_provision_form(ticket, formdata=True):
    """The picker on a helpdesk ticket's page: the register entry the ticket feeds."""
    form = TicketProvisionForm() if formdata else TicketProvisionForm(
        formdata=None, data={'provision_id': str(ticket.provision_ref_id or '')
                             if ticket.provision_model == operations.TICKET_MODEL else ''})
    form.provision_id.choices = [SelectChoice(value, label) for value, label in queries.provision_choices()]
    return form


class LinkTicketView(GemView):
    """On a helpdesk ticket needing a portal change, the cell links (or unlinks) the register entry it feeds."""

    PERMISSION = Permission.REVIEW

    def load(self, ticket_id):
        from gemcell.helpdesk.queries import get_visible_ticket_or_404
        self.ticket = get_visible_ticket_or_404(ticket_id, current_user)

    def check_access(self):
        super().check_access()
        if not self.ticket.can_manage(current_user):
            abort(403)

    def post(self, ticket_id):
        form = ticket_provision_form(self.ticket)
        if form.validate_on_submit():
            provision = db.session.get(Provision, int(form.provision_id.data)) if form.provision_id.data else None
            try:
                operations.link_ticket(self.ticket, provision)
            except FormError as exc:
                db.session.rollback()
                flash(str(exc.message), 'error')
            else:
                flash(_('The ticket is linked to the State provisions register.') if provision
                      else _('The ticket is no longer linked to the State provisions register.'), 'success')
                return redirect(url_for('helpdesk.detail', ticket_id=self.ticket.id) + '#provision', 303)
        else:
            db.session.rollback()
            flash(_('Choose an entry of the State provisions register.'), 'error')
        return redirect(url_for('helpdesk.detail', ticket_id=self.ticket.id) + '#provision', 303)
