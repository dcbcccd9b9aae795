from flask import Blueprint

from gemcell.opendata import views

bp = Blueprint('opendata', __name__)
bp.add_url_rule('/opendata/bids.json', view_func=views.BidsOcdsView.as_view('bids_ocds'))
