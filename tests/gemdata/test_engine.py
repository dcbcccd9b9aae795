"""The import engine: classification, idempotency, audit, aliases, the dry run, and files refused as a whole."""
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import Workbook

from gemcell.core.audit import AuditEntry, verify_chain
from gemcell.gemdata import aliases
from gemcell.gemdata.importers import engine, get_shape
from gemcell.gemdata.importers.contract import Record, Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.models import (Bid, Bidder, DepartmentAlias, ImportBatch, ImportState, Order, Seller,
                                    SourceLayout, layout_digest)
from gemcell.gemdata.readers import FileRejected

SAMPLE = Path(__file__).resolve().parent.parent / 'data' / 'gem-contracts.csv'
HEADER = 'bid_no,contract_date,total_value,buyer_department,unit_price,order_status,seller_id,seller_name\n'
ROW = 'GEMC-5116877{n:08d},08/1/2026 14:49,42000,"{department}",4200,Order Accepted,8AD6180000593530,M/S SNEH\n'


@pytest.fixture(autouse=True)
def english(db):
    """Messages in English, as the CLI gives them."""
    with force_locale('en'):
        yield


def contracts(tmp_path, rows, name='orders.csv'):
    path = tmp_path / name
    path.write_text(HEADER + ''.join(rows), encoding='utf-8')
    return str(path)


def rows(count, department='Medical Health and Family Welfare Department Uttar Pradesh', start=1):
    return [ROW.format(n=n, department=department) for n in range(start, start + count)]


def import_contracts(path, filename=None, **kwargs):
    kwargs.setdefault('dry_run', False)
    return run_import(get_shape('gem-contracts'), Source(path, filename or Path(path).name), **kwargs)


def count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def audit_entries(db):
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def assert_nothing_imported(db):
    assert [count(db, model) for model in (Order, Seller, Bid, Bidder, DepartmentAlias, SourceLayout)] == [0] * 6
    assert audit_entries(db) == []


# -- new, changed, unchanged --------------------------------------------------------------------------------------

def test_new_rows_get_one_audit_entry_for_the_batch(db):
    batch = import_contracts(str(SAMPLE))
    entries = audit_entries(db)
    assert len(entries) == 1
    assert (entries[0].model, entries[0].object_id, entries[0].action) == ('import_batches', str(batch.id), 'insert')
    # 9 names: the 8 buyer departments and ESIC, named by organization_name where buyer_department is "NA"
    assert entries[0].changes == {'order': [None, 38], 'seller': [None, 21], 'department_alias': [None, 9],
                                  'source_layout': [None, 1]}
    assert batch.sha256 == __import__('hashlib').sha256(SAMPLE.read_bytes()).hexdigest()
    assert batch.size == SAMPLE.stat().st_size and batch.rows_done == 42
    assert verify_chain(db.session) == 1


def test_importing_the_same_file_again_changes_nothing(db):
    import_contracts(str(SAMPLE))
    db.session.commit()
    before = [(o.id, o.modified_dt, o.import_batch_id) for o in db.session.scalars(sa.select(Order).order_by(Order.id))]
    second = import_contracts(str(SAMPLE))
    db.session.commit()
    assert second.counts == {'order': {'new': 0, 'changed': 0, 'unchanged': 38, 'rejected': 4}}
    assert len(audit_entries(db)) == 1  # the first batch's only
    db.session.expire_all()
    assert [(o.id, o.modified_dt, o.import_batch_id)
            for o in db.session.scalars(sa.select(Order).order_by(Order.id))] == before


