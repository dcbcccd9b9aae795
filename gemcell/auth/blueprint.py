from flask import Blueprint

from gemcell.auth import views

bp = Blueprint('auth', __name__, url_prefix='/auth')
bp.add_url_rule('/login', view_func=views.LoginView.as_view('login'))
bp.add_url_rule('/logout', view_func=views.LogoutView.as_view('logout'))
bp.add_url_rule('/language', view_func=views.LanguageView.as_view('language'))
bp.add_url_rule('/password', view_func=views.PasswordView.as_view('password'))
