"""Two commands at once on the same data or output: the second waits for the first (or, with --no-wait, refuses
saying who holds the lock), nothing is recorded twice in the ledger, and the next deploy is accepted.

The first build is held still at a named point (runtime/faults.py) while the second starts, so each test sees
the overlap every time, not only when the scheduler happens to allow it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from disclosure import cli
from disclosure.runtime.faults import ENVIRONMENT
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook

RECORDS = 12


def with_data(space: Workspace) -> Workspace:
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, RECORDS + 1))]})
    return space


def start(space: Workspace, *args: str, stop_at: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if stop_at:
        env[ENVIRONMENT] = stop_at
    return subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stopped(process: subprocess.Popen) -> subprocess.Popen:
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), process.stderr.read()
    return process


def waiting_line(process: subprocess.Popen) -> str:
    """The first line a second command prints while it waits for the lock."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if "等待中" in line:
            return line
        assert line or process.poll() is None, "it ended without waiting"
    raise AssertionError("no waiting message")


def resume(process: subprocess.Popen) -> tuple[int, str, str]:
    os.kill(process.pid, signal.SIGCONT)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def published_events(space: Workspace) -> list[tuple[str, int]]:
    with sqlite3.connect(space.data / ".ledger.sqlite") as connection:
        return connection.execute("SELECT uid, COUNT(*) FROM events WHERE event = 'published' GROUP BY uid").fetchall()


def test_two_builds_at_once_the_second_waits_and_nothing_is_recorded_twice(workspace, tmp_path):
    with_data(workspace)
    first = stopped(start(workspace, *workspace.args("build"), stop_at="pages"))  # files half changed
    second = start(workspace, *workspace.args("build"))
    line = waiting_line(second)
    assert f"另一个构建正在进行（进程 {first.pid}，publish.py build，开始于 " in line
    assert resume(first)[0] == 0
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    events = published_events(workspace)
    assert len(events) == RECORDS and {count for _, count in events} == {1}
    assert cli.main(["deploy", str(tmp_path / "www"), "--output", str(workspace.output)]) == 0


def test_with_no_wait_a_second_build_refuses_and_says_who_holds_the_lock(workspace):
    with_data(workspace)
    first = stopped(start(workspace, *workspace.args("build"), stop_at="checked"))
    refused = workspace.publish_subprocess("build", "--no-wait")
    try:
        assert refused.returncode == 3
        assert f"另一个构建正在进行（进程 {first.pid}，publish.py build，开始于 " in refused.stderr
        assert "未做任何改动" in refused.stderr and "Traceback" not in refused.stderr
    finally:
        assert resume(first)[0] == 0
    assert len(published_events(workspace)) == RECORDS


def test_a_deploy_during_a_build_waits_for_it_and_deploys_the_finished_site(workspace, tmp_path, capsys):
    with_data(workspace)
    workspace.build()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx",
                   {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, RECORDS + 3))]})
    build = stopped(start(workspace, *workspace.args("build"), stop_at="pages"))  # no manifest at this moment
    webroot = str(tmp_path / "www")
    deploy_args = ["deploy", webroot, "--output", str(workspace.output)]
    assert cli.main([*deploy_args, "--no-wait"]) == 3
    assert f"另一个构建正在进行（进程 {build.pid}" in capsys.readouterr().err
    deploy = start(workspace, *deploy_args)
    waiting_line(deploy)
    assert resume(build)[0] == 0
    _, err = deploy.communicate(timeout=300)
    assert deploy.returncode == 0, err
    assert (tmp_path / "www" / "current" / "manifest.json").read_bytes() == (workspace.output / "manifest.json").read_bytes()
    assert len(published_events(workspace)) == RECORDS + 2


def test_a_build_waits_for_a_check_of_the_same_data(workspace):
    with_data(workspace)
    check = stopped(start(workspace, *workspace.args("check"), stop_at="checked"))
    build = start(workspace, *workspace.args("build"))
    assert "另一个检查正在进行" in waiting_line(build)
    assert resume(check)[0] == 0
    assert build.communicate(timeout=300)[0] and build.returncode == 0
