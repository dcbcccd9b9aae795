from flask import Blueprint

from gemcell.opinions import views

bp = Blueprint('opinions', __name__, url_prefix='/opinions')
bp.add_url_rule('/', view_func=views.ListOpinionsView.as_view('list'))
bp.add_url_rule('/ask', view_func=views.AskOpinionView.as_view('ask'))
bp.add_url_rule('/<int:opinion_id>', view_func=views.OpinionDetailView.as_view('detail'))
bp.add_url_rule('/<int:opinion_id>/answer', view_func=views.AnswerOpinionView.as_view('answer'))
bp.add_url_rule('/<int:opinion_id>/issue', view_func=views.IssueOpinionView.as_view('issue'))
bp.add_url_rule('/<int:opinion_id>/files/<int:attachment_id>', view_func=views.OpinionFileView.as_view('file'))
bp.add_url_rule('/library', view_func=views.LibraryView.as_view('library'))
bp.add_url_rule('/library/new', view_func=views.NewLibraryItemView.as_view('new_library_item'))
bp.add_url_rule('/library/<int:item_id>', view_func=views.LibraryItemView.as_view('library_item'))
bp.add_url_rule('/library/<int:item_id>/edit', view_func=views.EditLibraryItemView.as_view('edit_library_item'))
bp.add_url_rule('/library/<int:item_id>/file', view_func=views.LibraryFileView.as_view('library_file'))
