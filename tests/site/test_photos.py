"""Officers' photos as the site publishes them: resized and encoded anew, so nothing of a phone's EXIF (GPS above
all), ICC profile or comment reaches the site; shown on the verification page, the roster and the window cards for a
certificate in force; never for an officer the rules held back, an expired certificate, or a file that failed."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from PIL import Image

from disclosure.site.photos import BOX
from tests.conftest import AS_OF, Site, Workspace, kept_read_only, write_workbook
from tests.photos import (
    COLUMN,
    EXPIRED,
    GOOD,
    GPS_IFD,
    HELD,
    NAMELESS,
    OFFICER_HEADER,
    officer,
    phone_jpeg,
    photo_portal,
    put_photo,
)


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> Iterator[Site]:
    space = photo_portal(Workspace(tmp_path_factory.mktemp("photos")))
    site = space.build()
    with kept_read_only(space.root):
        yield site


def officer_page(site: Site, number: str):
    for path in site.record_pages("officers"):
        html = site.html(path.relative_to(site.root).as_posix())
        if html.select_one("h1") and number in html.get_text():
            return html, path
    raise AssertionError(f"no verification page for {number}")


def built_photo(site: Site, page_path, img) -> Image.Image:
    path = (page_path.parent / img["src"]).resolve()
    assert path.is_relative_to(site.root.resolve()) and path.parent.name == "photos"
    return Image.open(io.BytesIO(path.read_bytes()))


def colour_near(image: Image.Image, colour: tuple[int, int, int]) -> bool:
    pixel = image.convert("RGB").getpixel((image.width * 3 // 4, image.height * 3 // 4))
    return all(abs(a - b) <= 12 for a, b in zip(pixel, colour))


def test_a_phone_photo_is_published_without_its_gps_position_or_any_metadata(photo_site, tmp_path):
    source = Image.open(io.BytesIO(phone_jpeg(colour=GOOD)))
    assert source.getexif().get_ifd(GPS_IFD) and source.info.get("icc_profile") and source.info.get("comment")
    html, path = officer_page(photo_site, "14060219001")
    img = html.select_one(".officer-photo img")
    assert img and img["alt"] == "持证人李明的照片"
    photo = built_photo(photo_site, path, img)
    assert photo.format == "JPEG"
    assert not photo.getexif() and not photo.getexif().get_ifd(GPS_IFD)
    assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & set(photo.info)
    assert photo.size == BOX and (int(img["width"]), int(img["height"])) == photo.size  # 1200×1600 scaled to fit
    assert colour_near(photo, GOOD)
    data = (path.parent / img["src"]).read_bytes()
    assert b"TestPhone" not in data and b"Lane 5" not in data and b"Exif" not in data


def test_a_png_named_in_the_roster_is_published_on_white(photo_site):
    html, path = officer_page(photo_site, "14060219008")
    photo = built_photo(photo_site, path, html.select_one(".officer-photo img"))
    assert photo.format == "JPEG" and photo.size == (300, 400) and colour_near(photo, COLUMN)
    assert photo.convert("RGB").getpixel((5, 5)) >= (245, 245, 245)  # its transparent corner


@pytest.mark.parametrize("number", ["14060219005", "14060219006", "14060219007", "14060219009"])
def test_an_officer_whose_photo_failed_is_published_without_it(photo_site, number):
    html, _ = officer_page(photo_site, number)
    assert "目前有效" in html.select_one(".status").get_text()
    assert not html.select("main img")


def test_no_photo_of_an_expired_certificate_or_an_officer_held_back_reaches_the_site(photo_site):
    html, _ = officer_page(photo_site, "14060219002")
    assert "已超过有效期" in html.get_text() and not html.select("main img")
    published = sorted((photo_site.root / "officers" / "photos").iterdir())
    assert len(published) == 2  # 李明's and 郑华's
    for path in published:
        image = Image.open(path)
        assert not any(colour_near(image, colour) for colour in (EXPIRED, HELD, NAMELESS))
    assert not any(number in photo_site.text_of_everything() for number in ("11010519491231002X", "14060219010"))


def test_the_roster_and_the_window_cards_show_the_photos(photo_site):
    roster = photo_site.html(next(p for p in photo_site.files() if p.match("agencies/*/officers/index.html"))
                             .relative_to(photo_site.root).as_posix())
    photos = {row.th.get_text(strip=True): bool(row.th.img) for row in roster.select("tbody tr")}
    assert photos == {"李明": True, "孙丽": False, "周杰": False, "吴敏": False, "郑华": True, "冯刚": False}
    for name in ("window-cards", "desk-cards"):
        cards = photo_site.html(next(p for p in photo_site.files() if p.name == f"{name}.html")
                                .relative_to(photo_site.root).as_posix())
        shown = {card.h2.get_text(): bool(card.select_one(".card-photo img")) for card in cards.select(".officer-card")}
        assert shown == photos
        assert len(cards.select(".officer-card svg.qr")) == len(photos)
        assert len(cards.select(".photo-none")) == 4


def test_a_new_photo_gets_a_new_address_and_the_old_one_goes(workspace):
    photo_portal(workspace)
    before = {p.name for p in (workspace.build().root / "officers" / "photos").iterdir()}
    put_photo(workspace.data / "科技局", "14060219001.jpg", phone_jpeg((600, 800), (250, 180, 0)))
    site = workspace.build()
    after = {p.name for p in (site.root / "officers" / "photos").iterdir()}
    assert len(after) == 2 and len(after - before) == 1
    html, path = officer_page(site, "14060219001")
    photo = built_photo(site, path, html.select_one(".officer-photo img"))
    assert photo.size == (300, 400) and colour_near(photo, (250, 180, 0))


def test_the_cards_are_linked_from_the_agency_page_and_its_roster(photo_site):
    agency = next(p for p in photo_site.files() if p.match("agencies/*/index.html") and p.parent.parent.name == "agencies")
    for page in (agency, agency.parent / "officers" / "index.html"):
        html = photo_site.html(page.relative_to(photo_site.root).as_posix())
        targets = {(page.parent / a["href"]).resolve() for a in html.select("main a[href]")}
        assert (agency.parent / "window-cards.html").resolve() in targets, page
    cards = photo_site.html(agency.parent.relative_to(photo_site.root).as_posix() + "/window-cards.html")
    (other,) = [a for a in cards.select("main a[href]") if a["href"].endswith("desk-cards.html")]
    assert (agency.parent / other["href"]).resolve().is_file()


def test_a_photo_leaves_the_site_the_day_its_certificate_expires(workspace):
    agency = workspace.agency()
    last_day = dt.date.fromisoformat(AS_OF) + dt.timedelta(days=1)
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001", until=last_day)]})
    put_photo(agency, "14060219001.jpg", phone_jpeg((600, 800)))
    site = workspace.build()
    assert len(list((site.root / "officers" / "photos").iterdir())) == 1
    html, _ = officer_page(site, "14060219001")
    assert html.select(".officer-photo img")
    site = workspace.build("--as-of", (last_day + dt.timedelta(days=1)).isoformat())
    html, _ = officer_page(site, "14060219001")
    assert "已超过有效期" in html.get_text() and not html.select("main img")
    assert not (site.root / "officers" / "photos").exists() or not any((site.root / "officers" / "photos").iterdir())
