"""The publication ledger: an SQLite file that remembers what the portal has published.

Per record (agency + kind + key) it keeps when the record was first published, what the public
saw last (its public values, already masked: the ledger is the memory that keeps a published
record online when its row disappears), a hash per public field (so a correction can name the
fields that changed without keeping old personal data), and its state — live, withdrawn,
expired, removed. Every change is an event; every build is a row. It is the audit trail of
publication itself, and what a webmaster backs up.

The rules read a snapshot before the build; the changes they decided are written in one
transaction only after the site was built and before its manifest (the order is disclosure/build.py's), so a
failed or killed build leaves it as it was, and no deployable site shows what it does not record.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.core.sign_off import SignOff, minute
from disclosure.core.values import loaded, stored
from disclosure.public.states import STATE_LABELS
from disclosure.public.types import Event
from disclosure.rules.ledger_schema import SCHEMA_VERSION, SIGN_OFF_COLUMNS, TABLES, create_or_upgrade, sign_off_columns
from disclosure.runtime.failures import Failure
from disclosure.runtime.faults import stop_point

EVENT_LABELS = {"published": "首次公示", "corrected": "更正", "withdrawn": "撤回", "expired": "公示期满",
                "removed": "移除", "reinstated": "恢复公示"}
# Another publish.py holding the ledger (a build writing its changes) is waited for this long, then named.
LOCK_WAIT_SECONDS = 20.0


class LedgerError(Failure):
    """The ledger cannot be opened, read or written: said in Chinese, with the file and how to restore it."""


def _in_chinese(function):
    """For the functions whose first argument is the ledger's path: SQLite's failures become LedgerErrors."""
    @functools.wraps(function)
    def translated(path: Path, *args, **kwargs):
        with said_in_chinese(path):
            return function(path, *args, **kwargs)
    return translated


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    uid: str
    agency: str  # the agency's slug (统一社会信用代码)
    kind: str
    key: str
    state: str
    first_published: dt.date
    deadline: dt.date | None
    late_days: int | None
    content_hash: str
    # As stored: a build reads every record but compares fields only of those whose content changed.
    field_hashes_text: str
    state_date: dt.date | None
    reason: str

    @property
    def field_hashes(self) -> dict[str, str]:
        return json.loads(self.field_hashes_text)


def field_hashes_text(field_hashes: dict[str, str]) -> str:
    return json.dumps(field_hashes, sort_keys=True)


@dataclass(frozen=True)
class LedgerAgency:
    slug: str
    folder: str
    profile: dict[str, object]
    fingerprint: str


@dataclass
class Snapshot:
    """What the ledger held before this build; public values are read only for records that need them."""

    path: Path | None
    tracking_since: dt.date | None = None  # the as-of date of the first build the ledger recorded
    records: dict[str, LedgerRecord] = field(default_factory=dict)
    agencies: dict[str, LedgerAgency] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)

    def corrections(self, uid: str) -> tuple[Event, ...]:
        return tuple(event for event in self.events.get(uid, []) if event.event == "corrected")

    def latest(self, uid: str, event: str) -> dt.date | None:
        """The date of the record's last event of this name, if it had one."""
        return next((e.on_date for e in reversed(self.events.get(uid, [])) if e.event == event), None)

    def public_values_many(self, uids: list[str]) -> dict[str, dict[str, object]]:
        if not uids or self.path is None or not self.path.is_file():
            return {}
        return _public_values(self.path, uids)


@_in_chinese
def _public_values(path: Path, uids: list[str]) -> dict[str, dict[str, object]]:
    found = {}
    connection = _open_read_only(path)
    try:
        for start in range(0, len(uids), 500):  # SQLite caps the number of parameters
            chunk = uids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for uid, text in connection.execute(f"SELECT uid, public_values FROM records WHERE uid IN ({marks})", chunk):
                found[uid] = decode_values(text)
    finally:
        connection.close()
    return found


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record's new ledger row and the event that explains it."""

    record: LedgerRecord
    public_values: dict[str, object]
    event: Event


@dataclass(frozen=True)
class Changes:
    records: tuple[RecordChange, ...]
    agencies: tuple[LedgerAgency, ...]


@_in_chinese
def read(path: Path) -> Snapshot:
    if not path.exists():
        return Snapshot(path)
    snapshot = Snapshot(path)
    connection = _open_read_only(path)
    try:
        first_build = connection.execute("SELECT MIN(as_of) FROM builds").fetchone()[0]
        snapshot.tracking_since = _date(first_build)
        for row in connection.execute(
                "SELECT uid, agency, kind, key, state, first_published, deadline, late_days, content_hash, "
                "field_hashes, state_date, reason FROM records"):
            snapshot.records[row[0]] = LedgerRecord(
                row[0], row[1], row[2], row[3], row[4], _date(row[5]), _date(row[6]), row[7], row[8],
                row[9], _date(row[10]), row[11] or "")
        for slug, folder, profile, fingerprint in connection.execute("SELECT slug, folder, profile, fingerprint FROM agencies"):
            snapshot.agencies[slug] = LedgerAgency(slug, folder, decode_values(profile), fingerprint)
        for uid, on_date, event, fields, detail, *signed in connection.execute(
                f"SELECT uid, on_date, event, fields, detail, {sign_off_columns(connection)} FROM events ORDER BY id"):
            snapshot.events.setdefault(uid, []).append(
                Event(_date(on_date), event, tuple(fields.split("、")) if fields else (), detail, _sign_off(*signed)))
    finally:
        connection.close()
    return snapshot


