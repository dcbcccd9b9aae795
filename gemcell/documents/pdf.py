"""Document types and their context builders: the one path every outgoing document is rendered through.

A document type is a template pair (``templates/documents/pdf/<name>.html`` + ``.css``) and a *context builder*
that turns the document's plain data (a JSON-able dict, see README "Documents") into what the template shows:
fixed phrases in the document's own language (a document's language is its own, not the viewer's), dates in the
State's form ("11 दिसम्बर, 2020"), paragraph and item numbers, Hindi or Latin digits. Adding a type is adding a
template and a builder to ``DOCUMENT_TYPES``; nothing else changes.

Every PDF carries its own content as PDF/A-3 associated files: ``document.json`` (kind, the data, and the number,
date and verification code it was issued with) and ``document.html`` (the HTML the page was laid out from), so
the exact Hindi can be read back with ``read_embedded`` — text extracted from the page scrambles Devanagari.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable

from markupsafe import Markup

from gemcell.core import pdf as core_pdf
from gemcell.core.i18n import HINDI_MONTHS

#: bump when a template changes in a way that changes issued output; stored on each issued document
TEMPLATE_VERSION = 1

JSON_NAME = 'document.json'
HTML_NAME = 'document.html'

DEVANAGARI_DIGITS = str.maketrans('0123456789', '०१२३४५६७८९')
ENGLISH_MONTHS = ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                  'October', 'November', 'December')

#: the fixed words of the State's forms, in the document's language
WORDS = {
    'hi': {
        'state': 'उत्तर प्रदेश शासन', 'number': 'संख्या', 'dated': 'दिनांक', 'place': 'लखनऊ',
        'office_memo': 'कार्यालय-ज्ञाप', 'letter': 'पत्र', 'report': 'आख्या',
        'same_ref': 'संख्या एवं दिनांक तदैव',
        'copy_intro': 'प्रतिलिपि निम्नलिखित को सूचनार्थ एवं आवश्यक कार्यवाही हेतु प्रेषित:-',
        'by_order': 'आज्ञा से,', 'from': 'प्रेषक,', 'to': 'सेवा में,', 'subject': 'विषय:-',
        'salutation': 'महोदय,', 'yours': 'भवदीय,', 'enclosures': 'संलग्नक:-',
        'verify': 'सत्यापन कोड', 'verify_at': 'सत्यापन हेतु', 'page': 'पृष्ठ', 'contents': 'विषय-सूची',
        'draft': 'प्रारूप — निर्गत नहीं', 'digitally_signed': 'डिजिटल हस्ताक्षरित',
    },
    'en': {
        'state': 'Government of Uttar Pradesh', 'number': 'No.', 'dated': 'Dated', 'place': 'Lucknow',
        'office_memo': 'Office Memorandum', 'letter': 'Letter', 'report': 'Report',
        'same_ref': 'No. and date as above',
        'copy_intro': 'Copy forwarded to the following for information and necessary action:-',
        'by_order': 'By order,', 'from': 'From,', 'to': 'To,', 'subject': 'Subject:-',
        'salutation': 'Sir/Madam,', 'yours': 'Yours faithfully,', 'enclosures': 'Enclosures:-',
        'verify': 'Verification code', 'verify_at': 'Verify at', 'page': 'Page', 'contents': 'Contents',
        'draft': 'DRAFT — not issued', 'digitally_signed': 'Digitally signed',
    },
}


class DocumentDataError(ValueError):
    """The data does not describe a document of this type (missing or malformed fields)."""


def digits(text, lang: str, style: str) -> str:
    text = '' if text is None else str(text)
    return text.translate(DEVANAGARI_DIGITS) if lang == 'hi' and style == 'deva' else text


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DocumentDataError(f'date: {value!r} is not an ISO date (YYYY-MM-DD)') from None


def document_date(value, lang: str, style: str = 'latin') -> str:
    """'11 दिसम्बर, 2020' / '11 December, 2020': the form the State's orders print under the number."""
    day = parse_date(value)
    months = HINDI_MONTHS if lang == 'hi' else ENGLISH_MONTHS
    return digits(f'{day.day} {months[day.month - 1]}, {day.year}', lang, style)


