"""Scrutiny in the worker: after every committed import (only what it added or changed), and in full when a
threshold changes."""
from gemcell.extensions import db
from gemcell.gemdata.signals import import_committed
from gemcell.tasks import app_task


@app_task()
def scrutinise_import(batch_id: int) -> dict:
    from gemcell.scrutiny.engine import scrutinise
    return scrutinise('import', batch_id=batch_id).counts


@app_task()
def scrutinise_all(user_id: int | None = None) -> dict:
    from gemcell.auth.models import User
    from gemcell.scrutiny.engine import scrutinise
    user = db.session.get(User, user_id) if user_id else None
    if user is not None:
        db.session.info['audit_actor'] = (user.id, user.login)
    return scrutinise('all', user=user).counts


@import_committed.connect
def _after_import(batch_id: int, **_extra) -> None:
    scrutinise_import(batch_id)
