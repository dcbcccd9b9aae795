from flask import Blueprint

from gemcell.cases import views

bp = Blueprint('cases', __name__, url_prefix='/cases')
bp.add_url_rule('/', view_func=views.ListCasesView.as_view('list'))
bp.add_url_rule('/new', view_func=views.CreateCaseView.as_view('create'))
bp.add_url_rule('/<int:case_id>', view_func=views.CaseDetailView.as_view('detail'))
bp.add_url_rule('/<int:case_id>/edit', view_func=views.EditCaseView.as_view('edit'))
bp.add_url_rule('/<int:case_id>/findings', view_func=views.AddFindingsView.as_view('add_findings'))
bp.add_url_rule('/<int:case_id>/findings/<int:finding_id>/remove',
                view_func=views.RemoveFindingView.as_view('remove_finding'))
bp.add_url_rule('/<int:case_id>/records', view_func=views.AddRecordView.as_view('add_record'))
bp.add_url_rule('/<int:case_id>/show-cause/draft', view_func=views.DraftLettersView.as_view('draft_letters'))
bp.add_url_rule('/<int:case_id>/show-cause/issue', view_func=views.IssueShowCauseView.as_view('issue_show_cause'))
bp.add_url_rule('/<int:case_id>/replies', view_func=views.RecordReplyView.as_view('reply'))
bp.add_url_rule('/<int:case_id>/conclusion', view_func=views.ConclusionView.as_view('conclusion'))
bp.add_url_rule('/<int:case_id>/pack', view_func=views.PreparePackView.as_view('pack'))
bp.add_url_rule('/<int:case_id>/refer', view_func=views.ReferCaseView.as_view('refer'))
bp.add_url_rule('/<int:case_id>/decide', view_func=views.DecideCaseView.as_view('decide'))
bp.add_url_rule('/<int:case_id>/drop', view_func=views.DropCaseView.as_view('drop'))
bp.add_url_rule('/replies/<int:reply_id>/attachment', view_func=views.ReplyAttachmentView.as_view('attachment'))
bp.add_url_rule('/registers/debarred', view_func=views.DebarredRegisterView.as_view('debarred'))
bp.add_url_rule('/registers/blacklisted', view_func=views.BlacklistedRegisterView.as_view('blacklisted'))


@bp.app_template_global()
def cases_of_finding(finding_id: int):
    """The cases a finding is in (for the review desk's finding fragment; shown to those who may see cases)."""
    from gemcell.cases.queries import cases_of_finding as query
    return query(finding_id)
