"""The import page: upload, see the check (dry run), import for real — the worker runs the import (immediately in
tests)."""
import io
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from gemcell.core.audit import AuditEntry
from gemcell.gemdata.models import ImportBatch, ImportState, MappingProfile, Order

DATA = Path(__file__).resolve().parent.parent / 'data'


def upload(client, path: Path, shape='gem-contracts', name=None):
    with open(path, 'rb') as f:
        return client.post('/imports/new', data={'shape': shape, 'file': (io.BytesIO(f.read()), name or path.name)},
                           content_type='multipart/form-data')


def test_check_then_import_the_contracts_sample(db, client, login_as):
    login_as('reviewer')
    response = upload(client, DATA / 'gem-contracts.csv')
    assert response.status_code == 303
    checked = db.session.scalar(sa.select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert checked.is_dry_run and checked.state is ImportState.dry_run
    assert checked.counts['order']['new'] > 0
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0  # a check writes nothing

    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert f'/imports/{checked.id}/commit' in page

    response = client.post(f'/imports/{checked.id}/commit')
    assert response.status_code == 303
    db.session.expire_all()
    imported = db.session.scalar(sa.select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert imported.id != checked.id and imported.state is ImportState.committed
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == checked.counts['order']['new']
    # neither the import nor the check it came from can be imported again
    assert f'/imports/{imported.id}/commit' not in client.get(f'/imports/{imported.id}').get_data(as_text=True)
    check_page = client.get(f'/imports/{checked.id}').get_data(as_text=True)
    assert f'/imports/{checked.id}/commit' not in check_page and f'/imports/{imported.id}"' in check_page
    client.post(f'/imports/{checked.id}/commit')
    assert db.session.scalar(sa.select(sa.func.count(ImportBatch.id))) == 2


def test_a_bad_file_is_refused_with_a_message_and_nothing_imported(db, client, login_as, tmp_path):
    login_as('reviewer')
    fake = tmp_path / 'orders.xlsx'
    fake.write_bytes(b'MZ\x90\x00 this is a program, not a workbook' * 10)
    response = upload(client, fake)
    batch = db.session.scalar(sa.select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert batch.state is ImportState.rejected
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert batch.message and batch.message in page
    assert '/commit' not in page
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


def test_the_form_needs_a_file(db, client, login_as):
    login_as('reviewer')
    response = client.post('/imports/new', data={'shape': 'gem-contracts'}, content_type='multipart/form-data')
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(ImportBatch.id))) == 0


def test_running_import_page_polls_and_reloads_when_done(db, client, login_as, create_import_batch):
    login_as('reviewer')
    running = create_import_batch(state=ImportState.running)
    db.session.commit()
    fragment = client.get(f'/imports/{running.id}?poll=1', headers={'HX-Request': 'true'})
    assert 'hx-trigger="every 1s"' in fragment.get_data(as_text=True)
    running.state = ImportState.committed
    db.session.commit()
    done = client.get(f'/imports/{running.id}?poll=1', headers={'HX-Request': 'true'})
    assert done.headers['HX-Refresh'] == 'true'


def test_template_download_is_a_workbook_with_the_five_sheets(db, client, login_as):
    login_as('reviewer')
    response = client.get('/imports/template.xlsx')
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert {'Bids', 'Bidders', 'Orders', 'Sellers', 'Payments'} <= set(workbook.sheetnames)


def test_a_mapped_file_is_checked_through_the_chosen_profile(db, client, login_as, tmp_path):
    from gemcell.gemdata.models import MappingProfile
    db.session.add(MappingProfile(name='hospital orders', kind='order',
                                  columns={'number': 'Contract', 'total_value': 'Amount',
                                           'buyer_department_raw': 'Dept', 'order_dt': 'Dated'}))
    db.session.commit()
    login_as('reviewer')
    sample = tmp_path / 'hospital.csv'
    sample.write_text('Contract,Amount,Dept,Dated\nGEMC-511687754738820,"1,23,456.50",Health,08/1/2026 14:49\n',
                      encoding='utf-8')
    without = upload(client, sample, shape='mapped')
    assert without.status_code == 422
    with open(sample, 'rb') as f:
        response = client.post('/imports/new', data={'shape': 'mapped', 'mapping': 'hospital orders',
                                                     'file': (io.BytesIO(f.read()), 'hospital.csv')},
                               content_type='multipart/form-data')
    assert response.status_code == 303
    batch = db.session.scalar(sa.select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert batch.profile == 'hospital orders' and batch.state is ImportState.dry_run, batch.message
    assert batch.counts['order']['new'] == 1


def test_the_profiles_page_lists_what_each_profile_maps_and_a_profile_can_be_deleted(db, client, login_as,
                                                                                   create_mapping_profile,
                                                                                   create_import_batch):
    keep = create_mapping_profile(name='hospital orders', columns={'number': 'Contract', 'total_value': 'Amount'})
    gone = create_mapping_profile(name='old PWD layout', kind='seller', columns={'gem_seller_id': 'Vendor code'})
    create_import_batch(profile='hospital orders')
    db.session.commit()
    login_as('reviewer')
    page = client.get('/imports/mappings/?lang=en').get_data(as_text=True)
    assert 'hospital orders' in page and 'old PWD layout' in page
    assert '<q>Contract</q>' in page and '<q>Vendor code</q>' in page
    response = client.post(f'/imports/mappings/{gone.id}/delete')
    assert response.status_code == 303 and response.location.endswith('/imports/mappings/')
    assert db.session.scalars(sa.select(MappingProfile.name)).all() == ['hospital orders']
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.model == 'mapping_profiles',
                                                          AuditEntry.action == 'delete'))
    assert entry is not None and entry.object_id == str(gone.id)
    page = client.get('/imports/mappings/?kind=seller').get_data(as_text=True)
    assert 'hospital orders' not in page
