"""Stage 5c: the published records as open data — CSV, XLSX and JSON per kind, per agency and for the
whole site, and datapackage.json (a Frictionless Data Package) describing every file.

Only what the rules published goes in: live publications' public values, masked as on the pages.
A withdrawn or expired record is not in any file, and a column that is never public is not in any
header. Columns follow kinds.py (the 双公示 order of RULES.md §5 for penalties and licences).

Text that a spreadsheet would run as a formula (starting with = + - @, TAB or CR) gets a leading ',
per OWASP's CSV-injection guidance, in CSV and XLSX. Only text is touched: dates, amounts and
integers are written as what they are, so a negative amount stays a number. JSON is not opened by
spreadsheets and keeps the text as published.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .cache import code_version
from .kinds import AGENCY, DECISION_KINDS, KINDS, Column, ColumnType, SheetKind
from .output import OutputTree
from .pages import DOWNLOADS_FOLDER, sort_for_listing, updated_on
from .rules import Agency, Decisions, Publication

VERSION = code_version("kinds", "opendata")
PACKAGE_PATH = f"{DOWNLOADS_FOLDER}/datapackage.json"
SCHEMAS_FOLDER = f"{DOWNLOADS_FOLDER}/schemas"
# Decisions first: they are what data users come for.
DOWNLOAD_KINDS = (*DECISION_KINDS, *(kind for kind in KINDS if kind not in DECISION_KINDS and kind is not AGENCY))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json"}
FORMATS = tuple(MEDIA_TYPES)
SCHEMA_TYPES = {ColumnType.DATE: "date", ColumnType.AMOUNT: "number", ColumnType.INTEGER: "integer"}
# Kinds without a column naming the agency (items, officers…) get one, or site-wide files would not say whose.
AGENCY_LABEL = "公示单位"


@dataclass(frozen=True)
class PackageInfo:
    """What datapackage.json says about the whole: from pelicanconf.py."""

    title: str
    homepage: str
    publisher: str


@dataclass(frozen=True)
class Table:
    """One kind's published records, of one agency or of the whole site."""

    kind: SheetKind
    agency: Agency | None  # None: every agency
    publications: tuple[Publication, ...]
    updated: dt.date | None  # newest publication, correction or withdrawal among them and those that left
    digest: str  # everything the files are made from: the same digest means the same bytes

    def path(self, file_format: str) -> str:
        folder = f"{DOWNLOADS_FOLDER}/{self.agency.slug}" if self.agency else DOWNLOADS_FOLDER
        return f"{folder}/{self.kind.name}.{file_format}"


@dataclass(frozen=True, slots=True)
class DownloadFile:
    path: str  # relative to the output folder
    format: str
    size: int
    sha256: str
    filename: str  # what a browser saves it as

    @property
    def size_text(self) -> str:
        for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
            if self.size >= factor:
                return f"{self.size / factor:.1f} {unit}"
        return f"{self.size} 字节"


@dataclass(frozen=True)
class Download:
    """A table as the download page and the data package describe it."""

    kind: SheetKind
    agency: Agency | None
    records: int
    updated: dt.date | None
    files: tuple[DownloadFile, ...]

    @property
    def fingerprint(self) -> str:
        return "|".join([self.kind.name, self.agency.name if self.agency else "", str(self.records), str(self.updated),
                         *(f"{f.path}:{f.sha256}" for f in self.files)])


@dataclass(frozen=True)
class OpenData:
    downloads: tuple[Download, ...]
    package_path: str


def write(tables: list[Table], output: OutputTree, info: PackageInfo, advance=lambda n=1: None) -> OpenData:
    """Writes every table whose digest changed, keeps the others as they are, then the package that lists them."""
    downloads = []
    for table in tables:
        downloads.append(_kept(table, output) or _written(table, output))
        advance(1)
    for kind in DOWNLOAD_KINDS:
        output.write(schema_path(kind), _json_bytes(table_schema(kind)))
    output.write(PACKAGE_PATH, _json_bytes(package(downloads, info)))
    return OpenData(tuple(downloads), PACKAGE_PATH)


def tables_of(decisions: Decisions) -> list[Table]:
    grouped: dict[tuple[str, str], list[Publication]] = {}
    left: dict[tuple[str, str], list[dt.date]] = {}
    for publication in decisions.publications:
        for scope in ("", publication.agency.slug):
            if publication.live:
                grouped.setdefault((publication.kind.name, scope), []).append(publication)
            else:
                left.setdefault((publication.kind.name, scope), []).append(publication.notice.on_date)
    result = []
    for kind in DOWNLOAD_KINDS:
        for agency in (None, *decisions.agencies):
            key = (kind.name, agency.slug if agency else "")
            if key in grouped:
                result.append(_table(kind, agency, grouped[key], left.get(key, [])))
    return result


