"""The clerk's own workbook handed back with every problem marked on its cell: filled red
(错误) or yellow (警告), the message and the fix as the cell's comment, and a sheet listing
all problems with links to their cells and the record each concerns. The clerk fixes the copy in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from disclosure.core.kinds import PROBLEMS_SHEET
from disclosure.core.problems import Problem, Severity
from disclosure.reading import workbooks
from disclosure.reading.workbooks import SourceFile

AUTHOR = "公示系统检查"
FILLS = {Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"), Severity.WARNING: PatternFill("solid", fgColor="FFEB9C")}
_CELL = re.compile(r"[A-Z]{1,3}[1-9]\d*")
_ROW = re.compile(r"第(\d+)行")


@dataclass(frozen=True)
class Mark:
    """Where a problem is shown in the workbook: a cell, the first cell of a row, or A1 for a sheet."""

    sheet: str
    cell: str


def mark_of(problem: Problem) -> Mark | None:
    if not problem.sheet:
        return None
    if _CELL.fullmatch(problem.cell):
        return Mark(problem.sheet, problem.cell)
    row = _ROW.fullmatch(problem.cell)
    return Mark(problem.sheet, f"A{row.group(1)}" if row else "A1")


def annotated_name(source: SourceFile) -> str:
    """Excel workbooks keep their name so the fixed copy can replace the original; other
    formats become .xlsx, because only a workbook can carry the marks."""
    suffix = source.path.suffix.lower()
    return source.path.name if suffix in (".xlsx", ".xlsm") else f"{source.path.stem}（已标注）.xlsx"


def annotate(source: SourceFile, problems: list[Problem], target: Path) -> None:
    workbook = _open_as_workbook(source)
    try:
        for mark, group in _by_mark(problems).items():
            if mark.sheet in workbook.sheetnames:
                _mark_cell(workbook[mark.sheet][mark.cell], group)
        _add_problem_list(workbook, problems)
        target.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(target)
    finally:
        workbook.close()


def _open_as_workbook(source: SourceFile) -> Workbook:
    if _is_zip(source.path):
        try:
            return openpyxl.load_workbook(source.path, keep_vba=source.path.suffix.lower() == ".xlsm",
                                          rich_text=True)
        except Exception:  # noqa: BLE001 - a file openpyxl cannot open is rebuilt from what was read
            pass
    return _workbook_from_grids(source)


def _is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == workbooks.ZIP_MAGIC


def _workbook_from_grids(source: SourceFile) -> Workbook:
    """CSV, old .xls and HTML exports: their values, at the same cells, in a new workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for grid in workbooks.read(source).sheets:
        sheet = workbook.create_sheet(grid.name[:31])
        for row in grid.rows:
            sheet.append([as_written(value) for value in row])
    if not workbook.sheetnames:
        workbook.create_sheet("Sheet1")
    return workbook


def as_written(value: object) -> object:
    """A value as a cell shows it: text that looks like a formula stays text, characters a
    workbook cannot hold are dropped."""
    if isinstance(value, workbooks.UncalculatedFormula):
        value = str(value)
    if not isinstance(value, str):
        return value
    cell = Cell(None, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _by_mark(problems: list[Problem]) -> dict[Mark, list[Problem]]:
    grouped: dict[Mark, list[Problem]] = {}
    for problem in problems:
        mark = mark_of(problem)
        if mark is not None:
            grouped.setdefault(mark, []).append(problem)
    return grouped


def _mark_cell(cell, problems: list[Problem]) -> None:
    worst = Severity.ERROR if any(p.severity is Severity.ERROR for p in problems) else Severity.WARNING
    if not isinstance(cell, openpyxl.cell.cell.MergedCell):
        cell.fill = FILLS[worst]
    text = "\n\n".join(f"【{p.severity.value}】{p.message}\n怎么改：{p.fix}" for p in problems)
    if cell.comment is not None and cell.comment.author != AUTHOR:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, min(600, 60 + 40 * len(problems) + len(text) // 2)
    cell.comment = comment


def _add_problem_list(workbook: Workbook, problems: list[Problem]) -> None:
    if PROBLEMS_SHEET in workbook.sheetnames:
        del workbook[PROBLEMS_SHEET]
    sheet = workbook.create_sheet(PROBLEMS_SHEET, 0)
    sheet.append(["严重程度", "工作表", "位置", "记录", "列名", "填写内容", "问题", "怎么改"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for problem in problems:
        sheet.append([as_written(text) for text in (problem.severity.value, problem.sheet, problem.place,
                                                    problem.record_label, problem.column, problem.value,
                                                    problem.message, problem.fix)])
        mark = mark_of(problem)
        if mark is not None and mark.sheet in workbook.sheetnames:
            link = sheet.cell(sheet.max_row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(mark.sheet)}!{mark.cell}")
            link.font = Font(color="0563C1", underline="single")
        sheet.cell(sheet.max_row, 1).fill = FILLS[problem.severity]
    for letter, width in zip("ABCDEFGH", (10, 16, 10, 24, 18, 24, 50, 50)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.active = 0
