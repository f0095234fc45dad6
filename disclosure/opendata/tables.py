"""The published records as open data — CSV, XLSX and JSON per kind, per agency and for the
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

import datetime as dt
import hashlib
from dataclasses import dataclass

from disclosure.core.kinds import AGENCY, DECISION_KINDS, KINDS, SheetKind
from disclosure.opendata.formats import FORMAT_WORDS, FORMATS, columns_of, csv_bytes, json_bytes, row_values, xlsx_bytes
from disclosure.opendata.package import PACKAGE_PATH, json_file, package, schema_path, table_schema
from disclosure.public.addresses import DOWNLOADS_FOLDER
from disclosure.public.order import sort_for_listing
from disclosure.public.states import updated_on
from disclosure.public.types import Agency, Decisions, Publication
from disclosure.runtime.cache import code_version
from disclosure.runtime.output import OutputTree

VERSION = code_version("core", "public", "opendata")


# Decisions first: they are what data users come for.
DOWNLOAD_KINDS = (*DECISION_KINDS, *(kind for kind in KINDS if kind not in DECISION_KINDS and kind is not AGENCY))


# Kinds without a column naming the agency (items, officers…) get one, or site-wide files would not say whose.


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

    @property
    def name(self) -> str:
        """What the downloads page calls it: Excel 表格, not XLSX."""
        return FORMAT_WORDS[self.format][0]

    @property
    def purpose(self) -> str:
        return FORMAT_WORDS[self.format][1]


@dataclass(frozen=True)
class Download:
    """A table as the download page and the data package describe it."""

    kind: SheetKind
    agency: Agency | None
    records: int
    updated: dt.date | None
    files: tuple[DownloadFile, ...]

    @property
    def for_readers(self) -> tuple[DownloadFile, ...]:
        """Its files in the order the downloads page offers them: a spreadsheet first."""
        return tuple(sorted(self.files, key=lambda file: list(FORMAT_WORDS).index(file.format)))

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
        output.write(schema_path(kind), json_file(table_schema(kind)))
    output.write(PACKAGE_PATH, json_file(package(downloads, info)))
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