def _table(kind: SheetKind, agency: Agency | None, publications: list[Publication], left: list[dt.date]) -> Table:
    """Cheap on every build (the digest and the date); the records are put in order only if written."""
    updated = max(filter(None, [*map(updated_on, publications), *left]), default=None)
    digest = hashlib.blake2b(f"{VERSION}|{kind.name}|{agency.slug if agency else ''}|{updated}".encode(),
                             digest_size=16)
    digest.update("\n".join(f"{p.uid}|{p.fingerprint}" for p in publications).encode())
    return Table(kind, agency, tuple(publications), updated, digest.hexdigest())


def _kept(table: Table, output: OutputTree) -> Download | None:
    """The same digest as last build's files, and the files still there: keep them without making them again.
    (Not output.is_current: that also asks whether templates changed, which these files do not show.)"""
    if not all(output.holds(table.path(file_format), table.digest) for file_format in FORMATS):
        return None
    files = []
    for file_format in FORMATS:
        entry = output.previous[table.path(file_format)]
        output.keep(table.path(file_format))
        files.append(DownloadFile(table.path(file_format), file_format, entry.size, entry.sha256,
                                  _filename(table, file_format)))
    return _download(table, files)


def _written(table: Table, output: OutputTree) -> Download:
    columns = columns_of(table.kind)
    rows = [row_values(publication, columns) for publication in sort_for_listing(table.kind, list(table.publications))]
    files = []
    for file_format, make in (("csv", csv_bytes), ("xlsx", xlsx_bytes), ("json", json_bytes)):
        data = make(table, columns, rows)
        output.write(table.path(file_format), data, table.digest)
        files.append(DownloadFile(table.path(file_format), file_format, len(data), hashlib.sha256(data).hexdigest(),
                                  _filename(table, file_format)))
    return _download(table, files)


def _download(table: Table, files: list[DownloadFile]) -> Download:
    return Download(table.kind, table.agency, len(table.publications), table.updated, tuple(files))


def _filename(table: Table, file_format: str) -> str:
    name = f"{table.agency.name}-{table.kind.title}" if table.agency else table.kind.title
    return f"{name}.{file_format}"


# ---- what a row holds ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OutColumn:
    """A column of the files: a kinds.py column, or the agency for kinds that do not name it."""

    label: str
    type: ColumnType
    column: Column | None


def columns_of(kind: SheetKind) -> tuple[OutColumn, ...]:
    columns = tuple(OutColumn(c.label, c.type, c) for c in kind.download_columns)
    return columns if kind.authority_column else (*columns, OutColumn(AGENCY_LABEL, ColumnType.TEXT, None))


def row_values(publication: Publication, columns: tuple[OutColumn, ...]) -> list[object]:
    """Typed values: str, date, Decimal, int, or None for a blank cell."""
    values = []
    for out in columns:
        if out.column is None:
            value = publication.agency.name
        elif out.column.key == "publicity_deadline":
            # What the page states as 公示截止期: the rules' last day, in which the data's own date wins.
            value = publication.publicity_until or publication.get("publicity_deadline")
        else:
            value = publication.get(out.column.key)
        if isinstance(value, tuple):
            value = "、".join(map(str, value))  # as the pages show a list of choices
        values.append(None if value == "" else value)
    return values


