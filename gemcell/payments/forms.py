"""Forms of the payments module (the status table's rows are read by ``operations.check_rows``, which the uploaded
spreadsheet shares)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from gemcell.returns.forms import ListItemForm


class UploadForm(FlaskForm):
    file = FileField(_l('Filled-in spreadsheet (.xlsx)'),
                     validators=[FileRequired(_l('Choose the filled-in spreadsheet to upload.'))])


class BidTermForm(FlaskForm):
    """The payment timeline the bid set for itself (blank: none, GeM GTC's 10 days apply)."""

    days = IntegerField(_l('Payment due within (days of the CRAC), as the bid says'), validators=[
        Optional(), NumberRange(min=1, max=365, message=_l('The payment timeline must be between 1 and 365 days.'))])
    note = StringField(_l('Where the bid says so (clause)'), validators=[Optional(), Length(max=500)])


class DelayReasonForm(ListItemForm):
    """An entry of the reasons for delay (the returns' managed-list form, without the choice of list)."""

    kind = None
