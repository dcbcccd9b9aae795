from flask import Blueprint

from gemcell.returns import views
from gemcell.returns.queries import STATUSES

bp = Blueprint('returns', __name__, url_prefix='/returns')
bp.add_url_rule('/', view_func=views.ListReturnsView.as_view('list'))
bp.add_url_rule('/new', view_func=views.FileReturnView.as_view('create'))
bp.add_url_rule('/<int:return_id>', view_func=views.ReturnDetailView.as_view('detail'))
bp.add_url_rule('/<int:return_id>/edit', view_func=views.EditReturnView.as_view('edit'))
bp.add_url_rule('/<int:return_id>/review', view_func=views.ReviewReturnView.as_view('review'))
bp.add_url_rule('/rows/<part>', view_func=views.RowView.as_view('row'))
bp.add_url_rule('/grid', view_func=views.GridView.as_view('grid'))
bp.add_url_rule('/grid/remind', view_func=views.RemindView.as_view('remind'))
bp.add_url_rule('/notices/read', view_func=views.ReadNoticesView.as_view('read_notices'))
bp.add_url_rule('/lists/', view_func=views.ListsView.as_view('lists'))
bp.add_url_rule('/lists/<int:item_id>/edit', view_func=views.EditListItemView.as_view('edit_item'))


@bp.app_template_global()
def return_due_label(period, ret):
    return views.due_label(period, ret)


@bp.context_processor
def statuses():
    return {'grid_statuses': STATUSES}
