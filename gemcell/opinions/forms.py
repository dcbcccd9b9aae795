from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FileField, MultipleFileField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from gemcell.opinions.models import LibraryKind


class AskForm(FlaskForm):
    subject = StringField(_l('Subject'), validators=[DataRequired(), Length(max=500)])
    question = TextAreaField(_l('Your question'), validators=[DataRequired(), Length(max=20000)])
    files = MultipleFileField(_l('Attach files (PDF, PNG, JPEG)'))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l('The cell’s answer'), validators=[DataRequired(), Length(max=50000)])
    rule_ids = StringField(_l('Rules cited (RULES.md ids)'), validators=[Optional(), Length(max=1000)])
    go_refs = TextAreaField(_l('Government orders and circulars cited (one per line)'),
                            validators=[Optional(), Length(max=5000)])


class LibraryItemForm(FlaskForm):
    kind = SelectField(_l('Kind'), choices=[SelectChoice(k.value, k.title) for k in LibraryKind])
    number = StringField(_l('Number'), validators=[DataRequired(), Length(max=200)])
    issued_on = DateField(_l('Dated'), validators=[DataRequired(message=_l('Give a date as on a calendar (day, month, '
                                                                            'year).'))])
    issued_by = StringField(_l('Issued by'), validators=[Optional(), Length(max=300)])
    subject = StringField(_l('Subject'), validators=[DataRequired(), Length(max=500)])
    text = TextAreaField(_l('Text (or its gist): what the search reads'), validators=[DataRequired(),
                                                                                        Length(max=100000)])
    file = FileField(_l('The order as a PDF (optional)'))
