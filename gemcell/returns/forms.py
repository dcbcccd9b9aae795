"""Forms of the returns: the fortnightly return's contents (with repeated rows), the review, the filing of a
period's return and the managed lists. Counts and rupee amounts are read the way officers write them
(``1,23,456.50``, ``₹ 5,00,000``, Devanagari digits)."""
from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, IntegerField, SelectChoice, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from gemcell.gemdata.parsing import ParseError, parse_amount, parse_int
from gemcell.returns.models import ListKind

OTHER = 'other'
COUNT_ERROR = _l('Enter a whole number, 0 or more (for example 12).')
AMOUNT_ERROR = _l('Enter an amount in rupees, for example 1,23,456.50 or ₹ 5,00,000.')


class _ParsedField(StringField):
    """A text box whose value is parsed; what was typed is shown again as typed when it is wrong."""

    error_message = None

    def parse(self, text):
        raise NotImplementedError

    def display(self, value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else '') or ''
        self.data = None
        if self.raw.strip():
            try:
                self.data = self.parse(self.raw.strip())
            except ParseError:
                raise ValueError(self.error_message) from None

    def _value(self):
        if getattr(self, 'raw', None) is not None:
            return self.raw
        return '' if self.data is None else self.display(self.data)


class CountField(_ParsedField):
    error_message = COUNT_ERROR

    def parse(self, text):
        return parse_int(text)


class AmountField(_ParsedField):
    error_message = AMOUNT_ERROR

    def parse(self, text):
        return parse_amount(text)

    def display(self, value) -> str:
        return format_decimal(Decimal(value), format='#,##,##0.##', locale='en_IN')


class ReasonRowForm(Form):
    """Pending applications for one reason (from the managed list, or "other" with the reason written out)."""

    reason = SelectField(_l('Reason'), validate_choice=False)
    other = StringField(_l('Other reason'), validators=[Optional(), Length(max=300)])
    count = CountField(_l('Pending applications'))

    def is_blank(self) -> bool:
        return not self.reason.data and not (self.other.data or '').strip() and self.count.data is None