def test_a_changed_row_is_updated_and_audited_field_by_field(db, tmp_path):
    first = import_contracts(contracts(tmp_path, rows(3)))
    db.session.commit()
    changed = rows(3)
    changed[1] = changed[1].replace('42000,', '43000.50,').replace('Order Accepted', 'Cancelled')
    second = import_contracts(contracts(tmp_path, changed, 'changed.csv'))
    db.session.commit()
    assert second.counts['order'] == {'new': 0, 'changed': 1, 'unchanged': 2, 'rejected': 0}
    updated = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000002'))
    assert (updated.total_value, updated.status) == (Decimal('43000.50'), 'Cancelled')
    assert updated.import_batch_id == second.id and updated.source_record['order_status'] == 'Cancelled'
    untouched = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000001'))
    assert untouched.import_batch_id == first.id
    entry = audit_entries(db)[-1]
    assert (entry.model, entry.object_id, entry.action) == ('orders', str(updated.id), 'update')
    assert entry.changes == {'status': ['Order Accepted', 'Cancelled'], 'total_value': ['42000.00', '43000.50']}
    assert verify_chain(db.session) == 2


def test_orders_are_linked_to_a_known_gem_bid_and_to_existing_sellers(db, tmp_path, create_bid, create_seller):
    bid = create_bid(number='GEM/2025/B/6810987')
    seller = create_seller(gem_seller_id='8AD6180000593530', name='Old name')
    path = tmp_path / 'orders.csv'
    path.write_text('संविदा संख्या / Contract number,बिड संख्या / Bid number,क्रेता विभाग / Buyer department,'
                    'विक्रेता आई0डी0 / Seller ID,कुल मूल्य / Total value,संविदा तिथि / Contract date\n'
                    'GEMC-511687700000001,GEM/2025/B/6810987,Some Department,8AD6180000593530,100,08/01/2026 10:00\n'
                    'GEMC-511687700000002,GEM/2025/B/6999999,Some Department,8AD6180000593530,100,08/01/2026 10:00\n',
                    encoding='utf-8')
    batch = run_import(get_shape('template'), Source(str(path), 'orders.csv'), dry_run=False)
    assert batch.counts == {'order': {'new': 2, 'changed': 0, 'unchanged': 0, 'rejected': 0}}
    linked, unknown_bid = db.session.scalars(sa.select(Order).order_by(Order.number)).all()
    assert linked.bid_id == bid.id and unknown_bid.bid_id is None and unknown_bid.bid_number == 'GEM/2025/B/6999999'
    assert linked.seller_id == seller.id and seller.name == 'Old name'  # a known seller is not touched



def test_orders_imported_before_their_bid_are_linked_when_the_bid_comes(db, tmp_path):
    orders = tmp_path / 'orders.csv'
    orders.write_text('संविदा संख्या / Contract number,बिड संख्या / Bid number,क्रेता विभाग / Buyer department,'
                      'कुल मूल्य / Total value,संविदा तिथि / Contract date\n'
                      'GEMC-511687700000001,GEM/2025/B/6810987,Some Department,100,08/01/2026 10:00\n'
                      'GEMC-511687700000002,GEM/2025/B/6999999,Some Department,100,08/01/2026 10:00\n',
                      encoding='utf-8')
    run_import(get_shape('template'), Source(str(orders), 'orders.csv'), dry_run=False)
    bids = tmp_path / 'bids.csv'
    bids.write_text('बिड संख्या / Bid number,क्रेता विभाग / Buyer department\n'
                    'GEM/2025/B/6810987,Some Department\n', encoding='utf-8')
    batch = run_import(get_shape('template'), Source(str(bids), 'bids.csv', {'sheet': 'Bids'}), dry_run=False)
    db.session.expire_all()
    bid = db.session.scalars(sa.select(Bid)).one()
    waiting, unknown = db.session.scalars(sa.select(Order).order_by(Order.number)).all()
    assert waiting.bid_id == bid.id and unknown.bid_id is None
    entry = db.session.scalars(sa.select(AuditEntry).filter_by(model='orders', object_id=f'batch:{batch.id}')).one()
    assert entry.changes['rows'] == [None, 1]


# -- department aliases -------------------------------------------------------------------------------------------

