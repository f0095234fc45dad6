"""Deadlines in Chinese working days, checked against the 国务院办公厅 holiday notices.

2025 (国办发明电〔2024〕12号): 春节 1月28日–2月4日, make-up working days 1月26日(周日) and
2月8日(周六); 劳动节 5月1日–5日, make-up 4月27日(周日); 国庆·中秋 10月1日–8日, make-up
9月28日(周日) and 10月11日(周六).
2026 (国办发明电〔2025〕7号): 元旦 1月1日–3日, make-up 1月4日(周日); 春节 2月15日–23日, make-up
2月14日(周六) and 2月28日(周六); 劳动节 5月1日–5日, make-up 5月9日(周六); 国庆 10月1日–7日,
make-up 9月20日(周日) and 10月10日(周六).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from disclosure.core.settings import DayUnit  # noqa: E402
from disclosure.rules.workdays import add_days, covered, days_late, is_working_day  # noqa: E402

D = dt.date
W = DayUnit.WORKING
C = DayUnit.CALENDAR


@pytest.mark.parametrize("day", [
    D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
    D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
])
def test_make_up_weekends_are_working_days(day: dt.date) -> None:
    assert day.weekday() >= 5
    assert is_working_day(day)


@pytest.mark.parametrize("day", [
    D(2025, 1, 1), D(2025, 1, 28), D(2025, 2, 4), D(2025, 5, 5), D(2025, 10, 8),
    D(2026, 1, 2), D(2026, 2, 16), D(2026, 2, 23), D(2026, 5, 4), D(2026, 9, 25), D(2026, 10, 7),
])
def test_weekday_holidays_are_not_working_days(day: dt.date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_ordinary_week() -> None:
    assert is_working_day(D(2025, 3, 14))  # Friday
    assert not is_working_day(D(2025, 3, 15))  # Saturday


def test_seven_working_days_before_spring_festival_2025() -> None:
    # Fri 24 Jan: 26 Jan (Sun, make-up) 1, 27 Jan 2, holiday 28 Jan–4 Feb skipped,
    # 5–7 Feb 3–5, 8 Feb (Sat, make-up) 6, 9 Feb Sunday skipped, 10 Feb 7.
    assert add_days(D(2025, 1, 24), 7, W) == D(2025, 2, 10)


def test_seven_working_days_before_spring_festival_2026() -> None:
    # Fri 13 Feb: 14 Feb (Sat, make-up) 1, holiday 15–23 Feb skipped, 24–27 Feb 2–5,
    # 28 Feb (Sat, make-up) 6, 1 Mar Sunday skipped, 2 Mar 7.
    assert add_days(D(2026, 2, 13), 7, W) == D(2026, 3, 2)


def test_first_working_day_can_be_a_make_up_sunday() -> None:
    assert add_days(D(2025, 9, 26), 1, W) == D(2025, 9, 28)


def test_seven_working_days_before_national_day_2025() -> None:
    # Fri 26 Sep: 28 Sep (Sun) 1, 29–30 Sep 2–3, holiday 1–8 Oct skipped, 9–10 Oct 4–5,
    # 11 Oct (Sat, make-up) 6, 12 Oct Sunday skipped, 13 Oct 7.
    assert add_days(D(2025, 9, 26), 7, W) == D(2025, 10, 13)


def test_twenty_working_days_across_national_day_2025() -> None:
    # A plain Monday–Friday count would have said 24 Oct: the holiday calendar matters.
    assert add_days(D(2025, 9, 26), 20, W) == D(2025, 10, 30)


def test_start_day_is_not_counted() -> None:
    assert add_days(D(2025, 3, 10), 1, W) == D(2025, 3, 11)
    assert add_days(D(2025, 3, 10), 0, W) == D(2025, 3, 10)
    assert add_days(D(2025, 3, 15), 1, W) == D(2025, 3, 17)  # from a Saturday


def test_calendar_days_count_holidays() -> None:
    # Withdrawal within 3 days (《行政处罚法》Art. 48) of a change on 30 Sep 2025.
    assert add_days(D(2025, 9, 30), 3, C) == D(2025, 10, 3)
    # The same 3 days counted as working days jump the holiday to the make-up Saturday.
    assert add_days(D(2025, 9, 30), 3, W) == D(2025, 10, 11)


def test_negative_count_is_rejected() -> None:
    with pytest.raises(ValueError):
        add_days(D(2025, 3, 10), -1, W)


def test_datetime_is_treated_as_its_date() -> None:
    assert add_days(dt.datetime(2026, 2, 13, 17, 30), 7, W) == D(2026, 3, 2)
    assert is_working_day(dt.datetime(2026, 2, 14, 9, 0))


def test_days_late_on_and_before_the_deadline() -> None:
    deadline = D(2025, 10, 13)
    assert days_late(deadline, deadline, W) == 0
    assert days_late(deadline, D(2025, 10, 1), W) == 0
    assert days_late(deadline, deadline, C) == 0


def test_days_late_next_working_day() -> None:
    assert days_late(D(2025, 10, 13), D(2025, 10, 14), W) == 1
    # Deadline on a Friday: the weekend adds nothing, Monday is the first late day.
    assert days_late(D(2025, 3, 14), D(2025, 3, 16), W) == 0
    assert days_late(D(2025, 3, 14), D(2025, 3, 17), W) == 1


def test_days_late_ignores_holidays() -> None:
    deadline = D(2025, 9, 30)
    assert days_late(deadline, D(2025, 10, 8), W) == 0  # whole National Day holiday
    assert days_late(deadline, D(2025, 10, 9), W) == 1
    assert days_late(deadline, D(2025, 10, 11), W) == 3  # the make-up Saturday counts
    assert days_late(deadline, D(2025, 10, 8), C) == 8


def test_days_late_across_years() -> None:
    # 2025-12-31 to 2026-01-05: 1–3 Jan holiday, 4 Jan (Sun) make-up, 5 Jan Monday.
    assert days_late(D(2025, 12, 31), D(2026, 1, 5), W) == 2
    # Years late still answers quickly and agrees with a day-by-day count.
    start, end = D(2024, 6, 28), D(2027, 3, 2)
    walked = sum(
        is_working_day(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1)
    )
    assert days_late(start, end, W) == walked


def test_days_late_inverse_of_add_days() -> None:
    start = D(2026, 2, 13)
    for count in range(0, 40):
        assert days_late(start, add_days(start, count, W), W) == count


def test_covered_years() -> None:
    assert covered(D(2025, 6, 1))
    assert covered(D(2026, 12, 31))
    assert not covered(D(2031, 10, 1))
    assert not covered(D(2003, 12, 31))


def test_uncovered_year_falls_back_to_monday_to_friday() -> None:
    # 2031-01-01 (Wed) will surely be 元旦, but no calendar knows it yet: a plain weekday.
    assert not covered(D(2031, 1, 1))
    assert is_working_day(D(2031, 1, 1))
    assert not is_working_day(D(2031, 1, 4))  # Saturday
    assert add_days(D(2031, 1, 3), 1, W) == D(2031, 1, 6)  # Fri → Mon
    # 2031-09-26 is a Friday; 7 weekdays later, National Day unknown.
    assert add_days(D(2031, 9, 26), 7, W) == D(2031, 10, 7)
    assert days_late(D(2031, 9, 26), D(2031, 10, 7), W) == 7


def test_deadline_running_past_the_covered_range_is_detectable() -> None:
    deadline = add_days(D(2026, 12, 30), 3, W)  # 31 Dec, then 2027 by Monday–Friday
    assert deadline == D(2027, 1, 4)
    assert covered(D(2026, 12, 30)) and not covered(deadline)


def test_unit_labels() -> None:
    assert DayUnit("working") is W and W.label == "工作日"
    assert DayUnit("calendar") is C and C.label == "自然日"
