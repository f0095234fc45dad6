"""The publication lifecycle, as one table: (state the ledger holds, what this build's data says) →
(state after this build, the ledger event that records it).

Like GOV.UK Whitehall's edition workflow, every step a record can take is written down here and
nowhere else; decide.py asks the table and carries the step out. A pair the table does not hold
is a bug in the caller, said so by LifecycleError, never a silent fall-through.

A record's dates of first publication (first_published, deadline, late_days) are set by
"published" alone: every later step, a reinstatement included, keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from disclosure.public.states import EXPIRED, LIVE, REMOVED, WITHDRAWN

# Not a ledger state: a record the ledger has never published.
UNPUBLISHED = "unpublished"
STATES = (UNPUBLISHED, LIVE, WITHDRAWN, EXPIRED, REMOVED)

# Ledger events (rules.ledger.EVENT_LABELS): the states' own names and these.
PUBLISHED, CORRECTED, REINSTATED = "published", "corrected", "reinstated"


class Fact(Enum):
    """What this build's data says about a record, in the order the rules ask: the first that holds."""

    WITHHELD = "withheld"  # 不予公开 (a minor, secrets…; a penalty of 警告 only)
    WITHDRAWN = "withdrawn"  # 当前状态 变更/撤销/确认违法/确认无效, with 撤回日期 and 撤回理由
    PERIOD_OVER = "period over"  # the 公示期 ended before this build's date
    PUBLISHABLE = "publishable"  # may be public and within its 公示期
    # The ledger published it and this build's data did not yield it (row deleted, or its errors held it back):
    DECISION_GONE = "decision gone"  # a decision (or spot-check result): it never leaves silently
    LISTING_GONE = "listing gone"  # anything else (officer, 事项, guide…): it leaves the site


@dataclass(frozen=True)
class Transition:
    state: str  # after this build; UNPUBLISHED or REMOVED: nothing at the record's address
    event: str | None  # recorded when the ledger row changes; None: the ledger row stays as it was


def _stays(state: str) -> Transition:
    return Transition(state, None)


NOT_PUBLISHED = _stays(UNPUBLISHED)

TABLE: dict[tuple[str, Fact], Transition] = {
    (UNPUBLISHED, Fact.PUBLISHABLE): Transition(LIVE, PUBLISHED),
    (UNPUBLISHED, Fact.WITHHELD): NOT_PUBLISHED,
    (UNPUBLISHED, Fact.WITHDRAWN): NOT_PUBLISHED,  # withdrawn before it was ever public
    (UNPUBLISHED, Fact.PERIOD_OVER): NOT_PUBLISHED,  # its 公示期 ended before the portal saw it
    # (UNPUBLISHED, *_GONE) is absent on purpose: only records the ledger holds can be gone.

    (LIVE, Fact.PUBLISHABLE): Transition(LIVE, CORRECTED),  # recorded only when a public field changed
    (LIVE, Fact.WITHHELD): Transition(WITHDRAWN, WITHDRAWN),  # 依法不予公开, as of this build
    (LIVE, Fact.WITHDRAWN): Transition(WITHDRAWN, WITHDRAWN),  # within the withdrawal deadline, or a warning
    (LIVE, Fact.PERIOD_OVER): Transition(EXPIRED, EXPIRED),
    (LIVE, Fact.DECISION_GONE): _stays(LIVE),  # what was published stays, and the clerk gets an error
    (LIVE, Fact.LISTING_GONE): Transition(REMOVED, REMOVED),

    # A notice changes only when the data gives it another date or reason; and comes back to
    # life as a reinstatement, never as a (late) first publication.
    (WITHDRAWN, Fact.PUBLISHABLE): Transition(LIVE, REINSTATED),
    (WITHDRAWN, Fact.WITHHELD): _stays(WITHDRAWN),
    (WITHDRAWN, Fact.WITHDRAWN): Transition(WITHDRAWN, WITHDRAWN),
    (WITHDRAWN, Fact.PERIOD_OVER): Transition(EXPIRED, EXPIRED),
    (WITHDRAWN, Fact.DECISION_GONE): _stays(WITHDRAWN),
    (WITHDRAWN, Fact.LISTING_GONE): _stays(WITHDRAWN),  # only decisions are withdrawn: kept for safety

    (EXPIRED, Fact.PUBLISHABLE): Transition(LIVE, REINSTATED),  # e.g. 公示截止期 extended
    (EXPIRED, Fact.WITHHELD): _stays(EXPIRED),
    (EXPIRED, Fact.WITHDRAWN): Transition(WITHDRAWN, WITHDRAWN),
    (EXPIRED, Fact.PERIOD_OVER): Transition(EXPIRED, EXPIRED),  # recorded when the end date changed
    (EXPIRED, Fact.DECISION_GONE): _stays(EXPIRED),
    (EXPIRED, Fact.LISTING_GONE): _stays(EXPIRED),  # only penalties expire: kept for safety

    # Only listings are removed; one back in the data is published anew (no deadline applies to it).
    (REMOVED, Fact.PUBLISHABLE): Transition(LIVE, PUBLISHED),
    (REMOVED, Fact.LISTING_GONE): _stays(REMOVED),
    # Decisions are never removed; should a ledger say so, their data changes nothing.
    (REMOVED, Fact.WITHHELD): _stays(REMOVED),
    (REMOVED, Fact.WITHDRAWN): _stays(REMOVED),
    (REMOVED, Fact.PERIOD_OVER): _stays(REMOVED),
    (REMOVED, Fact.DECISION_GONE): _stays(REMOVED),
}


class LifecycleError(LookupError):
    """A (state, fact) pair the table does not hold: a bug in the rules, not in the data."""


def step(state: str, fact: Fact) -> Transition:
    try:
        return TABLE[state, fact]
    except KeyError:
        raise LifecycleError(f"no lifecycle transition from {state!r} on {fact.value!r}") from None


def is_public(state: str) -> bool:
    """Something stands at the record's address: the record itself, or a notice."""
    return state in (LIVE, WITHDRAWN, EXPIRED)
