from flask import Blueprint

from gemcell.scrutiny import views
from gemcell.scrutiny.display import template_helpers

bp = Blueprint('scrutiny', __name__, url_prefix='/scrutiny')
bp.add_url_rule('/', view_func=views.ListFindingsView.as_view('findings'))
bp.add_url_rule('/findings/<int:finding_id>', view_func=views.FindingDetailView.as_view('finding'))
bp.add_url_rule('/findings/<int:finding_id>/review', view_func=views.ReviewFindingView.as_view('review'))
bp.add_url_rule('/bids/<int:bid_id>', view_func=views.BidScrutinyView.as_view('bid'))
bp.add_url_rule('/bids/<int:bid_id>/recommendation', view_func=views.RecommendCancellationView.as_view('recommend'))
bp.add_url_rule('/orders/<int:order_id>', view_func=views.OrderScrutinyView.as_view('order'))
bp.add_url_rule('/disqualifications', view_func=views.ListDisqualificationsView.as_view('disqualifications'))
bp.add_url_rule('/bidders/<int:bidder_id>/verdict', view_func=views.VerdictView.as_view('verdict'))
bp.add_url_rule('/rules', view_func=views.RulesView.as_view('rules'))
bp.add_url_rule('/thresholds', view_func=views.ThresholdsView.as_view('thresholds'))
bp.context_processor(template_helpers)
