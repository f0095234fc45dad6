"""Annotated copies: the clerk's own workbook with each problem on its cell."""

import csv
import shutil
import subprocess

import openpyxl
import pytest

from disclosure.core.kinds import PROBLEMS_SHEET
from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from disclosure.report import annotated as annotate
from tests.conftest import PENALTY_HEADER, penalty_row, valid_uscc, write_workbook


def wrong_check_character(code: str) -> str:
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def annotated(tmp_path, path):
    (source,) = [s for s in workbooks.discover(tmp_path / "data") if s.path == path]
    problems = list(pipeline.read_file(source).problems)
    target = tmp_path / "out" / annotate.annotated_name(source)
    annotate.annotate(source, problems, target)
    return target, problems


def bad_penalties(tmp_path):
    rows = [PENALTY_HEADER, penalty_row(1), penalty_row(2, decided="2026-02-30"), penalty_row(3, categories="罚金"),
            penalty_row(4, party_code=wrong_check_character(valid_uscc("91140602000000004")))]
    rows[4][10] = "=0.2+0.3"  # a formula the annotated copy must keep as the clerk's formula
    return write_workbook(tmp_path / "data" / "局" / "处罚.xlsx", {"行政处罚决定": rows}, title_rows=1)


def comments(path):
    workbook = openpyxl.load_workbook(path)
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    found[(sheet.title, cell.coordinate)] = (cell.comment.text, cell.fill.fgColor.rgb[-6:])
    return workbook, found


def test_cells_are_filled_and_commented_where_the_problems_are(tmp_path):
    target, problems = annotated(tmp_path, bad_penalties(tmp_path))
    workbook, found = comments(target)
    assert sorted(found) == [("行政处罚决定", "C6"), ("行政处罚决定", "I5"), ("行政处罚决定", "K6"),
                             ("行政处罚决定", "L4")]
    text, colour = found[("行政处罚决定", "L4")]
    assert "不是有效日期" in text and "怎么改" in text and colour == "FFC7CE"
    assert found[("行政处罚决定", "C6")][1] == "FFEB9C"  # a warning is yellow
    sheet = workbook["行政处罚决定"]
    assert sheet["A1"].value == "某某局信息公示表" and sheet["F3"].value == "朔城科罚〔2026〕1号"  # the rest untouched
    listing = workbook[PROBLEMS_SHEET]
    assert workbook.sheetnames[0] == PROBLEMS_SHEET and listing.max_row == len(problems) + 1
    assert {cell.hyperlink.location for cell in listing["C"][1:]} == {"'行政处罚决定'!L4", "'行政处罚决定'!I5",
                                                                      "'行政处罚决定'!C6", "'行政处罚决定'!K6"}


def test_an_annotated_copy_handed_back_reads_like_the_original(tmp_path):
    original = bad_penalties(tmp_path)
    target, problems = annotated(tmp_path, original)
    shutil.copy(target, original)
    (source,) = workbooks.discover(tmp_path / "data")
    assert list(pipeline.read_file(source).problems) == problems  # no complaint about the problem list sheet


def test_csv_sources_get_an_xlsx_copy_with_the_same_cells(tmp_path):
    path = tmp_path / "data" / "局" / "导出.csv"
    path.parent.mkdir(parents=True)
    rows = [PENALTY_HEADER, penalty_row(1, decided="2026-02-30")]
    with path.open("w", encoding="gb18030", newline="") as stream:
        csv.writer(stream).writerows([[str(v) for v in row] for row in rows])
    target, _ = annotated(tmp_path, path)
    assert target.name == "导出（已标注）.xlsx"
    workbook, found = comments(target)
    assert list(found) == [("导出", "L2")]
    assert workbook["导出"]["F2"].value == "朔城科罚〔2026〕1号"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed on this machine")
def test_libreoffice_opens_the_copy_and_sees_the_comments_on_the_right_cells(tmp_path):
    target, _ = annotated(tmp_path, bad_penalties(tmp_path))
    out = tmp_path / "lo"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for conversion in ("csv:Text - txt - csv (StarCalc):44,34,76", "xlsx"):  # 76: UTF-8
        subprocess.run(["soffice", profile, "--headless", "--convert-to", conversion, "--outdir", str(out), str(target)],
                       check=True, capture_output=True, timeout=180)
    listing = (out / "处罚.csv").read_text(encoding="utf-8", errors="replace")
    assert "L4" in listing and "不是有效日期" in listing  # the first sheet: the problem list
    _, found = comments(out / "处罚.xlsx")  # LibreOffice's own rewrite of the file
    assert sorted(found) == [("行政处罚决定", "C6"), ("行政处罚决定", "I5"), ("行政处罚决定", "K6"),
                             ("行政处罚决定", "L4")]
