"""Stage 3: typed values, and problems that name the exact cell."""

import datetime as dt
from decimal import Decimal

import pytest

from disclosure.core.kinds import PENALTIES
from disclosure.core.problems import Severity
from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from disclosure.reading.records import BadCell, parse_cell
from disclosure.runtime.progress import Progress
from tests.conftest import PENALTY_HEADER, inline_cells, penalty_row, raw_xlsx, write_workbook

DATE = PENALTIES.column("decision_date")
AMOUNT = PENALTIES.column("fine_amount")


@pytest.mark.parametrize("raw", [dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 10, 30), 45356, 45356.0, "2024-03-05",
                                 "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", 20240305, "２０２４－０３－０５",
                                 " 2024-03-05 ", "2024-03-05 00:00:00"])
def test_dates_in_every_way_clerks_type_them(raw):
    assert parse_cell(DATE, raw, "处罚决定日期") == dt.date(2024, 3, 5)


@pytest.mark.parametrize("raw", ["2024-02-30", "明天", "2024-13-01", 99999999])
def test_impossible_dates_are_errors(raw):
    with pytest.raises(BadCell) as bad:
        parse_cell(DATE, raw, "处罚决定日期")
    assert bad.value.failure.severity is Severity.ERROR
    assert bad.value.failure.code == ("invalid-date-number" if isinstance(raw, int) else "invalid-date")


@pytest.mark.parametrize("raw, header, expected", [
    (0.5, "罚款金额（万元）", Decimal("0.5")), ("0.5", "罚款金额（万元）", Decimal("0.5")),
    ("5000元", "罚款金额（万元）", Decimal("0.5")), ("1.2万元", "罚款金额", Decimal("1.2")),
    (5000, "罚款金额（元）", Decimal("0.5")), ("5,000", "罚款金额(元)", Decimal("0.5")),
])
def test_amounts_end_up_in_wan_yuan(raw, header, expected):
    assert parse_cell(AMOUNT, raw, header) == expected


def check_folder(tmp_path):
    sources = workbooks.discover(tmp_path)
    results = [pipeline.read_file(source) for source in sources]
    return [r for result in results for r in result.records], [p for result in results for p in result.problems]


def test_a_bad_row_is_held_back_with_its_exact_cell_and_the_good_rows_survive(tmp_path):
    bad_date = penalty_row(2, decided="2026-02-30")
    missing_basis = penalty_row(3)
    missing_basis[PENALTY_HEADER.index("处罚依据")] = ""
    wrong_category = penalty_row(4, categories="罚金")
    write_workbook(tmp_path / "局" / "处罚.xlsx",
                   {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), bad_date, missing_basis, wrong_category, penalty_row(5)]},
                   title_rows=1)
    records, problems = check_folder(tmp_path)
    assert sorted(r.key for r in records) == ["朔城科罚(2026)1号", "朔城科罚(2026)5号"]
    found = {(p.cell, p.severity, p.column) for p in problems}
    assert found == {("L4", Severity.ERROR, "处罚决定日期"), ("H5", Severity.ERROR, "处罚依据"),
                     ("I6", Severity.ERROR, "处罚类别")}  # a title row sits above the header
    assert all(p.file == "局/处罚.xlsx" and p.sheet == "行政处罚决定" and p.fix for p in problems)


def test_check_digit_failures_are_warnings_and_the_record_is_kept(tmp_path):
    row = penalty_row(1, party_code="911406020000000010")
    person = penalty_row(2, party="张三", party_type="自然人", id_number="110105194912310021")
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, row, person]})
    records, problems = check_folder(tmp_path)
    assert len(records) == 2
    assert {(p.cell, p.severity) for p in problems} == {("C2", Severity.WARNING), ("E3", Severity.WARNING)}


def test_missing_required_column_is_one_problem_for_the_sheet(tmp_path):
    header = [h for h in PENALTY_HEADER if h != "处罚依据"]
    index = PENALTY_HEADER.index("处罚依据")
    body = [row[:index] + row[index + 1:] for row in (penalty_row(1), penalty_row(2))]
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [header, *body]})
    records, (problem,) = check_folder(tmp_path)
    assert records == []
    assert problem.code == "missing-columns" and dict(problem.details)["columns"] == ("处罚依据",)
    assert dict(problem.details)["rows"] == 2


