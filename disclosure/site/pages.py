"""The site: publication decisions → the set of pages, each with the path it is written to,
the template that renders it, what the template is given, and a fingerprint of the data it
shows (an unchanged fingerprint means the page need not be rendered again; code, templates and
settings, which every page shares, are compared once by the output tree).

URLs are relative to the site root and stable: a record's address comes from its agency,
kind and key, never from its row, its neighbours or personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from typing import TYPE_CHECKING

from markupsafe import Markup

from disclosure.core.kinds import (
    AGENCY,
    DECISION_KINDS,
    FLOWCHARTS,
    ITEMS,
    KINDS,
    OFFICERS,
    SheetKind,
)
from disclosure.public.addresses import (
    DOWNLOADS_PATH,
    SEARCH_PATH,
    agency_path,
    flowchart_path,
    listing_base,
    record_path,
    statistics_path,
)
from disclosure.public.order import NEWEST, OLDEST, sort_for_listing
from disclosure.public.states import certificate_state, licence_state, notice_label, updated_on
from disclosure.public.types import Agency, Decisions, Publication
from disclosure.site import figures
from disclosure.site.drawings import flowchart as diagrams
from disclosure.site.figures import YearReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from disclosure.opendata.tables import Download

LATEST_ON_HOME = 10
LISTED_KINDS = tuple(kind for kind in KINDS if kind not in (AGENCY, FLOWCHARTS))
# 栏目类型 of 国办发〔2017〕47号's page metadata, by what a page is about.
COLUMN_TYPES = {"agency": "机构职能", "items": "办事服务", "flowcharts": "办事服务", "inspections": "信息公开",
                "officers": "信息公开", "statistics": "数据发布", "downloads": "数据发布", "search": "检索服务",
                "home": "首页"}
DECISION_COLUMN_TYPE = "信息公开"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What every page says about itself: in its <head> for search engines and 政府网站 monitoring,
    and in its footer for the reader (who is responsible, when its data last changed)."""

    title: str  # ArticleTitle
    column: str  # ColumnName: the section of the site
    column_type: str
    updated: dt.date | None  # PubDate, and 数据更新日期 on the page
    source: str  # ContentSource: the agency responsible for what the page shows
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # relative to the output folder
    templates: tuple[str, ...]  # the first that exists renders it
    context: dict  # always holds "meta", a PageMeta
    fingerprint: str


@dataclass(frozen=True, eq=False)
class Flowchart:
    agency: Agency
    code: str
    name: str
    steps: tuple[Publication, ...]
    uid: str
    fingerprint: str

    @cached_property
    def diagram_steps(self) -> list[diagrams.Step]:
        return [diagrams.Step(int(step.get("step_number")), str(step.get("step_name")), str(step.get("post") or ""),
                              str(step.get("time_limit") or ""), str(step.get("next_steps") or ""))
                for step in self.steps]

    @cached_property
    def _edges(self) -> list[diagrams.Edge]:
        return diagrams.edges_of(self.diagram_steps)

    def following(self, step: Publication) -> list[tuple[int, str, str]]:
        """(number, name, condition) of the steps after this one: the same arrows the drawing has."""
        names = {s.number: s.name for s in self.diagram_steps}
        number = int(step.get("step_number"))
        return [(edge.target, names[edge.target], edge.label) for edge in self._edges if edge.source == number]


@dataclass(frozen=True)
class Listing:
    title: str
    kind: SheetKind
    agency: Agency | None
    publications: tuple[Publication, ...]
    number: int  # 1-based
    count: int  # how many pages the listing has
    total: int  # how many records it lists
    year: int | None  # None: every year
    order: str  # NEWEST or OLDEST first (kinds with a date)
    years: tuple[int, ...]  # the years the whole listing spans, for the year links

    @property
    def base(self) -> str:
        return listing_base(self.kind, self.agency, self.year, self.order)

    def page_path(self, number: int) -> str:
        return f"{self.base}/index.html" if number == 1 else f"{self.base}/page-{number}.html"


