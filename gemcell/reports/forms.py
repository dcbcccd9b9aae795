"""Forms of the reports: the cell's remarks on the monthly note, and preparing the note for issue."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional


class RemarksForm(FlaskForm):
    remarks = TextAreaField(_l('Remarks'), validators=[
        Optional(), Length(max=20000, message=_l('The remarks can be at most %(max)d characters long.'))])


class PrepareNoteForm(FlaskForm):
    language = SelectField(_l('Language of the document'), default='hi',
                           choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')])
