"""Forms of the meetings register."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from gemcell.core.compliance import CLASSES, Compliance
from gemcell.helpdesk.forms import REQUIRED, select_choices
from gemcell.meetings.models import OwnerKind


class MeetingForm(FlaskForm):
    meeting_date = DateField(_l('Date of the meeting'), validators=[InputRequired(REQUIRED)])
    department_id = SelectField(_l('Department'), choices=[], validate_choice=False,
                                validators=[DataRequired(REQUIRED)])
    subject = StringField(_l('Subject'), validators=[DataRequired(REQUIRED), Length(max=300)])
    venue = StringField(_l('Venue'), validators=[DataRequired(REQUIRED), Length(max=300)])
    agenda = TextAreaField(_l('Agenda'), validators=[DataRequired(REQUIRED), Length(max=20000)],
                           render_kw={'rows': 5})
    participants = TextAreaField(_l('Participants (one per line: name, designation)'),
                                 validators=[Optional(), Length(max=20000)], render_kw={'rows': 5})
    minutes_html = TextAreaField(_l('Minutes'), validators=[Optional(), Length(max=200000)])


class PointForm(FlaskForm):
    text = TextAreaField(_l('Action point'), validators=[DataRequired(REQUIRED), Length(max=5000)])
    owner = SelectField(_l('To be done by'), choices=select_choices((o.value, o.title) for o in OwnerKind))
    due_date = DateField(_l('Due date'), validators=[InputRequired(REQUIRED)])


class ClassPointForm(FlaskForm):
    compliance = SelectField(_l('Compliance'), choices=select_choices(
        [(Compliance.pending.value, Compliance.pending.title)] + [(c.value, c.title) for c in CLASSES]))
    remark = StringField(_l('Remark'), validators=[Optional(), Length(max=2000)])
    due_date = DateField(_l('New due date'), validators=[Optional()])
