"""The whole build, stage after stage: check data/ → apply the rules → render with Pelican →
finish the output (manifest last). Used by the CLI and by tests alike.

To the outside world a build is one transaction, in this order (each step safe to be killed in):
1. every file written, what the build no longer makes removed, the output's state saved (OutputTree.finish).
   The manifest came down with the first changed byte: the folder cannot be deployed;
2. the ledger's one transaction commits what this site shows (ledger.write);
3. the manifest is written (OutputTree.complete): only now can the site be deployed;
4. the search index for `publish.py search` learns the changes.
A failure before 2 leaves the ledger as it was and the folder without a manifest: nothing deployable that the
ledger does not know. A failure between 2 and 3 leaves a ledger ahead of any deployable site, as any build
not yet deployed is: the next build, reading that ledger, makes exactly the site it recorded (nothing more is
published, no event is recorded twice) and removes whatever the killed build left (runtime/output.py).
Commands that could interleave with one are serialised by runtime/lock.py, taken by the CLI.

The day the rules are applied (--as-of) only moves forward in the ledger: a date before its last build, or
more than FUTURE_DAYS beyond today, is refused (AsOfRefused) unless forced. Forced, a later date is built and
recorded (for a machine whose clock is behind), but never more than FORCED_FUTURE_DAYS ahead: a date years away
is a typo, and once recorded it would refuse every later build; an earlier one is a rehearsal: built to be
looked at, never recorded, never complete (no manifest).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pelican import log as pelican_log

from disclosure.core import clock
from disclosure.core.problems import Report, point_to_rows
from disclosure.core.settings import PortalSettings
from disclosure.deploy import files as deploy_files
from disclosure.opendata import tables as opendata
from disclosure.public.addresses import record_path
from disclosure.public.types import Decisions
from disclosure.reading import data_folder
from disclosure.reading.data_folder import CheckedData
from disclosure.rules import decide, ledger, sample_ledger
from disclosure.rules import photos as officer_photos
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.cache import Memo
from disclosure.runtime.faults import stop_point
from disclosure.runtime.output import OutputTree
from disclosure.runtime.progress import Progress
from disclosure.search import index as search_index
from disclosure.search import static as search_static
from disclosure.search import terms as search_terms
from disclosure.site import cards, certificates, pages, pelican_messages, plugin, theme
from disclosure.site import photos as site_photos
from disclosure.site.pages import Page
from disclosure.site.plugin import ContentPage
from disclosure.site.settings_file import LoadedSettings
from disclosure.syndication import feeds, sitemap
from disclosure.syndication.address import SiteAddress

LEDGER_NAME = ".ledger.sqlite"
FUTURE_DAYS = 7  # --as-of may run this far ahead of the clock (a build prepared for Monday) without --force-date
FORCED_FUTURE_DAYS = 366  # and this far with it


@dataclass(frozen=True)
class Options:
    data_dir: Path
    output_dir: Path
    cache_dir: Path
    settings_file: Path
    as_of: dt.date
    strict: bool = False
    ledger_path: Path | None = None  # default: .ledger.sqlite in the data folder
    force_date: bool = False  # --force-date: see Options.records
    # A rehearsal whatever the date: the ledger only read, the output never complete (the back office's preview
    # of a submission, built beside the site to show what the next build will make of it).
    rehearsal: bool = False
    today: dt.date = field(default_factory=clock.today)

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
    decisions: Decisions
    report: Report  # the reading stage's problems and the rules', for the clerk
    changes: ledger.Changes  # what the ledger learns once the site is complete


@dataclass(frozen=True)
class BuildOutcome:
    check: CheckOutcome
    built: bool  # False when --strict refused to build
    recorded: bool = True  # False for a rehearsal (an earlier --as-of, forced): ledger untouched, no manifest
    pages_total: int = 0
    pages_rendered: int = 0
    files_written: int = 0
    files_removed: int = 0


def check(options: Options, settings: PortalSettings, progress: Progress) -> CheckOutcome:
    snapshot = ledger.read(options.ledger)
    sample_ledger.refuse_sample_ledger(snapshot, options.data_dir)
    checked = data_folder.check(options.data_dir, options.cache_dir, progress, options.ledger,
                                settings.require_approval)
    views = Memo(options.cache_dir / "public-views.pickle", decide.VIEWS_VERSION)
    rule_settings = RuleSettings.from_settings(settings, options.as_of)
    known = decide.clean_memo(options.cache_dir, rule_settings)
    ruling = decide.decide(checked.records, rule_settings, snapshot, views, known, checked.sign_offs,
                           checked.held_back)
    views.save()
    known.save()
    stop_point("checked")
    report = Report(point_to_rows(tuple(checked.problems) + ruling.problems))
    return CheckOutcome(checked, officer_photos.attach(ruling.decisions, checked.photos, options.as_of), report, ruling.changes)


def build(options: Options, settings: LoadedSettings, progress: Progress) -> BuildOutcome:
    with without_cycle_collection():
        return _build(options, settings, progress)


@contextmanager
def without_cycle_collection():
    """A build makes a few hundred thousand long-lived objects (records, decisions, pages) and no reference
    cycles worth collecting. Python's cycle collector would scan them again and again while they are made,
    a third of a no-op build's time at 100,000 records; reference counting still frees everything else.
    Forked workers, which read workbooks or render templates full of cycles, turn it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(options: Options, settings: LoadedSettings, progress: Progress) -> BuildOutcome:
    records = recorded_date(options) and not options.rehearsal
    outcome = check(options, settings.portal, progress)
    if options.strict and outcome.report.blocks_publication:
        return BuildOutcome(outcome, built=False)
    output = OutputTree(options.output_dir, _state_path(options))
    search_indexes = SearchIndexes(options, outcome.decisions)
    with search_indexes.pending.abandoned_on_error():
        if records:
            search_indexes.start(progress)
        site = _write_site(settings, options, outcome.decisions, output, progress)
        stop_point("pages")
        search_indexes.write_files(output, progress)
        stop_point("search")
        _write_feeds(settings.portal, options, outcome.decisions, site, output, progress)
        deploy_files.write(output, outcome.decisions.publications, outcome.report, settings.portal, options.as_of,
                           options.strict, options.ledger, sample_ledger.is_sample_data(options.data_dir))
        stop_point("feeds")
        removed = output.finish()
        stop_point("files-done")
        if records:
            _publish(options, outcome, output, search_indexes, progress)
    return BuildOutcome(outcome, True, records, len(site.pages), site.rendered, output.written, removed)


