"""The 执法人员公示牌 in Chromium, served under a sub-path: printed to PDF on A4 (six cards a sheet) and as 桌牌
(210×99 mm, one a sheet), each card's QR code decoded from the PDF's pixels, as a phone at the window would read
the printed sheet, to its officer's verification page; axe-core finds no violation on the card pages or on a
verification page with its photo; screenshots at 1280 and 375 px."""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2
import pytest
import zxingcpp

from tests.conftest import Site, Workspace, kept_read_only
from tests.photos import photo_portal
from tests.site.test_photos import officer_page
from tests.site.test_portal_browser import check_page

PUBLIC_ROOT = "https://zfgs.example.gov.cn/"
POINTS_PER_MM = 72 / 25.4
IN_FORCE = {"李明": "14060219001", "孙丽": "14060219005", "周杰": "14060219006", "吴敏": "14060219007",
            "郑华": "14060219008", "冯刚": "14060219009"}


@pytest.fixture(scope="module")
def card_site(tmp_path_factory) -> Iterator[Site]:
    space = photo_portal(Workspace(tmp_path_factory.mktemp("cards")))
    site = space.build()
    with kept_read_only(space.root):
        yield site


def card_path(site: Site, name: str) -> str:
    return next(p for p in site.files() if p.name == f"{name}.html").relative_to(site.root).as_posix()


def verification_url(site: Site, number: str) -> str:
    return PUBLIC_ROOT + officer_page(site, number)[1].relative_to(site.root).as_posix()


def printed(page, prefer_css_page_size: bool) -> pypdfium2.PdfDocument:
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => true)")
    return pypdfium2.PdfDocument(page.pdf(format="A4", print_background=True,
                                          prefer_css_page_size=prefer_css_page_size))


def decoded(pdf_page) -> set[str]:
    picture = pdf_page.render(scale=3).to_pil()  # 216 dpi: a phone's camera sees the sheet no better
    return {code.text for code in zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)}


def test_the_window_cards_print_on_one_a4_sheet_with_every_qr_code_readable(page, serve_site, card_site):
    served = serve_site(card_site.root)
    page.goto(served.url_of(card_path(card_site, "window-cards")))
    pdf = printed(page, prefer_css_page_size=False)
    assert len(pdf) == 1  # six cards, one sheet
    width, height = pdf[0].get_size()
    assert (round(width / POINTS_PER_MM), round(height / POINTS_PER_MM)) == (210, 297)
    assert decoded(pdf[0]) == {verification_url(card_site, number) for number in IN_FORCE.values()}
    text = pdf[0].get_textpage().get_text_range()
    assert all(name in text for name in IN_FORCE)
    assert not any(words in text for words in ("数据统计", "信息公示单位", "供办事大厅")), "navigation, footer or intro printed"


def test_the_desk_cards_print_one_a_sheet_of_210_by_99_mm_each_with_its_own_officers_code(page, serve_site,
                                                                                          card_site):
    served = serve_site(card_site.root)
    page.goto(served.url_of(card_path(card_site, "desk-cards")))
    pdf = printed(page, prefer_css_page_size=True)
    assert len(pdf) == len(IN_FORCE)
    for sheet in pdf:
        width, height = sheet.get_size()
        assert (round(width / POINTS_PER_MM), round(height / POINTS_PER_MM)) == (210, 99)
        (name,) = [name for name in IN_FORCE if name in sheet.get_textpage().get_text_range()]
        assert decoded(sheet) == {verification_url(card_site, IN_FORCE[name])}


@pytest.mark.parametrize("name", ["window-cards", "desk-cards"])
def test_the_card_pages_are_accessible_local_screenshotted_and_fit_a_phone(page, network, serve_site, card_site,
                                                                           name):
    served = serve_site(card_site.root)
    check_page(page, network, served.url_of(card_path(card_site, name)), name)
    assert page.locator(".officer-card img").count() == 2
    page.check("#elder-mode")  # 适老化: larger text, still no sideways scrolling at 320 px
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} in 适老化 mode is {overflow}px too wide at 320px"


def test_a_verification_page_shows_its_photo_accessibly(page, network, serve_site, card_site):
    served = serve_site(card_site.root)
    path = officer_page(card_site, "14060219001")[1].relative_to(card_site.root).as_posix()
    check_page(page, network, served.url_of(path), "officer-with-photo")
    photo = page.locator(".officer-photo img")
    assert photo.is_visible() and photo.evaluate("img => img.complete && img.naturalWidth") == 300
