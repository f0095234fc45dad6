"""The whole build, stage after stage: check data/ → apply the rules → render with Pelican →
finish the output (manifest last). Used by the CLI and by tests alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican import log as pelican_log
from pelican.settings import read_settings

from . import deploy_files, feeds, ledger, opendata, pages, pipeline, rules, search, search_export, search_terms
from .output import OutputTree
from .pipeline import CheckedData
from .portal import SiteBuild
from .problems import Report
from .progress import Progress


LEDGER_NAME = ".ledger.sqlite"


@dataclass(frozen=True)
class Options:
    data_dir: Path
    output_dir: Path
    cache_dir: Path
    settings_file: Path
    as_of: dt.date
    strict: bool = False
    ledger_path: Path | None = None  # default: .ledger.sqlite in the data folder

    @property
    def ledger(self) -> Path:
        return self.ledger_path or self.data_dir / LEDGER_NAME

    @property
    def search_index(self) -> Path:
        """Derived from what was published, so it lives with the caches: deleted, it is rebuilt."""
        return self.cache_dir / "search"


@dataclass(frozen=True)
class CheckOutcome:
    checked: CheckedData
    decisions: rules.Decisions
    report: Report


@dataclass(frozen=True)
class BuildOutcome:
    check: CheckOutcome
    built: bool  # False when --strict refused to build
    pages_total: int = 0
    pages_rendered: int = 0
    files_written: int = 0
    files_removed: int = 0


def load_settings(options: Options) -> dict:
    return read_settings(str(options.settings_file))


def check(options: Options, settings: dict, progress: Progress) -> CheckOutcome:
    checked = pipeline.check(options.data_dir, options.cache_dir, progress)
    snapshot = ledger.read(options.ledger)
    decisions = rules.decide(checked.records, rules.RuleSettings.from_settings(settings, options.as_of), snapshot)
    return CheckOutcome(checked, decisions, Report(tuple(checked.problems) + decisions.problems))


def build(options: Options, progress: Progress) -> BuildOutcome:
    settings = load_settings(options)
    outcome = check(options, settings, progress)
    if options.strict and outcome.report.blocks_publication:
        return BuildOutcome(outcome, built=False)
    output = OutputTree(options.output_dir, _state_path(options))
    downloads_page = _write_open_data(settings, options, outcome.decisions, output, progress)
    site = SiteBuild(outcome.decisions, output, progress, settings["PORTAL_PAGE_SIZE"], options.as_of,
                     extra_pages=(downloads_page,))
    settings = {**settings, "OUTPUT_PATH": str(options.output_dir), "PORTAL_BUILD": site}
    with _pelican_errors() as errors:
        Pelican(settings).run()
    if errors:
        raise PelicanError(errors)
    search_update = _write_search_files(options, outcome.decisions, output, progress)
    _write_feeds(settings, options, outcome.decisions, site, output, progress)
    deploy_files.write(output, outcome.decisions.publications, outcome.report, settings, options.as_of,
                       options.strict)
    removed = output.finish()
    # Only now, with the site complete and its manifest written, does the ledger learn what was published,
    # and publish.py search find it.
    ledger.write(options.ledger, outcome.decisions.changes, options.as_of, len(outcome.decisions.live))
    with progress.stage("更新检索索引", 1) as advance:
        search_update.finish()
        advance(1)
    return BuildOutcome(outcome, True, site.pages_total, site.pages_rendered, output.written, removed)


def _write_search_files(options: Options, decisions: rules.Decisions, output: OutputTree,
                        progress: Progress) -> search.PendingUpdate:
    """Both search indexes come from one analysis of the searchable records. The browser's files depend on all
    of them at once: when none changed, last build's are kept untouched. The Whoosh index's changes are
    returned pending, to be applied once the site is published."""
    publications = search_terms.searchable(decisions)
    status_by_uid = search_export.statuses(publications, options.as_of)
    digest = search_export.inputs_digest(publications, status_by_uid)
    previous = [path for path in output.previous if path.startswith(f"{search_export.FOLDER}/")]
    files_current = bool(previous) and all(output.is_current(path, digest) for path in previous)
    pending = search.PendingUpdate(options.search_index, publications)
    with progress.stage("生成检索索引", 1) as advance:
        if files_current:
            for path in previous:
                output.keep(path)
        if pending.changes or not files_current:
            analysed = search_terms.analyse(publications, pages.record_path, options.cache_dir / "search-terms.pickle")
            inversion = search_terms.invert(analysed)
            pending.start(inversion)
            if not files_current:
                for exported in search_export.export(inversion, status_by_uid):
                    output.write(exported.path, exported.data, digest)
        advance(1)
    return pending


def _write_open_data(settings: dict, options: Options, decisions: rules.Decisions, output: OutputTree,
                     progress: Progress) -> pages.Page:
    """Before the pages: the download page states the files' sizes. Unchanged tables are kept, not made again."""
    info = opendata.PackageInfo(settings["SITENAME"], settings["SITEURL"], settings["SITE_OWNER"])
    tables = opendata.tables_of(decisions)
    with progress.stage("生成下载文件", len(tables)) as advance:
        written = opendata.write(tables, output, info, advance)
    return pages.downloads_page(written.downloads, written.package_path, settings["SITE_OWNER"], options.as_of)


def _write_feeds(settings: dict, options: Options, decisions: rules.Decisions, site: SiteBuild,
                 output: OutputTree, progress: Progress) -> None:
    address = feeds.SiteAddress(settings["SITENAME"], settings["SITEURL"], settings["SITE_DOMAIN"],
                                settings["SITE_OWNER"], settings["TIMEZONE"])
    with progress.stage("生成订阅源和网站地图", 1) as advance:
        feeds.write(decisions, site.pages, output, address, options.as_of)
        advance(1)


def _state_path(options: Options) -> Path:
    name = hashlib.blake2b(str(options.output_dir.resolve()).encode(), digest_size=8).hexdigest()
    return options.cache_dir / "outputs" / f"{name}.pickle"


class PelicanError(Exception):
    """Pelican reported errors (a broken page in content/, a template problem): the build is not complete."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _pelican_errors():
    # Pelican's console lines are English and about articles we do not have: silence them, keep its errors.
    pelican_log.console.quiet = True
    logger = logging.getLogger("pelican")
    collector = _Collector()
    logger.addHandler(collector)
    logger.propagate, previous = False, logger.propagate
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous
