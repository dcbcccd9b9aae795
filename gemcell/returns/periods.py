"""Reporting periods: fortnights (1–15, 16–end of month) for the fortnightly return and calendar months for the
monthly procurement return. A ``Period`` knows its kind, so ``previous()``/``next()`` and the labels follow it;
``Calendar`` (``FORTNIGHTS``, ``MONTHS``) answers the questions the workflow asks of a kind of period."""
import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app

from gemcell.core.i18n import HINDI_MONTHS, format_date, language

FORTNIGHT = 'fortnight'
MONTH = 'month'


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    #: ``fortnight`` or ``month`` (not compared: a period is its dates)
    unit: str = field(default=FORTNIGHT, compare=False)

    @property
    def key(self) -> str:
        return self.start.isoformat()

    @property
    def calendar(self) -> 'Calendar':
        return MONTHS if self.unit == MONTH else FORTNIGHTS

    def due_date(self, days: int | None = None) -> date:
        """The last day to file: ``RETURN_DUE_DAYS`` (default 3) days after a fortnight ends,
        ``MONTHLY_RETURN_DUE_DAYS`` (default 7) after a month ends."""
        if days is None:
            days = self.calendar.due_days()
        return self.end + timedelta(days=days)

    @property
    def label(self) -> str:
        """'1–15 नवम्बर 2026' / '1–15 November 2026'; a month: 'नवम्बर 2026' / 'November 2026'."""
        if self.unit == MONTH:
            return month_name(self.start)
        return f'{self.start.day}–{format_date(self.end)}'

    @property
    def short_label(self) -> str:
        """The grid's column head: '1–15 नवम्बर 26', or 'नवम्बर 26' for a month."""
        if language() == 'hi':
            month = f'{HINDI_MONTHS[self.end.month - 1]} {self.end.year % 100:02d}'
        else:
            month = f'{calendar.month_abbr[self.end.month]} {self.end.year % 100:02d}'
        return month if self.unit == MONTH else f'{self.start.day}–{self.end.day} {month}'

    def previous(self) -> 'Period':
        return self.calendar.of(self.start - timedelta(days=1))

    def next(self) -> 'Period':
        return self.calendar.of(self.end + timedelta(days=1))


def month_name(day: date, lang: str | None = None) -> str:
    """'नवम्बर 2026' / 'November 2026'."""
    if (lang or language()) == 'hi':
        return f'{HINDI_MONTHS[day.month - 1]} {day.year}'
    return f'{calendar.month_name[day.month]} {day.year}'


def fortnight_of(day: date) -> Period:
    """The fortnight that contains ``day``."""
    if day.day <= 15:
        return Period(day.replace(day=1), day.replace(day=15))
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=16), day.replace(day=last))


def month_of(day: date) -> Period:
    """The calendar month that contains ``day``."""
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=1), day.replace(day=last), MONTH)


def fortnight_starting(start: date) -> Period | None:
    """The fortnight starting on ``start``, or ``None`` when no fortnight starts that day."""
    if start.day not in (1, 16):
        return None
    return fortnight_of(start)


def month_starting(start: date) -> Period | None:
    return month_of(start) if start.day == 1 else None


@dataclass(frozen=True)
class Calendar:
    """One kind of reporting period: how to find the period of a day, the period starting on a day, and the due
    days setting."""
    unit: str
    of: callable
    starting: callable
    due_setting: str
    due_default: int

    def due_days(self) -> int:
        return int(current_app.config.get(self.due_setting, self.due_default))

    def filing_period(self, today: date) -> Period:
        """The latest period that is over (its last day included): the one a department files now. A period in
        progress is filed once it ends, so on the 15th the 1–15 return can already be filed."""
        current = self.of(today)
        return current if today >= current.end else current.previous()

    def last_periods(self, today: date, count: int) -> list[Period]:
        """The ``count`` latest periods that are over, oldest first."""
        periods = [self.filing_period(today)]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]


FORTNIGHTS = Calendar(FORTNIGHT, fortnight_of, fortnight_starting, 'RETURN_DUE_DAYS', 3)
MONTHS = Calendar(MONTH, month_of, month_starting, 'MONTHLY_RETURN_DUE_DAYS', 7)


def filing_period(today: date) -> Period:
    """The fortnight a department files now (see ``Calendar.filing_period``)."""
    return FORTNIGHTS.filing_period(today)


def last_periods(today: date, count: int) -> list[Period]:
    """The ``count`` latest fortnights that are over, oldest first."""
    return FORTNIGHTS.last_periods(today, count)


def is_future(period: Period, today: date) -> bool:
    """A period not over yet cannot be reported on."""
    return period.end > today