def _require(data: dict, *names):
    missing = [name for name in names if not data.get(name)]
    if missing:
        raise DocumentDataError('missing: ' + ', '.join(missing))


def _person(value, name: str) -> dict | None:
    if value in (None, ''):
        return None
    if not isinstance(value, dict) or not value.get('name'):
        raise DocumentDataError(f'{name}: expected {{"name": …, "designation": …}}')
    return {'name': value['name'], 'designation': value.get('designation', ''),
            'lines': list(value.get('lines') or [])}


def _paragraphs(items, lang: str, style: str) -> list[dict]:
    """Paragraphs as ``{number, text, items: [{number, text}]}``: the first is unnumbered, the next are "2-",
    "3-" …, as in the State's orders; items are "(1)", "(2)" … A paragraph of points only (no text) prints its
    number on the first point's line ("2- (1) …"), never on an empty line of its own."""
    if not isinstance(items, list):
        raise DocumentDataError('paragraphs: expected a list')
    result = []
    for index, paragraph in enumerate(items):
        if isinstance(paragraph, str):
            paragraph = {'text': paragraph}
        if not isinstance(paragraph, dict):
            raise DocumentDataError(f'paragraphs[{index}]: expected text or {{"text": …, "items": […]}}')
        number = paragraph.get('number')
        if number is None:
            number = '' if index == 0 else f'{index + 1}-'
        sub = paragraph.get('items') or []
        result.append({
            'number': digits(number, lang, style),
            'text': paragraph.get('text', ''),
            'items': [{'number': digits(f'({n})', lang, style), 'text': text} for n, text in enumerate(sub, 1)],
        })
    return result


def numbered_paragraphs(data: dict) -> list[dict]:
    """The paragraphs of a memo's or letter's data, numbered as printed (for showing the text on a page)."""
    lang = data.get('lang', 'hi')
    return _paragraphs(data.get('paragraphs') or [], lang if lang in WORDS else 'hi', data.get('digits', 'latin'))


def _numbered(lines, lang, style) -> list[dict]:
    return [{'number': digits(f'{n}-', lang, style), 'text': text} for n, text in enumerate(lines or [], 1)]


def _common(data: dict, kind_word: str) -> dict:
    lang = data.get('lang', 'hi')
    if lang not in WORDS:
        raise DocumentDataError(f'lang: {lang!r} is neither "hi" nor "en"')
    style = data.get('digits', 'latin')
    words = WORDS[lang]
    _require(data, 'date')
    return {
        'lang': lang, 'digits': style, 'words': words,
        'header': list(data.get('header') or [words['state']]),
        'number': data.get('number') or '',
        'place': data.get('place') or words['place'],
        'date': document_date(data['date'], lang, style),
        'iso_date': parse_date(data['date']).isoformat(),
        'title': data.get('title') or words[kind_word],
        'subject': data.get('subject', ''),
        'signatory': _person(data.get('signatory'), 'signatory'),
        'copy_intro': data.get('copy_intro') or words['copy_intro'],
        'copy_to': _numbered(data.get('copy_to'), lang, style),
        'same_ref': data.get('copy_number') and f"{words['number']}-{data['copy_number']}" or words['same_ref'],
        'by_order': _person(data.get('by_order'), 'by_order'),
    }


def build_office_memo(data: dict) -> dict:
    """कार्यालय-ज्ञाप: header, number and date, title, numbered paragraphs, signatory, copies, "आज्ञा से"."""
    _require(data, 'paragraphs', 'signatory')
    ctx = _common(data, 'office_memo')
    ctx['paragraphs'] = _paragraphs(data['paragraphs'], ctx['lang'], ctx['digits'])
    return ctx


