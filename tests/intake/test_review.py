"""Submission and review over real HTTP: the clerk submits, another account reviews what the public site would show
differently (one new record, one correction field by field, one withdrawal with its reason) and approves, and the
files are then in data/<agency>; the checks of who may do what, and an approval never over files changed since."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import write_workbook
from tests.intake.conftest import (
    AGENCY_A,
    AGENCY_B,
    NEW_FACTS,
    OLD_FACTS,
    PASSWORD,
    REASON,
    Visitor,
    agency_path,
    changed_workbook,
    penalties,
    valid,
)

pytestmark = pytest.mark.django_db(transaction=True)

def deliver(visitor: Visitor, content: bytes, name: str = "行政处罚决定.xlsx") -> str:
    response = visitor.post(agency_path(AGENCY_A, "upload/"), files={"files": (name, content)})
    assert response.status_code == 302
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def submit(visitor: Visitor, upload: str, note: str = "更正1号，撤销2号，新增4号") -> None:
    response = visitor.post(agency_path(AGENCY_A, f"uploads/{upload}/submit/"), {"note": note})
    assert response.status_code == 302


def logged_in(live_server, username: str) -> Visitor:
    visitor = Visitor(live_server.url)
    assert visitor.login(username).status_code == 302
    return visitor


def tables(html: str) -> dict[str, list[dict[str, str]]]:
    """Each table by its region's label: its rows as {column heading: text}."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for region in soup.select("main [role=region]"):
        headers = [th.get_text(strip=True) for th in region.select("thead th")]
        found[region["aria-label"]] = [dict(zip(headers, (cell.get_text(" ", strip=True) for cell in
                                                          tr.find_all(["th", "td"])))) for tr in region.select("tbody tr")]
    return found


def events(action: str, **filters):
    from intake.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, **filters))


def make_user(username: str, folder: str, *roles: str):
    from django.contrib.auth import get_user_model

    from intake.models import Agency, Membership

    user = get_user_model().objects.filter(username=username).first()
    user = user or get_user_model().objects.create_user(username, password=PASSWORD)
    for role in roles:
        Membership.objects.create(user=user, agency=Agency.objects.get(folder=folder), role=role)
    return user


def test_the_reviewer_sees_what_changes_on_the_site_and_approval_installs_the_files(
        published, clerk_a, live_server, tmp_path, today):
    content = changed_workbook(tmp_path, today)
    upload = deliver(clerk_a, content)
    submit(clerk_a, upload)
    assert "待审核" in clerk_a.get(agency_path(AGENCY_A, f"uploads/{upload}/")).text

    reviewer = logged_in(live_server, "reviewer_a")
    listing = reviewer.get(agency_path(AGENCY_A, "reviews/"))
    assert listing.status_code == 200
    (pending,) = tables(listing.text)["待审核的报送"]
    assert pending["提交人"] == "clerk_a" and pending["报送说明"] == "更正1号，撤销2号，新增4号"

    page = reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/"))
    assert page.status_code == 200
    shown = tables(page.text)
    (new,) = shown["新公示的记录"]
    assert new["记录"] == "朔城科罚〔2026〕4号"
    assert "违法事实：" + OLD_FACTS in new["公示内容"] and "处罚类别：罚款 " in new["公示内容"]
    assert new["晚于公示期限"]  # 按时 or how many days late, as the rules counted it
    (corrected,) = shown["更正的记录"]
    assert corrected == {"信息类别": "行政处罚决定", "记录": "朔城科罚〔2026〕1号", "字段": "违法事实",
                         "更正前": OLD_FACTS, "更正后": NEW_FACTS}
    (withdrawn,) = shown["撤回的记录"]
    assert withdrawn["记录"] == "朔城科罚〔2026〕2号" and withdrawn["撤回理由"] == REASON
    assert withdrawn["撤回日期"] == today.isoformat()
    assert "朔城科罚〔2026〕3号" not in str(shown)  # unchanged: not a change

    approved = reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"), {"comment": "同意"})
    assert approved.status_code == 302
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == content
    assert (published.agency(AGENCY_A) / "机关信息.xlsx").is_file()
    assert "已通过" in reviewer.get(agency_path(AGENCY_A, f"reviews/{upload}/")).text
    assert "已审核通过" in clerk_a.get(agency_path(AGENCY_A, f"uploads/{upload}/")).text
    assert events("submit", username="clerk_a", agency__folder=AGENCY_A)
    assert events("approve", username="reviewer_a", agency__folder=AGENCY_A)


