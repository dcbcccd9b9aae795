"""Attachments are accepted by their content, not their name; too large or empty files are refused with a message."""
import io

import pytest
import sqlalchemy as sa
import weasyprint
from flask import current_app
from flask_babel import force_locale
from PIL import Image
from werkzeug.datastructures import FileStorage

from gemcell.attachments.models import Attachment
from gemcell.attachments.operations import AttachmentError, attachment_response, safe_filename, store_upload


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def png_bytes(fmt='PNG') -> bytes:
    out = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(out, fmt)
    return out.getvalue()


@pytest.fixture(autouse=True)
def english(request):
    """Messages in English (after ``db`` has pushed its app context, where the test needs one)."""
    if 'db' in request.fixturenames:
        request.getfixturevalue('db')
    with force_locale('en'):
        yield


@pytest.fixture(scope='module')
def pdf_bytes():
    return weasyprint.HTML(string='<p>कार्यवाही आख्या</p>').write_pdf()


def test_a_pdf_and_images_are_accepted_by_content(db, pdf_bytes):
    pdf = store_upload(upload(pdf_bytes, 'आख्या.PDF'))
    png = store_upload(upload(png_bytes(), 'photo'))
    jpeg = store_upload(upload(png_bytes('JPEG'), 'scan.png'))
    assert (pdf.content_type, pdf.filename, pdf.size) == ('application/pdf', 'आख्या.pdf', len(pdf_bytes))
    assert (png.content_type, png.filename) == ('image/png', 'photo.png')
    # the name said PNG, the content is a JPEG: the content wins, and the name follows it
    assert (jpeg.content_type, jpeg.filename) == ('image/jpeg', 'scan.jpg')
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 3


@pytest.mark.parametrize('data, name', [
    (b'MZ\x90\x00 this is a program', 'report.pdf'),  # an executable named .pdf
    (b'%PDF-1.7\nnot really a pdf', 'fake.pdf'),  # the magic bytes but no PDF behind them
    (b'\x89PNG\r\n\x1a\n' + b'\x00' * 40, 'broken.png'),  # a PNG header and nothing that decodes
    (b'<html><script>alert(1)</script></html>', 'page.jpg'),
])
def test_other_content_is_refused_whatever_its_name(db, data, name):
    with pytest.raises(AttachmentError, match='not a PDF, PNG or JPEG'):
        store_upload(upload(data, name))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_empty_and_too_large_files_are_refused(db, monkeypatch):
    with pytest.raises(AttachmentError, match='is empty'):
        store_upload(upload(b'', 'empty.pdf'))
    monkeypatch.setitem(current_app.config, 'ATTACHMENT_MAX_MB', 0.001)
    with pytest.raises(AttachmentError, match=r'larger than 0\.001 MB'):
        store_upload(upload(png_bytes() + b'\x00' * 2000, 'big.png'))


def test_the_message_is_in_the_users_language(app, db):
    with force_locale('hi'), pytest.raises(AttachmentError) as info:
        store_upload(upload(b'hello', 'a.pdf'))
    assert 'a.pdf' in str(info.value) and 'सामग्री' in str(info.value)


def test_file_names_lose_folders_and_unsafe_characters():
    assert safe_filename('C:\\Users\\x\\पत्र<1>.pdf', 'application/pdf') == 'पत्र_1.pdf'
    assert safe_filename('../../etc/passwd', 'image/png') == 'passwd.png'
    assert safe_filename(None, 'image/jpeg').endswith('.jpg')


def test_the_download_is_the_same_bytes_and_never_sniffed(app, db, pdf_bytes):
    attachment = store_upload(upload(pdf_bytes, 'a.pdf'))
    with app.test_request_context():
        response = attachment_response(attachment)
        response.direct_passthrough = False
        assert response.get_data() == pdf_bytes
    assert response.mimetype == 'application/pdf'
    assert response.headers['X-Content-Type-Options'] == 'nosniff'
    assert 'attachment' in response.headers['Content-Disposition']
