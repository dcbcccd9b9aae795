"""The document forms as PDF: the seed memo (office memo 43/2020) rendered from its data, read back exactly from the
copy embedded in the PDF, its Latin parts found on the page, and a page image kept for the eye."""
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gemcell.core import pdf as core_pdf
from gemcell.documents.pdf import DocumentDataError, read_embedded, render

DATA = Path(__file__).parent / 'data'
ARTIFACTS = Path(__file__).resolve().parents[2] / 'test-artifacts'
SEED = json.loads((DATA / 'seed-memo-43-2020.json').read_text(encoding='utf-8'))

DUTY_STARTS = [
    'प्रदेश में जेम के अनुपालन के संबंध में पाक्षिक आख्या प्राप्त करना',
    'सूक्ष्म, लघु एवं मध्यम उद्यम विभाग द्वारा स्थापित व जेम सहित प्रचलित अन्य क्रय नियमों',
    'क्रेता विभागों की तकनीकी समस्याओं के निराकरण हेतु फील्ड स्तर पर सहायता करना।',
    'क्रेता विभाग/विक्रेता फर्मों/संस्थाओं की पोर्टल संबंधित समस्याओं का कार्यालय स्तर पर निराकरण करना।',
    'विभागों के स्तर पर क्रय प्रक्रिया से संबंधित होने वाली विभिन्न बैठकों में नोडल अधिकारी द्वारा प्रतिभाग करना।',
    'जेम पोर्टल से सामग्री/सेवाओं के क्रय के उपरान्त विभिन्न विभागों पर लम्बित भुगतान',
    'राज्य सरकार द्वारा क्रय प्रक्रिया से संबंधित निर्गत शासनादेशों में दी गयी व्यवस्था',
    'जेम पोर्टल पर क्रेता विभाग द्वारा अपलोड की गयी प्रत्येक निविदा का जेम के नियमों के अन्तर्गत परीक्षण',
    'तकनीकी निविदा में अनर्ह घोषित फर्मों के संबंध में जाँच/निष्कर्ष',
    'निविदा में दी गयी ई0एम0डी0 धनराशि के संबंध में परीक्षण।',
    'पोर्टल पर अपलोड की गयी निविदाओं की श्रेणी का परीक्षण',
    'यदि किसी प्रकरण में मैनुअल एल-1 का चयन किया गया है',
    'शासन द्वारा समय-समय पर दिये गये निर्देशों का अनुपालन सुनिश्चित करना।',
]
COPIES = [
    'मुख्य कार्यकारी अधिकारी, जेम, भारत सरकार, नई दिल्ली।',
    'समस्त अपर मुख्य सचिव/प्रमुख सचिव/सचिव, उत्तर प्रदेश शासन को इस आशय से प्रेषित कि कृपया',
    'निजी सचिव, मुख्य सचिव, उत्तर प्रदेश शासन।',
    'आयुक्त एवं निदेशक, उद्योग एवं उद्यम प्रोत्साहन, उ0प्र0, कानपुर।',
    'प्रभारी, जेम सेल, लखनऊ।',
]


class TextLines(HTMLParser):
    """The visible text of the embedded HTML, one entry per block element, whitespace collapsed."""

    BLOCKS = {'p', 'div', 'h1', 'h2', 'li', 'tr', 'section', 'header'}

    def __init__(self):
        super().__init__()
        self.lines, self.current, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ('title', 'style'):
            self.skip += 1
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ('title', 'style'):
            self.skip -= 1
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def flush(self):
        text = re.sub(r'\s+', ' ', ''.join(self.current)).strip()
        if text:
            self.lines.append(text)
        self.current = []


def visible_lines(html: str) -> list[str]:
    parser = TextLines()
    parser.feed(html)
    parser.flush()
    return parser.lines


@pytest.fixture(scope='module')
def seed_pdf(app):
    with app.test_request_context():
        return render('office-memo', SEED, verification={'code': 'K7P2-9XQM',
                                                         'url': 'http://gemcell.example/verify/K7P2-9XQM'}).pdf