def test_an_unknown_department_name_waits_for_a_reviewer_and_links_once_mapped(db, tmp_path, create_department):
    import_contracts(contracts(tmp_path, rows(2, department='Medical Health & FW Department, U.P.')))
    alias = db.session.scalar(sa.select(DepartmentAlias))
    assert alias.department_id is None and alias.name == 'Medical Health & FW Department, U.P.'
    assert alias.key == aliases.alias_key('Medical Health & FW Department, U.P.') and alias.seen_count == 2
    orders = db.session.scalars(sa.select(Order)).all()
    assert [(o.buyer_department_id, o.buyer_department_raw) for o in orders] == \
        [(None, 'Medical Health & FW Department, U.P.')] * 2

    health = create_department(code='HEALTH', name_en='Medical Health and Family Welfare Department')
    assert aliases.map_alias(alias, health) == 2
    db.session.commit()
    db.session.expire_all()
    assert {o.buyer_department_id for o in db.session.scalars(sa.select(Order))} == {health.id}

    batch = import_contracts(contracts(tmp_path, rows(1, department='MEDICAL HEALTH &  FW DEPARTMENT, U.P.', start=3),
                                       'later.csv'))
    assert batch.counts['order']['new'] == 1
    later = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000003'))
    assert later.buyer_department_id == health.id
    assert count(db, DepartmentAlias) == 1


# -- dry run ------------------------------------------------------------------------------------------------------

def test_a_dry_run_counts_everything_and_stores_only_the_batch(db):
    batch = import_contracts(str(SAMPLE), dry_run=True)
    assert batch.state is ImportState.dry_run and batch.is_dry_run
    assert batch.counts['order'] == {'new': 38, 'changed': 0, 'unchanged': 0, 'rejected': 4}
    assert batch.counts['seller']['new'] == 21 and batch.error_count == 4
    assert_nothing_imported(db)
    assert count(db, ImportBatch) == 1


# -- source records -----------------------------------------------------------------------------------------------

def test_a_table_row_keeps_its_values_and_its_files_headers_once(db, tmp_path):
    import_contracts(contracts(tmp_path, rows(2)))
    db.session.commit()
    layout = db.session.scalar(sa.select(SourceLayout))
    assert layout.headers == HEADER.strip().split(',') and layout.digest == layout_digest(layout.headers)
    order = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000001'))
    assert order.raw == [layout.id, 'GEMC-511687700000001', '08/1/2026 14:49', '42000',
                         'Medical Health and Family Welfare Department Uttar Pradesh', '4200', 'Order Accepted',
                         '8AD6180000593530', 'M/S SNEH']
    assert order.source_record == dict(zip(layout.headers, order.raw[1:]))
    assert order.seller.raw == {'seller_gem_id': '8AD6180000593530', 'seller_name': 'M/S SNEH'}  # the engine's own


def test_files_with_the_same_headers_share_a_layout_and_other_headers_get_their_own(db, tmp_path):
    import_contracts(contracts(tmp_path, rows(2)))
    second = import_contracts(contracts(tmp_path, rows(2, start=3), 'more.csv'))
    db.session.commit()
    assert count(db, SourceLayout) == 1
    assert 'source_layout' not in audit_entries(db)[-1].changes
    path = tmp_path / 'reordered.csv'
    path.write_text('total_value,bid_no,contract_date,buyer_department\n'
                    '100,GEMC-511687700000009,08/1/2026 14:49,Public Works Department\n', encoding='utf-8')
    import_contracts(str(path))
    db.session.commit()
    assert count(db, SourceLayout) == 2
    reordered = db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000009'))
    assert reordered.source_record == {'total_value': '100', 'bid_no': 'GEMC-511687700000009',
                                       'contract_date': '08/1/2026 14:49',
                                       'buyer_department': 'Public Works Department'}
    assert db.session.scalar(sa.select(Order).filter_by(number='GEMC-511687700000003')).import_batch_id == second.id


