"""The daily run (publish.py daily-files, deploy/daily.py): the unit and timer systemd accepts, the cron line, and
the very command they run — built and deployed on a small data folder as the shell runs it, deploying also when
records are held back, never when the build is refused."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.core import clock
from disclosure.core.exit_codes import ExitCode
from disclosure.deploy import daily
from disclosure.runtime.output import MANIFEST
from tests.conftest import OWN_SITE_SETTINGS, PENALTY_HEADER, PROJECT, penalty_row, write_workbook

CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))  # minute hour day month weekday


@pytest.fixture
def webroot(tmp_path_factory) -> Path:
    """Outside the workspace, as /srv/zfgs is outside the portal's folder."""
    return tmp_path_factory.mktemp("srv") / "zfgs"


def served_settings(workspace, webroot: Path) -> Path:
    """The settings with DEPLOY_WEBROOT where the run deploys: deploy has nothing to warn about."""
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                        f"THEME = {str(PROJECT / 'theme')!r}\nDEPLOY_WEBROOT = {str(webroot / 'current')!r}\n"
                        f"{OWN_SITE_SETTINGS}",
                        encoding="utf-8")
    return settings


def daily_files(workspace, webroot: Path, *extra: str) -> Path:
    folder = workspace.root / "units"
    if "--settings" not in extra:
        extra = ("--settings", str(served_settings(workspace, webroot)), *extra)
    assert cli.main(["daily-files", str(folder), "--deploy-to", str(webroot), "--time", "02:30",
                     "--data", str(workspace.data), "--cache", str(workspace.root / ".cache"),
                     "--reports", str(workspace.reports), "--output", str(workspace.output), *extra]) == 0
    return folder


def exec_start(folder: Path) -> list[str]:
    """The ExecStart line as systemd splits it, its $$ and %% undone: the program and its arguments."""
    unit = (folder / f"{daily.NAME}.service").read_text(encoding="utf-8")
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    return [word.replace("$$", "$").replace("%%", "%") for word in shlex.split(line.removeprefix("ExecStart="))]


def with_penalties(workspace, *rows) -> None:
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})


def today_row(number: int, **changes) -> list:
    return penalty_row(number, decided=clock.today() - dt.timedelta(days=1), **changes)


def run(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_service_and_timer_pass_systemd_analyze_verify(workspace, webroot):
    folder = daily_files(workspace, webroot)
    units = [str(folder / f"{daily.NAME}.service"), str(folder / f"{daily.NAME}.timer")]
    verify = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and verify.stderr == "", verify.stderr


def test_the_timer_runs_daily_at_the_time_and_catches_up_after_the_machine_was_off(workspace, webroot):
    timer = (daily_files(workspace, webroot) / f"{daily.NAME}.timer").read_text(encoding="utf-8").splitlines()
    for line in ("OnCalendar=*-*-* 02:30:00", "Persistent=true", "RandomizedDelaySec=0", f"Unit={daily.NAME}.service"):
        assert line in timer, line


def test_the_service_writes_only_the_portals_folders_and_the_local_webroot(workspace, webroot):
    unit = (daily_files(workspace, webroot) / f"{daily.NAME}.service").read_text(encoding="utf-8").splitlines()
    for line in ("Type=oneshot", "ProtectSystem=strict", "NoNewPrivileges=yes", "User=zfgs"):
        assert line in unit, line
    (writable,) = [line for line in unit if line.startswith("ReadWritePaths=")]
    assert shlex.split(writable.removeprefix("ReadWritePaths=")) == [str(workspace.root.resolve()), str(webroot)]


def test_the_cron_line_is_five_fields_and_the_command_the_service_runs(workspace, webroot):
    line = (daily_files(workspace, webroot) / f"{daily.NAME}.cron").read_text(encoding="utf-8").rstrip("\n")
    assert "\n" not in line
    fields, command = line.split(" ", 5)[:5], line.split(" ", 5)[5]
    for field, (low, high) in zip(fields, CRON_FIELDS, strict=True):
        assert field == "*" or (field.isdigit() and low <= int(field) <= high), field
    assert fields[:2] == ["30", "2"] and fields[2:] == ["*", "*", "*"]
    assert ["/bin/sh", "-c", command.replace("\\%", "%")] == exec_start(workspace.root / "units")


def test_the_daily_command_builds_and_deploys_quietly_when_all_is_well(workspace, webroot):
    with_penalties(workspace, today_row(1), today_row(2))
    result = run(exec_start(daily_files(workspace, webroot)))
    assert result.returncode == ExitCode.OK, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert (workspace.output / MANIFEST).is_file()
    assert (webroot / "current" / MANIFEST).read_bytes() == (workspace.output / MANIFEST).read_bytes()


def test_records_held_back_are_reported_and_the_rest_deployed_with_exit_code_1(workspace, webroot):
    with_penalties(workspace, today_row(1), today_row(2, categories="罚金"))
    result = run(exec_start(daily_files(workspace, webroot)))
    assert result.returncode == ExitCode.ATTENTION
    assert "罚金" in result.stdout and "错误 1 处" in result.stdout  # the report, for cron's mail
    assert (webroot / "current" / MANIFEST).is_file()


def test_a_refused_build_is_not_deployed_and_its_code_is_the_runs(workspace, webroot):
    with_penalties(workspace, today_row(1))
    settings = workspace.root / "wrong.py"
    settings.write_text('SITEURL = "不是网址"\n', encoding="utf-8")
    result = run(exec_start(daily_files(workspace, webroot, "--settings", str(settings))))
    assert result.returncode == ExitCode.REFUSED
    assert "设置文件" in result.stderr and not webroot.exists()


def test_the_files_are_refused_inside_the_public_output(workspace, tmp_path, capsys):
    assert cli.main(["daily-files", str(workspace.output / "units"), "--deploy-to", str(tmp_path / "www"),
                     "--output", str(workspace.output)]) == ExitCode.REFUSED
    assert "会随网站公开" in capsys.readouterr().err and not (workspace.output / "units").exists()


@pytest.mark.parametrize("text, parsed", [("02:30", (2, 30)), ("0:05", (0, 5)), ("23:59", (23, 59)), ("24:00", None),
                                          ("2:3", None), ("02-30", None), ("", None)])
def test_the_time_of_day(text, parsed):
    assert daily.parse_time(text) == parsed


def test_the_sample_gets_no_daily_run(tmp_path, capsys):
    """Run outside a portal folder, every default is the sample's: a timer would deploy invented agencies daily."""
    code = cli.main(["daily-files", str(tmp_path / "units"), "--deploy-to", str(tmp_path / "www"),
                     "--data", str(PROJECT / "data")])
    assert code == 2 and "是随程序提供的样例数据" in capsys.readouterr().err
    assert not (tmp_path / "units").exists()


def test_a_daily_deploy_elsewhere_than_deploy_webroot_is_said_when_the_files_are_made(workspace, webroot, capsys):
    other = webroot.parent / "elsewhere"
    daily_files(workspace, other, "--settings", str(served_settings(workspace, webroot)))
    said = capsys.readouterr().out
    assert "注意：这次构建的 nginx 配置片段" in said and str(other / "current") in said
    daily_files(workspace, webroot)
    assert "注意" not in capsys.readouterr().out
