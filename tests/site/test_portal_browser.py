"""The portal in a real browser (headless Debian chromium), served under a sub-path as it is published: every
page type fetches nothing from another host, axe-core finds no WCAG 2.1 A/AA violation, each is screenshotted at
desktop and phone widths (kept in test-output/screenshots/) and fits 320 px; a keyboard reaches the skip link,
the main navigation and the search box; 适老化 mode works with and without script; decisions print cleanly."""

from __future__ import annotations

import datetime as dt
import io
import urllib.error
import urllib.request

import pytest
import zxingcpp
from PIL import Image

from tests.browser import SCREEN_WIDTHS, focused, format_violations, png_size, run_axe, screenshots
from tests.conftest import PENALTY_HEADER, Site, Workspace, penalty_row, write_workbook

HOME = "index.html"
MAIN_NAV = 'nav[aria-label="主导航"]'


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_site_is_served_only_under_its_sub_path(served_sample_site):
    site = served_sample_site
    assert site.url.startswith("http://127.0.0.1:") and site.url.endswith("/zfgs/")
    assert status_of(site.url) == 200
    assert status_of(site.url_of(HOME)) == 200
    origin = site.url.removesuffix("zfgs/")
    assert status_of(origin) == 404
    assert status_of(origin + HOME) == 404


def test_home_page_requests_nothing_from_another_host(page, network, served_sample_site):
    response = page.goto(served_sample_site.url_of(HOME), wait_until="networkidle")
    assert response is not None and response.ok
    assert network.urls[0] == served_sample_site.url_of(HOME)
    network.assert_only_local()
    network.assert_no_errors()  # the stylesheet and everything else resolve relatively under the sub-path
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


def test_home_page_has_no_axe_violations(page, served_sample_site):
    page.goto(served_sample_site.url_of(HOME))
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_home_page_screenshots(page, served_sample_site):
    page.goto(served_sample_site.url_of(HOME))
    paths = screenshots(page, "home")
    assert [path.name for path in paths] == [f"home-{width}.png" for width in SCREEN_WIDTHS]
    for path, width in zip(paths, SCREEN_WIDTHS):
        shot_width, shot_height = png_size(path)
        assert shot_width == width, f"{path.name} is {shot_width}px wide: the page scrolls sideways"
        assert shot_height >= 600


