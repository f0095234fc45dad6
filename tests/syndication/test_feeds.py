"""The Atom feeds, sitemap and robots.txt of real builds, read as a feed reader and a crawler read them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import urlsplit

import feedparser
import pytest

from disclosure.syndication import feeds, sitemap
from tests.conftest import AGENCY_USCC, PENALTY_HEADER, Site, Workspace, kept_read_only, penalty_row, write_workbook

SITEURL = "https://zfgs.example.gov.cn"  # pelicanconf.py's
HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
PARTY = "朔州市晋北商贸有限公司"
REASON = "经行政复议，原决定予以撤销。"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rows(withdrawn: bool = False, corrected: bool = False) -> list[list]:
    first = [*penalty_row(1, party="朔州市恒通物流有限公司"), "有效", None, None]
    if withdrawn:
        first[-3:] = ["已撤销", dt.date(2026, 11, 18), REASON]
    facts = "经复核更正的违法事实。" if corrected else "未按规定报送年度报告材料。"
    return [first, [*penalty_row(2, party=PARTY, facts=facts), "有效", None, None]]


def build(workspace, as_of: str, **changes) -> Site:
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *rows(**changes)]})
    assert workspace.publish("build", "--as-of", as_of) == 0
    return Site(workspace.output)


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory) -> Iterator[tuple[Site, str]]:
    """Two penalties published on 11-17, one corrected and the other withdrawn on 11-19; built once for the
    module's tests, which only read it."""
    workspace = Workspace(tmp_path_factory.mktemp("feeds"))
    workspace.agency()
    before = build(workspace, "2026-11-17")
    paths = {p.relative_to(before.root).as_posix(): p.read_text(encoding="utf-8")
             for p in before.record_pages("penalties")}
    site = build(workspace, "2026-11-19", withdrawn=True, corrected=True)
    (gone,) = [path for path, text in paths.items() if "朔城科罚〔2026〕1号" in text]
    with kept_read_only(workspace.root):
        yield site, gone


def parsed(site: Site, path: str):
    feed = feedparser.parse((site.root / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def sitemap_locs(site: Site) -> dict[str, str]:
    root = ET.parse(site.root / "sitemap.xml").getroot()
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}


# ---- feeds --------------------------------------------------------------------------------------------

def test_the_site_feed_is_valid_atom_with_entries_dated_by_the_ledger(withdrawn):
    site, _ = withdrawn
    ET.parse(site.root / "feeds/all.atom.xml")  # well-formed XML
    feed = parsed(site, "feeds/all.atom.xml")
    assert feed.version == "atom10" and feed.feed.title.endswith("执法决定公示动态")
    events = sorted((entry.tags[0].term, entry.updated[:10]) for entry in feed.entries)
    assert events == [("corrected", "2026-11-19"), ("published", "2026-11-17"), ("withdrawn", "2026-11-18")]
    assert [entry.updated for entry in feed.entries] == sorted((entry.updated for entry in feed.entries), reverse=True)
    assert all(entry.id.startswith("tag:zfgs.example.gov.cn,2026-11-") for entry in feed.entries)
    assert all(entry.link.startswith(f"{SITEURL}/penalties/") for entry in feed.entries)
    corrected = next(entry for entry in feed.entries if entry.tags[0].term == "corrected")
    assert "更正了违法事实" in corrected.summary and "朔城科罚〔2026〕2号" in corrected.title


def test_a_withdrawal_is_an_entry_with_its_reason_and_without_the_old_content(withdrawn):
    site, gone = withdrawn
    for path in ("feeds/all.atom.xml", f"feeds/{AGENCY_USCC}.atom.xml"):
        feed = parsed(site, path)
        about = [entry for entry in feed.entries if entry.link == f"{SITEURL}/{gone}"]
        assert [entry.tags[0].term for entry in about] == ["withdrawn"], path
        (entry,) = about
        assert "已撤回" in entry.title and REASON in entry.summary and "2026-11-18" in entry.summary
        text = (site.root / path).read_text(encoding="utf-8")
        assert "朔州市恒通物流有限公司" not in text and "未按规定报送年度报告材料" not in text


def test_entry_ids_stay_the_same_from_build_to_build(workspace):
    workspace.agency()
    first = parsed(build(workspace, "2026-11-17"), "feeds/all.atom.xml")
    again = parsed(build(workspace, "2026-11-20"), "feeds/all.atom.xml")
    assert {e.id for e in first.entries} == {e.id for e in again.entries} and len(first.entries) == 2


def test_each_feed_keeps_only_its_newest_entries(workspace, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 1)
    workspace.agency()
    site = build(workspace, "2026-11-17")
    site = build(workspace, "2026-11-19", corrected=True)
    (entry,) = parsed(site, "feeds/all.atom.xml").entries
    assert entry.tags[0].term == "corrected"


def test_pages_name_the_site_feed_and_their_agencys_feed(withdrawn):
    site, gone = withdrawn
    page = site.html(gone)
    links = [link["href"] for link in page.select('link[rel=alternate][type="application/atom+xml"]')]
    assert len(links) == 2
    assert {(site.root / gone).parent.joinpath(href).resolve() for href in links} == {
        (site.root / "feeds/all.atom.xml").resolve(), (site.root / f"feeds/{AGENCY_USCC}.atom.xml").resolve()}
    assert len(site.html("index.html").select('link[rel=alternate][type="application/atom+xml"]')) == 1


# ---- sitemap and robots.txt -----------------------------------------------------------------------------

def test_the_sitemap_lists_published_pages_only_with_their_data_dates(withdrawn):
    site, gone = withdrawn
    locs = sitemap_locs(site)
    paths = {urlsplit(loc).path.lstrip("/"): lastmod for loc, lastmod in locs.items()}
    assert all(loc.startswith(f"{SITEURL}/") for loc in locs)
    assert all((site.root / path).is_file() for path in paths)
    assert gone not in paths and (site.root / gone).is_file()  # the notice stays at its address, unlisted
    assert "search.html" not in paths and not [path for path in paths if path.startswith(("search/", "static/"))]
    kept = [path for path in paths if re.fullmatch(r"penalties/[0-9a-f]{2}/[0-9a-f]+\.html", path)]
    assert len(kept) == 1 and paths[kept[0]] == "2026-11-19"  # corrected that day
    assert paths["about.html"] == "2026-11-21"  # content/about.md's own date
    assert {"index.html", "penalties/index.html", f"agencies/{AGENCY_USCC}/index.html", "downloads/index.html",
            "statistics/index.html"} <= set(paths)


def test_beyond_the_limit_the_sitemap_becomes_an_index(workspace, monkeypatch):
    workspace.agency()
    single = sitemap_locs(build(workspace, "2026-11-17"))
    monkeypatch.setattr(sitemap, "URLS_PER_SITEMAP", 10)
    site = build(workspace, "2026-11-17")
    root = ET.parse(site.root / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [sitemap.findtext(f"{SITEMAP}loc") for sitemap in root]
    assert parts[0] == f"{SITEURL}/sitemap-1.xml" and len(parts) == -(-len(single) // 10)
    listed = {}
    for part in parts:
        urls = ET.parse(site.root / urlsplit(part).path.lstrip("/")).getroot()
        assert len(urls) <= 10
        listed.update({u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls})
    assert listed == single


def test_robots_txt_names_the_sitemap(withdrawn):
    site, _ = withdrawn
    lines = (site.root / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines and "User-agent: *" in lines
    assert "Disallow: /search/" in lines
