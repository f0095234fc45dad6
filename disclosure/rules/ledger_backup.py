"""A copy of the ledger taken while builds may run, and the ledger put back from such a copy.

The backup uses SQLite's online backup API from a read-only connection, without the build lock: a build
changes the ledger in one transaction (rules/ledger.py), and the backup copies committed pages only, so the
copy is the ledger before that build or after it, never half of it. A daily backup then never waits for a
build nor makes one wait. The copy is written beside its target, checked with PRAGMA integrity_check and
only then renamed into place: a failed or killed backup leaves the last one whole.

A restore replaces the live ledger, so it holds the ledger's lock (the caller's, runtime/lock.py): no build
reads the old ledger and writes into the new one. It first says what the live ledger knows that the
backup does not: the next build forgets those publications (they are published again as new) and those
withdrawals (withdrawn records still in the data are published again).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from disclosure.rules import ledger
from disclosure.rules.ledger import LedgerError


@dataclass(frozen=True)
class Summary:
    """What a ledger file holds, as a webmaster checks a backup."""

    records: int
    builds: int
    last_build: dt.date | None

    def said(self) -> str:
        last = self.last_build.isoformat() if self.last_build else "无"
        return f"{self.records} 条记录，{self.builds} 次构建，最近一次构建按 {last} 执行公示规则"


@dataclass(frozen=True)
class Unknown:
    """What the live ledger holds that a backup does not: lost by restoring it."""

    builds: int
    events: int
    published: tuple[str, ...]  # the keys (文书号…) of records first published since the backup
    withdrawn: tuple[str, ...]  # the keys of records withdrawn since the backup

    @property
    def nothing(self) -> bool:
        return not (self.builds or self.events or self.published or self.withdrawn)

    def said(self) -> list[str]:
        if self.nothing:
            return ["现有台账中没有备份以外的内容：恢复不会丢失任何公示记录。"]
        lines = [f"现有台账比备份多 {self.builds} 次构建、{self.events} 条公示事件，恢复后这些都会丢失。"]
        if self.published:
            lines.append(f"备份之后首次公示的 {len(self.published)} 条记录（{_listed(self.published)}）：恢复后台账不再记得它们，"
                         "下次构建会把它们当作新记录重新首次公示，首次公示日期改为那一天。")
        if self.withdrawn:
            lines.append(f"备份之后撤回的 {len(self.withdrawn)} 条记录（{_listed(self.withdrawn)}）：恢复后台账不再记得这些撤回，"
                         "数据中仍有这些行的，下次构建会把已撤回的信息重新公示。请在恢复后、下次构建前核对。")
        return lines


def _listed(keys: tuple[str, ...], shown: int = 20) -> str:
    """A few keys to look up with publish.py history; thousands would bury the sentence that explains them."""
    more = f" 等（只列出前 {shown} 条，全部可用 ledger export 导出后核对）" if len(keys) > shown else ""
    return "、".join(keys[:shown]) + more


def backup(live: Path, target: Path) -> Summary:
    """Copy the ledger to target, checked whole, while builds may write it."""
    if target.is_dir():
        raise LedgerError(f"备份位置 {target} 是一个文件夹：请写上文件名，如 {target / '台账备份.sqlite'}。")
    if target.resolve() == live.resolve():
        raise LedgerError(f"备份文件 {target} 就是台账本身，备份会覆盖台账：请另写一个文件名（最好在另一块磁盘上）。")
    target.parent.mkdir(parents=True, exist_ok=True)
    with ledger.said_in_chinese(live):
        ledger.read(live)  # a ledger this program cannot read is named as damaged, not copied as a backup
        partial = _copy(live, target)
    try:
        summary = checked(partial, f"台账 {live} 的备份副本",
                          f"台账本身已损坏，备份未写出（{target} 保持原样）：请用上一份备份恢复，"
                          f"python publish.py ledger restore 备份文件 --ledger {live}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def checked(path: Path, shown: str, what_to_do: str) -> Summary:
    """The file's summary if it is a sound ledger of a version this program knows; LedgerError otherwise."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error:
        problems = ["它不是完整的 SQLite 数据库：已损坏、被截断，或根本不是台账"]
    if problems != ["ok"]:
        raise LedgerError(f"{shown} 未通过完整性检查（{'；'.join(problems[:3])}），已损坏。{what_to_do}")
    try:
        snapshot = ledger.read(path)  # the ledger's own checks: its version, its tables
    except LedgerError as error:
        # Its first sentence says what is wrong; the rest tells how to restore a live ledger, not this file.
        raise LedgerError(f"{shown} 不能使用：{str(error).split('。')[0]}。{what_to_do}") from error
    builds = _scalar(path, "SELECT COUNT(*) FROM builds")
    return Summary(len(snapshot.records), builds, ledger.last_build_date(path))


def checked_backup(path: Path) -> Summary:
    """A file to restore from: missing, damaged or not a ledger this program knows, it is refused."""
    if not path.is_file():
        raise LedgerError(f"找不到备份文件 {path}（或它是一个文件夹）：请写上 ledger backup 写出的备份文件的路径。")
    return checked(path, f"备份文件 {path}", "不能用它恢复，现有台账未做任何改动：请换一个备份文件（如更早的一份）。")


def unknown_to(backup_file: Path, live: Path) -> Unknown:
    """What live holds that backup_file does not. The live ledger must be readable (LedgerError otherwise)."""
    old, new = ledger.read(backup_file), ledger.read(live)
    builds = _scalar(live, "SELECT COUNT(*) FROM builds WHERE id > ?",
                     _scalar(backup_file, "SELECT COALESCE(MAX(id), 0) FROM builds"))
    events = sum(max(0, len(events) - len(old.events.get(uid, []))) for uid, events in new.events.items())
    published = tuple(sorted(r.key for uid, r in new.records.items() if uid not in old.records))
    withdrawn = tuple(sorted(r.key for uid, r in new.records.items() if r.state == "withdrawn"
                             and (uid not in old.records or old.records[uid].state != "withdrawn")))
    return Unknown(builds, events, published, withdrawn)


def restore(source: Path, live: Path) -> Path | None:
    """Put source in live's place, the replaced ledger kept beside as a dated copy (returned). Hold the lock."""
    checked_backup(source)
    live.parent.mkdir(parents=True, exist_ok=True)
    with ledger.said_in_chinese(source):
        partial = _copy(source, live)
    try:
        checked(partial, f"备份文件 {source} 的副本", "现有台账未做任何改动：请检查磁盘后重新运行。")
        kept = _keep_replaced(live)
        os.replace(partial, live)
    finally:
        partial.unlink(missing_ok=True)
    return kept


def _copy(source: Path, target: Path) -> Path:
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=ledger.LOCK_WAIT_SECONDS)
    try:
        writing = sqlite3.connect(partial)
        try:
            reading.backup(writing)
        finally:
            writing.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        reading.close()
    return partial


def _keep_replaced(live: Path) -> Path | None:
    """A hard link, so live stays in place until the restored copy replaces it in one rename."""
    if not live.exists():
        return None
    kept = live.with_name(f"{live.name}.replaced-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")
    os.link(live, kept)
    journal = live.with_name(live.name + "-journal")
    if journal.exists():  # a killed writer's journal belongs to the replaced ledger, never to the restored one
        os.replace(journal, kept.with_name(kept.name + "-journal"))
    return kept


def _scalar(path: Path, query: str, *parameters: object) -> int:
    with ledger.said_in_chinese(path):
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=ledger.LOCK_WAIT_SECONDS)
        try:
            return connection.execute(query, parameters).fetchone()[0]
        finally:
            connection.close()
