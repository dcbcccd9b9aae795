"""The monthly note as a report document (``documents`` kind ``report``: cover, contents, sections with tables and
charts, page numbers, running header): its data is built here from the computed note, in the document's language,
and frozen in the document when the cell prepares it."""
from decimal import Decimal

from babel.numbers import format_decimal

from flask_babel import force_locale
from flask_babel import gettext as _

from gemcell.core.i18n import format_inr
from gemcell.reports import charts
from gemcell.returns.periods import month_name


def percent(value) -> str:
    return '—' if value is None else f'{value:.1f} %'


def points(value) -> str:
    if value is None:
        return '—'
    return f'{value:+.1f}'


def rupees(value, lang) -> str:
    return '—' if value is None else format_inr(value, lang, decimals=False)


def lakh(value) -> str:
    """Rupees in lakh, two decimals, Indian grouping: 4,30,00,000 → "430.00"; 1,23,45,67,890 → "1,234.57"."""
    if value is None:
        return '—'
    return format_decimal((Decimal(value) / 100000).quantize(Decimal('0.01')), format='#,##,##0.00', locale='en_IN')


def department_rows(note, lang) -> list[list[str]]:
    rows = []
    for line in note.lines:
        rows.append([str(line.rank) if line.rank else '—', line.department.name,
                     lakh(line.total), lakh(line.gem_reported), percent(line.share_reported),
                     lakh(line.gem_data), percent(line.share_data), points(line.change),
                     check_text(line.check), late_text(line)])
    return rows


def check_text(check) -> str:
    """The reconciliation in a few words: "differs (+60.3 %)", "agrees", "no GeM data", "not filed"."""
    if check is None:
        return _('Not filed')
    if check.status == 'mismatch':
        gap = f' ({check.gap_percent:+.1f} %)' if check.gap_percent is not None else ''
        return _('differs') + gap
    return {'match': _('agrees'), 'no_data': _('no GeM data')}.get(check.status, str(check.title))


def late_text(line) -> str:
    parts = []
    if line.late_count:
        parts.append(_('%(count)s late', count=line.late_count))
    if line.missing_count:
        parts.append(_('%(count)s not filed', count=line.missing_count))
    return ', '.join(parts) or '—'


def department_columns():
    return [_('Rank'), _('Department'), _('Total procurement (₹ lakh)'), _('Through GeM, reported (₹ lakh)'),
            _('GeM share (reported)'), _('GeM orders, GeM data (₹ lakh)'), _('GeM share (GeM data)'),
            _('Change (points)'), _('Reconciliation'), _('Returns late')]


def remarks_paragraphs(text: str) -> list[str]:
    return [' '.join(block.split()) for block in (text or '').replace('\r\n', '\n').split('\n\n') if block.strip()]


