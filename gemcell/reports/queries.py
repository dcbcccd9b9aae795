"""Reads of the reports module: which month a page is about, and the note's record."""
from datetime import date

import sqlalchemy as sa

from gemcell.extensions import db
from gemcell.reports.models import MonthlyNote
from gemcell.returns.periods import MONTHS
from gemcell.returns.queries import today

#: how many months back the month choice goes
MONTH_CHOICES = 24


def latest_month(day: date | None = None) -> date:
    """The latest month that is over: the one the cell reports on now."""
    return MONTHS.filing_period(day or today()).start


def month_choices(day: date | None = None) -> list[date]:
    return [period.start for period in reversed(MONTHS.last_periods(day or today(), MONTH_CHOICES))]


def parse_month(value: str | None, day: date | None = None) -> date:
    """``YYYY-MM`` as the month's first day; anything else, or a month not over yet, is the latest month over."""
    latest = latest_month(day)
    try:
        year, month = (int(part) for part in (value or '').split('-'))
        chosen = date(year, month, 1)
    except (TypeError, ValueError):
        return latest
    return chosen if date(2000, 1, 1) <= chosen <= latest else latest


def get_note(month: date) -> MonthlyNote | None:
    return db.session.scalar(sa.select(MonthlyNote).filter_by(month=month))
