"""The deadline board (红绿灯预警, RULES.md §8): per agency, the records whose publication or withdrawal deadline is
near or past — held back by errors in data/ now, or waiting for review in a pending submission — red, amber or
green and in words, most urgent first.

Where the deadlines come from: the checks, stored with their uploads (intake/watch.py). The current data's are
those of the newest check of exactly the bytes now in data/<agency> (every table file's SHA-256 as checked); the
board never runs a check itself, because a check reads every workbook of the agency (seconds) and the admin's
summary would run one per agency on every visit. A stored check stays right: the deadline is a date fixed by the
data (the decision's or the withdrawal's date, the holiday calendar, the settings), and whether a row is held back
is fixed by its bytes. Only how many days are left depends on the day the board is looked at, and that is counted
here, each time, in Asia/Shanghai (the service's TIME_ZONE), with the calendar's own working-day count
(workdays.days_late). Files whose bytes no check has seen are named, with the button that checks them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from disclosure.core import clock
from disclosure.core.settings import DayUnit
from disclosure.rules import decide, ledger, workdays
from disclosure.rules.settings import RuleSettings
from disclosure.site import figures
from intake import checking, uploads, watch
from intake.models import Agency, Review, Submission, Upload

RED, AMBER, GREEN = "red", "amber", "green"
PAST, NEAR, AHEAD, UNDATED = "已超期", "临近期限", "期限未到", "无法计算"
CAUSE_WORDS = {watch.HELD: "有错误，未能公示", watch.WAITING: "待审核"}
DUTY_WORDS = {watch.PUBLISH: "公示", watch.WITHDRAW: "撤回"}


def today() -> dt.date:
    """The service's today: the portal's (the day in Beijing), or INTAKE_TODAY where a test fixes it. Checks,
    previews and the board all read it."""
    return settings.INTAKE_TODAY or clock.today()


@dataclass(frozen=True)
class Line:
    """One record on the board, as it stands today."""

    item: watch.Watched
    status: str  # PAST, NEAR, AHEAD or UNDATED: the colour's meaning in words
    colour: str
    words: str  # “已超期 3 个工作日”, “还剩 2 个工作日”, “今天是最后期限”
    rank: tuple[int, int, int]  # most urgent first
    waiting_in: Upload | None  # the pending submission's upload it waits in; None: data/ now

    @property
    def cause_words(self) -> str:
        return CAUSE_WORDS[self.item.cause]

    @property
    def duty_words(self) -> str:
        return DUTY_WORDS[self.item.duty]


def standing(item: watch.Watched, day: dt.date, near: int, waiting_in: Upload | None = None) -> Line:
    """near: at most this many days left (of the deadline's unit, today not counted) is amber. A date that cannot
    be read is red: it may be past already, and only the clerk can tell."""
    if not item.deadline:
        return Line(item, UNDATED, RED, "日期未填或无法识别，无法计算期限：请先改正这一行", (1, 0, 0), waiting_in)
    deadline, unit = dt.date.fromisoformat(item.deadline), DayUnit(item.unit)
    word = "个工作日" if unit is DayUnit.WORKING else "天"
    if day > deadline:
        late = workdays.days_late(deadline, day, unit)
        words = f"已超期 {late} {word}" if late else f"已超期（期限 {deadline.isoformat()} 已过，其后尚无工作日）"
        return Line(item, PAST, RED, words, (0, -late, deadline.toordinal()), waiting_in)
    left = workdays.days_late(day, deadline, unit)
    words = f"还剩 {left} {word}" if left else "今天是最后期限"
    status, colour = (NEAR, AMBER) if left <= near else (AHEAD, GREEN)
    return Line(item, status, colour, words, (2, left, deadline.toordinal()), waiting_in)


@dataclass(frozen=True)
class Board:
    agency: Agency
    day: dt.date
    lines: tuple[Line, ...]
    checked: Upload | None  # the check of the current files the board read
    unchecked: tuple[str, ...]  # current table files no check (made since the board exists) has seen as they are

    def _publications(self, status: str) -> int:
        return sum(line.status == status and line.item.duty == watch.PUBLISH for line in self.lines)

    @property
    def past(self) -> int:
        return self._publications(PAST)

    @property
    def near(self) -> int:
        return self._publications(NEAR)

    @property
    def undated(self) -> int:
        """Held back with a decision date that cannot be read."""
        return self._publications(UNDATED)

    @property
    def withdrawals_due(self) -> int:
        """Withdrawals past or near their limit (or with a date that cannot be read)."""
        return sum(line.colour != GREEN and line.item.duty == watch.WITHDRAW for line in self.lines)


def board(agency: Agency, day: dt.date) -> Board:
    near = settings.INTAKE_DEADLINE_NEAR_DAYS
    checked, unchecked = current_check(agency)
    found = {_identity(item): standing(item, day, near)
             for item in (watch.watched_of(checked.result) if checked else ()) if item.cause == watch.HELD}
    pending = Submission.objects.filter(upload__agency=agency, state=Review.PENDING).select_related("upload")
    for submission in pending.order_by("submitted_at"):
        for item in watch.watched_of(submission.upload.result) or ():
            if item.cause == watch.WAITING:  # the fix waits for review: the row it replaces is no longer the news
                found[_identity(item)] = standing(item, day, near, submission.upload)
    return Board(agency, day, tuple(sorted(found.values(), key=lambda line: line.rank)), checked, unchecked)


def _identity(item: watch.Watched) -> tuple[str, str, str]:
    return item.kind, item.record, item.duty


def current_check(agency: Agency) -> tuple[Upload | None, tuple[str, ...]]:
    """The newest check whose files are data/<agency>'s as they are now, and the table files none has seen."""
    current = {name: digest for name, digest in checking.current_digests(agency.folder).items()
               if uploads.is_table_name(name)}
    for upload in agency.uploads.exclude(as_of=None)[:checking.RECENT_CHECKS]:
        seen = {file.name: file.sha256 for file in checking.files_of(upload.result) if uploads.is_table_name(file.name)}
        if seen == current and watch.watched_of(upload.result) is not None:
            return upload, ()
    return None, tuple(sorted(current))


def on_time_rates(day: dt.date) -> dict[str, str]:
    """Each agency's 按时公示率 this year so far, by folder, as the site's statistics page counts it
    (figures.Tally over what the ledger has published)."""
    path = Path(settings.INTAKE_LEDGER)
    return _rates(str(path), path.stat().st_mtime_ns if path.is_file() else 0, day)


@lru_cache(maxsize=8)
def _rates(path: str, modified: int, day: dt.date) -> dict[str, str]:
    if not modified:
        return {}
    decisions = decide.decide([], RuleSettings(as_of=day), ledger.read(Path(path))).decisions
    year = next((report for report in figures.yearly_reports(decisions, day) if report.year == day.year), None)
    if year is None:
        return {}
    return {tally.agency.folder: tally.timeliness_shown for tally in year.by_agency}
