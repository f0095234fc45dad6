"""The rules of the cross-field checks (core/cross_checks.py): what a careful reviewer sees when one field of a
record contradicts another. An error holds the record back (decide.py), a warning publishes it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal

from disclosure.core.cross_checks import Scope, checks_of
from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.core.problems import Problem
from disclosure.reading.records import Record
from disclosure.rules.checks import amount_as_written, record_problem, unit_as_written
from disclosure.rules.identity_checks import party_type_and_code
from disclosure.rules.money_text import StatedSum, sums_in_text
from disclosure.rules.plausibility import PLAUSIBILITY_RULES
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.cache import Memo

_WAN = Decimal(10000)
CONFISCATIONS = ("没收违法所得", "没收非法财物")


def cross_field_problems(record: Record, settings: RuleSettings, known: Memo | None = None) -> list[Problem]:
    """known: whether a record's content passed the checks that do not read the build's date, kept between builds
    under the same settings (decide.clean_memo): a build with nothing new runs only those that do."""
    dated = _run(record, settings, by_date=True)
    if known is not None and known.get("r" + record.kind.name + record.content_hash,
                                       lambda: not _run(record, settings, by_date=False)):
        return dated
    return _run(record, settings, by_date=False) + dated


def _run(record: Record, settings: RuleSettings, by_date: bool) -> list[Problem]:
    return [problem for rule in _rules(record.kind.name, by_date) for problem in rule(record, settings)]


@functools.cache
def _rules(kind_name: str, by_date: bool) -> tuple[Callable[[Record, RuleSettings], list[Problem]], ...]:
    return tuple(RULES[check.name] for check in checks_of(KINDS_BY_NAME[kind_name], Scope.RECORD)
                 if check.reads_build_date is by_date)


def _amounts_against_content(record: Record, settings: RuleSettings) -> list[Problem]:
    stated = sums_in_text(str(record.get("penalty_content") or ""))
    if not stated:
        return []
    problems = []
    for key in ("fine_amount", "confiscation_amount"):
        amount = record.get(key)
        if isinstance(amount, Decimal) and amount:
            problem = _amount_problem(record, key, amount * _WAN, stated)
            problems += [problem] if problem else []
    return problems


def _amount_problem(record: Record, key: str, yuan: Decimal, stated: tuple[StatedSum, ...]) -> Problem | None:
    """A sum stated in the text, or all of them together, is the amount: right; off by 10,000: the unit slipped."""
    candidates = [(s.written, s.yuan) for s in stated]
    if len(stated) > 1:
        candidates.append(("、".join(s.written for s in stated), sum(s.yuan for s in stated)))
        distinct = {s.yuan: s.written for s in stated}
        candidates.append(("、".join(distinct.values()), sum(distinct)))
    if any(value == yuan for _, value in candidates):
        return None
    recorded = amount_as_written(record, key, yuan / _WAN)
    for code, slipped in (("amount-ten-thousand-times-small", yuan * _WAN), ("amount-ten-thousand-times-large", yuan / _WAN)):
        written = next((written for written, value in candidates if value == slipped), None)
        if written is not None:
            return record_problem(record, key, code, stated=written, recorded=recorded,
                                  expected=amount_as_written(record, key, slipped / _WAN))
    return record_problem(record, key, "amount-differs-from-content", recorded=recorded,
                          stated=tuple(s.written for s in stated))


def _fine_and_category(record: Record, settings: RuleSettings) -> list[Problem]:
    categories, fine = record.get("penalty_categories") or (), record.get("fine_amount")
    if "罚款" in categories and fine is None:
        return [record_problem(record, "fine_amount", "fine-amount-missing",
                               unit=unit_as_written(record, "fine_amount"))]
    if "罚款" in categories and fine == 0:  # a 0 without the category is a clerk's "no fine": nothing to say
        return [record_problem(record, "fine_amount", "fine-amount-zero")]
    if "罚款" not in categories and fine:
        return [record_problem(record, "penalty_categories", "fine-without-category",
                               recorded=amount_as_written(record, "fine_amount", fine))]
    return []


def _confiscation_and_category(record: Record, settings: RuleSettings) -> list[Problem]:
    categories, amount = record.get("penalty_categories") or (), record.get("confiscation_amount")
    named = tuple(category for category in CONFISCATIONS if category in categories)
    if named and amount is None:
        return [record_problem(record, "confiscation_amount", "confiscation-amount-missing", categories=named)]
    if named and amount == 0:  # a warning as a missing amount is: 没收非法财物 may have no value put on it
        return [record_problem(record, "confiscation_amount", "confiscation-amount-zero", categories=named)]
    if not named and amount:
        return [record_problem(record, "penalty_categories", "confiscation-without-category",
                               recorded=amount_as_written(record, "confiscation_amount", amount))]
    return []


def _decided_in_future(record: Record, settings: RuleSettings) -> list[Problem]:
    key = record.kind.date_column
    decided = record.get(key)
    if isinstance(decided, dt.date) and decided > settings.as_of:
        return [record_problem(record, key, "decision-in-future", as_of=settings.as_of.isoformat())]
    return []


def _validity_in_order(record: Record, settings: RuleSettings) -> list[Problem]:
    start, end = record.get("valid_from"), record.get("valid_until")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        return [record_problem(record, "valid_until", "validity-ends-before-start", start=start.isoformat())]
    return []


def _withdrawal_after_decision(record: Record, settings: RuleSettings) -> list[Problem]:
    decided, withdrawn = record.get("decision_date"), record.get("withdrawal_date")
    if isinstance(decided, dt.date) and isinstance(withdrawn, dt.date) and withdrawn < decided:
        return [record_problem(record, "withdrawal_date", "withdrawal-before-decision", decided=decided.isoformat())]
    return []


def _review_before_decision(record: Record, settings: RuleSettings) -> list[Problem]:
    """A warning; a major decision reviewed late is the review rule's error, and decide._said_once keeps that alone."""
    decided, reviewed = record.get("decision_date"), record.get("review_date")
    if isinstance(decided, dt.date) and isinstance(reviewed, dt.date) and reviewed > decided:
        return [record_problem(record, "review_date", "review-dated-after-decision", decided=decided.isoformat())]
    return []


RULES: dict[str, Callable[[Record, RuleSettings], list[Problem]]] = {
    "amounts-against-content": _amounts_against_content,
    "fine-and-category": _fine_and_category,
    "confiscation-and-category": _confiscation_and_category,
    "decided-in-future": _decided_in_future,
    "validity-in-order": _validity_in_order,
    "withdrawal-after-decision": _withdrawal_after_decision,
    "review-before-decision": _review_before_decision,
    **PLAUSIBILITY_RULES,
    "party-type-and-code": party_type_and_code,
}
