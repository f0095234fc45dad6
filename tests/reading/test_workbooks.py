"""Stage 1: files → grids. A bad file is a problem for that file, never for the others."""

from disclosure.core.problems import Severity
from disclosure.reading import workbooks
from tests.conftest import write_workbook


def test_discover_skips_excel_lock_files_and_hidden_folders(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"x": [["a"]]})
    (tmp_path / "局" / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "局" / ".hidden").mkdir()
    write_workbook(tmp_path / "局" / ".hidden" / "b.xlsx", {"x": [["a"]]})
    (tmp_path / "局" / "说明.txt").write_text("not a table")
    found = workbooks.discover(tmp_path)
    assert [s.relative_path for s in found] == ["局/a.xlsx"]
    assert found[0].agency == "局"


def test_grid_starts_at_a1_even_when_the_sheet_starts_lower(tmp_path):
    path = tmp_path / "局" / "a.xlsx"
    write_workbook(path, {"表": [[], [], ["", "", "标题"]]})
    content = workbooks.read(workbooks.discover(tmp_path)[0])
    assert content.sheets[0].rows[2][2] == "标题"


def test_csv_in_gbk_and_utf8_with_bom(tmp_path):
    text = "抽查事项,抽查对象\n科技项目检查,朔州市晋北商贸有限公司\n"
    (tmp_path / "局").mkdir()
    (tmp_path / "局" / "gbk.csv").write_bytes(text.encode("gbk"))
    (tmp_path / "局" / "utf8.csv").write_bytes(text.encode("utf-8-sig"))
    for source in workbooks.discover(tmp_path):
        content = workbooks.read(source)
        assert content.problems == ()
        assert content.sheets[0].rows[1] == ["科技项目检查", "朔州市晋北商贸有限公司"]


def test_corrupt_and_fake_files_are_reported_in_chinese(tmp_path):
    (tmp_path / "局").mkdir()
    (tmp_path / "局" / "坏.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "局" / "网页.xlsx").write_text("<html><body>not excel</body></html>")
    for source in workbooks.discover(tmp_path):
        content = workbooks.read(source)
        assert content.sheets == ()
        (problem,) = content.problems
        assert problem.severity is Severity.ERROR
        assert problem.file == source.relative_path
        assert problem.code == "unreadable-file"
