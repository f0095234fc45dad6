"""Stage 5a: publication decisions → the set of pages, each with the path it is written to,
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
from decimal import Decimal
from itertools import groupby

from .kinds import (AGENCY, DECISION_KINDS, FLOWCHARTS, KINDS, LICENSES, LONG_TERM, LONG_TERM_TEXT, OFFICERS,
                    ColumnType, SheetKind)
from .rules import Agency, Decisions, Publication

LATEST_ON_HOME = 10


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # relative to the output folder
    templates: tuple[str, ...]  # the first that exists renders it
    context: dict
    fingerprint: str


@dataclass(frozen=True, eq=False)
class Flowchart:
    agency: Agency
    code: str
    name: str
    steps: tuple[Publication, ...]
    uid: str
    fingerprint: str


@dataclass(frozen=True)
class Listing:
    title: str
    kind: SheetKind
    agency: Agency | None
    publications: tuple[Publication, ...]
    number: int  # 1-based
    count: int  # how many pages the listing has
    total: int  # how many records it lists
    base: str  # folder of the listing's pages

    def page_path(self, number: int) -> str:
        return f"{self.base}/index.html" if number == 1 else f"{self.base}/page-{number}.html"


def fingerprint(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def record_path(publication: Publication) -> str:
    return f"{publication.kind.name}/{publication.uid[:2]}/{publication.uid}.html"


def agency_path(agency: Agency) -> str:
    return f"agencies/{agency.slug}/index.html"


def flowchart_path(flowchart: Flowchart) -> str:
    return f"flowcharts/{flowchart.uid}.html"


def listing_base(kind: SheetKind, agency: Agency | None) -> str:
    return f"agencies/{agency.slug}/{kind.name}" if agency else kind.name


def sort_for_listing(kind: SheetKind, publications: list[Publication]) -> list[Publication]:
    if kind.date_column:
        return sorted(publications, key=lambda p: (p.date or dt.date.min, p.key), reverse=True)
    return sorted(publications, key=lambda p: p.key)


def certificate_state(officer: Publication, as_of: dt.date) -> str:
    """有效 / 已过期 / 暂扣 / 注销, as a citizen checking the card on as_of should read it."""
    status = str(officer.get("certificate_status", "有效"))
    valid_until = officer.get("valid_until")
    if status == "有效" and isinstance(valid_until, dt.date) and valid_until < as_of:
        return "已过期"
    return status


def licence_state(publication: Publication, as_of: dt.date) -> str:
    """A licence no longer in force stays public, marked 已失效."""
    if publication.kind is not LICENSES:
        return ""
    valid_until = publication.get("valid_until")
    expired = isinstance(valid_until, dt.date) and valid_until < as_of
    return "已失效" if publication.get("status") == "无效" or expired else "有效"


def _listed(publication: Publication, as_of: dt.date) -> bool:
    """The public roster lists officers whose certificate is in force; every certificate keeps its
    own page, so a citizen checking a revoked card learns it is revoked."""
    return publication.kind is not OFFICERS or certificate_state(publication, as_of) == "有效"


def build_pages(decisions: Decisions, page_size: int, as_of: dt.date) -> list[Page]:
    flowcharts = group_flowcharts(decisions)
    flowchart_by_code = {(f.agency.slug, f.code): f for f in flowcharts}
    pages = [*_record_pages(decisions, flowchart_by_code, as_of), *_flowchart_pages(flowcharts)]
    listings_by_agency = {}
    for agency in decisions.agencies:
        mine = [p for p in decisions.by_agency[agency.slug] if p.kind is not FLOWCHARTS and _listed(p, as_of)]
        by_kind = {kind: [p for p in mine if p.kind is kind] for kind in KINDS if kind not in (AGENCY, FLOWCHARTS)}
        listings_by_agency[agency.slug] = by_kind
        for kind, publications in by_kind.items():
            pages.extend(_listing_pages(kind, agency, publications, page_size))
        agency_flowcharts = [f for f in flowcharts if f.agency is agency]
        pages.append(_agency_page(agency, by_kind, agency_flowcharts))
    for kind in DECISION_KINDS:
        everyone = [p for p in decisions.live if p.kind is kind]
        pages.extend(_listing_pages(kind, None, everyone, page_size))
    pages.append(_home_page(decisions, listings_by_agency))
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


def _record_pages(decisions: Decisions, flowchart_by_code: dict, as_of: dt.date) -> list[Page]:
    pages = []
    for publication in decisions.publications:
        if publication.kind is FLOWCHARTS:
            continue
        if not publication.live:
            pages.append(Page(record_path(publication), ("notice.html",),
                              {"publication": publication, "kind": publication.kind, "agency": publication.agency},
                              publication.fingerprint))
            continue
        flowchart = flowchart_by_code.get((publication.agency.slug, str(publication.get("flowchart_code", ""))))
        state = certificate_state(publication, as_of) if publication.kind is OFFICERS else licence_state(publication, as_of)
        pages.append(Page(
            record_path(publication), (f"record-{publication.kind.name}.html", "record.html"),
            {"publication": publication, "kind": publication.kind, "agency": publication.agency,
             "flowchart": flowchart, "certificate_state": state},
            fingerprint(publication.fingerprint, flowchart.uid if flowchart else "", state)))
    return pages


def _flowchart_pages(flowcharts: list[Flowchart]) -> list[Page]:
    return [Page(flowchart_path(f), ("flowchart.html",), {"flowchart": f, "agency": f.agency, "kind": FLOWCHARTS},
                 f.fingerprint) for f in flowcharts]


def _listing_pages(kind: SheetKind, agency: Agency | None, publications: list[Publication],
                   page_size: int) -> list[Page]:
    ordered = sort_for_listing(kind, publications)
    count = max(1, -(-len(ordered) // page_size))
    title = f"{agency.name} · {kind.title}" if agency else kind.title
    pages = []
    for number in range(1, count + 1):
        chunk = tuple(ordered[(number - 1) * page_size:number * page_size])
        listing = Listing(title, kind, agency, chunk, number, count, len(ordered), listing_base(kind, agency))
        # Each row shows its record's agency, so the agencies' fingerprints are in the records' own.
        pages.append(Page(listing.page_path(number), ("listing.html",),
                          {"listing": listing, "kind": kind, "agency": agency},
                          fingerprint(title, number, count, len(ordered), *(p.fingerprint for p in chunk))))
    return pages


def _agency_page(agency: Agency, by_kind: dict[SheetKind, list[Publication]], flowcharts: list[Flowchart]) -> Page:
    counts = {kind.name: len(publications) for kind, publications in by_kind.items()}
    officers = by_kind[OFFICERS]
    return Page(agency_path(agency), ("agency.html",),
                {"agency": agency, "counts": counts, "flowcharts": flowcharts, "kinds": list(by_kind),
                 "officer_count": len(officers)},
                fingerprint(agency.fingerprint, sorted(counts.items()), len(officers),
                            *(f"{f.uid}:{f.name}" for f in flowcharts)))


def _home_page(decisions: Decisions, listings_by_agency: dict) -> Page:
    decisions_only = [p for p in decisions.live if p.kind in DECISION_KINDS]
    latest = sorted(decisions_only, key=lambda p: (p.date or dt.date.min, p.key), reverse=True)[:LATEST_ON_HOME]
    totals = {kind.name: sum(1 for p in decisions_only if p.kind is kind) for kind in DECISION_KINDS}
    directory = [(agency, sum(len(v) for k, v in listings_by_agency[agency.slug].items() if k in DECISION_KINDS))
                 for agency in decisions.agencies]
    return Page("index.html", ("home.html",),
                {"latest": latest, "totals": totals, "directory": directory, "decision_kinds": DECISION_KINDS},
                fingerprint(*(p.fingerprint for p in latest), sorted(totals.items()),
                            *(f"{a.fingerprint}:{n}" for a, n in directory)))


# ---- how values read on a page --------------------------------------------------------------

def display(value: object, column_type: ColumnType | None = None) -> str:
    """A value as citizens read it: dates as YYYY-MM-DD, amounts with their unit, lists joined."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return LONG_TERM_TEXT if value == LONG_TERM else value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f} 万元" if column_type is ColumnType.AMOUNT else f"{value.normalize():f}"
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    return str(value)
