"""A ledger that cannot be used stops every command that reads it with a Chinese message naming the file, what is
wrong and how to restore it from a backup — never the internal-error line, and never a change to the file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.rules import ledger
from tests.conftest import PENALTY_HEADER, Workspace, penalty_row, write_workbook

LEDGER = ".ledger.sqlite"


@pytest.fixture
def built(workspace: Workspace) -> Workspace:
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), penalty_row(2)]})
    workspace.build()
    return workspace


def damage(path: Path, how: str) -> None:
    good = path.read_bytes()
    if how == "random-bytes":
        path.write_bytes(os.urandom(len(good)))
    elif how == "truncated":
        path.write_bytes(good[:len(good) // 3])
    elif how == "not-sqlite":
        path.write_text("日期,事件\n2026-11-20,首次公示\n", encoding="utf-8")
    elif how == "zero-bytes":
        path.write_bytes(b"")
    elif how == "missing-tables":
        with sqlite3.connect(path) as connection:
            connection.execute("DROP TABLE events")
        connection.close()
    elif how == "newer-schema":
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA user_version = 7")
        connection.close()


def command_line(space: Workspace, command: str) -> list[str]:
    if command == "history":
        return space.args("history", "朔城科罚〔2026〕1号")
    if command == "ledger":
        return space.args("ledger", "export", "-o", str(space.root / "台账.csv"))
    return space.args(command)


def says_how_to_restore(error: str, path: Path) -> bool:
    return f"台账文件 {path}" in error and f"把最近一次备份的台账文件复制到 {path}" in error and "不要删除" in error


@pytest.mark.parametrize("how", ["random-bytes", "truncated", "not-sqlite", "zero-bytes", "missing-tables",
                                 "newer-schema"])
@pytest.mark.parametrize("command", ["build", "check", "history", "ledger"])
def test_a_damaged_ledger_is_named_with_the_restore_step_and_left_as_it_is(built, capsys, how, command):
    path = built.data / LEDGER
    damage(path, how)
    before = path.read_bytes()
    capsys.readouterr()
    assert cli.main(command_line(built, command)) == 2
    error = capsys.readouterr().err
    assert says_how_to_restore(error, path), error
    assert "内部出错" not in error and "Traceback" not in error
    assert path.read_bytes() == before  # not repaired into an empty ledger, not stamped with an older version
    if command == "build":
        assert f"输出目录 {built.output} 中仍是上次完整构建的网站，可以部署" in error
    else:
        assert "构建未完成" not in error and "不能部署" not in error


def test_a_ledger_of_a_newer_program_says_so(built, capsys):
    damage(built.data / LEDGER, "newer-schema")
    assert built.publish("check") == 2
    assert "是更新版本的程序写的（台账格式第 7 版，本程序只认识到第 2 版）" in capsys.readouterr().err


def test_a_folder_where_the_ledger_should_be_is_a_wrong_path_not_a_damaged_ledger(workspace, capsys):
    workspace.agency()
    (workspace.data / LEDGER).mkdir(parents=True)
    assert workspace.publish("check") == 2
    error = capsys.readouterr().err
    assert f"台账位置 {workspace.data / LEDGER} 是一个文件夹" in error and "--ledger" in error


def hold_exclusive_lock(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN EXCLUSIVE")
    return connection


@pytest.mark.parametrize("command", ["build", "check", "history"])
def test_a_ledger_locked_by_another_process_is_waited_for_then_named(built, capsys, monkeypatch, command):
    monkeypatch.setattr(ledger, "LOCK_WAIT_SECONDS", 0.5)
    path = built.data / LEDGER
    holder = hold_exclusive_lock(path)
    try:
        started = time.monotonic()
        assert cli.main(command_line(built, command)) == 2
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    error = capsys.readouterr().err
    assert f"台账文件 {path} 正被另一个 publish.py（多半是另一次构建）占用，等了 0.5 秒仍未释放" in error
    assert "内部出错" not in error and waited >= 0.5


def test_a_lock_released_within_the_wait_lets_the_build_go_on(built, capsys):
    path = built.data / LEDGER
    holder = hold_exclusive_lock(path)
    releaser = threading.Timer(0.5, lambda: (holder.rollback(), holder.close()))
    releaser.start()
    try:
        assert built.publish("build") == 0
    finally:
        releaser.join()


def test_a_ledger_write_killed_mid_transaction_is_rolled_back_by_the_next_command(built, capsys):
    """A killed writer leaves a hot journal, which a read-only connection cannot roll back ("attempt to write a
    readonly database"): the next command rolls it back and reads the ledger as it was before."""
    path = built.data / LEDGER
    expected = ledger.read(path).records.keys()
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE records SET public_values = '{}', state = 'gone'\")\n"
        "c.executemany('INSERT INTO events (build, uid, on_date, event) VALUES (0, ?, ?, ?)',"
        " [(str(n), '2026-01-01', 'x' * 2000) for n in range(2000)])\n"
        "print('writing', flush=True)\n"
        "time.sleep(60)\n"), str(path)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert Path(f"{path}-journal").exists()
    capsys.readouterr()
    assert built.publish("history", "朔城科罚〔2026〕1号") == 0
    assert "首次公示" in capsys.readouterr().out
    assert ledger.read(path).records.keys() == expected
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT COUNT(*) FROM records WHERE state = 'gone'").fetchone() == (0,)
    connection.close()


@pytest.mark.parametrize("command", ["history", "ledger"])
def test_reading_a_ledger_that_is_not_there_says_so_instead_of_finding_nothing(workspace, capsys, command):
    workspace.agency()
    assert cli.main(command_line(workspace, command)) == 2
    error = capsys.readouterr().err
    assert f"找不到台账文件 {workspace.data / LEDGER}：还没有成功构建过，或 --data / --ledger 指定的位置不对" in error
    assert not (workspace.root / "台账.csv").exists()


def test_exporting_onto_the_ledger_itself_is_refused(built, capsys):
    path = built.data / LEDGER
    before = path.read_bytes()
    assert built.publish("ledger", "export", "-o", str(path)) == 2
    assert "就是台账本身，导出会覆盖台账" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_exporting_to_a_folder_asks_for_a_file_name(built, capsys):
    assert built.publish("ledger", "export", "-o", str(built.root)) == 2
    assert f"导出位置 {built.root} 是一个文件夹：请写上文件名，如 {built.root / '台账.csv'}" in capsys.readouterr().err


def test_exporting_below_a_file_says_which_part_of_the_path_is_a_file(built, capsys):
    blocker = built.root / "报表"
    blocker.write_text("一个文件，不是文件夹", encoding="utf-8")
    assert built.publish("ledger", "export", "-o", str(blocker / "台账.csv")) == 2
    error = capsys.readouterr().err
    assert str(blocker) in error and "同名" in error
    assert "Not a directory" not in error and "File exists" not in error and "内部出错" not in error
