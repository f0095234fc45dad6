"""How publish.py tells a failure it foresaw (a full disk, a read-only folder, a path through a file), what it left
behind, and a true bug — worded for the command that ran; no English on the terminal, not even a library's warning.

The disk failures are real: a 1 MiB tmpfs, filled up or remounted read-only (root, as the tests run, ignores
file permissions, not a read-only mount)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.core.exit_codes import ExitCode
from disclosure.report import excel_templates
from disclosure.rules import ledger
from disclosure.runtime.output import MANIFEST
from disclosure.search import index as search
from tests.conftest import PENALTY_HEADER, Workspace, penalty_row, write_workbook

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")


@contextmanager
def small_disk(where: Path, read_only: bool = False) -> Iterator[Path]:
    where.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True, text=True)
    assert mounted.returncode == 0, f"these tests mount a small tmpfs, as root (as CI runs them): {mounted.stderr}"
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(disk: Path) -> None:
    try:
        with (disk / "filler").open("wb", buffering=0) as stream:
            while True:
                stream.write(b"\0" * 4096)
    except OSError:
        pass  # full: what could not be written is gone with it


def with_penalties(space: Workspace) -> None:
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), penalty_row(2)]})


def no_english(text: str) -> bool:
    return not ENGLISH_SENTENCE.search(text) and "Errno" not in text and "Traceback" not in text


def test_a_full_disk_is_said_with_the_folder_and_the_site_left_incomplete(workspace, capsys):
    with_penalties(workspace)
    with small_disk(workspace.root / "disk") as disk:
        (disk / "build").mkdir()  # a first build that could not finish: the disk filled up under it
        fill(disk)
        assert cli.main(workspace.args("build")[:-2] + ["--output", str(disk / "build")]) == 2
        error = capsys.readouterr().err
        assert "磁盘空间已满，无法写入" in error and str(disk) in error and "请清理该磁盘" in error
        assert f"输出目录 {disk / 'build'} 未标记为完整，不能部署" in error
        assert not (disk / "build" / MANIFEST).exists()
    assert "内部出错" not in error and no_english(error), error


@pytest.mark.parametrize("command", ["build", "check", "template", "ledger"])
def test_a_read_only_folder_is_said_with_its_path(workspace, capsys, command):
    with_penalties(workspace)
    if command == "ledger":
        workspace.build()
    with small_disk(workspace.root / "disk", read_only=True) as disk:
        target = disk / "out"
        args = {"build": workspace.args("build")[:-2] + ["--output", str(target)],
                "check": workspace.args("check")[:-2] + ["--reports", str(target)],
                "template": ["template", "all", "-o", str(target)],
                "ledger": workspace.args("ledger", "export", "-o", str(target / "台账.csv"))}[command]
        capsys.readouterr()
        assert cli.main(args) == 2
    error = capsys.readouterr().err
    # A build names the lock file it first tried to write beside the output folder, on the same disk.
    named = disk if command == "build" else target
    assert f"{named}" in error and "所在的磁盘是只读的，无法写入：请改用可以写入的目录" in error, error
    assert "内部出错" not in error and no_english(error)


def test_an_output_folder_below_a_regular_file_names_the_path(workspace, capsys):
    with_penalties(workspace)
    blocker = workspace.root / "网站.zip"
    blocker.write_bytes(b"a file, not a folder")
    assert cli.main(workspace.args("build")[:-2] + ["--output", str(blocker / "build")]) == 2
    error = capsys.readouterr().err
    # The build's lock file, beside the output folder, is the first thing it tries to make inside the blocker.
    assert f"{blocker}" in error and ("中有一级不是文件夹而是文件" in error or "把挡路的同名文件移走" in error), error
    assert "可以部署" not in error  # there is no output folder at all, so nothing is said of it
    assert "Not a directory" not in error and no_english(error)


def a_bug(*args, **kwargs):
    raise RuntimeError("an injected bug")


@pytest.mark.parametrize(("command", "patch", "doing"), [
    ("check", (ledger, "read"), "检查"),
    ("history", (ledger, "history"), "查询公示历史"),
    ("ledger", (ledger, "export_csv"), "导出台账"),
    ("search", (search, "search"), "检索"),
    ("template", (excel_templates, "write_template"), "生成模板"),
])
def test_a_bug_outside_a_build_is_worded_for_the_command_that_ran(workspace, capsys, monkeypatch, command, patch, doing):
    with_penalties(workspace)
    workspace.build()
    monkeypatch.setattr(*patch, a_bug)
    args = {"history": workspace.args("history", "朔城科罚〔2026〕1号"),
            "ledger": workspace.args("ledger", "export", "-o", str(workspace.root / "台账.csv")),
            "search": workspace.args("search", "晋北商贸"),
            "template": ["template", "penalties", "-o", str(workspace.root / "模板.xlsx")]}.get(command) \
        or workspace.args(command)
    capsys.readouterr()
    assert cli.main(args) == 2
    error = capsys.readouterr().err
    log = workspace.root / ".cache" / "last-error.log" if command != "template" else None  # template has no --cache
    assert f"程序内部出错，{doing}未完成。" in error and "请交给网站管理员" in error
    assert "构建未完成" not in error and "不能部署" not in error
    if log is not None:
        assert f"详细信息已写入 {log}" in error and "an injected bug" in log.read_text(encoding="utf-8")


def test_a_bug_in_a_build_says_whether_the_output_can_be_deployed(workspace, capsys, monkeypatch):
    with_penalties(workspace)
    workspace.build()
    monkeypatch.setattr(ledger, "read", a_bug)
    assert workspace.publish("build") == 2
    error = capsys.readouterr().err
    assert "程序内部出错，构建未完成。" in error
    assert f"输出目录 {workspace.output} 中仍是上次完整构建的网站，可以部署。" in error


DATA_VALIDATION_EXTENSION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1">'
    "<x14:formula1><xm:f>机关信息!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>B2:B100</xm:sqref></x14:dataValidation>"
    "</x14:dataValidations></ext></extLst>")


def with_data_validation_extension(path: Path) -> None:
    """Excel writes a drop-down list fed from another sheet as an x14 extension, which openpyxl cannot write
    and warns about when it reads one (for the annotated copy)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</worksheet>", DATA_VALIDATION_EXTENSION + "</worksheet>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_library_s_english_warning_never_reaches_the_terminal(workspace):
    agency = workspace.agency()
    wrong = penalty_row(1)
    wrong[11] = "去年"  # an error, so the annotated copy (read with openpyxl) is made
    workbook = write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, wrong, penalty_row(2)]})
    with_data_validation_extension(workbook)
    result = workspace.publish_subprocess("build")
    assert result.returncode == ExitCode.ATTENTION, result.stderr  # the wrong row held back
    assert (workspace.reports / "标注").is_dir()
    assert "Warning" not in result.stderr and no_english(result.stderr + result.stdout), result.stderr
    assert "Data Validation extension" in (workspace.root / ".cache" / "warnings.log").read_text(encoding="utf-8")


