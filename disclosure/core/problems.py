"""Problems found in the clerks' data, and the report that collects them.

A problem always says where (agency folder, file, sheet, cell), what the clerk wrote,
what is wrong and how to fix it, in plain Chinese: it is the clerk's only conversation
with the system. A problem names its code and particulars; its severity and sentences
come from the catalogue (problem_catalogue.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields, replace

from disclosure.core.problem_catalogue import CATALOGUE, Severity, render

Details = tuple[tuple[str, object], ...]  # a problem's particulars, by name, as its wording needs them


def details(**named: object) -> Details:
    """Particulars for a problem's wording; lists as tuples, so that a problem stays hashable."""
    return tuple(sorted(named.items()))


@dataclass(frozen=True)
class Problem:
    code: str  # a key of the catalogue, e.g. "invalid-date"
    agency: str = ""  # agency folder name
    file: str = ""  # path relative to the data folder
    sheet: str = ""
    cell: str = ""  # "E7", or "第7行" for a whole row, or "" for a whole sheet/file
    column: str = ""  # the header as the clerk wrote it
    value: str = ""
    record: str = ""  # the record's normalised key (its 文书号, ...) where the problem concerns one (a held row's too)
    # The record as the clerk wrote it (陵示综执罚〔2026〕900号, brackets and all), or "第7行（文书号未填）": what the
    # report names beside the cell, so the clerk knows which decision a problem is about without looking it up.
    record_label: str = ""
    kind: str = ""  # the sheet kind's name (e.g. "penalties") of the record the problem concerns
    details: Details = ()

    def __post_init__(self):
        if self.code not in CATALOGUE:
            raise KeyError(f"no problem code {self.code!r} in the catalogue")

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def message(self) -> str:
        return render(CATALOGUE[self.code].message, self._context())

    @property
    def fix(self) -> str:
        return render(CATALOGUE[self.code].fix, self._context())

    def _context(self) -> dict[str, object]:
        own = {field.name: getattr(self, field.name) for field in fields(self) if field.name != "details"}
        return {**own, **dict(self.details)}

    @property
    def place(self) -> str:
        """Its cell, else what it is about as a whole: its file, or (a published record gone) the agency."""
        return self.cell or ("整个文件" if self.file else "整个单位")

    def sort_key(self) -> tuple:
        return (self.agency, self.file, self.sheet, _cell_order(self.cell), self.message)


_ROW = re.compile(r"[A-Z]*(\d+)|第(\d+)行")


def point_to_rows(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A problem about a record that names no place (a published record gone from what was read) points to the row
    where the record still is, when another problem of the same record names it: a row held back by its errors."""
    if not any(problem.record and not problem.file for problem in problems):
        return problems
    rows: dict[tuple[str, str, str], Problem] = {}
    for problem in problems:  # in reading order: the first row of a record is where it is looked for
        if problem.record and problem.sheet and _ROW.fullmatch(problem.cell):
            rows.setdefault((problem.agency, problem.kind, problem.record), problem)
    return tuple(_pointed(problem, rows) for problem in problems)


def _pointed(problem: Problem, rows: dict[tuple[str, str, str], Problem]) -> Problem:
    seen = rows.get((problem.agency, problem.kind, problem.record)) if problem.record and not problem.file else None
    if seen is None:
        return problem
    row = next(group for group in _ROW.fullmatch(seen.cell).groups() if group)
    return replace(problem, code=_WHEN_POINTED.get(problem.code, problem.code), file=seen.file, sheet=seen.sheet,
                   cell=f"第{row}行", record_label=seen.record_label)


# A problem that says "not found" where its row was found after all says what happened to it instead.
_WHEN_POINTED = {"published-record-missing": "published-record-held-back"}


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isascii() and ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]

    @property
    def counts(self) -> Counter:
        return Counter(problem.severity for problem in self.problems)

    @property
    def blocks_publication(self) -> bool:
        return self.counts[Severity.ERROR] > 0

    def by_file(self) -> dict[tuple[str, str], list[Problem]]:
        grouped: dict[tuple[str, str], list[Problem]] = {}
        for problem in sorted(self.problems, key=Problem.sort_key):
            grouped.setdefault((problem.agency, problem.file), []).append(problem)
        return grouped
