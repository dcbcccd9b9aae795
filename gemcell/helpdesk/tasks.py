"""The helpdesk in the worker: every 15 minutes, tickets whose SLA is breached are escalated to the In-charge."""
from huey import crontab

from gemcell.helpdesk import logger
from gemcell.tasks import app_task, huey


def run_escalation(now=None) -> int:
    """Escalate the breached tickets and e-mail the notices (when a mail server is set); returns how many."""
    from gemcell.helpdesk.operations import escalate_breaches
    from gemcell.returns.tasks import send_mail
    tickets = escalate_breaches(now)
    mails = [{'to': n.emailed_to, 'subject': n.message_en[:120], 'body': n.message_hi + '\n\n' + n.message_en}
             for t in tickets for n in t_notices(t) if n.emailed_to]
    if mails:
        send_mail(mails)
    if tickets:
        logger.info('escalated %d tickets', len(tickets))
    return len(tickets)


def t_notices(ticket):
    import sqlalchemy as sa

    from gemcell.extensions import db
    from gemcell.helpdesk.models import HelpdeskNotice
    return db.session.scalars(sa.select(HelpdeskNotice).filter_by(ticket_id=ticket.id)
                              .where(HelpdeskNotice.created_dt == ticket.escalated_dt)).all()


@app_task()
def escalate_breached_tickets() -> int:
    return run_escalation()


@huey.periodic_task(crontab(minute='*/15'))
def escalate_periodically():
    escalate_breached_tickets()
