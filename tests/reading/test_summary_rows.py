"""Totals and notes lines below the records (合计, 备注, 填表人…) are skipped with one warning each, not read as records."""

import json

from disclosure.core.problems import Severity
from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from tests.conftest import PENALTY_HEADER, inline_cells, penalty_row, raw_xlsx, write_workbook

AMOUNT_COLUMN = PENALTY_HEADER.index("罚款金额（万元）")  # K


def line(**cells: object) -> list:
    """A row of the penalty sheet with only the given columns (by header) filled."""
    row = [""] * len(PENALTY_HEADER)
    for header, value in cells.items():
        row[PENALTY_HEADER.index(header)] = value
    return row


def clerks_sheet() -> list[list]:
    """Five records, one of them a company whose name begins with 合计, then what clerks add below the records."""
    named_like_a_total = penalty_row(5, party="合计（朔州）商贸有限公司")
    return [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 5)), named_like_a_total,
            line(行政相对人名称="合计", **{"罚款金额（万元）": "=SUM(K2:K6)"}),
            line(行政相对人名称="填表人：张三", 处罚依据="审核人：李四", 处罚决定日期="填报日期：2026-11-20"),
            line(行政相对人名称="备注：本表金额单位为万元，处罚内容以决定书为准。")]


def check_folder(tmp_path):
    results = [pipeline.read_file(source) for source in workbooks.discover(tmp_path)]
    return [r for result in results for r in result.records], [p for result in results for p in result.problems]


def test_a_totals_row_with_a_formula_and_the_notes_below_are_one_warning_each(tmp_path):
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": clerks_sheet()})
    records, problems = check_folder(tmp_path)
    assert sorted(r.row for r in records) == [2, 3, 4, 5, 6]
    assert [r.get("party_name") for r in records if r.row == 6] == ["合计（朔州）商贸有限公司"]
    assert [(p.code, p.cell, p.severity, p.value) for p in problems] == [
        ("summary-row-skipped", "第7行", Severity.WARNING, "合计"),
        ("summary-row-skipped", "第8行", Severity.WARNING, "填表人：张三"),
        ("summary-row-skipped", "第9行", Severity.WARNING, "备注：本表金额单位为万元，处罚内容以决定书为准。")]
    assert problems[0].message == "这一行以“合计”开头，是合计、备注或填表人一类的行，不是一条信息，已跳过，不会公示"
    assert problems[0].fix.endswith("如这一行确是一条要公示的信息，请填写“行政处罚决定书文号”")


def test_a_totals_row_saved_by_excel_with_its_sum_and_spaces_in_its_label_is_skipped_too(tmp_path):
    total = line(行政相对人名称="合  计", **{"罚款金额（万元）": 2.5})
    raw_xlsx(tmp_path / "局" / "处罚.xlsx", "".join(inline_cells(number, row) for number, row in
                                                  enumerate([PENALTY_HEADER, penalty_row(1), total], start=1)))
    records, problems = check_folder(tmp_path)
    assert [r.row for r in records] == [2]
    assert [(p.code, p.cell, p.value) for p in problems] == [("summary-row-skipped", "第3行", "合  计")]


def test_a_row_with_its_key_filled_is_a_record_whatever_its_first_cell_says(tmp_path):
    noted = penalty_row(1, party="备注")  # a record, though its name is a label: its 文书号 is filled
    labelled_key = line(行政处罚决定书文号="小计")  # the label sits in the key column itself: a totals line
    unlabelled = line(违法事实="说明书印刷厂未按规定报送。")  # no label first: the errors a record without a key has
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, noted, labelled_key, unlabelled]})
    records, problems = check_folder(tmp_path)
    assert [(r.row, r.get("party_name")) for r in records] == [(2, "备注")]
    assert [(p.code, p.cell) for p in problems if p.code == "summary-row-skipped"] == [("summary-row-skipped", "第3行")]
    assert {p.severity for p in problems if p.cell.endswith("4")} == {Severity.ERROR}


def test_the_valid_rows_of_a_file_with_a_totals_row_are_published(workspace):
    write_workbook(workspace.agency() / "处罚.xlsx", {"行政处罚决定": clerks_sheet()})
    site = workspace.build()
    pages = "\n".join(path.read_text(encoding="utf-8") for path in site.root.rglob("*.html"))
    assert all(f"朔城科罚〔2026〕{n}号" in pages for n in range(1, 6))
    report = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))
    found = [(p["cell"], p["severity"]) for p in report["problems"] if p["file"] == "科技局/处罚.xlsx"]
    assert found == [("第7行", "警告"), ("第8行", "警告"), ("第9行", "警告")]
