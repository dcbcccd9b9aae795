"""Imports run in the worker: the page uploads the file, the worker reads it, the page polls the progress.

Progress is kept in the task queue's own store (``huey.put``), not in the database: the import holds its database
transaction open until it commits, and on SQLite a second writer would wait for it.
"""
import logging
from pathlib import Path

from gemcell.extensions import db
from gemcell.gemdata.signals import import_committed
from gemcell.tasks import app_task, huey

logger = logging.getLogger(__name__)


def progress_key(batch_id: int) -> str:
    return f'import-progress-{batch_id}'


def get_progress(batch_id: int) -> int | None:
    return huey.get(progress_key(batch_id), peek=True)


@app_task()
def import_file(batch_id: int, path: str, user_id: int | None) -> int:
    """Run the import (or dry run) of ``batch_id`` on the stored file; the batch records the outcome."""
    from gemcell.auth.models import User
    from gemcell.gemdata.importers import get_shape
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.engine import run_import
    from gemcell.gemdata.models import ImportBatch, ImportState

    batch = db.session.get(ImportBatch, batch_id)
    user = db.session.get(User, user_id) if user_id else None
    if user is not None:
        db.session.info['audit_actor'] = (user.id, user.login)
    option = 'profile' if batch.shape == 'mapped' else 'sheet'
    options = {option: batch.profile} if batch.profile else {}
    try:
        run_import(get_shape(batch.shape), Source(path=Path(path), filename=batch.filename, options=options),
                   dry_run=batch.is_dry_run, user=user, batch=batch,
                   progress=lambda done: huey.put(progress_key(batch_id), done))
        db.session.commit()
        if batch.state is ImportState.committed:
            import_committed.send(batch_id)
    except Exception as exc:  # the import is rolled back whole; the batch says why
        logger.exception('import %s failed', batch_id)
        db.session.rollback()
        batch = db.session.get(ImportBatch, batch_id)
        batch.state = ImportState.failed
        batch.message = str(exc)[:2000]
        db.session.commit()
    return batch_id