def fingerprint(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def everyone(site_owner: str) -> str:
    return f"各执法单位（平台主办：{site_owner}）"


def _latest(days) -> dt.date | None:
    return max(filter(None, days), default=None)


def is_listed(publication: Publication, as_of: dt.date) -> bool:
    """The public roster lists officers whose certificate is in force; every certificate keeps its
    own page, so a citizen checking a revoked card learns it is revoked."""
    return publication.kind is not OFFICERS or certificate_state(publication, as_of) == "有效"


# ---- the pages ------------------------------------------------------------------------------

def build_pages(decisions: Decisions, page_size: int, as_of: dt.date, site_owner: str) -> list[Page]:
    flowcharts = group_flowcharts(decisions)
    flowchart_by_code = {(f.agency.slug, f.code): f for f in flowcharts}
    reports = figures.yearly_reports(decisions, as_of)
    # A page showing nothing dated (an empty listing) was last updated when the site's data was.
    site_updated = _latest(updated_on(p) for p in decisions.publications) or as_of
    pages = [*_record_pages(decisions, flowchart_by_code, as_of), *_flowchart_pages(flowcharts)]
    for agency in decisions.agencies:
        mine = [p for p in decisions.by_agency[agency.slug] if p.kind is not FLOWCHARTS and is_listed(p, as_of)]
        by_kind = {kind: [p for p in mine if p.kind is kind] for kind in LISTED_KINDS}
        for kind, publications in by_kind.items():
            pages.extend(_listing_set(kind, agency, publications, page_size, site_owner, site_updated))
        pages.append(_agency_page(agency, by_kind, [f for f in flowcharts if f.agency is agency], reports, site_updated))
    listed = [p for p in decisions.live if is_listed(p, as_of)]
    for kind in LISTED_KINDS:
        pages.extend(_listing_set(kind, None, [p for p in listed if p.kind is kind], page_size, site_owner, site_updated))
    pages.extend(_statistics_pages(reports, site_owner, site_updated))
    pages.append(_home_page(decisions, reports, site_owner, site_updated))
    pages.append(_search_page(site_owner, site_updated))
    return pages


def group_flowcharts(decisions: Decisions) -> list[Flowchart]:
    steps = [p for p in decisions.live if p.kind is FLOWCHARTS]
    steps.sort(key=lambda p: (p.agency.slug, str(p.get("flow_code")), p.get("step_number")))
    flowcharts = []
    for (slug, code), group in groupby(steps, key=lambda p: (p.agency.slug, str(p.get("flow_code")))):
        group = tuple(group)
        uid = hashlib.blake2b(f"{slug}|flowchart|{code}".encode(), digest_size=8).hexdigest()
        flowcharts.append(Flowchart(group[0].agency, code, str(group[0].get("flow_name")), group, uid,
                                    fingerprint(*(step.fingerprint for step in group))))
    return flowcharts


def _record_meta(publication: Publication) -> PageMeta:
    kind = publication.kind
    title = f"{publication.title} · {kind.title}"
    if kind is OFFICERS:
        title = f"执法证件 {publication.get('certificate_number')} · {publication.title}"
    if not publication.live:
        title = f"{notice_label(publication.notice.state)}：{title}"
    return PageMeta(title, kind.title, COLUMN_TYPES.get(kind.name, DECISION_COLUMN_TYPE), updated_on(publication),
                    publication.agency.name, f"{publication.agency.name}公示的{kind.title}：{publication.title}",
                    (kind.title, publication.agency.name, publication.title))


def _record_pages(decisions: Decisions, flowchart_by_code: dict, as_of: dt.date) -> list[Page]:
    pages = []
    for publication in decisions.publications:
        if publication.kind is FLOWCHARTS:
            continue
        meta = _record_meta(publication)
        context = {"publication": publication, "kind": publication.kind, "agency": publication.agency, "meta": meta}
        if not publication.live:
            pages.append(Page(record_path(publication), ("notice.html",), context,
                              fingerprint(publication.fingerprint, meta)))
            continue
        flowchart = flowchart_by_code.get((publication.agency.slug, str(publication.get("flowchart_code", ""))))
        state = certificate_state(publication, as_of) if publication.kind is OFFICERS else licence_state(publication, as_of)
        pages.append(Page(
            record_path(publication), (f"record-{publication.kind.name}.html", "record.html"),
            {**context, "flowchart": flowchart, "certificate_state": state},
            fingerprint(publication.fingerprint, flowchart.fingerprint if flowchart else "", state, meta)))
    return pages


def _flowchart_pages(flowcharts: list[Flowchart]) -> list[Page]:
    pages = []
    for flowchart in flowcharts:
        meta = PageMeta(f"{flowchart.name} · 执法流程图", FLOWCHARTS.title, COLUMN_TYPES["flowcharts"],
                        _latest(updated_on(step) for step in flowchart.steps), flowchart.agency.name,
                        f"{flowchart.agency.name}的{flowchart.name}流程图", (flowchart.name, "流程图"))
        pages.append(Page(flowchart_path(flowchart), ("flowchart.html",),
                          {"flowchart": flowchart, "agency": flowchart.agency, "kind": FLOWCHARTS, "meta": meta},
                          fingerprint(flowchart.fingerprint, meta)))
    return pages


def _listing_set(kind: SheetKind, agency: Agency | None, publications: list[Publication], page_size: int,
                 site_owner: str, site_updated: dt.date) -> list[Page]:
    """Every year together and each year alone; kinds with a date in both orders, so sorting needs no script."""
    newest = sort_for_listing(kind, publications)
    if not kind.date_column:
        return _listing_pages(kind, agency, newest, page_size, None, NEWEST, (), site_owner, site_updated)
    by_year: dict[int, list[Publication]] = {}
    for publication in newest:
        if publication.date:
            by_year.setdefault(publication.date.year, []).append(publication)
    years = tuple(sorted(by_year, reverse=True))
    pages = []
    for year, chosen in ((None, newest), *by_year.items()):
        for order, ordered in ((NEWEST, chosen), (OLDEST, chosen[::-1])):
            pages.extend(_listing_pages(kind, agency, ordered, page_size, year, order, years, site_owner,
                                        site_updated))
    return pages


def _listing_pages(kind: SheetKind, agency: Agency | None, ordered: list[Publication], page_size: int,
                   year: int | None, order: str, years: tuple[int, ...], site_owner: str,
                   site_updated: dt.date) -> list[Page]:
    count = max(1, -(-len(ordered) // page_size))
    title = (f"{agency.name} · " if agency else "") + kind.title + (f"（{year}年）" if year else "")
    shown = frozenset(kind.column(key).label for key in (kind.title_column, *kind.list_columns))
    pages = []
    for number in range(1, count + 1):
        chunk = tuple(ordered[(number - 1) * page_size:number * page_size])
        listing = Listing(title, kind, agency, chunk, number, count, len(ordered), year, order, years)
        meta = PageMeta(title + (f"（第{number}页）" if number > 1 else ""), kind.title,
                        COLUMN_TYPES.get(kind.name, DECISION_COLUMN_TYPE), _latest(updated_on(p, shown) for p in chunk) or site_updated,
                        agency.name if agency else everyone(site_owner),
                        f"{title}，共{len(ordered)}条", (kind.title, *([agency.name] if agency else [])))
        # Each row shows its record's agency, so the agencies' fingerprints are in the records' own.
        pages.append(Page(listing.page_path(number), ("listing.html",),
                          {"listing": listing, "kind": kind, "agency": agency, "meta": meta},
                          fingerprint(number, count, len(ordered), years, meta, *(p.fingerprint for p in chunk))))
    return pages


def _agency_page(agency: Agency, by_kind: dict[SheetKind, list[Publication]], flowcharts: list[Flowchart],
                 reports: tuple[YearReport, ...], site_updated: dt.date) -> Page:
    counts = {kind.name: len(publications) for kind, publications in by_kind.items()}
    by_year = {kind.name: _count_by_year(by_kind[kind]) for kind in DECISION_KINDS}
    items = sorted(by_kind[ITEMS], key=lambda p: p.key)
    tallies = [(report.year, next(t for t in report.by_agency if t.agency.slug == agency.slug), report.until_label)
               for report in reports]
    updated = _latest(updated_on(p) for publications in by_kind.values() for p in publications) or site_updated
    meta = PageMeta(agency.name, AGENCY.title, COLUMN_TYPES["agency"], updated, agency.name,
                    f"{agency.name}的执法主体信息、执法事项、执法人员、执法流程和执法决定", (agency.name, "行政执法公示"))
    return Page(agency_path(agency), ("agency.html",),
                {"agency": agency, "counts": counts, "by_year": by_year, "items": items, "flowcharts": flowcharts,
                 "kinds": LISTED_KINDS, "tallies": tallies, "meta": meta},
                fingerprint(agency.fingerprint, sorted(counts.items()), sorted(by_year.items()), meta,
                            *(f"{p.uid}:{p.title}:{p.get('category')}" for p in items),
                            *(f"{f.uid}:{f.name}" for f in flowcharts), *(repr(t) for t in tallies)))


def _count_by_year(publications: list[Publication]) -> list[tuple[int, int]]:
    years = sorted((p.date.year for p in publications if p.date), reverse=True)
    return [(year, len(list(group))) for year, group in groupby(years)]


def _statistics_pages(reports: tuple[YearReport, ...], site_owner: str, updated: dt.date) -> list[Page]:
    source = everyone(site_owner)
    pages = [Page(statistics_path(), ("statistics.html",),
                  {"reports": reports, "meta": PageMeta("执法数据统计", "执法数据统计", COLUMN_TYPES["statistics"],
                                                         updated, source, "各年度行政执法数据统计和年度报告", ("执法数据", "统计"))},
                  fingerprint(*(repr(r) for r in reports)))]
    for report in reports:
        meta = PageMeta(f"{report.year}年度行政执法数据统计", "执法数据统计", COLUMN_TYPES["statistics"], updated, source,
                        f"{report.year}年各执法单位作出的执法决定数量、罚款金额、许可类别、撤回和及时公示率",
                        ("执法数据", "年度报告", str(report.year)))
        pages.append(Page(statistics_path(report.year), ("annual-report.html",), {"report": report, "meta": meta},
                          fingerprint(repr(report), meta)))
    return pages


def _home_page(decisions: Decisions, reports: tuple[YearReport, ...], site_owner: str,
               updated: dt.date) -> Page:
    decisions_only = [p for p in decisions.live if p.kind in DECISION_KINDS]
    latest = sorted(decisions_only, key=lambda p: (p.date or dt.date.min, p.key), reverse=True)[:LATEST_ON_HOME]
    totals = {kind.name: sum(1 for p in decisions_only if p.kind is kind) for kind in DECISION_KINDS}
    directory = [(agency, sum(1 for p in decisions.by_agency[agency.slug] if p.kind in DECISION_KINDS))
                 for agency in decisions.agencies]
    this_year = reports[0] if reports else None
    meta = PageMeta("首页", "首页", COLUMN_TYPES["home"], updated, everyone(site_owner),
                    "公开行政执法主体、人员、职责、程序和执法决定", ("行政执法公示", "行政处罚", "行政许可"))
    return Page("index.html", ("home.html",),
                {"latest": latest, "totals": totals, "directory": directory, "decision_kinds": DECISION_KINDS,
                 "this_year": this_year, "meta": meta},
                fingerprint(*(p.fingerprint for p in latest), sorted(totals.items()), repr(this_year), meta,
                            *(f"{a.fingerprint}:{n}" for a, n in directory)))


def _search_page(site_owner: str, updated: dt.date) -> Page:
    meta = PageMeta("查询", "查询", COLUMN_TYPES["search"], updated, everyone(site_owner),
                    "按当事人名称、统一社会信用代码、文书号、执法证号或关键词查询", ("查询", "执法决定"))
    return Page(SEARCH_PATH, ("search.html",), {"meta": meta, "decision_kinds": DECISION_KINDS}, fingerprint(meta))


def downloads_page(downloads: Sequence[Download], package_path: str, site_owner: str, as_of: dt.date) -> Page:
    """Made from what the open-data stage wrote (sizes, hashes), so it is handed to the renderer as an extra page."""
    updated = _latest(download.updated for download in downloads) or as_of
    meta = PageMeta("数据下载", "数据下载", COLUMN_TYPES["downloads"], updated, everyone(site_owner),
                    "已公示的行政执法信息的 CSV、XLSX、JSON 数据文件和订阅源", ("数据下载", "开放数据", "双公示"))
    site_wide = [download for download in downloads if download.agency is None]
    of_agencies = sorted((download for download in downloads if download.agency), key=lambda d: d.agency.folder)
    by_agency = [(agency, list(group)) for agency, group in groupby(of_agencies, key=lambda d: d.agency)]
    return Page(DOWNLOADS_PATH, ("downloads.html",),
                {"site_wide": site_wide, "by_agency": by_agency, "package_path": package_path, "meta": meta},
                fingerprint(meta, package_path, *(download.fingerprint for download in downloads)))


def flowchart_svg(flowchart: Flowchart) -> Markup:
    return Markup(diagrams.render_svg(flowchart.diagram_steps, flowchart.name))
