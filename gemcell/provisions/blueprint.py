from flask import Blueprint

from gemcell.provisions import views

bp = Blueprint('provisions', __name__, url_prefix='/provisions')
bp.add_url_rule('/', view_func=views.ListProvisionsView.as_view('list'))
bp.add_url_rule('/new', view_func=views.NewProvisionView.as_view('create'))
bp.add_url_rule('/<int:provision_id>', view_func=views.ProvisionDetailView.as_view('detail'))
bp.add_url_rule('/<int:provision_id>/edit', view_func=views.EditProvisionView.as_view('edit'))
bp.add_url_rule('/<int:provision_id>/state', view_func=views.ChangeStateView.as_view('state'))
bp.add_url_rule('/<int:provision_id>/letters', view_func=views.LogLetterView.as_view('log_letter'))
bp.add_url_rule('/<int:provision_id>/letter-to-gem', view_func=views.LetterToGemView.as_view('letter_to_gem'))
bp.add_url_rule('/<int:provision_id>/links', view_func=views.AddLinkView.as_view('add_link'))
bp.add_url_rule('/tickets/<int:ticket_id>', view_func=views.LinkTicketView.as_view('link_ticket'))


@bp.app_template_global()
def provision_of_ticket(ticket):
    """The register entry a helpdesk ticket feeds (for the ticket's page)."""
    from gemcell.provisions.queries import provision_of_ticket as query
    return query(ticket)


@bp.app_template_global()
def ticket_provision_form(ticket):
    """The picker of the register entry, on a helpdesk ticket's page (for the cell)."""
    return views.ticket_provision_form(ticket, formdata=False)
