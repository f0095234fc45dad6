"""Issue 18's whole path in Debian's chromium, without JavaScript, against the live server: a clerk downloads a
template, uploads a workbook with a mistake, reads the problem with its cell and record, downloads the annotated
copy, uploads the fixed workbook and submits; a reviewer (another account) sees the new record, the correction
and the withdrawal, and approves; the file is in data/<agency>/ and its earlier version downloads whole."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.browser import LOCAL_HOST
from tests.conftest import write_workbook
from tests.intake.conftest import AGENCY_A, NEW_FACTS, REASON, changed_workbook, penalties, penalty_row, valid
from tests.intake.test_pages_in_a_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PENALTIES = "行政处罚决定.xlsx"


def mistaken_workbook(tmp_path, today) -> bytes:
    """The fixed workbook but for record 4, dated on a day that does not exist."""
    withdrawn = [*penalty_row(2), "已撤销", today, REASON]
    return write_workbook(tmp_path / "mistaken.xlsx", {"行政处罚决定": penalties(
        valid(1, facts=NEW_FACTS), withdrawn, valid(3), valid(4, decided="2026-02-30"))}).read_bytes()


def downloaded_bytes(download) -> bytes:
    with open(download.path(), "rb") as stream:
        return stream.read()


def test_a_clerk_delivers_and_a_reviewer_signs_off_and_nothing_is_lost(live_server, published, no_script_page,
                                                                      tmp_path, today):
    page, network = no_script_page
    base = live_server.url.replace("localhost", LOCAL_HOST)
    original = (published.agency(AGENCY_A) / PENALTIES).read_bytes()
    log_in(page, base, "clerk_a")
    page.goto(base + f"/agency/{AGENCY_A}/")
    with page.expect_download() as template:
        page.get_by_role("link", name="行政处罚决定", exact=True).click()
    assert "行政处罚决定" in openpyxl.load_workbook(io.BytesIO(downloaded_bytes(template.value))).sheetnames

    upload = tmp_path / PENALTIES
    upload.write_bytes(mistaken_workbook(tmp_path, today))
    page.get_by_label("选择要报送的文件").set_input_files(upload)
    page.get_by_role("button", name="上传并检查").click()
    mistake = page.get_by_role("row").filter(has_text="L5")
    assert "朔城科罚〔2026〕4号" in mistake.inner_text() and "不是有效日期" in mistake.inner_text()
    with page.expect_download() as annotated:
        page.get_by_role("link", name=f"下载标了颜色的工作簿副本（{PENALTIES}）").click()
    marked = openpyxl.load_workbook(io.BytesIO(downloaded_bytes(annotated.value)))["行政处罚决定"]["L5"]
    assert marked.comment is not None

    upload.write_bytes(changed_workbook(tmp_path, today))
    page.goto(base + f"/agency/{AGENCY_A}/")
    page.get_by_label("选择要报送的文件").set_input_files(upload)
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_label("报送说明（可不填）").fill("更正1号，撤销2号，补报4号")
    page.get_by_role("button", name="提交审核").click()
    page.context.clear_cookies()

    log_in(page, base, "reviewer_a")
    page.goto(base + f"/agency/{AGENCY_A}/")
    page.get_by_role("link", name="待审核的报送（1 份）").click()
    page.get_by_role("link", name=today.isoformat(), exact=False).click()
    for heading in ("新公示的记录（1 条）", "更正的记录（1 条）", "撤回的记录（1 条）"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    assert page.get_by_role("cell", name=NEW_FACTS).is_visible()
    assert page.get_by_role("cell", name=REASON).is_visible()
    page.get_by_role("button", name="审核通过，把文件放入数据目录").click()
    assert page.locator("#state").inner_text() == "已通过"
    assert (published.agency(AGENCY_A) / PENALTIES).read_bytes() == upload.read_bytes()

    page.goto(base + f"/agency/{AGENCY_A}/versions/")
    links = page.get_by_role("link", name="下载", exact=False)
    downloaded = []
    for index in range(links.count()):
        with page.expect_download() as version:
            links.nth(index).click()
        downloaded.append(downloaded_bytes(version.value))
    assert original in downloaded and upload.read_bytes() in downloaded
    network.assert_only_local()
