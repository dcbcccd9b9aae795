"""Faults (issue 12): the database away, the disk full. The app answers with a page that needs no database, in both
languages, and saves nothing. The scripted runs against gunicorn and a PostgreSQL server of their own (restart,
killed worker) are in ``tests/test_faults_server.py``."""
import io
import os
import shutil

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from gemcell import create_app
from tests.conftest import make_config

UNREACHABLE = {
    'sqlite': 'sqlite:////nonexistent-gemcell-dir/gemcell.db',  # the folder does not exist: cannot open
    'postgresql': 'postgresql+psycopg://gemcell@127.0.0.1:9/gemcell',  # nothing listens on the discard port
}


@pytest.mark.parametrize('kind', list(UNREACHABLE))
def test_database_unreachable_answers_503_in_both_languages(kind, tmp_path):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=UNREACHABLE[kind], INSTANCE_PATH=str(tmp_path)))
    client = app.test_client()
    response = client.get('/health')
    assert response.status_code == 503
    assert response.headers['Retry-After'] == '10'
    page = response.get_data(as_text=True)
    assert 'सेवा कुछ क्षणों के लिए उपलब्ध नहीं है' in page and 'The service is briefly unavailable' in page
    assert 'इस अनुरोध का कुछ भी सहेजा नहीं गया' in page

    # a signed-in user's request fails at loading the user: the same page, not a 500
    with client.session_transaction() as session:
        session['_user_id'] = '1-0'
    response = client.get('/', headers={'HX-Request': 'true'})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert '<html' not in page and 'The database is not answering' in page  # a fragment for htmx


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB file system of its own (tmpfs), so that the test can fill it; root only."""
    import subprocess
    mount = tmp_path / 'disk'
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip('needs to mount a small tmpfs (root)')
    yield mount
    subprocess.run(['umount', '-l', str(mount)], check=True)


def fill(disk, leave: int) -> None:
    """Fill ``disk`` until only ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free - leave
    with open(disk / 'filler', 'wb') as filler:
        filler.write(b'\0' * max(free, 0))


def test_disk_full_while_an_upload_is_written_saves_nothing(small_disk):
    from gemcell.auth.operations import create_user
    from gemcell.core.permissions import Role
    from gemcell.directory.models import Department
    from gemcell.extensions import db
    from gemcell.helpdesk.models import Ticket, TicketCategory
    from gemcell.helpdesk.operations import seed_categories
    from gemcell.attachments.models import Attachment

    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=f'sqlite:///{small_disk / "gemcell.db"}',
                                 INSTANCE_PATH=str(small_disk / 'instance')))
    with app.app_context():
        upgrade()
        seed_categories()
        department = Department(code='HEALTH', name_hi='चिकित्सा स्वास्थ्य विभाग', name_en='Health')
        create_user(login='nodal.health', name='नोडल अधिकारी', role=Role.nodal, department=department,
                    password='correct horse battery')
        db.session.commit()
        category = db.session.scalars(sa.select(TicketCategory.id)).first()
    client = app.test_client()
    assert client.post('/auth/login', data={'login': 'nodal.health', 'password': 'correct horse battery'}
                       ).status_code == 303
    from PIL import Image
    buffer = io.BytesIO()  # a 3 MB photograph of the bill (noise does not compress)
    Image.frombytes('RGB', (1024, 1024), os.urandom(3 * 1024 * 1024)).save(buffer, 'PNG')
    scan = buffer.getvalue()

    def send():
        response = client.post('/helpdesk/new', data={
            'category_id': category, 'priority': 'normal', 'subject': 'बिल की प्रति — copy of the bill',
            'description': 'भुगतान लंबित है।', 'files': (io.BytesIO(scan), 'बिल.png')},
            content_type='multipart/form-data')
        response.request.environ['wsgi.input'].close()  # werkzeug's test client spools a large body to a file
        return response

    fill(small_disk, leave=512 * 1024)
    response = send()
    assert response.status_code == 507
    page = response.get_data(as_text=True)
    assert 'सर्वर पर स्थान शेष नहीं है' in page and 'इस अनुरोध का कुछ भी सहेजा नहीं गया' in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0

    (small_disk / 'filler').unlink()  # the administrator makes room; the same upload goes through
    assert send().status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 1
        assert db.session.scalar(sa.select(Attachment.size)) == len(scan)
        db.engine.dispose()
