"""The clerk's pages in Debian's chromium against the live server: the login form, the agency's page, an upload
of a messy workbook and its report pass axe-core (WCAG 2.1 AA), fit 375 px, ask nothing of another host,
and work without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import LOCAL_HOST, format_violations, run_axe
from tests.intake.conftest import AGENCY_A, NEW_FACTS, PASSWORD, agency_path, changed_workbook
from tests.intake.test_clerk import messy_workbook

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(browser: Browser, url: str, cookies: list) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", bypass_csp=True)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(url)
        violations = run_axe(page)
        assert not violations, f"{url}\n" + format_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{url} is wider than 375 px"
    finally:
        context.close()


def test_a_clerk_logs_in_uploads_and_reads_the_report_without_javascript(live_server, accounts, browser,
                                                                         no_script_page, tmp_path):
    page, network = no_script_page
    base = live_server.url.replace("localhost", LOCAL_HOST)  # the browser resolves no other name
    page.goto(base + "/login/")
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="朔州市朔城区科学技术局").click()
    agency_url = page.url
    upload = tmp_path / "处罚.xlsx"
    upload.write_bytes(messy_workbook(tmp_path))
    page.get_by_label("选择要报送的文件").set_input_files(upload)
    page.get_by_role("button", name="上传并检查").click()
    assert page.get_by_role("heading", name="检查结果").is_visible()
    assert page.get_by_role("cell", name="L3").is_visible()
    report_url = page.url
    assert report_url.startswith(base + agency_path(AGENCY_A, "uploads/"))
    network.assert_only_local()
    network.assert_no_errors()
    cookies = page.context.cookies()
    for url in (base + "/login/", agency_url, report_url):
        assert_accessible(browser, url, cookies)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_clerk_submits_and_a_reviewer_approves_without_javascript(live_server, published, browser, no_script_page,
                                                                   tmp_path, today):
    page, network = no_script_page
    base = live_server.url.replace("localhost", LOCAL_HOST)
    log_in(page, base, "clerk_a")
    page.goto(base + agency_path(AGENCY_A))
    upload = tmp_path / "行政处罚决定.xlsx"
    upload.write_bytes(changed_workbook(tmp_path, today))
    page.get_by_label("选择要报送的文件").set_input_files(upload)
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_label("报送说明（可不填）").fill("更正1号")
    page.get_by_role("button", name="提交审核").click()
    assert "待审核" in page.locator("#submission-state").inner_text()
    page.context.clear_cookies()

    log_in(page, base, "reviewer_a")
    page.goto(base + agency_path(AGENCY_A))
    page.get_by_role("link", name="待审核的报送（1 份）").click()
    pending_url = page.url
    page.get_by_role("link", name=today.isoformat(), exact=False).click()
    assert page.get_by_role("heading", name="更正的记录（1 条）").is_visible()
    assert page.get_by_role("cell", name=NEW_FACTS).is_visible()
    submission_url = page.url
    cookies = page.context.cookies()
    for url in (pending_url, submission_url, base + "/password/"):
        assert_accessible(browser, url, cookies)
    page.get_by_role("button", name="审核通过，把文件放入数据目录").click()
    assert page.locator("#state").inner_text() == "已通过"
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == upload.read_bytes()
    network.assert_only_local()
    network.assert_no_errors()
