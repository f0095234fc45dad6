"""The search page in a real browser (headless Debian chromium), on a build served under a sub-path: each way a
citizen searches puts the expected record first; facets narrow and count right; results paginate and keep the
query in the URL; a withdrawn decision is found by its 文书号 as its notice (已撤回, date, reason) and never by its party's name; no match says so
in Chinese and offers the listings; without script the page offers the listings."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest

from disclosure.core.identifiers import normalize_identifier
from disclosure.search import static as search_export
from disclosure.search import terms as search_terms
from tests.browser import format_violations, run_axe, screenshots
from tests.conftest import PENALTY_HEADER, Workspace, penalty_row, valid_uscc, write_workbook

HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
OTHER_AGENCY = ("朔州市朔城区司法局", "11140602MB00000122")
SEARCH = "search.html"
HENGTONG_USCC = valid_uscc("91140602MA0K2B3C4")


def science_rows(withdrawn: bool) -> list[list]:
    withdrawal = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"] if withdrawn else ["有效", None, None]
    return [
        [*penalty_row(1, facts="当事人无证从事经营活动。"), "有效", None, None],
        [*penalty_row(2, decided=dt.date(2025, 4, 1), facts="未按规定报送材料。"), "有效", None, None],
        [*penalty_row(3, party="张三丰", party_type="自然人", id_number="11010519491231002X"), "有效", None, None],
        [*penalty_row(4, party="朔州市恒通物流有限公司", party_code=HENGTONG_USCC, decided=dt.date(2026, 10, 9)),
         "有效", None, None],
        [*penalty_row(5, party="朔州市宏达建材有限公司", decided=dt.date(2026, 9, 1)), *withdrawal],
    ]


def justice_rows() -> list[list]:
    rows = []
    for number in range(1, 13):
        row = penalty_row(100 + number, party=f"朔州市第{number}商店", decided=dt.date(2024, 1, number))
        row[5] = f"朔城司罚〔2024〕{number}号"
        row[-2:] = list(OTHER_AGENCY)
        rows.append([*row, "有效", None, None])
    return rows


def write_data(space: Workspace, withdrawn: bool) -> None:
    science = space.agency()
    write_workbook(science / "处罚.xlsx", {"行政处罚决定": [HEADER, *science_rows(withdrawn)]})
    write_workbook(science / "人员.xlsx", {"执法人员清单": [["姓名", "执法证号", "执法类别/领域", "有效期至"],
                                                       ["李明", "14060219001", "科技管理", dt.date(2028, 12, 31)]]})
    justice = space.agency("司法局", *OTHER_AGENCY)
    write_workbook(justice / "处罚.xlsx", {"行政处罚决定": [HEADER, *justice_rows()]})


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve_site):
    """Published with 宏达建材's decision live, then built again after it was withdrawn."""
    space = Workspace(tmp_path_factory.mktemp("search-site"))
    write_data(space, withdrawn=False)
    space.build("--ledger", str(space.root / "ledger.sqlite"))
    write_data(space, withdrawn=True)
    built = space.build("--ledger", str(space.root / "ledger.sqlite"))
    return serve_site(built.root), built


def search_for(page, site, text: str) -> None:
    page.goto(site.url_of(SEARCH))
    page.fill("#search-page", text)
    page.press("#search-page", "Enter")
    wait_for_results(page)


def wait_for_results(page) -> str:
    page.wait_for_function("() => ['found', 'empty', 'failed'].includes(document.getElementById('search-results')"
                           ".dataset.state)")
    return page.get_attribute("#search-results", "data-state")


def hit_titles(page) -> list[str]:
    return page.locator(".search-hits h3 a").all_inner_texts()


@pytest.mark.parametrize(("typed", "expected"), [
    ("晋北商贸", "朔城科罚〔2026〕1号"),  # a company-name fragment, newest first
    (HENGTONG_USCC.lower(), "朔城科罚〔2026〕4号"),  # a 统一社会信用代码 in the wrong case
    ("朔城科罚[2026]3号", "朔城科罚〔2026〕3号"),  # a 文书号 with the wrong brackets
    ("朔城科罚（２０２６）２号", "朔城科罚〔2026〕2号"),  # full-width digits and brackets
    ("14060219001", "李明"),  # an officer's 执法证号
    ("张某", "朔城科罚〔2026〕3号"),  # a masked name
    ("无证经营", "朔城科罚〔2026〕1号"),  # words of the violation: the record says 无证从事经营活动
])
def test_each_way_of_searching_puts_the_expected_record_first(page, network, site, typed, expected):
    served, _ = site
    search_for(page, served, typed)
    assert hit_titles(page)[0] == expected
    assert parse_qs(urlsplit(page.url).query)["q"] == [typed]  # the address keeps the query as typed
    first = page.locator(".search-hits h3 a").first
    page.goto(first.get_attribute("href"))
    assert expected in page.locator("h1").inner_text()
    network.assert_only_local()
    network.assert_no_errors()


def test_an_identifier_is_marked_as_an_exact_match_and_shown_alone(page, site):
    served, _ = site
    search_for(page, served, "朔城科罚〔2026〕1号")
    assert hit_titles(page) == ["朔城科罚〔2026〕1号"]
    assert page.locator(".search-hits .exact").inner_text() == "编号完全匹配"


def test_a_facet_narrows_the_results_and_its_count_is_right(page, site):
    served, _ = site
    search_for(page, served, "罚款")
    total = int(re.search(r"找到 (\d+) 条", page.inner_text("#search-status")).group(1))
    assert total == 4 + 12  # 宏达建材's withdrawn decision is not among them
    facet = page.locator(".search-facets a", has_text=OTHER_AGENCY[0])
    count = int(re.search(r"（(\d+)）", facet.inner_text()).group(1))
    assert count == 12
    facet.click()
    wait_for_results(page)
    assert f"找到 {count} 条" in page.inner_text("#search-status")
    assert f"agency={OTHER_AGENCY[1]}" in page.url
    assert all(title.startswith("朔城司罚") for title in hit_titles(page))
    years = page.locator(".search-facets section", has_text="年份").inner_text()
    assert "2024年（12）" in years


def test_results_paginate_newest_first_and_the_back_button_returns(page, site):
    served, _ = site
    search_for(page, served, "商店")
    assert hit_titles(page) == [f"朔城司罚〔2024〕{n}号" for n in range(12, 2, -1)]
    page.click(".pagination a:has-text('下一页')")
    wait_for_results(page)
    assert "page=2" in page.url
    assert hit_titles(page) == ["朔城司罚〔2024〕2号", "朔城司罚〔2024〕1号"]
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('.search-hits li').length === 10")
    assert "page=2" not in page.url


def test_a_withdrawn_decision_is_found_by_its_number_as_its_notice_and_never_by_its_party(page, site):
    served, built = site
    search_for(page, served, "朔城科罚〔2026〕5号")
    assert wait_for_results(page) == "found"
    hits = page.locator(".search-hits > li")
    assert hits.count() == 1
    hit = hits.first.inner_text()
    assert "已撤回：朔城科罚〔2026〕5号" in hit and "已撤回" in page.inner_text(".search-facets")
    assert "2026-11-19" in hit and "经行政复议撤销" in hit
    assert "宏达" not in page.inner_text("main")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshots(page, "search-withdrawn-notice")
    page.click(".search-hits a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("已撤回")
    search_for(page, served, "宏达建材")
    assert wait_for_results(page) == "empty"
    exported = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (built.root / "search").rglob("*") if p.is_file())
    assert "宏达" not in exported


def _text_of(path) -> str:
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return path.read_bytes().decode("utf-8", errors="replace")


def test_the_withdrawn_number_is_in_search_but_the_record_in_no_listing_feed_sitemap_or_download(site):
    """Only the search files and the notice page itself hold the number; the party is nowhere."""
    _, built = site
    holding = set()
    for path in built.root.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".csv", ".json", ".xlsx", ".txt", ".atom", ".rss"):
            text = _text_of(path)
            assert "宏达" not in text, path
            if "〔2026〕5号" in text or normalize_identifier("朔城科罚〔2026〕5号") in text:
                holding.add(path.relative_to(built.root).as_posix())
    in_search = {path for path in holding if path.startswith("search/")}
    assert in_search, "the notice's number is not in the search index"
    # The feeds announce the withdrawal itself (an entry of its own, no content); deploy/ is the deploy's own list.
    for feed in (path for path in holding if path.startswith("feeds/")):
        entries = [e for e in (built.root / feed).read_text(encoding="utf-8").split("<entry>") if "〔2026〕5号" in e]
        assert entries and all('term="withdrawn"' in e and "新公示" not in e for e in entries), feed
    pages = {path for path in holding - in_search if not path.startswith(("feeds/", "deploy/"))}
    assert len(pages) == 1, sorted(pages)
    assert "已撤回：朔城科罚〔2026〕5号" in (built.root / pages.pop()).read_text(encoding="utf-8")


def test_no_match_says_so_in_chinese_and_offers_the_listings(page, site):
    served, _ = site
    search_for(page, served, "不存在的公司名称")
    status = page.inner_text("#search-status")
    assert "没有找到与“不存在的公司名称”相关的公示信息" in status
    browse = page.locator(".search-browse")
    assert browse.is_visible()
    assert browse.locator("a", has_text="行政处罚决定").count() == 1


def test_a_results_page_passes_axe_and_a_query_in_the_address_is_searched_on_arrival(page, site):
    served, _ = site
    page.goto(served.url_of(f"{SEARCH}?q=晋北商贸&kind=penalties"))
    assert wait_for_results(page) == "found"
    assert page.input_value("#search-page") == "晋北商贸"
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_without_script_the_search_page_offers_the_listings(browser, site):
    served, _ = site
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url_of(f"{SEARCH}?q=罚款"))
        assert "查询结果需要浏览器启用 JavaScript 才能显示" in page.inner_text(".search-browse")
        assert page.locator(".search-browse a").count() >= 3
    finally:
        context.close()


SAMPLES = ["朔城科罚〔２０２６〕４号", "91140602ma0k2b3c4x", "晋北 商贸（朔州）有限公司", "ＡＢＣ－１２３　号", "张某某"]
NUMBER_LISTS = [[0], [127, 128, 16_511, 2_000_000], list(range(0, 3000, 2)), [5, 6, 7, 900]]


def test_the_browser_analyses_and_decodes_as_the_index_was_written(page, site):
    served, _ = site
    page.goto(served.url_of(SEARCH))
    encoded = [list(search_export.encode_postings(numbers)) for numbers in NUMBER_LISTS]
    answer = page.evaluate("""async ([samples, encoded]) => {
        const m = await import(document.querySelector('script[type=module]').src);
        return {normalized: samples.map(m.normalizeIdentifier), grams: samples.map(m.bigrams),
                hashes: samples.map((s) => m.crc32(m.normalizeIdentifier(s))),
                decoded: encoded.map((bytes) => m.decode(Uint8Array.from(bytes)))};
    }""", [SAMPLES, encoded])
    assert answer["normalized"] == [normalize_identifier(s) for s in SAMPLES]
    assert answer["grams"] == [search_terms.bigrams(s) for s in SAMPLES]
    assert answer["hashes"] == [search_export.identifier_hash(normalize_identifier(s)) for s in SAMPLES]
    assert answer["decoded"] == NUMBER_LISTS
