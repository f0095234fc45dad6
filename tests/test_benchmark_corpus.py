"""The benchmark's synthetic corpus must stay buildable, or the benchmark silently measures nothing."""

import shutil

from benchmarks import generate
from tests.conftest import Workspace


def test_a_small_benchmark_corpus_builds_without_errors(tmp_path, capsys):
    space = Workspace(tmp_path)
    generate.generate(1000, space.data)
    site = space.build()
    report = capsys.readouterr().out
    assert len([folder for folder in space.data.iterdir() if folder.is_dir()]) == generate.AGENCY_COUNT
    # ~500 penalties: 警告-only ones are never public, light ones only for three months
    assert len(site.record_pages("penalties")) > 250
    assert "错误 0 处" in report
    # the incremental step of the benchmark rewrites a workbook that exists
    assert generate.changed_workbook(space.data).exists()
    shutil.rmtree(space.data)
