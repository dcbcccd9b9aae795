from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from gemcell.provisions.models import LetterDirection

DATE = _l('Give a date as on a calendar (day, month, year).')


class ProvisionForm(FlaskForm):
    go_number = StringField(_l('GO number'), validators=[DataRequired(), Length(max=200)])
    go_date = DateField(_l('GO date'), validators=[DataRequired(message=DATE)])
    title = StringField(_l('Short title'), validators=[DataRequired(), Length(max=300)])
    provision = TextAreaField(_l('The provision, as the GO reads'), validators=[DataRequired(), Length(max=20000)])
    ask = TextAreaField(_l('What is asked of GeM'), validators=[DataRequired(), Length(max=20000)])
    requested_on = DateField(_l('Requested on'), validators=[Optional()])
    gem_response = TextAreaField(_l('GeM’s latest response'), validators=[Optional(), Length(max=20000)])


class StateForm(FlaskForm):
    state = SelectField(_l('New status'), validate_choice=False)
    reason = TextAreaField(_l('GeM’s reason (required when declined)'), validators=[Optional(), Length(max=5000)])


class LetterForm(FlaskForm):
    direction = SelectField(_l('Letter'), choices=[SelectChoice(d.value, d.title) for d in LetterDirection])
    letter_date = DateField(_l('Dated'), validators=[DataRequired(message=DATE)])
    reference = StringField(_l('Number / reference'), validators=[Optional(), Length(max=200)])
    content = TextAreaField(_l('What it says'), validators=[DataRequired(), Length(max=20000)])


class LetterToGemForm(FlaskForm):
    body = TextAreaField(_l('The letter’s text (the GO provision and the request are added)'),
                         validators=[DataRequired(), Length(max=20000)])


class LinkForm(FlaskForm):
    kind = SelectField(_l('Record'), choices=[SelectChoice('finding', _l('Scrutiny finding')),
                                               SelectChoice('other', _l('Other'))])
    ref_id = IntegerField(_l('Its number'), validators=[Optional(), NumberRange(min=1)])
    label = StringField(_l('What it shows'), validators=[DataRequired(), Length(max=300)])
    url = StringField(_l('Link'), validators=[Optional(), Length(max=500)])


class TicketProvisionForm(FlaskForm):
    """On a helpdesk ticket needing a portal change: the entry of the register it feeds (blank: none)."""
    provision_id = SelectField(_l('Entry of the State provisions register'), choices=[])
