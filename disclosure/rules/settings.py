"""The figures of the publication rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.core.kinds import NATURAL_PERSON, SOLE_TRADER
from disclosure.rules.workdays import DayUnit


@dataclass(frozen=True)
class RuleSettings:
    """Every figure of the rules; pelicanconf.py sets them, the national figures are the defaults."""

    as_of: dt.date
    deadlines: dict[str, int] = field(default_factory=lambda: {
        "penalties": 7, "licenses": 7, "other-decisions": 20, "spot-checks": 20})
    deadline_unit: DayUnit = DayUnit.WORKING
    withdrawal_days: int = 3
    withdrawal_unit: DayUnit = DayUnit.CALENDAR
    short_publicity_months: int = 3
    long_publicity_years: int = 3
    # 较低数额罚款 (万元) by 行政相对人类别. Provinces set their own; the national default is the
    # one low amount the law itself names: 《行政处罚法》Art. 51 (简易程序), 200 元 for a citizen,
    # 3,000 元 for an organisation.
    low_fines: dict[str, Decimal] = field(default_factory=lambda: {
        NATURAL_PERSON: Decimal("0.02"), SOLE_TRADER: Decimal("0.02"), "法人及非法人组织": Decimal("0.3")})

    @classmethod
    def from_settings(cls, settings: dict, as_of: dt.date) -> RuleSettings:
        defaults = cls(as_of)
        return cls(
            as_of=as_of,
            deadlines={**defaults.deadlines, **settings.get("PUBLICATION_DEADLINE_DAYS", {})},
            deadline_unit=DayUnit(settings.get("PUBLICATION_DEADLINE_UNIT", defaults.deadline_unit.value)),
            withdrawal_days=settings.get("WITHDRAWAL_DEADLINE_DAYS", defaults.withdrawal_days),
            withdrawal_unit=DayUnit(settings.get("WITHDRAWAL_DEADLINE_UNIT", defaults.withdrawal_unit.value)),
            short_publicity_months=settings.get("SHORT_PUBLICITY_MONTHS", defaults.short_publicity_months),
            long_publicity_years=settings.get("LONG_PUBLICITY_YEARS", defaults.long_publicity_years),
            low_fines={**defaults.low_fines, **{k: Decimal(str(v)) for k, v in settings.get("LOW_FINE_WAN_YUAN", {}).items()}},
        )