def build_letter(data: dict) -> dict:
    """पत्र: number, from (प्रेषक), to (सेवा में), place and date, subject, salutation, body, "भवदीय", copies."""
    _require(data, 'paragraphs', 'signatory', 'to')
    ctx = _common(data, 'letter')
    ctx['paragraphs'] = _paragraphs(data['paragraphs'], ctx['lang'], ctx['digits'])
    ctx['sender'] = _person(data.get('from'), 'from') or ctx['signatory']
    ctx['to'] = list(data['to'])
    ctx['salutation'] = data.get('salutation') or ctx['words']['salutation']
    ctx['closing'] = data.get('closing') or ctx['words']['yours']
    ctx['enclosures'] = _numbered(data.get('enclosures'), ctx['lang'], ctx['digits'])
    return ctx


def bar_chart_svg(chart: dict, width: int = 640, height: int = 260) -> Markup:
    """A horizontal-axis bar chart as inline SVG (no scripts, no external fonts): ``{"title", "bars": [{"label",
    "value"}], "unit"}``."""
    bars = chart.get('bars') or []
    top = max([float(bar['value']) for bar in bars] + [1.0])
    left, bottom, right, head = 48, 56, 12, 16
    plot_w, plot_h = width - left - right, height - bottom - head
    step = plot_w / max(len(bars), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="chart" role="img">']
    for tick in range(5):
        value = top * tick / 4
        y = head + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccd" '
                     f'stroke-width="0.6"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="10" '
                     f'text-anchor="end" fill="#444">{value:,.0f}</text>')
    for index, bar in enumerate(bars):
        value = float(bar['value'])
        h = plot_h * value / top
        x = left + index * step + step * 0.15
        y = head + plot_h - h
        label = Markup.escape(str(bar['label']))
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="#123a6b"/>'
                     f'<text x="{x + step * 0.35:.1f}" y="{head + plot_h + 14}" font-size="10" '
                     f'text-anchor="middle" fill="#222">{label}</text>')
    parts.append(f'<line x1="{left}" y1="{head + plot_h}" x2="{width - right}" y2="{head + plot_h}" '
                 f'stroke="#333" stroke-width="1"/></svg>')
    return Markup(''.join(parts))  # nosec B704 # numbers, and labels escaped above


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + '…'


#: the horizontal chart's geometry (CSS px): plot width, bar height, gap between rows
HBAR_PLOT, HBAR_BAR, HBAR_GAP = 430, 9, 6


