"""The Pelican plugin that renders the portal's pages with the theme's Jinja2 templates, on all cores, and
routes every file Pelican writes through the output tree (write-if-changed, listed in the manifest).

Pelican keeps what it is good at — settings, the theme, hand-written Markdown pages in content/ — while
record pages go straight through Jinja2, not through Markdown articles, which is what makes 100,000 records
build in Hugo's class rather than Pelican's. The pages to render are made before Pelican runs and reach
the plugin through Pelican's context (RenderJob); what Pelican read of content/ comes back through its own
page_generator_finalized signal (render() returns it).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import multiprocessing
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache, Environment, TemplateNotFound
from jinja2.bccache import Bucket
from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.writers import Writer

from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.core.settings import PortalSettings
from disclosure.public import addresses, order
from disclosure.public.types import Agency
from disclosure.runtime.output import OutputFile, OutputTree, write_if_changed
from disclosure.runtime.progress import Progress
from disclosure.site import filters, pages, photos
from disclosure.site.drawings import charts
from disclosure.site.drawings.qr import qr_svg
from disclosure.site.pages import Page, PageMeta

JOB_KEY = "PORTAL_RENDER_JOB"
PARALLEL_FROM = 64  # fewer stale pages than this render faster in one process than a pool starts


@dataclass(frozen=True)
class RenderJob:
    """What the build hands the plugin through Pelican's context: the pages that changed since the last
    build (the others are kept as they are), where to write them, and the theme's hashed asset names."""

    pages: tuple[Page, ...]
    output: OutputTree
    progress: Progress
    settings: PortalSettings
    assets: Mapping[str, str]  # asset name → hashed path
    agencies: tuple[Agency, ...] = ()  # their profiles' phones and addresses, for the contact page


@dataclass(frozen=True, slots=True)
class ContentPage:
    """A hand-written page of content/, as Pelican read it."""

    path: str
    updated: dt.date | None


def render(settings: dict, job: RenderJob) -> tuple[ContentPage, ...]:
    """Run Pelican with this job; returns the content pages it rendered. Pelican reports errors through its
    log (see build's collector), not by raising."""
    found: list[ContentPage] = []

    def collect(generator) -> None:
        found.extend(ContentPage(page.save_as, page_updated(page)) for page in generator.pages)

    with signals.page_generator_finalized.connected_to(collect):
        Pelican({**settings, JOB_KEY: job}).run()
    return tuple(sorted(found, key=lambda page: page.path))


def page_updated(page) -> dt.date | None:
    """The date a content page states: Modified: if it has one, else Date:."""
    updated = getattr(page, "modified", None) or getattr(page, "date", None)
    return updated.date() if updated else None


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, not once per build: Jinja checks each against its source's
    checksum, so an edited template is compiled again. A process that builds many times (preview, the
    tests) otherwise spends most of a small build compiling the theme."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        # Jinja keys by template name alone; what the environment compiles differently is part of ours.
        compiles_as = repr((environment.autoescape, environment.trim_blocks, environment.lstrip_blocks,
                            environment.keep_trailing_newline, environment.newline_sequence, environment.optimized,
                            environment.block_start_string, environment.variable_start_string,
                            sorted(environment.extensions)))
        bucket = Bucket(environment, self.get_cache_key(name, filename) + compiles_as, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def register() -> None:
    # blinker holds receivers weakly: they must be module-level functions, not lambdas.
    signals.get_generators.connect(_generators)
    signals.get_writer.connect(_writer)
    signals.generator_init.connect(_add_template_globals)


def _generators(pelican) -> type:
    return PortalGenerator


def _writer(pelican) -> type:
    return OutputWriter


def _job(context: Mapping) -> RenderJob:
    return context[JOB_KEY]


# Capitals in templates are settings (core/settings.py) or these.
TEMPLATE_CONSTANTS = {"KINDS": KINDS, "KIND": KINDS_BY_NAME, "NEWEST": order.NEWEST, "OLDEST": order.OLDEST}


def _add_template_globals(generator: Generator) -> None:
    job = _job(generator.context)
    generator.env.autoescape = True  # clerks' text must never become markup
    generator.env.bytecode_cache = COMPILED_TEMPLATES
    public_root = job.settings.siteurl.rstrip("/")
    generator.env.globals.update(
        asset=lambda name: job.assets[name],
        record_url=addresses.record_path,
        agency_url=addresses.agency_path,
        flowchart_url=addresses.flowchart_path,
        photo_url=addresses.photo_path,
        photo_size=photos.size_of,
        window_cards_url=addresses.window_cards_path,
        listing_url=addresses.listing_url,
        statistics_url=addresses.statistics_path,
        search_url=addresses.SEARCH_PATH,
        downloads_url=addresses.DOWNLOADS_PATH,
        feed_url=addresses.feed_path,
        public_url=lambda path: f"{public_root}/{path}",
        site_path=addresses.sub_path(public_root).rstrip("/"),  # the 404 page's links: it is served for addresses at any depth
        content_meta=_content_meta,
        agencies=job.agencies,
        flowchart_svg=pages.flowchart_svg,
        qr_svg=qr_svg,
        bar_chart=charts.bar_chart, Bar=charts.Bar,
        **TEMPLATE_CONSTANTS,
    )
    generator.env.filters["display"] = filters.display
    generator.env.filters["amount"] = filters.amount
    generator.env.filters["percent"] = filters.percent
    generator.env.tests["code"] = filters.is_code


def _content_meta(page) -> PageMeta:
    """The hand-written pages of content/ speak for the platform and date themselves (Date: in the file)."""
    owner = _job(page.settings).settings.site_owner
    return PageMeta(page.title, "平台信息", "信息公开", page_updated(page), owner,
                    getattr(page, "summary_text", "") or page.title, (page.title,))


def relative_root(path: str) -> str:
    depth = path.count("/")
    return "/".join([".."] * depth) if depth else "."


class PortalGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        job = _job(self.context)
        with job.progress.stage("生成网页", len(job.pages)) as advance:
            for page, result in _render_all(self, list(job.pages)):
                job.output.record(result, page.fingerprint)
                advance(1)

    def write(self, page: Page) -> OutputFile:
        """Render and write if the bytes changed; safe in a forked worker (the manifest comes down before any write)."""
        output = _job(self.context).output
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
        tree = _job(self.settings).output
        return _Buffer(lambda text: tree.write(relative, text.encode(encoding)))
