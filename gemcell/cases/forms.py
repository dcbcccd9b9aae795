"""Forms of the cases. The case page shows several action forms at once; each has its own prefix."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from gemcell.cases.models import Party

LANGUAGES = [SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')]
DATE_REQUIRED = _l('Give the date.')


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CaseForm(FlaskForm):
    """The case file's particulars: the buyer user (proposed debarment) and/or the firm (proposed blacklisting)."""

    title = StringField(_l('Title of the case'), validators=[DataRequired(_l('Give the case a title.')),
                                                             Length(max=300)])
    department_id = SelectField(_l('Buyer department'), coerce=lambda v: int(v) if v else None,
                                validators=[Optional()])
    buyer_gem_user_id = StringField(_l('GeM user id of the buyer user'), validators=[Optional(), Length(max=80)])
    buyer_name = StringField(_l('Name of the buyer user'), validators=[Optional(), Length(max=200)])
    buyer_designation = StringField(_l('Designation'), validators=[Optional(), Length(max=200)])
    buyer_office = StringField(_l('Office'), validators=[Optional(), Length(max=500)])
    firm_gem_seller_id = StringField(_l('GeM seller id of the firm'), validators=[Optional(), Length(max=40)])
    firm_name = StringField(_l('Name of the firm'), validators=[Optional(), Length(max=300)])
    firm_registration = TextAreaField(_l('Registration details (Udyam, GSTIN, PAN, address)'),
                                      validators=[Optional(), Length(max=2000)])
    summary = TextAreaField(_l('Facts in brief'), validators=[Optional(), Length(max=20000)])
    findings = MultiCheckboxField(_l('Confirmed findings to put in the case'), coerce=int, validate_choice=False)

    def set_departments(self, departments):
        self.department_id.choices = [SelectChoice('', _l('— choose —'))] + \
            [SelectChoice(str(d.id), d.name) for d in departments]

    def fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            'title', 'department_id', 'buyer_gem_user_id', 'buyer_name', 'buyer_designation', 'buyer_office',
            'firm_gem_seller_id', 'firm_name', 'firm_registration', 'summary')}


class AddFindingsForm(FlaskForm):
    findings = MultiCheckboxField(_l('Confirmed findings not yet in a case'), coerce=int, validate_choice=False)


class AddRecordForm(FlaskForm):
    number = StringField(_l('Bid or order number'), validators=[DataRequired(_l('Give a bid or order number.')),
                                                               Length(max=60)])


class DraftLettersForm(FlaskForm):
    reply_due = DateField(_l('Reply due by'), validators=[InputRequired(DATE_REQUIRED)])
    language = SelectField(_l('Language of the letters'), choices=LANGUAGES, default='hi')


class ReplyForm(FlaskForm):
    party = SelectField(_l('Reply of'), choices=[SelectChoice(p.value, p.title) for p in Party])
    received_date = DateField(_l('Received on'), validators=[InputRequired(DATE_REQUIRED)])
    reference = StringField(_l('Letter number and date of the reply'), validators=[Optional(), Length(max=200)])
    text = TextAreaField(_l('Substance of the reply'), validators=[DataRequired(_l('Write the reply’s substance.')),
                                                                  Length(max=20000)])
    attachment = FileField(_l('Attachment (PDF or image, optional)'))


class ConclusionForm(FlaskForm):
    conclusion = TextAreaField(_l('The cell’s conclusion'),
                               validators=[DataRequired(_l('Write the cell’s conclusion.')), Length(max=20000)])
    proposal = TextAreaField(_l('Proposal to Government (e.g. the period proposed)'),
                             validators=[Optional(), Length(max=4000)])


class PackForm(FlaskForm):
    language = SelectField(_l('Language of the evidence pack'), choices=LANGUAGES, default='hi')


class EmptyForm(FlaskForm):
    """A POST-only button (refer, issue) carrying the CSRF token."""


OUTCOMES = {'debarred': (True, False), 'blacklisted': (False, True), 'both': (True, True)}


class DecideForm(FlaskForm):
    outcome = RadioField(_l('Government decided'), choices=[
        SelectChoice('debarred', _l('Debar the buyer user')), SelectChoice('blacklisted', _l('Blacklist the firm')),
        SelectChoice('both', _l('Debar the user and blacklist the firm'))],
        validators=[InputRequired(_l('Choose what Government decided.'))])
    order_number = StringField(_l('Government order number'),
                               validators=[DataRequired(_l('Give the number of Government’s order.')),
                                           Length(max=200)])
    order_date = DateField(_l('Order date'), validators=[InputRequired(DATE_REQUIRED)])
    debar_from = DateField(_l('Debarred from'), validators=[Optional()])
    debar_to = DateField(_l('Debarred until (inclusive)'), validators=[Optional()])
    blacklist_from = DateField(_l('Blacklisted from'), validators=[Optional()])
    blacklist_to = DateField(_l('Blacklisted until (inclusive)'), validators=[Optional()])
    remark = TextAreaField(_l('Remark'), validators=[Optional(), Length(max=4000)])

    def periods(self) -> tuple:
        debar, blacklist = OUTCOMES[self.outcome.data]
        return ((self.debar_from.data, self.debar_to.data) if debar else None,
                (self.blacklist_from.data, self.blacklist_to.data) if blacklist else None)


class DropForm(FlaskForm):
    reason = TextAreaField(_l('Why the case is dropped'),
                           validators=[DataRequired(_l('Say why the case is dropped.')), Length(max=4000)])
    order_number = StringField(_l('Government order number (if Government decided)'),
                               validators=[Optional(), Length(max=200)])
    order_date = DateField(_l('Order date'), validators=[Optional()])
