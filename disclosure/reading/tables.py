"""A sheet grid → a table of one sheet kind: its header and rows that remember their cell.

The header row is found among the first rows (title rows and blank rows above it are
normal), its labels are matched to the kind's columns through their synonyms, and the
kind itself comes from the sheet name or, failing that, from the header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from openpyxl.utils import get_column_letter

from disclosure.core import text
from disclosure.core.kinds import KINDS, SYSTEM_SHEETS, Column, SheetKind
from disclosure.core.problems import Details, Problem, details
from disclosure.reading.workbooks import SheetGrid, UncalculatedFormula

HEADER_SEARCH_ROWS = 20
# The lines a clerk adds below the records — a total, a note, who filled the sheet in and when — begin with
# one of these labels (spaces and a colon may follow; 说明书… or 注册… do not count).
_SUMMARY_LABEL = re.compile(
    r"(合计|小计|总计|共计|备注|说明|注|填表人|填报人|制表人|审核人|负责人|填表日期|填报日期|制表日期|以下空白)(?![\u4e00-\u9fff])")
SUMMARY_SHOWN = 30  # characters of the label cell a problem quotes


@dataclass(frozen=True)
class HeaderCell:
    index: int  # 0-based column index in the grid
    letter: str  # the column letter the clerk sees, e.g. "E"
    written: str  # the header as the clerk wrote it
    column: Column


@dataclass(frozen=True)
class Table:
    grid: SheetGrid
    kind: SheetKind
    header_row: int  # 1-based row number of the header
    header: tuple[HeaderCell, ...]


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # 1-based row number as Excel shows it
    cells: tuple[object, ...]  # aligned with Table.header; text cleaned of invisible characters
    cleaned: tuple[int, ...] = ()  # the indexes of cells that held invisible characters
    summary: str = ""  # a totals or notes line (合计, 备注, 填表人…): its label cell's text; not a record


def clean_cell(value: object) -> tuple[object, bool]:
    """A cell as every later stage sees it: text without invisible characters (core/text.py), and whether
    any were removed. The one place a workbook's text is cleaned."""
    if not isinstance(value, str):
        return value, False
    cleaned = text.clean(value)
    return cleaned.text, cleaned.removed


def normalize_label(text: object) -> str:
    """Header text as compared: 全角→半角, no spaces or line breaks, no required-marks."""
    folded = unicodedata.normalize("NFKC", clean_cell(str(text))[0])
    return re.sub(r"[\s*＊]", "", folded)


@cache
def _labels(kind: SheetKind) -> dict[str, Column]:
    labels = {}
    for column in kind.columns:
        for label in (column.label, *column.synonyms):
            labels.setdefault(normalize_label(label), column)
    return labels


def locate(grid: SheetGrid) -> tuple[Table | None, list[Problem]]:
    """Find the sheet's kind and header; an empty sheet, or one the system wrote, is no table and no problem."""
    if grid.name in SYSTEM_SHEETS or not any(_filled(row) for row in grid.rows):
        return None, []
    named = next((kind for kind in KINDS if normalize_label(grid.name) == normalize_label(kind.sheet_name)), None)
    if named:
        score, header_row, header = _match_header(grid, named)
        if score:
            return Table(grid, named, header_row, tuple(header)), []
        return None, [_sheet_problem(grid, "header-not-found",
                                     details(sheet_kind=named.sheet_name, rows=HEADER_SEARCH_ROWS))]
    matches = [(found, kind) for kind in KINDS if _recognisable((found := _match_header(grid, kind)), kind)]
    if not matches:
        return None, [_sheet_problem(grid, "unknown-sheet")]
    best = max(score for (score, _, _), _ in matches)
    winners = [(found, kind) for found, kind in matches if found[0] == best]
    if len(winners) > 1:
        names = tuple(kind.sheet_name for _, kind in winners)
        return None, [_sheet_problem(grid, "ambiguous-sheet", details(kinds=names))]
    (_, header_row, header), kind = winners[0]
    return Table(grid, kind, header_row, tuple(header)), []


def _recognisable(found: tuple[int, int, list[HeaderCell]], kind: SheetKind) -> bool:
    """A sheet not named after a kind is taken for it only if its header names most required columns."""
    required = sum(column.required for column in kind.columns)
    named_required = sum(cell.column.required for cell in found[2])
    return named_required >= max(2, -(-required // 2))


def _match_header(grid: SheetGrid, kind: SheetKind) -> tuple[int, int, list[HeaderCell]]:
    """(how many of the kind's columns a row names, that row's number, its header cells) for the best row."""
    labels = _labels(kind)
    best: tuple[int, int, list[HeaderCell]] = (0, 0, [])
    for row_index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        header, seen = [], set()
        for index, value in enumerate(row):
            column = labels.get(normalize_label(value)) if value != "" else None
            if column and column.key not in seen:
                seen.add(column.key)
                written = clean_cell(str(value))[0].strip()
                header.append(HeaderCell(index, get_column_letter(index + 1), written, column))
        if len(header) > best[0]:
            best = (len(header), row_index + 1, header)
    return best


def rows(table: Table) -> list[RawRow]:
    """The data rows below the header; blank rows between data are skipped, hidden ones kept."""
    indexes = [cell.index for cell in table.header]
    found = []
    for offset, row in enumerate(table.grid.rows[table.header_row:]):
        cleaned = [clean_cell(row[i]) if i < len(row) else ("", False) for i in indexes]
        cells = tuple(value for value, _ in cleaned)
        if _filled(cells):
            removed = tuple(index for index, (_, was_removed) in enumerate(cleaned) if was_removed)
            found.append(RawRow(table.header_row + offset + 1, cells, removed, _summary_label(table, row)))
    return found


def _summary_label(table: Table, row: list) -> str:
    """The label of a totals or notes line: its first filled cell begins with 合计, 备注, 填表人…, and its key
    cells hold nothing else (blank, a formula, or that label). A record whose name holds 合计 has its key filled."""
    first = next((index for index, value in enumerate(row) if _filled((value,))), None)
    if first is None or not isinstance(row[first], str):
        return ""
    label = clean_cell(row[first])[0].strip()
    if not _SUMMARY_LABEL.match(normalize_label(label)):
        return ""
    for cell in table.header:
        value = row[cell.index] if cell.index < len(row) else ""
        if cell.column.key in table.kind.key_columns and cell.index != first and _filled((value,)) \
                and not isinstance(value, UncalculatedFormula):
            return ""
    return label[:SUMMARY_SHOWN]


def _filled(values) -> bool:
    return any(value != "" and (not isinstance(value, str) or value.strip()) for value in values)


def _sheet_problem(grid: SheetGrid, code: str, particulars: Details = ()) -> Problem:
    return Problem(code, agency=grid.source.agency, file=grid.source.relative_path, sheet=grid.name,
                   details=particulars)
