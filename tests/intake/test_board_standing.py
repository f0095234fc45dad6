"""How a deadline stands on a given day, for any deadline and day the holiday calendar knows: the words say the
same count of days the calendar gives (counted here day by day with chinesecalendar itself), the colour follows
them, and the order puts the most urgent first."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.settings import DayUnit
from intake import board, watch

DAYS = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31))
UNITS = st.sampled_from(list(DayUnit))
NEAR = st.integers(min_value=0, max_value=5)


def item(deadline: dt.date, unit: DayUnit) -> watch.Watched:
    return watch.Watched(watch.HELD, watch.PUBLISH, "penalties", "朔城科罚〔2026〕1号", "行政处罚决定.xlsx", "行政处罚决定",
                         3, "", deadline.isoformat(), unit.value)


def counted(after: dt.date, until: dt.date, unit: DayUnit) -> int:
    """The days d with after < d <= until, working days only for DayUnit.WORKING."""
    days = [after + dt.timedelta(days=n) for n in range(1, (until - after).days + 1)]
    return sum(unit is DayUnit.CALENDAR or chinese_calendar.is_workday(day) for day in days)


def word(unit: DayUnit) -> str:
    return "个工作日" if unit is DayUnit.WORKING else "天"


@given(DAYS, DAYS, UNITS, NEAR)
def test_the_words_count_the_calendars_days_and_the_colour_follows_them(deadline, day, unit, near):
    line = board.standing(item(deadline, unit), day, near)
    if day > deadline:
        late = counted(deadline, day, unit)
        assert (line.status, line.colour) == (board.PAST, board.RED)
        assert line.words == (f"已超期 {late} {word(unit)}" if late else
                              f"已超期（期限 {deadline.isoformat()} 已过，其后尚无工作日）")
        return
    left = counted(day, deadline, unit)
    assert line.words == (f"还剩 {left} {word(unit)}" if left else "今天是最后期限")
    assert (line.status, line.colour) == ((board.NEAR, board.AMBER) if left <= near else (board.AHEAD, board.GREEN))


@given(st.lists(st.tuples(DAYS, UNITS), min_size=2, max_size=8), DAYS)
def test_the_most_urgent_come_first(deadlines, day):
    lines = sorted((board.standing(item(deadline, unit), day, 2) for deadline, unit in deadlines),
                   key=lambda line: line.rank)
    statuses = [line.status for line in lines]
    assert statuses == sorted(statuses, key=lambda status: status != board.PAST)  # every overdue one first
    late = [counted(dt.date.fromisoformat(line.item.deadline), day, DayUnit(line.item.unit)) for line in lines
            if line.status == board.PAST]
    assert late == sorted(late, reverse=True)
    left = [counted(day, dt.date.fromisoformat(line.item.deadline), DayUnit(line.item.unit)) for line in lines
            if line.status != board.PAST]
    assert left == sorted(left)


def test_a_date_that_cannot_be_read_is_red_and_says_so():
    unreadable = watch.Watched(watch.HELD, watch.PUBLISH, "penalties", "朔城科罚〔2026〕6号", "行政处罚决定.xlsx",
                               "行政处罚决定", 6, "", "", DayUnit.WORKING.value)
    line = board.standing(unreadable, dt.date(2026, 10, 9), 2)
    assert (line.status, line.colour) == (board.UNDATED, board.RED) and "无法计算期限" in line.words
