"""The draft form for office memos and letters, and the public verification upload. Reports are built by the
modules that produce them (through ``operations.create_document``), not typed in."""
import re

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from markupsafe import Markup
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import html_params

ITEM = re.compile(r'^\s*(?:\(\d+\)|\d+[.)]|[-•])\s+')


class CheckboxListWidget:
    """Many choices as a scrolling list of checkboxes, with a filter box and a line naming the ones ticked (both
    shown by ``checklist_script`` in ``documents/macros.html``; without it, the plain list still works). A choice's
    ``render_kw`` ``data-search`` holds the words the filter matches (e.g. both names and the code)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault('id', field.id)
        kwargs['class'] = ' '.join(filter(None, ['checklist', kwargs.get('class')]))
        kwargs.setdefault('role', 'group')
        kwargs.setdefault('aria-label', field.label.text)
        items, chosen = [], []
        for n, choice in enumerate(field.iter_choices()):
            option_id = f'{field.id}-{n}'
            search = (choice.render_kw or {}).get('data-search', '')
            checkbox = html_params(type='checkbox', name=field.name, value=choice.value, id=option_id,
                                   checked=choice.selected)
            # html_params escapes every value; Markup.format escapes the label
            items.append(Markup('<li {}><input {}> <label for="{}">{}</label></li>').format(
                Markup(html_params(**{'data-search': f'{choice.label} {search}'.casefold()})),  # nosec B704
                Markup(checkbox), option_id, choice.label))  # nosec B704
            if choice.selected:
                chosen.append(str(choice.label))
        return Markup(
            '<div class="checklist-box">'
            '<input type="search" class="checklist-filter" hidden autocomplete="off" {filter}>'
            '<ul {ul}>{items}</ul>'
            '<p class="checklist-chosen" aria-live="polite">{label} (<span class="checklist-count">{count}</span>): '
            '<span class="checklist-names">{names}</span></p></div>').format(
            filter=Markup(html_params(  # nosec B704
                **{'aria-controls': kwargs['id'], 'aria-label': _('Filter the list'),
                   'placeholder': _('Type to filter: name in Hindi or English, or code')})),
            ul=Markup(html_params(**kwargs)), items=Markup('').join(items), label=_('Ticked'),  # nosec B704
            count=len(chosen),
            names='; '.join(chosen) or '—')


class MultiCheckboxField(SelectMultipleField):
    widget = CheckboxListWidget()


class DocumentForm(FlaskForm):
    kind = SelectField(_l('Form'), choices=[SelectChoice('office-memo', _l('Office memorandum')),
                                            SelectChoice('letter', _l('Letter'))])
    language = SelectField(_l('Language of the document'),
                           choices=[SelectChoice('hi', 'हिन्दी'), SelectChoice('en', 'English')])
    subject = StringField(_l('Subject'), validators=[DataRequired(), Length(max=500)])
    department_ids = MultiCheckboxField(_l('Addressed to departments'), coerce=int, validators=[Optional()])
    header = TextAreaField(_l('Heading (one line each)'), validators=[Optional(), Length(max=1000)])
    title = StringField(_l('Title (leave empty for the form\'s own)'), validators=[Optional(), Length(max=200)])
    # no Optional(): it would stop the chain before validate_to when the field is empty
    to = TextAreaField(_l('To (one line each; letters)'), validators=[Length(max=2000)])
    body = TextAreaField(_l('Text'), validators=[DataRequired(), Length(max=50000)])
    signatory_name = StringField(_l('Signatory'), validators=[DataRequired(), Length(max=120)])
    signatory_designation = StringField(_l('Designation of the signatory'), validators=[Optional(), Length(max=200)])
    copy_to = TextAreaField(_l('Copy to (one line each)'), validators=[Optional(), Length(max=5000)])
    by_order_name = StringField(_l('"By order" signatory'), validators=[Optional(), Length(max=120)])
    by_order_designation = StringField(_l('Designation of the "by order" signatory'),
                                       validators=[Optional(), Length(max=200)])

    def validate_to(self, field):
        # with departments ticked, the addressee lines are built from them (``fields_from_form``)
        if self.kind.data == 'letter' and not lines(field.data) and not self.department_ids.data:
            raise ValidationError(_l('A letter needs at least one addressee.'))


class ReopenForm(FlaskForm):
    """The In-charge sends an approved document back to draft, saying why."""

    remark = TextAreaField(_l('Why does it go back to draft?'),
                           validators=[DataRequired(message=_l('Say why the document goes back to draft.')),
                                       Length(max=4000)])


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


def department_name(department, lang: str) -> str:
    return department.name_en if lang == 'en' else department.name_hi


def department_line(department, lang: str) -> str:
    """The addressee line printed for a department, in the document's language."""
    with force_locale(lang):
        return _('Additional Chief Secretary/Principal Secretary/Secretary, %(department)s, Government of Uttar '
                 'Pradesh.', department=department_name(department, lang))


