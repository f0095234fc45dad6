"""The government site's frame in Chromium, served under a sub-path: each footer setting (备案号s with their
links, 党政机关网站标识, 我为政府网站找错, 承办单位, phone, address, e-mail) is shown when set and nothing of it when
not; the links only point at the government sites, nothing is loaded from them; axe-core finds no violation."""

from __future__ import annotations

import pytest

from tests.browser import SCREEN_WIDTHS, format_violations, png_size, run_axe, screenshots
from tests.conftest import Workspace, agency_rows, write_workbook
from tests.site.test_settings_file import settings_file, with_penalties

FRAME = {
    "SITE_ICP_NUMBER": "晋ICP备12345678号",
    "SITE_PSB_NUMBER": "晋公网安备14010002000123号",
    "SITE_CONAC_ID": "0A1B2C3D4E5F60718293A4B5C6D7E8F9",
    "SITE_JIUCUO": True,
    "SITE_ORGANIZER": "示范县人民政府办公室",
    "SITE_CONTACT_PHONE": "0349-1234567",
    "SITE_CONTACT_ADDRESS": "示范县人民路1号",
    "SITE_CONTACT_EMAIL": "zfgs@example.gov.cn",
}
LABELS = ("承办单位", "联系电话", "地址：", "电子邮箱", "党政机关网站标识", "我为政府网站找错", "ICP备", "公网安备")


@pytest.fixture(scope="module")
def framed_site(tmp_path_factory, serve_site):
    space = Workspace(tmp_path_factory.mktemp("framed"))
    with_penalties(space, 2)
    second = agency_rows("朔州市朔城区市场监督管理局", "11140602MB1234567X")
    second[1][2:5] = ["朔城区民福街1号", "0349-3031111", "0349-3032222"]
    write_workbook(space.data / "市场监管局" / "机关信息.xlsx", {"机关信息": second})
    path = settings_file(space, "".join(f"{name} = {value!r}\n" for name, value in FRAME.items()))
    served = serve_site(space.build("--settings", str(path)).root)
    served.profiles = [agency_rows()[1], second[1]]  # type: ignore[attr-defined]
    return served


def footer_of(page, url: str, network) -> str:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    network.assert_only_local()
    network.assert_no_errors()
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    return page.inner_text("footer")


def test_the_footer_shows_each_setting_that_is_set_with_its_link(framed_site, page, network):
    text = footer_of(page, framed_site.url_of("index.html"), network)
    for name, value in FRAME.items():
        if isinstance(value, str) and name != "SITE_CONAC_ID":
            assert value in text, name
    links = {a.inner_text(): a.get_attribute("href") for a in page.query_selector_all("footer a")}
    assert links["晋ICP备12345678号"] == "https://beian.miit.gov.cn/"
    assert links["晋公网安备14010002000123号"] == "https://beian.mps.gov.cn/#/query/webSearch?code=14010002000123"
    assert links["党政机关网站标识"].endswith("id=" + FRAME["SITE_CONAC_ID"])
    assert links["我为政府网站找错"].startswith("https://zfwzgl.www.gov.cn/")
    assert "site_code=0000000000" in links["我为政府网站找错"]
    assert links["zfgs@example.gov.cn"] == "mailto:zfgs@example.gov.cn"
    for path, width in zip(screenshots(page, "footer-frame"), SCREEN_WIDTHS):
        assert png_size(path)[0] == width, f"the footer scrolls sideways at {width}px"


def test_the_footer_shows_nothing_of_a_setting_that_is_not_set(served_sample_site, page, network):
    text = footer_of(page, served_sample_site.url_of("index.html"), network)
    assert "主办单位" in text and "网站标识码" in text
    assert not [label for label in LABELS if label in text]
    assert not page.query_selector_all("footer .site-frame:empty")


def test_the_contact_page_lists_the_platform_s_contacts_and_each_agency_s_phones(framed_site, page, network):
    footer_of(page, framed_site.url_of("contact.html"), network)
    text = page.inner_text("main")
    for name in ("SITE_ORGANIZER", "SITE_CONTACT_PHONE", "SITE_CONTACT_ADDRESS", "SITE_CONTACT_EMAIL"):
        assert FRAME[name] in text, name
    for name, _code, address, phone, complaint, _hours in framed_site.profiles:
        assert name in text and address in text and phone in text and complaint in text, name
    for path, width in zip(screenshots(page, "contact"), SCREEN_WIDTHS):
        assert png_size(path)[0] == width, f"the contact page scrolls sideways at {width}px"
