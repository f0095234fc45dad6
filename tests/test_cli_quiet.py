"""publish.py build --quiet and deploy --quiet, for cron (which mails whatever a job prints), and the one table of
exit codes every command returns and `publish.py --help` shows."""

from __future__ import annotations

import subprocess
import sys

from disclosure.core.exit_codes import MEANINGS, PUBLISHED, ExitCode
from tests.conftest import OWN_SITE_SETTINGS, PENALTY_HEADER, PROJECT, penalty_row, write_workbook


def deploy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "publish.py"), "deploy", *args], capture_output=True, text=True,
                          timeout=600)


def with_penalties(workspace, *rows) -> None:
    write_workbook(workspace.agency() / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})


def test_a_quiet_build_and_deploy_print_nothing_when_all_is_well(workspace, tmp_path):
    with_penalties(workspace, penalty_row(1))
    settings = tmp_path / "settings.py"  # DEPLOY_WEBROOT where it deploys: deploy has nothing to warn about
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                        f"DEPLOY_WEBROOT = {str(tmp_path / 'www' / 'current')!r}\n{OWN_SITE_SETTINGS}", encoding="utf-8")
    built = workspace.publish_subprocess("build", "--quiet", "--settings", str(settings))
    assert (built.returncode, built.stdout, built.stderr) == (ExitCode.OK, "", "")
    loud = workspace.publish_subprocess("build", "--settings", str(settings))
    assert loud.returncode == ExitCode.OK and "警告 0 处" in loud.stdout  # the same build, not quiet, says it all
    deployed = deploy(str(tmp_path / "www"), "--output", str(workspace.output), "--quiet")
    assert (deployed.returncode, deployed.stdout, deployed.stderr) == (ExitCode.OK, "", "")
    assert (tmp_path / "www" / "current").is_dir()


def test_a_quiet_deploy_where_the_nginx_snippet_does_not_point_says_so(workspace, tmp_path):
    with_penalties(workspace, penalty_row(1))
    assert workspace.publish_subprocess("build").returncode == ExitCode.OK  # DEPLOY_WEBROOT: /srv/zfgs/current
    deployed = deploy(str(tmp_path / "www"), "--output", str(workspace.output), "--quiet")
    assert deployed.returncode == ExitCode.OK and "注意" in deployed.stdout and "DEPLOY_WEBROOT" in deployed.stdout


def test_a_quiet_build_with_records_held_back_prints_the_report_and_exits_1(workspace):
    with_penalties(workspace, penalty_row(1), penalty_row(2, categories="罚金"))
    built = workspace.publish_subprocess("build", "--quiet")
    assert built.returncode == ExitCode.ATTENTION in PUBLISHED
    assert "错误 1 处" in built.stdout and "罚金" in built.stdout and "网站已生成" in built.stdout


def test_a_quiet_build_with_warnings_only_prints_the_report_and_exits_0(workspace):
    with_penalties(workspace, penalty_row(1))
    (workspace.data / "科技局" / "空.xlsx").write_bytes(b"")  # a warning, no error
    built = workspace.publish_subprocess("build", "--quiet")
    assert built.returncode == ExitCode.OK
    assert "错误 0 处" in built.stdout and "警告 0 处" not in built.stdout


def test_a_quiet_refusal_always_says_why(workspace, tmp_path):
    with_penalties(workspace, penalty_row(1))
    with_penalties(workspace, penalty_row(1, decided="2026-02-30"))
    built = workspace.publish_subprocess("build", "--strict", "--quiet")
    assert built.returncode == ExitCode.REFUSED and "严格模式" in built.stdout and "L2" in built.stdout
    deployed = deploy(str(tmp_path / "www"), "--output", str(workspace.output), "--quiet")
    assert deployed.returncode == ExitCode.REFUSED and "完整" in deployed.stderr


def test_the_exit_codes_are_one_table_shown_by_help():
    assert [meaning.code for meaning in MEANINGS] == list(ExitCode)
    shown = subprocess.run([sys.executable, str(PROJECT / "publish.py"), "--help"], capture_output=True, text=True).stdout
    for meaning in MEANINGS:
        assert f"{meaning.code.value:>3}  {meaning.said}" in shown
