"""Reminders of action points, every working morning."""
from huey import crontab

from gemcell.tasks import app_task, huey


@app_task()
def remind_action_points() -> int:
    from gemcell.helpdesk.queries import today
    from gemcell.meetings.operations import remind
    return remind(today())


@huey.periodic_task(crontab(minute='30', hour='4', day_of_week='1-6'))  # 10:00 in India
def remind_periodically():
    remind_action_points()
