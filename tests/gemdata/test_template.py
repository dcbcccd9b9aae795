"""gemcell's template: the downloadable workbook, its round trip, bilingual headers and one-sheet CSV files."""
import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import load_workbook

from gemcell.gemdata.importers import get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.importers.template import README_SHEET, SHEETS, template_workbook
from gemcell.gemdata.models import Bid, Bidder, BidderState, BidSource, ImportState, Order, Seller


@pytest.fixture(autouse=True)
def english(db):
    with force_locale('en'):
        yield


def import_template(data, filename='template.xlsx', **options):
    stream = io.BytesIO(data if isinstance(data, bytes) else data.encode('utf-8'))
    return run_import(get_shape('template'), Source(stream, filename, options), dry_run=False)


def test_the_template_has_a_sheet_per_kind_with_bilingual_headers_and_a_read_me(db):
    workbook = load_workbook(io.BytesIO(template_workbook(example=False)))
    assert workbook.sheetnames == ['Bids', 'Bidders', 'Orders', 'Sellers', 'Payments', README_SHEET]
    assert [cell.value for cell in workbook['Orders'][1]][:3] == \
        ['संविदा संख्या / Contract number', 'बिड संख्या / Bid number', 'क्रेता विभाग / Buyer department']
    assert workbook['Orders'].max_row == 1  # no example rows
    readme = [[cell.value for cell in row] for row in workbook[README_SHEET].iter_rows()]
    described = {(row[0], row[1]) for row in readme if row[0] in {sheet.name for sheet in SHEETS}}
    assert described == {(sheet.name, column.headers[0]) for sheet in SHEETS for column in sheet.columns}
    assert any('DD/MM/YYYY' in (row[4] or '') for row in readme)


def test_the_filled_template_imports_its_example_records(db):
    batch = import_template(template_workbook(example=True))
    assert batch.state is ImportState.committed, batch.errors
    assert batch.error_count == 0
    assert {kind: counts['new'] for kind, counts in batch.counts.items()} == \
        {'seller': 1, 'bid': 1, 'bidder': 1, 'order': 1, 'payment': 0}
    assert batch.counts['payment']['changed'] == 1  # the payment columns of the order just added
    seller = db.session.scalar(sa.select(Seller))
    assert (seller.gem_seller_id, seller.is_mse, seller.is_startup) == ('8AD6180000593530', True, False)
    bid = db.session.scalar(sa.select(Bid))
    assert (bid.source, bid.number, bid.quantity, bid.emd_amount) == (BidSource.gem, 'GEM/2025/B/6810987', 176,
                                                                      Decimal('25000'))
    bidder = db.session.scalar(sa.select(Bidder))
    assert (bidder.bid_id, bidder.seller_id, bidder.rank, bidder.state, bidder.is_awarded) == \
        (bid.id, seller.id, 1, BidderState.awarded, True)
    order = db.session.scalar(sa.select(Order))
    assert (order.number, order.total_value, order.seller_id) == ('GEMC-511687789665064', Decimal('42000'), seller.id)
    assert order.invoice_number == 'SE/2025-26/114' and order.payment_amount == Decimal('42000')
    assert order.source_record['संविदा संख्या / Contract number'] == 'GEMC-511687789665064'
    again = import_template(template_workbook(example=True))
    assert all(counts['new'] == counts['changed'] == 0 for counts in again.counts.values())


@pytest.mark.parametrize('header', ['संविदा संख्या', 'Contract number', 'संविदा संख्या / Contract number'])
def test_a_header_may_be_hindi_english_or_both(db, header):
    csv = (f'{header},क्रेता विभाग,Total value,संविदा तिथि / Contract date\n'
           'GEMC-511687789665064,Some Department,100,08/01/2026 10:00\n')
    batch = import_template(csv, 'orders.csv')
    assert batch.counts['order']['new'] == 1


def test_a_csv_sheet_is_recognised_from_its_headers_or_named(db):
    orders = 'Contract number,Buyer department,Total value,Contract date\nGEMC-511687789665064,X,100,08/01/2026\n'
    payments = 'Contract number,Payment date,Payment amount\nGEMC-511687789665064,05/02/2026,100\n'
    assert import_template(orders, 'orders.csv').counts['order']['new'] == 1
    batch = import_template(payments, 'payments.csv')
    assert batch.counts['payment']['changed'] == 1
    named = import_template(payments, 'payments.csv', sheet='Payments')
    assert named.counts['payment']['unchanged'] == 1


def test_a_csv_matching_no_sheet_is_refused(db):
    batch = import_template('Tender ID,Bidder Name\n2022_PWD_26485_11,M/S A\n', 'odd.csv')
    assert batch.state is ImportState.rejected and 'which template sheet' in batch.message


def test_a_bidder_of_an_unknown_bid_is_a_row_error(db):
    csv = 'Bid number,Bidder name\nGEM/2025/B/6810987,M/S A\n'
    batch = import_template(csv, 'bidders.csv', sheet='Bidders')
    assert batch.state is ImportState.rejected  # its only row
    assert batch.errors[0]['message'] == 'The bid "GEM/2025/B/6810987" is neither in gemcell nor in this file.'


def test_a_workbook_without_template_sheets_is_refused(db):
    from openpyxl import Workbook
    buffer = io.BytesIO()
    Workbook().save(buffer)
    batch = import_template(buffer.getvalue())
    assert batch.state is ImportState.rejected and 'none of the sheets' in batch.message
