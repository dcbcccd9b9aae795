"""The daily run of the directions' reminders and escalations (in the worker, every morning at 09:00 India time)."""
from huey import crontab

from gemcell.directives import logger
from gemcell.tasks import get_app, huey


@huey.periodic_task(crontab(hour='3', minute='30'))  # 03:30 UTC = 09:00 IST
def direction_reminders():
    from gemcell.directives import operations
    from gemcell.extensions import db
    from gemcell.returns.tasks import send_mail
    app = get_app()
    with app.app_context():
        try:
            result = operations.run_reminders()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        logger.info('direction reminders: %d notices, %d escalations', len(result['notices']),
                    len(result['escalations']))
        return send_mail(result['mails'])
