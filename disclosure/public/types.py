"""The records as the public sees them, handed on by the rules: public values only, personal data masked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.core.kinds import SheetKind
from disclosure.core.sign_off import SignOff


@dataclass(frozen=True, slots=True)
class Event:
    """One step in a record's publication history, as the ledger records it."""

    on_date: dt.date
    event: str  # published / corrected / withdrawn / expired / removed / reinstated
    fields: tuple[str, ...] = ()  # labels of the public fields that changed (corrections)
    detail: str = ""
    # Who sent and who approved the content that made it (none: a file not signed off, or the data said nothing).
    # Not on the public pages, so no part of what fingerprints them: a page is not made again for it.
    sign_off: SignOff | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, eq=False)
class Agency:
    folder: str
    values: dict[str, object]  # the public profile
    slug: str  # stable URL segment: the agency's 统一社会信用代码
    fingerprint: str

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass(frozen=True, slots=True)
class Photo:
    """An officer's photo as the reading stage found it good: the file the site resizes, and what it was when checked
    (the site writes nothing of a file whose bytes have changed since)."""

    source: Path
    digest: str
    width: int  # upright: the EXIF orientation applied
    height: int


@dataclass(frozen=True, slots=True)
class Notice:
    """What stays at a record's address once it left the site: no party, no content."""

    state: str  # states.WITHDRAWN or states.EXPIRED
    on_date: dt.date
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class Publication:
    """A record as the public sees it: live, or a notice at its old address."""

    kind: SheetKind
    agency: Agency
    key: str
    values: dict[str, object]  # public values only, personal data masked; a notice keeps its 文书号 alone
    uid: str  # stable identity: agency + kind + key, never derived from personal data
    fingerprint: str  # changes whenever anything the public sees of it changes
    notice: Notice | None = None
    corrections: tuple[Event, ...] = ()
    first_published: dt.date | None = None
    deadline: dt.date | None = None  # the day it had to be public by (decisions)
    late_days: int | None = None  # days after the deadline it first went public (0: on time)
    publicity_until: dt.date | None = None  # 公示截止期: the last day it is shown
    reinstated_on: dt.date | None = None  # when it last came back from a withdrawal or the end of its 公示期
    photo: Photo | None = None  # an officer's, checked and matched to the roster (rules/photos.py)

    def get(self, column_key: str, default: object = None) -> object:
        return self.values.get(column_key, default)

    @property
    def live(self) -> bool:
        return self.notice is None

    @property
    def title(self) -> str:
        return str(self.values.get(self.kind.title_column, ""))

    @property
    def date(self) -> dt.date | None:
        value = self.values.get(self.kind.date_column) if self.kind.date_column else None
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class Decisions:
    agencies: tuple[Agency, ...]
    publications: tuple[Publication, ...]  # live ones and notices
    by_agency: dict[str, list[Publication]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Publication]] = {agency.slug: [] for agency in self.agencies}
        for publication in self.publications:
            if publication.live:
                grouped[publication.agency.slug].append(publication)
        object.__setattr__(self, "by_agency", grouped)

    @property
    def live(self) -> list[Publication]:
        return [p for p in self.publications if p.live]

