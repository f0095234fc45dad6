"""Problems found in the clerks' data, and the report that collects them.

A problem always says where (agency folder, file, sheet, cell), what the clerk wrote,
what is wrong and how to fix it, in plain Chinese: it is the clerk's only conversation
with the system.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "错误"  # the record (or file) is held back
    WARNING = "警告"  # published, but the clerk should look


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    fix: str
    agency: str = ""  # agency folder name
    file: str = ""  # path relative to the data folder
    sheet: str = ""
    cell: str = ""  # "E7", or "第7行" for a whole row, or "" for a whole sheet/file
    column: str = ""  # the header as the clerk wrote it
    value: str = ""

    def sort_key(self) -> tuple:
        return (self.agency, self.file, self.sheet, _cell_order(self.cell), self.message)


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