class OutsideRowForm(Form):
    """One purchase made outside GeM, with its GeMAR&PTS id (the GeM Availability Report and Past Transaction
    Summary that justifies it)."""

    description = StringField(_l('What was purchased'), validators=[Optional(), Length(max=500)])
    value = AmountField(_l('Value (₹)'))
    gemarpts_id = StringField(_l('GeMAR&PTS id'), validators=[Optional(), Length(max=80)])

    def is_blank(self) -> bool:
        return (not (self.description.data or '').strip() and self.value.data is None
                and not (self.gemarpts_id.data or '').strip())


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FortnightlyReturnForm(FlaskForm):
    """The fortnightly return (पाक्षिक आख्या): vendor registration, GeM compliance, problems, remarks.

    ``validate()`` checks what every save needs (numbers that are numbers); ``check_complete()`` adds what a
    submission needs (every figure given, and figures that agree with each other)."""

    received = CountField(_l('Applications received'))
    registered = CountField(_l('Registered'))
    pending = CountField(_l('Pending'))
    pending_reasons = FieldList(FormField(ReasonRowForm), min_entries=0)
    gem_orders = CountField(_l('Orders placed on GeM in the fortnight'))
    gem_value = AmountField(_l('Value of those orders (₹)'))
    outside = FieldList(FormField(OutsideRowForm), min_entries=0)
    problems = TextAreaField(_l('Problems faced'), validators=[Optional(), Length(max=5000)])
    problem_categories = MultiCheckboxField(_l('Kinds of problems'), validate_choice=False)
    remarks = TextAreaField(_l('Remarks'), validators=[Optional(), Length(max=5000)])
    confirm_warnings = BooleanField(_l('I have checked the figures that differ greatly from the previous return: '
                                       'they are correct.'))

    def __init__(self, *args, reasons=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_choices = ([SelectChoice('', _l('— choose —'))]
                               + [SelectChoice(item.code, item.name) for item in reasons]
                               + [SelectChoice(OTHER, _l('Other (write the reason)'))])
        for entry in self.pending_reasons:
            entry.form.reason.choices = self.reason_choices
        self.problem_categories.choices = [SelectChoice(item.code, item.name) for item in categories]

    def set_reason_choices(self, subform):
        subform.reason.choices = self.reason_choices

    def check_complete(self) -> bool:
        """The checks a submission needs; errors are added to the fields. ``True`` when there are none."""
        ok = True

        def fail(field, message):
            nonlocal ok
            field.errors = list(field.errors) + [message]
            ok = False

        for field in (self.received, self.registered, self.pending, self.gem_orders):
            if field.data is None and not field.errors:
                fail(field, _l('Enter the number (0 if there were none).'))
        if self.gem_value.data is None and not self.gem_value.errors:
            fail(self.gem_value, _l('Enter the value (0 if there were no orders).'))
        received, registered, pending = self.received.data, self.registered.data, self.pending.data
        pending_readable = pending is not None and not self.pending.errors
        if None not in (received, registered, pending) and registered + pending > received:
            fail(self.pending, _l('Registered (%(registered)s) and pending (%(pending)s) together cannot be more '
                                  'than the applications received (%(received)s).',
                                  registered=registered, pending=pending, received=received))
        rows = [entry.form for entry in self.pending_reasons if not entry.form.is_blank()]
        for row in rows:
            if not row.reason.data:
                fail(row.reason, _l('Choose the reason.'))
            elif row.reason.data == OTHER and not (row.other.data or '').strip():
                fail(row.other, _l('Write the other reason.'))
            if row.count.data is None and not row.count.errors:
                fail(row.count, _l('Enter how many are pending for this reason.'))
        if pending_readable:
            total = sum(row.count.data or 0 for row in rows)
            if total != pending:
                fail(self.pending, _l('The pending applications broken down by reason add up to %(total)s, but '
                                      '%(pending)s are shown as pending. Give a reason for each pending '
                                      'application.', total=total, pending=pending))
        if self.gem_orders.data == 0 and self.gem_value.data:
            fail(self.gem_value, _l('No orders are shown, but their value is not zero.'))
        for entry in self.outside:
            row = entry.form
            if row.is_blank():
                continue
            if not (row.description.data or '').strip():
                fail(row.description, _l('Say what was purchased outside GeM.'))
            if row.value.data is None and not row.value.errors:
                fail(row.value, _l('Enter the value of this purchase.'))
            if not (row.gemarpts_id.data or '').strip():
                fail(row.gemarpts_id, _l('Give the GeMAR&PTS id of each purchase made outside GeM.'))
        return ok

    def figures(self) -> dict:
        """The figures as stored (``contents.py`` describes the shape); blank rows are left out."""
        reasons = []
        for entry in self.pending_reasons:
            row = entry.form
            if row.is_blank():
                continue
            reasons.append({'reason': row.reason.data or '',
                            'other': (row.other.data or '').strip() if row.reason.data == OTHER else '',
                            'count': row.count.data})
        outside = []
        for entry in self.outside:
            row = entry.form
            if row.is_blank():
                continue
            outside.append({'description': (row.description.data or '').strip(),
                            'value': None if row.value.data is None else str(row.value.data),
                            'gemarpts_id': (row.gemarpts_id.data or '').strip()})
        return {'received': self.received.data, 'registered': self.registered.data, 'pending': self.pending.data,
                'pending_reasons': reasons, 'gem_orders': self.gem_orders.data,
                'gem_value': None if self.gem_value.data is None else str(self.gem_value.data),
                'outside': outside, 'problems': (self.problems.data or '').strip(),
                'problem_categories': list(self.problem_categories.data or []),
                'remarks': (self.remarks.data or '').strip()}


class MonthlyOutsideRowForm(Form):
    """One purchase made outside GeM in the month: what, its value, why not through GeM, and its GeMAR&PTS id."""

    description = StringField(_l('What was purchased'), validators=[Optional(), Length(max=500)])
    value = AmountField(_l('Value (₹)'))
    reason = StringField(_l('Why not through GeM'), validators=[Optional(), Length(max=500)])
    gemarpts_id = StringField(_l('GeMAR&PTS id'), validators=[Optional(), Length(max=80)])

    def is_blank(self) -> bool:
        return (not (self.description.data or '').strip() and self.value.data is None
                and not (self.reason.data or '').strip() and not (self.gemarpts_id.data or '').strip())


class MonthlyReturnForm(FlaskForm):
    """The monthly procurement return (duty 2): the month's total procurement, the part bought through GeM (goods
    and services), each purchase made outside GeM with its reason and GeMAR&PTS id, problems and remarks.

    As in the fortnightly form, ``validate()`` is what a draft needs and ``check_complete()`` what a submission
    needs: every figure, GeM part not above the total, and purchases outside GeM that account for the rest."""

    total_value = AmountField(_l('Total procurement in the month (₹)'))
    gem_goods = AmountField(_l('Through GeM: goods (₹)'))
    gem_services = AmountField(_l('Through GeM: services (₹)'))
    outside = FieldList(FormField(MonthlyOutsideRowForm), min_entries=0)
    problems = TextAreaField(_l('Problems faced'), validators=[Optional(), Length(max=5000)])
    problem_categories = MultiCheckboxField(_l('Kinds of problems'), validate_choice=False)
    remarks = TextAreaField(_l('Remarks'), validators=[Optional(), Length(max=5000)])
    confirm_warnings = BooleanField(_l('I have checked the figures that differ greatly from the previous return: '
                                       'they are correct.'))
    #: the fortnightly form's repeated reasons: none here (the views treat both forms alike)
    pending_reasons = ()

    def __init__(self, *args, reasons=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.problem_categories.choices = [SelectChoice(item.code, item.name) for item in categories]

    def set_reason_choices(self, subform):
        pass

    def check_complete(self) -> bool:
        ok = True

        def fail(field, message):
            nonlocal ok
            field.errors = list(field.errors) + [message]
            ok = False

        for field in (self.total_value, self.gem_goods, self.gem_services):
            if field.data is None and not field.errors:
                fail(field, _l('Enter the value (0 if there were none).'))
        total, goods, services = self.total_value.data, self.gem_goods.data, self.gem_services.data
        rows = [entry.form for entry in self.outside if not entry.form.is_blank()]
        for row in rows:
            if not (row.description.data or '').strip():
                fail(row.description, _l('Say what was purchased outside GeM.'))
            if row.value.data is None and not row.value.errors:
                fail(row.value, _l('Enter the value of this purchase.'))
            if not (row.reason.data or '').strip():
                fail(row.reason, _l('Say why this was not bought through GeM.'))
            if not (row.gemarpts_id.data or '').strip():
                fail(row.gemarpts_id, _l('Give the GeMAR&PTS id of each purchase made outside GeM.'))
        if None in (total, goods, services):
            return ok
        gem = goods + services
        if gem > total:
            fail(self.total_value, _l('Goods and services bought through GeM (%(gem)s) cannot be more than the '
                                      'total procurement (%(total)s).', gem=format_amount(gem),
                                      total=format_amount(total)))
            return ok
        outside = sum((row.value.data or 0 for row in rows), Decimal(0))
        rest = total - gem
        if outside != rest and not any(row.value.errors for row in rows):
            fail(self.total_value, _l('%(rest)s of the total was not bought through GeM, but the purchases outside '
                                      'GeM listed add up to %(outside)s. List every purchase made outside GeM.',
                                      rest=format_amount(rest), outside=format_amount(outside)))
        return ok

    def figures(self) -> dict:
        outside = []
        for entry in self.outside:
            row = entry.form
            if row.is_blank():
                continue
            outside.append({'description': (row.description.data or '').strip(),
                            'value': None if row.value.data is None else str(row.value.data),
                            'reason': (row.reason.data or '').strip(),
                            'gemarpts_id': (row.gemarpts_id.data or '').strip()})

        def text(value):
            return None if value is None else str(value)
        return {'total_value': text(self.total_value.data), 'gem_goods': text(self.gem_goods.data),
                'gem_services': text(self.gem_services.data), 'outside': outside,
                'problems': (self.problems.data or '').strip(),
                'problem_categories': list(self.problem_categories.data or []),
                'remarks': (self.remarks.data or '').strip()}


def format_amount(value) -> str:
    from gemcell.core.i18n import format_inr
    return format_inr(value)


def form_data(figures: dict) -> dict:
    """A return's stored figures as the form's initial data."""
    data = dict(figures or {})
    for key in ('gem_value', 'total_value', 'gem_goods', 'gem_services'):
        if key in data:
            data[key] = Decimal(data[key]) if data.get(key) not in (None, '') else None
    data['outside'] = [dict(row, value=Decimal(row['value']) if row.get('value') not in (None, '') else None)
                       for row in data.get('outside') or []]
    data.pop('confirm_warnings', None)
    return data


class ReviewForm(FlaskForm):
    """Accept a submitted return, or send it back for correction (the remark is then required)."""

    decision = StringField(_l('Decision'))
    remark = TextAreaField(_l('Remark'), validators=[Optional(), Length(max=4000)])

    def validate_decision(self, field):
        from wtforms.validators import ValidationError
        if field.data not in ('accept', 'return'):
            raise ValidationError(_l('Choose to accept the return or to return it for correction.'))

    def validate_remark(self, field):
        from wtforms.validators import ValidationError
        if self.decision.data == 'return' and not (field.data or '').strip():
            raise ValidationError(_l('Say what is to be corrected: a remark is required to return it.'))


class FilePeriodForm(FlaskForm):
    """Open the return of a past fortnight or month (one that has no return yet)."""

    period = SelectField(_l('Period'), validators=[DataRequired(message=_l('Choose the period.'))],
                         validate_choice=False)


class ListItemForm(FlaskForm):
    """An entry of a managed list."""

    kind = SelectField(_l('List'), choices=[SelectChoice(kind.value, kind.title) for kind in ListKind])
    code = StringField(_l('Code'), validators=[
        DataRequired(message=_l('Enter a short code.')), Length(max=40),
        Regexp(r'^[a-z0-9_]+$', message=_l('Use small letters, digits and _ only (for example bank_details).'))])
    name_hi = StringField(_l('Name in Hindi'), validators=[DataRequired(message=_l('Enter the name in Hindi.')),
                                                           Length(max=200)])
    name_en = StringField(_l('Name in English'), validators=[DataRequired(message=_l('Enter the name in English.')),
                                                             Length(max=200)])
    position = IntegerField(_l('Position in the list'), default=0,
                            validators=[InputRequired(message=_l('Enter a number.')), NumberRange(min=0, max=999)])
    is_active = BooleanField(_l('In use'), default=True)
