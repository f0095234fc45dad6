"""The plausibility checks of core/cross_checks.py: an amount above the portal's ceiling, a decision dated before
its earliest year. Both are warnings: such a record is rare, not wrong, and a real one must go public on time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from disclosure.core.problems import Problem
from disclosure.core.values import AmountValue
from disclosure.reading.records import Record
from disclosure.rules.checks import amount_as_written, record_problem
from disclosure.rules.settings import RuleSettings

_AMOUNT = AmountValue()


def _amount_within_ceiling(record: Record, settings: RuleSettings) -> list[Problem]:
    problems = []
    for key, ceiling in settings.amount_ceilings.items():
        amount = record.get(key) if record.kind.has(key) else None
        if isinstance(amount, Decimal) and amount > ceiling:
            problems.append(record_problem(record, key, "amount-above-ceiling",
                                           recorded=amount_as_written(record, key, amount),
                                           ceiling=_AMOUNT.text(ceiling)))
    return problems


def _decided_after_earliest_year(record: Record, settings: RuleSettings) -> list[Problem]:
    key = record.kind.date_column
    decided = record.get(key)
    if isinstance(decided, dt.date) and decided.year < settings.earliest_year:
        return [record_problem(record, key, "decided-before-earliest-year", year=settings.earliest_year)]
    return []


PLAUSIBILITY_RULES: dict[str, Callable[[Record, RuleSettings], list[Problem]]] = {
    "amount-within-ceiling": _amount_within_ceiling,
    "decided-after-earliest-year": _decided_after_earliest_year,
}
