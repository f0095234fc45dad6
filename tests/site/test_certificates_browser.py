"""执法证件查询 in a real browser, on a build served under a sub-path: the box on officers/index.html opens the
verification page of a valid, an expired and a revoked certificate (however the number is typed), an unknown
number gets the message naming the agencies' phones, and without script the index lists every certificate with
its state — and nothing the rules did not publish."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure.core.identifiers import normalize_identifier
from tests.browser import format_violations, run_axe, screenshots
from tests.conftest import Workspace, agency_rows, write_workbook

OFFICER_HEADER = ["姓名", "执法证号", "执法类别/领域", "有效期至", "证件状态"]
JUSTICE = ("朔州市朔城区司法局", "11140602MB00000122")
JUSTICE_PHONE = "0349-2039999"
LISTING = "officers/index.html"
CERTIFICATES = {  # number → state as the index and the verification page say it
    "14060219001": "有效", "14060219002": "已过期", "14060219003": "注销", "14060219004": "暂扣",
    "14060299001": "有效",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve_site):
    space = Workspace(tmp_path_factory.mktemp("certificates-site"))
    science = space.agency()
    write_workbook(science / "人员.xlsx", {"执法人员清单": [
        OFFICER_HEADER,
        ["李明", "14060219001", "科技管理", dt.date(2028, 12, 31), "有效"],
        ["王芳", "14060219002", "科技管理", dt.date(2025, 6, 30), "有效"],
        ["赵强", "14060219003", "科技管理", dt.date(2028, 12, 31), "注销"],
        ["孙丽", "14060219004", "科技管理", dt.date(2028, 12, 31), "暂扣"],
    ]})
    justice = space.data / "司法局"
    profile = agency_rows(*JUSTICE)
    profile[1][3] = JUSTICE_PHONE
    write_workbook(justice / "机关信息.xlsx", {"机关信息": profile})
    write_workbook(justice / "人员.xlsx", {"执法人员清单": [
        OFFICER_HEADER, ["周杰", "14060299001", "司法行政", dt.date(2029, 1, 1), "有效"]]})
    built = space.build()
    return serve_site(built.root), built


def type_number(page, served, typed: str, listing: str = LISTING) -> None:
    page.goto(served.url_of(listing))
    page.fill("#certificate-number", typed)


def look_up(page, served, typed: str) -> str:
    """The page the box opens for a number it finds."""
    type_number(page, served, typed)
    with page.expect_navigation():
        page.press("#certificate-number", "Enter")
    return page.url


def look_up_unknown(page, served, typed: str, listing: str = LISTING) -> str:
    type_number(page, served, typed, listing)
    page.press("#certificate-number", "Enter")
    page.wait_for_function("() => document.getElementById('certificate-lookup').dataset.state === 'unknown'")
    return page.inner_text("#certificate-status")


@pytest.mark.parametrize(("typed", "says"), [
    ("14060219001", "目前有效"), ("１４０６０２１９００２", "已超过有效期"), (" 14060219003 ", "已被注销")])
def test_the_box_opens_the_verification_page_of_a_valid_an_expired_and_a_revoked_certificate(page, site, typed, says):
    served, _ = site
    url = look_up(page, served, typed)
    assert url.startswith(served.url_of("officers/")) and not url.endswith(LISTING)
    status = page.inner_text(".status")
    assert says in status and normalize_identifier(typed) in status


def test_an_unknown_number_gets_the_message_with_every_agencys_phone(page, site):
    served, _ = site
    status = look_up_unknown(page, served, "14069999999")
    assert page.url.endswith(LISTING)
    assert "未查到该证号，可能不是有效的执法证件，请拨打" in status and "核实" in status
    assert f"{JUSTICE[0]}：{JUSTICE_PHONE}" in status and "朔州市朔城区科学技术局：0349-2021234" in status
    assert "14069999999" in status
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshots(page, "officers-lookup-unknown")


def test_an_agencys_roster_names_its_own_phone(page, site):
    served, built = site
    roster = next(p for p in (built.root / "agencies").glob("*/officers/index.html") if JUSTICE[1] in p.as_posix())
    status = look_up_unknown(page, served, "1", roster.relative_to(built.root).as_posix())
    assert f"请拨打{JUSTICE[0]}咨询电话 {JUSTICE_PHONE}核实" in status and "0349-2021234" not in status


def test_the_listing_with_its_box_passes_axe(page, site):
    served, _ = site
    page.goto(served.url_of(LISTING))
    assert page.locator("label[for=certificate-number]").inner_text() == "执法证号"
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshots(page, "officers-lookup")


def test_without_script_the_form_opens_the_index_of_every_certificate_with_its_state(browser, site):
    served, built = site
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url_of(LISTING))
        page.fill("#certificate-number", "14060219003")
        page.press("#certificate-number", "Enter")
        page.wait_for_load_state()
        assert "officers/certificates.html" in page.url
        rows = page.locator("table.certificate-index tbody tr")
        listed = {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").first.inner_text()
                  for i in range(rows.count())}
        assert listed == CERTIFICATES
        for number in CERTIFICATES:
            href = page.locator("table.certificate-index a", has_text=number).evaluate("a => a.href")
            target = context.new_page()
            target.goto(href)
            assert number in target.inner_text(".status")
            target.close()
        screenshots(page, "officers-certificate-index")
    finally:
        context.close()


def test_the_index_passes_axe(page, site):
    served, _ = site
    page.goto(served.url_of("officers/certificates.html"))
    violations = run_axe(page)  # axe needs script; the page has none of its own
    assert not violations, format_violations(violations)


def test_the_search_page_finds_a_revoked_and_an_expired_certificate_with_its_state(page, site):
    served, _ = site
    for number, state in (("14060219003", "注销"), ("14060219002", "已过期")):
        page.goto(served.url_of(f"search.html?q={number}"))
        page.wait_for_function("() => document.getElementById('search-results').dataset.state === 'found'")
        facts = page.inner_text(".search-hits .hit-facts")
        assert facts.endswith(state), facts
