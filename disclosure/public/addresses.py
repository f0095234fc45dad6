"""The portal's URL scheme, relative to the site root.

Addresses are stable: a record's comes from its agency, kind and key (through its uid), never
from its row, its neighbours or personal data.
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import urlsplit

from disclosure.core.kinds import SheetKind
from disclosure.public.order import NEWEST, OLDEST
from disclosure.public.types import Agency, Photo, Publication

SEARCH_PATH = "search.html"
NOT_FOUND_PATH = "404.html"  # content/404.md: what the preview and nginx answer for a missing address
DOWNLOADS_FOLDER = "downloads"
DOWNLOADS_PATH = f"{DOWNLOADS_FOLDER}/index.html"


class HasUid(Protocol):
    uid: str


def record_path(publication: Publication) -> str:
    return f"{publication.kind.name}/{publication.uid[:2]}/{publication.uid}.html"


def agency_path(agency: Agency) -> str:
    return f"agencies/{agency.slug}/index.html"


def photo_path(photo: Photo) -> str:
    """Named by the checked file's content: a new photo is a new address, so a browser never shows the old one."""
    return f"officers/photos/{photo.digest[:20]}.jpg"


def window_cards_path(agency: Agency, desk: bool = False) -> str:
    """The printable 执法人员公示牌 of an agency's officers: A4 sheets of cards, or one 桌牌 (210×99 mm) a sheet."""
    return f"agencies/{agency.slug}/{'desk-cards' if desk else 'window-cards'}.html"


def flowchart_path(flowchart: HasUid) -> str:
    return f"flowcharts/{flowchart.uid}.html"


def listing_base(kind: SheetKind, agency: Agency | None = None, year: int | None = None, order: str = NEWEST) -> str:
    parts = [f"agencies/{agency.slug}" if agency else "", kind.name, str(year or ""), "" if order == NEWEST else OLDEST]
    return "/".join(part for part in parts if part)


def listing_url(kind: SheetKind, agency: Agency | None = None, year: int | None = None, order: str = NEWEST) -> str:
    return f"{listing_base(kind, agency, year, order)}/index.html"


def statistics_path(year: int | None = None) -> str:
    return f"statistics/{year}.html" if year else "statistics/index.html"


def feed_path(agency: Agency | None = None) -> str:
    return f"feeds/{agency.slug if agency else 'all'}.atom.xml"


def sub_path(site_url: str) -> str:
    """'https://example.gov.cn/zfgs' → '/zfgs/'; the portal at the root → '/'."""
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"
