"""Documents: a one-page office memo (target ≤ 1 s) and a 30-page report with tables and charts (target ≤ 10 s),
rendered through the same path as issued documents (with the embedded copy, QR code and PDF/A-3)."""
import time

from gemcell import create_app
from gemcell.config import TestConfig
from gemcell.core.i18n import format_number

MEMO = {
    'lang': 'hi', 'header': ['उत्तर प्रदेश शासन', 'जेम सेल'], 'number': '17/2026/GeM-Cell', 'date': '2026-11-26',
    'paragraphs': [{'text': 'जेम पोर्टल पर अपलोड की गयी निविदा संख्या GEM/2026/B/6012345 के परीक्षण में '
                            'निम्नलिखित विचलन '
                            'पाये गये हैं:', 'items': ['ई0एम0डी0 धनराशि ₹2,50,000 नियमानुसार नहीं है।',
                                                    'निविदा का विभक्तीकरण किया गया है।']},
                   'अतः निविदा के निरस्तीकरण की संस्तुति की जाती है।'],
    'signatory': {'name': 'प्रभारी', 'designation': 'जेम सेल, लखनऊ।'},
    'copy_to': ['आयुक्त एवं निदेशक, उद्योग, कानपुर।', 'प्रमुख सचिव, चिकित्सा एवं स्वास्थ्य विभाग।'],
}
DEPARTMENTS = ['चिकित्सा एवं स्वास्थ्य', 'लोक निर्माण', 'बेसिक शिक्षा', 'गृह', 'कृषि', 'ग्राम्य विकास', 'नगर विकास',
               'ऊर्जा', 'सिंचाई', 'परिवहन', 'उच्च शिक्षा', 'पंचायती राज']


def report_data(sections: int = 9, rows: int = 80) -> dict:
    """A monthly note of about 30 pages: per section a paragraph, a chart and a long table."""
    def table(s):
        return {'type': 'table', 'caption': f'तालिका {s}: विभागवार क्रय',
                'columns': ['क्रम', 'विभाग', 'कुल क्रय (₹)', 'जेम से क्रय (₹)', 'प्रतिशत'], 'numeric': [0, 2, 3, 4],
                'rows': [[str(r + 1), DEPARTMENTS[r % len(DEPARTMENTS)] + f' — कार्यालय {r + 1}',
                          format_number((r + 3) * 1234567, 'hi'), format_number((r + 1) * 834567, 'hi'),
                          f'{(r * 7) % 100}.{r % 10}%']
                         for r in range(rows)]}
    return {
        'lang': 'hi', 'title': 'मासिक टिप्पणी: जेम से क्रय', 'subtitle': 'नवम्बर 2026', 'date': '2026-11-30',
        'number': '31/2026/GeM-Cell', 'header': ['उत्तर प्रदेश शासन', 'जेम सेल'],
        'sections': [{'heading': f'खण्ड {s}: विभागों द्वारा जेम से क्रय', 'blocks': [
            {'type': 'paragraph', 'text': 'इस खण्ड में विभागवार क्रय का विवरण प्रस्तुत है। ' * 6},
            {'type': 'chart', 'title': 'विभागवार प्रतिशत', 'bars': [{'label': f'D{i + 1}', 'value': (i * 13) % 97 + 3}
                                                              for i in range(12)]},
            table(s)]} for s in range(1, sections + 1)],
    }


def main():
    app = create_app(TestConfig)
    with app.test_request_context():
        from gemcell.documents.pdf import render
        verification = {'code': 'K7P2-9XQM', 'url': 'http://gemcell.local/verify/K7P2-9XQM'}
        render('office-memo', MEMO, verification=verification)  # warm up fonts and templates
        rows = []
        for name, kind, data, target in (('office memo, 1 page', 'office-memo', MEMO, 1.0),
                                         ('report, tables + charts', 'report', report_data(), 10.0)):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                result = render(kind, data, verification=verification)
                times.append(time.perf_counter() - start)
            rows.append((name, result.pages, min(times), target))
    print(f'{"document":<26}{"pages":>6}{"best of 3 (s)":>15}{"target (s)":>12}  ok')
    for name, pages, seconds, target in rows:
        print(f'{name:<26}{pages:>6}{seconds:>15.2f}{target:>12.1f}  {"yes" if seconds <= target else "NO"}')


if __name__ == '__main__':
    main()
