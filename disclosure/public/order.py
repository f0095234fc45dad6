"""The one order records are listed in, on pages and in downloads alike."""

from __future__ import annotations

import datetime as dt

from disclosure.core.kinds import SheetKind
from disclosure.public.types import Publication

NEWEST, OLDEST = "newest", "oldest"


def sort_for_listing(kind: SheetKind, publications: list[Publication], order: str = NEWEST) -> list[Publication]:
    """The uid breaks ties, so that one order is exactly the other reversed."""
    if kind.date_column:
        return sorted(publications, key=lambda p: (p.date or dt.date.min, p.key, p.uid), reverse=order == NEWEST)
    return sorted(publications, key=lambda p: (p.key, p.uid))
