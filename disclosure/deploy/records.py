"""Which records a build shows, written beside it (deploy/records.json, listed in the manifest like any page), and
the law a deploy or a rollback checks them against: nothing the ledger has since withdrawn or let expire goes back
online, on any page or file.

A build's pages, listings, search files, feeds, downloads and sitemap all come from the same publications, so a
record the build shows in full is in all of them, and one it shows as a notice is in none. What each build shows is
therefore the one list a deploy needs, from the rules' output: uid, kind, agency, the 文书号 as the page shows it,
its address and state. Public values only, never raw data (a record's key is made from the row as written). The
ledger is read by the CLI and handed in (the deploy stage never imports the rules): its rows for withdrawn and
expired records, by uid, are compared with the records the build shows in full.

Why a refusal, not a repaired rollback: a release is the bytes a build made and its manifest vouches for. Taking a
withdrawn record out of an old release means making its listings, search files, feeds, downloads (zip, CSV, XLSX),
statistics and sitemap again, which is a build, from data and templates the release does not keep; and a release
changed after the fact no longer matches its manifest. The lawful way back is a build with today's ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from disclosure.core.kinds import FLOWCHARTS, KINDS_BY_NAME
from disclosure.public.addresses import record_path
from disclosure.public.states import EXPIRED, LIVE, STATE_LABELS, WITHDRAWN
from disclosure.public.types import Publication
from disclosure.runtime.failures import Failure
from disclosure.runtime.output import OutputTree

RECORDS = "deploy/records.json"
VERSION = 1
_COLUMNS = ("uid", "kind", "agency", "agency_name", "shown", "page", "state")


@dataclass(frozen=True)
class Shown:
    """One record a build shows: in full (state live) or as a notice at its address (withdrawn, expired)."""

    uid: str
    kind: str  # SheetKind.name
    agency: str  # the agency's slug (统一社会信用代码)
    agency_name: str
    # What the page calls it (the 文书号 as written, for a decision): a public value. Never the record's key, which
    # is made from the row as the clerk wrote it (a spot check's is its unmasked 检查对象).
    shown: str
    page: str  # its address; "" for a record without a page of its own (a flowchart's step)
    state: str

    @property
    def live(self) -> bool:
        return self.state == LIVE

    def named(self) -> str:
        """朔城科罚〔2026〕1号（朔城区科学技术局，行政处罚决定）"""
        return f"{self.shown or self.page or self.uid}（{self.agency_name}，{KINDS_BY_NAME[self.kind].title}）"


def write(output: OutputTree, publications: Iterable[Publication]) -> None:
    rows = [[p.uid, p.kind.name, p.agency.slug, p.agency.name, p.title,
             "" if p.kind is FLOWCHARTS else record_path(p), p.notice.state if p.notice else LIVE]
            for p in sorted(publications, key=lambda publication: publication.uid)]
    text = json.dumps({"version": VERSION, "columns": _COLUMNS, "records": rows}, ensure_ascii=False, separators=(",", ":"))
    output.write(RECORDS, text.encode())


def read(root: Path) -> tuple[Shown, ...] | None:
    """None: no list (a build made before it was written) or not one this program wrote."""
    try:
        document = json.loads((root / RECORDS).read_bytes())
        if document["version"] != VERSION or tuple(document["columns"]) != _COLUMNS:
            return None
        return tuple(Shown(*row) for row in document["records"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class LedgerRow(Protocol):
    """What the deploy reads of a ledger record (rules/ledger.py's LedgerRecord has it)."""

    uid: str
    state: str
    state_date: dt.date | None
    reason: str


@dataclass(frozen=True)
class Ledger:
    """Where the ledger is (None: the one each build recorded it was made with) and how to read its records,
    handed in by the CLI."""

    path: Path | None
    rows: Callable[[Path], Iterable[LedgerRow]]


@dataclass(frozen=True)
class Resurrection:
    """A record a build shows in full that the ledger has since taken off the site."""

    record: Shown
    state: str  # withdrawn / expired
    on_date: dt.date | None
    reason: str

    def describe(self) -> str:
        when = self.on_date.isoformat() if self.on_date else "日期不详"
        reason = f"，理由：{self.reason}" if self.reason and self.state == WITHDRAWN else ""
        return f"{self.record.named()}：台账记为{STATE_LABELS[self.state]}（{when}{reason}）"


class LedgerUnavailable(Exception):
    """The ledger cannot be found or read: nothing can be checked, so nothing may be deployed. Chinese."""


def resurrections(shown: Iterable[Shown], ledger_path: Path, ledger: Ledger) -> list[Resurrection]:
    """The records shown in full that the ledger at ledger_path holds as withdrawn or expired, by 文书号."""
    if not ledger_path.is_file():
        raise LedgerUnavailable(f"找不到台账文件 {ledger_path}" + ("（构建时记下的位置）" if ledger.path is None else ""))
    try:
        gone = {row.uid: row for row in ledger.rows(ledger_path) if row.state in (WITHDRAWN, EXPIRED)}
    except Failure as error:  # damaged, locked, of a newer version: rules/ledger.py says which and how to restore
        raise LedgerUnavailable(str(error)) from None
    found = [Resurrection(record, gone[record.uid].state, gone[record.uid].state_date, gone[record.uid].reason)
             for record in shown if record.live and record.uid in gone]
    return sorted(found, key=lambda found: (found.record.agency_name, found.record.kind, found.record.shown))
