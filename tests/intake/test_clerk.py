"""The clerk's first path over real HTTP: log in, see the agency's files, download a template, upload a messy
workbook and read each problem with its cell and its record at once, download the annotated copy."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup

from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.report.excel_templates import write_template
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook
from tests.intake.conftest import AGENCY_A, AGENCY_B_NAME, AGENCY_B_USCC, agency_path

pytestmark = pytest.mark.django_db(transaction=True)


SCRIPT = "<script>alert(1)</script>"


def messy_workbook(tmp_path) -> bytes:
    """Record 8 is dated in a month that has no 31st, record 9 with a script."""
    path = write_workbook(tmp_path / "messy.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, penalty_row(7), penalty_row(8, decided="2026-02-31"),
        penalty_row(9, decided=SCRIPT)]})
    return path.read_bytes()


def report_rows(html: str) -> list[dict[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for table in soup.select("main table"):
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        rows += [dict(zip(headers, (td.get_text(strip=True) for td in tr.select("td")))) for tr in table.select("tbody tr")]
    return rows


def test_the_agency_page_lists_the_current_files_and_every_template(clerk_a):
    page = clerk_a.get(agency_path(AGENCY_A))
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.html["lang"] == "zh-CN"
    assert soup.h1.get_text(strip=True) == "朔州市朔城区科学技术局"
    files = {row["文件"]: row["最近一次检查"] for row in report_rows(page.text) if "最近一次检查" in row}
    assert files == {"机关信息.xlsx": "尚未检查", "行政处罚决定.xlsx": "尚未检查"}
    assert soup.find("a", string="行政处罚决定") is not None


def test_a_template_downloads_as_the_workbook_publish_py_writes(clerk_a, tmp_path):
    written = openpyxl.load_workbook(write_template(KINDS_BY_NAME["penalties"], tmp_path / "t.xlsx"))
    response = clerk_a.get(agency_path(AGENCY_A, "templates/penalties.xlsx"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "行政处罚决定"
    assert [cell.value for cell in workbook.active[1]] == [cell.value for cell in written.active[1]]
    from intake.models import Action, AuditEvent

    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, username="clerk_a", detail__contains="行政处罚决定").exists()


def test_a_messy_upload_shows_each_problem_with_its_cell_and_record_escaped(clerk_a, folders, tmp_path):
    before = sorted(p.name for p in folders.agency(AGENCY_A).iterdir())
    response = clerk_a.post(agency_path(AGENCY_A, "upload/"),
                            files={"files": ("处罚2026.xlsx", messy_workbook(tmp_path))})
    assert response.status_code == 302
    report = clerk_a.get(response.headers["Location"])
    assert report.status_code == 200
    problems = [row for row in report_rows(report.text) if row.get("位置") == "L3"]
    assert problems, report_rows(report.text)
    (problem,) = problems
    assert problem["严重程度"] == "错误"
    assert problem["文件"] == "处罚2026.xlsx"
    assert problem["工作表"] == "行政处罚决定"
    assert problem["列名"] == "处罚决定日期"
    assert problem["填写内容"] == "2026-02-31"
    assert problem["涉及的记录"] == "朔城科罚〔2026〕8号"  # a row that failed while read still names its record
    assert problem["问题"] and problem["怎么改"]
    (scripted,) = [row for row in report_rows(report.text) if row.get("位置") == "L4"]
    assert scripted["填写内容"] == SCRIPT  # shown as text
    assert SCRIPT not in report.text  # never as markup
    assert sorted(p.name for p in folders.agency(AGENCY_A).iterdir()) == before  # data/ untouched
    annotated = BeautifulSoup(report.text, "html.parser").find("a", string=lambda s: s and "标了颜色" in s)
    copy = clerk_a.get(annotated["href"])
    assert copy.status_code == 200
    marked = openpyxl.load_workbook(io.BytesIO(copy.content))["行政处罚决定"]["L3"]
    assert marked.comment is not None


def test_a_problem_the_rules_find_names_its_record(clerk_a, tmp_path):
    """A decision the folder's agency did not make (another 处罚机关) is held back, and the report says which."""
    row = penalty_row(9)
    row[12:14] = [AGENCY_B_NAME, AGENCY_B_USCC]
    path = write_workbook(tmp_path / "other.xlsx", {"行政处罚决定": [PENALTY_HEADER, row]})
    response = clerk_a.post(agency_path(AGENCY_A, "upload/"), files={"files": ("他局.xlsx", path.read_bytes())})
    rows = report_rows(clerk_a.get(response.headers["Location"]).text)
    assert any(row["涉及的记录"] == "朔城科罚〔2026〕9号" and row["文件"] == "他局.xlsx" for row in rows), rows


def test_an_upload_named_as_a_current_file_stands_in_for_it_in_the_check(clerk_a, tmp_path):
    """The folder's 行政处罚决定.xlsx holds record 1: the same record under the same name replaces it (no problem),
    under another name it is a second copy of that record."""
    path = write_workbook(tmp_path / "same.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    for name, problems in (("行政处罚决定.xlsx", 0), ("另一份.xlsx", 1)):
        response = clerk_a.post(agency_path(AGENCY_A, "upload/"), files={"files": (name, path.read_bytes())})
        rows = report_rows(clerk_a.get(response.headers["Location"]).text)
        assert len([row for row in rows if row["严重程度"] == "错误"]) == problems, rows


def test_the_check_of_the_current_files_is_shown_beside_each_file(clerk_a):
    response = clerk_a.post(agency_path(AGENCY_A, "check/"))
    assert response.status_code == 302
    page = clerk_a.get(agency_path(AGENCY_A))
    checked = {row["文件"]: row["最近一次检查"] for row in report_rows(page.text) if "最近一次检查" in row}
    today = dt.date.today().isoformat()
    assert all(value.startswith(today[:4]) for value in checked.values()), checked
