"""Atom feeds of new, corrected, withdrawn, expired and reinstated decisions: one for the site, one per agency.

Every date comes from the ledger, never from the clock: a feed entry is updated on the day of its
event (first publication, correction, withdrawal, end of the publicity period, reinstatement), and a
page's lastmod (sitemap.py) is the 数据更新日期 its own footer states. So an unchanged site gives
unchanged files.

A withdrawn or expired decision keeps one entry, saying so with the reason, and nothing of its old
content; its earlier entries leave the feeds, and its address leaves the sitemap. Reinstated, it has
its entries again and one more, 恢复公示: a reader who saw the withdrawal learns it is back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import chain
from zoneinfo import ZoneInfo

from disclosure.core.kinds import DECISION_KINDS
from disclosure.core.text import xml_safe
from disclosure.public.addresses import agency_path, feed_path, record_path
from disclosure.public.states import WITHDRAWN
from disclosure.public.types import Decisions, Publication
from disclosure.runtime.cache import code_version
from disclosure.runtime.output import OutputTree
from disclosure.site.filters import display
from disclosure.syndication.address import SiteAddress

VERSION = code_version("core", "public", "site", "syndication")  # entries are worded with site.filters
FEED_ENTRIES = 100  # newest entries per feed: a reader polling daily never misses one, and the file stays small
ATOM = "http://www.w3.org/2005/Atom"
EVENT_LABELS = {"published": "新公示", "corrected": "更正", "withdrawn": "已撤回", "expired": "公示期满",
                "reinstated": "恢复公示"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    publication: Publication
    event: str  # a key of EVENT_LABELS
    on_date: dt.date
    number: int = 0  # which correction of the record (1, 2…), so two on one day keep distinct ids
    fields: tuple[str, ...] = ()  # what a correction changed

    @property
    def order(self) -> tuple:
        return self.on_date, self.publication.uid, self.event, self.number


@dataclass(frozen=True)
class Feed:
    path: str
    title: str
    home: str  # the page the feed follows
    author: str
    entries: tuple[FeedEntry, ...]  # newest first


def write(decisions: Decisions, output: OutputTree, site: SiteAddress, as_of: dt.date) -> None:
    """The site's feed and each agency's; a feed whose entries are unchanged is kept as it is."""
    for feed in feeds(decisions, site):
        digest = feed_digest(feed, site, as_of)
        if output.is_current(feed.path, digest):
            output.keep(feed.path)
        else:
            output.write(feed.path, atom(feed, site, as_of), digest)


# ---- feeds ----------------------------------------------------------------------------------------

def entry_keys(publication: Publication) -> list[tuple]:
    """(date, uid, event, number, publication) of each entry a decision has: its publication, its last
    reinstatement and each correction while live; once withdrawn or expired, the one entry saying so
    and nothing older.
    Plain tuples: every decision is looked at on every build, only a feed's newest become entries."""
    if not publication.live:
        return [(publication.notice.on_date, publication.uid, publication.notice.state, 0, publication)]
    keys = [(publication.first_published, publication.uid, "published", 0, publication)] \
        if publication.first_published else []
    if publication.reinstated_on:
        keys.append((publication.reinstated_on, publication.uid, "reinstated", 0, publication))
    keys += [(correction.on_date, publication.uid, "corrected", number, publication)
             for number, correction in enumerate(publication.corrections, start=1)]
    return keys


def feeds(decisions: Decisions, site: SiteAddress) -> list[Feed]:
    decision_kinds = {kind.name for kind in DECISION_KINDS}
    by_agency: dict[str, list[tuple]] = {agency.slug: [] for agency in decisions.agencies}
    for publication in decisions.publications:
        if publication.kind.name in decision_kinds:
            by_agency[publication.agency.slug].extend(entry_keys(publication))
    # (date, uid, event, number) never repeats, so the publication at the end is never compared.
    newest = {slug: heapq.nlargest(FEED_ENTRIES, keys) for slug, keys in by_agency.items()}
    site_newest = heapq.nlargest(FEED_ENTRIES, chain.from_iterable(newest.values()))  # among its agencies' newest
    result = [Feed(feed_path(), f"{site.name} · 执法决定公示动态", "index.html", site.owner, _entries(site_newest))]
    for agency in decisions.agencies:
        result.append(Feed(feed_path(agency), f"{agency.name} · 执法决定公示动态", agency_path(agency), agency.name,
                           _entries(newest[agency.slug])))
    return result