def hbar_chart_svg(chart: dict) -> Markup:
    """Horizontal bars, one row per label and one bar per series: ``{"bars": [{"label", "values": [..]}],
    "series": [{"name", "color"}], "unit", "max"}``; a value ``None`` draws no bar and "—".

    A table: one row per label, the label as HTML and the row's bars as a small SVG beside it (with its stretch of
    the grid), the scale as a last row. WeasyPrint lays out SVG ``<text>`` letter by letter, which breaks Devanagari
    (the vowel signs and conjuncts come apart); as HTML the Hindi is shaped by Pango in the PDF and by the browser on
    the page, and the same markup serves both. SVG text holds only Latin digits. No ``style`` attribute anywhere
    (the pages' Content-Security-Policy forbids them): sizes are SVG attributes, the rest is in the stylesheets'
    ``table.hbar-chart`` rules."""
    bars = chart.get('bars') or []
    series = chart.get('series') or [{'name': '', 'color': '#123a6b'}]
    values = [float(v) for bar in bars for v in bar.get('values', []) if v is not None]
    top = float(chart.get('max') or max(values + [1.0])) or 1.0
    unit = Markup.escape(chart.get('unit', ''))
    width, row_h, axis_h = HBAR_PLOT + 48, HBAR_BAR * len(series) + HBAR_GAP, 16

    def grid(height: float) -> str:
        return ''.join(f'<line x1="{HBAR_PLOT * tick / 4:.1f}" y1="0" x2="{HBAR_PLOT * tick / 4:.1f}" '
                       f'y2="{height}" stroke="{"#333" if tick == 0 else "#dde"}" '
                       f'stroke-width="{1 if tick == 0 else 0.6}"/>' for tick in range(5))

    def svg(height: float, body: str) -> Markup:
        # numbers, colours from code (reports/charts.py), the unit escaped above
        return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '  # nosec B704
                      f'viewBox="0 0 {width} {height}" role="presentation">{body}</svg>')

    rows = []
    for bar in bars:
        parts = [grid(row_h)]
        for number, value in enumerate(bar.get('values', [])):
            y = HBAR_GAP / 2 + number * HBAR_BAR
            color = series[number % len(series)]['color']
            if value is None:
                parts.append(f'<text x="3" y="{y + HBAR_BAR - 1.5:.1f}" font-size="8" fill="#777">—</text>')
                continue
            w = HBAR_PLOT * min(float(value), top) / top
            parts.append(f'<rect x="0" y="{y:.1f}" width="{w:.1f}" height="{HBAR_BAR - 1}" fill="{color}"/>'
                         f'<text x="{w + 3:.1f}" y="{y + HBAR_BAR - 1.5:.1f}" font-size="8" '
                         f'fill="#333">{float(value):,.1f}{unit}</text>')
        rows.append(Markup('<tr><td class="hbar-label">{}</td><td class="hbar-bars">{}</td></tr>').format(
            _short(bar['label'], 44), svg(row_h, ''.join(parts))))
    scale = ''.join(f'<text x="{HBAR_PLOT * tick / 4:.1f}" y="{axis_h - 4}" font-size="8.5" '
                    f'text-anchor="{"start" if tick == 0 else "middle"}" fill="#555">{top * tick / 4:,.0f}{unit}'
                    f'</text>' for tick in range(5))
    rows.append(Markup('<tr><td class="hbar-label"></td><td class="hbar-bars">{}</td></tr>').format(
        svg(axis_h, scale)))
    legend = Markup('').join(
        Markup('<span class="hbar-key"><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" '
               'role="presentation"><rect width="9" height="9" fill="{}"/></svg> {}</span>').format(
            item['color'], item['name'])
        for item in series if item.get('name'))
    return Markup('<table class="hbar-chart" role="img" aria-label="{title}"><tbody>'
                  '<tr><td></td><td class="hbar-legend">{legend}</td></tr>{rows}</tbody></table>').format(
        title=chart.get('title', ''), legend=legend, rows=Markup('').join(rows))


def chart_svg(block: dict) -> Markup:
    """The SVG of a report's chart block: ``style: "hbar"`` for horizontal bars, vertical bars otherwise."""
    return hbar_chart_svg(block) if block.get('style') == 'hbar' else bar_chart_svg(block)


def build_report(data: dict) -> dict:
    """Report for long notes: cover, contents, sections with paragraphs, tables (headers repeat on every page,
    rows never split) and SVG bar charts; "पृष्ठ 3 / 12" page numbers and a running header."""
    _require(data, 'title', 'sections')
    ctx = _common(data, 'report')
    ctx['subtitle'] = data.get('subtitle', '')
    ctx['prepared_by'] = data.get('prepared_by', '')
    sections = []
    for index, section in enumerate(data['sections'], 1):
        blocks = []
        for block in section.get('blocks', []):
            kind = block.get('type', 'paragraph')
            if kind == 'paragraph':
                blocks.append({'type': 'paragraph', 'text': block['text']})
            elif kind == 'table':
                blocks.append({'type': 'table', 'caption': block.get('caption', ''),
                               'columns': block['columns'], 'rows': block['rows'],
                               'numeric': block.get('numeric', []), 'compact': bool(block.get('compact')),
                               'widths': [float(w) for w in block.get('widths') or []]})
            elif kind == 'chart':
                blocks.append({'type': 'chart', 'title': block.get('title', ''), 'svg': chart_svg(block)})
            else:
                raise DocumentDataError(f'sections[{index - 1}].blocks: unknown type {kind!r}')
        sections.append({'id': f'section-{index}', 'number': digits(str(index), ctx['lang'], ctx['digits']),
                         'heading': section['heading'], 'blocks': blocks})
    ctx['sections'] = sections
    return ctx


