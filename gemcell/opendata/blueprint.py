from flask import Blueprint

from gemcell.opendata import views

bp = Blueprint('opendata', __name__)
bp.add_url_rule('/opendata/bids.json', view_func=views.BidsOcdsView.as_view('bids_ocds'))
bp.add_url_rule('/scrutiny/red-flags', view_func=views.RedFlagsView.as_view('red_flags'))
bp.add_url_rule('/scrutiny/red-flags/refresh', view_func=views.RefreshRedFlagsView.as_view('refresh_red_flags'))
