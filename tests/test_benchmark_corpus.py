"""The benchmark's synthetic corpus must stay buildable, or the benchmark silently measures nothing."""

import shutil

from benchmarks import generate
from tests.conftest import Workspace


def test_a_small_benchmark_corpus_builds_with_nearly_every_row_published(tmp_path, capsys):
    space = Workspace(tmp_path)
    generate.generate(1000, space.data)
    site = space.build()
    report = capsys.readouterr().out
    assert len(list((space.data).iterdir())) == generate.AGENCY_COUNT
    assert len(site.record_pages("penalties")) > 400
    assert "错误 0 处" in report
    # the incremental step of the benchmark rewrites a workbook that exists
    assert generate.changed_workbook(space.data).exists()
    shutil.rmtree(space.data)
