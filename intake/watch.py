"""What a check found that has a deadline running (the 红绿灯预警's records), as dates fixed by the data: each
decision held back by its errors, each new decision and each withdrawal the delivery would publish, with the last
day the law gives it — computed by the rules' own functions (disclosure/rules/deadlines.py, the holiday calendar's
working days). How near that day is depends on the day one looks (intake/board.py), never on the check's day, so
a stored check stays right for as long as the files it checked are the ones in data/.

A row held back in the reading stage yields no record, so its decision date is read again from the checked copy by
the reading stage's own functions, for those rows only."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from disclosure import build
from disclosure.core.kinds import DECISION_KINDS, KINDS_BY_NAME, WITHDRAWN_STATUSES, SheetKind
from disclosure.core.problems import Problem, Severity
from disclosure.reading import tables, workbooks
from disclosure.reading.records import BadCell, Record, parse_cell
from disclosure.reading.workbooks import SourceFile
from disclosure.rules.deadlines import publication_deadline, withdrawal_deadline
from disclosure.rules.decide import record_uid
from disclosure.rules.settings import RuleSettings

HELD = "held"  # in data/ now, held back by its errors
WAITING = "waiting"  # in a delivery: published once it is approved (and built)
PUBLISH, WITHDRAW = "publish", "withdraw"
_DECISION_KIND_NAMES = frozenset(kind.name for kind in DECISION_KINDS)


@dataclass(frozen=True)
class Watched:
    """One record with a deadline running: what must happen to it by when, and where it is written."""

    cause: str  # HELD or WAITING
    duty: str  # PUBLISH (7/20 working days from the decision) or WITHDRAW (3 days from the 撤回日期)
    kind: str  # the sheet kind's name
    record: str  # as the clerk wrote it: its 文书号
    file: str  # within the agency's folder
    sheet: str
    row: int
    since: str  # ISO date the deadline counts from: the decision's, or the withdrawal's; "" when unreadable
    deadline: str  # ISO date; "" when the date it counts from cannot be read
    unit: str  # the deadline's DayUnit value

    @property
    def kind_title(self) -> str:
        return KINDS_BY_NAME[self.kind].title


def as_json(watched: tuple[Watched, ...]) -> list[dict]:
    return [asdict(item) for item in watched]


def watched_of(result: dict) -> list[Watched] | None:
    """None for a check made before the board existed: it must be made again to know its deadlines."""
    stored = result.get("deadlines")
    return None if stored is None else [Watched(**item) for item in stored]


def watched(folder: str, outcome: build.CheckOutcome, settings: RuleSettings) -> tuple[Watched, ...]:
    agency = next((a for a in outcome.decisions.agencies if a.folder == folder), None)
    # Online after this delivery: a held row's record among them was published before (the ledger's, kept as it is).
    live = {publication.uid for publication in outcome.decisions.publications if publication.live}
    mine = [record for record in outcome.checked.records if record.agency == folder]
    by_key = {(record.kind.name, record.key): record for record in mine}
    found = _held(folder, outcome, settings, agency, live, {(r.origin.file, r.origin.sheet, r.row): r for r in mine})
    slugs = {agency.slug} if agency else set()
    for change in outcome.changes.records:
        record = by_key.get((change.record.kind, change.record.key))
        if change.record.agency not in slugs or record is None:
            continue
        if change.event.event == "published" and change.record.deadline is not None:
            found.append(_watched(WAITING, PUBLISH, folder, record, record.get(record.kind.date_column),
                                  change.record.deadline, settings.deadline_unit.value))
        elif change.event.event == "withdrawn" and isinstance(on := record.get("withdrawal_date"), dt.date):
            found.append(_watched(WAITING, WITHDRAW, folder, record, on, withdrawal_deadline(on, settings),
                                  settings.withdrawal_unit.value))
    return tuple(found)


def _held(folder: str, outcome: build.CheckOutcome, settings: RuleSettings, agency, live: set[str],
          records: dict[tuple[str, str, int], Record]) -> list[Watched]:
    """Each decision row with an error: to be published in time, or (published, now changed) withdrawn in time."""
    rows: dict[tuple[str, str, int], Problem] = {}
    for problem in outcome.report.problems:
        if (problem.agency == folder and problem.severity is Severity.ERROR and problem.kind in _DECISION_KIND_NAMES
                and problem.sheet and (row := _row(problem.cell))):
            rows.setdefault((problem.file, problem.sheet, row), problem)
    sources = {source.relative_path: source for source in outcome.checked.sources}
    reread = _reread(sources, [place for place in rows if place not in records])
    found = []
    for (file, sheet, row), problem in rows.items():
        kind = KINDS_BY_NAME[problem.kind]
        record = records.get((file, sheet, row))
        values = record.values if record else reread.get((file, sheet, row), {})
        published = bool(agency and problem.record and record_uid(agency, kind, problem.record) in live)
        item = _held_row(folder, kind, problem, (file, sheet, row), values, published, settings)
        if item is not None:
            found.append(item)
    return found


def _held_row(folder: str, kind: SheetKind, problem: Problem, place: tuple[str, str, int], values: dict,
              published: bool, settings: RuleSettings) -> Watched | None:
    withdrawn = values.get("status") in WITHDRAWN_STATUSES
    if published and withdrawn:
        on = values.get("withdrawal_date")
        deadline = withdrawal_deadline(on, settings) if isinstance(on, dt.date) else None
        return _item(HELD, WITHDRAW, folder, kind, problem.record_label, place, on, deadline,
                     settings.withdrawal_unit.value)
    if published or withdrawn:  # its first publication was done; or it is withdrawn before it was ever published
        return None
    decided = values.get(kind.date_column)
    return _item(HELD, PUBLISH, folder, kind, problem.record_label, place, decided,
                 publication_deadline(kind, decided, settings), settings.deadline_unit.value)


def _watched(cause: str, duty: str, folder: str, record: Record, since: object, deadline: dt.date,
             unit: str) -> Watched:
    return _item(cause, duty, folder, record.kind, record.label, (record.origin.file, record.origin.sheet, record.row),
                 since, deadline, unit)


def _item(cause: str, duty: str, folder: str, kind: SheetKind, label: str, place: tuple[str, str, int],
          since: object, deadline: dt.date | None, unit: str) -> Watched:
    file, sheet, row = place
    prefix = folder + "/"
    return Watched(cause, duty, kind.name, label, file[len(prefix):] if file.startswith(prefix) else file, sheet, row,
                   since.isoformat() if isinstance(since, dt.date) else "",
                   deadline.isoformat() if deadline else "", unit)


def _row(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0


def _reread(sources: dict[str, SourceFile], places: list[tuple[str, str, int]]) -> dict[tuple[str, str, int], dict]:
    """The understood cells of rows the reading stage held back (no record was made of them)."""
    wanted: dict[str, set[tuple[str, int]]] = {}
    for file, sheet, row in places:
        wanted.setdefault(file, set()).add((sheet, row))
    found: dict[tuple[str, str, int], dict] = {}
    for file, rows in wanted.items():
        if file not in sources:
            continue
        for grid in workbooks.read(sources[file]).sheets:
            table, _ = tables.locate(grid)
            for raw in tables.rows(table) if table else ():
                if (grid.name, raw.number) in rows:
                    found[(file, grid.name, raw.number)] = _understood(table, raw)
    return found


def _understood(table: tables.Table, raw: tables.RawRow) -> dict[str, object]:
    values = {}
    for cell, value in zip(table.header, raw.cells):
        try:
            parsed = parse_cell(cell.column, value, cell.written)
        except BadCell:
            continue
        if parsed is not None:
            values[cell.column.key] = parsed
    return values
