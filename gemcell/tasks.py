"""The task queue (huey): work that runs outside the web request, in ``huey_consumer gemcell.tasks.huey``.

Storage is an SQLite file under ``instance/`` by default and Redis when ``REDIS_URL`` is set, so the same code runs on
one machine or scales out. Tests run tasks immediately (``HUEY_IMMEDIATE``). Tasks get an app context from
``app_task``.
"""
import functools
from pathlib import Path

from huey import RedisHuey, SqliteHuey

from gemcell.config import Config


def make_huey(config=Config):
    if config.REDIS_URL:
        return RedisHuey('gemcell', url=config.REDIS_URL, immediate=config.HUEY_IMMEDIATE)
    Path(config.INSTANCE_PATH).mkdir(parents=True, exist_ok=True)
    return SqliteHuey('gemcell', filename=str(Path(config.INSTANCE_PATH) / 'tasks.db'),
                      immediate=config.HUEY_IMMEDIATE)


huey = make_huey()
_worker_app = None


def get_app():
    """The current Flask app, or (in a worker process) one created once for the worker."""
    global _worker_app
    from flask import current_app
    if current_app:
        return current_app._get_current_object()
    if _worker_app is None:
        from gemcell import create_app
        _worker_app = create_app()
    return _worker_app


def app_task(**task_kwargs):
    """``@huey.task`` that runs the function inside an application context and commits or rolls back."""
    def decorator(fn):
        @huey.task(**task_kwargs)
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            from gemcell.extensions import db
            app = get_app()
            with app.app_context():
                try:
                    result = fn(*args, **kwargs)
                    db.session.commit()
                    return result
                except BaseException:
                    db.session.rollback()
                    raise
        return wrapper
    return decorator


@app_task()
def verify_audit_chain() -> int:
    """Check the whole audit chain in the background (also run nightly by ``audit_nightly``)."""
    from gemcell.core.audit import verify_chain
    from gemcell.extensions import db
    return verify_chain(db.session)


# The worker (``huey_consumer gemcell.tasks.huey``) knows only the tasks imported by now: import every module's.
from gemcell.gemdata import tasks as _gemdata_tasks  # noqa: E402,F401
from gemcell.scrutiny import tasks as _scrutiny_tasks  # noqa: E402,F401
from gemcell.returns import tasks as _returns_tasks  # noqa: E402,F401
from gemcell.helpdesk import tasks as _helpdesk_tasks  # noqa: E402,F401
from gemcell.meetings import tasks as _meetings_tasks  # noqa: E402,F401
from gemcell.directives import tasks as _directives_tasks  # noqa: E402,F401
