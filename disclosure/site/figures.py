"""执法数据网上统计: what the year's published decisions add up to, per agency and for the site.

Counted from what the rules published, never from raw rows: a withheld decision is in no
figure, a withdrawn or expired one only in the withdrawal and expiry counts (its content left
the site with it). Timeliness is the rules' own measure: decisions first published by their
deadline, out of those whose deadline the portal saw; where it saw none, the page says why
instead of showing a figure. A year that is not over yet is counted up to the build's day and
labelled so.
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
CONFISCATION_CATEGORIES = frozenset({"没收违法所得", "没收非法财物"})
# Why a share cannot be given: a deadline that passed before the portal's first build was not watched.
NOT_TIMED = "暂无可计算的决定"
NO_DECISIONS = "无执法决定"


@dataclass
class Tally:
    """One agency's year, or the whole site's (agency None)."""

    agency: Agency | None
    counts: Counter = field(default_factory=Counter)  # kind name → decisions dated that year
    fines: Decimal = Decimal(0)  # 万元
    confiscations: Decimal = Decimal(0)  # 万元
    confiscating: int = 0  # penalties with a 没收 category
    confiscations_unstated: int = 0  # of those, the ones published without their 没收金额
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

    @property
    def timeliness_shown(self) -> str:
        """The share as a reader sees it, or in words why there is none."""
        if self.timed:
            return f"{self.timeliness:.1f}%"
        return NOT_TIMED if self.decisions else NO_DECISIONS

    def add(self, publication: Publication) -> None:
        if not publication.live:
            self.withdrawn += publication.notice.state == WITHDRAWN
            self.expired += publication.notice.state == EXPIRED
            return
        self.counts[publication.kind.name] += 1
        if publication.kind is PENALTIES:
            self.fines += publication.get("fine_amount") or Decimal(0)
            self._add_confiscation(publication)
        if publication.late_days is not None:
            self.timed += 1
            self.on_time += publication.late_days == 0

    def _add_confiscation(self, publication: Publication) -> None:
        amount = publication.get("confiscation_amount")
        self.confiscations += amount or Decimal(0)
        if CONFISCATION_CATEGORIES & set(publication.get("penalty_categories", ())):
            self.confiscating += 1
            self.confiscations_unstated += amount is None


@dataclass(frozen=True)
class YearReport:
    year: int
    total: Tally
    by_agency: tuple[Tally, ...]  # every agency, in directory order, even with nothing that year
    licence_categories: tuple[tuple[str, int], ...]
    penalty_categories: tuple[tuple[str, int], ...]
    until: dt.date | None = None  # the build's day, when the year is not over: its figures are so far

    @property
    def until_label(self) -> str:
        return f"截至 {self.until.isoformat()}" if self.until else ""


def year_of(publication: Publication) -> int | None:
    """A live decision counts in the year it was made; a notice in the year it was withdrawn or expired."""
    day = publication.date if publication.live else publication.notice.on_date
    return day.year if isinstance(day, dt.date) else None


def yearly_reports(decisions: Decisions, as_of: dt.date) -> tuple[YearReport, ...]:
    """One report per year that has any decision, newest first; a year not over on `as_of` says so."""
    by_year: dict[int, list[Publication]] = {}
    for publication in decisions.publications:
        if publication.kind in DECISION_KINDS and (year := year_of(publication)) is not None:
            by_year.setdefault(year, []).append(publication)
    return tuple(_report(year, by_year[year], decisions.agencies, as_of if year >= as_of.year else None)
                 for year in sorted(by_year, reverse=True))


def _report(year: int, publications: list[Publication], agencies: tuple[Agency, ...],
            until: dt.date | None) -> YearReport:
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
                      _ordered(penalty_categories, PENALTIES, "penalty_categories"), until)


def _ordered(counter: Counter, kind, column_key: str) -> tuple[tuple[str, int], ...]:
    """In the order of the kind's own list, as the law lists them, leaving out what did not occur."""
    return tuple((choice, counter[choice]) for choice in kind.column(column_key).choices if counter[choice])