def note_sections(note, remarks: str, lang: str) -> list[dict]:
    totals = note.totals
    summary = _('In %(month)s, %(filed)s of %(departments)s departments filed the monthly procurement return. They '
                'reported procurement of %(total)s, of which %(gem)s (%(share)s) through GeM; the GeM data shows '
                'orders of %(data)s by these departments (%(data_share)s of the procurement reported).',
                month=month_name(note.month, lang), filed=totals.filed, departments=totals.departments,
                total=rupees(totals.total, lang), gem=rupees(totals.gem_reported, lang),
                share=percent(totals.share_reported), data=rupees(totals.gem_data, lang),
                data_share=percent(totals.share_data))
    paragraphs = [{'type': 'paragraph', 'text': summary}]
    if totals.change is not None:
        paragraphs.append({'type': 'paragraph', 'text': _(
            'The State’s share through GeM changed by %(change)s percentage points from the previous month '
            '(%(previous)s).', change=points(totals.change), previous=percent(totals.previous_share))})
    if not note.has_gem_data:
        paragraphs.append({'type': 'paragraph', 'text': _('No GeM orders of this month have been imported yet: the '
                                                          'reported values could not be reconciled.')})
    paragraphs.append({'type': 'table', 'caption': _('State totals'), 'numeric': [1], 'widths': [70, 30],
                       'columns': [_('Figure'), _('Value')],
                       'rows': [[_('Departments that filed the return'), f'{totals.filed} / {totals.departments}'],
                                [_('Total procurement'), rupees(totals.total, lang)],
                                [_('Through GeM (reported)'), rupees(totals.gem_reported, lang)],
                                [_('GeM share (reported)'), percent(totals.share_reported)],
                                [_('GeM orders (GeM data)'), rupees(totals.gem_data, lang)],
                                [_('GeM share (GeM data)'), percent(totals.share_data)],
                                [_('Returns differing from the GeM data'), str(totals.flagged)],
                                [_('Returns filed late'), str(totals.late)],
                                [_('Returns not filed'), str(totals.missing)]]})
    sections = [{'heading': _('Summary'), 'blocks': paragraphs}]
    sections.append({'heading': _('Department-wise procurement through GeM'), 'blocks': [
        {'type': 'paragraph', 'text': _('Departments are ranked by the share of their procurement bought through '
                                        'GeM, as reported; the share as per the GeM data is the value of their GeM '
                                        'orders of the month over the total they reported. A reported GeM value '
                                        'that differs from the GeM data by more than %(tolerance)s per cent is '
                                        'marked.', tolerance=f'{note.tolerance.normalize():f}')},
        {'type': 'table', 'columns': department_columns(), 'numeric': [0, 2, 3, 4, 5, 6, 7], 'compact': True,
         'widths': [5, 22, 9, 10, 8, 10, 8, 8, 10, 10], 'rows': department_rows(note, lang)}]})
    sections.append({'heading': _('Charts'), 'blocks': [charts.trend_chart(note)] + charts.department_charts(note)})
    problem_rows = [[name, str(count)] for name, count in note.problems]
    department_problems = [[line.department.name, '; '.join(f'{name} ({count})' for name, count in line.problems)]
                           for line in note.lines if line.problems]
    sections.append({'heading': _('Problems reported'), 'blocks': [
        {'type': 'table', 'caption': _('The problems reported most often in the State'), 'numeric': [1],
         'widths': [80, 20],
         'columns': [_('Problem'), _('Returns')], 'rows': problem_rows or [[_('None reported'), '0']]},
        {'type': 'table', 'caption': _('Top problems by department'), 'columns': [_('Department'), _('Problems')],
         'compact': True, 'widths': [30, 70], 'rows': department_problems or [[_('None reported'), '—']]}]})
    gap_rows = [[line.department.name, rupees(line.check.reported, lang), rupees(line.check.data_value, lang),
                 percent(line.check.gap_percent)] for line in note.flagged]
    late_rows = [[line.department.name, '; '.join(
        f'{item.label} ({_("late") if item.status == "late" else _("not filed")})' for item in line.late)]
        for line in note.with_late_returns]
    sections.append({'heading': _('Reconciliation and returns filed late'), 'blocks': [
        {'type': 'table', 'caption': _('Reported GeM value differing from the GeM data'), 'numeric': [1, 2, 3],
         'compact': True, 'widths': [46, 20, 20, 14],
         'columns': [_('Department'), _('Reported'), _('GeM data'), _('Gap')],
         'rows': gap_rows or [[_('None'), '—', '—', '—']]},
        {'type': 'table', 'caption': _('Returns of the month filed late or not filed'), 'compact': True,
         'widths': [30, 70],
         'columns': [_('Department'), _('Returns')], 'rows': late_rows or [[_('None'), '—']]}]})
    remark_blocks = [{'type': 'paragraph', 'text': text} for text in remarks_paragraphs(remarks)]
    sections.append({'heading': _('Remarks of the GeM Cell'),
                     'blocks': remark_blocks or [{'type': 'paragraph', 'text': '—'}]})
    return sections


def note_fields(note, remarks: str, lang: str, today) -> dict:
    """The ``documents.operations.create_document`` fields of the note (a report addressed to Government)."""
    with force_locale(lang):
        title = _('Monthly note: procurement through GeM, %(month)s', month=month_name(note.month, lang))
        government = _('The Government of Uttar Pradesh (Administration), Lucknow')
        data = {'lang': lang, 'date': today.isoformat(), 'title': title,
                'header': [_('Government of Uttar Pradesh'), _('MSME Department — GeM Cell')],
                'subtitle': _('Submitted to: %(to)s', to=government),
                'prepared_by': _('GeM Cell, MSME Department, Uttar Pradesh'),
                'sections': note_sections(note, remarks, lang),
                'month': note.month.isoformat()}
        return {'kind': 'report', 'subject': title, 'data': data, 'addressees': [government], 'department_ids': []}