def test_a_changed_row_keeps_the_record_of_the_file_that_changed_it(db, tmp_path):
    import_contracts(contracts(tmp_path, rows(1)))
    db.session.commit()
    path = tmp_path / 'wider.csv'
    path.write_text(HEADER.strip() + ',state\n' + ROW.format(n=1, department='Public Works Department').strip()
                    + ',UTTAR PRADESH\n', encoding='utf-8')
    assert import_contracts(str(path)).counts['order']['changed'] == 1
    db.session.commit()
    order = db.session.scalar(sa.select(Order))
    assert order.source_record['buyer_department'] == 'Public Works Department'
    assert order.source_record['state'] == 'UTTAR PRADESH' and len(order.raw) == 10


def test_a_payment_keeps_the_record_the_order_came_from(db, tmp_path):
    import_contracts(contracts(tmp_path, rows(1)))
    db.session.commit()
    before = db.session.scalar(sa.select(Order)).source_record
    path = tmp_path / 'payments.csv'
    path.write_text('संविदा संख्या / Contract number,भुगतान तिथि / Payment date\nGEMC-511687700000001,05/02/2026\n',
                    encoding='utf-8')
    batch = run_import(get_shape('template'), Source(str(path), path.name, {'sheet': 'Payments'}), dry_run=False)
    db.session.commit()
    assert batch.counts['payment']['changed'] == 1
    order = db.session.scalar(sa.select(Order))
    assert order.import_batch_id == batch.id and order.source_record == before
    assert count(db, SourceLayout) == 1  # a payment's own record is not kept


# -- files refused as a whole -------------------------------------------------------------------------------------

def rejected(db, path, filename=None, **kwargs):
    batch = import_contracts(path, filename, **kwargs)
    assert batch.state is ImportState.rejected and batch.message
    assert batch.counts == {} or not any(c['new'] + c['changed'] for c in batch.counts.values())
    assert_nothing_imported(db)
    return batch.message


def xlsx(rows_):
    workbook = Workbook()
    for row in rows_:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_empty_file_is_refused(db, tmp_path):
    path = tmp_path / 'empty.csv'
    path.write_bytes(b'')
    assert rejected(db, str(path)) == 'The file has no rows.'


def test_a_binary_renamed_xlsx_is_refused(db, tmp_path):
    path = tmp_path / 'orders.xlsx'
    path.write_bytes(b'MZ\x90\x00' + bytes(range(256)) * 40)
    assert 'not an Excel workbook' in rejected(db, str(path))


def test_a_zip_bomb_renamed_xlsx_is_refused(db, tmp_path):
    path = tmp_path / 'bomb.xlsx'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('[Content_Types].xml', '<Types/>')
        archive.writestr('xl/workbook.xml', '<workbook/>')
        archive.writestr('xl/worksheets/sheet1.xml', b'\0' * (20 * 1024 * 1024))
    assert 'unreasonable size' in rejected(db, str(path))


def test_a_formula_is_refused(db, tmp_path):
    path = tmp_path / 'formula.xlsx'
    path.write_bytes(xlsx([HEADER.strip().split(','), ['GEMC-511687700000001', '08/1/2026 14:49', '=1+1', 'X']]))
    assert 'formula' in rejected(db, str(path))


def test_ten_thousand_columns_are_refused(db, tmp_path):
    path = tmp_path / 'wide.csv'
    path.write_text(','.join(f'c{n}' for n in range(10_000)) + '\n' + ','.join('1' * 10_000) + '\n')
    assert 'at most 200' in rejected(db, str(path))


def test_a_file_over_the_size_limit_is_refused(db):
    message = rejected(db, str(SAMPLE), limits={'max_bytes': 1000, 'max_rows': 100})
    assert 'at most 1,000 bytes' in message


def test_a_key_twice_in_the_file_is_refused_naming_both_rows(db, tmp_path):
    duplicated = rows(4) + rows(1, start=2)
    message = rejected(db, contracts(tmp_path, duplicated))
    assert 'GEMC-511687700000002' in message and 'row 3' in message and 'row 6' in message


