"""Folders that must not lie inside one another: refused before anything is read or written, in Chinese, naming
both paths and what to do. Today's default layout (data/, build/, .cache/, reports/ side by side) is accepted."""

from __future__ import annotations

import pytest

from disclosure import cli
from tests.conftest import AS_OF, PENALTY_HEADER, Workspace, penalty_row, write_workbook


def layout(space: Workspace, **paths: str) -> dict[str, str]:
    """Each folder as the webmaster typed it, relative to the workspace."""
    chosen = {"data": "data", "cache": ".cache", "reports": "reports", "output": "build", **paths}
    return {name: str(space.root / value) for name, value in chosen.items()}


def publish(command: str, paths: dict[str, str], ledger: str | None = None) -> int:
    args = [command, "--data", paths["data"], "--cache", paths["cache"], "--reports", paths["reports"], "--as-of", AS_OF]
    if command == "build":
        args += ["--output", paths["output"]]
    return cli.main(args + (["--ledger", ledger] if ledger else []))


@pytest.fixture
def space(workspace: Workspace) -> Workspace:
    write_workbook(workspace.agency() / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    return workspace


def snapshot(space: Workspace) -> set[str]:
    return {path.relative_to(space.root).as_posix() for path in space.root.rglob("*")}


@pytest.mark.parametrize(("paths", "ledger", "named", "advice"), [
    ({"cache": "build/.cache"}, None, ("cache", "output"), "请用 --cache 指定输出目录以外的目录"),
    ({"cache": "build"}, None, ("cache", "output"), "请用 --cache 指定输出目录以外的目录"),
    ({"output": ".cache/site"}, None, ("output", "cache"), "请用 --output 指定缓存目录以外的目录"),
    ({}, "build/台账.sqlite", ("output",), "请用 --ledger 指定输出目录以外的位置"),
    ({"output": "data/site"}, None, ("output", "data"), "请用 --output 指定数据目录以外的目录"),
    ({"output": "data"}, None, ("output", "data"), "请用 --output 指定数据目录以外的目录"),
    ({"output": "data/../data"}, None, ("output", "data"), "请用 --output 指定数据目录以外的目录"),
    ({"output": "."}, None, ("output", "data"), "请用 --output 指定数据目录以外的目录"),
    ({"reports": "data/reports"}, None, ("reports", "data"), "请用 --reports 指定数据目录以外的目录"),
])
def test_a_build_with_folders_inside_one_another_is_refused_before_anything_is_written(
        space, capsys, paths, ledger, named, advice):
    before = snapshot(space)
    chosen = layout(space, **paths)
    assert publish("build", chosen, ledger and str(space.root / ledger)) == 2
    err = capsys.readouterr().err
    assert advice in err and "未做任何处理" in err and "Traceback" not in err
    assert "不能部署" not in err and "可以部署" not in err  # nothing was touched, so nothing is said of the output
    assert all(chosen[name] in err for name in named)
    assert ledger is None or str(space.root / ledger) in err
    assert snapshot(space) == before


def test_the_output_reached_through_a_symlink_into_the_data_is_refused(space, capsys):
    (space.root / "site").symlink_to(space.data / "科技局", target_is_directory=True)
    before = snapshot(space)
    assert publish("build", layout(space, output="site")) == 2
    assert "与数据目录" in capsys.readouterr().err and snapshot(space) == before


def test_check_refuses_reports_inside_the_data(space, capsys):
    before = snapshot(space)
    assert publish("check", layout(space, reports="data/科技局/报告")) == 2
    assert "请用 --reports 指定数据目录以外的目录" in capsys.readouterr().err and snapshot(space) == before


def test_folders_side_by_side_are_accepted(space):
    assert publish("build", layout(space, cache="caches/a", output="sites/build", reports="sites-reports")) == 0
    assert (space.root / "sites" / "build" / "index.html").is_file()
