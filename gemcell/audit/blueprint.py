from flask import Blueprint

from gemcell.audit import views

bp = Blueprint('audit', __name__, url_prefix='/admin/audit')
bp.add_url_rule('/', view_func=views.ListAuditView.as_view('list'))
bp.add_url_rule('/verify', view_func=views.VerifyAuditView.as_view('verify'))