def _entries(keys: list[tuple]) -> tuple[FeedEntry, ...]:
    return tuple(FeedEntry(publication, event, on_date, number,
                           publication.corrections[number - 1].fields if number else ())
                 for on_date, _, event, number, publication in keys)


def feed_digest(feed: Feed, site: SiteAddress, as_of: dt.date) -> str:
    """What a feed is written from: the same digest, the same bytes (serialising is most of a feed's cost)."""
    digest = hashlib.blake2b(f"{VERSION}|{feed.path}|{feed.title}|{feed.author}|{site!r}".encode(),
                             digest_size=16)
    digest.update(str(as_of if not feed.entries else "").encode())
    for entry in feed.entries:
        digest.update(f"{entry.order}|{entry.publication.fingerprint}\n".encode())
    return digest.hexdigest()


def atom(feed: Feed, site: SiteAddress, as_of: dt.date) -> bytes:
    zone = ZoneInfo(site.timezone)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-CN"})
    ET.SubElement(root, "title").text = feed.title
    ET.SubElement(root, "subtitle").text = "行政处罚、行政许可、其他行政执法决定和双随机抽查结果的新公示、更正、撤回、公示期满和恢复公示"
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=site.absolute(feed.path))
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=site.absolute(feed.home))
    ET.SubElement(root, "id").text = site.absolute(feed.path)
    newest = feed.entries[0].on_date if feed.entries else as_of
    ET.SubElement(root, "updated").text = _timestamp(newest, zone)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = feed.author
    for entry in feed.entries:
        _atom_entry(root, entry, site, zone)
    ET.indent(root)
    # ElementTree writes any character as it is, even one XML forbids: a control character in a 文书号 or a
    # 撤回理由 would make the feed unreadable to every reader. Reading cleaned them; this is the last defence.
    return xml_safe(ET.tostring(root, encoding="unicode", xml_declaration=True)).encode() + b"\n"


def _atom_entry(root: ET.Element, entry: FeedEntry, site: SiteAddress, zone: ZoneInfo) -> None:
    publication = entry.publication
    element = ET.SubElement(root, "entry")
    ET.SubElement(element, "title").text = f"{EVENT_LABELS[entry.event]}：{publication.kind.title} {_name(publication)}"
    ET.SubElement(element, "link", rel="alternate", type="text/html", href=site.absolute(record_path(publication)))
    ET.SubElement(element, "id").text = entry_id(entry, site)
    if publication.live and publication.first_published:
        ET.SubElement(element, "published").text = _timestamp(publication.first_published, zone)
    ET.SubElement(element, "updated").text = _timestamp(entry.on_date, zone)
    ET.SubElement(ET.SubElement(element, "author"), "name").text = publication.agency.name
    ET.SubElement(element, "category", term=entry.event, label=EVENT_LABELS[entry.event])
    ET.SubElement(element, "summary", type="text").text = summary(entry)


def entry_id(entry: FeedEntry, site: SiteAddress) -> str:
    """A tag: URI (RFC 4151) from the record's stable uid and its event: the same event keeps its id for good."""
    suffix = f"/{entry.number}" if entry.number else ""
    return f"tag:{site.domain},{entry.on_date.isoformat()}:{entry.publication.uid}/{entry.event}{suffix}"


def summary(entry: FeedEntry) -> str:
    publication, kind = entry.publication, entry.publication.kind
    what = f"{kind.title}“{_name(publication)}”"
    if entry.event == WITHDRAWN:
        return f"{publication.agency.name}于 {display(entry.on_date)} 撤回了{what}的公示。撤回理由：{publication.notice.reason}"
    if not publication.live:
        return f"{what}的公示期已于 {display(entry.on_date)} 届满，依规定不再公示。"
    shown = [f"{kind.column(key).page_label}：{display(publication.get(key), kind.column(key).type)}"
             for key in (kind.title_column, *kind.list_columns) if publication.get(key) not in (None, "")]
    facts = "；".join([*dict.fromkeys(shown), f"公示单位：{publication.agency.name}"])
    if entry.event == "corrected":
        return f"更正了{'、'.join(map(kind.page_label_of, entry.fields)) or '公示内容'}。{facts}"
    if entry.event == "reinstated":
        return f"{publication.agency.name}于 {display(entry.on_date)} 恢复公示{what}。{facts}"
    return facts


def _name(publication: Publication) -> str:
    """What a record is called; a spot-check's notice keeps its 事项 and date instead of the checked party."""
    return publication.title or " ".join(display(value) for value in publication.values.values())


def _timestamp(day: dt.date, zone: ZoneInfo) -> str:
    return dt.datetime.combine(day, dt.time(), zone).isoformat()