def neutralised(text: str) -> str:
    """A leading ' keeps spreadsheets from running text as a formula (OWASP, CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()  # 2099-12-31 stays: it is the 双公示 data's own way of saying 长期
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # the header carries the unit (万元)
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


# ---- the three formats -------------------------------------------------------------------------

def csv_bytes(table: Table, columns: tuple[OutColumn, ...], rows: list[list[object]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Chinese text correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    writer.writerows([_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(table: Table, columns: tuple[OutColumn, ...], rows: list[list[object]]) -> bytes:
    labels = [c.label for c in columns]
    # A blank field is left out, as the page's table leaves it out: a third fewer bytes for the same data.
    records = [{label: _json_value(value) for label, value in zip(labels, row) if value is not None} for row in rows]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def xlsx_bytes(table: Table, columns: tuple[OutColumn, ...], rows: list[list[object]]) -> bytes:
    """One sheet, written as SpreadsheetML directly: openpyxl's write-only mode builds Python objects for
    every cell and took 12 s for 65,000 penalties on the development machine; this takes about 2. Every
    text is an inline string cell (never a formula), dates are date cells, amounts numbers. The same rows
    give the same bytes."""
    stamp = dt.datetime.combine(table.updated or dt.date(2000, 1, 1), dt.time())
    parts = {name: text.encode() for name, text in _XLSX_PACKAGE.items()}
    parts["xl/workbook.xml"] = _XLSX_WORKBOOK.format(sheet=_xml_attribute(table.kind.title)).encode()
    parts["docProps/core.xml"] = _XLSX_CORE.format(when=stamp.isoformat() + "Z").encode()
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(columns, rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            member = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])  # not the clock's: steady bytes
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, data)
    return buffer.getvalue()


def _sheet_xml(columns: tuple[OutColumn, ...], rows: list[list[object]]) -> bytes:
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    widths = "".join(f'<col min="{index}" max="{index}" width="{40 if column.type is ColumnType.LONG_TEXT else 18}" '
                     'customWidth="1"/>' for index, column in enumerate(columns, start=1))
    header = "".join(f'<c r="{letter}1" s="{_HEADER_STYLE}" t="inlineStr"><is><t>{escape(column.label)}</t></is></c>'
                     for letter, column in zip(letters, columns))
    # The dimension tells readers every row's width, so a row ending in blank cells does not read as short.
    dimension = f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>'
    lines = [_XLSX_SHEET_START.format(dimension=dimension), f"<cols>{widths}</cols><sheetData>",
             f'<row r="1">{header}</row>']
    for number, row in enumerate(rows, start=2):
        cells = "".join(_cell(f"{letter}{number}", value) for letter, value in zip(letters, row) if value is not None)
        lines.append(f'<row r="{number}">{cells}</row>')
    lines.append("</sheetData></worksheet>")
    return "".join(lines).encode()


def _cell(reference: str, value: object) -> str:
    if isinstance(value, str):
        text = escape(ILLEGAL_CHARACTERS_RE.sub("", neutralised(value)))
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{reference}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, dt.date):
        return f'<c r="{reference}" s="{_DATE_STYLE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{reference}"><v>{value.normalize():f}</v></c>'
    return f'<c r="{reference}"><v>{value}</v></c>'


def _xml_attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900-02-29
_DATE_STYLE, _HEADER_STYLE = 1, 2  # indices into cellXfs below
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_TYPES = "application/vnd.openxmlformats-officedocument"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_XLSX_PACKAGE = {
    "[Content_Types].xml": _XML_DECLARATION
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE_TYPES}.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE_TYPES}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE_TYPES}.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_OFFICE_TYPES}.extended-properties+xml"/>'
    "</Types>",
    "_rels/.rels": _XML_DECLARATION
    + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_RELATIONSHIPS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>",
    "docProps/app.xml": _XML_DECLARATION
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>行政执法公示平台</Application></Properties>",
    "xl/_rels/workbook.xml.rels": _XML_DECLARATION
    + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>",
    "xl/styles.xml": _XML_DECLARATION
    + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>",
}
_XLSX_WORKBOOK = (_XML_DECLARATION + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
                  '<bookViews><workbookView/></bookViews>'
                  '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_XLSX_CORE = (_XML_DECLARATION + '<cp:coreProperties '
              'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
              '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
              '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')
# The header row stays in view while scrolling.
_XLSX_SHEET_START = (_XML_DECLARATION + f'<worksheet xmlns="{_MAIN}">{{dimension}}<sheetViews>'
                     '<sheetView workbookViewId="0">'
                     '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                     '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')


# ---- the data package ----------------------------------------------------------------------------

def schema_path(kind: SheetKind) -> str:
    return f"{SCHEMAS_FOLDER}/{kind.name}.json"


def table_schema(kind: SheetKind) -> dict:
    """The Table Schema of a kind's files: field names are the Chinese headers (the 双公示 field names)."""
    fields = []
    for column in columns_of(kind):
        field = {"name": column.label, "title": column.label, "type": SCHEMA_TYPES.get(column.type, "string")}
        if column.type is ColumnType.DATE:
            field["format"] = "%Y-%m-%d"
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def package(downloads: Iterable[Download], info: PackageInfo) -> dict:
    resources = []
    for download in downloads:
        scope = download.agency.slug.lower() if download.agency else "all"
        for file in download.files:
            resources.append({
                "name": f"{download.kind.name}-{scope}-{file.format}",
                "title": f"{download.agency.name if download.agency else '全部单位'} · {download.kind.title}",
                "path": _relative_to_package(file.path),
                "format": file.format,
                "mediatype": MEDIA_TYPES[file.format],
                **({"encoding": "utf-8"} if file.format == "csv" else {}),
                "bytes": file.size,
                "hash": f"sha256:{file.sha256}",
                "schema": _relative_to_package(schema_path(download.kind)),
            })
    return {
        "name": "law-enforcement-disclosure",
        "title": f"{info.title}公开数据",
        "description": "已公示的行政执法信息：按类别、按执法单位和全部单位汇总，提供 CSV、XLSX 和 JSON 三种格式。"
                       "只含公示中的信息，自然人姓名已按规定处理，已撤回或公示期满的信息不在其中。",
        "homepage": info.homepage,
        "contributors": [{"title": info.publisher, "role": "publisher"}],
        "resources": resources,
    }


def _relative_to_package(path: str) -> str:
    return path.removeprefix(f"{DOWNLOADS_FOLDER}/")


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode()