def test_duplicate_document_numbers_across_files_keep_the_first(tmp_path):
    write_workbook(tmp_path / "局" / "a.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    write_workbook(tmp_path / "局" / "b.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    checked = pipeline.check(tmp_path, tmp_path / ".cache", progress=Progress(quiet=True))
    assert len(checked.records) == 1 and checked.records[0].origin.file == "局/a.xlsx"
    (problem,) = checked.problems
    assert (problem.code, problem.file, problem.cell) == ("duplicate-record", "局/b.xlsx", "F2")
    assert problem.record == checked.records[0].key and dict(problem.details)["earlier_file"] == "局/a.xlsx"


def test_invisible_characters_are_removed_at_reading_with_a_warning_naming_the_cell(tmp_path):
    spaced = penalty_row(1)
    spaced[PENALTY_HEADER.index("行政处罚决定书文号")] = "朔城科罚〔2026〕\u200b1号"
    spaced[PENALTY_HEADER.index("违法事实")] = "\u202e未按规定\x01报送\uffff。\n第二段"
    only_invisible = penalty_row(2)
    only_invisible[PENALTY_HEADER.index("处罚依据")] = "\u200b\ufeff"
    raw_xlsx(tmp_path / "局" / "处罚.xlsx", "".join(inline_cells(number, row) for number, row in
                                                  enumerate([PENALTY_HEADER, spaced, only_invisible], start=1)))
    records, problems = check_folder(tmp_path)
    (record,) = records
    assert record.get("document_number") == "朔城科罚〔2026〕1号" and record.get("facts") == "未按规定报送。\n第二段"
    assert {(p.code, p.cell, p.severity) for p in problems} == {
        ("invisible-characters-removed", "F2", Severity.WARNING), ("invisible-characters-removed", "G2", Severity.WARNING),
        ("invisible-characters-removed", "H3", Severity.WARNING), ("required-cell-blank", "H3", Severity.ERROR)}


def test_a_number_with_a_zero_width_space_repeats_the_plain_one(tmp_path):
    spaced = penalty_row(1)
    spaced[PENALTY_HEADER.index("行政处罚决定书文号")] = "朔城科罚〔2026〕\u200b1号"
    write_workbook(tmp_path / "局" / "a.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), spaced]})
    checked = pipeline.check(tmp_path, tmp_path / ".cache", progress=Progress(quiet=True))
    assert len(checked.records) == 1
    assert {(p.code, p.cell) for p in checked.problems} == {("invisible-characters-removed", "F3"),
                                                            ("duplicate-record", "F3")}


@pytest.mark.parametrize("header, advice", [
    ("罚款金额（元）", "请只填写数字，单位为元，例如 5000 表示五千元"),
    ("罚款金额(元)", "请只填写数字，单位为元，例如 5000 表示五千元"),
    ("罚款金额（万元）", "请只填写数字，单位为万元，例如 0.5 表示五千元"),
    ("罚款金额", "请只填写数字，单位为万元，例如 0.5 表示五千元"),
])
def test_the_advice_for_an_amount_that_is_no_number_speaks_in_the_unit_of_its_header(tmp_path, header, advice):
    unreadable = penalty_row(2)
    unreadable[PENALTY_HEADER.index("罚款金额（万元）")] = "两千块"
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [
        [header if label == "罚款金额（万元）" else label for label in PENALTY_HEADER], penalty_row(1), unreadable]})
    records, problems = check_folder(tmp_path)
    assert [r.key for r in records] == ["朔城科罚(2026)1号"]
    (problem,) = problems
    assert (problem.cell, problem.severity, problem.column) == ("K3", Severity.ERROR, header)
    assert problem.message == f"“{header}”中的“两千块”不是金额"
    assert problem.fix == advice


@pytest.mark.parametrize("header", ["罚款金额（元）", "罚款金额(元)", "罚款金额（万元）", "罚款金额"])
@pytest.mark.parametrize("written", ["2千元", "2千", "２千元", "2仟元"])
def test_thousands_typed_in_an_amount_cell_are_yuan_under_any_header(tmp_path, header, written):
    typed = penalty_row(2)
    typed[PENALTY_HEADER.index("罚款金额（万元）")] = written
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [
        [header if label == "罚款金额（万元）" else label for label in PENALTY_HEADER], penalty_row(1), typed]})
    records, problems = check_folder(tmp_path)
    assert problems == []
    amounts = {r.key: r.get("fine_amount") for r in records}
    assert list(amounts) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号"] and amounts["朔城科罚(2026)2号"] == Decimal("0.2")