@_in_chinese
def create(path: Path) -> None:
    """A new portal's ledger (publish.py init): its tables, and no build yet."""
    _connect(path).close()


@_in_chinese
def write(path: Path, changes: Changes, as_of: dt.date, live: int) -> None:
    """One transaction: all of this build's changes, or (on any failure) none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path)
    try:
        with connection:
            cursor = connection.execute(
                "INSERT INTO builds (finished_at, as_of, live, events) VALUES (?, ?, ?, ?)",
                (dt.datetime.now().isoformat(timespec="seconds"), as_of.isoformat(), live, len(changes.records)))
            build = cursor.lastrowid
            connection.executemany(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_record_row(change, build) for change in changes.records])
            connection.executemany(
                f"INSERT INTO events (build, uid, on_date, event, fields, detail, {', '.join(SIGN_OFF_COLUMNS)}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(build, c.record.uid, c.event.on_date.isoformat(), c.event.event, "、".join(c.event.fields),
                  c.event.detail, *_sign_off_row(c.event.sign_off)) for c in changes.records])
            stop_point("ledger-write")
            connection.executemany(
                "INSERT OR REPLACE INTO agencies VALUES (?, ?, ?, ?)",
                [(a.slug, a.folder, encode_values(a.profile), a.fingerprint) for a in changes.agencies])
    finally:
        connection.close()


@_in_chinese
def last_build_date(path: Path) -> dt.date | None:
    """The latest as-of date the ledger recorded a build for: a build's --as-of never goes before it."""
    if not path.is_file():
        return None
    connection = _open_read_only(path)
    try:
        return _date(connection.execute("SELECT MAX(as_of) FROM builds").fetchone()[0])
    finally:
        connection.close()


def history(path: Path, key: str) -> list[tuple[LedgerRecord, list[Event]]]:
    """The records whose key (文书号, 执法证号, 事项编码…) matches, with their events."""
    snapshot = read(path)
    return [(record, snapshot.events.get(record.uid, [])) for record in snapshot.records.values() if record.key == key]


def export_csv(path: Path, target: Path) -> int:
    """The whole event log, one row per event, for Excel (UTF-8 with BOM): every value as a clerk reads it."""
    snapshot = read(path)
    rows = [(event.on_date.isoformat(), EVENT_LABELS.get(event.event, event.event), _agency_name(snapshot, record),
             KINDS_BY_NAME[record.kind].title if record.kind in KINDS_BY_NAME else record.kind, record.key,
             "、".join(event.fields), event.detail, STATE_LABELS.get(record.state, record.state), *_signed(event))
            for record in snapshot.records.values() for event in snapshot.events.get(record.uid, [])]
    rows.sort()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside it and renamed: a full disk or a kill leaves the last export whole, never half a file.
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["日期", "事件", "执法主体", "类别", "编号", "更正的字段", "说明", "当前状态",
                             "报送人", "报送时间", "审核人", "审核时间"])
            writer.writerows(rows)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)


def _agency_name(snapshot: Snapshot, record: LedgerRecord) -> str:
    """Its name in the ledger's copy of its profile; its 统一社会信用代码 only if the ledger never had one."""
    agency = snapshot.agencies.get(record.agency)
    return str(agency.profile.get("name") or record.agency) if agency else record.agency


def _signed(event: Event) -> tuple[str, str, str, str]:
    signed = event.sign_off
    if signed is None:
        return ("", "", "", "")
    return signed.submitted_by, minute(signed.submitted_at), signed.approved_by, minute(signed.approved_at)


def _connect(path: Path) -> sqlite3.Connection:
    """For writing: the schema is created on first use."""
    if path.exists():
        _check_file(path)
    connection = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
    try:
        _check_version(path, connection)
        create_or_upgrade(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _open_read_only(path: Path) -> sqlite3.Connection:
    # Reading must not touch the file: a build that fails leaves the ledger byte for byte as it was.
    _check_file(path)
    try:
        connection = _checked_read_only(path)
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
            raise
        # A writer was killed mid-transaction: its journal must be rolled back, and only a writer can.
        sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS).execute("PRAGMA schema_version").connection.close()
        connection = _checked_read_only(path)
    return connection


