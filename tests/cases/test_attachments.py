"""A reply's attachment goes to the shared attachment store (in the database, so in the backups): checked by its
content, refused with a message on the form's field, and served only to those who may see the case."""
from datetime import date
from io import BytesIO

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from werkzeug.datastructures import FileStorage

from gemcell.attachments.models import Attachment
from gemcell.cases import operations
from gemcell.cases.models import Party
from gemcell.core.errors import FormError
from gemcell.extensions import db as _db
from tests.factories import make_case_reply, small_pdf


def upload(content: bytes, name: str = 'reply.pdf') -> FileStorage:
    return FileStorage(BytesIO(content), filename=name)


@pytest.fixture
def noticed_case(db, create_case, create_user):
    head = create_user(role='cell_head')
    case = create_case()
    day = date(2026, 11, 2)
    operations.draft_show_cause(case, case.created_by, date(2026, 11, 16), today=day)
    operations.issue_show_cause(case, head, today=day)
    return case, head, day


def test_a_reply_with_a_pdf_keeps_it_in_the_attachment_store(noticed_case):
    case, head, day = noticed_case
    reply = operations.record_reply(case, head, Party.department, day, 'स्पष्टीकरण', upload=upload(small_pdf(),
                                                                                                   'उत्तर.pdf'))
    assert reply.attachment.content_type == 'application/pdf' and reply.attachment.filename == 'उत्तर.pdf'
    assert reply.attachment.uploaded_by_id == head.id and reply.attachment.data == small_pdf()


def test_a_reply_without_a_file_has_no_attachment(noticed_case):
    case, head, day = noticed_case
    reply = operations.record_reply(case, head, Party.department, day, 'स्पष्टीकरण',
                                    upload=FileStorage(BytesIO(b''), filename=''))  # nothing chosen
    assert reply.attachment is None


@pytest.mark.parametrize(('locale', 'message'), [('hi', 'PDF'), ('en', 'not a PDF, PNG or JPEG')])
def test_another_file_is_refused_on_the_attachment_field_whatever_its_name(noticed_case, locale, message):
    case, head, day = noticed_case
    with force_locale(locale), pytest.raises(FormError) as error:
        operations.record_reply(case, head, Party.department, day, 'स्पष्टीकरण', upload=upload(b'MZ\x90\x00 exe'))
    assert error.value.field == 'attachment' and message in str(error.value.message)
    _db.session.rollback()
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_the_download_is_for_those_who_see_the_case(db, client, login, create_case, create_user):
    reviewer, officer = create_user(role='reviewer'), create_user(role='nodal')
    case = create_case()
    reply = make_case_reply(case, reviewer)
    db.session.commit()
    login(officer)
    assert client.get(f'/cases/replies/{reply.id}/attachment').status_code in (403, 404)
    login(reviewer)
    response = client.get(f'/cases/replies/{reply.id}/attachment')
    assert response.status_code == 200 and response.data == small_pdf()
    assert response.headers['X-Content-Type-Options'] == 'nosniff'
