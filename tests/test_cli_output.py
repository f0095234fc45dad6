"""publish.py's output as a webmaster's shell meets it: piped into a program that stops reading (`| head`), a
read-only command ends quietly and a build says where it stands; help pages label a command's arguments as
arguments; preview listens on the address it is told, so a colleague on the LAN can look."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from tests.conftest import PENALTY_HEADER, PROJECT, penalty_row, write_workbook
from tests.test_cli import free_port

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def publish_into_closed_pipe(workspace, command: str, *extra: str) -> tuple[int, str]:
    """publish.py with its stdout a pipe whose reader has already gone, as `publish.py … | head -1` after a line."""
    process = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *workspace.args(command, *extra)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    return process.wait(120), stderr


def built(workspace) -> None:
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in (1, 2, 3))]})
    workspace.build()


def test_a_search_whose_reader_stops_early_ends_quietly_as_a_pipe_expects(workspace):
    built(workspace)
    status, stderr = publish_into_closed_pipe(workspace, "search", "晋北商贸")
    assert status == 128 + 13  # as if ended by SIGPIPE, like cat or grep
    assert stderr == ""  # no “程序内部出错…构建未完成”: nothing was being built


def test_a_build_whose_output_is_closed_says_so_and_what_the_output_folder_holds(workspace):
    built(workspace)
    status, stderr = publish_into_closed_pipe(workspace, "build")
    assert status == 2
    assert "输出被关闭" in stderr and "没有显示完" in stderr and "程序内部出错" not in stderr
    assert "输出目录" in stderr  # what the disk holds: a complete build to deploy, or not
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_help_labels_a_commands_arguments_as_arguments_and_the_commands_as_commands():
    def shown(*args: str) -> str:
        return subprocess.run([sys.executable, str(PROJECT / "publish.py"), *args, "--help"], capture_output=True,
                              text=True, env=ENV, check=True).stdout

    deploy = shown("deploy")
    assert "参数:\n  目标" in deploy and "子命令" not in deploy
    assert "子命令:" in shown() and "deploy" in shown()


def test_preview_listens_on_the_address_given(workspace):
    built(workspace)
    port = free_port()
    # 127.0.0.2 is this machine too, but a server bound to 127.0.0.1 alone does not answer there.
    server = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"),
                               *workspace.args("preview", "--no-build", "--bind", "127.0.0.2", "--port", str(port))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.2:{port}/index.html", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.poll() else ""
                time.sleep(0.2)
        assert f"http://127.0.0.2:{port}/" in server.stdout.readline()
    finally:
        server.terminate()
        server.wait(10)