def test_first_tab_focuses_the_skip_link_and_enter_moves_focus_to_main(page, served_sample_site):
    page.goto(served_sample_site.url_of(HOME))
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip is not None and skip["tag"] == "a" and "skip-link" in skip["classes"], skip
    assert skip["text"] == "跳到主要内容"

    box = page.locator("a.skip-link").bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["width"] > 0 and box["height"] > 0, box
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=5_000)
    target = focused(page)
    assert target["tag"] == "main" and target["id"] == "main", target

    page.keyboard.press("Tab")  # past the header: the next stop is inside the main content
    after = focused(page)
    assert after is not None and after["landmark"] == "main", after


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
def test_tab_reaches_the_main_navigation_links_in_order(page, served_sample_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(served_sample_site.url_of(HOME))
    nav_links = page.eval_on_selector_all(f"{MAIN_NAV} a", "links => links.map(a => a.getAttribute('href'))")
    assert len(nav_links) >= 2 and nav_links[0] == "./index.html", nav_links

    stops = []
    for _ in range(len(nav_links) + 6):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    first_nav = next((i for i, stop in enumerate(stops) if stop and stop["nav"] == "主导航"), None)
    assert first_nav is not None, f"Tab never reached the main navigation: {stops}"
    before = stops[:first_nav]
    assert before and "skip-link" in before[0]["classes"], before
    assert all(stop["landmark"] is None or stop["landmark"] == "header" for stop in before), before
    reached = [stop["href"] for stop in stops[first_nav:first_nav + len(nav_links)]]
    assert reached == nav_links, f"Tab order through the main navigation: {reached}, expected {nav_links}"


# ---- every page type -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def withdrawn_site(tmp_path_factory, serve_site):
    """A site where one penalty was withdrawn after publication: its address now holds the notice."""
    space = Workspace(tmp_path_factory.mktemp("withdrawn"))
    agency = space.agency()
    header = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
    rows = [[*penalty_row(n), "有效", None, None] for n in (1, 2)]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    assert space.publish("build") == 0
    rows[0][-3:] = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    assert space.publish("build") == 0
    notice = next(p for p in Site(space.output).record_pages("penalties") if "已撤回" in p.read_text(encoding="utf-8"))
    return serve_site(space.output), notice.relative_to(space.output).as_posix()


def first_record(site, kind: str, containing: str = "") -> str:
    for path in site.record_pages(kind):
        if containing in path.read_text(encoding="utf-8"):
            return path.relative_to(site.root).as_posix()
    raise AssertionError(f"no {kind} page containing {containing!r}")


def page_types(site) -> dict[str, str]:
    """One address of every page type the sample portal has."""
    agency = next((site.root / "agencies").glob("*/index.html")).relative_to(site.root).as_posix()
    flowchart = next((site.root / "flowcharts").glob("*.html")).relative_to(site.root).as_posix()
    year = max(p.name for p in (site.root / "penalties").iterdir() if p.name.isdigit() and len(p.name) == 4)
    return {
        "home": HOME, "search": "search.html", "agency": agency,
        "penalties-listing": "penalties/index.html", "penalties-year-oldest": f"penalties/{year}/oldest/index.html",
        "officers-roster": "officers/index.html", "penalty": first_record(site, "penalties"),
        "licence": first_record(site, "licenses"), "other-decision": first_record(site, "other-decisions"),
        "spot-check": first_record(site, "spot-checks"), "inspection": first_record(site, "inspections"),
        "service-guide": first_record(site, "items", "办理流程图"), "officer": first_record(site, "officers"),
        "flowchart": flowchart, "statistics": "statistics/index.html", "annual-report": f"statistics/{year}.html",
        "content-page": "about.html", "downloads": "downloads/index.html",
    }


def check_page(page, network, url: str, name: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    network.assert_only_local()
    network.assert_no_errors()
    violations = run_axe(page)
    assert not violations, f"{name}: " + format_violations(violations)
    for path, width in zip(screenshots(page, name), SCREEN_WIDTHS):
        assert png_size(path)[0] == width, f"{name} scrolls sideways at {width}px"
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} is {overflow}px too wide at 320px"


def test_every_page_type_is_accessible_local_and_fits_a_phone(page, network, served_sample_site, sample_site):
    for name, path in page_types(sample_site).items():
        check_page(page, network, served_sample_site.url_of(path), name)


def test_withdrawal_notice_page_is_accessible(page, network, withdrawn_site):
    served, notice = withdrawn_site
    check_page(page, network, served.url_of(notice), "withdrawal-notice")
    assert "经行政复议撤销" in page.inner_text("main")


def test_search_form_is_usable_by_keyboard_alone(page, served_sample_site):
    page.goto(served_sample_site.url_of("search.html"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if (focused(page) or {}).get("id") == "search-page":
            break
    else:
        raise AssertionError("Tab never reached the search box")
    page.keyboard.type("朔城科罚")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    assert "q=%E6%9C%94%E5%9F%8E%E7%A7%91%E7%BD%9A" in page.url
    state = page.wait_for_function("() => ['found', 'empty', 'failed'].includes("
                                   "document.getElementById('search-results').dataset.state) && "
                                   "document.getElementById('search-results').dataset.state").json_value()
    # The keyboard stays where the reader can see it: on the status line that announces results, or, when there
    # are none, in the search box to type again; either way with its focus outline drawn.
    where = focused(page)
    assert where is not None and where["id"] == ("search-status" if state == "found" else "search-page"), (state, where)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid", where


def test_focus_is_visible_on_every_link_of_the_home_page(page, served_sample_site):
    page.goto(served_sample_site.url_of(HOME))
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                              " return [s.outlineStyle, s.outlineWidth]; })()")
        assert style[0] != "none" and style[1] != "0px", (focused(page), style)


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_elder_mode_enlarges_text_by_keyboard_and_is_remembered_with_script(browser, served_sample_site, script):
    context = browser.new_context(java_script_enabled=script, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_sample_site.url_of(HOME))
        size = lambda: float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))  # noqa: E731
        normal = size()
        page.focus("#elder-mode")
        page.keyboard.press("Space")
        assert size() >= normal * 1.25
        violations = run_axe(page) if script else []
        assert not violations, "elder mode: " + format_violations(violations)
        page.goto(served_sample_site.url_of("statistics/index.html"))
        assert (size() >= normal * 1.25) is script  # only the script remembers it from page to page
    finally:
        context.close()


def test_decision_pages_print_without_navigation(page, served_sample_site, sample_site):
    page.goto(served_sample_site.url_of(first_record(sample_site, "penalties")))
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-label=主导航]").is_visible()
    assert page.locator("table.fields").first.is_visible()


def test_certificate_qr_code_scans_to_its_own_public_address(page, served_sample_site, sample_site):
    """Decoded from the pixels the browser draws, as a phone camera would: the code is the page's public URL."""
    path = first_record(sample_site, "officers")
    page.goto(served_sample_site.url_of(path))
    picture = Image.open(io.BytesIO(page.locator(".qr-code svg").screenshot()))
    (code,) = zxingcpp.read_barcodes(picture)
    assert code.text == f"https://zfgs.example.gov.cn/{path}"
