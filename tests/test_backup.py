"""``flask gemcell backup`` / ``restore``: everything comes back — every table's rows, the stored documents, the
audit chain — into an empty database of the same kind; a damaged or misplaced restore is refused."""
import tarfile

import pytest
import sqlalchemy as sa

from gemcell import create_app
from gemcell.core.audit import AuditEntry, verify_chain
from gemcell.documents.models import Document
from gemcell.documents.operations import stored_path
from gemcell.extensions import db as _db
from gemcell.search.operations import index_entry
from gemcell.search.queries import search
from tests.conftest import dispose, make_config
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)


@pytest.fixture
def archive(db, runner, create_document, create_department, tmp_path):
    document = create_document(state='issued', department=create_department())
    index_entry('opinion', 1, 'बयाना धनराशि', 'बयाना धनराशि अनुमानित मूल्य के 2 से 5 प्रतिशत के बीच')
    db.session.commit()
    path = tmp_path / 'gemcell-backup.tar'
    result = runner.invoke(args=['gemcell', 'backup', str(path)])
    assert result.exit_code == 0, result.output
    return path, document, stored_path(document).read_bytes()


@pytest.fixture
def restored_app(empty_database_url, tmp_path):  # noqa: F811
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=empty_database_url,
                                 INSTANCE_PATH=str(tmp_path / 'restored-instance')))
    yield app
    dispose(app)


def restore_with(app, path):
    """``flask gemcell restore`` in ``app`` (the command runs in the app context it finds: push ``app``'s)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=['gemcell', 'restore', str(path)])


def test_a_backup_restores_every_row_file_and_the_audit_chain(db, archive, restored_app):
    path, document, pdf = archive
    with db.engine.connect() as connection:
        rows = {t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in db.metadata.sorted_tables}
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    result = restore_with(restored_app, path)
    assert result.exit_code == 0, result.output
    assert 'audit trail is intact' in result.output
    with restored_app.app_context():
        with _db.engine.connect() as connection:
            assert {t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in _db.metadata.sorted_tables} == rows
        assert verify_chain(_db.session) == entries > 0
        again = _db.session.get(Document, document.id)
        assert again.number == document.number and stored_path(again).read_bytes() == pdf
        assert [hit.ref_id for hit in search('बयाना')] == [1]  # the full-text index came back too
        _db.session.remove()


def test_a_restore_into_a_database_that_is_not_empty_is_refused(db, archive, runner):
    result = runner.invoke(args=['gemcell', 'restore', str(archive[0])])
    assert result.exit_code != 0 and 'not empty' in result.output


def test_a_damaged_backup_is_refused_and_nothing_is_restored(db, archive, restored_app, tmp_path):
    path = archive[0]
    with tarfile.open(path) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith('database.'))
    data = bytearray(path.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0xFF
    damaged = tmp_path / 'damaged.tar'
    damaged.write_bytes(bytes(data))
    result = restore_with(restored_app, damaged)
    assert result.exit_code != 0 and 'does not match its manifest' in result.output
    with restored_app.app_context():
        with _db.engine.connect() as connection:
            assert sa.inspect(connection).get_table_names() == []


def test_a_backup_never_overwrites_a_file(db, archive, runner):
    result = runner.invoke(args=['gemcell', 'backup', str(archive[0])])
    assert result.exit_code != 0 and 'exists already' in result.output