def _publish(options: Options, outcome: CheckOutcome, output: OutputTree, search_indexes: SearchIndexes,
             progress: Progress) -> None:
    """Steps 2 to 4 of the module's transaction: the ledger, then the manifest, then `publish.py search`."""
    ledger.write(options.ledger, outcome.changes, options.as_of, len(outcome.decisions.live))
    stop_point("ledger-committed")
    output.complete()
    stop_point("manifest")
    with progress.stage("更新检索索引", 1) as advance:
        search_indexes.pending.finish()
        advance(1)


class AsOfRefused(Exception):
    """--as-of would put the ledger's history out of order; the message says what to do."""


def recorded_date(options: Options) -> bool:
    """Whether this build is recorded in the ledger, or refused (AsOfRefused), or (earlier, forced) a rehearsal."""
    as_of, today = options.as_of, options.today
    if as_of > today + dt.timedelta(days=FORCED_FUTURE_DAYS):
        raise AsOfRefused(
            f"--as-of {as_of} 比今天（{today}）晚 {(as_of - today).days} 天，超过一年，即使加 --force-date 也不能按这一天构建："
            "台账记下这一天后，之后每一次构建都会被拒绝。请改正日期后重新运行；若本机时钟不准，请先校正时钟。")
    if as_of > today + dt.timedelta(days=FUTURE_DAYS) and not options.force_date:
        raise AsOfRefused(
            f"--as-of {as_of} 比今天（{today}）晚 {(as_of - today).days} 天：台账会把首次公示、公示期满等记在这一天，"
            "以后的每次构建都以它为准。若日期写错了，请改正后重新运行；确实要按这一天构建并记入台账，请加 --force-date。")
    last = ledger.last_build_date(options.ledger)
    if last is None or as_of >= last:
        return True
    if not options.force_date:
        raise AsOfRefused(
            f"--as-of {as_of} 早于台账中上次构建的日期 {last}：台账的历史只能向前记录，按更早的日期构建会把已记下的"
            f"期满、撤回等重新判定。若日期写错了，请改正（不早于 {last}）；只想看按那一天的规则生成的网站"
            "（不写台账、不能部署），请加 --force-date。")
    return False


@dataclass(frozen=True)
class SiteOutcome:
    pages: tuple[Page, ...]  # every page of the portal, rendered now or kept
    content_pages: tuple[ContentPage, ...]  # content/'s hand-written pages, as Pelican read them
    rendered: int


def _write_site(settings: LoadedSettings, options: Options, decisions: Decisions, output: OutputTree,
                progress: Progress) -> SiteOutcome:
    """The page set is made here, before Pelican runs; Pelican renders the pages that changed."""
    portal = settings.portal
    downloads_page = _write_open_data(portal, options, decisions, output, progress)
    site_pages = (*certificates.with_lookup(pages.build_pages(decisions, portal.portal_page_size, options.as_of,
                                                              portal.site_owner), decisions, options.as_of, portal.site_owner),
                  *cards.card_pages(decisions, options.as_of),
                  downloads_page)
    theme_dir = Path(settings.pelican["THEME"])
    assets = theme.hash_assets(theme_dir / "static")
    theme.write_assets(output, theme_dir / "static", assets)
    site_photos.write(decisions, output, progress)
    if portal.favicon:
        theme.use_favicon(assets, Path(settings.pelican["FAVICON"]))
        theme.write_favicon(output, assets, Path(settings.pelican["FAVICON"]))
    output.use_site(theme.site_fingerprint(settings.pelican, theme_dir, assets))
    stale = []
    for page in site_pages:
        if output.is_current(page.path, page.fingerprint):
            output.keep(page.path)
        else:
            stale.append(page)
    with _pelican_errors(str(settings.pelican["PATH"])) as said:
        content_pages = plugin.render({**settings.pelican, "OUTPUT_PATH": str(options.output_dir)},
                                      plugin.RenderJob(tuple(stale), output, progress, portal, assets,
                                                       tuple(decisions.agencies)))
    if said.errors:
        raise PelicanError(said.errors, said.originals)
    return SiteOutcome(site_pages, content_pages, len(stale))


