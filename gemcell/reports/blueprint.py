from flask import Blueprint

from gemcell.reports import views

bp = Blueprint('reports', __name__, url_prefix='/reports')
bp.add_url_rule('/note', view_func=views.NoteView.as_view('note'))
bp.add_url_rule('/note/remarks', view_func=views.SaveRemarksView.as_view('remarks'))
bp.add_url_rule('/note/prepare', view_func=views.PrepareNoteView.as_view('prepare'))
bp.add_url_rule('/scorecard', view_func=views.ScorecardView.as_view('scorecard'))
bp.add_url_rule('/scorecard/<key>/<int:department_id>', view_func=views.ScoreRecordsView.as_view('records'))
