"""Checks that hold a record back: who may publish it (谁执法谁公示) and the prior 法制审核 of major decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import ITEMS, PENALTIES
from disclosure.core.problems import Problem, details
from disclosure.core.values import AmountValue, header_unit
from disclosure.public.types import Agency
from disclosure.reading.records import Record


def ownership_problems(record: Record, agency: Agency) -> list[Problem]:
    """谁执法谁公示: an agency's folder publishes its own decisions only, under its own name and code; its code
    beside another agency's name would publish the other's name on this agency's page."""
    kind = record.kind
    if not kind.authority_column:
        return []
    code_column = f"{kind.authority_column}_uscc"
    code = record.get(code_column) if kind.has(code_column) else None
    if code and code != agency.slug:
        return [record_problem(record, code_column, "not-own-decision-code", agency_name=agency.name,
                               agency_code=agency.slug)]
    if _same_name(record.get(kind.authority_column), agency.name):
        return []
    if code:
        return [record_problem(record, kind.authority_column, "authority-name-not-own", agency_name=agency.name,
                               agency_code=agency.slug)]
    return [record_problem(record, kind.authority_column, "not-own-decision", agency_name=agency.name)]


def _same_name(written: object, name: str) -> bool:
    return written is not None and normalize_identifier(str(written)) == normalize_identifier(name)


def review_catalogue(records: list[Record]) -> set[tuple[str, str]]:
    return {(r.agency, normalize_identifier(str(r.get("code")))) for r in records
            if r.kind is ITEMS and r.get("in_review_catalogue") == "是"}


def review_problems(record: Record, catalogue: set[tuple[str, str]]) -> list[Problem]:
    """重大执法决定法制审核: no publication of a major decision without a prior 同意."""
    if not record.kind.has("is_major"):
        return []
    problems = []
    major = record.get("is_major") == "是"
    item = record.get("item_code")
    if record.get("is_major") is None and item and (record.agency, normalize_identifier(str(item))) in catalogue:
        major = True
        problems.append(record_problem(record, "item_code", "assumed-major-decision", item=item))
    if not major:
        return problems
    reviewed_on, decided_on = record.get("review_date"), record.get(record.kind.date_column)
    if record.get("review_conclusion") != "同意":
        problems.append(record_problem(record, "review_conclusion", "review-missing"))
    elif not isinstance(reviewed_on, dt.date) or (isinstance(decided_on, dt.date) and reviewed_on > decided_on):
        problems.append(record_problem(record, "review_date", "review-after-decision"))
    return problems


def record_problem(record: Record, column_key: str, code: str, **particulars: object) -> Problem:
    """A problem of a record, at its cell in the column; particulars for the code's wording."""
    column = record.kind.column(column_key)
    value = record.get(column_key)
    return Problem(code, agency=record.agency, file=record.origin.file, sheet=record.origin.sheet,
                   cell=record.cell(column_key), column=record.origin.headers.get(column_key, column.label),
                   value="" if value is None else column.value_type.text(value), record=record.key,
                   record_label=record.label, kind=record.kind.name, details=details(**particulars))


def withholding_reason(record: Record) -> str:
    """Why a record is never published, or "" when it may be."""
    if record.get("withholding_reason"):
        return f"不予公开：{record.get('withholding_reason')}"
    if record.kind is PENALTIES and record.get("penalty_categories") == ("警告",):
        return "仅给予警告的行政处罚不公示"
    return ""


def amount_as_written(record: Record, column_key: str, value: Decimal) -> str:
    """An amount in the unit of its column's header as the clerk wrote it: advice in the clerk's own unit."""
    unit = unit_as_written(record, column_key)
    return f"{_AMOUNT.text(value * 10000 if unit == '元' else value)} {unit}"


def unit_as_written(record: Record, column_key: str) -> str:
    """The unit an amount column's header states, as the clerk wrote it (万元 where the column is absent)."""
    return header_unit(record.origin.headers.get(column_key, ""))


_AMOUNT = AmountValue()
