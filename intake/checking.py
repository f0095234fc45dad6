"""The check of a delivery, at once: the agency's folder as it would be with the uploaded files, checked by the
very function `publish.py check` runs (disclosure.build.check: the reading stage, then the rules against the
ledger), and the clerk's report files written as the CLI writes them (annotated workbooks included).

The folder is a staged copy (never data/ itself), checked in a data folder of its own: the report holds this
agency's problems only, never another agency's raw values."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from disclosure import build
from disclosure.core.problems import Problem, Report, Severity
from disclosure.reading.data_folder import SAMPLE_NOTE
from disclosure.report import files as report_files
from disclosure.rules.settings import RuleSettings
from disclosure.runtime import lock
from disclosure.runtime.progress import Progress
from disclosure.site.settings_file import read_settings_file
from intake import changes, install, sign_off, watch

# The newest checks of an agency among which the one of its current files is looked for (agency page and board).
RECENT_CHECKS = 50
ALL_AGENCIES = "（全部单位）"  # what a problem about every agency names (the calendar's coverage)


@dataclass(frozen=True)
class ShownProblem:
    """One line of the clerk's report: where, what was written, what is wrong, how to fix it."""

    severity: str
    file: str  # within the agency's folder
    sheet: str
    cell: str
    column: str
    value: str
    record: str
    message: str
    fix: str


@dataclass(frozen=True)
class CheckedFile:
    name: str  # within the agency's folder
    sha256: str
    errors: int
    warnings: int
    annotated: str  # the annotated copy, relative to the report folder ("" when there is none)


@dataclass(frozen=True)
class CheckResult:
    as_of: dt.date
    records: int
    problems: tuple[ShownProblem, ...]
    files: tuple[CheckedFile, ...]
    base: dict[str, str]  # data/<agency> as it was checked against: its files' digests (install.digests)
    changes: tuple[changes.ShownChange, ...]  # what the public site would show differently
    published_missing: int = 0  # published decisions the folder no longer has (a removed file's): stay online
    watched: tuple[watch.Watched, ...] = ()  # records with a deadline running (the deadline board's)

    @property
    def errors(self) -> int:
        return sum(problem.severity == Severity.ERROR.value for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity == Severity.WARNING.value for problem in self.problems)

    def as_json(self) -> dict:
        return {"problems": [asdict(p) for p in self.problems], "files": [asdict(f) for f in self.files],
                "base": self.base, "changes": changes.as_json(self.changes),
                "published_missing": self.published_missing, "deadlines": watch.as_json(self.watched)}


def problems_of(result: dict) -> list[ShownProblem]:
    return [ShownProblem(**problem) for problem in result.get("problems", [])]


def files_of(result: dict) -> list[CheckedFile]:
    return [CheckedFile(**file) for file in result.get("files", [])]


def check_delivery(folder: str, staged: Path | None, work: Path, as_of: dt.date,
                   removed: tuple[str, ...] = ()) -> CheckResult:
    """work: this delivery's own folder; its view/ and report/ are made here. staged: the uploaded files;
    removed: current files the delivery takes out."""
    data = work / "view"
    base = current_digests(folder)
    compose(Path(settings.INTAKE_DATA_DIR) / folder, staged, data / folder, removed)
    # The view is the sample's when data/ is: the build serves the sample's ledger to the sample alone.
    if (note := Path(settings.INTAKE_DATA_DIR) / SAMPLE_NOTE).is_file():
        shutil.copyfile(note, data / SAMPLE_NOTE)
    cache = Path(settings.INTAKE_STATE_DIR) / "cache" / hashlib.blake2b(folder.encode(), digest_size=8).hexdigest()
    options = build.Options(data, work / "no-site", cache, Path(settings.INTAKE_PORTAL_SETTINGS), as_of,
                            ledger_path=Path(settings.INTAKE_LEDGER))
    portal = read_settings_file(options.settings_file).portal
    # One check of an agency at a time: they share its cache, which each check prunes to what it used.
    with lock.held([cache / ".lock"], "intake-check", say=lambda line: None):
        outcome = build.check(options, portal, Progress(quiet=True))
    report = Report(tuple(p for p in outcome.report.problems if p.agency in (folder, ALL_AGENCIES)))
    sources = tuple(source for source in outcome.checked.sources if source.agency == folder)
    records = sum(record.agency == folder for record in outcome.checked.records)
    written = report_files.write(work / "report", report, sources, records, as_of)
    copies = {copy.file: copy.copy for copy in written.copies}
    by_file = report.by_file()
    checked = tuple(_checked_file(folder, source.relative_path, source.path, by_file.get((folder, source.relative_path), []),
                                  copies.get(source.relative_path, "")) for source in sources)
    shown = tuple(_shown(folder, problem) for problem in sorted(report.problems, key=Problem.sort_key))
    slugs = {agency.slug for agency in outcome.decisions.agencies if agency.folder == folder}
    missing = sum(problem.code == "published-record-missing" for problem in report.problems)
    return CheckResult(as_of, records, shown, checked, base, changes.shown(outcome.changes, slugs, options.ledger),
                       missing, watch.watched(folder, outcome, RuleSettings.from_settings(portal, as_of)))


def compose(current: Path, staged: Path | None, target: Path, removed: tuple[str, ...] = ()) -> None:
    """target: the agency's folder as it is now (hidden and scratch files left out), without the removed files,
    with the staged files over it, and the sign-off manifest its approval would write. Symlinks are copied as
    symlinks, so that the check reports them as in data/."""
    if current.is_dir() and not current.is_symlink():
        shutil.copytree(current, target, symlinks=True, ignore=shutil.ignore_patterns(".*", "~$*"))
    else:
        target.mkdir(parents=True)
    present = install.digests(target) if removed else {}
    for name in removed:
        if name in present:  # a name of the folder's own, never a path the request made up
            (target / name).unlink()
    if staged is not None:
        for path in sorted(staged.iterdir()):
            existing = target / path.name
            if existing.is_symlink() or existing.is_file():
                existing.unlink()
            shutil.copyfile(path, existing)
    sign_off.as_if_approved(current, target, install.digests(staged) if staged is not None else {})


def _within_agency(folder: str, relative: str) -> str:
    prefix = folder + "/"
    return relative[len(prefix):] if relative.startswith(prefix) else relative


def _checked_file(folder: str, relative: str, path: Path, problems: list[Problem], annotated: str) -> CheckedFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else ""
    return CheckedFile(_within_agency(folder, relative), digest,
                       sum(p.severity is Severity.ERROR for p in problems),
                       sum(p.severity is Severity.WARNING for p in problems), annotated)


def _shown(folder: str, problem: Problem) -> ShownProblem:
    return ShownProblem(problem.severity.value, _within_agency(folder, problem.file), problem.sheet, problem.cell,
                        problem.column, problem.value, problem.record_label, problem.message, problem.fix)


def current_digests(folder: str) -> dict[str, str]:
    """The files of data/<folder> now, by name within the folder, with their SHA-256 (symlinks not followed)."""
    return install.digests(Path(settings.INTAKE_DATA_DIR) / folder)
