"""执法数据网上统计: what the year's published decisions add up to, per agency and for the site.

Counted from what the rules published, never from raw rows: a withheld decision is in no
figure, a withdrawn or expired one only in the withdrawal and expiry counts (its content left
the site with it). Timeliness is the rules' own measure: decisions first published by their
deadline, out of those whose deadline the portal saw.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.core.kinds import DECISION_KINDS, LICENSES, PENALTIES
from disclosure.public.states import EXPIRED, WITHDRAWN
from disclosure.public.types import Agency, Decisions, Publication

DECISION_KIND_NAMES = tuple(kind.name for kind in DECISION_KINDS)


@dataclass
class Tally:
    """One agency's year, or the whole site's (agency None)."""

    agency: Agency | None
    counts: Counter = field(default_factory=Counter)  # kind name → decisions dated that year
    fines: Decimal = Decimal(0)  # 万元
    confiscations: Decimal = Decimal(0)  # 万元
    withdrawn: int = 0
    expired: int = 0
    on_time: int = 0
    timed: int = 0  # decisions whose lateness is known

    @property
    def decisions(self) -> int:
        return sum(self.counts[name] for name in DECISION_KIND_NAMES)

    @property
    def timeliness(self) -> float | None:
        """Share published within the deadline, 0–100; None when no deadline was observed."""
        return 100 * self.on_time / self.timed if self.timed else None

    def add(self, publication: Publication) -> None:
        if not publication.live:
            self.withdrawn += publication.notice.state == WITHDRAWN
            self.expired += publication.notice.state == EXPIRED
            return
        self.counts[publication.kind.name] += 1
        if publication.kind is PENALTIES:
            self.fines += publication.get("fine_amount") or Decimal(0)
            self.confiscations += publication.get("confiscation_amount") or Decimal(0)
        if publication.late_days is not None:
            self.timed += 1
            self.on_time += publication.late_days == 0


@dataclass(frozen=True)
class YearReport:
    year: int
    total: Tally
    by_agency: tuple[Tally, ...]  # every agency, in directory order, even with nothing that year
    licence_categories: tuple[tuple[str, int], ...]
    penalty_categories: tuple[tuple[str, int], ...]


def year_of(publication: Publication) -> int | None:
    """A live decision counts in the year it was made; a notice in the year it was withdrawn or expired."""
    day = publication.date if publication.live else publication.notice.on_date
    return day.year if isinstance(day, dt.date) else None


def yearly_reports(decisions: Decisions) -> tuple[YearReport, ...]:
    """One report per year that has any decision, newest first."""
    by_year: dict[int, list[Publication]] = {}
    for publication in decisions.publications:
        if publication.kind in DECISION_KINDS and (year := year_of(publication)) is not None:
            by_year.setdefault(year, []).append(publication)
    return tuple(_report(year, by_year[year], decisions.agencies) for year in sorted(by_year, reverse=True))


def _report(year: int, publications: list[Publication], agencies: tuple[Agency, ...]) -> YearReport:
    total = Tally(None)
    tallies = {agency.slug: Tally(agency) for agency in agencies}
    licence_categories: Counter = Counter()
    penalty_categories: Counter = Counter()
    for publication in publications:
        total.add(publication)
        tallies[publication.agency.slug].add(publication)
        if publication.live and publication.kind is LICENSES:
            licence_categories[str(publication.get("licence_category", "其他"))] += 1
        if publication.live and publication.kind is PENALTIES:
            penalty_categories.update(publication.get("penalty_categories", ()))
    return YearReport(year, total, tuple(tallies.values()),
                      _ordered(licence_categories, LICENSES, "licence_category"),
                      _ordered(penalty_categories, PENALTIES, "penalty_categories"))


def _ordered(counter: Counter, kind, column_key: str) -> tuple[tuple[str, int], ...]:
    """In the order of the kind's own list, as the law lists them, leaving out what did not occur."""
    return tuple((choice, counter[choice]) for choice in kind.column(column_key).choices if counter[choice])