def _checked_read_only(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_SECONDS)
    try:
        _check_version(path, connection)
        present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [name for name in TABLES if name not in present]
        if missing:
            raise LedgerError(_damaged(path, f"其中缺少 {'、'.join(missing)} 表，不是本平台的台账，或已损坏"))
    except BaseException:
        connection.close()
        raise
    return connection


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise LedgerError(f"台账位置 {path} 是一个文件夹，不是台账文件：请用 --ledger 指定台账文件的路径"
                          "（默认为数据目录中的 .ledger.sqlite）后重新运行。")
    if path.is_file() and path.stat().st_size == 0:
        raise LedgerError(_damaged(path, "它是空文件（0 字节），其中没有任何记录") +
                          "只有在本平台从未成功构建过、因而没有任何备份时，才可以把这个空文件移到别处后重新运行。")


def _check_version(path: Path, connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LedgerError(
            f"台账文件 {path} 是更新版本的程序写的（台账格式第 {version} 版，本程序只认识到第 {SCHEMA_VERSION} 版），"
            "为免损坏，本程序不读取也不改动它：请改用更新版本的程序。如果是误把别处的文件放在了这里，" + _RESTORE.format(path=path))


_RESTORE = ("恢复方法：先停止所有正在运行的 publish.py（构建、部署），运行 python publish.py ledger restore 备份文件 --ledger {path}，"
            "把最近一次备份的台账文件复制到 {path}（它先说明恢复会丢失什么，确认后加 --yes 再运行一次），然后重新运行。不要删除它或换成空台账：没有台账，平台会忘记已公示和已撤回的记录，已撤回的信息会被重新公示。")


def _damaged(path: Path, what: str) -> str:
    return f"台账文件 {path} 无法使用：{what}。{_RESTORE.format(path=path)}"


@contextmanager
def said_in_chinese(path: Path) -> Iterator[None]:
    """SQLite's failures, which speak English, as LedgerErrors that say which file, what is wrong and what to do."""
    try:
        yield
    except sqlite3.Error as error:
        message = _sqlite_message(path, error)
        if message is None:
            raise
        raise LedgerError(message) from error


def _sqlite_message(path: Path, error: sqlite3.Error) -> str | None:
    name, text = getattr(error, "sqlite_errorname", ""), str(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"台账文件 {path} 正被另一个 publish.py（多半是另一次构建）占用，等了 {LOCK_WAIT_SECONDS:g} 秒仍未释放：请等它结束后"
                "重新运行；如果确定没有别的 publish.py 在运行，可能是其他程序（如 SQLite 浏览工具）打开了它，请关闭后重新运行。")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return _damaged(path, "它不是完整的 SQLite 数据库（文件已损坏、被截断，或根本不是台账）")
    if text.startswith(("no such table", "no such column", "table ", "malformed")):
        return _damaged(path, "其中的表与本平台的台账不符")
    if name.startswith("SQLITE_FULL"):
        return f"磁盘空间已满，台账文件 {path} 无法写入：请清理磁盘后重新运行（这次的改动一条也没有写入，台账保持原样）。"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH")):
        return (f"台账文件 {path} 无法打开或写入（文件或它所在的文件夹只读、没有权限，或路径中有一级不是文件夹）：请确认运行本程序的"
                "用户可以读写该文件和它所在的文件夹后重新运行。")
    if name.startswith("SQLITE_IOERR"):
        return f"读写台账文件 {path} 时磁盘出错：请检查磁盘后重新运行；如果之后提示台账已损坏，{_RESTORE.format(path=path)}"
    return None


def _record_row(change: RecordChange, build: int) -> tuple:
    r = change.record
    return (r.uid, r.agency, r.kind, r.key, r.state, r.first_published.isoformat(),
            r.deadline.isoformat() if r.deadline else None, r.late_days, r.content_hash,
            r.field_hashes_text, encode_values(change.public_values),
            r.state_date.isoformat() if r.state_date else None, r.reason, build)


def _sign_off(submission: str, submitted_by: str, submitted_at: str, approved_by: str,
              approved_at: str) -> SignOff | None:
    if not approved_by:
        return None
    return SignOff(submission, submitted_by, dt.datetime.fromisoformat(submitted_at), approved_by,
                   dt.datetime.fromisoformat(approved_at))


def _sign_off_row(sign_off: SignOff | None) -> tuple[str, ...]:
    if sign_off is None:
        return ("",) * len(SIGN_OFF_COLUMNS)
    return (sign_off.submission, sign_off.submitted_by, sign_off.submitted_at.isoformat(), sign_off.approved_by,
            sign_off.approved_at.isoformat())


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# Public values hold dates, amounts and lists: their value types keep them in JSON with a one-letter type tag.
def encode_values(values: dict[str, object]) -> str:
    return _STORED_JSON.encode({key: stored(value) for key, value in values.items()})


_STORED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # json.dumps with options builds one per call


def decode_values(text: str) -> dict[str, object]:
    return {key: loaded(value) for key, value in json.loads(text).items()}