@dataclass(frozen=True)
class DocumentType:
    name: str
    template: str
    build: Callable[[dict], dict]
    #: fields the register shows for the type
    words_key: str = ''

    @property
    def html_template(self) -> str:
        return f'documents/pdf/{self.template}.html'

    @property
    def css_template(self) -> str:
        return f'documents/pdf/{self.template}.css'


DOCUMENT_TYPES: dict[str, DocumentType] = {
    'office-memo': DocumentType('office-memo', 'office_memo', build_office_memo, 'office_memo'),
    'letter': DocumentType('letter', 'letter', build_letter, 'letter'),
    'report': DocumentType('report', 'report', build_report, 'report'),
}


def document_type(kind: str) -> DocumentType:
    try:
        return DOCUMENT_TYPES[kind]
    except KeyError:
        raise DocumentDataError(f'unknown document type {kind!r} (known: {", ".join(DOCUMENT_TYPES)})') from None


@dataclass
class Rendered:
    pdf: bytes
    html: str
    embedded: dict
    #: where the visible signature box sits: (page index, x, y, width, height) in PDF points, or None
    signature_box: tuple | None = None
    pages: int = 0
    extra: dict = field(default_factory=dict)


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode('utf-8')


def render(kind: str, data: dict, *, verification: dict | None = None, draft: bool = False,
           signature_box: bool = False, issued: dict | None = None) -> Rendered:
    """Render one document to PDF bytes with its embedded copy.

    ``verification``: ``{"code", "url"}`` prints the code and a QR code pointing to the URL on every page.
    ``issued``: what the register adds at issue (number, date, issuer), stored in the embedded JSON beside the data.
    ``signature_box``: reserve an empty box above the signatory's name for a visible digital signature.
    """
    doc_type = document_type(kind)
    ctx = doc_type.build(data)
    if verification:
        import segno
        qr = segno.make(verification['url'], error='m')
        verification = {**verification, 'qr': qr.svg_data_uri(border=0, dark='#000')}
    ctx.update(verification=verification, draft=draft, signature_box=signature_box, kind=kind)
    html = core_pdf.render_html(doc_type.html_template, **ctx)
    css = core_pdf.render_html(doc_type.css_template, **ctx)
    embedded = {'kind': kind, 'template_version': TEMPLATE_VERSION, 'data': data,
                'issued': issued or None, 'verification_code': (verification or {}).get('code')}
    created = datetime.combine(parse_date(data['date']), datetime.min.time(), tzinfo=timezone.utc)
    attachments = [
        core_pdf.Attachment(JSON_NAME, canonical_json(embedded), 'application/json',
                            'The document\'s content as data (UTF-8 JSON)', 'Data'),
        core_pdf.Attachment(HTML_NAME, html.encode('utf-8'), 'text/html',
                            'The document as HTML (UTF-8), from which the pages were laid out', 'Source'),
    ]
    layout, options = core_pdf.render_document(html, css, attachments, created=created)
    box = core_pdf.find_box(layout, 'signature-box') if signature_box else None
    return Rendered(pdf=core_pdf.write(layout, options), html=html, embedded=embedded, signature_box=box,
                    pages=len(layout.pages))


def read_embedded(pdf: bytes) -> tuple[dict | None, str | None]:
    """The embedded ``document.json`` (parsed) and ``document.html`` of a PDF made here (``None`` where absent)."""
    try:
        files = core_pdf.read_attachments(pdf)
    except Exception:  # not a PDF, or a damaged one
        return None, None
    data = json.loads(files[JSON_NAME].decode('utf-8')) if JSON_NAME in files else None
    html = files[HTML_NAME].decode('utf-8') if HTML_NAME in files else None
    return data, html
