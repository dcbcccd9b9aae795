from flask import Blueprint

from gemcell.payments import views

bp = Blueprint('payments', __name__, url_prefix='/payments')
bp.add_url_rule('/', view_func=views.DashboardView.as_view('dashboard'))
bp.add_url_rule('/departments/<int:department_id>', view_func=views.DepartmentView.as_view('department'))
bp.add_url_rule('/departments/<int:department_id>/direction',
                view_func=views.DraftDirectionView.as_view('draft_direction'), methods=['POST'])
bp.add_url_rule('/offices/<int:office_id>', view_func=views.OfficeView.as_view('office'))
bp.add_url_rule('/orders/<int:order_id>', view_func=views.OrderView.as_view('order'))
bp.add_url_rule('/orders/<int:order_id>/bid-terms', view_func=views.BidTermView.as_view('bid_terms'),
                methods=['POST'])
bp.add_url_rule('/status', view_func=views.StatusView.as_view('status'))
bp.add_url_rule('/status.xlsx', view_func=views.StatusDownloadView.as_view('status_download'))
bp.add_url_rule('/status/upload', view_func=views.StatusUploadView.as_view('status_upload'))
bp.add_url_rule('/reasons/', view_func=views.DelayReasonsView.as_view('reasons'))
bp.add_url_rule('/reasons/<int:reason_id>/edit', view_func=views.EditDelayReasonView.as_view('edit_reason'))


@bp.app_template_filter('bucket_title')
def bucket_title(key: str) -> str:
    from flask_babel import gettext as _
    if key == '90+':
        return _('over 90 days')
    low, high = key.split('-')
    return _('%(low)s–%(high)s days', low=low, high=high)


@bp.app_template_global()
def payment_reason(code: str | None) -> str:
    """The name of a reason for delay in the interface language (the list read once per request)."""
    from flask import g

    from gemcell.payments.queries import reason_names
    names = g.get('payment_reason_names')
    if names is None:
        names = g.payment_reason_names = reason_names()
    return names.get(code, code or '')


@bp.context_processor
def rule_titles():
    from gemcell.payments.rules import RULE_TITLES
    return {'rule_titles': RULE_TITLES}
