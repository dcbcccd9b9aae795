"""The draft form for office memos and letters, and the public verification upload. Reports are built by the
modules that produce them (through ``operations.create_document``), not typed in."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

ITEM = re.compile(r'^\s*(?:\(\d+\)|\d+[.)]|[-•])\s+')


class DocumentForm(FlaskForm):
    kind = SelectField(_l('Form'), choices=[SelectChoice('office-memo', _l('Office memorandum')),
                                            SelectChoice('letter', _l('Letter'))])
    language = SelectField(_l('Language of the document'),
                           choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')])
    subject = StringField(_l('Subject'), validators=[DataRequired(), Length(max=500)])
    department_id = SelectField(_l('Addressed to department'), coerce=int, validators=[Optional()])
    header = TextAreaField(_l('Heading (one line each)'), validators=[Optional(), Length(max=1000)])
    title = StringField(_l('Title (leave empty for the form\'s own)'), validators=[Optional(), Length(max=200)])
    to = TextAreaField(_l('To (one line each; letters)'), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l('Text'), validators=[DataRequired(), Length(max=50000)])
    signatory_name = StringField(_l('Signatory'), validators=[DataRequired(), Length(max=120)])
    signatory_designation = StringField(_l('Designation of the signatory'), validators=[Optional(), Length(max=200)])
    copy_to = TextAreaField(_l('Copy to (one line each)'), validators=[Optional(), Length(max=5000)])
    by_order_name = StringField(_l('"By order" signatory'), validators=[Optional(), Length(max=120)])
    by_order_designation = StringField(_l('Designation of the "by order" signatory'),
                                       validators=[Optional(), Length(max=200)])

    def validate_to(self, field):
        if self.kind.data == 'letter' and not lines(field.data):
            raise ValidationError(_l('A letter needs at least one addressee.'))


class VerifyUploadForm(FlaskForm):
    pdf = FileField(_l('PDF file'), validators=[FileRequired()])


def lines(text) -> list[str]:
    return [line.strip() for line in (text or '').splitlines() if line.strip()]


def parse_body(text: str) -> list:
    """Paragraphs separated by blank lines; within a paragraph, lines starting "(1)", "1." or "-" are its items."""
    paragraphs = []
    for block in re.split(r'\n\s*\n', (text or '').strip()):
        text_lines, items = [], []
        for line in block.splitlines():
            if ITEM.match(line):
                items.append(ITEM.sub('', line).strip())
            elif items:
                items[-1] += ' ' + line.strip()
            elif line.strip():
                text_lines.append(line.strip())
        text = ' '.join(text_lines)
        paragraphs.append({'text': text, 'items': items} if items else text)
    return [p for p in paragraphs if p]


def format_body(paragraphs: list) -> str:
    blocks = []
    for paragraph in paragraphs or []:
        if isinstance(paragraph, str):
            blocks.append(paragraph)
        else:
            blocks.append('\n'.join([paragraph.get('text', '')] +
                                    [f'({n}) {item}' for n, item in enumerate(paragraph.get('items', []), 1)]))
    return '\n\n'.join(blocks)


def fields_from_form(form: DocumentForm) -> dict:
    """The ``operations.create_document`` fields (with the template data) from the form."""
    data = {'lang': form.language.data, 'paragraphs': parse_body(form.body.data),
            'signatory': {'name': form.signatory_name.data.strip(),
                          'designation': (form.signatory_designation.data or '').strip()},
            'copy_to': lines(form.copy_to.data)}
    if lines(form.header.data):
        data['header'] = lines(form.header.data)
    if (form.title.data or '').strip():
        data['title'] = form.title.data.strip()
    if form.kind.data == 'letter':
        data['to'] = lines(form.to.data)
    if (form.by_order_name.data or '').strip():
        data['by_order'] = {'name': form.by_order_name.data.strip(),
                            'designation': (form.by_order_designation.data or '').strip()}
    addressees = data.get('to') or data['copy_to']
    return {'kind': form.kind.data, 'subject': form.subject.data, 'data': data, 'addressees': addressees,
            'department_id': form.department_id.data or None}


def form_values(document) -> dict:
    data = document.data
    return {
        'kind': document.kind.value, 'language': data.get('lang', 'hi'), 'subject': document.subject,
        'department_id': document.department_id or 0, 'header': '\n'.join(data.get('header') or []),
        'title': data.get('title', ''), 'to': '\n'.join(data.get('to') or []),
        'body': format_body(data.get('paragraphs')),
        'signatory_name': (data.get('signatory') or {}).get('name', ''),
        'signatory_designation': (data.get('signatory') or {}).get('designation', ''),
        'copy_to': '\n'.join(data.get('copy_to') or []),
        'by_order_name': (data.get('by_order') or {}).get('name', ''),
        'by_order_designation': (data.get('by_order') or {}).get('designation', ''),
    }
