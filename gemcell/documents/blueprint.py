from flask import Blueprint

from gemcell.documents import views

bp = Blueprint('documents', __name__)
bp.add_url_rule('/documents/', view_func=views.ListDocumentsView.as_view('list'))
bp.add_url_rule('/documents/new', view_func=views.CreateDocumentView.as_view('create'))
bp.add_url_rule('/documents/<int:document_id>', view_func=views.DocumentDetailView.as_view('detail'))
bp.add_url_rule('/documents/<int:document_id>/edit', view_func=views.EditDocumentView.as_view('edit'))
bp.add_url_rule('/documents/<int:document_id>/preview', view_func=views.PreviewDocumentView.as_view('preview'))
bp.add_url_rule('/documents/<int:document_id>/approve', view_func=views.ApproveDocumentView.as_view('approve'))
bp.add_url_rule('/documents/<int:document_id>/reopen', view_func=views.ReopenDocumentView.as_view('reopen'))
bp.add_url_rule('/documents/<int:document_id>/issue', view_func=views.IssueDocumentView.as_view('issue'))
bp.add_url_rule('/documents/<int:document_id>/correct', view_func=views.CorrectDocumentView.as_view('correct'))
bp.add_url_rule('/documents/<int:document_id>/download', view_func=views.DownloadDocumentView.as_view('download'))
bp.add_url_rule('/verify/<code>', view_func=views.VerifyDocumentView.as_view('verify'))
