"""Reporting periods: fortnights (1–15, 16–end of month); the monthly return adds months here."""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from gemcell.core.i18n import HINDI_MONTHS, format_date, language


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def key(self) -> str:
        return self.start.isoformat()

    def due_date(self, days: int | None = None) -> date:
        """The last day to file: ``RETURN_DUE_DAYS`` (default 3) days after the period ends."""
        if days is None:
            days = current_app.config.get('RETURN_DUE_DAYS', 3)
        return self.end + timedelta(days=days)

    @property
    def label(self) -> str:
        """'1–15 नवम्बर 2026' / '1–15 November 2026'."""
        return f'{self.start.day}–{format_date(self.end)}'

    @property
    def short_label(self) -> str:
        """'1–15 नव0' style is not used in the State's orders: '1–15/11' is the grid's column head."""
        if language() == 'hi':
            return f'{self.start.day}–{self.end.day} {HINDI_MONTHS[self.end.month - 1]} {self.end.year % 100:02d}'
        return f'{self.start.day}–{self.end.day} {calendar.month_abbr[self.end.month]} {self.end.year % 100:02d}'

    def previous(self) -> 'Period':
        return fortnight_of(self.start - timedelta(days=1))

    def next(self) -> 'Period':
        return fortnight_of(self.end + timedelta(days=1))


def fortnight_of(day: date) -> Period:
    """The fortnight that contains ``day``."""
    if day.day <= 15:
        return Period(day.replace(day=1), day.replace(day=15))
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=16), day.replace(day=last))


def fortnight_starting(start: date) -> Period | None:
    """The fortnight starting on ``start``, or ``None`` when no fortnight starts that day."""
    if start.day not in (1, 16):
        return None
    return fortnight_of(start)


def filing_period(today: date) -> Period:
    """The latest fortnight that is over (its last day included): the one a department files now. The fortnight in
    progress is filed once it ends, so on the 15th the 1–15 return can already be filed."""
    current = fortnight_of(today)
    return current if today >= current.end else current.previous()


def last_periods(today: date, count: int) -> list[Period]:
    """The ``count`` latest fortnights that are over, oldest first."""
    periods = [filing_period(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def is_future(period: Period, today: date) -> bool:
    """A fortnight not over yet cannot be reported on."""
    return period.end > today
