"""The clerk's report as files: an HTML page to read, JSON for machines, and an annotated copy
of every workbook with problems. They quote raw values, ID numbers included, so they live in
their own folder (default reports/), never under the site output.

The folder is the system's: each run replaces what the previous run wrote there. An annotated
copy is rewritten only when its file or its problems changed, so a rebuild with nothing new
touches no workbook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from disclosure.core.cross_checks import rules_of_codes
from disclosure.core.problems import Problem, Report, Severity
from disclosure.reading.workbooks import SourceFile
from disclosure.report import annotated as annotate
from disclosure.runtime.cache import file_digest
from disclosure.runtime.output import write_if_changed

HTML_NAME = "index.html"
JSON_NAME = "report.json"
ANNOTATED_DIR = "标注"
TEMPLATES = Path(__file__).resolve().parent / "report_templates"


@dataclass(frozen=True)
class AnnotatedCopy:
    agency: str
    file: str  # the original, relative to the data folder
    copy: str  # relative to the report folder
    fingerprint: str  # the original's bytes and its problems


@dataclass(frozen=True)
class ReportFiles:
    folder: Path
    html: Path
    json: Path
    copies: tuple[AnnotatedCopy, ...]


def write(folder: Path, report: Report, sources: tuple[SourceFile, ...], records: int, as_of: dt.date) -> ReportFiles:
    folder.mkdir(parents=True, exist_ok=True)
    previous = _previous_copies(folder / JSON_NAME)
    copies = _annotated_copies(folder, report, sources, previous)
    _remove_stale(folder, previous, copies)
    html_path, json_path = folder / HTML_NAME, folder / JSON_NAME
    summary = _summary(report, len(sources), records, as_of)
    write_if_changed(folder, JSON_NAME, json.dumps({**summary, "problems": [_problem_json(p) for p in sorted(
        report.problems, key=Problem.sort_key)], "annotated_copies": [asdict(c) for c in copies]},
        ensure_ascii=False, indent=1, default=str).encode())  # default: a particular JSON has no form for
    write_if_changed(folder, HTML_NAME, _render_html(report, summary, copies).encode())
    return ReportFiles(folder, html_path, json_path, tuple(copies))


def _annotated_copies(folder: Path, report: Report, sources: tuple[SourceFile, ...],
                      previous: dict[str, AnnotatedCopy]) -> list[AnnotatedCopy]:
    by_file = {source.relative_path: source for source in sources}
    copies = []
    for (agency, file), problems in report.by_file().items():
        source = by_file.get(file)
        if source is None or not source.path.is_file() or all(annotate.mark_of(p) is None for p in problems):
            continue  # unreadable files and agency-wide problems have no cell to mark
        relative = Path(ANNOTATED_DIR, source.relative_path).with_name(annotate.annotated_name(source)).as_posix()
        fingerprint = _fingerprint(source, problems)
        copy = AnnotatedCopy(agency, file, relative, fingerprint)
        if previous.get(relative) != copy or not (folder / relative).is_file():
            _annotate_atomically(source, problems, folder / relative)
        copies.append(copy)
    return copies


def _annotate_atomically(source: SourceFile, problems: list[Problem], target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial")
    annotate.annotate(source, problems, partial)
    partial.replace(target)


def _fingerprint(source: SourceFile, problems: list[Problem]) -> str:
    text = file_digest(source.path) + repr(sorted(problems, key=Problem.sort_key))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _previous_copies(json_path: Path) -> dict[str, AnnotatedCopy]:
    try:
        entries = json.loads(json_path.read_text(encoding="utf-8"))["annotated_copies"]
        return {entry["copy"]: AnnotatedCopy(**entry) for entry in entries if isinstance(entry["copy"], str)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _remove_stale(folder: Path, previous: dict[str, AnnotatedCopy], current: list[AnnotatedCopy]) -> None:
    """The paths come back from last run's report.json, which anyone who can write the folder can edit: only a
    regular file that really lies inside the annotated-copies folder is deleted, never what a path with "..", an
    absolute path or a symlinked folder leads to."""
    kept = {copy.copy for copy in current}
    annotated = folder / ANNOTATED_DIR
    for relative in previous:
        if relative not in kept and _owned_copy(annotated, folder / relative):
            (folder / relative).unlink()
    if annotated.is_dir() and not annotated.is_symlink():
        for directory, _, _ in os.walk(annotated, topdown=False):  # symlinked folders are listed, never entered
            if not os.listdir(directory):
                os.rmdir(directory)


def _owned_copy(annotated: Path, path: Path) -> bool:
    try:
        owner, real = os.path.realpath(annotated), os.path.realpath(path)
        return (not annotated.is_symlink() and real != owner and Path(real).is_relative_to(owner)
                and stat.S_ISREG(os.lstat(path).st_mode))
    except (OSError, ValueError):
        return False  # already gone, or a name no file can have (a NUL in it)


def _summary(report: Report, files: int, records: int, as_of: dt.date) -> dict:
    counts = report.counts
    return {"generated_at": dt.datetime.now().isoformat(timespec="seconds"), "as_of": as_of.isoformat(),
            "files_checked": files, "records_passed": records, "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING], "held_back": report.blocks_publication}


def _problem_json(problem: Problem) -> dict:
    return {"code": problem.code, "severity": problem.severity.value, "agency": problem.agency, "file": problem.file,
            "sheet": problem.sheet, "cell": problem.cell, "column": problem.column, "value": problem.value,
            "record": problem.record, "record_label": problem.record_label, "details": {name: list(value) if isinstance(value, tuple) else value
                                                  for name, value in problem.details},
            "message": problem.message, "fix": problem.fix}


def _render_html(report: Report, summary: dict, copies: list[AnnotatedCopy]) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    copy_of = {copy.file: copy.copy for copy in copies}
    return environment.get_template("report.html").render(
        summary=summary, groups=report.by_file(), copy_of=copy_of, severity=Severity, rules_of_codes=rules_of_codes)
