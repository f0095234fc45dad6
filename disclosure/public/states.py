"""The publication states a record can be in, as the ledger stores them and a citizen reads them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from disclosure.core.kinds import LICENSES

if TYPE_CHECKING:
    from disclosure.public.types import Publication

LIVE, WITHDRAWN, EXPIRED, REMOVED = "live", "withdrawn", "expired", "removed"
STATE_LABELS = {LIVE: "公示中", WITHDRAWN: "已撤回", EXPIRED: "公示期满", REMOVED: "已移除"}


def notice_label(notice_state: str) -> str:
    """How a notice names what befell its record: 已撤回, or else 公示期满 (its page, its search result)."""
    return STATE_LABELS[WITHDRAWN] if notice_state == WITHDRAWN else STATE_LABELS[EXPIRED]


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


def updated_on(publication: Publication, labels: frozenset[str] | None = None) -> dt.date | None:
    """When what a page shows of the record last changed: first publication, reinstatement,
    corrections (only those touching labels, when given), or the notice."""
    if not publication.live:
        return publication.notice.on_date
    if not publication.corrections and publication.reinstated_on is None:
        return publication.first_published
    days = [e.on_date for e in publication.corrections if labels is None or labels.intersection(e.fields)]
    return max(filter(None, [publication.first_published, publication.reinstated_on, *days]), default=None)
