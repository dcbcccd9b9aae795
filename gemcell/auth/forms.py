from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from gemcell.auth.passwords import HINT, StrongPassword


class EmptyForm(FlaskForm):
    """Carries only the CSRF token, for POST-only buttons."""


class LoginForm(FlaskForm):
    login = StringField(_l('Login'), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(_l('Password'), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class LanguageForm(FlaskForm):
    locale = SelectField(_l('Language'), choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l('Current password'), validators=[DataRequired()])
    new = PasswordField(_l('New password'), description=HINT,
                        validators=[DataRequired(), StrongPassword(login=lambda form: current_user.login)])
    confirm = PasswordField(_l('Repeat the new password'),
                            validators=[DataRequired(), EqualTo('new', message=_l('The two passwords differ.'))])