def test_the_account_that_submitted_cannot_approve_even_as_a_reviewer(published, clerk_a, tmp_path, today):
    from intake.models import Role

    make_user("clerk_a", AGENCY_A, Role.REVIEWER)
    before = (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes()
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    assert clerk_a.get(agency_path(AGENCY_A, f"reviews/{upload}/")).status_code == 200
    refused = clerk_a.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"))
    assert refused.status_code == 403
    assert "不能由你本人审核通过" in refused.text
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == before
    assert events("refused", username="clerk_a", detail__contains="本人")
    assert "待审核" in clerk_a.get(agency_path(AGENCY_A, f"reviews/{upload}/")).text


def test_another_agencys_reviewer_can_neither_see_nor_approve(published, clerk_a, live_server, tmp_path, today):
    from intake.models import Role

    make_user("reviewer_b", AGENCY_B, Role.REVIEWER)
    before = (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes()
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    other = logged_in(live_server, "reviewer_b")
    assert other.get(agency_path(AGENCY_A, "reviews/")).status_code == 403
    assert other.get(agency_path(AGENCY_A, f"reviews/{upload}/")).status_code == 403
    assert other.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 403
    assert other.get(agency_path(AGENCY_B, f"reviews/{upload}/")).status_code == 404
    assert other.post(agency_path(AGENCY_B, f"reviews/{upload}/approve/")).status_code == 404
    assert other.post(agency_path(AGENCY_B, f"reviews/{upload}/return/"), {"reason": "x"}).status_code == 404
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == before
    assert len(events("refused", username="reviewer_b")) == 6
    clerk_b = logged_in(live_server, "clerk_b")
    assert clerk_b.post(agency_path(AGENCY_A, f"uploads/{upload}/submit/")).status_code == 403


def test_a_returned_submission_shows_its_reason_to_the_clerk(published, clerk_a, live_server, tmp_path, today):
    before = (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes()
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    reviewer = logged_in(live_server, "reviewer_a")
    unexplained = reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/return/"), {"reason": "  "})
    assert unexplained.status_code == 400 and "写明理由" in unexplained.text
    returned = reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/return/"), {"reason": "2号的撤回日期请核对"})
    assert returned.status_code == 302
    report = BeautifulSoup(clerk_a.get(agency_path(AGENCY_A, f"uploads/{upload}/")).text, "html.parser")
    assert "2号的撤回日期请核对" in report.find(id="returned").get_text()
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == before
    assert reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 409  # returned is final
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == before
    assert events("return", username="reviewer_a", detail__contains="撤回日期请核对")


def test_a_second_submission_checked_against_the_old_files_asks_for_a_new_check(
        published, clerk_a, live_server, tmp_path, today):
    first = deliver(clerk_a, changed_workbook(tmp_path, today))
    second_content = write_workbook(tmp_path / "second.xlsx", {"行政处罚决定": penalties(
        valid(1), valid(2), valid(3), valid(5))}).read_bytes()
    second = deliver(clerk_a, second_content)
    submit(clerk_a, first)
    submit(clerk_a, second)
    reviewer = logged_in(live_server, "reviewer_a")
    assert reviewer.post(agency_path(AGENCY_A, f"reviews/{first}/approve/")).status_code == 302
    installed = (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes()
    refused = reviewer.post(agency_path(AGENCY_A, f"reviews/{second}/approve/"))
    assert refused.status_code == 409
    assert "重新上传并检查" in refused.text
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == installed != second_content
    assert "待审核" in reviewer.get(agency_path(AGENCY_A, f"reviews/{second}/")).text
    assert events("declined", username="reviewer_a", detail__contains="重新上传并检查")


def test_a_check_of_the_current_files_has_nothing_to_submit(published, clerk_a):
    checked = clerk_a.post(agency_path(AGENCY_A, "check/"))
    upload = checked.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    refused = clerk_a.post(agency_path(AGENCY_A, f"uploads/{upload}/submit/"))
    assert refused.status_code == 409 and "没有上传新文件" in refused.text
    from intake.models import Submission

    assert not Submission.objects.exclude(state="draft").exists()


def test_an_approval_killed_after_its_swap_is_recorded_when_approved_again(
        published, clerk_a, live_server, tmp_path, today):
    """The swap happened (data/ as approved), the server died before the row said so: approving again records it."""
    from intake import install
    from intake.models import Review, Submission, Upload

    content = changed_workbook(tmp_path, today)
    upload = deliver(clerk_a, content)
    submit(clerk_a, upload)
    staged = published.state / "uploads" / upload / "files"
    install.install(published.agency(AGENCY_A), staged, Upload.objects.get(pk=upload).result["base"])
    reviewer = logged_in(live_server, "reviewer_a")
    assert reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 302
    assert Submission.objects.get(upload_id=upload).state == Review.APPROVED
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == content


def test_an_approval_whose_staged_files_went_is_refused(published, clerk_a, live_server, tmp_path, today):
    before = (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes()
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    (published.state / "uploads" / upload / "files" / "行政处罚决定.xlsx").write_bytes(b"tampered")
    reviewer = logged_in(live_server, "reviewer_a")
    refused = reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"))
    assert refused.status_code == 409 and "已不在暂存目录中" in refused.text
    assert (published.agency(AGENCY_A) / "行政处罚决定.xlsx").read_bytes() == before


def test_the_account_that_uploaded_cannot_approve_what_another_clerk_submitted(published, clerk_a, live_server,
                                                                              tmp_path, today):
    from intake.models import Role

    make_user("clerk_a", AGENCY_A, Role.REVIEWER)
    make_user("clerk_a2", AGENCY_A, Role.CLERK)
    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    assert clerk_a.get(agency_path(AGENCY_A, f"reviews/{upload}/")).status_code == 404  # not submitted yet
    submit(logged_in(live_server, "clerk_a2"), upload)
    assert clerk_a.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 403
    assert logged_in(live_server, "reviewer_a").post(agency_path(AGENCY_A, f"reviews/{upload}/approve/")).status_code == 302
