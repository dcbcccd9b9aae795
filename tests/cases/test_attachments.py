"""A reply's attachment is recognised by its first bytes, never by its name, and refused when too large."""
from io import BytesIO

import pytest
from werkzeug.datastructures import FileStorage

from gemcell.cases import attachments
from gemcell.core.errors import FormError


def upload(content: bytes, name: str = 'reply.pdf') -> FileStorage:
    return FileStorage(BytesIO(content), filename=name)


@pytest.mark.parametrize(('content', 'kind'), [
    (b'%PDF-1.7\n...', ('application/pdf', 'pdf')),
    (b'\x89PNG\r\n\x1a\n....', ('image/png', 'png')),
    (b'\xff\xd8\xff\xe0..JFIF', ('image/jpeg', 'jpg'))])
def test_pdf_and_images_are_recognised_by_content(app, content, kind):
    with app.app_context():
        checked = attachments.check_upload(upload(content, 'anything.bin'))
    assert (checked.content_type, checked.extension) == kind and checked.name == 'anything.bin'


@pytest.mark.parametrize('content', [b'MZ\x90\x00', b'<html><script>', b'PK\x03\x04 a docx'])
def test_other_files_are_refused_whatever_their_name(app, content):
    with app.app_context(), pytest.raises(FormError) as error:
        attachments.check_upload(upload(content, 'reply.pdf'))
    assert error.value.field == 'attachment'


def test_empty_and_oversized_files_are_refused(app):
    with app.app_context():
        assert attachments.check_upload(None) is None
        assert attachments.check_upload(FileStorage(BytesIO(b''), filename='')) is None  # nothing chosen
        with pytest.raises(FormError, match='empty|खाली'):
            attachments.check_upload(upload(b''))
        app.config['CASE_ATTACHMENT_MAX_MB'] = 1
        try:
            with pytest.raises(FormError, match='1'):
                attachments.check_upload(upload(b'%PDF-' + b'0' * (1024 * 1024)))
        finally:
            del app.config['CASE_ATTACHMENT_MAX_MB']


def test_a_stored_path_cannot_leave_the_folder(app):
    with app.app_context(), pytest.raises(FileNotFoundError):
        attachments.stored_path('../../etc/passwd')
