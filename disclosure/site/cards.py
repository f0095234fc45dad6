"""The printable 执法人员公示牌 of each agency: its officers with a certificate in force, each with photo (or a
blank frame), name, 职务, 执法类别, 执法证号 and the QR code of their verification page, for the service window
(国办发〔2018〕118号: 在办事大厅、服务窗口等固定办事场所明示工作人员单位、姓名、职务、执法种类). Two pages: A4
sheets of six cards, and 桌牌 of 210×99 mm, one a sheet; theme/static/cards.css lays them out for print."""

from __future__ import annotations

import datetime as dt

from disclosure.core.kinds import OFFICERS
from disclosure.public.addresses import window_cards_path
from disclosure.public.order import sort_for_listing
from disclosure.public.states import updated_on
from disclosure.public.types import Agency, Decisions, Publication
from disclosure.site.pages import COLUMN_TYPES, Page, PageMeta, fingerprint, is_listed

SIZES = ((False, "执法人员公示牌", "A4 纸，每页 6 张"), (True, "执法人员桌牌", "210×99 毫米，每页 1 张"))


def card_pages(decisions: Decisions, as_of: dt.date) -> list[Page]:
    site_updated = max(filter(None, (updated_on(p) for p in decisions.publications)), default=None) or as_of
    pages = []
    for agency in decisions.agencies:
        officers = [p for p in decisions.by_agency[agency.slug] if p.kind is OFFICERS and is_listed(p, as_of)]
        pages.extend(_pages(agency, tuple(sort_for_listing(OFFICERS, officers)), site_updated))
    return pages


def _pages(agency: Agency, officers: tuple[Publication, ...], site_updated: dt.date) -> list[Page]:
    updated = max(filter(None, (updated_on(p) for p in officers)), default=None) or site_updated
    pages = []
    for desk, title, size in SIZES:
        meta = PageMeta(f"{agency.name} · {title}", OFFICERS.title, COLUMN_TYPES["officers"], updated, agency.name,
                        f"{agency.name}持有效执法证件的执法人员{title}（{size}），供办事大厅、服务窗口打印明示",
                        (title, agency.name))
        other = window_cards_path(agency, not desk)
        pages.append(Page(window_cards_path(agency, desk), ("window-cards.html",),
                          {"agency": agency, "officers": officers, "desk": desk, "size": size, "other": other,
                           "meta": meta},
                          fingerprint(agency.fingerprint, desk, meta, *(p.fingerprint for p in officers))))
    return pages
