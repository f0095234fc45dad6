"""Publication deadlines, lateness and publicity periods (公示期)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from disclosure.core.kinds import PENALTIES, SheetKind
from disclosure.core.problems import Problem, details
from disclosure.core.settings import DayUnit
from disclosure.public.types import Publication
from disclosure.reading.records import Record
from disclosure.rules import workdays
from disclosure.rules.checks import record_problem
from disclosure.rules.settings import RuleSettings


def timeliness(record: Record, settings: RuleSettings, tracking_since: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The deadline, and how many days late the first publication is. A decision whose deadline
    passed before the portal's first build was published elsewhere, if at all: its lateness is
    unknown (None), not counted against the agency."""
    decided = record.get(record.kind.date_column) if record.kind.date_column else None
    deadline = publication_deadline(record.kind, decided, settings)
    if deadline is None:
        return None, None
    if deadline < (tracking_since or settings.as_of):
        return deadline, None
    return deadline, workdays.days_late(deadline, settings.as_of, settings.deadline_unit)


def publication_deadline(kind: SheetKind, decided: object, settings: RuleSettings) -> dt.date | None:
    """The last day a decision of this kind made on `decided` may be first published; None: no deadline."""
    days = settings.deadlines.get(kind.name)
    if not isinstance(decided, dt.date) or days is None:
        return None
    return workdays.add_days(decided, days, settings.deadline_unit)


def withdrawal_deadline(withdrawn_on: dt.date, settings: RuleSettings) -> dt.date:
    """The last day a published decision changed or annulled on `withdrawn_on` (撤回日期 as the clerk gives it)
    may stay online (《行政处罚法》Art. 48: within 3 days; the unit a setting)."""
    return workdays.add_days(withdrawn_on, settings.withdrawal_days, settings.withdrawal_unit)


def calendar_problems(publications: list[Publication], settings: RuleSettings) -> list[Problem]:
    """Past the years the holiday calendar knows, working days are Monday to Friday: say so once."""
    if settings.deadline_unit is not DayUnit.WORKING:
        return []
    beyond = sorted({p.deadline.year for p in publications if p.deadline and not workdays.covered(p.deadline)})
    if not beyond:
        return []
    return [Problem("calendar-beyond-coverage", agency="（全部单位）", details=details(years=tuple(beyond)))]


def late_problem(record: Record, deadline: dt.date, late: int, settings: RuleSettings) -> Problem:
    return record_problem(record, record.kind.date_column, "late-publication", days=settings.deadlines[record.kind.name],
                          unit=settings.deadline_unit.value, deadline=deadline.isoformat(), late=late)


def publicity_until(record: Record, settings: RuleSettings) -> dt.date | None:
    """The last day a penalty is shown (公示截止期 in the data wins); None: no end."""
    if record.kind is not PENALTIES:
        return None
    if isinstance(record.get("publicity_deadline"), dt.date):
        return record.get("publicity_deadline")
    decided = record.get("decision_date")
    if _is_light_penalty(record, settings):
        return _add_months(decided, settings.short_publicity_months)
    until = _add_months(decided, 12 * settings.long_publicity_years)
    valid_until = record.get("penalty_valid_until")
    return max(until, valid_until) if isinstance(valid_until, dt.date) else until


def _is_light_penalty(record: Record, settings: RuleSettings) -> bool:
    categories = set(record.get("penalty_categories", ()))
    if not categories <= {"警告", "通报批评", "罚款"}:
        return False
    fine = record.get("fine_amount") or Decimal(0)
    return "罚款" not in categories or fine <= settings.low_fines.get(str(record.get("party_type")), Decimal(0))


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)

