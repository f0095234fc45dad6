"""What a build keeps from the last one is keyed by the code that made it: change any module of a stage and
what that stage made is made again. Each test edits a copy of the project's code, as an upgrade would, and
compares the next incremental build with a build from scratch by the same code."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook


@pytest.fixture
def project(tmp_path) -> Path:
    """The project's code, as a webmaster's checkout holds it, to be edited by the test."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT / "disclosure", copy / "disclosure", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("theme", "content"):
        shutil.copytree(PROJECT / name, copy / name)
    for name in ("publish.py", "pelicanconf.py"):
        shutil.copy(PROJECT / name, copy / name)
    return copy


def workspace_with_penalties(root: Path) -> Workspace:
    space = Workspace(root)
    folder = space.agency()
    rows = [penalty_row(number, decided=dt.date(2026, 11, 2 + number)) for number in range(1, 8)]
    write_workbook(folder / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
    return space


def build(project: Path, space: Workspace) -> str:
    """publish.py build with the project's (edited) code; returns what it printed on stderr."""
    result = subprocess.run([sys.executable, str(project / "publish.py"), *space.args("build")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


def edit(project: Path, module: str, old: str, new: str) -> None:
    path = project / "disclosure" / module
    text = path.read_text()
    assert old in text, f"{module} no longer has {old!r}: update this test"
    path.write_text(text.replace(old, new))


def files_under(root: Path, folder: str) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((root / folder).rglob("*")) if path.is_file()}


def test_a_changed_reader_module_reads_every_workbook_again(project, tmp_path):
    space = workspace_with_penalties(tmp_path / "site")
    assert "读取并检查工作簿：2 项" in build(project, space)
    assert "读取并检查工作簿：0 项" in build(project, space)
    edit(project, "reading/xlsx_scan.py", "import posixpath\n", "import posixpath  # as an upgrade would change it\n")
    assert "读取并检查工作簿：2 项" in build(project, space)


@pytest.mark.parametrize(("module", "old", "new", "folder"), [
    # the listing order, which the downloads share with the pages: oldest first instead of newest
    ("public/order.py", "reverse=order == NEWEST", "reverse=order != NEWEST", "downloads"),
    # the browser's search files: smaller result files
    ("search/static.py", "CHUNK_SIZE = 16", "CHUNK_SIZE = 2", "search"),
])
def test_after_a_code_change_an_incremental_build_equals_a_build_from_scratch(project, tmp_path, module, old, new,
                                                                             folder):
    space = workspace_with_penalties(tmp_path / "site")
    build(project, space)
    before = files_under(space.output, folder)
    edit(project, module, old, new)
    build(project, space)
    fresh = workspace_with_penalties(tmp_path / "fresh")
    build(project, fresh)
    assert files_under(fresh.output, folder) != before, "the edit should change these files; update this test"
    assert files_under(space.output, folder) == files_under(fresh.output, folder)

