from flask import Blueprint

from gemcell.home import views

bp = Blueprint('home', __name__)
bp.add_url_rule('/', view_func=views.IndexView.as_view('index'))
bp.add_url_rule('/health', view_func=views.HealthView.as_view('health'))
bp.add_url_rule('/health/live', view_func=views.LiveView.as_view('live'))
