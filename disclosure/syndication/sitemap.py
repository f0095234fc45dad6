"""sitemap.xml (an index of several beyond the protocol's 50,000 URLs per file) and robots.txt.

A page's lastmod is the 数据更新日期 its own footer states; a hand-written page of content/ gives the date
Pelican read from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from disclosure.core.text import xml_safe
from disclosure.public.addresses import SEARCH_PATH
from disclosure.runtime.output import OutputTree
from disclosure.site.pages import Page
from disclosure.site.plugin import ContentPage
from disclosure.syndication.address import SiteAddress

URLS_PER_SITEMAP = 50_000  # the sitemap protocol's limit per file
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    path: str
    lastmod: dt.date | None



def write(site_pages: Sequence[Page], content_pages: Sequence[ContentPage], output: OutputTree,
          site: SiteAddress) -> None:
    for path, data in sitemap_files(sitemap_urls(site_pages, content_pages), site):
        output.write(path, data)
    output.write(ROBOTS_PATH, robots(site))


def sitemap_urls(site_pages: Sequence[Page], content_pages: Sequence[ContentPage]) -> list[SitemapUrl]:
    """Pages that publish something: never a withdrawn or expired record's notice, never the search page."""
    urls = [SitemapUrl(page.path, page.context["meta"].updated) for page in site_pages if _in_sitemap(page)]
    urls += [SitemapUrl(page.path, page.updated) for page in content_pages]
    return sorted(urls, key=lambda url: url.path)


def _in_sitemap(page: Page) -> bool:
    publication = page.context.get("publication")
    return page.path != SEARCH_PATH and (publication is None or publication.live)


def sitemap_files(urls: list[SitemapUrl], site: SiteAddress) -> list[tuple[str, bytes]]:
    """sitemap.xml alone, or beyond URLS_PER_SITEMAP an index of sitemap-1.xml, sitemap-2.xml…"""
    if len(urls) <= URLS_PER_SITEMAP:
        return [(SITEMAP_PATH, _urlset(urls, site))]
    chunks = [urls[start:start + URLS_PER_SITEMAP] for start in range(0, len(urls), URLS_PER_SITEMAP)]
    files = [(f"sitemap-{number}.xml", _urlset(chunk, site)) for number, chunk in enumerate(chunks, start=1)]
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">']
    for (path, _), chunk in zip(files, chunks):
        newest = max(filter(None, (url.lastmod for url in chunk)), default=None)
        lastmod = f"<lastmod>{newest.isoformat()}</lastmod>" if newest else ""
        lines.append(f"<sitemap><loc>{escape(site.absolute(path))}</loc>{lastmod}</sitemap>")
    lines.append("</sitemapindex>\n")
    return [(SITEMAP_PATH, xml_safe("\n".join(lines)).encode()), *files]


def _urlset(urls: list[SitemapUrl], site: SiteAddress) -> bytes:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">']
    for url in urls:
        lastmod = f"<lastmod>{url.lastmod.isoformat()}</lastmod>" if url.lastmod else ""
        lines.append(f"<url><loc>{escape(site.absolute(url.path))}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return xml_safe("\n".join(lines)).encode()  # a content page's name is the webmaster's: nothing cleaned it


def robots(site: SiteAddress) -> bytes:
    """Robots read /robots.txt at the host's root: under a sub-path the webmaster copies these lines there."""
    prefix = urlsplit(site.url).path.rstrip("/")
    return (f"User-agent: *\nDisallow: {prefix}/search/\nDisallow: {prefix}/{SEARCH_PATH}\n\n"
            f"Sitemap: {site.absolute(SITEMAP_PATH)}\n").encode()
