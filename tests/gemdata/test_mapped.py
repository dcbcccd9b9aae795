"""The ``mapped`` shape: a file of any layout imported through a saved column-mapping profile (CLI, engine, page)."""
import io
import json
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from gemcell.gemdata.importers import get_shape
from gemcell.gemdata.importers.contract import Source
from gemcell.gemdata.importers.engine import run_import
from gemcell.gemdata.models import ImportState, MappingProfile, Order

FOREIGN = ('Ref No,Dept,Amount Rs,Dated,Vendor\n'
           'GEMC-511687789665064,Public Works Department,"42,000",08/01/2026 14:49,M/S A\n'
           'GEMC-511687789665065,Public Works Department,1500.50,09/01/2026 10:00,M/S B\n')
BAD_AMOUNT = FOREIGN + 'GEMC-511687789665066,Public Works Department,lots,10/01/2026 10:00,M/S C\n'
MAPPING = {'number': 'Ref No', 'buyer_department_raw': 'Dept', 'total_value': 'Amount Rs', 'order_dt': 'Dated',
           'seller_name': 'Vendor'}


@pytest.fixture
def profile(db):
    profile = MappingProfile(name='district orders', kind='order', columns=MAPPING)
    db.session.add(profile)
    db.session.commit()
    return profile


@pytest.fixture
def foreign_csv(tmp_path):
    path = tmp_path / 'district.csv'
    path.write_text(FOREIGN, encoding='utf-8')
    return path


def test_engine_imports_a_foreign_csv_through_a_profile(db, profile, foreign_csv):
    batch = run_import(get_shape('mapped'), Source(str(foreign_csv), foreign_csv.name, {'profile': 'district orders'}),
                       dry_run=False)
    db.session.commit()
    assert batch.state is ImportState.committed and batch.profile == 'district orders'
    assert batch.counts['order']['new'] == 2
    order = db.session.scalar(sa.select(Order).where(Order.number == 'GEMC-511687789665064'))
    assert order.total_value == Decimal('42000') and order.seller_name == 'M/S A'
    assert order.source_record['Ref No'] == 'GEMC-511687789665064'


def test_cli_imports_through_a_saved_profile(db, runner, profile, foreign_csv):
    result = runner.invoke(args=['gemcell', 'import', 'mapped', str(foreign_csv), '--profile', 'district orders',
                                 '--json'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)['new'] == {'order': 2}
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 2


def test_cli_refuses_an_unknown_profile(db, runner, foreign_csv):
    result = runner.invoke(args=['gemcell', 'import', 'mapped', str(foreign_csv), '--profile', 'nope'])
    assert result.exit_code == 2
    assert 'There is no column-mapping profile "nope"' in result.output
    result = runner.invoke(args=['gemcell', 'import', 'mapped', str(foreign_csv)])
    assert result.exit_code == 2 and '--profile' in result.output


def test_engine_rejects_an_unknown_profile(db, foreign_csv):
    batch = run_import(get_shape('mapped'), Source(str(foreign_csv), foreign_csv.name, {'profile': 'nope'}),
                       dry_run=True)
    assert batch.state is ImportState.rejected and 'nope' in batch.message


def upload_sample(client, text, kind='order'):
    return client.post('/imports/mappings/new', data={'kind': kind, 'file': (io.BytesIO(text.encode()), 'sample.csv')},
                       content_type='multipart/form-data')


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_page_maps_previews_and_saves_a_profile(db, client, login_as, runner, tmp_path):
    login_as('reviewer')
    page = upload_sample(client, BAD_AMOUNT)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<select id="map-total_value"' in html and '<option value="Amount Rs">' in html
    form = {'kind': 'order', 'sha256': hidden(html, 'sha256'), 'filename': hidden(html, 'filename'),
            **{f'map-{field}': header for field, header in MAPPING.items()}}

    preview = client.post('/imports/mappings/preview', data=form, headers={'HX-Request': 'true'})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert '<html' not in html and 'GEMC-511687789665064' in html and '42000' in html and '2026, 14:49' in html
    assert html.count('class="has-error"') == 1
    assert re.search(r'<td class="has-error">lots<br><small class="error">[^<]*lots[^<]*</small>', html)

    saved = client.post('/imports/mappings/new', data=form | {'name': 'district orders', 'action': 'save'})
    assert saved.status_code == 303
    profile = db.session.scalar(sa.select(MappingProfile))
    assert (profile.name, profile.kind, profile.columns) == ('district orders', 'order', MAPPING)

    again = client.post('/imports/mappings/new', data=form | {'name': 'district orders', 'action': 'save'})
    assert again.status_code == 422 and 'पहले से है' in again.get_data(as_text=True)

    path = tmp_path / 'next-month.csv'
    path.write_text(FOREIGN, encoding='utf-8')
    result = runner.invoke(args=['gemcell', 'import', 'mapped', str(path), '--profile', 'district orders', '--json'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)['new'] == {'order': 2}


def test_saving_without_a_required_field_is_refused(db, client, login_as):
    login_as('cell_head')
    html = upload_sample(client, FOREIGN).get_data(as_text=True)
    form = {'kind': 'order', 'sha256': hidden(html, 'sha256'), 'filename': hidden(html, 'filename'),
            'map-number': 'Ref No', 'name': 'half', 'action': 'save'}
    response = client.post('/imports/mappings/new', data=form)
    assert response.status_code == 422 and 'आवश्यक फ़ील्ड' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MappingProfile.id))) == 0


@pytest.mark.parametrize('role, status', [('nodal', 403), ('government', 403), ('reviewer', 200),
                                          ('cell_head', 200), ('admin', 200)])
def test_only_the_cell_roles_open_the_page(db, client, login_as, create_department, role, status):
    if role == 'nodal':
        login_as(role, department=create_department())
    else:
        login_as(role)
    assert client.get('/imports/mappings/new').status_code == status
    assert upload_sample(client, FOREIGN).status_code == status
