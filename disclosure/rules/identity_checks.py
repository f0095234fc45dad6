"""The identity checks of core/cross_checks.py: whose decision a record is (谁执法谁公示), and whether the party's
code agrees with its type and with the agency's other records. The checks over an agency's records run once
for all records, before decide.py rules on each; their problems join each record's own."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

from disclosure.core.cross_checks import CROSS_CHECKS, Scope
from disclosure.core.identifiers import (
    USCC_PLACEHOLDER,
    Registrant,
    is_resident_id,
    normalize_identifier,
    uscc_registrant,
)
from disclosure.core.kinds import NATURAL_PERSON, ORGANISATION, SheetKind
from disclosure.core.problems import Problem
from disclosure.public.types import Agency
from disclosure.reading.records import Record
from disclosure.rules.checks import ownership_problems, record_problem
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.cache import Memo

# Each name a party code is written under names at most this many of its records: enough to find them.
NAMED_PLACES = 3
# The name and code columns of a party, of the kinds that have them.
_PARTY_COLUMNS = (("party_name", "party_uscc"), ("target", "target_uscc"))

Found = list[tuple[Record, Problem]]


def agency_problems(records: Iterable[Record], agencies: Mapping[str, Agency],
                    known: Memo | None = None) -> dict[Record, list[Problem]]:
    """The problems the checks over an agency's records (Scope.AGENCY) find, by record. Records of folders that
    are no agency are not looked at: nothing of them is published. known: whether an agency with exactly these
    records passed them, kept between builds (decide.clean_memo)."""
    grouped: dict[str, dict[str, list[Record]]] = {}
    for record in records:
        if record.agency in agencies and record.kind.name in _AGENCY_KINDS:
            grouped.setdefault(record.agency, {}).setdefault(record.kind.name, []).append(record)
    found: dict[Record, list[Problem]] = {}
    for folder, by_kind in grouped.items():
        agency = agencies[folder]
        if known is not None and known.get(_agency_key(agency, by_kind), functools.partial(_clean, by_kind, agency)):
            continue
        for record, problem in _found(by_kind, agency):
            found.setdefault(record, []).append(problem)
    return found


def _found(by_kind: Mapping[str, list[Record]], agency: Agency) -> Found:
    return [pair for check in _AGENCY_CHECKS
            for pair in AGENCY_RULES[check.name]([r for kind in check.kinds for r in by_kind.get(kind, ())], agency)]


def _clean(by_kind: Mapping[str, list[Record]], agency: Agency) -> bool:
    return not _found(by_kind, agency)


def _agency_key(agency: Agency, by_kind: Mapping[str, list[Record]]) -> str:
    """The agency and its records' contents, in any order: whether they are clean does not depend on the order."""
    contents = sorted(kind + record.content_hash for kind, found in by_kind.items() for record in found)
    digest = hashlib.blake2b("\n".join((agency.name, agency.slug, *contents)).encode(), digest_size=16)
    return "a" + agency.folder + digest.hexdigest()


def _authority_is_own(records: Sequence[Record], agency: Agency) -> Found:
    return [(record, problem) for record in records for problem in ownership_problems(record, agency)]


def _party_code_one_name(records: Sequence[Record], agency: Agency) -> Found:
    """One 统一社会信用代码 is one body: the records that write it under another name than the one it has most
    often (the first such, when two are as frequent) get a 警告, each naming every name with its records. The odd
    ones out are the likely slips, and a clerk who finds the usual name wrong still reads where it is."""
    by_code: dict[str, dict[str, list[Record]]] = {}
    for record in records:
        columns = _party_columns(record.kind)
        code, name = (record.get(columns[1]), record.get(columns[0])) if columns else (None, None)
        # A natural person has no code (party-type-and-code says so); the placeholder is many 个体工商户's.
        if code and name is not None and code != USCC_PLACEHOLDER and record.get("party_type") != NATURAL_PERSON:
            by_code.setdefault(code, {}).setdefault(str(name), []).append(record)
    # Names are compared as written first: only a code written under several is worth normalising its names.
    return [found for code, by_written in by_code.items() if len(by_written) > 1
            for found in _several_names(code, by_written)]


def _several_names(code: str, by_written: dict[str, list[Record]]) -> Found:
    by_name: dict[str, list[Record]] = {}
    for written, found in by_written.items():
        by_name.setdefault(normalize_identifier(written), []).extend(found)
    if len(by_name) < 2:
        return []
    usual = max(by_name, key=lambda name: len(by_name[name]))  # the first of the most frequent
    names = tuple((str(found[0].get(_name_column(found[0]))), tuple(map(_place, found[:NAMED_PLACES])), len(found))
                  for found in by_name.values())
    return [(record, record_problem(record, _name_column(record), "party-code-several-names", uscc=code,
                                    count=len(by_name), names=names))
            for name, found in by_name.items() if name != usual for record in found]


def _party_columns(kind: SheetKind) -> tuple[str, str] | None:
    return next(((name, code) for name, code in _PARTY_COLUMNS if kind.has(code)), None)


def _name_column(record: Record) -> str:
    return _party_columns(record.kind)[0]


def _place(record: Record) -> str:
    """A record as a clerk finds it: its 文书号 as written, or (a spot-check) its file and cell."""
    if record.get("document_number"):
        return str(record.get("document_number"))
    return f"{record.origin.file} {record.cell(_name_column(record))}"


def party_type_and_code(record: Record, settings: RuleSettings) -> list[Problem]:
    """A natural person has no 统一社会信用代码, a 法人及非法人组织 has its own. An ID number in the code column is
    not looked at here: it is an error of its own (resident-id-in-code)."""
    party_type, code = record.get("party_type"), record.get("party_uscc")
    if code and is_resident_id(code):
        return []
    column = {"type_column": record.kind.column("party_type").label}
    if party_type == NATURAL_PERSON and code and code != USCC_PLACEHOLDER:
        return [record_problem(record, "party_uscc", "natural-person-with-uscc",
                               registrant=uscc_registrant(code).value, **column)]
    if party_type != ORGANISATION:
        return []
    if not code or code == USCC_PLACEHOLDER:
        return [record_problem(record, "party_uscc", "organisation-without-uscc", **column)]
    if uscc_registrant(code) is Registrant.SOLE_TRADER:
        return [record_problem(record, "party_uscc", "organisation-with-sole-trader-uscc", **column)]
    return []


AGENCY_RULES: dict[str, Callable[[Sequence[Record], Agency], Found]] = {
    "authority-is-own": _authority_is_own,
    "party-code-one-name": _party_code_one_name,
}
_AGENCY_CHECKS = tuple(check for check in CROSS_CHECKS if check.scope is Scope.AGENCY)
_AGENCY_KINDS = frozenset(kind for check in _AGENCY_CHECKS for kind in check.kinds)