class SearchIndexes:
    """Both search indexes come from one analysis of the searchable records.

    When records changed, the analysis comes first (start), so that a new Whoosh index is written by its own
    process while this one makes the site. The browser's files come after the pages (write_files): they depend
    on the site's fingerprint as much as on the records, and when none of that changed, last build's are kept
    untouched. The Whoosh index's changes stay pending until the site is published."""

    def __init__(self, options: Options, decisions: Decisions):
        self.publications = search_terms.searchable(decisions)
        self.status_by_uid = search_static.statuses(self.publications, options.as_of)
        self.pending = search_index.PendingUpdate(options.search_index, self.publications)
        self._terms_cache = options.cache_dir / "search-terms.pickle"
        self._inversion: search_terms.Inversion | None = None

    def start(self, progress: Progress) -> None:
        if self.pending.changes:
            with progress.stage("分析检索词", 1) as advance:
                self.pending.start(self._inverted())
                advance(1)

    def write_files(self, output: OutputTree, progress: Progress) -> None:
        digest = search_static.inputs_digest(self.publications, self.status_by_uid)
        previous = [path for path in output.previous if path.startswith(f"{search_static.FOLDER}/")]
        with progress.stage("生成检索索引", 1) as advance:
            if previous and all(output.is_current(path, digest) for path in previous):
                for path in previous:
                    output.keep(path)
            else:
                for exported in search_static.export(self._inverted(), self.status_by_uid):
                    output.write(exported.path, exported.data, digest)
            advance(1)

    def _inverted(self) -> search_terms.Inversion:
        if self._inversion is None:
            analysed = search_terms.analyse(self.publications, record_path, self._terms_cache)
            self._inversion = search_terms.invert(analysed)
        return self._inversion


def _write_open_data(settings: PortalSettings, options: Options, decisions: Decisions, output: OutputTree,
                     progress: Progress) -> pages.Page:
    """Before the pages: the download page states the files' sizes. Unchanged tables are kept, not made again."""
    info = opendata.PackageInfo(settings.sitename, settings.siteurl, settings.site_owner)
    tables = opendata.tables_of(decisions)
    with progress.stage("生成下载文件", len(tables)) as advance:
        written = opendata.write(tables, output, info, advance)
    stop_point("open-data")
    return pages.downloads_page(written.downloads, written.package_path, settings.site_owner, options.as_of)


def _write_feeds(settings: PortalSettings, options: Options, decisions: Decisions, site: SiteOutcome,
                 output: OutputTree, progress: Progress) -> None:
    address = SiteAddress(settings.sitename, settings.siteurl, settings.site_domain, settings.site_owner,
                          settings.timezone)
    with progress.stage("生成订阅源和网站地图", 1) as advance:
        feeds.write(decisions, output, address, options.as_of)
        sitemap.write(site.pages, site.content_pages, output, address)
        advance(1)


def _state_path(options: Options) -> Path:
    name = hashlib.blake2b(str(options.output_dir.resolve()).encode(), digest_size=8).hexdigest()
    return options.cache_dir / "outputs" / f"{name}.pickle"


class PelicanError(Exception):
    """Pelican reported errors (a broken page in content/, a template problem): the build is not complete."""

    def __init__(self, messages: list[str], originals: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages  # Chinese, for the webmaster, each naming its file
        self.originals = originals  # Pelican's and Jinja's English, for the log file


class _Collector(logging.Handler):
    """Pelican's warnings and errors as it logged them, and its errors in Chinese."""

    def __init__(self, content_dir: str):
        super().__init__(logging.WARNING)
        self.content_dir = content_dir
        self.errors: list[str] = []
        self.originals: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        handled = sys.exc_info()[1]  # Pelican logs inside its except clause, often without the exception
        self.originals.append(f"{record.levelname} {record.getMessage()}" + (f" ({handled!r})" if handled else ""))
        if record.levelno >= logging.ERROR:
            self.errors.append(pelican_messages.log_line(record, handled, self.content_dir))


@contextmanager
def _pelican_errors(content_dir: str):
    # Pelican's console lines are English and about articles we do not have: silence them, keep what it said.
    pelican_log.console.quiet = True
    logger = logging.getLogger("pelican")
    collector = _Collector(content_dir)
    logger.addHandler(collector)
    logger.propagate, previous = False, logger.propagate
    try:
        yield collector
    except jinja2.TemplateError as error:  # a template of theme/: named with its line, not a bug of the program
        raise PelicanError([pelican_messages.template_error(error)],
                           [*collector.originals, pelican_messages.original(error)]) from None
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous
