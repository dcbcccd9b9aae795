"""The evidence pack: one PDF in the documents' report form (cover, contents, covering letter, summary, rule-by-rule
reasoning, annexures), issued by the In-charge; its text holds every finding, rule id and bid number of the case."""
import subprocess
from datetime import date, timedelta

import pytest

from gemcell.cases import operations
from gemcell.documents.operations import read_issued_pdf
from gemcell.documents.pdf import read_embedded


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / 'pack.pdf'
    path.write_bytes(content)
    return subprocess.run(['pdftotext', '-layout', str(path), '-'], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def referred(db, create_case, create_user, create_bid, manual_l1):
    head = create_user(role='cell_head', name='Anil Kumar', designation='In-charge, GeM Cell')
    case = create_case(findings=[manual_l1['finding'], manual_l1['second']], department=manual_l1['department'],
                       buyer_gem_user_id='ee.pd.lko', firm_name='M/S Shree Ganesh Traders')
    other = create_bid(buyer_department=manual_l1['department'], number='GEM/2026/B/7005555')
    operations.add_by_number(case, other.number, case.created_by)
    day = date(2026, 11, 2)

    def refer(lang):
        operations.draft_show_cause(case, case.created_by, date(2026, 11, 16), lang=lang, today=day)
        operations.issue_show_cause(case, head, today=day)
        operations.record_reply(case, case.created_by, operations.Party.firm, date(2026, 11, 10),
                                'The firm denies any collusion.', today=day + timedelta(days=10))
        operations.save_conclusion(case, case.created_by, 'The explanation does not hold.', 'Blacklist for two years')
        operations.prepare_pack(case, case.created_by, lang=lang, today=date(2026, 11, 20))
        operations.refer_case(case, head, today=date(2026, 11, 20))
        return case
    return refer


@pytest.mark.parametrize('lang', ['hi', 'en'])
def test_the_pack_holds_every_finding_rule_and_bid(db, referred, manual_l1, lang, tmp_path):
    case = referred(lang)
    pack = case.pack
    assert pack.is_issued and pack.kind.value == 'report' and pack.issued_by.name == 'Anil Kumar'
    content = read_issued_pdf(pack)
    assert content.startswith(b'%PDF')
    text = pdf_text(content, tmp_path)
    for finding in case.findings:
        assert finding.rule_id in text
        assert f'{finding.id}' in text
    for number in ('GEM/2026/B/7001234', 'GEM/2026/B/7005555', pack.number):
        assert number in text
    data, html = read_embedded(content)
    assert data['data']['case']['findings'] == [f.id for f in case.findings]
    headings = [section['heading'] for section in data['data']['sections']]
    assert len(headings) == 9
    if lang == 'en':
        for heading in ('Covering letter to Government', 'Rule-by-rule reasoning', 'Annexure A: bid data',
                        'Annexure B: price comparison', 'Annexure D: timeline'):
            assert heading in text
        assert 'M/S Lowest Price Co' in text and '17.56%' in text  # 24,10,000 over 20,50,000
        assert 'The firm denies any collusion.' in text and 'The explanation does not hold.' in text
    else:
        assert 'शासन को संदर्भ' in html  # the Hindi as rendered (extracted Hindi is scrambled)
