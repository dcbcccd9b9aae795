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
