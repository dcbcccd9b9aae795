from flask import Blueprint

from gemcell.meetings import views

bp = Blueprint('meetings', __name__, url_prefix='/meetings')
bp.add_url_rule('/', view_func=views.ListMeetingsView.as_view('list'))
bp.add_url_rule('/new', view_func=views.NewMeetingView.as_view('create'))
bp.add_url_rule('/points', view_func=views.PointsView.as_view('points'))
bp.add_url_rule('/points/remind', view_func=views.RemindView.as_view('remind'))
bp.add_url_rule('/points/<int:point_id>', view_func=views.ClassPointView.as_view('class_point'))
bp.add_url_rule('/<int:meeting_id>', view_func=views.MeetingDetailView.as_view('detail'))
bp.add_url_rule('/<int:meeting_id>/edit', view_func=views.EditMeetingView.as_view('edit'))
bp.add_url_rule('/<int:meeting_id>/points', view_func=views.AddPointView.as_view('add_point'))
bp.add_url_rule('/<int:meeting_id>/letter', view_func=views.MinutesLetterView.as_view('letter'))


@bp.app_template_filter('minutes')
def minutes_filter(html):
    """Minutes as safe markup: sanitised again on the way out, whatever is stored."""
    from markupsafe import Markup

    from gemcell.meetings.operations import sanitise
    return Markup(sanitise(html) or '')  # nosec B704 # nh3 allow-list: tags only, no attributes
