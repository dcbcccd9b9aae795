from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

#: the department choice that removes a mapping
NOT_MAPPED = 0


class MapAliasForm(FlaskForm):
    """The department for one imported name; one form per row, so its fields are prefixed with the alias id."""

    department_id = SelectField(_l('Department'), coerce=int)

    def __init__(self, departments, alias, *args, **kwargs):
        super().__init__(*args, prefix=f'alias-{alias.id}', **kwargs)
        self.department_id.choices = [SelectChoice(NOT_MAPPED, _l('— not mapped —'))] + [
            SelectChoice(d.id, f'{d.name} ({d.code})') for d in departments]


class ImportForm(FlaskForm):
    """Upload a file to import: first checked (dry run), then committed from the batch page."""

    shape = SelectField(_l('What the file is'))
    sheet = StringField(_l('Sheet (gemcell template as CSV only)'), validators=[Optional(), Length(max=40)])
    mapping = SelectField(_l('Column-mapping profile (for any other file)'), default='')
    file = FileField(_l('File'), validators=[FileRequired(_l('Choose a file to upload.'))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gemcell.gemdata.importers import SHAPES
        from gemcell.gemdata.models import MappingProfile
        from gemcell.extensions import db
        self.shape.choices = [SelectChoice(name, shape.title) for name, shape in SHAPES.items()]
        self.mapping.choices = [SelectChoice('', '—')] + [
            SelectChoice(name, name) for name in db.session.scalars(db.select(MappingProfile.name)
                                                                   .order_by(MappingProfile.name))]

    def validate_mapping(self, field):
        if self.shape.data == 'mapped' and not field.data:
            raise ValidationError(_l('Choose the column-mapping profile for this file.'))

    @property
    def profile(self) -> str | None:
        """What the batch records as its profile: the mapping profile, or the template sheet."""
        return (self.mapping.data if self.shape.data == 'mapped' else self.sheet.data) or None
