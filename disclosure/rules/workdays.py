"""Publication deadlines counted in Chinese working days (工作日) or calendar days (自然日).

Working days follow the national holiday calendar published each year by the 国务院办公厅,
including 调休: weekdays that are holidays and weekends that are make-up working days. The
calendar comes from the `chinesecalendar` package (import name `chinese_calendar`), which only
knows the years it was released with. For any other year the functions here fall back to
Monday–Friday rather than fail; `covered()` tells the caller when that happened so it can warn
that the holiday calendar (the package) needs updating.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

import chinese_calendar

from disclosure.core.settings import DayUnit


@lru_cache(maxsize=None)
def _year_covered(year: int) -> bool:
    # Ask the library itself instead of hard-coding its range, so upgrading the pin is enough.
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=None)
def _working_ordinals(year: int) -> tuple[int, ...]:
    """The year's working days as sorted ordinals: built once per year, then answered by lookup."""
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    days = (dt.date.fromordinal(n) for n in range(first, last + 1))
    if _year_covered(year):
        return tuple(d.toordinal() for d in days if chinese_calendar.is_workday(d))
    return tuple(d.toordinal() for d in days if d.weekday() < 5)


@lru_cache(maxsize=None)
def _working_set(year: int) -> frozenset[int]:
    return frozenset(_working_ordinals(year))


def _as_date(day: dt.date) -> dt.date:
    # datetime is a subclass of date; without this a datetime would miss date-keyed caches.
    return day.date() if isinstance(day, dt.datetime) else day


def covered(day: dt.date) -> bool:
    """Whether the holiday calendar knows `day`'s year.

    False means answers for that day assume a plain Monday–Friday week, ignoring holidays and
    调休; callers should warn that the holiday calendar needs updating. The covered years form
    one contiguous range, so a span is covered when both of its ends are.
    """
    return _year_covered(_as_date(day).year)


def is_working_day(day: dt.date) -> bool:
    day = _as_date(day)
    return day.toordinal() in _working_set(day.year)


def add_days(start: dt.date, count: int, unit: DayUnit) -> dt.date:
    """The deadline: the `count`-th working (or calendar) day after `start`.

    `start` itself is never counted, even when it is a working day, so a decision made on a
    Friday before a holiday with 7 working days counts from the next working day on. A count of
    0 returns `start`. Raises ValueError for a negative count (a configuration error).
    """
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")
    start = _as_date(start)
    if unit is DayUnit.CALENDAR:
        return start + dt.timedelta(days=count)
    day = start
    remaining = count
    # Deadlines are a few dozen days at most, so a day-by-day walk over cached sets is cheap.
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def days_late(deadline: dt.date, done: dt.date, unit: DayUnit) -> int:
    """How many working (or calendar) days after `deadline` the act on `done` fell.

    0 when `done` is on or before the deadline. Otherwise counts the days d with
    deadline < d <= done, only working days for DayUnit.WORKING, so holidays after the deadline
    do not add lateness.
    """
    deadline, done = _as_date(deadline), _as_date(done)
    if done <= deadline:
        return 0
    if unit is DayUnit.CALENDAR:
        return (done - deadline).days
    # Publication can be years late; count per year by bisection instead of walking every day.
    low, high = deadline.toordinal(), done.toordinal()
    late = 0
    for year in range(deadline.year, done.year + 1):
        ordinals = _working_ordinals(year)
        late += bisect_right(ordinals, high) - bisect_right(ordinals, low)
    return late
