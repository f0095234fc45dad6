"""Words for citizens in a real browser, the sample site served under its sub-path: a penalty page with its
救济渠道 and 信用修复 note, and the downloads page with its technical details folded, pass axe-core, load
nothing from another host, and are screenshotted at desktop and phone widths."""

from __future__ import annotations

from tests.browser import format_violations, run_axe
from tests.site.test_portal_browser import check_page, first_record


def test_a_decision_page_tells_its_remedies_accessibly(page, network, served_sample_site, sample_site):
    check_page(page, network, served_sample_site.url_of(first_record(sample_site, "penalties")), "words-decision")
    remedies = page.locator("section.remedies")
    assert remedies.is_visible() and "行政复议" in remedies.inner_text() and "行政诉讼" in remedies.inner_text()
    credit = page.locator("section.credit-repair")
    assert credit.is_visible() and "https://www.creditchina.gov.cn/" in credit.inner_text()


def test_the_downloads_page_folds_its_technical_details(page, network, served_sample_site):
    check_page(page, network, served_sample_site.url_of("downloads/index.html"), "words-downloads")
    details = page.locator("main details.tech").first
    assert "在 Excel 或 WPS 中打开的表格" in page.inner_text("main")
    assert not page.get_by_text("UTF-8 编码（带 BOM）").is_visible()  # folded until asked for
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("UTF-8 编码（带 BOM）").is_visible()
    violations = run_axe(page)
    assert not violations, "downloads, details open: " + format_violations(violations)
