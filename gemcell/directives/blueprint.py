from flask import Blueprint, current_app

from gemcell.directives import views

bp = Blueprint('directives', __name__, url_prefix='/directions')
bp.add_url_rule('/', view_func=views.ListDirectionsView.as_view('list'))
bp.add_url_rule('/new', view_func=views.CreateDirectionView.as_view('create'))
bp.add_url_rule('/<int:direction_id>', view_func=views.DirectionDetailView.as_view('detail'))
bp.add_url_rule('/<int:direction_id>/edit', view_func=views.EditDirectionView.as_view('edit'))
bp.add_url_rule('/<int:direction_id>/issue', view_func=views.IssueDirectionView.as_view('issue'))
bp.add_url_rule('/<int:direction_id>/close', view_func=views.CloseDirectionView.as_view('close'))
bp.add_url_rule('/reports/<int:addressee_id>', view_func=views.AnswerView.as_view('answer'))
bp.add_url_rule('/reports/<int:addressee_id>/class', view_func=views.ClassReportView.as_view('class_report'))
bp.add_url_rule('/reports/<int:addressee_id>/files/<int:attachment_id>',
                view_func=views.AttachmentView.as_view('attachment'))
bp.add_url_rule('/register', view_func=views.RegisterView.as_view('register'))
bp.add_url_rule('/remind', view_func=views.RemindView.as_view('remind'))


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """Whether a page exists (the nav links the directions' sister pages only where they are installed)."""
    return name in current_app.view_functions
