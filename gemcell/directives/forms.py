"""Forms of the directions module: the direction, the department's point-wise report, the cell's classes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, MultipleFileField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from gemcell.core.compliance import CLASSES
from gemcell.directives.models import DirectionKind, DirectionLevel
from gemcell.documents.forms import MultiCheckboxField

DATE_MESSAGE = _l('Give a date as on a calendar (day, month, year).')


class DirectionForm(FlaskForm):
    kind = HiddenField(default=DirectionKind.outgoing.value)
    level = SelectField(_l('Issued at the level of'),
                        choices=[SelectChoice(lv.value, lv.title) for lv in DirectionLevel])
    subject = StringField(_l('Subject'), validators=[DataRequired(), Length(max=500)])
    body = TextAreaField(_l('Opening paragraph'), validators=[Optional(), Length(max=5000)])
    points = TextAreaField(_l('Points (one per line)'), validators=[DataRequired(), Length(max=20000)])
    reference_number = StringField(_l('Reference: GO or letter number'), validators=[Optional(), Length(max=200)])
    reference_date = DateField(_l('Reference: date'), validators=[Optional()])
    due_date = DateField(_l('Action-taken report due by'), validators=[DataRequired(message=DATE_MESSAGE)])
    all_departments = BooleanField(_l('All departments'))
    department_ids = MultiCheckboxField(_l('Departments addressed'), coerce=int, validate_choice=False)
    source_label = StringField(_l('The record it comes from (finding, payments, meeting decision …)'),
                               validators=[Optional(), Length(max=300)])
    source_url = StringField(_l('Link to that record'), validators=[Optional(), Length(max=500)])

    def validate_source_url(self, field):
        if field.data and not (field.data.startswith('/') or field.data.startswith('http://')
                               or field.data.startswith('https://')):
            raise ValidationError(_l('Give a link within this application (starting with /) or a web address.'))

    def validate_kind(self, field):
        if field.data not in {k.value for k in DirectionKind}:
            raise ValidationError(_l('Unknown kind of direction.'))


def answer_form(points, formdata=True, data=None):
    """The department's report: the action taken on each point, and files for it."""
    class AnswerForm(FlaskForm):
        pass

    for point in points:
        setattr(AnswerForm, f'action_{point.id}', TextAreaField(
            _l('Action taken on point %(n)s', n=point.number), validators=[Optional(), Length(max=10000)]))
        setattr(AnswerForm, f'files_{point.id}', MultipleFileField(_l('Attach files (PDF, PNG, JPEG)')))
    kwargs = {} if formdata is True else {'formdata': formdata}
    return AnswerForm(data=data or {}, **kwargs)


def class_form(points, formdata=True, data=None):
    """The cell's class of each point, a note per point, and the remark when it sends the report back."""
    class ClassForm(FlaskForm):
        remark = TextAreaField(_l('Remark (required to send the report back)'), validators=[Optional(),
                                                                                          Length(max=5000)])

    choices = [SelectChoice('', _l('— class —'))] + [SelectChoice(c.value, c.title) for c in CLASSES]
    for point in points:
        setattr(ClassForm, f'class_{point.id}', SelectField(_l('Class of point %(n)s', n=point.number),
                                                            choices=choices, validate_choice=False))
        setattr(ClassForm, f'note_{point.id}', StringField(_l('Note on point %(n)s', n=point.number),
                                                           validators=[Optional(), Length(max=2000)]))
    kwargs = {} if formdata is True else {'formdata': formdata}
    return ClassForm(data=data or {}, **kwargs)
