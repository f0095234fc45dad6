"""The security the issue asks for, over real HTTP: throttled logins, no agency's data for another agency's
account whatever the URL says, no POST without the CSRF token, no upload over the limit stored, file names
stored safely; each attempt in the audit log."""

from __future__ import annotations

import pytest

from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook
from tests.intake.conftest import AGENCY_A, AGENCY_B, PASSWORD, Visitor, agency_path

pytestmark = pytest.mark.django_db(transaction=True)


def events(action: str, **filters):
    from intake.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, **filters))


def stored_uploads(folders) -> list[str]:
    root = folders.state / "uploads"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) if root.exists() else []


def workbook_bytes(tmp_path, number: int = 5) -> bytes:
    return write_workbook(tmp_path / f"w{number}.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(number)]}).read_bytes()


def test_login_works_and_lands_on_the_clerks_agencies(visitor):
    assert visitor.login("clerk_a").status_code == 302
    home = visitor.get("/")
    assert home.status_code == 200
    assert "朔州市朔城区科学技术局" in home.text and "朔州市朔城区司法局" not in home.text
    assert events("login", username="clerk_a")[0].remote_address == "127.0.0.1"


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(visitor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        failed = visitor.login("clerk_a", "wrong-password")
        assert failed.status_code == 200
        assert "密码" in failed.text and "Please" not in failed.text
    locked = visitor.login("clerk_a", "wrong-password")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.text
    assert visitor.login("clerk_a", PASSWORD).status_code == 429
    assert visitor.get("/").status_code == 302  # still not logged in
    assert len(events("login_failed", username="clerk_a")) >= settings.AXES_FAILURE_LIMIT
    assert events("locked_out", username="clerk_a")
    assert not events("login", username="clerk_a")


def test_another_agencys_page_template_and_upload_are_refused_and_logged(clerk_a, folders, tmp_path):
    before = sorted(p.name for p in folders.agency(AGENCY_B).iterdir())
    assert clerk_a.get(agency_path(AGENCY_B)).status_code == 403
    assert clerk_a.get(agency_path(AGENCY_B, "templates/penalties.xlsx")).status_code == 403
    refused = clerk_a.post(agency_path(AGENCY_B, "upload/"), files={"files": ("x.xlsx", workbook_bytes(tmp_path))})
    assert refused.status_code == 403
    assert "没有这个单位的这项权限" in refused.text
    assert clerk_a.post(agency_path(AGENCY_B, "check/")).status_code == 403
    assert sorted(p.name for p in folders.agency(AGENCY_B).iterdir()) == before
    assert stored_uploads(folders) == []
    from intake.models import Upload

    assert not Upload.objects.exists()
    assert len(events("refused", username="clerk_a", agency__folder=AGENCY_B)) == 4


def test_another_agencys_upload_is_not_found_under_ones_own_agency(clerk_a, accounts, django_user_model):
    from intake.models import Upload

    theirs = Upload.objects.create(agency=accounts[AGENCY_B], uploaded_by=django_user_model.objects.get(username="clerk_b"),
                                   result={"files": [{"name": "x.xlsx", "sha256": "", "errors": 1, "warnings": 0,
                                                      "annotated": "标注/司法局/x.xlsx"}]})
    assert clerk_a.get(agency_path(AGENCY_A, f"uploads/{theirs.pk}/")).status_code == 404
    assert clerk_a.get(agency_path(AGENCY_A, f"uploads/{theirs.pk}/annotated/0/")).status_code == 404
    assert clerk_a.get(agency_path(AGENCY_B, f"uploads/{theirs.pk}/")).status_code == 403
    assert clerk_a.get(agency_path(AGENCY_A, "uploads/not-a-uuid/")).status_code == 404
    assert clerk_a.get(agency_path("不存在的局")).status_code == 404
    assert len(events("refused", username="clerk_a", agency__folder=AGENCY_A)) == 2
    assert len(events("refused", username="clerk_a", agency__folder=AGENCY_B)) == 1
    assert events("refused", username="clerk_a", agency=None, detail__contains="没有这个单位")


def test_a_reviewer_may_read_but_not_upload(visitor, folders, tmp_path):
    assert visitor.login("reviewer_a").status_code == 302
    assert visitor.get(agency_path(AGENCY_A)).status_code == 200
    refused = visitor.post(agency_path(AGENCY_A, "upload/"), files={"files": ("x.xlsx", workbook_bytes(tmp_path))})
    assert refused.status_code == 403
    assert stored_uploads(folders) == []
    assert events("refused", username="reviewer_a", agency__folder=AGENCY_A)


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(clerk_a, folders, tmp_path):
    refused = clerk_a.post(agency_path(AGENCY_A, "upload/"), files={"files": ("x.xlsx", workbook_bytes(tmp_path))},
                           token=False)
    assert refused.status_code == 403
    assert "安全标记" in refused.text
    assert stored_uploads(folders) == []
    assert events("refused", username="clerk_a", detail__contains="CSRF")


def test_an_upload_over_the_limit_is_refused_while_received_and_nothing_is_kept(clerk_a, folders, settings, tmp_path):
    settings.INTAKE_MAX_UPLOAD_BYTES = 200_000
    temporary = tmp_path / "upload-temp"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    refused = clerk_a.post(agency_path(AGENCY_A, "upload/"), files=[
        ("files", ("small.xlsx", workbook_bytes(tmp_path))), ("files", ("big.csv", b"a,b\n" * 100_000))])
    assert refused.status_code == 413
    assert "上传的文件太大" in refused.text
    assert stored_uploads(folders) == []
    assert list(temporary.iterdir()) == []
    assert events("upload_refused", username="clerk_a", agency__folder=AGENCY_A)
    assert clerk_a.get(agency_path(AGENCY_A)).status_code == 200  # the session goes on


@pytest.mark.parametrize(("sent", "stored"), [
    ("../../../etc/passwd.xlsx", "passwd.xlsx"),
    ("..\\..\\data\\司法局\\机关信息.xlsx", "机关信息.xlsx"),
    ("a\x00b.xlsx", "ab.xlsx"),
    ("bell\x07\x1b[31m\u202eslx.xlsx", "bell[31mslx.xlsx"),
    (".hidden.xlsx", "hidden.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    ("<script>alert(1)</script>.xlsx", "script_.xlsx"),  # Django's parser keeps what follows the last "/"
    ("<img src=x onerror=alert(1)>.xlsx", "_img src=x onerror=alert(1)_.xlsx"),
    ("长" * 300 + ".xlsx", "长" * 65 + ".xlsx"),  # 200 bytes in UTF-8
])
def test_a_file_name_is_stored_safely_inside_the_delivery(clerk_a, folders, tmp_path, sent, stored):
    response = clerk_a.post(agency_path(AGENCY_A, "upload/"), files={"files": (sent, workbook_bytes(tmp_path))})
    assert response.status_code == 302
    (upload,) = {path.split("/")[0] for path in stored_uploads(folders)}
    assert (folders.state / "uploads" / upload / "files").iterdir().__next__().name == stored
    report = clerk_a.get(response.headers["Location"])
    assert "<script>" not in report.text and "<img" not in report.text
    from intake.models import UploadedFile

    assert UploadedFile.objects.get().name == stored
    assert sorted(p.name for p in folders.agency(AGENCY_B).iterdir()) == ["机关信息.xlsx"]


def test_a_file_that_is_not_a_table_is_refused(clerk_a, folders):
    refused = clerk_a.post(agency_path(AGENCY_A, "upload/"), files={"files": ("notes.txt", b"hello")})
    assert refused.status_code == 400
    assert "只收 Excel" in refused.text
    assert stored_uploads(folders) == []


def test_pages_ask_nothing_of_another_host_and_run_no_script(clerk_a):
    page = clerk_a.get(agency_path(AGENCY_A))
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "<script" not in page.text
    assert "http://" not in page.text.replace(clerk_a.base, "") and "https://" not in page.text


def test_an_expired_session_is_sent_back_to_the_login_page(clerk_a):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert clerk_a.get(agency_path(AGENCY_A)).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = clerk_a.get(agency_path(AGENCY_A))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")


def test_a_new_visitor_is_sent_to_the_login_page(live_server, accounts):
    anonymous = Visitor(live_server.url)
    response = anonymous.get(agency_path(AGENCY_A))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