def names_department(line: str, department, lang: str, departments) -> bool:
    """Whether ``line`` names ``department``: its name, not as part of a longer department name ("Culture
    Department" is not named by "Agriculture Department", nor नियोजन विभाग by आवास एवं शहरी नियोजन विभाग)."""
    name = department_name(department, lang).casefold()
    text = line.casefold()
    for other in departments:
        longer = department_name(other, lang).casefold()
        if name in longer and longer != name:
            text = text.replace(longer, ' ')
    return name in text


def merge_department_lines(printed: list[str], ticked: list, added: list, removed: list, lang: str,
                           departments) -> list[str]:
    """The printed addressee list after departments were ticked or unticked: a department added gets its line
    unless a line already names it; a department removed loses its line if it is still the one built for it (a
    line the drafter rewrote is theirs to remove); an empty list is built from every department ticked.
    ``departments``: every department (to tell a name from part of a longer one)."""
    dropped = {department_line(department, lang) for department in removed}
    result = [line for line in printed if line not in dropped]
    for department in (added if result else ticked):
        if not any(names_department(line, department, lang, departments) for line in result):
            result.append(department_line(department, lang))
    return result


def fields_from_form(form: DocumentForm, departments: dict, previous_ids=()) -> dict:
    """The ``operations.create_document`` fields (with the template data) from the form. ``departments``: the
    form's departments by id; ``previous_ids``: the ones the document was addressed to before this edit (the
    printed addressee list follows the ticks that changed, see ``merge_department_lines``)."""
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
    department_ids = list(dict.fromkeys(form.department_ids.data or []))
    ticked = [departments[i] for i in department_ids]
    added = [departments[i] for i in department_ids if i not in set(previous_ids)]
    removed = [departments[i] for i in previous_ids if i not in department_ids and i in departments]
    printed = 'to' if form.kind.data == 'letter' else 'copy_to'
    data[printed] = merge_department_lines(data[printed], ticked, added, removed, form.language.data,
                                           departments.values())
    addressees = data.get('to') or data['copy_to']
    return {'kind': form.kind.data, 'subject': form.subject.data, 'data': data, 'addressees': addressees,
            'department_ids': department_ids}


def form_values(document) -> dict:
    data = document.data
    return {
        'kind': document.kind.value, 'language': data.get('lang', 'hi'), 'subject': document.subject,
        'department_ids': document.department_ids, 'header': '\n'.join(data.get('header') or []),
        'title': data.get('title', ''), 'to': '\n'.join(data.get('to') or []),
        'body': format_body(data.get('paragraphs')),
        'signatory_name': (data.get('signatory') or {}).get('name', ''),
        'signatory_designation': (data.get('signatory') or {}).get('designation', ''),
        'copy_to': '\n'.join(data.get('copy_to') or []),
        'by_order_name': (data.get('by_order') or {}).get('name', ''),
        'by_order_designation': (data.get('by_order') or {}).get('designation', ''),
    }