def test_seed_memo_embedded_copy_has_every_part_in_order_as_exact_hindi(seed_pdf):
    assert seed_pdf.startswith(b'%PDF')
    data, html = read_embedded(seed_pdf)
    assert data['kind'] == 'office-memo' and data['data'] == SEED  # the data, byte for byte as given
    lines = visible_lines(html)
    expected = [
        'उत्तर प्रदेश शासन',
        'सूक्ष्म, लघु एवं मध्यम उद्यम अनुभाग-2',
        'संख्या-43/2020/632/18-2-2020-97(ल0उ0)/2016',
        'लखनऊ: दिनांक: 11 दिसम्बर, 2020',
        'कार्यालय-ज्ञाप',
        SEED['paragraphs'][0]['text'],
        *[f'({n}) {start}' for n, start in enumerate(DUTY_STARTS, 1)],
        '2- जेम सेल के गठन विषयक कार्यालय ज्ञाप संख्या-19/2017/836/18-2-2017-97(ल0उ0)/2016, दिनांक 28 नवम्बर, 2017 को '
        'एतद्द्वारा उक्तानुसार संशोधित किया जाता है।',
        'नवनीत सहगल', 'अपर मुख्य सचिव।',
        'संख्या एवं दिनांक तदैव',
        'प्रतिलिपि निम्नलिखित को सूचनार्थ एवं आवश्यक कार्यवाही हेतु प्रेषित:-',
        *[f'{n}- {start}' for n, start in enumerate(COPIES, 1)],
        'आज्ञा से,', 'दीप कुमार', 'विशेष सचिव।',
    ]
    position = -1
    for line in expected:
        found = next((i for i, have in enumerate(lines) if i > position and have.startswith(line)), None)
        assert found is not None, f'not found after line {position}: {line!r}'
        position = found
    # every duty is there whole, with its own number, and no fourteenth
    duties = [line for line in lines if re.match(r'\(\d+\) ', line)]
    assert duties == [f'({n}) {text}' for n, text in enumerate(SEED['paragraphs'][0]['items'], 1)]
    assert len(duties) == 13


@pytest.mark.skipif(not shutil.which('pdftotext'), reason='poppler-utils (pdftotext) is not installed')
def test_seed_memo_latin_parts_are_on_the_page(seed_pdf, tmp_path):
    path = tmp_path / 'memo.pdf'
    path.write_bytes(seed_pdf)
    text = subprocess.run(['pdftotext', '-layout', str(path), '-'], check=True, capture_output=True,
                          text=True).stdout
    page1, page2 = text.split('\f')[:2]
    # the number line's digits, then the date line's, then the body's references: in this order on page 1
    positions = [page1.index('43/2020/632/18-2-2020-97'), page1.index('11'), page1.index('2020', page1.index('11')),
                 page1.index('11/2017/523/18-2-2017-97'), page1.index('GOTT-PMU')]
    assert positions == sorted(positions)
    assert re.search(r'^\s*संख्या-43/2020/632/18-2-2020-97', page1, re.M)
    assert re.search(r'11 \S+, 2020\s*$', page1, re.M)  # the date line ends the line, at the right
    assert '(13)' in page2 and '19/2017/836/18-2-2017-97' in page2 and 'K7P2-9XQM' in page1 + page2
    assert [m.group(1) for m in re.finditer(r'^\s*(\d)-\s', page2, re.M)] == ['2', '1', '2', '3', '4', '5']


