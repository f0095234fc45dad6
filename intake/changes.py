"""What the public site would show differently if a delivery were approved, as the rules decided it while checking
(disclosure.build.check's `changes`, against the ledger): new records, corrections field by field, withdrawals
with their reasons, expiries and removals, each with the days it was late. Public values only, masked as
citizens will see them: the ledger's before, the rules' after."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.rules import ledger


@dataclass(frozen=True)
class ShownField:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ShownChange:
    event: str  # the ledger's event: published, corrected, withdrawn, expired, removed, reinstated
    label: str  # its Chinese name (ledger.EVENT_LABELS)
    kind: str  # the sheet kind's title
    record: str  # its title as written (文书号 …), else its key
    on_date: str
    reason: str  # a withdrawal's reason, a first publication's lateness
    late_days: int | None
    fields: tuple[ShownField, ...]  # new: every public field; corrected: those that changed

    @classmethod
    def from_json(cls, stored: dict) -> ShownChange:
        return cls(**{**stored, "fields": tuple(ShownField(**f) for f in stored["fields"])})


def shown(changes: ledger.Changes, slugs: set[str], ledger_path) -> tuple[ShownChange, ...]:
    """The changes of the agencies whose slugs are given (the check's data folder holds one agency; the ledger
    holds all), in the order of their kind, then record."""
    mine = [change for change in changes.records if change.record.agency in slugs]
    before = ledger.read(ledger_path).public_values_many([c.record.uid for c in mine if c.event.event == "corrected"])
    listed = [_shown(change, before.get(change.record.uid, {})) for change in mine]
    return tuple(sorted(listed, key=lambda change: (change.kind, change.record, change.event)))


def _shown(change: ledger.RecordChange, before: dict[str, object]) -> ShownChange:
    kind = KINDS_BY_NAME[change.record.kind]
    event = change.event
    if event.event == "corrected":
        keys = [key for key in _kind_keys(kind, before, change.public_values) if before.get(key) != change.public_values.get(key)]
        fields = tuple(ShownField(kind.column(k).label, _text(before.get(k)), _text(change.public_values.get(k)))
                       for k in keys)
    elif event.event in ("published", "reinstated"):
        values = change.public_values
        fields = tuple(ShownField(kind.column(k).label, "", _text(values[k])) for k in _kind_keys(kind, {}, values)
                       if values[k] not in (None, ""))
    else:
        fields = ()
    late = change.record.late_days if event.event == "published" else None
    title = _text(change.public_values.get(kind.title_column)) if kind.title_column else ""
    return ShownChange(event.event, ledger.EVENT_LABELS.get(event.event, event.event), kind.title,
                       title or change.record.key, _text(event.on_date), event.detail, late, fields)


def _kind_keys(kind, before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The public fields of either version, in the sheet's column order."""
    present = set(before) | set(after)
    return [column.key for column in kind.columns if column.key in present]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "、".join(_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_json(changes: tuple[ShownChange, ...]) -> list[dict]:
    return [asdict(change) for change in changes]


def changes_of(result: dict) -> list[ShownChange]:
    return [ShownChange.from_json(change) for change in result.get("changes", [])]
