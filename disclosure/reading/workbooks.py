"""Files in data/ → sheets as plain grids of cell values.

Values come out as the spreadsheet stored them (text, numbers, dates); making sense of
them is the next stages' work. A file that cannot be read becomes a problem for that file
and never stops the others.
"""

from __future__ import annotations

import csv
import html.parser
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import python_calamine
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from disclosure.core.problems import Details, Problem, details
from disclosure.reading import xlsx_scan

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
# Bounds that keep one clerk's file from exhausting the build machine.
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_SHEET_XML_BYTES = 2 * 1024 * 1024 * 1024
MAX_CELLS_IN_MEMORY = 8_000_000  # calamine holds a sheet's whole rectangle: about 40 bytes a cell
MAX_STREAMED_COLUMNS = 256  # no sheet kind has half as many columns
MAX_ROWS_PER_SHEET = 1_048_576  # Excel's own limit

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # a password-protected xlsx is an OLE file holding it


@dataclass(frozen=True)
class UncalculatedFormula:
    """A formula cell saved without its result (e.g. written by a program, never opened in Excel)."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}"


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


@dataclass(frozen=True)
class DataFiles:
    sources: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]  # the symlinks not followed


def survey(data_dir: Path, not_data: tuple[Path, ...] = ()) -> DataFiles:
    """Every table file in the agency folders, in a stable order; hidden and temporary files skipped, and the
    system's own files kept in data/ (not_data: the ledger) never read as a workbook.

    A symlink is never followed, wherever it points: `甲局/passwd.csv → /etc/passwd` would publish a file from
    outside data/, and one inside data/ would let a folder deliver another agency's files or the ledger as its own.
    Each such file or folder is a problem that names it, so that the webmaster copies the real file in."""
    excluded = {os.path.realpath(path) for path in not_data}
    sources, problems = [], []
    for agency_dir in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if agency_dir.is_symlink():
            problems.append(_symlink_problem(data_dir, agency_dir.name, agency_dir))
            continue
        for path in _entries(agency_dir):
            if _is_scratch(path.relative_to(agency_dir)) or not (path.is_dir() or path.suffix.lower() in TABLE_SUFFIXES):
                continue
            if path.is_symlink():
                problems.append(_symlink_problem(data_dir, agency_dir.name, path))
            elif path.is_file() and os.path.realpath(path) not in excluded:
                sources.append(SourceFile(agency_dir.name, path.relative_to(data_dir).as_posix(), path))
    return DataFiles(tuple(sources), tuple(problems))


def discover(data_dir: Path) -> list[SourceFile]:
    """The table files survey() finds, for a caller that needs no more."""
    return list(survey(data_dir).sources)


def _entries(folder: Path) -> list[Path]:
    """Every file under folder, and every symlink to a folder, which is listed but not entered."""
    found = []
    for directory, folders, files in os.walk(folder):  # os.walk never descends into a symlinked folder
        base = Path(directory)
        folders[:] = [name for name in folders if not name.startswith(".")]  # hidden: skipped, and never entered
        found.extend(base / name for name in files)
        found.extend(base / name for name in folders if (base / name).is_symlink())
    return sorted(found)


def _symlink_problem(data_dir: Path, agency: str, path: Path) -> Problem:
    what = "文件夹" if path.is_dir() else "文件"
    return Problem("symlink-not-followed", agency=agency, file=path.relative_to(data_dir).as_posix(),
                   details=details(what=what, target=os.path.realpath(path)))


def _is_scratch(path: Path) -> bool:
    # Excel leaves "~$name.xlsx" lock files beside open workbooks.
    return path.name.startswith(("~$", ".")) or any(part.startswith(".") for part in path.parts[:-1])


def read(source: SourceFile) -> WorkbookContent:
    try:
        sheets, problems = _read_by_content(source)
    except (python_calamine.CalamineError, python_calamine.PasswordError, python_calamine.ZipError,
            python_calamine.XmlError, zipfile.BadZipFile, KeyError, OSError, ValueError, UnicodeError,
            csv.Error, EOFError) as error:
        return WorkbookContent(source, (), (_unreadable(source, error),))
    if not any(_has_content(sheet) for sheet in sheets) and not problems:
        problems = [_file_problem(source, "empty-file")]
    return WorkbookContent(source, tuple(sheets), tuple(problems))


def _read_by_content(source: SourceFile) -> tuple[list[SheetGrid], list[Problem]]:
    """Trust the bytes, not the file name: systems export HTML or CSV named .xls, clerks rename files."""
    if source.path.stat().st_size > MAX_FILE_BYTES:
        raise _TooLarge()
    with source.path.open("rb") as stream:
        head = stream.read(8192)
    suffix = source.path.suffix.lower()
    if not head:  # not a CSV file of no rows
        return [], [_file_problem(source, "zero-byte-file")]
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(source)
    if head.startswith(OLE_MAGIC):
        return _read_ole(source), []
    text = decode_text_bytes(source.path.read_bytes())
    if _looks_like_html(text):
        return _html_grids(source, text), _disguised(source, "content-is-html")
    return [_csv_grid(source, text)], _disguised(source, "content-is-csv") if suffix != ".csv" else []


def _read_xlsx(source: SourceFile) -> tuple[list[SheetGrid], list[Problem]]:
    with zipfile.ZipFile(source.path) as archive:
        extents = xlsx_scan.scan(archive, MAX_CELLS_IN_MEMORY)
    if not extents:
        raise ValueError("no worksheets")
    fits = all(extent.cells <= MAX_CELLS_IN_MEMORY for extent in extents)
    with source.path.open("rb") as stream:
        # from_filelike goes by content, so a workbook named .xls or .csv still opens.
        workbook = python_calamine.CalamineWorkbook.from_filelike(stream) if fits else None
    grids, problems = [], []
    for extent in extents:
        if extent.xml_bytes > MAX_SHEET_XML_BYTES:
            raise _TooLarge()
        if workbook is not None:
            rows = _calamine_rows(workbook, extent.name)
        else:
            rows, too_wide = _streamed_rows(source, extent)
            if too_wide:
                problems.append(_oversized(source, extent))
        _place_uncalculated(rows, extent.uncalculated)
        grids.append(SheetGrid(source, extent.name, rows))
    return grids, problems


def _calamine_rows(workbook: python_calamine.CalamineWorkbook, name: str) -> list[list[object]]:
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS_PER_SHEET)


def _streamed_rows(source: SourceFile, extent: xlsx_scan.SheetExtent) -> tuple[list, bool]:
    """A sheet whose used area is vast but mostly empty (a stray cell in XFD1048576, formatting
    dragged to the last row): only the rows present and the first columns are kept."""
    workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    try:
        sheet = workbook[extent.name]
        rows: list = [()] * extent.last_row
        too_wide = False
        # openpyxl's public iterator pads every missing row to full width; its parser yields only real rows.
        with sheet._get_source() as xml:
            parser = WorkSheetParser(xml, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                     date_formats=workbook._date_formats,
                                     timedelta_formats=workbook._timedelta_formats)
            for row_number, cells in parser.parse():
                values = [""] * min(MAX_STREAMED_COLUMNS, max((c["column"] for c in cells), default=0))
                for cell in cells:
                    if cell["column"] > MAX_STREAMED_COLUMNS:
                        too_wide |= cell["value"] is not None
                    elif cell["value"] is not None:
                        values[cell["column"] - 1] = cell["value"]
                if 0 < row_number <= len(rows):
                    rows[row_number - 1] = values
        return rows, too_wide or extent.column_bound > MAX_STREAMED_COLUMNS
    finally:
        workbook.close()


def _place_uncalculated(rows: list, uncalculated: dict[tuple[int, int], str]) -> None:
    for (row, column), formula in uncalculated.items():
        if row >= MAX_ROWS_PER_SHEET or column >= MAX_STREAMED_COLUMNS:
            continue
        while len(rows) <= row:
            rows.append([])
        cells = list(rows[row])
        cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = UncalculatedFormula(formula)
        rows[row] = cells


def _read_ole(source: SourceFile) -> list[SheetGrid]:
    """An old .xls (at most 65,536 × 256 cells, so calamine's rectangle stays bounded), or an
    encrypted xlsx, which Office wraps in the same container."""
    try:
        with source.path.open("rb") as stream:
            workbook = python_calamine.CalamineWorkbook.from_filelike(stream)
        return [SheetGrid(source, name, _calamine_rows(workbook, name)) for name in workbook.sheet_names]
    except python_calamine.CalamineError:
        if ENCRYPTED_PACKAGE in source.path.read_bytes():
            raise python_calamine.PasswordError("encrypted package") from None
        raise


def _csv_grid(source: SourceFile, text: str) -> SheetGrid:
    dialect = csv.excel_tab if text[:4096].count("\t") > text[:4096].count(",") else csv.excel
    rows = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return SheetGrid(source, source.path.stem, rows)


def decode_text_bytes(data: bytes) -> str:
    """Case-handling systems export UTF-8 (often with BOM) or GBK/GB18030; UTF-8 decoding is strict,
    so a GB file never passes for UTF-8. Binary junk is refused rather than read as text."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _looks_like_html(text: str) -> bool:
    start = text[:2048].lstrip().lower()
    return start.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or "<table" in start


_LINE_BREAK = "\x00"  # a <br>: the only line break HTML text keeps


class _TableCollector(html.parser.HTMLParser):
    """The tables of an HTML page as grids; colspan and rowspan become blank cells, as merged cells read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None  # text pieces of the open cell; None outside cells
        self._pad = 0  # blank cells to add after the open cell for its colspan
        self._spans: dict[int, int] = {}  # column index → rows still covered by a rowspan above

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            row = self.tables[-1][-1]
            self._skip_spanned(row)
            attributes = dict(attrs)
            colspan, rowspan = _span(attributes.get("colspan")), _span(attributes.get("rowspan"))
            for offset in range(colspan):
                if rowspan > 1:
                    self._spans[len(row) + offset] = rowspan - 1
            self._cell = []
            self._pad = colspan - 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(_LINE_BREAK)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            row = self.tables[-1][-1]
            lines = "".join(self._cell).split(_LINE_BREAK)
            row.append("\n".join(" ".join(line.split()) for line in lines).strip())
            row.extend([""] * self._pad)
            self._cell = None
        elif tag == "tr" and self.tables and self.tables[-1]:
            self._skip_spanned(self.tables[-1][-1])
            self._spans = {column: left - 1 for column, left in self._spans.items() if left > 1}

    def _skip_spanned(self, row: list[str]) -> None:
        while self._spans.get(len(row), 0) > 0:
            row.append("")


def _span(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 1000))
    except ValueError:
        return 1


def _html_grids(source: SourceFile, text: str) -> list[SheetGrid]:
    collector = _TableCollector()
    collector.feed(text)
    tables = [table for table in collector.tables if len(table) > 1]
    if not tables:
        raise ValueError("no table")
    return [SheetGrid(source, source.path.stem if index == 0 else f"{source.path.stem}（表{index + 1}）", table)
            for index, table in enumerate(tables)]


def _has_content(sheet: SheetGrid) -> bool:
    return any(value != "" and value is not None for row in sheet.rows for value in row)


class _TooLarge(ValueError):
    pass


def _disguised(source: SourceFile, code: str) -> list[Problem]:
    return [_file_problem(source, code, details(suffix=source.path.suffix))]


def _oversized(source: SourceFile, extent: xlsx_scan.SheetExtent) -> Problem:
    far_cell = f"{get_column_letter(min(extent.column_bound, 16384))}{extent.last_row}"
    return Problem("oversized-used-range", agency=source.agency, file=source.relative_path, sheet=extent.name,
                   details=details(far_cell=far_cell, columns=MAX_STREAMED_COLUMNS))


def _file_problem(source: SourceFile, code: str, particulars: Details = ()) -> Problem:
    return Problem(code, agency=source.agency, file=source.relative_path, details=particulars)


def _unreadable(source: SourceFile, error: Exception) -> Problem:
    if isinstance(error, python_calamine.PasswordError):
        code = "password-protected"
    elif isinstance(error, _TooLarge):
        code = "file-too-large"
    elif isinstance(error, UnicodeError):
        code = "unknown-encoding"
    else:
        code = "unreadable-file"
    return _file_problem(source, code)