@pytest.mark.skipif(not shutil.which('pdftoppm'), reason='poppler-utils (pdftoppm) is not installed')
def test_seed_memo_page_image_is_kept_as_artifact(seed_pdf, tmp_path):
    """For the eye: conjuncts joined, ि before its consonant (test-artifacts/ is git-ignored)."""
    path = tmp_path / 'memo.pdf'
    path.write_bytes(seed_pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(['pdftoppm', '-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', str(path),
                    str(ARTIFACTS / 'seed-memo-43-2020-page1')], check=True)
    assert (ARTIFACTS / 'seed-memo-43-2020-page1.png').stat().st_size > 10_000


@pytest.mark.skipif(not shutil.which('pdffonts'), reason='poppler-utils (pdffonts) is not installed')
def test_devanagari_font_is_embedded(seed_pdf, tmp_path):
    path = tmp_path / 'memo.pdf'
    path.write_bytes(seed_pdf)
    fonts = subprocess.run(['pdffonts', str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(' yes yes yes ' in row for row in rows), fonts
    assert any('GC-Devanagari' in row for row in rows), fonts


def test_pdf_is_pdf_a_3_with_associated_files(seed_pdf):
    import io

    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(seed_pdf))
    assert 'pdfaid:part="3"' in reader.xmp_metadata.stream.get_data().decode() or \
        b'<pdfaid:part>3</pdfaid:part>' in reader.xmp_metadata.stream.get_data()
    associated = reader.trailer['/Root']['/AF']
    relationships = {str(ref.get_object()['/AFRelationship']) for ref in associated}
    assert relationships == {'/Data', '/Source'}
    assert sorted(reader.attachments) == ['document.html', 'document.json']


def test_english_memo_follows_the_same_form(app):
    data = {**SEED, 'lang': 'en', 'place': None, 'title': None,
            'header': ['Government of Uttar Pradesh', 'MSME Section-2'],
            'paragraphs': [{'text': 'The GeM Cell shall perform the following:', 'items': ['One.', 'Two.']},
                           'Memo 19/2017 is amended accordingly.'],
            'signatory': {'name': 'Navneet Sehgal', 'designation': 'Additional Chief Secretary.'},
            'copy_to': ['CEO, GeM, New Delhi.'],
            'by_order': {'name': 'Deep Kumar', 'designation': 'Special Secretary.'}}
    with app.test_request_context():
        result = render('office-memo', data)
    lines = visible_lines(result.html)
    for line in ['No.-43/2020/632/18-2-2020-97(ल0उ0)/2016', 'Lucknow: Dated: 11 December, 2020',
                 'Office Memorandum', '(1) One.', '(2) Two.', '2- Memo 19/2017 is amended accordingly.',
                 'No. and date as above', '1- CEO, GeM, New Delhi.', 'By order,', 'Deep Kumar']:
        assert line in lines
    if shutil.which('pdftotext'):  # English extracts faithfully from the page itself
        text = subprocess.run(['pdftotext', '-', '-'], input=result.pdf, check=True, capture_output=True).stdout
        text = re.sub(r'\s+', ' ', text.decode())
        assert 'Lucknow: Dated: 11 December, 2020 Office Memorandum The GeM Cell shall' in text
        assert text.index('(1) One.') < text.index('(2) Two.') < text.index('By order,') < text.index('Deep Kumar')


def test_hindi_digits_when_configured(app):
    with app.test_request_context():
        html = render('office-memo', {**SEED, 'digits': 'deva'}).html
    assert 'दिनांक: ११ दिसम्बर, २०२०' in html and '(१३)' in html
    assert 'संख्या-43/2020/632' in html  # a reference number is printed as given


def test_missing_fields_are_reported(app):
    with app.test_request_context(), pytest.raises(DocumentDataError, match='signatory'):
        render('office-memo', {'date': '2020-12-11', 'paragraphs': ['x']})


def test_fetcher_reads_only_the_static_folder(app):
    with app.test_request_context():
        fetcher = core_pdf.local_fetcher()
        response = fetcher.fetch(core_pdf.static_base_url() + 'fonts/OFL-NotoSansDevanagari.txt')
        assert b'Open Font License' in response.read()
        response.close()
        for url in ('http://127.0.0.1:9/x.png', 'https://example.org/font.ttf', 'file:///etc/passwd',
                    core_pdf.static_base_url() + '../gemcell/config.py', 'ftp://example.org/x'):
            with pytest.raises(ValueError):
                fetcher.fetch(url)


def test_cli_renders_office_memo_from_json(app, tmp_path):
    out = tmp_path / 'seed.pdf'
    result = app.test_cli_runner().invoke(args=['gemcell', 'document', 'render', 'office-memo',
                                                str(DATA / 'seed-memo-43-2020.json'), str(out)])
    assert result.exit_code == 0, result.output
    data, _html = read_embedded(out.read_bytes())
    assert data['data']['number'] == '43/2020/632/18-2-2020-97(ल0उ0)/2016'
    bad = tmp_path / 'bad.json'
    bad.write_text('{"date": "2020-12-11"}')
    result = app.test_cli_runner().invoke(args=['gemcell', 'document', 'render', 'office-memo', str(bad),
                                                str(tmp_path / 'x.pdf')])
    assert result.exit_code != 0 and 'missing' in result.output


@pytest.mark.parametrize('kind', ['office-memo', 'letter'])
def test_subject_is_printed_after_the_title_or_addressees_and_before_the_body(app, kind):
    data = {**SEED, 'subject': 'निविदा निरस्तीकरण की संस्तुति', 'to': ['प्रमुख सचिव, चिकित्सा']}
    with app.test_request_context():
        lines = visible_lines(render(kind, data).html)
    subject = lines.index('विषय:- निविदा निरस्तीकरण की संस्तुति')
    before = lines.index('कार्यालय-ज्ञाप') if kind == 'office-memo' else lines.index('प्रमुख सचिव, चिकित्सा')
    assert before < subject < lines.index(SEED['paragraphs'][0]['text'])
    with app.test_request_context():
        english = visible_lines(render(kind, {**data, 'lang': 'en', 'title': None, 'subject': 'Bid cancelled'}).html)
    assert 'Subject:- Bid cancelled' in english


def test_seed_memo_prints_no_subject_line(seed_pdf):
    _data, html = read_embedded(seed_pdf)
    assert not any(line.startswith('विषय') for line in visible_lines(html))


def test_a_paragraph_of_points_only_prints_its_number_on_the_first_point(app):
    data = {**SEED, 'paragraphs': ['प्रथम अनुच्छेद।', {'text': '', 'items': ['पहला बिन्दु।', 'दूसरा बिन्दु।']},
                                   {'items': ['तीसरा बिन्दु।']}]}
    with app.test_request_context():
        lines = visible_lines(render('office-memo', data).html)
    assert '2- (1) पहला बिन्दु।' in lines and '(2) दूसरा बिन्दु।' in lines and '3- (1) तीसरा बिन्दु।' in lines
    assert not any(re.fullmatch(r'\d+-', line) for line in lines)  # no empty numbered line
