"""Nothing lost, over real HTTP: every version of every file of data/<agency> is kept (each content once) with who
uploaded and who approved it, downloadable by the agency's own accounts only; a removal says before it is submitted
that the file's published decisions stay online, and once approved leaves the file gone and its versions kept."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.conftest import write_workbook
from tests.intake.conftest import (
    AGENCY_A,
    AGENCY_B,
    PASSWORD,
    Visitor,
    agency_path,
    changed_workbook,
    penalties,
    valid,
)
from tests.intake.test_review import deliver, events, logged_in, submit, tables

pytestmark = pytest.mark.django_db(transaction=True)

PENALTIES = "行政处罚决定.xlsx"


def approve(live_server, upload: str) -> None:
    response = logged_in(live_server, "reviewer_a").post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"))
    assert response.status_code == 302


def delivered_and_approved(clerk: Visitor, live_server, content: bytes) -> None:
    upload = deliver(clerk, content)
    submit(clerk, upload)
    approve(live_server, upload)


def second_workbook(tmp_path) -> bytes:
    return write_workbook(tmp_path / "second.xlsx", {"行政处罚决定": penalties(
        valid(1), valid(2), valid(3), valid(4), valid(5))}).read_bytes()


def version_links(html: str) -> dict[str, str]:
    """Each version's first twelve hex digits → its download address."""
    soup = BeautifulSoup(html, "html.parser")
    return {row.td.get_text(strip=True): row.a["href"] for row in soup.select("main tbody tr") if row.a}


def stored_contents(state) -> list:
    return sorted(path for path in (state / "versions").rglob("*") if path.is_file())


def test_after_two_approvals_the_earlier_versions_are_listed_and_downloadable(
        published, clerk_a, live_server, tmp_path, today):
    original = published.agency(AGENCY_A).joinpath(PENALTIES).read_bytes()
    first, second = changed_workbook(tmp_path, today), second_workbook(tmp_path)
    delivered_and_approved(clerk_a, live_server, first)
    delivered_and_approved(clerk_a, live_server, second)
    assert published.agency(AGENCY_A).joinpath(PENALTIES).read_bytes() == second

    page = clerk_a.get(agency_path(AGENCY_A, "versions/"))
    assert page.status_code == 200
    rows = tables(page.text)[f"{PENALTIES}的历次版本"]
    assert [(row["上传人"], row["审核人"]) for row in rows] == [("clerk_a", "reviewer_a")] * 2 + [("—", "—")]
    assert rows[0]["停用时间"] == "现行版本" and rows[2]["启用时间"] == "启用前已有"
    links = version_links(page.text)
    for content in (first, original):
        download = clerk_a.get(links[hashlib.sha256(content).hexdigest()[:12]])
        assert download.status_code == 200 and download.content == content
        assert f"filename*=utf-8''{quote(PENALTIES)}" in download.headers["Content-Disposition"]
    assert len(events("download", username="clerk_a", detail__contains="历史版本")) == 2
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("webmaster", password=PASSWORD, is_staff=True)
    for account in ("reviewer_a", "webmaster"):
        assert logged_in(live_server, account).get(links[hashlib.sha256(first).hexdigest()[:12]]).content == first


def test_another_agencys_clerk_cannot_download_the_versions(published, clerk_a, live_server, tmp_path, today):
    delivered_and_approved(clerk_a, live_server, changed_workbook(tmp_path, today))
    (address, *_) = version_links(clerk_a.get(agency_path(AGENCY_A, "versions/")).text).values()
    number = address.rstrip("/").rsplit("/", 1)[-1]
    clerk_b = logged_in(live_server, "clerk_b")
    assert clerk_b.get(address).status_code == 403
    assert clerk_b.get(agency_path(AGENCY_A, "versions/")).status_code == 403
    tampered = clerk_b.get(agency_path(AGENCY_B, f"versions/{number}/"))
    assert tampered.status_code == 404 and b"PK" not in tampered.content[:2]
    assert not version_links(clerk_b.get(agency_path(AGENCY_B, "versions/")).text)
    assert len(events("refused", username="clerk_b")) == 3
    assert not events("download", username="clerk_b")


