"""E-mail of reminders, sent by the worker through the configured SMTP server (``MAIL_SERVER``, ``MAIL_PORT``,
``MAIL_USE_TLS``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_FROM``)."""
import smtplib
from email.message import EmailMessage

from gemcell.returns import logger
from gemcell.tasks import app_task, get_app


def send_mail(messages: list[dict]) -> int:
    """Send ``[{'to', 'subject', 'body'}]`` over one SMTP connection; returns how many were sent."""
    config = get_app().config
    if not config.get('MAIL_SERVER') or not messages:
        return 0
    with smtplib.SMTP(config['MAIL_SERVER'], int(config.get('MAIL_PORT') or 25), timeout=30) as smtp:
        if config.get('MAIL_USE_TLS'):
            smtp.starttls()
        if config.get('MAIL_USERNAME'):
            smtp.login(config['MAIL_USERNAME'], config.get('MAIL_PASSWORD') or '')
        for item in messages:
            message = EmailMessage()
            message['From'] = config.get('MAIL_FROM') or 'gemcell@localhost'
            message['To'] = item['to']
            message['Subject'] = item['subject']
            message.set_content(item['body'])
            smtp.send_message(message)
    logger.info('sent %d reminder e-mails', len(messages))
    return len(messages)


@app_task(retries=2, retry_delay=60)
def mail_reminders(messages: list[dict]) -> int:
    return send_mail(messages)
