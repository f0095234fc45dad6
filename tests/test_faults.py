"""A build is one transaction for the outside world: killed with SIGKILL at any stage boundary, or in the middle
of the ledger's write, it leaves a sound ledger and an output that is either a complete site or marked
incomplete; the next build makes exactly the site an uninterrupted one makes, and deploy accepts it.

Real `publish.py build` processes, stopped at a named point (runtime/faults.py) and killed there."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.core.exit_codes import ExitCode
from disclosure.deploy.plan import DeployError, check_build
from disclosure.runtime.faults import ENVIRONMENT, POINTS
from disclosure.runtime.output import MANIFEST
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook

LEDGER = "data/.ledger.sqlite"


@dataclass(frozen=True)
class Scenario:
    """One workspace path, restored to the state after a first build before each test: the output folder's
    path is part of what the cache remembers about it, so every run sees the same."""

    space: Workspace
    base: Path  # the workspace after the first build
    reference: dict[str, bytes]  # every file of the output after an uninterrupted second build
    reference_events: list[tuple]

    def restore(self) -> None:
        shutil.rmtree(self.space.root, ignore_errors=True)
        shutil.copytree(self.base, self.space.root, symlinks=True)

    @property
    def settings(self) -> Path:
        return self.space.root / "settings.py"

    def second_build_args(self) -> list[str]:
        return self.space.args("build", "--settings", str(self.settings))


def write_settings(path: Path, page_size: int, owner: str) -> None:
    path.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                    f"THEME = {str(PROJECT / 'theme')!r}\nPORTAL_PAGE_SIZE = {page_size}\nSITE_OWNER = {owner!r}\n",
                    encoding="utf-8")


def first_data(space: Workspace) -> None:
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 31))]})
    write_workbook(agency / "处罚二.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(31, 41))]})
    write_settings(space.root / "settings.py", 5, "示范县人民政府司法局")


def second_data(space: Workspace) -> None:
    """A workbook deleted, one changed (corrections and new decisions), a setting every page shows changed,
    and listings paged otherwise: pages to write, pages to rewrite and pages to remove."""
    agency = space.data / "科技局"
    (agency / "处罚二.xlsx").unlink()
    rows = [penalty_row(n, facts="更正后的违法事实。" if n % 3 == 0 else "未按规定报送年度报告材料。")
            for n in range(1, 46)]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
    write_settings(space.root / "settings.py", 20, "示范县人民政府法制办")


def output_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def ledger_events(space: Workspace) -> list[tuple]:
    with sqlite3.connect(space.root / LEDGER) as connection:
        return connection.execute("SELECT uid, on_date, event, fields FROM events ORDER BY uid, id").fetchall()


def deploy(space: Workspace, webroot: Path) -> int:
    return cli.main(["deploy", str(webroot), "--output", str(space.output)])


def build_quietly(space: Workspace, settings: Path) -> None:
    result = space.publish_subprocess("build", "--settings", str(settings))
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Iterator[Scenario]:
    root = tmp_path_factory.mktemp("faults")
    space = Workspace(root / "space")
    first_data(space)
    build_quietly(space, space.root / "settings.py")
    base = root / "base"
    shutil.copytree(space.root, base, symlinks=True)
    second_data(space)
    build_quietly(space, space.root / "settings.py")
    yield Scenario(space, base, output_files(space.output), ledger_events(space))


def stopped_at(point: str, args: list[str]) -> subprocess.Popen:
    """publish.py started with the stop point set, returned once it stopped itself there."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", ENVIRONMENT: point}
    process = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *args], env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"never reached {point}: {process.stderr.read().decode()}"
    return process


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the build and whatever it forked (search index writer, renderers)
    process.wait()
    process.stderr.close()


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_any_point_leaves_a_sound_state_and_the_next_build_is_a_clean_one(scenario, point, tmp_path):
    scenario.restore()
    space = scenario.space
    second_data(space)
    kill(stopped_at(point, scenario.second_build_args()))

    with sqlite3.connect(space.root / LEDGER) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if (space.output / MANIFEST).exists():
        check_build(space.output, strict=False)  # complete: a site deploy accepts, as the ledger records it
    else:
        with pytest.raises(DeployError, match="不是一次完整的构建"):
            check_build(space.output, strict=False)

    build_quietly(space, scenario.settings)
    assert output_files(space.output) == scenario.reference
    assert ledger_events(space) == scenario.reference_events  # nothing recorded twice, nothing lost
    assert deploy(space, tmp_path / "www") == 0


def test_a_ledger_locked_by_another_program_leaves_no_deployable_site_it_does_not_know(workspace, tmp_path):
    """The ledger write fails (another program holds SQLite's lock): the site must not be complete, or deleting
    a row later would take its decision off the web with no withdrawal."""
    first_data(workspace)
    settings = workspace.root / "settings.py"
    build_quietly(workspace, settings)
    second_data(workspace)
    holder = sqlite3.connect(workspace.root / LEDGER)
    holder.execute("BEGIN IMMEDIATE")  # others may read it, as the build does first, but not write
    try:
        result = workspace.publish_subprocess("build", "--settings", str(settings))
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 2
    assert not (workspace.output / MANIFEST).exists()
    assert deploy(workspace, tmp_path / "www") == ExitCode.REFUSED
    build_quietly(workspace, settings)
    assert deploy(workspace, tmp_path / "www") == 0


def test_files_of_a_build_that_died_part_way_are_removed_by_the_next_one(workspace, tmp_path, monkeypatch):
    """The pages are written, then the build dies: the next one, with the same data, must remove the listing
    pages the new page size no longer makes, though the dead build took the manifest down."""
    first_data(workspace)
    settings = workspace.root / "settings.py"
    assert workspace.publish("build", "--settings", str(settings)) == 0
    second_data(workspace)

    def dies(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("disclosure.deploy.files.write", dies)
    assert workspace.publish("build", "--settings", str(settings)) == 2
    monkeypatch.undo()
    assert workspace.publish("build", "--settings", str(settings)) == 0
    assert deploy(workspace, tmp_path / "www") == 0  # no file the build does not list