def test_the_same_content_approved_twice_is_stored_once(published, clerk_a, live_server, tmp_path, today):
    from intake.models import FileVersion

    first = changed_workbook(tmp_path, today)
    for content in (first, second_workbook(tmp_path), first):
        delivered_and_approved(clerk_a, live_server, content)
    digest = hashlib.sha256(first).hexdigest()
    assert FileVersion.objects.filter(sha256=digest).count() == 2
    stored = stored_contents(published.state)
    assert [path.name for path in stored].count(digest) == 1
    assert len(stored) == len(set(FileVersion.objects.values_list("sha256", flat=True)))
    assert published.state.joinpath("versions", digest[:2], digest).read_bytes() == first


def test_a_removal_warns_of_the_published_decisions_and_keeps_the_files_versions(
        published, clerk_a, live_server):
    before = published.agency(AGENCY_A).joinpath(PENALTIES).read_bytes()
    checked = clerk_a.post(agency_path(AGENCY_A, "remove/"), {"remove": [PENALTIES]})
    assert checked.status_code == 302
    upload = checked.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    report = BeautifulSoup(clerk_a.get(agency_path(AGENCY_A, f"uploads/{upload}/")).text, "html.parser")
    warning = report.find(id="removal").get_text()
    assert "继续按原内容公示，直到被撤回（撤回须写明理由）" in warning and PENALTIES in warning
    assert report.find(id="published-missing").get_text() == "3"
    assert published.agency(AGENCY_A).joinpath(PENALTIES).read_bytes() == before  # nothing removed yet
    submit(clerk_a, upload, note="该文件作废")
    assert PENALTIES in logged_in(live_server, "reviewer_a").get(agency_path(AGENCY_A, f"reviews/{upload}/")).text
    approve(live_server, upload)

    assert not published.agency(AGENCY_A).joinpath(PENALTIES).exists()
    assert published.agency(AGENCY_A).joinpath("机关信息.xlsx").is_file()
    rows = tables(clerk_a.get(agency_path(AGENCY_A, "versions/")).text)[f"{PENALTIES}的历次版本"]
    (last,) = rows
    assert last["停用时间"] != "现行版本"
    links = version_links(clerk_a.get(agency_path(AGENCY_A, "versions/")).text)
    assert clerk_a.get(links[hashlib.sha256(before).hexdigest()[:12]]).content == before
    assert events("remove", username="clerk_a", agency__folder=AGENCY_A)


def test_a_removal_of_a_file_the_agency_does_not_have_changes_nothing(published, clerk_a):
    from intake.models import Upload

    for names in (["../司法局/机关信息.xlsx"], ["没有这个文件.xlsx"], []):
        refused = clerk_a.post(agency_path(AGENCY_A, "remove/"), {"remove": names})
        assert refused.status_code == 400
    assert not Upload.objects.exists()
    assert published.agency(AGENCY_B).joinpath("机关信息.xlsx").is_file()
    assert len(events("upload_refused", username="clerk_a")) == 3


@examples(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=2048), min_size=1, max_size=6))
def test_the_content_store_keeps_each_content_once_and_whole(settings, contents):
    from intake import versions

    with tempfile.TemporaryDirectory() as folder:
        settings.INTAKE_STATE_DIR = Path(folder) / "state"
        for number, content in enumerate(contents):
            source = Path(folder) / f"{number}.xlsx"
            source.write_bytes(content)
            versions.store(source, hashlib.sha256(content).hexdigest())
        stored = stored_contents(Path(folder) / "state")
        assert sorted(path.read_bytes() for path in stored) == sorted(set(contents))
        assert all(path.name == hashlib.sha256(path.read_bytes()).hexdigest() for path in stored)
