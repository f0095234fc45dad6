"""The reading stage over the whole data folder, with the cache: files → typed records and problems.

A file whose bytes, path and reading code are unchanged is not read again. Files that
must be read are read on all cores.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.core.problems import Problem
from disclosure.core.sign_off import SignOff
from disclosure.reading import photos as photo_files
from disclosure.reading import records as records_stage
from disclosure.reading import tables as rows
from disclosure.reading import workbooks
from disclosure.reading.records import Record
from disclosure.reading.sign_offs import HeldBack, approvals
from disclosure.reading.workbooks import SourceFile
from disclosure.runtime.cache import ObjectCache, code_version, file_digest
from disclosure.runtime.progress import Progress

READER_VERSION = code_version("core", "reading")


@dataclass(frozen=True)
class FileResult:
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class CheckedData:
    sources: tuple[SourceFile, ...]
    records: list[Record]
    problems: list[Problem]
    sign_offs: dict[str, SignOff] = field(default_factory=dict)  # by relative path: the approved files' own
    held_back: HeldBack = HeldBack()  # the files held back for want of approval (REQUIRE_APPROVAL)
    # Officers' photos that passed their checks, by (agency folder, 执法证号 key) of the roster row they belong to.
    photos: dict[tuple[str, str], photo_files.PhotoFile] = field(default_factory=dict)


def read_file(source: SourceFile) -> FileResult:
    """Read one file: grids, tables, typed records. A file that trips a fault in the reading code is a problem
    of that file alone, so that one agency's odd workbook never stops every other agency's site."""
    try:
        return _read_file(source)
    except Exception:  # noqa: BLE001 - isolating a fault is the point; its records are held back, not lost
        return FileResult((), (Problem("file-not-processed", agency=source.agency, file=source.relative_path),))


def _read_file(source: SourceFile) -> FileResult:
    content = workbooks.read(source)
    found_records: list[Record] = []
    problems = list(content.problems)
    for grid in content.sheets:
        table, sheet_problems = rows.locate(grid)
        problems.extend(sheet_problems)
        if table is not None:
            table_records, table_problems = records_stage.type_table(table)
            found_records.extend(table_records)
            problems.extend(table_problems)
    return FileResult(tuple(found_records), tuple(problems))


# Kept at the top of the shipped sample data/ (tools/make_sample_data.py writes it), printed before each check and
# build: the sample's mistakes are deliberate, for the report to show. Going live, it goes with the sample folders.
SAMPLE_NOTE = "样例数据说明.txt"


def sample_note(data_dir: Path) -> str:
    try:
        return (data_dir / SAMPLE_NOTE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return ""


def check(data_dir: Path, cache_dir: Path, progress: Progress, ledger: Path | None = None,
          require_approval: bool = False) -> CheckedData:
    """The ledger may be kept in data/ (by default .ledger.sqlite there): it is never read as a workbook.
    require_approval: a file without a valid sign-off is held back whole, as a file that cannot be read is."""
    if not data_dir.is_dir():
        raise FileNotFoundError(data_dir)
    found = workbooks.survey(data_dir, (ledger,) if ledger else ())
    signed = approvals(data_dir, found.sources)
    held = signed.unapproved if require_approval else ()
    sources = list(found.sources)
    cache = ObjectCache(cache_dir / "files")
    keys = {source: _cache_key(source) for source in sources}
    results = {source: cache.get(keys[source]) for source in sources}
    missing = [source for source, result in results.items() if result is None]
    with progress.stage("读取并检查工作簿", len(missing)) as advance:
        for source, result in _read_all(missing):
            results[source] = result
            cache.put(keys[source], result)
            advance(1)
    cache.prune()
    # A file held back is read all the same: the rules keep what the ledger has of its records as it is.
    read = [source for source in sources if source not in set(held)]
    all_records = [record for source in read for record in results[source].records]
    problems = [*found.problems, *(problem for source in read for problem in results[source].problems),
                *(Problem("file-not-approved", agency=source.agency, file=source.relative_path) for source in held)]
    kept, duplicate_problems = records_stage.check_across_files(all_records)
    photos, photo_problems = _photos(data_dir, cache_dir, require_approval, kept)
    return CheckedData(found.sources, kept, problems + duplicate_problems + photo_problems, signed.signed, HeldBack(
        frozenset(source.agency for source in held), tuple(record for source in held for record in results[source].records)),
        photos)


def _photos(data_dir: Path, cache_dir: Path, require_approval: bool, records: list[Record]
            ) -> tuple[dict[tuple[str, str], photo_files.PhotoFile], list[Problem]]:
    """Where approval is required, a photo put in by hand is held back as a workbook would be."""
    found, problems = photo_files.survey(data_dir)
    sources = found
    if require_approval:
        unapproved = set(approvals(data_dir, sources).unapproved)
        problems += [Problem("file-not-approved", agency=source.agency, file=source.relative_path) for source in unapproved]
        sources = [source for source in sources if source not in unapproved]
    photos, checked = photo_files.check_all(sources, cache_dir)
    matched, unmatched = photo_files.match(records, photos, found)
    return matched, problems + checked + unmatched


def _cache_key(source: SourceFile) -> str:
    return f"{file_digest(source.path)}-{READER_VERSION}-{_short_hash(source.relative_path)}"


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _read_all(sources: list[SourceFile]):
    if len(sources) < 2 or (os.cpu_count() or 1) < 2:
        for source in sources:
            yield source, read_file(source)
        return
    with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 1, len(sources)), gc.enable) as pool:
        yield from zip(sources, pool.imap(read_file, sources))
