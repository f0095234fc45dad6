"""A Pelican plugin that renders the pipeline's pages with the theme's Jinja2
templates, on all cores, and routes every file Pelican writes through the output tree
(write-if-changed, listed in the manifest).

Pelican keeps what it is good at — settings, the theme, hand-written Markdown pages in
content/ — while record pages go straight through Jinja2, not through Markdown articles,
which is what makes 100,000 records build in Hugo's class rather than Pelican's.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateNotFound
from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.core.settings import PortalSettings
from disclosure.public import addresses, order
from disclosure.public.types import Decisions
from disclosure.runtime.cache import code_version
from disclosure.runtime.output import OutputFile, OutputTree, write_if_changed
from disclosure.runtime.progress import Progress
from disclosure.site import filters, pages
from disclosure.site.drawings import charts
from disclosure.site.drawings.qr import qr_svg
from disclosure.site.pages import Page, PageMeta, build_pages

PAGES_VERSION = code_version("core", "public", "rules", "site")
PARALLEL_FROM = 64  # fewer stale pages than this render faster in one process than a pool starts


@dataclass
class SiteBuild:
    """What publish.py hands the plugin through the settings (key PORTAL_BUILD)."""

    decisions: Decisions
    output: OutputTree
    progress: Progress
    settings: PortalSettings
    as_of: dt.date
    assets: dict[str, str] = field(default_factory=dict)  # asset name → hashed path
    extra_pages: tuple[Page, ...] = ()  # pages made from what earlier stages wrote (the download page)
    pages: list[Page] = field(default_factory=list)  # every page of the build, for the sitemap
    pages_total: int = 0
    pages_rendered: int = 0


def register() -> None:
    # blinker holds receivers weakly: they must be module-level functions, not lambdas.
    signals.get_generators.connect(_generators)
    signals.get_writer.connect(_writer)
    signals.generator_init.connect(_add_template_globals)


def _generators(pelican) -> type:
    return PortalGenerator


def _writer(pelican) -> type:
    return OutputWriter


BUILD_KEY = "PORTAL_BUILD"  # not a setting: the handover from publish.py, by Pelican's settings


def _build(settings: dict) -> SiteBuild:
    return settings[BUILD_KEY]


# Capitals in templates are settings (core/settings.py) or these.
TEMPLATE_CONSTANTS = {"KINDS": KINDS, "KIND": KINDS_BY_NAME, "NEWEST": order.NEWEST, "OLDEST": order.OLDEST}


def _add_template_globals(generator: Generator) -> None:
    build = _build(generator.settings)
    if not build.assets:
        build.assets = _hash_assets(Path(generator.theme) / "static")
    generator.env.autoescape = True  # clerks' text must never become markup
    public_root = build.settings.siteurl.rstrip("/")
    generator.env.globals.update(
        asset=lambda name: build.assets[name],
        record_url=addresses.record_path,
        agency_url=addresses.agency_path,
        flowchart_url=addresses.flowchart_path,
        listing_url=addresses.listing_url,
        statistics_url=addresses.statistics_path,
        search_url=addresses.SEARCH_PATH,
        downloads_url=addresses.DOWNLOADS_PATH,
        feed_url=addresses.feed_path,
        public_url=lambda path: f"{public_root}/{path}",
        content_meta=_content_meta,
        flowchart_svg=pages.flowchart_svg,
        qr_svg=qr_svg,
        bar_chart=charts.bar_chart, Bar=charts.Bar,
        **TEMPLATE_CONSTANTS,
    )
    generator.env.filters["display"] = filters.display
    generator.env.filters["amount"] = filters.amount
    generator.env.filters["percent"] = filters.percent


def _content_meta(page) -> PageMeta:
    """The hand-written pages of content/ speak for the platform and date themselves (Date: in the file)."""
    updated = getattr(page, "modified", None) or getattr(page, "date", None)
    owner = _build(page.settings).settings.site_owner
    return PageMeta(page.title, "平台信息", "信息公开", updated.date() if updated else None, owner,
                    getattr(page, "summary_text", "") or page.title, (page.title,))


def _hash_assets(static_dir: Path) -> dict[str, str]:
    """Each asset gets its content hash in its name, so servers may cache it for a year."""
    assets = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        relative = path.relative_to(static_dir)
        assets[relative.as_posix()] = f"static/{relative.with_name(f'{path.stem}.{digest}{path.suffix}').as_posix()}"
    return assets


def relative_root(path: str) -> str:
    depth = path.count("/")
    return "/".join([".."] * depth) if depth else "."


class PortalGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        build = _build(self.settings)
        self._write_assets(build)
        build.output.use_site(self._site_fingerprint(build))
        pages = [*build_pages(build.decisions, build.settings.portal_page_size, build.as_of,
                                 build.settings.site_owner),
                 *build.extra_pages]
        build.pages = pages
        build.pages_total = len(pages)
        stale = []
        for page in pages:
            if build.output.is_current(page.path, page.fingerprint):
                build.output.keep(page.path)
            else:
                stale.append(page)
        with build.progress.stage("生成网页", len(stale)) as advance:
            for page, result in _render_all(self, stale):
                build.output.record(result, page.fingerprint)
                advance(1)
        build.pages_rendered = len(stale)

    def _write_assets(self, build: SiteBuild) -> None:
        static_dir = Path(self.theme) / "static"
        for name, hashed in build.assets.items():
            build.output.write(hashed, (static_dir / name).read_bytes())

    def _site_fingerprint(self, build: SiteBuild) -> str:
        """Everything every page depends on: code, templates, assets and settings."""
        digest = hashlib.blake2b(PAGES_VERSION.encode(), digest_size=16)
        for path in sorted(Path(self.theme, "templates").rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
        digest.update(repr(sorted(build.assets.items())).encode())
        # Templates are given every setting, whatever its type. Where the site is written or read from (OUTPUT_PATH,
        # PATH…) is not in it: the same site built by another command line, with absolute paths or relative ones,
        # is the same site.
        digest.update(repr(sorted((k, repr(v)) for k, v in self.settings.items()
                                  if k.isupper() and k not in (BUILD_KEY, "PATH") and not k.endswith("_PATH"))).encode())
        return digest.hexdigest()

    def write(self, page: Page) -> OutputFile:
        """Render and write if the bytes changed; safe in a forked worker (the manifest comes down before any write)."""
        output = _build(self.settings).output
        return write_if_changed(output.root, page.path, self.render(page), output.begin_changes)

    def render(self, page: Page) -> bytes:
        template = self.env.select_template(page.templates)
        context = {**self.context, **page.context, "SITEURL": relative_root(page.path), "output_file": page.path}
        return template.render(context).encode()


# ---- rendering on all cores -----------------------------------------------------------------

_JOB: tuple[PortalGenerator, list[Page]] | None = None  # inherited by forked workers


def _render_range(bounds: tuple[int, int]):
    generator, pages = _JOB
    return [generator.write(page) for page in pages[bounds[0]:bounds[1]]]


def _render_all(generator: PortalGenerator, pages: list[Page]):
    workers = min(os.cpu_count() or 1, 8)
    if len(pages) < PARALLEL_FROM or workers < 2:
        for page in pages:
            yield page, generator.write(page)
        return
    global _JOB
    for template in {name for page in pages for name in page.templates}:
        try:
            generator.env.get_template(template)  # compile once, before the fork
        except TemplateNotFound:
            pass  # an optional template such as record-items.html
    chunk = max(50, len(pages) // (workers * 16))
    bounds = [(start, min(start + chunk, len(pages))) for start in range(0, len(pages), chunk)]
    _JOB = (generator, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers, gc.enable) as pool:
            for (start, end), results in zip(bounds, pool.imap(_render_range, bounds)):
                yield from zip(pages[start:end], results)
    finally:
        _JOB = None


# ---- Pelican's own pages go through the same output tree -----------------------------------

class _Buffer(io.StringIO):
    def __init__(self, on_close):
        super().__init__()
        self._on_close = on_close

    def close(self) -> None:
        if not self.closed:
            self._on_close(self.getvalue())
        super().close()


class OutputWriter(Writer):
    def _open_w(self, filename, encoding, override=False):
        relative = Path(os.path.relpath(filename, self.output_path)).as_posix()
        tree = _build(self.settings).output
        return _Buffer(lambda text: tree.write(relative, text.encode(encoding)))
