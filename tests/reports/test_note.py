"""The monthly note: its figures against the hand-worked small State (``conftest.py``), the page, the exports, the
cell's remarks, and its issue to Government as a report document."""
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from gemcell.documents.models import Document, DocumentKind, DocumentState
from gemcell.documents.pdf import read_embedded
from gemcell.reports.note import compute_note
from tests.reports.conftest import OCTOBER, TODAY


def html_of(response):
    return response.get_data(as_text=True)


def test_figures_match_the_hand_worked_values(db, state):
    note = compute_note(OCTOBER, TODAY)
    lines = {line.department.code: line for line in note.lines}
    a, b, c = lines['AAA'], lines['BBB'], lines['CCC']
    assert (a.total, a.gem_reported, a.share_reported) == (Decimal('1000000'), Decimal('800000'), Decimal('80.0'))
    assert (a.gem_data, a.share_data, a.previous_share, a.change) == (Decimal('750000.00'), Decimal('75.0'),
                                                                      Decimal('70.0'), Decimal('10.0'))
    assert a.check.status == 'match' and a.rank == 1 and a.late == []
    assert (b.share_reported, b.gem_data, b.share_data) == (Decimal('50.0'), Decimal('500000.00'), Decimal('25.0'))
    assert b.check.is_flagged and b.check.gap_percent == Decimal('100.0') and b.rank == 2
    assert b.change is None
    assert b.problems == [('Portal problem', 1)] or b.problems == [('पोर्टल की समस्या', 1)]
    assert [(item.kind.value, item.status) for item in b.late] == [
        ('fortnightly', 'missing'), ('fortnightly', 'missing'), ('monthly', 'late')]
    assert c.rank is None and c.check is None and c.missing_count == 3
    assert [line.department.code for line in note.lines] == ['AAA', 'BBB', 'CCC']
    t = note.totals
    assert (t.departments, t.filed, t.total, t.gem_reported) == (3, 2, Decimal('3000000'), Decimal('1800000'))
    assert (t.share_reported, t.gem_data, t.share_data) == (Decimal('60.0'), Decimal('1250000.00'), Decimal('41.7'))
    assert (t.previous_share, t.change) == (Decimal('70.0'), Decimal('-10.0'))
    assert (t.flagged, t.late, t.missing) == (1, 1, 5)
    assert note.trend[-1] == (OCTOBER, Decimal('60.0'), Decimal('41.7'))
    assert note.trend[-2] == (date(2026, 9, 1), Decimal('70.0'), None)  # no September orders imported
    assert len(note.trend) == 12


def test_the_trend_kept_between_notes_follows_a_return_submitted_again(db, state):
    from datetime import datetime, timezone

    from gemcell.returns.models import Return, ReturnKind, ReturnVersion
    from tests.reports.conftest import monthly_data
    assert compute_note(OCTOBER, TODAY).trend[-2] == (date(2026, 9, 1), Decimal('70.0'), None)
    september = db.session.scalar(db.select(Return).filter_by(kind=ReturnKind.monthly, period_start=date(2026, 9, 1)))
    assert compute_note(OCTOBER, TODAY).trend[-2][1] == Decimal('70.0')  # kept: nothing submitted since
    september.versions.append(ReturnVersion(number=2, data=monthly_data('1000000', '200000', '200000'),
                                            submitted_by_id=september.submitted_by_id,
                                            submitted_dt=datetime(2026, 10, 9, tzinfo=timezone.utc)))
    db.session.commit()
    assert compute_note(OCTOBER, TODAY).trend[-2] == (date(2026, 9, 1), Decimal('40.0'), None)


def test_the_helpdesk_tickets_of_the_month_are_among_the_problems(db, state, create_ticket, create_ticket_category):
    """B ticked "Portal problem" in its return and raised two tickets of the same category in October (one more in
    November, not counted); C raised one ticket on bids."""
    from datetime import datetime, timezone
    portal = create_ticket_category(name_hi='पोर्टल की समस्या', name_en='Portal problem')
    bids = create_ticket_category(name_hi='बिड प्रकाशित नहीं हो रही', name_en='Bid not published')
    for day in (2, 30):
        create_ticket(department=state['b'], category=portal, now=datetime(2026, 10, day, 6, tzinfo=timezone.utc))
    create_ticket(department=state['b'], category=portal, now=datetime(2026, 11, 2, 6, tzinfo=timezone.utc))
    create_ticket(department=state['c'], category=bids, now=datetime(2026, 10, 9, 6, tzinfo=timezone.utc))
    db.session.commit()
    note = compute_note(OCTOBER, TODAY)
    problems = {line.department.code: line.problems for line in note.lines}
    assert problems['BBB'] in ([('Portal problem', 3)], [('पोर्टल की समस्या', 3)])
    assert problems['CCC'] in ([('Bid not published', 1)], [('बिड प्रकाशित नहीं हो रही', 1)])
    assert problems['AAA'] == []
    assert note.problems[0] in (('Portal problem', 3), ('पोर्टल की समस्या', 3))


def test_problem_sources_are_a_registry(db, state):
    from collections import Counter

    from gemcell.reports import note as note_module

    def tickets(month, department_ids):
        return {state['c'].id: Counter({'Login trouble': 4})}
    note_module.register_problem_source(tickets)
    try:
        note = compute_note(OCTOBER, TODAY)
    finally:
        note_module.PROBLEM_SOURCES.remove(tickets)
    assert {line.department.code: line.problems for line in note.lines}['CCC'] == [('Login trouble', 4)]
    assert note.problems[0] == ('Login trouble', 4)


def test_note_page_shows_the_figures_and_charts(db, client, login, state):
    login(state['government'])
    html = html_of(client.get('/reports/note?month=2026-10'))
    assert 'id="state-share">60.0 %' in html and 'id="state-share-data">41.7 %' in html
    # the State's trend and one chart of the two ranked departments; labels are HTML (shaped), bars SVG
    assert html.count('class="hbar-chart"') == 2 and '<svg' in html
    assert html.count('class="hbar-bars"') > 2 and 'class="hbar-label"' in html and ' style=' not in html
    assert 'A Department' in html and 'Differs from the GeM data' in html and '(+100.0 %)' in html
    # Administration reads the note but does not write the remarks
    assert 'id="prepare-note"' not in html and 'name="remarks"' not in html
    assert client.post('/reports/note/remarks?month=2026-10', data={'remarks': 'x'}).status_code == 403


def test_nodal_officer_cannot_see_the_note(db, client, login, state):
    login(state['officer'])
    assert client.get('/reports/note').status_code == 403
    assert client.get('/reports/scorecard').status_code == 403


def test_note_exports(db, client, login, state):
    login(state['reviewer'])
    csv = client.get('/reports/note?month=2026-10&format=csv').get_data(as_text=True)
    rows = [line.split(',') for line in csv.lstrip('\ufeff').splitlines()]
    assert rows[0][:3] == ['Rank', 'Department', 'Code'] and rows[1][:3] == ['1', 'A Department', 'AAA']
    assert '80.0' in rows[1] and '75.0' in rows[1]
    book = load_workbook(io.BytesIO(client.get('/reports/note?month=2026-10&format=xlsx').data))
    sheet = list(book.active.values)
    assert sheet[2][1] == 'B Department' and sheet[2][6] == 50.0


def test_month_not_over_falls_back_to_the_latest(db, client, login, state):
    login(state['reviewer'])
    from gemcell.reports.queries import latest_month
    html = html_of(client.get('/reports/note?month=2999-01'))
    assert f'Procurement through GeM, {latest_month():%B %Y}' in html
    assert client.get('/reports/note?month=garbage').status_code == 200


def test_remarks_then_prepare_approve_issue(db, client, login, state):
    login(state['reviewer'])
    response = client.post('/reports/note/remarks?month=2026-10',
                           data={'remarks': 'B must explain its gap.\n\nTraining is planned for December.'})
    assert response.status_code == 303
    response = client.post('/reports/note/prepare?month=2026-10', data={'language': 'en'})
    assert response.status_code == 303
    document = db.session.scalar(Document.__table__.select().with_only_columns(Document.id))
    document = db.session.get(Document, document)
    assert document.kind is DocumentKind.report and document.state is DocumentState.draft
    assert document.addressees == ['The Government of Uttar Pradesh (Administration), Lucknow']
    sections = {s['heading']: s for s in document.data['sections']}
    remarks = [b['text'] for b in sections['Remarks of the GeM Cell']['blocks']]
    assert remarks == ['B must explain its gap.', 'Training is planned for December.']
    table = sections['Department-wise procurement through GeM']['blocks'][1]
    assert table['rows'][0][:8] == ['1', 'A Department', '10.00', '8.00', '80.0 %', '7.50', '75.0 %', '+10.0']
    assert table['rows'][1][8] == 'differs (+100.0 %)' and table['rows'][2][8] == 'Not filed'
    assert table['rows'][1][9] == '2 not filed, 1 late' or table['rows'][1][9] == '1 late, 2 not filed'

    # the reviewer cannot issue; the In-charge approves and issues
    assert client.post(f'/documents/{document.id}/approve').status_code == 403
    login(state['head'])
    assert client.post(f'/documents/{document.id}/approve').status_code in (302, 303)
    assert client.post(f'/documents/{document.id}/issue').status_code in (302, 303)
    db.session.expire_all()
    document = db.session.get(Document, document.id)
    assert document.state is DocumentState.issued and document.number
    pdf = client.get(f'/documents/{document.id}/download').data
    assert pdf.startswith(b'%PDF')
    embedded, html = read_embedded(pdf)
    assert embedded['data']['month'] == '2026-10-01' and 'Monthly note' in embedded['data']['title']
    assert html.count('class="hbar-chart"') == 2 and 'A Department' in html

    # once issued, the remarks are frozen and the note cannot be prepared again
    page = html_of(client.get('/reports/note?month=2026-10'))
    assert 'name="remarks"' not in page and 'Training is planned for December.' in page
    assert client.post('/reports/note/remarks?month=2026-10', data={'remarks': 'late'}).status_code == 303
    response = client.post('/reports/note/prepare?month=2026-10', data={'language': 'en'})
    assert response.status_code == 303 and '/reports/note' in response.headers['Location']
    from gemcell.reports.queries import get_note
    assert get_note(OCTOBER).remarks.startswith('B must explain')
    # Administration sees the issued note in the register
    login(state['government'])
    assert client.get(f'/documents/{document.id}').status_code == 200


def test_preparing_again_refreshes_the_draft(db, client, login, state):
    login(state['reviewer'])
    client.post('/reports/note/prepare?month=2026-10', data={'language': 'hi'})
    client.post('/reports/note/remarks?month=2026-10', data={'remarks': 'नई टिप्पणी'})
    client.post('/reports/note/prepare?month=2026-10', data={'language': 'hi'})
    documents = db.session.scalars(Document.__table__.select()).all()
    assert len(documents) == 1
    db.session.expire_all()
    document = db.session.get(Document, documents[0])
    assert document.language == 'hi'
    assert document.data['sections'][-1]['blocks'] == [{'type': 'paragraph', 'text': 'नई टिप्पणी'}]
    assert document.data['sections'][0]['heading'] == 'सारांश'


def test_chart_markup_is_the_same_on_the_page_and_in_the_pdf(db, client, login, state):
    """The note's page and its PDF draw the charts from the same blocks with the same function; Hindi labels are
    HTML text (WeasyPrint would lay out SVG text letter by letter), the SVG holds bars and Latin figures only."""
    import re

    from gemcell.documents.pdf import render
    from gemcell.reports.document import note_fields
    fields = note_fields(compute_note(OCTOBER, TODAY), '', 'hi', TODAY)
    rendered = render('report', fields['data'])
    charts_in_pdf = re.findall(r'<table class="hbar-chart".*?</table>', rendered.html, re.S)
    state['reviewer'].locale = 'hi'
    db.session.commit()
    login(state['reviewer'])
    page = html_of(client.get('/reports/note?month=2026-10'))
    charts_on_page = re.findall(r'<table class="hbar-chart".*?</table>', page, re.S)
    assert charts_in_pdf == charts_on_page and len(charts_on_page) == 2
    assert 'क विभाग' in charts_on_page[1]
    for svg in re.findall(r'<svg.*?</svg>', ''.join(charts_on_page), re.S):
        assert not re.search('[\u0900-\u097f]', svg)
