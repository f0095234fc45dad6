"""Stages 1–3 on the files clerks really send: every mess reported at its exact cell, and a bad
file or row never costing the good ones."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from disclosure.core.identifiers import normalize_identifier
from disclosure.core.problems import Severity
from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from disclosure.runtime.progress import Progress
from tests.conftest import PENALTY_HEADER, inline_cells, penalty_row, raw_xlsx, write_workbook


def read(path: Path, data_dir: Path) -> pipeline.FileResult:
    (source,) = [s for s in workbooks.discover(data_dir) if s.path == path]
    return pipeline.read_file(source)


def numbers(result: pipeline.FileResult) -> list[str]:
    return [record.get("document_number") for record in result.records]


def problems_at(result: pipeline.FileResult) -> list[tuple[str, str, str]]:
    return [(p.severity.value, p.sheet, p.cell) for p in result.problems]


def test_title_rows_merged_cells_odd_headers_hidden_rows_and_columns(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"  # not a kind's name: the header alone says what it is
    sheet.append(["朔城区科学技术局行政处罚信息公示表"])
    sheet.merge_cells("A1:N1")
    sheet.append([])
    header = [label.replace("（万元）", "\n（万元）").replace("(统一社会信用代码)", "（统一社会信用代码）")
              for label in PENALTY_HEADER]
    header[0] = " 当事人名称 "  # a synonym, with spaces
    sheet.append(header)
    for number in (1, 2, 3):
        sheet.append(penalty_row(number))
    sheet.row_dimensions[5].hidden = True
    sheet.column_dimensions["G"].hidden = True
    path = tmp_path / "局" / "处罚.xlsx"
    path.parent.mkdir()
    workbook.save(path)
    result = read(path, tmp_path)
    assert result.problems == ()
    assert numbers(result) == ["朔城科罚〔2026〕1号", "朔城科罚〔2026〕2号", "朔城科罚〔2026〕3号"]
    assert result.records[1].get("facts") == "未按规定报送年度报告材料。"  # hidden row, hidden column G
    assert result.records[0].row == 4


def test_values_typed_every_way_clerks_write_them(tmp_path):
    header = PENALTY_HEADER + ["是否重大执法决定"]
    rows = [penalty_row(1, decided="2026年3月5日") + ["√"], penalty_row(2, decided="20260305") + ["N"],
            penalty_row(3, decided=46086) + ["Y "]]
    rows[0][5] = "朔城科罚〔２０２６〕1号  "  # full-width digits, trailing spaces
    rows[1][10] = "5000元"
    path = write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    result = read(path, tmp_path)
    assert result.problems == ()
    first, second, third = result.records
    assert first.key == normalize_identifier("朔城科罚〔2026〕1号")  # the same record as when typed plainly
    assert {r.get("decision_date") for r in result.records} == {dt.date(2026, 3, 5)}
    assert [r.get("is_major") for r in result.records] == ["是", "否", "是"]
    assert str(second.get("fine_amount")) == "0.5"


def test_formula_results_are_read_and_a_formula_without_result_is_an_error_at_its_cell(tmp_path):
    header = inline_cells(1, PENALTY_HEADER)
    good = inline_cells(2, penalty_row(1)[:10]).replace("</row>", "")
    good += '<c r="K2"><f>0.2+0.3</f><v>0.5</v></c><c r="L2"><f>DATE(2026,3,5)</f><v>46086</v></c>'
    good += inline_cells(2, [""] * 12 + penalty_row(1)[12:]).split(">", 1)[1]
    bad = inline_cells(3, penalty_row(2)[:10]).replace("</row>", "")
    bad += '<c r="K3"><f>0.2+0.3</f></c><c r="L3"><f>DATE(2026,3,5)</f><v/></c>'
    bad += inline_cells(3, [""] * 12 + penalty_row(2)[12:]).split(">", 1)[1]
    path = raw_xlsx(tmp_path / "局" / "公式.xlsx", header + good + bad)
    result = read(path, tmp_path)
    assert numbers(result) == ["朔城科罚〔2026〕1号"]
    assert str(result.records[0].get("fine_amount")) == "0.5"
    assert problems_at(result) == [("错误", "行政处罚决定", "K3"), ("错误", "行政处罚决定", "L3")]
    assert [p.code for p in result.problems] == ["uncalculated-formula", "uncalculated-formula"]
    assert result.problems[0].value == "=0.2+0.3"


def test_openpyxl_written_formula_without_cached_value_is_caught(tmp_path):
    rows = [PENALTY_HEADER, penalty_row(1), penalty_row(2)]
    rows[2][10] = "=0.2+0.3"
    path = write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": rows})
    result = read(path, tmp_path)
    assert numbers(result) == ["朔城科罚〔2026〕1号"]
    assert problems_at(result) == [("错误", "行政处罚决定", "K3")]


def test_old_xls_is_read(tmp_path):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("行政处罚决定")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for row_index, row in enumerate([PENALTY_HEADER, penalty_row(1), penalty_row(2, decided="2026-02-30")]):
        for column_index, value in enumerate(row):
            sheet.write(row_index, column_index, value, date_style if isinstance(value, dt.date) else xlwt.Style.default_style)
    path = tmp_path / "局" / "旧格式.xls"
    path.parent.mkdir()
    book.save(str(path))
    result = read(path, tmp_path)
    assert numbers(result) == ["朔城科罚〔2026〕1号"]
    assert result.records[0].get("decision_date") == penalty_row(1)[11]
    assert problems_at(result) == [("错误", "行政处罚决定", "L3")]


def test_xlsm_is_read_and_its_macros_never_run(tmp_path):
    path = write_workbook(tmp_path / "局" / "宏.xlsm", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nEnd Sub")
    result = read(path, tmp_path)
    assert numbers(result) == ["朔城科罚〔2026〕1号"] and result.problems == ()


def test_password_protected_workbook(tmp_path):
    plain = write_workbook(tmp_path / "plain.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    encrypted = io.BytesIO()
    with plain.open("rb") as stream:
        OOXMLFile(stream).encrypt("123456", encrypted)
    path = tmp_path / "局" / "加密.xlsx"
    path.parent.mkdir()
    path.write_bytes(encrypted.getvalue())
    (problem,) = read(path, tmp_path).problems
    assert (problem.severity, problem.code, problem.file) == (Severity.ERROR, "password-protected", "局/加密.xlsx")


def test_empty_workbook_is_a_warning(tmp_path):
    path = tmp_path / "局" / "空.xlsx"
    path.parent.mkdir()
    Workbook().save(path)
    result = read(path, tmp_path)
    assert [(p.severity, p.code) for p in result.problems] == [(Severity.WARNING, "empty-file")]


def test_a_file_of_zero_bytes_is_said_to_be_so_whatever_its_name(tmp_path):
    for name in ("复制失败.xlsx", "空.xls", "空.csv"):
        path = tmp_path / "局" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"")
        assert [(p.severity, p.code) for p in read(path, tmp_path).problems] == [(Severity.WARNING, "zero-byte-file")], name


def test_html_and_csv_named_xlsx_are_read_with_a_warning(tmp_path):
    rows = [PENALTY_HEADER, penalty_row(1)]
    cells = "".join(f"<tr>{''.join(f'<td>{value}</td>' for value in row)}</tr>" for row in rows)
    html_path = tmp_path / "局" / "导出.xls"
    html_path.parent.mkdir()
    html_path.write_bytes(f'<html><meta charset="gbk"><body><table>{cells}</table></body></html>'.encode("gbk"))
    csv_path = tmp_path / "局" / "导出2.xlsx"
    csv_path.write_bytes("\n".join(",".join(str(v) for v in row) for row in rows).encode("utf-8-sig"))
    for path, code, suffix in ((html_path, "content-is-html", ".xls"), (csv_path, "content-is-csv", ".xlsx")):
        result = read(path, tmp_path)
        assert numbers(result) == ["朔城科罚〔2026〕1号"]
        (warning,) = result.problems
        assert (warning.severity, warning.code, dict(warning.details)) == (Severity.WARNING, code, {"suffix": suffix})


def test_corrupt_truncated_and_binary_junk_never_stop_the_good_file(tmp_path):
    good = write_workbook(tmp_path / "局" / "好.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    (tmp_path / "局" / "截断.xlsx").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (tmp_path / "局" / "乱码.xlsx").write_bytes(bytes(range(256)) * 40)
    checked = pipeline.check(tmp_path, tmp_path / ".cache", Progress())
    assert [r.get("document_number") for r in checked.records] == ["朔城科罚〔2026〕1号"]
    assert sorted((p.file, p.severity) for p in checked.problems) == [
        ("局/乱码.xlsx", Severity.ERROR), ("局/截断.xlsx", Severity.ERROR)]
    assert [p.code for p in checked.problems] == ["unreadable-file", "unreadable-file"]


def test_odd_file_names_are_reported_as_written(tmp_path):
    name = "处罚 (2024) #1 %20 &'[副本].xlsx"
    rows = [PENALTY_HEADER, penalty_row(1, decided="2026-13-01")]
    path = write_workbook(tmp_path / "局 一" / name, {"行政处罚决定": rows})
    (problem,) = read(path, tmp_path).problems
    assert (problem.agency, problem.file, problem.cell) == ("局 一", f"局 一/{name}", "L2")


def test_a_stray_cell_in_xfd1048576_is_read_bounded_with_a_warning(tmp_path):
    data = inline_cells(1, PENALTY_HEADER) + inline_cells(2, penalty_row(1))
    data += '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = raw_xlsx(tmp_path / "局" / "角落.xlsx", data)
    result = read(path, tmp_path)  # calamine alone would try to allocate 17 billion cells and abort
    assert numbers(result) == ["朔城科罚〔2026〕1号"]
    (warning,) = result.problems
    assert (warning.severity, warning.code, warning.sheet) == (Severity.WARNING, "oversized-used-range", "行政处罚决定")
    assert dict(warning.details)["far_cell"] == "XFD1048576"


def test_sixteen_thousand_columns(tmp_path):
    data = inline_cells(1, PENALTY_HEADER).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>备用</t></is></c></row>')
    data += inline_cells(2, penalty_row(1))
    path = raw_xlsx(tmp_path / "局" / "宽.xlsx", data)
    result = read(path, tmp_path)
    assert numbers(result) == ["朔城科罚〔2026〕1号"] and result.problems == ()


def test_a_million_rows_are_read_within_bounds(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1_000_002))
    path = raw_xlsx(tmp_path / "局" / "百万行.xlsx", inline_cells(1, ["序号"]) + rows, sheet_name="Sheet1")
    (problem,) = read(path, tmp_path).problems
    assert (problem.severity, problem.code) == (Severity.ERROR, "unknown-sheet")


@pytest.mark.parametrize("payload, severity, words", [
    (b"", Severity.WARNING, "另存为"),  # no bytes at all: nothing to hold back, but the clerk is told to save it again
    (b"PK\x05\x06" + b"\0" * 18, Severity.ERROR, "无法读取"),  # a zip with no parts: not a workbook
], ids=["zero-byte", "empty-zip"])
def test_zero_byte_and_empty_zip_files(tmp_path, payload, severity, words):
    path = tmp_path / "局" / "空壳.xlsx"
    path.parent.mkdir()
    path.write_bytes(payload)
    result = read(path, tmp_path)
    (problem,) = result.problems
    assert not result.records and problem.file == "局/空壳.xlsx"
    assert problem.severity is severity and words in problem.message + problem.fix, problem
