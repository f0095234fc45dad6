"""Readable everywhere (issue 21), measured in Chromium on the sample site served under its sub-path: at 320 and
375 px, plain and in 适老化 mode, no table cell is narrower than two characters of its own font and no code breaks
across lines; no page scrolls sideways except inside its declared scroll regions; at 1280 px the statistics table
takes the page's width; flowchart text is drawn at 12 px or more on a phone; decision and verification pages
print without the site's navigation."""

from __future__ import annotations

import pytest

from tests.browser import format_violations, run_axe, screenshots
from tests.site.test_portal_browser import first_record

PHONE_WIDTHS = (320, 375)

# Every rendered cell of the main content, its width against twice its font size; every code's line boxes;
# anything wider than the viewport that is not inside a scroll region (role=region with tabindex=0).
MEASURE = """() => {
  const narrow = [], split = [], outside = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    if (!cell.getClientRects().length) continue;  // not rendered: a stacked table's hidden header row
    const width = cell.getBoundingClientRect().width, size = parseFloat(getComputedStyle(cell).fontSize);
    if (width < 2 * size) narrow.push([cell.textContent.trim().slice(0, 20), Math.round(width), size]);
  }
  for (const code of document.querySelectorAll('main .code'))
    if (code.getClientRects().length !== 1) split.push(code.textContent);
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('[role=region][tabindex="0"]')) continue;
    if (e.getBoundingClientRect().right > innerWidth + 0.5) outside.push(e.tagName + '.' + e.className);
  }
  const codes = document.querySelectorAll('main .code').length;
  const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  return {narrow, split, outside: outside.slice(0, 5), codes, overflow};
}"""


def table_pages(site) -> dict[str, str]:
    agency = next((site.root / "agencies").glob("*/index.html")).relative_to(site.root).as_posix()
    year = max(p.stem for p in (site.root / "statistics").glob("[0-9][0-9][0-9][0-9].html"))
    return {"statistics": "statistics/index.html", "annual-report": f"statistics/{year}.html", "agency": agency,
            "penalties-listing": "penalties/index.html", "officers-listing": "officers/index.html",
            "items-listing": "items/index.html", "certificate-index": "officers/certificates.html",
            "contact": "contact.html"}


def open_at(page, url: str, width: int, elder: bool) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    page.set_checked("#elder-mode", elder)  # site.js remembers the last page's choice: set it either way
    size = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    assert (size >= 20) is elder, size


@pytest.mark.parametrize("elder", [False, True], ids=["plain", "elder"])
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_tables_keep_two_characters_a_cell_and_codes_whole(page, served_sample_site, sample_site, width, elder):
    seen_codes = 0
    for name, path in table_pages(sample_site).items():
        open_at(page, served_sample_site.url_of(path), width, elder)
        found = page.evaluate(MEASURE)
        assert not found["narrow"], f"{name} at {width}px: cells under two characters wide: {found['narrow'][:8]}"
        assert not found["split"], f"{name} at {width}px: codes broken across lines: {found['split'][:8]}"
        assert found["overflow"] <= 0 and not found["outside"], f"{name} at {width}px scrolls sideways: {found}"
        seen_codes += found["codes"]
        # The listings, an agency's tables and the statistics index read as cards here, each value after its label.
        stacked = page.evaluate("[...document.querySelectorAll('main table.stack')].map(t => [getComputedStyle(t).display,"
                                " t.querySelector('thead') ? t.querySelector('thead').getClientRects().length : 0,"
                                " t.querySelector('td[data-label]') ? getComputedStyle(t.querySelector('td[data-label]'),"
                                " '::before').content : ''])")
        assert all(display == "block" and not header and label.startswith('"') for display, header, label in stacked), (
            name, stacked)
    assert seen_codes >= 10  # the agency's 事项编码, the officers' 执法证号 and the 文书号 are marked as codes


