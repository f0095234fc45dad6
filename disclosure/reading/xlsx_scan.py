"""What the fast reader cannot tell us about an .xlsx/.xlsm: how far each sheet really extends,
and which formulas were saved without a result.

python-calamine allocates a sheet's whole rectangle up front, so one stray cell in XFD1048576
would ask for hundreds of gigabytes and abort the process; and it reads a formula that was
never calculated as a blank cell. This scan streams each sheet's XML once, in chunks, so both
are known before calamine is asked to read anything.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from openpyxl.utils import column_index_from_string

CHUNK_BYTES = 16 * 1024 * 1024
OVERLAP_BYTES = 64 * 1024  # longer than any formula Excel accepts (8,192 characters)

_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{3})\d')
_ANY_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d')
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A formula cell whose value is missing, or empty without being a (legitimately empty) text result.
_UNCALCULATED = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]+)(\d+)"([^>]*)>\s*'
    rb"<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")
_TEXT_RESULT = re.compile(rb'\bt="str"')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class SheetExtent:
    name: str
    xml_bytes: int  # uncompressed size of the sheet's XML
    last_row: int = 0  # 1-based, 0 for an empty sheet
    # Exact when the sheet might be too big to read; otherwise 702 (ZZ), the widest a sheet
    # without three-letter column references can be.
    column_bound: int = 0
    # (row, column), both 0-based → the formula text, for formulas saved without a result
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def cells(self) -> int:
        return self.last_row * self.column_bound


def scan(archive: zipfile.ZipFile, column_limit_for_exact_scan: int) -> list[SheetExtent]:
    """Every worksheet of the workbook in its tab order; raises KeyError/ValueError on a broken package."""
    return [_scan_sheet(archive, name, part, column_limit_for_exact_scan) for name, part in _worksheet_parts(archive)]


def _worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_REL_NS}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(_DOC_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if "worksheets/" in part and part in archive.namelist():
            parts.append((sheet.get("name", ""), part))
    return parts


def _scan_sheet(archive: zipfile.ZipFile, name: str, part: str, column_limit: int) -> SheetExtent:
    extent = SheetExtent(name, archive.getinfo(part).file_size)
    wide_cells_seen = False
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(CHUNK_BYTES):
            window = tail + chunk
            rows = _ROW.findall(window)
            if rows:
                extent.last_row = max(extent.last_row, int(rows[-1]))
            wide_cells_seen |= _WIDE_CELL.search(window) is not None
            if _FORMULA_TAG.search(window):
                _collect_uncalculated(window, extent.uncalculated)
            tail = window[-OVERLAP_BYTES:]
    extent.column_bound = _column_bound(archive, part, wide_cells_seen, extent.last_row, column_limit)
    return extent


def _column_bound(archive: zipfile.ZipFile, part: str, wide_cells_seen: bool, last_row: int, limit: int) -> int:
    if not wide_cells_seen and last_row * 702 <= limit:
        return 702 if last_row else 0
    last = 0
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(CHUNK_BYTES):
            window = tail + chunk
            for letters in set(_ANY_CELL.findall(window)):
                last = max(last, column_index_from_string(letters.decode()))
            tail = window[-OVERLAP_BYTES:]
    return last


def _collect_uncalculated(window: bytes, found: dict[tuple[int, int], str]) -> None:
    for match in _UNCALCULATED.finditer(window):
        attributes = match.group(1) + match.group(4)
        if _TEXT_RESULT.search(attributes) and b"<v" in match.group(0):
            continue
        formula = (match.group(5) or b"").decode("utf-8", "replace")
        position = (int(match.group(3)) - 1, column_index_from_string(match.group(2).decode()) - 1)
        found[position] = _unescape(formula)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
