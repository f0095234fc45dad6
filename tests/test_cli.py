"""publish.py preview serves the built site over real HTTP on localhost."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from disclosure.core.exit_codes import ExitCode
from tests.conftest import PENALTY_HEADER, PROJECT, penalty_row, write_workbook


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_preview_serves_the_build(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    port = free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *workspace.args("preview", "--port", str(port))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.poll() else ""
                time.sleep(0.2)
        assert "<title>首页 - 行政执法公示平台</title>" in page
        assert "朔城科罚〔2026〕1号" in page
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/penalties/no-such-record.html", timeout=5)
        assert missing.value.code == 404
        answer = missing.value.read().decode("utf-8")
        assert "<h1>页面不存在</h1>" in answer and 'href="/index.html"' in answer and "File not found" not in answer
    finally:
        server.terminate()
        server.wait(10)


def test_preview_without_a_complete_build_says_so(workspace):
    result = workspace.publish_subprocess("preview", "--no-build")
    assert result.returncode == ExitCode.REFUSED and "没有完整的网站" in result.stderr


def test_a_busy_preview_port_is_named_with_what_to_do(workspace, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    workspace.build()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        capsys.readouterr()
        assert workspace.publish("preview", "--no-build", "--port", str(port)) == 2
    error = capsys.readouterr().err
    assert f"端口 {port} 已被占用，请用 --port 指定其他端口" in error and "或关闭占用它的程序" in error
    assert "内部出错" not in error and "Address already in use" not in error


def test_a_port_out_of_range_is_refused_before_any_work(workspace, capsys):
    workspace.agency()
    try:
        workspace.publish("preview", "--port", "70000")
    except SystemExit as stop:
        assert stop.code == 2
    assert "端口“70000”无效，应为 1 到 65535 之间的整数" in capsys.readouterr().err
    assert not workspace.output.exists()