def test_codes_are_marked_where_they_are_shown(page, served_sample_site, sample_site):
    open_at(page, served_sample_site.url_of(table_pages(sample_site)["agency"]), 375, True)
    codes = page.eval_on_selector_all("main .code", "cs => cs.map(c => c.textContent)")
    assert any("-" in code for code in codes), codes  # 事项编码 such as 640502-XK-001
    assert any(len(code) == 18 for code in codes), codes  # the agency's 统一社会信用代码


@pytest.mark.parametrize("elder", [False, True], ids=["plain", "elder"])
def test_statistics_table_takes_the_page_width_and_shows_every_column(page, served_sample_site, elder):
    open_at(page, served_sample_site.url_of("statistics/index.html"), 1280, elder)
    table = page.locator("main table.records").first
    main_width = page.evaluate("document.querySelector('main').clientWidth")
    assert table.bounding_box()["width"] >= 0.9 * (main_width - 32)  # main's padding: 1rem each side
    region = page.evaluate("(() => { const r = document.querySelector('main .table-scroll');"
                           " return [r.scrollWidth, r.clientWidth]; })()")
    assert region[0] <= region[1], f"the table is cut off in its region: {region}"
    last = page.locator("main table.records thead th").last
    assert last.inner_text() == "按时公示率" and last.is_visible()


def test_annual_report_matrix_scrolls_with_its_agency_column_kept(page, served_sample_site, sample_site):
    open_at(page, served_sample_site.url_of(table_pages(sample_site)["annual-report"]), 375, False)
    region = page.locator("main .table-scroll:has(table.wide)")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label")
    first = region.locator("tbody th").first
    before = first.bounding_box()["x"]
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    assert region.evaluate("r => r.scrollLeft") > 0, "the wide table does not scroll"
    assert abs(first.bounding_box()["x"] - before) < 1, "the agency column scrolled away"


def test_flowchart_text_is_at_least_12px_on_a_phone_and_its_steps_stay(page, served_sample_site, sample_site):
    flowchart = next((sample_site.root / "flowcharts").glob("*.html")).relative_to(sample_site.root).as_posix()
    open_at(page, served_sample_site.url_of(flowchart), 375, False)
    sizes = page.evaluate("""() => [...document.querySelectorAll('.flowchart svg text, .flowchart svg tspan')].map(t => {
        const m = t.getScreenCTM();
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    })""")
    assert sizes and min(sizes) >= 12, min(sizes)
    region = page.locator(".flowchart-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert page.locator("ol.steps li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize("kind", ["penalties", "officers"])
def test_decision_and_verification_pages_print_plainly(page, served_sample_site, sample_site, kind):
    page.goto(served_sample_site.url_of(first_record(sample_site, kind)))
    page.emulate_media(media="print")
    for chrome in ("nav[aria-label=主导航]", ".breadcrumb", ".site-footer", "#elder-mode"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".site-name").is_visible()
    assert "zfgs.example.gov.cn/" in page.inner_text("main")  # the page's own address
    style = page.evaluate("(() => { const s = getComputedStyle(document.body); return [s.color, s.backgroundColor]; })()")
    assert style == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], style
    assert page.evaluate("getComputedStyle(document.querySelector('.fields tr')).breakInside") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('.wrap')).maxWidth") == "none"


def test_changed_pages_are_accessible_and_screenshotted(page, served_sample_site, sample_site):
    flowchart = next((sample_site.root / "flowcharts").glob("*.html")).relative_to(sample_site.root).as_posix()
    pages = {**table_pages(sample_site), "flowchart": flowchart}
    for name, path in pages.items():
        for elder in (False, True):
            open_at(page, served_sample_site.url_of(path), 375, elder)
            violations = run_axe(page)
            assert not violations, f"{name}{' 适老化' if elder else ''}: " + format_violations(violations)
        open_at(page, served_sample_site.url_of(path), 1280, False)
        screenshots(page, f"readable-{name}")
    open_at(page, served_sample_site.url_of("statistics/index.html"), 375, True)
    screenshots(page, "readable-statistics-elder", widths=(375,))
