from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from flask_wtf import FlaskForm

from gemcell.auth.passwords import HINT, StrongPassword
from gemcell.core.permissions import Role


class DepartmentForm(FlaskForm):
    code = StringField(_l('Short code'), validators=[
        DataRequired(), Length(max=20),
        Regexp(r'^[A-Z][A-Z0-9_-]*$', message=_l('Capital letters, digits, - and _ only, starting with a letter.'))],
        filters=[lambda v: v.strip().upper() if v else v])
    name_hi = StringField(_l('Name (Hindi)'), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l('Name (English)'), validators=[DataRequired(), Length(max=200)])
    is_active = BooleanField(_l('Active'), default=True)


class OfficeForm(FlaskForm):
    name_hi = StringField(_l('Name (Hindi)'), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l('Name (English)'), validators=[DataRequired(), Length(max=200)])
    district_id = SelectField(_l('District'), coerce=int, validators=[Optional()])
    is_active = BooleanField(_l('Active'), default=True)


class UserForm(FlaskForm):
    login = StringField(_l('Login'), validators=[
        DataRequired(), Length(min=3, max=60),
        Regexp(r'^[a-z0-9._-]+$', message=_l('Small letters, digits, dot, - and _ only.'))],
        filters=[lambda v: v.strip().lower() if v else v])
    name = StringField(_l('Name'), validators=[DataRequired(), Length(max=120)])
    designation = StringField(_l('Designation'), validators=[Optional(), Length(max=120)])
    email = EmailField(_l('E-mail'), validators=[Optional(), Email(check_deliverability=False), Length(max=200)])
    role = SelectField(_l('Role'), choices=[SelectChoice(r.value, r.title) for r in Role])
    department_id = SelectField(_l('Department'), coerce=int, validators=[Optional()])
    locale = SelectField(_l('Language'), choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')])
    is_active = BooleanField(_l('Active'), default=True)
    password = PasswordField(_l('Password'), description=HINT,
                             validators=[Optional(), StrongPassword(login=lambda form: form.login.data)])

    def validate_department_id(self, field):
        if self.role.data == Role.nodal.value and not field.data:
            raise ValidationError(_l('A nodal officer must belong to a department.'))
