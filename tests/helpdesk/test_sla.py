"""The SLA clock counts office hours of working days only, and stands still while a ticket waits: checked against
hand-computed figures, with the time injected."""
from datetime import date, datetime, time

import pytest

from gemcell.core.i18n import IST
from gemcell.helpdesk.sla import WorkingCalendar, breach_moment, clock, used_seconds

H = 3600
#: Republic Day, Monday 26 January 2026, a gazetted holiday
CALENDAR = WorkingCalendar(holidays=frozenset({date(2026, 1, 26)}))


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), IST)


FRI, SAT, MON, TUE, WED, THU = (date(2026, 1, d) for d in (23, 24, 26, 27, 28, 29))
NEXT_FRI = date(2026, 1, 30)


def test_only_office_hours_of_working_days_count():
    # Friday 16:00 to Tuesday 12:00: Friday 16-18 (2 h), the weekend and the holiday nothing, Tuesday 10-12 (2 h)
    assert CALENDAR.working_seconds(at(FRI, 16), at(TUE, 12)) == 4 * H
    # before opening and after closing nothing counts
    assert CALENDAR.working_seconds(at(TUE, 7), at(TUE, 10)) == 0
    assert CALENDAR.working_seconds(at(TUE, 18), at(WED, 10)) == 0
    assert CALENDAR.working_seconds(at(TUE, 9), at(TUE, 19)) == 8 * H
    # an instant in UTC is read in India's time: 04:30 UTC is 10:00 IST
    from datetime import timezone
    assert CALENDAR.working_seconds(at(TUE, 10).astimezone(timezone.utc), at(TUE, 11)) == H


def test_a_saturday_declared_working_counts():
    calendar = WorkingCalendar(holidays=frozenset({MON}), working_days=frozenset({SAT}))
    assert calendar.working_seconds(at(FRI, 16), at(TUE, 12)) == (2 + 8 + 2) * H


def test_weekend_holiday_and_pause_across_a_week():
    """Raised on Friday 23 January at 16:00; waiting on the department from Tuesday 11:00 to Wednesday 15:00;
    looked at on Thursday 12:00. Counted: Fri 16-18 (2 h) + Tue 10-11 (1 h) + Wed 15-18 (3 h) + Thu 10-12 (2 h)
    = 8 h; the weekend, Republic Day (Monday) and the pause (Tue 11-18 = 7 h, Wed 10-15 = 5 h) do not count."""
    pauses = [(at(TUE, 11), at(WED, 15))]
    assert used_seconds(CALENDAR, at(FRI, 16), pauses, at(THU, 12)) == 8 * H
    state = clock(CALENDAR, at(FRI, 16), 16, pauses, at(THU, 12))
    assert (state.used_seconds, state.remaining_seconds, state.state, state.is_breached) == (8 * H, 8 * H,
                                                                                            'running', False)
    # 8 h left from Thursday 12:00: Thursday 12-18 (6 h) and Friday 10-12 (2 h)
    assert state.due_dt == at(NEXT_FRI, 12)


def test_a_paused_clock_has_no_due_time_and_does_not_move():
    pauses = [(at(TUE, 11), None)]
    first = clock(CALENDAR, at(FRI, 16), 16, pauses, at(WED, 12))
    later = clock(CALENDAR, at(FRI, 16), 16, pauses, at(THU, 17))
    assert first.state == later.state == 'paused'
    assert first.used_seconds == later.used_seconds == 3 * H  # Fri 16-18 and Tue 10-11
    assert first.due_dt is None


def test_breach_is_found_at_the_moment_the_target_was_passed():
    pauses = [(at(TUE, 11), at(WED, 15))]
    state = clock(CALENDAR, at(FRI, 16), 6, pauses, at(THU, 12))
    assert state.is_breached and state.remaining_seconds == -2 * H
    # 6 h: Fri 2 h + Tue 1 h + Wed 15-18 3 h → reached on Wednesday at 18:00
    assert breach_moment(CALENDAR, at(FRI, 16), 6 * H, pauses, at(THU, 12)) == at(WED, 18)
    assert state.due_dt == at(WED, 18)


@pytest.mark.parametrize('start, hours, expected', [
    (at(FRI, 17), 3, at(TUE, 12)),     # Fri 17-18, then Tue (Monday is a holiday) 10-12
    (at(THU, 8), 8, at(THU, 18)),      # before opening: the day's 8 hours
    (at(FRI, 18, 30), 1, at(TUE, 11)),  # after closing on Friday: the next working day
])
def test_due_time_is_reached_in_working_hours(start, hours, expected):
    assert CALENDAR.add_working_seconds(start, hours * H) == expected
