"""The checks across the fields of one record, or of one agency's records: which kinds each applies to, the
columns it reads, the codes it may raise, and what a clerk reads of it as a rule. One table, beside the kinds:
the rules run it (rules/cross_checks.py a record's, rules/identity_checks.py an agency's), a report or a
template's instructions may list it (rules_of).

A check's severity is its codes' (the catalogue's): a 错误 holds the record back, a 警告 publishes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from disclosure.core.kinds import LICENSES, OTHER_DECISIONS, PENALTIES, SPOT_CHECKS, SheetKind
from disclosure.core.problem_catalogue import CATALOGUE, Severity


class Scope(Enum):
    RECORD = "record"  # one record's fields
    AGENCY = "agency"  # a record against its folder's agency, or against the agency's other records


@dataclass(frozen=True)
class CrossCheck:
    name: str  # its rule is registered under this name (RULES of rules/cross_checks.py, AGENCY_RULES of identity_checks.py)
    kinds: tuple[str, ...]  # kind names
    columns: tuple[str, ...]  # column keys it reads
    codes: tuple[str, ...]  # problem codes it may raise
    rule: str  # the rule in a clerk's words
    scope: Scope = Scope.RECORD
    # Its finding moves with the build's date (--as-of): it runs on every build, where the others' finding that
    # a record is clean is kept between builds by its content (rules/cross_checks.py).
    reads_build_date: bool = False

    @property
    def severities(self) -> tuple[Severity, ...]:
        return tuple(dict.fromkeys(CATALOGUE[code].severity for code in self.codes))


_DATED = (PENALTIES.name, LICENSES.name, OTHER_DECISIONS.name, SPOT_CHECKS.name)
_DECISIONS = (PENALTIES.name, LICENSES.name, OTHER_DECISIONS.name)

CROSS_CHECKS: tuple[CrossCheck, ...] = (
    CrossCheck("amounts-against-content", (PENALTIES.name,), ("penalty_content", "fine_amount", "confiscation_amount"),
               ("amount-ten-thousand-times-small", "amount-ten-thousand-times-large", "amount-differs-from-content"),
               "罚款金额、没收金额须与处罚内容中写明的金额一致（以万元计；相差一万倍的视为单位填错，不予公示）"),
    CrossCheck("fine-and-category", (PENALTIES.name,), ("penalty_categories", "fine_amount"),
               ("fine-amount-missing", "fine-amount-zero", "fine-without-category"),
               "处罚类别含“罚款”的须填写罚款金额，且不得为 0；填写了罚款金额的，处罚类别须含“罚款”"),
    CrossCheck("confiscation-and-category", (PENALTIES.name,), ("penalty_categories", "confiscation_amount"),
               ("confiscation-amount-missing", "confiscation-amount-zero", "confiscation-without-category"),
               "处罚类别含“没收违法所得”或“没收非法财物”的应填写没收金额（不为 0），反之亦然"),
    CrossCheck("decided-in-future", _DATED, ("decision_date", "check_date"), ("decision-in-future",),
               "决定日期晚于构建日期的，到该日期才公示", reads_build_date=True),
    CrossCheck("validity-in-order", (LICENSES.name,), ("valid_from", "valid_until"), ("validity-ends-before-start",),
               "有效期至不得早于有效期自"),
    CrossCheck("withdrawal-after-decision", _DECISIONS, ("decision_date", "withdrawal_date"),
               ("withdrawal-before-decision",), "撤回日期不得早于决定日期"),
    CrossCheck("review-before-decision", _DECISIONS, ("review_date", "decision_date"), ("review-dated-after-decision",),
               "法制审核日期应在决定日期当天或之前（重大执法决定晚于决定日期的不予公示）"),
    CrossCheck("amount-within-ceiling", (PENALTIES.name,), ("fine_amount", "confiscation_amount"),
               ("amount-above-ceiling",),
               "罚款金额、没收金额超过平台设定的上限（默认 1 亿元）的，请核对金额和单位"),
    CrossCheck("decided-after-earliest-year", _DATED, ("decision_date", "check_date"),
               ("decided-before-earliest-year",), "决定日期（抽查日期）早于平台设定的最早年份（默认 1990 年）的，请核对年份"),
    CrossCheck("authority-is-own", _DATED, ("authority", "authority_uscc"),
               ("not-own-decision-code", "not-own-decision", "authority-name-not-own"),
               "谁执法谁公示：机关名称和机关代码都须是本单位的（与“机关信息”一致）", Scope.AGENCY),
    CrossCheck("party-code-one-name", _DATED, ("party_name", "party_uscc", "target", "target_uscc"),
               ("party-code-several-names",),
               "同一个统一社会信用代码在本单位的各条记录中应是同一个名称", Scope.AGENCY),
    CrossCheck("party-type-and-code", _DECISIONS, ("party_type", "party_uscc"),
               ("natural-person-with-uscc", "organisation-without-uscc", "organisation-with-sole-trader-uscc"),
               "自然人不填统一社会信用代码；法人及非法人组织须填写自己的统一社会信用代码"),
)


def checks_of(kind: SheetKind, scope: Scope | None = None) -> tuple[CrossCheck, ...]:
    """scope None: all of the kind's checks."""
    return tuple(check for check in CROSS_CHECKS if kind.name in check.kinds and scope in (None, check.scope))


def rules_of(kind: SheetKind) -> tuple[str, ...]:
    """What a template's instructions or a report says a kind's rows must agree in."""
    return tuple(check.rule for check in checks_of(kind))


def rules_of_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The rules behind some problems, in the table's order: what a report shows beside a file's problems."""
    raised = set(codes)
    return tuple(check.rule for check in CROSS_CHECKS if raised.intersection(check.codes))
