"""A damaged search index or cache is repaired by the next build: `publish.py search` says in Chinese that the
index is damaged (never the internal-error line), and the build after writes it anew, answering as before."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from disclosure.search import index as search
from tests.conftest import Workspace, write_workbook
from tests.search.test_search_index import HEADER, index_into, rows

QUERIES = ["晋北商贸", "朔城科罚〔2026〕4号", "张某", "14060219001", "无证经营"]


def answers(workspace: Workspace, capsys) -> list[dict]:
    found = []
    for query in QUERIES:
        capsys.readouterr()
        assert workspace.publish("search", query, "--json") in (0, 1)
        found.append(json.loads(capsys.readouterr().out))
    return found


def segments(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.seg"))
    assert found
    return found


def truncate(path: Path, keep: float = 0.5) -> None:
    path.write_bytes(path.read_bytes()[:int(path.stat().st_size * keep)])


def drop_one_record(folder: Path) -> None:
    """An index that opens and reads, but holds fewer records than it was written with."""
    index = whoosh_index.open_dir(str(folder))
    with index.searcher() as searcher:
        uid = next(searcher.all_stored_fields())["uid"]
    writer = index.writer()
    writer.delete_by_term("uid", uid)
    writer.commit()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "segment truncated": (lambda folder: [truncate(path) for path in segments(folder)], "已损坏"),
    "segment emptied": (lambda folder: [truncate(path, 0) for path in segments(folder)], "已损坏"),
    "segment's last bytes cut": (lambda folder: [truncate(path, 0.99) for path in segments(folder)], "已损坏"),
    "segment deleted": (lambda folder: [path.unlink() for path in segments(folder)], "已损坏"),
    "records missing": (drop_one_record, "已损坏"),
    "table of contents deleted": (lambda folder: [path.unlink() for path in folder.glob("*.toc")], "还没有检索索引"),
    "fingerprints torn": (lambda folder: truncate(folder / search.STATE_FILE), None),
    "fingerprints deleted": (lambda folder: (folder / search.STATE_FILE).unlink(), None),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_index_is_reported_by_search_and_rebuilt_by_the_next_build(workspace, capsys, damage):
    index_into(workspace)
    before = answers(workspace, capsys)
    assert before[0]["total"] == 2 and before[1]["total"] == 1
    harm, said = DAMAGE[damage]
    harm(workspace.root / ".cache" / "search")
    capsys.readouterr()
    code = workspace.publish("search", "晋北商贸")
    err = capsys.readouterr().err
    if said is None:  # the index itself reads; only the next build's bookkeeping is lost
        assert code == 0
    else:
        assert code == 2 and said in err and "请先运行 publish.py build" in err and "程序内部出错" not in err
    workspace.build()
    assert answers(workspace, capsys) == before


def test_an_index_damaged_where_opening_does_not_look_is_written_anew_when_updated(workspace, capsys):
    """Damage that reading the index does not show but updating it in place does (here its write lock is a
    folder): the next build writes the whole index anew, rather than failing on it every time from then on."""
    index_into(workspace)
    changed = rows()
    changed[1][6] = "当事人无证从事经营活动，拒不改正。"
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *changed]})
    lock = workspace.root / ".cache" / "search" / "MAIN_WRITELOCK"
    lock.unlink()
    lock.mkdir()
    workspace.build()
    after = answers(workspace, capsys)
    assert after[4]["total"] == 2  # the changed record is found by its new words
    assert not lock.is_dir()
    shutil.rmtree(workspace.root / ".cache" / "search")
    workspace.build()
    assert answers(workspace, capsys) == after  # as an index written from nothing answers


@pytest.mark.parametrize("harm", ["truncate", "empty", "delete"])
def test_every_cache_file_torn_or_deleted_costs_only_time(workspace, capsys, harm):
    index_into(workspace)
    manifest = (workspace.output / "manifest.json").read_bytes()
    before = answers(workspace, capsys)
    cached = [path for path in (workspace.root / ".cache").rglob("*") if path.is_file()]
    assert len(cached) > 5
    for path in cached:
        if harm == "delete":
            path.unlink()
        else:
            truncate(path, 0.5 if harm == "truncate" else 0)
    workspace.build()
    assert (workspace.output / "manifest.json").read_bytes() == manifest  # the same site as before
    assert answers(workspace, capsys) == before
    assert not (workspace.root / ".cache" / "last-error.log").exists()
