"""`publish.py ledger backup` copies the ledger whole while a build writes it; `ledger restore` puts a backup
back, after saying what the live ledger knows that the backup does not, and the next build publishes exactly
what the backup knew. Real SQLite files and real publish.py processes: the build is stopped inside the
ledger's transaction (runtime/faults.py) while the backup runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.core.identifiers import normalize_identifier
from disclosure.runtime.faults import ENVIRONMENT
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook

LEDGER = ".ledger.sqlite"


def key(number: int) -> str:
    """The 文书号 of penalty_row(number), as the ledger keeps it."""
    return normalize_identifier(f"朔城科罚〔2026〕{number}号")


def penalties(space: Workspace, numbers: range) -> None:
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in numbers)]})


def keys_and_events(path: Path) -> list[tuple[str, str, int]]:
    """Every event the ledger holds: the record's 文书号, the event, the build that recorded it."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT records.key, events.event, events.build FROM events "
                                  "JOIN records USING (uid) ORDER BY events.id").fetchall()
    connection.close()
    return rows


def build_stopped_in_ledger_write(space: Workspace) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", ENVIRONMENT: "ledger-write"}
    process = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *space.args("build")], env=env,
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"never reached ledger-write: {process.stderr.read().decode()}"
    return process


def resumed(process: subprocess.Popen) -> int:
    os.killpg(process.pid, signal.SIGCONT)
    _, status = os.waitpid(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    return process.returncode


@pytest.fixture
def built(workspace: Workspace) -> Workspace:
    penalties(workspace, range(1, 3))
    assert workspace.publish_subprocess("build").returncode == 0
    return workspace


def test_a_backup_taken_while_a_build_writes_is_whole_and_restoring_it_republishes_what_it_did_not_know(built):
    space, live = built, built.data / LEDGER
    backup = space.root / "备份" / "台账.sqlite"
    penalties(space, range(1, 4))  # 朔城科罚〔2026〕3号 is new
    writing = build_stopped_in_ledger_write(space)
    try:
        result = space.publish_subprocess("ledger", "backup", str(backup))
        # A restore takes the ledger's lock: told not to wait, it names the build and leaves the ledger alone.
        busy = space.publish_subprocess("ledger", "restore", str(backup), "--yes", "--no-wait")
    finally:
        assert resumed(writing) == 0
    assert result.returncode == 0, result.stderr
    assert busy.returncode == 3 and "构建正在进行" in busy.stderr
    assert not list(space.data.glob(f"{LEDGER}.replaced-*"))
    assert "已通过完整性检查" in result.stdout and "2 条记录，1 次构建" in result.stdout
    with sqlite3.connect(backup) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    known = keys_and_events(backup)
    assert [key for key, _, _ in known] == [key(1), key(2)]
    assert len(keys_and_events(live)) == 3

    before = live.read_bytes()
    told = space.publish_subprocess("ledger", "restore", str(backup))
    assert told.returncode == 0, told.stderr
    assert "1 次构建、1 条公示事件" in told.stdout and key(3) in told.stdout
    assert "重新首次公示" in told.stdout and "未做任何改动" in told.stdout
    assert live.read_bytes() == before

    restored = space.publish_subprocess("ledger", "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    kept = list(space.data.glob(f"{LEDGER}.replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert keys_and_events(live) == known

    assert space.publish_subprocess("build").returncode == 0
    assert keys_and_events(live) == [*known, (key(3), "published", 2)]


def test_restore_says_withdrawals_it_would_forget(built):
    space, live = built, built.data / LEDGER
    backup = space.root / "台账备份.sqlite"
    assert space.publish_subprocess("ledger", "backup", str(backup)).returncode == 0
    with sqlite3.connect(live) as connection:  # as a build withdrawing it would leave it
        connection.execute("UPDATE records SET state = 'withdrawn' WHERE key = ?", (key(2),))
    connection.close()
    told = space.publish_subprocess("ledger", "restore", str(backup))
    assert f"备份之后撤回的 1 条记录（{key(2)}）" in told.stdout and "重新公示" in told.stdout


@pytest.mark.parametrize("how", ["overwritten", "newer-schema"])
def test_restore_refuses_a_damaged_backup_and_changes_nothing(built, how):
    space, live = built, built.data / LEDGER
    backup = space.root / "台账备份.sqlite"
    assert space.publish_subprocess("ledger", "backup", str(backup)).returncode == 0
    if how == "overwritten":
        good = bytearray(backup.read_bytes())
        good[4096:8192] = os.urandom(4096)  # a page in the middle: SQLite still opens the file
        backup.write_bytes(bytes(good))
    else:
        with sqlite3.connect(backup) as connection:
            connection.execute("PRAGMA user_version = 7")
        connection.close()
    before = live.read_bytes()
    result = space.publish_subprocess("ledger", "restore", str(backup), "--yes")
    assert result.returncode == 2
    assert str(backup) in result.stderr and "Traceback" not in result.stderr
    assert "不能用它恢复，现有台账未做任何改动" in result.stderr
    assert ("完整性检查" in result.stderr) if how == "overwritten" else ("更新版本" in result.stderr)
    assert live.read_bytes() == before and not list(space.data.glob(f"{LEDGER}.replaced-*"))


def test_a_corrupt_live_ledger_names_the_restore_command_which_then_restores_it(built):
    space, live = built, built.data / LEDGER
    backup = space.root / "台账备份.sqlite"
    assert space.publish_subprocess("ledger", "backup", str(backup)).returncode == 0
    known = keys_and_events(live)
    live.write_bytes(os.urandom(live.stat().st_size))
    for command in ("build", "check", "history"):
        extra = ("朔城科罚〔2026〕1号",) if command == "history" else ()
        result = space.publish_subprocess(command, *extra)
        assert result.returncode != 0
        assert f"python publish.py ledger restore 备份文件 --ledger {live}" in result.stderr, result.stderr
    restored = space.publish_subprocess("ledger", "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "无法比较" in restored.stdout
    assert keys_and_events(live) == known


def test_a_backup_never_overwrites_the_live_ledger(built):
    live = built.data / LEDGER
    before = live.read_bytes()
    result = built.publish_subprocess("ledger", "backup", str(live))
    assert result.returncode == 2 and "就是台账本身" in result.stderr
    assert live.read_bytes() == before


def test_restore_refuses_a_missing_backup_file(built):
    result = built.publish_subprocess("ledger", "restore", str(built.root / "没有这个文件.sqlite"), "--yes")
    assert result.returncode == 2 and "找不到备份文件" in result.stderr


def test_a_ledger_damaged_inside_is_not_backed_up_and_the_last_backup_stays_whole(built):
    live, backup = built.data / LEDGER, built.root / "台账备份.sqlite"
    assert built.publish_subprocess("ledger", "backup", str(backup)).returncode == 0
    last = backup.read_bytes()
    damaged = bytearray(live.read_bytes())
    damaged[4096:8192] = os.urandom(4096)
    live.write_bytes(bytes(damaged))
    result = built.publish_subprocess("ledger", "backup", str(backup))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"ledger restore 备份文件 --ledger {live}" in result.stderr, result.stderr
    assert backup.read_bytes() == last and not list(built.root.glob(".*.partial"))


def test_a_ledger_lost_with_its_disk_is_restored_from_the_backup(built):
    live, backup = built.data / LEDGER, built.root / "台账备份.sqlite"
    assert built.publish_subprocess("ledger", "backup", str(backup)).returncode == 0
    known = keys_and_events(live)
    live.unlink()
    result = built.publish_subprocess("ledger", "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert keys_and_events(live) == known and not list(built.data.glob(f"{LEDGER}.replaced-*"))
