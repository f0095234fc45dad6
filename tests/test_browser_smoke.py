"""The sample portal's home page in a real browser (headless chromium), served under a sub-path as it is published:
nothing is fetched from another host, axe-core finds no WCAG 2.1 A/AA violation, it is screenshotted at desktop
and phone widths, and a keyboard reaches the skip link, the main content and the main navigation."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser import SCREEN_WIDTHS, focused, format_violations, png_size, run_axe, screenshots

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