def test_a_deploy_to_a_read_only_folder_is_said_in_chinese_and_the_served_site_is_untouched(workspace, capsys):
    with_penalties(workspace)
    workspace.build()
    with small_disk(workspace.root / "disk", read_only=True) as disk:
        capsys.readouterr()
        assert cli.main(["deploy", str(disk / "zfgs"), "--output", str(workspace.output)]) == 2
    error = capsys.readouterr().err
    assert f"{disk / 'zfgs'}" in error and "所在的磁盘是只读的" in error
    assert "current 只在新版本核对无误后才切换" in error
    assert "Read-only file system" not in error and no_english(error)


def test_an_export_the_disk_cannot_hold_leaves_the_last_export_whole(workspace, capsys):
    with_penalties(workspace)
    workspace.build()
    with small_disk(workspace.root / "disk") as disk:
        export = disk / "台账.csv"
        assert workspace.publish("ledger", "export", "-o", str(export)) == 0
        last = export.read_bytes()
        agency = workspace.data / "科技局"
        rows = [penalty_row(number) for number in range(1, 200)]
        write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
        workspace.build()  # more events: this export needs more room than the last one
        fill(disk)
        assert workspace.publish("ledger", "export", "-o", str(export)) == 2
        assert "磁盘空间已满" in capsys.readouterr().err
        assert export.read_bytes() == last and sorted(p.name for p in disk.iterdir()) == ["filler", "台账.csv"]


def test_every_command_can_say_in_chinese_what_did_not_finish():
    """An unforeseen failure or Ctrl+C names what was being done: every command has its words."""
    from disclosure import cli_failures

    assert set(cli.COMMANDS) <= set(cli_failures.DOING)


def test_daily_files_into_a_path_that_is_a_file_says_so_in_chinese(tmp_path, capsys):
    blocked = tmp_path / "units"
    blocked.write_text("not a folder", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    code = cli.main(["daily-files", str(blocked / "zfgs"), "--deploy-to", str(tmp_path / "www"), "--data", str(data),
                     "--output", str(tmp_path / "build")])
    said = capsys.readouterr().err
    assert code == 2 and str(blocked) in said and "Traceback" not in said and "Error" not in said, said
