"""Stage 1: files in data/ → sheets as plain grids of cell values.

Values come out as the spreadsheet stored them (text, numbers, dates); making sense of
them is the next stages' work. A file that cannot be read becomes a problem for that file
and never stops the others.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from .problems import Problem, Severity

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
MAX_ROWS_PER_SHEET = 1_100_000


@dataclass(frozen=True)
class SourceFile:
    agency: str  # the agency folder's name
    relative_path: str  # relative to the data folder, as the report names it
    path: Path


@dataclass(frozen=True)
class SheetGrid:
    source: SourceFile
    name: str
    rows: list[list[object]]  # the grid from cell A1: rows[0][0] is A1


@dataclass(frozen=True)
class WorkbookContent:
    source: SourceFile
    sheets: tuple[SheetGrid, ...]
    problems: tuple[Problem, ...]


def discover(data_dir: Path) -> list[SourceFile]:
    """Every table file in the agency folders, in a stable order; hidden and temporary files skipped."""
    sources = []
    for agency_dir in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(agency_dir.rglob("*")):
            if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES and not _is_scratch(path):
                sources.append(SourceFile(agency_dir.name, path.relative_to(data_dir).as_posix(), path))
    return sources


def _is_scratch(path: Path) -> bool:
    # Excel leaves "~$name.xlsx" lock files beside open workbooks.
    return path.name.startswith(("~$", ".")) or any(part.startswith(".") for part in path.parts[:-1])


def read(source: SourceFile) -> WorkbookContent:
    try:
        if source.path.suffix.lower() == ".csv":
            sheets = (_read_csv(source),)
        else:
            sheets = _read_spreadsheet(source)
    except (python_calamine.CalamineError, python_calamine.PasswordError, python_calamine.ZipError,
            python_calamine.XmlError, OSError, ValueError, UnicodeError, csv.Error) as error:
        return WorkbookContent(source, (), (_unreadable(source, error),))
    return WorkbookContent(source, sheets, ())


def _read_spreadsheet(source: SourceFile) -> tuple[SheetGrid, ...]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(source.path))
    return tuple(
        SheetGrid(source, name, workbook.get_sheet_by_name(name).to_python(
            skip_empty_area=False, nrows=MAX_ROWS_PER_SHEET))
        for name in workbook.sheet_names
    )


def _read_csv(source: SourceFile) -> SheetGrid:
    text = decode_csv_bytes(source.path.read_bytes())
    dialect = csv.excel_tab if text[:4096].count("\t") > text[:4096].count(",") else csv.excel
    rows = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return SheetGrid(source, source.path.stem, rows)


def decode_csv_bytes(data: bytes) -> str:
    """Case-handling systems export UTF-8 (often with BOM) or GBK/GB18030; UTF-8 decoding is strict,
    so a GB file never passes for UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _unreadable(source: SourceFile, error: Exception) -> Problem:
    if isinstance(error, python_calamine.PasswordError):
        message, fix = "文件设置了打开密码，系统无法读取", "请取消密码保护后重新放入"
    elif isinstance(error, UnicodeError):
        message, fix = "文件的文字编码无法识别", "请用 Excel 另存为“CSV UTF-8（逗号分隔）”或 xlsx 格式"
    else:
        message, fix = "文件已损坏或不是有效的 Excel/CSV 文件，无法读取", "请用 Excel 打开确认内容完整，另存为 xlsx 格式后重新放入"
    return Problem(Severity.ERROR, message, fix, agency=source.agency, file=source.relative_path)
