"""Forms of the helpdesk: a new ticket, a reply or note, the workflow's steps, the cell's corrections, merge and
bulk actions, field visits, knowledge-base articles, and the managed categories and calendar."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from gemcell.helpdesk.models import Priority, RequesterKind, VisitState, WaitingOn

REQUIRED = _l('This field is required.')


def select_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as the choices of a ``SelectField``."""
    return [SelectChoice(value, label) for value, label in pairs]


CHANNELS = select_choices([('', '—'), ('phone', _l('Telephone')), ('letter', _l('Letter')), ('email', _l('E-mail')),
                           ('in_person', _l('In person'))])


def _choices(enum_cls):
    return select_choices((member.value, member.title) for member in enum_cls)


class TicketForm(FlaskForm):
    """A new ticket. A nodal officer sees the problem's fields only; the cell also says whose problem it is."""

    requester_kind = SelectField(_l('Whose problem'), choices=_choices(RequesterKind), default='department')
    department_id = SelectField(_l('Department'), choices=[], validate_choice=False)
    seller_gem_id = StringField(_l('GeM seller id'), validators=[Optional(), Length(max=40)])
    seller_name = StringField(_l('Name of the firm'), validators=[Optional(), Length(max=300)])
    seller_contact = StringField(_l('Contact (telephone, e-mail)'), validators=[Optional(), Length(max=300)])
    channel = SelectField(_l('Received by'), choices=CHANNELS, default='')
    category_id = SelectField(_l('Category'), choices=[], validate_choice=False,
                              validators=[DataRequired(REQUIRED)])
    priority = SelectField(_l('Priority'), choices=_choices(Priority), default='normal')
    subject = StringField(_l('Subject'), validators=[DataRequired(REQUIRED), Length(max=300)])
    description = TextAreaField(_l('Describe the problem'), validators=[DataRequired(REQUIRED), Length(max=20000)])
    references = TextAreaField(_l('Related bid / order numbers'), validators=[Optional(), Length(max=2000)])
    needs_portal_change = BooleanField(_l('Needs a change of the GeM portal'))
    files = MultipleFileField(_l('Attach files (PDF, PNG or JPEG)'))


class MessageForm(FlaskForm):
    body = TextAreaField(_l('Message'), validators=[Optional(), Length(max=20000)])
    kind = SelectField(_l('Kind'), choices=select_choices([
        ('reply', _l('Reply to the requester')), ('note', _l('Internal note (the cell only)'))]), default='reply')
    files = MultipleFileField(_l('Attach files (PDF, PNG or JPEG)'))


class TransitionForm(FlaskForm):
    action = StringField(validators=[DataRequired()])
    assignee_id = SelectField(_l('Assign to'), choices=[], validate_choice=False)
    waiting_on = SelectField(_l('Waiting on'), choices=_choices(WaitingOn), default='department')
    note = StringField(_l('Note'), validators=[Optional(), Length(max=1000)])
    resolution = TextAreaField(_l('Resolution: what was done'), validators=[Optional(), Length(max=20000)])
    reason = TextAreaField(_l('Why is it reopened?'), validators=[Optional(), Length(max=5000)])


class ChangeTicketForm(FlaskForm):
    category_id = SelectField(_l('Category'), choices=[], validate_choice=False, validators=[DataRequired(REQUIRED)])
    priority = SelectField(_l('Priority'), choices=_choices(Priority))
    references = TextAreaField(_l('Add related bid / order numbers'), validators=[Optional(), Length(max=2000)])
    needs_portal_change = BooleanField(_l('Needs a change of the GeM portal'))


class MergeForm(FlaskForm):
    target = StringField(_l('Number of the ticket to keep'), validators=[DataRequired(REQUIRED), Length(max=30)])


class BulkForm(FlaskForm):
    action = SelectField(_l('With the ticked tickets'), choices=select_choices([
        ('assign', _l('Assign to')), ('close', _l('Close'))]))
    assignee_id = SelectField(_l('Assign to'), choices=[], validate_choice=False)
    note = StringField(_l('Note'), validators=[Optional(), Length(max=1000)])


class VisitForm(FlaskForm):
    visit_date = DateField(_l('Date of the visit'), validators=[InputRequired(REQUIRED)])
    officer_id = SelectField(_l('Officer'), choices=[], validate_choice=False, validators=[DataRequired(REQUIRED)])
    district_id = SelectField(_l('District'), choices=[], validate_choice=False)
    place = StringField(_l('Place (office)'), validators=[DataRequired(REQUIRED), Length(max=300)])
    purpose = TextAreaField(_l('Purpose'), validators=[DataRequired(REQUIRED), Length(max=5000)])
    state = SelectField(_l('Status'), choices=_choices(VisitState), default='planned')
    outcome = TextAreaField(_l('Outcome'), validators=[Optional(), Length(max=10000)])
    follow_up = TextAreaField(_l('Follow-up'), validators=[Optional(), Length(max=5000)])


class ArticleForm(FlaskForm):
    title = StringField(_l('Title'), validators=[DataRequired(REQUIRED), Length(max=300)])
    category_id = SelectField(_l('Category'), choices=[], validate_choice=False)
    problem = TextAreaField(_l('The problem'), validators=[DataRequired(REQUIRED), Length(max=20000)])
    fix = TextAreaField(_l('The fix'), validators=[DataRequired(REQUIRED), Length(max=20000)])
    is_published = BooleanField(_l('Published (every user can read it)'), default=True)


class CategoryForm(FlaskForm):
    code = StringField(_l('Code'), validators=[DataRequired(REQUIRED), Length(max=40), Regexp(
        r'^[a-z0-9_]+$', message=_l('Use small English letters, digits and _ only.'))])
    name_hi = StringField(_l('Name in Hindi'), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l('Name in English'), validators=[DataRequired(REQUIRED), Length(max=200)])
    position = IntegerField(_l('Position in the list'), default=100, validators=[InputRequired(REQUIRED)])
    sla_urgent_hours = IntegerField(_l('Urgent (working hours)'), default=4,
                                    validators=[InputRequired(REQUIRED), NumberRange(1, 2000)])
    sla_high_hours = IntegerField(_l('High (working hours)'), default=8,
                                  validators=[InputRequired(REQUIRED), NumberRange(1, 2000)])
    sla_normal_hours = IntegerField(_l('Normal (working hours)'), default=16,
                                    validators=[InputRequired(REQUIRED), NumberRange(1, 2000)])
    sla_low_hours = IntegerField(_l('Low (working hours)'), default=40,
                                 validators=[InputRequired(REQUIRED), NumberRange(1, 2000)])
    is_active = BooleanField(_l('In use'), default=True)


class CalendarDayForm(FlaskForm):
    day = DateField(_l('Date'), validators=[InputRequired(REQUIRED)])
    kind = SelectField(_l('Kind of day'), choices=select_choices([
        ('holiday', _l('Holiday (office closed)')), ('working', _l('Working day (e.g. a Saturday ordered to work)'))]))
    name_hi = StringField(_l('Name in Hindi'), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l('Name in English'), validators=[DataRequired(REQUIRED), Length(max=200)])
