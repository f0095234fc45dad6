"""The figures of the publication rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.core.settings import SETTINGS_BY_NAME, DayUnit, PortalSettings, parse


def _default(name: str):
    """The national figure, from the one table of settings."""
    return lambda: parse(SETTINGS_BY_NAME[name], {})


@dataclass(frozen=True)
class RuleSettings:
    """Every figure of the rules, as pelicanconf.py sets them (core/settings.py: the national figures by default)."""

    as_of: dt.date
    deadlines: dict[str, int] = field(default_factory=_default("PUBLICATION_DEADLINE_DAYS"))
    deadline_unit: DayUnit = field(default_factory=_default("PUBLICATION_DEADLINE_UNIT"))
    withdrawal_days: int = field(default_factory=_default("WITHDRAWAL_DEADLINE_DAYS"))
    withdrawal_unit: DayUnit = field(default_factory=_default("WITHDRAWAL_DEADLINE_UNIT"))
    short_publicity_months: int = field(default_factory=_default("SHORT_PUBLICITY_MONTHS"))
    long_publicity_years: int = field(default_factory=_default("LONG_PUBLICITY_YEARS"))
    # 较低数额罚款 (万元) by 行政相对人类别: provinces set their own.
    low_fines: dict[str, Decimal] = field(default_factory=_default("LOW_FINE_WAN_YUAN"))
    # Above these (万元, by amount column) an amount is a warning; before this year a decision date is.
    amount_ceilings: dict[str, Decimal] = field(default_factory=_default("AMOUNT_CEILING_WAN_YUAN"))
    earliest_year: int = field(default_factory=_default("EARLIEST_DECISION_YEAR"))

    @classmethod
    def from_settings(cls, settings: PortalSettings, as_of: dt.date) -> RuleSettings:
        return cls(
            as_of=as_of,
            deadlines=settings.publication_deadline_days,
            deadline_unit=settings.publication_deadline_unit,
            withdrawal_days=settings.withdrawal_deadline_days,
            withdrawal_unit=settings.withdrawal_deadline_unit,
            short_publicity_months=settings.short_publicity_months,
            long_publicity_years=settings.long_publicity_years,
            low_fines=settings.low_fine_wan_yuan,
            amount_ceilings=settings.amount_ceiling_wan_yuan,
            earliest_year=settings.earliest_decision_year,
        )
