"""The reviewer's preview of the changed pages is exactly what the next build makes: a clerk's change submitted,
the preview listed, then approved and built by the real `publish.py build` over the same data, ledger and site."""

from __future__ import annotations

import json
from urllib.parse import quote, urljoin

import pytest
from bs4 import BeautifulSoup

from disclosure import cli
from disclosure.runtime.output import MANIFEST, read_manifest
from tests.conftest import PROJECT
from tests.intake.conftest import AGENCY_A, AGENCY_B, agency_path, changed_workbook
from tests.intake.test_review import deliver, events, logged_in, make_user, submit

pytestmark = pytest.mark.django_db(transaction=True)


def listed(html: str) -> dict[str, str]:
    """The preview's table: each page's path with its change (新增, 改动, 删除)."""
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("main [aria-label=变化的页面] tbody tr")
    return {row.find_all("td")[1].get_text(strip=True): row.find_all("td")[0].get_text(strip=True) for row in rows}


def build_site(folders, settings, tmp_path, today) -> int:
    """As the `published` fixture built it: the same data, cache, ledger, output and day."""
    return cli.main(["build", "--data", str(folders.data), "--cache", str(tmp_path / "build-cache"),
                     "--as-of", today.isoformat(), "--output", str(tmp_path / "site"),
                     "--ledger", str(settings.INTAKE_LEDGER), "--reports", str(tmp_path / "reports"),
                     "--settings", str(PROJECT / "pelicanconf.py")])


def contents(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_preview_lists_the_pages_the_next_build_changes_byte_for_byte(
        published, clerk_a, live_server, settings, tmp_path, today):
    settings.INTAKE_SITE_DIR = site = tmp_path / "site"
    before = read_manifest(site)
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    reviewer = logged_in(live_server, "reviewer_a")
    page = reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/"))
    assert page.status_code == 200
    pages = listed(page.text)
    assert "新增" in pages.values() and "改动" in pages.values()
    assert pages.get("index.html") == "改动"  # the home page lists the newest records
    new_record = next(path for path, change in pages.items() if change == "新增" and path.startswith("penalties/"))
    shown = reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/site/{quote(new_record)}"))
    assert shown.status_code == 200 and "朔城科罚〔2026〕4号" in shown.text
    assert "script-src" not in shown.headers["Content-Security-Policy"]
    style = BeautifulSoup(shown.text, "html.parser").find("link", rel="stylesheet")["href"]
    base = agency_path(AGENCY_A, f"reviews/{upload}/preview/site/{quote(new_record)}")
    assert reviewer.get(urljoin(base, style)).headers["Content-Type"].startswith("text/css")

    preview_site = published.state / "uploads" / upload / "preview" / "site"
    assert reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 302
    assert build_site(published, settings, tmp_path, today) == 0
    after = read_manifest(site)
    for path, change in pages.items():
        if change == "删除":
            assert path not in after
        else:
            assert (preview_site / path).read_bytes() == (site / path).read_bytes(), path
    unchanged = [path for path in before if path not in pages and path.endswith(".html")]
    assert unchanged and all(after[path]["sha256"] == before[path]["sha256"] for path in unchanged)
    # Not only the pages listed: every file the build made is the preview's, byte for byte.
    assert {path: data for path, data in contents(site).items() if path != MANIFEST} == contents(preview_site)
    stored = json.loads((preview_site.parent / "preview.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in stored["files"]} == {p for p in before.keys() | after.keys()
                                                    if before.get(p) != after.get(p)}


def test_a_preview_serves_nothing_outside_its_site_nor_to_another_agency(published, clerk_a, live_server, settings,
                                                                        tmp_path, today):
    from intake.models import Role

    settings.INTAKE_SITE_DIR = tmp_path / "site"
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    reviewer = logged_in(live_server, "reviewer_a")
    early = reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/site/index.html"))
    assert early.status_code == 404 and "预览还没有生成" in early.text
    assert events("declined", username="reviewer_a", detail__contains="预览尚未生成")
    assert not events("refused", username="reviewer_a")  # opening it too early is no trespass
    assert reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/")).status_code == 200
    record = published.state / "uploads" / upload / "preview" / "preview.json"
    made = record.stat().st_mtime_ns
    assert reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/")).status_code == 200
    assert record.stat().st_mtime_ns == made  # kept, not built again, while nothing it was made from changed
    assert not (record.parent / "data").exists()  # the raw data it was built from is not kept
    for tail in ("%2e%2e/%2e%2e/files/" + quote("行政处罚决定.xlsx"), "%2e%2e/preview.json", "deploy/build.json",
                 "downloads/index.html%00", "/etc/passwd"):
        assert reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/site/{tail}")).status_code == 404, tail
    make_user("reviewer_b", AGENCY_B, Role.REVIEWER)
    other = logged_in(live_server, "reviewer_b")
    assert other.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/")).status_code == 403
    assert other.get(agency_path(AGENCY_A, f"reviews/{upload}/preview/site/index.html")).status_code == 403
    assert other.get(agency_path(AGENCY_B, f"reviews/{upload}/preview/site/index.html")).status_code == 404
    assert logged_in(live_server, "clerk_a").get(agency_path(AGENCY_A, f"reviews/{upload}/preview/")).status_code == 403
