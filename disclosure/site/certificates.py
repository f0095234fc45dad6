"""执法证件查询: the lookup box on the officers' listings and the plain index of every certificate number.

The box finds a number in the browser's search index (search/i/, the identifier shards every build writes
anyway): a number is one hash and one shard away, whatever the portal's size, and costs no file of its own.
Without script the box's form opens the index page, one plain table of every published certificate —
valid, expired, suspended or revoked, each with its state in words — that the browser's find searches.
Only published records are listed: a certificate the rules withhold or whose record was withdrawn has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import OFFICERS
from disclosure.public.states import certificate_state, updated_on
from disclosure.public.types import Agency, Decisions, Publication
from disclosure.site.pages import COLUMN_TYPES, Page, PageMeta, everyone, fingerprint

CERTIFICATES_PATH = "officers/certificates.html"


def with_lookup(pages: list[Page], decisions: Decisions, as_of: dt.date, site_owner: str) -> list[Page]:
    """The officers' listings given the lookup box (with the phones its unknown-number message names), and the
    index page added."""
    officers = sorted((p for p in decisions.live if p.kind is OFFICERS),
                      key=lambda p: normalize_identifier(str(p.get("certificate_number"))))
    changed = [_with_box(page, decisions.agencies) if _is_officers_listing(page) else page for page in pages]
    return [*changed, index_page(officers, as_of, site_owner)]


def _is_officers_listing(page: Page) -> bool:
    return "listing" in page.context and page.context["kind"] is OFFICERS


def _with_box(page: Page, agencies: tuple[Agency, ...]) -> Page:
    """An agency's roster names its own phone; the site-wide one every agency's (a citizen may not know which
    agency issued the card)."""
    agency = page.context["agency"]
    phones = [agency] if agency else list(agencies)
    context = {**page.context, "lookup_agencies": phones, "certificates_url": CERTIFICATES_PATH}
    return replace(page, context=context,
                   fingerprint=fingerprint(page.fingerprint, *(f"{a.name}:{a.values.get('phone')}" for a in phones)))


def index_page(officers: list[Publication], as_of: dt.date, site_owner: str) -> Page:
    rows = [(p, certificate_state(p, as_of)) for p in officers]
    updated = max(filter(None, (updated_on(p) for p in officers)), default=as_of)
    meta = PageMeta("执法证号索引", OFFICERS.title, COLUMN_TYPES["officers"], updated,
                    everyone(site_owner),
                    f"已公示的全部执法证号及其状态，共{len(rows)}个", ("执法证件", "执法证号", "核验"))
    return Page(CERTIFICATES_PATH, ("certificates.html",),
                {"rows": rows, "kind": OFFICERS, "agency": None, "meta": meta},
                fingerprint(meta, *(f"{p.uid}:{p.fingerprint}:{state}" for p, state in rows)))