def test_a_rejection_after_rows_were_written_rolls_them_back(db, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, 'CHUNK_SIZE', 2)
    message = rejected(db, contracts(tmp_path, rows(7)), limits={'max_bytes': 10 ** 6, 'max_rows': 5})
    assert 'more than 5 rows' in message


def test_a_file_without_one_valid_record_is_refused_with_its_row_errors(db, tmp_path):
    bad = [row.replace('08/1/2026', '31/02/2026') for row in rows(3)]
    batch = import_contracts(contracts(tmp_path, bad))
    assert batch.state is ImportState.rejected and 'no valid record' in batch.message
    assert batch.counts == {'order': {'new': 0, 'changed': 0, 'unchanged': 0, 'rejected': 3}}
    assert [error['row'] for error in batch.errors] == [2, 3, 4]
    assert_nothing_imported(db)


def test_an_unexpected_error_rolls_back_and_marks_the_batch_failed(db, tmp_path, monkeypatch):
    def broken(self, records):
        raise RuntimeError('disk on fire')
    monkeypatch.setattr(engine._Importer, '_process_order', broken)
    with pytest.raises(RuntimeError):
        import_contracts(contracts(tmp_path, rows(2)))
    batch = db.session.scalar(sa.select(ImportBatch))
    assert batch.state is ImportState.failed
    assert_nothing_imported(db)


# -- row errors and progress --------------------------------------------------------------------------------------

def test_row_errors_are_kept_up_to_the_limit_and_counted_beyond(db, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, 'MAX_STORED_ERRORS', 2)
    bad = [row.replace('42000', 'lots') for row in rows(5)]
    batch = import_contracts(contracts(tmp_path, rows(1, start=10) + bad))
    assert batch.error_count == 5 and len(batch.errors) == 2
    assert batch.errors[0] == {'kind': 'order', 'file': 'orders.csv', 'row': 3, 'column': 'total_value',
                               'value': 'lots', 'message': '"lots" is not a valid amount'}
    assert batch.counts['order'] == {'new': 1, 'changed': 0, 'unchanged': 0, 'rejected': 5}


def test_progress_is_reported_after_every_chunk(db, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, 'CHUNK_SIZE', 2)
    done = []
    import_contracts(contracts(tmp_path, rows(5)), progress=done.append)
    assert done == [2, 4, 5]


def test_the_user_is_the_actor_of_the_audit_entries(db, create_user):
    user = create_user(role='reviewer')
    batch = import_contracts(str(SAMPLE), user=user)
    assert batch.created_by_id == user.id
    assert audit_entries(db)[-1].actor == user.login and audit_entries(db)[-1].model == "import_batches"


def test_a_shape_error_mid_file_rejects_it(db, tmp_path):
    class Exploding:
        name, title = 'exploding', 'Exploding'

        def read(self, source, limits):
            yield from get_shape('gem-contracts').read(source, limits)
            raise FileRejected('The file broke down at the end.')
    batch = run_import(Exploding(), Source(contracts(tmp_path, rows(3)), 'orders.csv'), dry_run=False)
    assert batch.state is ImportState.rejected and batch.message == 'The file broke down at the end.'
    assert_nothing_imported(db)


def test_a_record_with_a_field_that_is_no_column_is_a_bug_of_its_shape(db, tmp_path):
    class Careless:
        name, title = 'careless', 'Careless'

        def read(self, source, limits):
            for n, extra in ((1, {}), (2, {}), (3, {'colour': 'red'})):
                yield Record('order', {'number': f'GEMC-51168770000000{n}', 'total_value': Decimal(n), **extra},
                             'orders.csv', n + 1)
    with pytest.raises(ValueError, match=r"order record with unknown fields: \['colour'\]"):
        run_import(Careless(), Source(contracts(tmp_path, rows(1)), 'orders.csv'), dry_run=True)
