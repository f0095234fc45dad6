"""Stage 2: finding the header and the kind, and rows that remember their row number."""

import pytest

from disclosure.core.kinds import KINDS, OTHER_DECISIONS, PENALTIES
from disclosure.reading import data_folder as pipeline
from disclosure.reading import tables as rows
from disclosure.reading import workbooks
from disclosure.report import excel_templates as templates
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook


def grids(tmp_path):
    return [grid for source in workbooks.discover(tmp_path) for grid in workbooks.read(source).sheets]


def test_header_below_title_rows_with_synonyms_and_full_width_brackets(tmp_path):
    header = ["当事人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "决定书文号", "处罚决定\n日期"]
    write_workbook(tmp_path / "局" / "a.xlsx", {"行政处罚决定": [header, ["甲公司", "法人及非法人组织", "", "X罚〔2024〕1号", "2024-03-05"]]},
                   title_rows=2)
    table, problems = rows.locate(grids(tmp_path)[0])
    assert problems == []
    assert table.kind is PENALTIES and table.header_row == 3
    keys = {cell.column.key: cell.letter for cell in table.header}
    assert keys == {"party_name": "A", "party_type": "B", "party_uscc": "C", "document_number": "D", "decision_date": "E"}
    assert [cell.written for cell in table.header][4] == "处罚决定\n日期"


def test_kind_from_header_when_sheet_has_another_name(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"Sheet1": [PENALTY_HEADER, penalty_row(1)]})
    table, problems = rows.locate(grids(tmp_path)[0])
    assert problems == [] and table.kind is PENALTIES


def test_unknown_sheet_is_reported_not_guessed(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"备注": [["说明"], ["这是一张备忘表"]], "空表": []})
    found = [rows.locate(grid) for grid in grids(tmp_path)]
    (table, (problem,)), (empty_table, empty_problems) = found
    assert table is None and problem.sheet == "备注" and problem.code == "unknown-sheet"
    assert empty_table is None and empty_problems == []  # an empty sheet is nothing to report


def test_ambiguous_header_is_reported(tmp_path):
    shared = ["行政相对人名称", "行政相对人类别", "文书号", "决定日期", "执法机关"]  # fits penalties and other decisions
    write_workbook(tmp_path / "局" / "a.xlsx", {"数据": [shared, ["甲公司", "法人及非法人组织", "1号", "2024-03-05", "某局"]]})
    table, (problem,) = rows.locate(grids(tmp_path)[0])
    assert table is None
    assert problem.code == "ambiguous-sheet"
    assert set(dict(problem.details)["kinds"]) == {PENALTIES.sheet_name, OTHER_DECISIONS.sheet_name}


def test_a_note_sheet_sharing_one_word_with_a_kind_is_not_taken_for_it(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"备注": [["说明", "下一步"], ["流程图说明", "无"]]})
    table, (problem,) = rows.locate(grids(tmp_path)[0])
    assert table is None and problem.code == "unknown-sheet"


def test_blank_rows_between_data_are_skipped_and_row_numbers_kept(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), [], ["  "], penalty_row(2)]})
    table, _ = rows.locate(grids(tmp_path)[0])
    assert [row.number for row in rows.rows(table)] == [2, 5]


def example_sheet(kind) -> list[list]:
    example = templates.example_row(kind)
    return [[column.label for column in kind.columns], [example.get(column.key, "") for column in kind.columns]]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_is_known_by_its_header_alone_and_its_example_row_is_a_record(tmp_path, kind):
    write_workbook(tmp_path / "局" / "导出.xlsx", {"Sheet1": example_sheet(kind)})
    (source,) = workbooks.discover(tmp_path)
    result = pipeline.read_file(source)
    assert result.problems == ()
    (record,) = result.records
    assert record.kind is kind and record.origin.sheet == "Sheet1" and record.row == 2


def test_one_workbook_may_hold_every_kind_on_its_own_sheet(tmp_path):
    write_workbook(tmp_path / "局" / "全部.xlsx", {kind.sheet_name: example_sheet(kind) for kind in KINDS})
    (source,) = workbooks.discover(tmp_path)
    result = pipeline.read_file(source)
    assert result.problems == ()
    assert [record.kind for record in result.records] == list(KINDS)
