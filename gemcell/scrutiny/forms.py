"""Forms of the review desk. A page shows many review and verdict forms at once, so each gets a prefix (``f12-``,
``b40-``) that keeps its field ids unique."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from gemcell.scrutiny.models import FindingState, Verdict
from gemcell.scrutiny.settings import DEFAULTS

#: a review decision -> the finding's new state
DECISIONS = {'confirm': FindingState.confirmed, 'dismiss': FindingState.dismissed, 'reopen': FindingState.open}
DECISION_TITLES = {'confirm': _l('Confirm'), 'dismiss': _l('Dismiss'), 'reopen': _l('Reopen')}


class ReviewForm(FlaskForm):
    """Confirm, dismiss or reopen a finding: the decision is the button pressed."""

    decision = StringField(_l('Decision'))
    remark = TextAreaField(_l('Remark'), validators=[Optional(), Length(max=4000)])
    #: the finding's version the reviewer saw (``Finding.version``)
    version = HiddenField()

    def __init__(self, finding=None, **kwargs):
        if finding is not None:
            kwargs.setdefault('prefix', review_prefix(finding))
        super().__init__(**kwargs)

    def validate_decision(self, field):
        if field.data not in DECISIONS:
            raise ValidationError(_l('Choose confirm, dismiss or reopen.'))

    def validate_remark(self, field):
        if self.decision.data == 'dismiss' and not (field.data or '').strip():
            raise ValidationError(_l('A remark is required to dismiss a finding: say why it does not hold.'))

    @property
    def state(self) -> FindingState:
        return DECISIONS[self.decision.data]


def review_prefix(finding) -> str:
    return f'f{finding.id}'


class VerdictForm(FlaskForm):
    """The reviewer's verdict on the reason given for disqualifying one bidder (duty 9)."""

    verdict = RadioField(_l('Verdict on the reason given'),
                         choices=[SelectChoice(v.value, v.title) for v in Verdict],
                         validators=[InputRequired(message=_l('Choose a verdict.'))])
    note = TextAreaField(_l('Note'), validators=[Optional(), Length(max=4000)])

    def __init__(self, bidder=None, **kwargs):
        if bidder is not None:
            kwargs.setdefault('prefix', f'b{bidder.id}')
        super().__init__(**kwargs)

    def validate_note(self, field):
        if self.verdict.data == Verdict.incorrect.value and not (field.data or '').strip():
            raise ValidationError(_l('Say why the reason given for the disqualification is incorrect.'))


class RecommendationForm(FlaskForm):
    language = SelectField(_l('Language of the letter'),
                           choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')], default='hi')


class ThresholdForm(FlaskForm):
    """A new version of one threshold, in force from a date (an OM or a UP Government order changed it)."""

    name = SelectField(_l('Threshold'), validators=[DataRequired()])
    value = DecimalField(_l('Value'), places=None, validators=[
        InputRequired(message=_l('Enter the value.')),
        NumberRange(min=0, message=_l('The value cannot be negative.'))])
    effective_from = DateField(_l('In force from'), validators=[InputRequired(message=_l('Enter the date.'))])
    source = StringField(_l('Order that made the change (number and date)'),
                         validators=[DataRequired(message=_l('Name the order that made the change.')),
                                     Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name.choices = [SelectChoice(name, f'{title} ({name})') for name, (title, _unit, _v) in DEFAULTS.items()]
