"""The SLA clock: time counted in the cell's working hours, never in calendar hours.

A working day is a weekday of ``HELPDESK_WORKDAYS`` (Monday–Friday by default) that is not a holiday of the
calendar, or any day the calendar declares a working day (a Saturday ordered to work). A working day counts from
``HELPDESK_OFFICE_START`` to ``HELPDESK_OFFICE_END`` in India's time (10:00–18:00 by default). A ticket's clock runs
from the moment it is raised, stops for every pause (waiting on the department, the seller or GeM; resolved;
closed) and resumes when the pause ends.

Everything here is pure arithmetic on the values given (the calendar and ``now`` are passed in), so tests inject the
time and the holidays.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from gemcell.core.i18n import IST

DEFAULT_START = time(10, 0)
DEFAULT_END = time(18, 0)
DEFAULT_WEEKDAYS = frozenset(range(5))  # Monday = 0 … Friday = 4


@dataclass(frozen=True)
class WorkingCalendar:
    start: time = DEFAULT_START
    end: time = DEFAULT_END
    weekdays: frozenset = DEFAULT_WEEKDAYS
    #: days off (gazetted holidays) and days declared working (e.g. a working Saturday)
    holidays: frozenset = frozenset()
    working_days: frozenset = frozenset()

    @property
    def day_seconds(self) -> int:
        return (datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)).seconds

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return datetime.combine(day, self.start, IST), datetime.combine(day, self.end, IST)

    def working_seconds(self, begin: datetime, end: datetime) -> int:
        """Working seconds between two aware datetimes (0 when ``end`` is not after ``begin``)."""
        if end <= begin:
            return 0
        begin, end = begin.astimezone(IST), end.astimezone(IST)
        total = 0
        day = begin.date()
        while day <= end.date():
            if self.is_working_day(day):
                open_, close = self._window(day)
                overlap = (min(close, end) - max(open_, begin)).total_seconds()
                if overlap > 0:
                    total += int(overlap)
            day += timedelta(days=1)
        return total

    def add_working_seconds(self, begin: datetime, seconds: int) -> datetime:
        """The moment when ``seconds`` of working time have passed after ``begin`` (an aware datetime, IST)."""
        moment = begin.astimezone(IST)
        day = moment.date()
        remaining = max(int(seconds), 0)
        for _ in range(3660):  # ten years of days: a target is hours, never years
            if self.is_working_day(day):
                open_, close = self._window(day)
                start = max(open_, moment)
                if start < close:
                    available = int((close - start).total_seconds())
                    if remaining <= available:
                        return start + timedelta(seconds=remaining)
                    remaining -= available
            day += timedelta(days=1)
        raise ValueError('no working time in ten years: check the calendar')


@dataclass(frozen=True)
class Clock:
    """Where a ticket's SLA clock stands at ``now``."""

    target_seconds: int
    used_seconds: int
    #: ``running``, ``paused`` (waiting, resolved or closed)
    state: str
    #: when the target is (or was) reached if the clock keeps running from now; ``None`` while paused
    due_dt: datetime | None

    @property
    def is_breached(self) -> bool:
        return self.used_seconds > self.target_seconds

    @property
    def remaining_seconds(self) -> int:
        return self.target_seconds - self.used_seconds

    @property
    def percent_used(self) -> int:
        if not self.target_seconds:
            return 100
        return min(int(self.used_seconds * 100 / self.target_seconds), 999)


def used_seconds(calendar: WorkingCalendar, started: datetime, pauses, now: datetime) -> int:
    """Working seconds from ``started`` to ``now`` less the working seconds of every pause ``(begin, end or None)``
    (pauses do not overlap; an open one lasts until ``now``)."""
    total = calendar.working_seconds(started, now)
    for begin, end in pauses:
        begin = max(begin, started)
        end = min(end or now, now)
        total -= calendar.working_seconds(begin, end)
    return max(total, 0)


def clock(calendar: WorkingCalendar, started: datetime, target_hours: float, pauses, now: datetime) -> Clock:
    pauses = list(pauses)
    used = used_seconds(calendar, started, pauses, now)
    target = int(target_hours * 3600)
    is_paused = any(end is None for _begin, end in pauses)
    due = None if is_paused else calendar.add_working_seconds(now, target - used) if used < target else \
        breach_moment(calendar, started, target, pauses, now)
    return Clock(target, used, 'paused' if is_paused else 'running', due)


def breach_moment(calendar: WorkingCalendar, started: datetime, target_seconds: int, pauses,
                  now: datetime) -> datetime | None:
    """When the clock passed ``target_seconds`` (``None`` if it has not by ``now``): walk the running stretches."""
    stretches = []
    cursor = started
    for begin, end in sorted(pauses, key=lambda p: p[0]):
        if begin > cursor:
            stretches.append((cursor, min(begin, now)))
        cursor = max(cursor, end or now)
    if cursor < now:
        stretches.append((cursor, now))
    left = target_seconds
    for begin, end in stretches:
        seconds = calendar.working_seconds(begin, end)
        if seconds > left:
            return calendar.add_working_seconds(begin, left)
        left -= seconds
    return None
