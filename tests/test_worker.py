"""Once through a real worker: ``huey_consumer gemcell.tasks.huey`` in its own process runs an import queued by the
application, against the same database."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from gemcell.config import Config
from gemcell.gemdata.models import ImportBatch, ImportState, Order
from gemcell.tasks import make_huey

DATA = Path(__file__).resolve().parent / 'data'
CONSUMER = Path(sys.executable).parent / 'huey_consumer'


def test_an_import_runs_in_the_worker_process(db, database_url, tmp_path):
    instance = tmp_path / 'instance'
    (instance / 'uploads').mkdir(parents=True)
    upload = instance / 'uploads' / 'contracts.csv'
    shutil.copy(DATA / 'gem-contracts.csv', upload)
    batch = ImportBatch(shape='gem-contracts', filename='contracts.csv', sha256='0' * 64, size=upload.stat().st_size,
                        state=ImportState.running, is_dry_run=False)
    db.session.add(batch)
    db.session.commit()

    queue = make_huey(type('WorkerConfig', (Config,), {'INSTANCE_PATH': str(instance), 'HUEY_IMMEDIATE': False,
                                                       'REDIS_URL': None}))
    from gemcell.gemdata.tasks import import_file
    from gemcell.tasks import huey
    task = import_file.s(batch.id, str(upload), None)
    queue.storage.enqueue(huey.serialize_task(task), task.priority)  # into the worker's queue, not the test's

    env = {**os.environ, 'GEMCELL_INSTANCE': str(instance), 'DATABASE_URL': database_url, 'HUEY_IMMEDIATE': '0'}
    worker = subprocess.Popen([str(CONSUMER), 'gemcell.tasks.huey', '--workers', '1', '--worker-type', 'thread'],
                              env=env, cwd=Path(__file__).resolve().parent.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert queue.result(task.id, blocking=True, timeout=60) == batch.id
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    db.session.expire_all()
    done = db.session.get(ImportBatch, batch.id)
    assert done.state is ImportState.committed, errors
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == done.counts['order']['new'] > 0
