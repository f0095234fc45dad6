"""What the 平台管理员 has: the seeded development accounts, and the audit log, read only, exported as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command

from tests.conftest import PROJECT
from tests.intake.conftest import AGENCY_A

pytestmark = pytest.mark.django_db


def test_the_audit_log_exports_as_csv_that_excel_reads_as_chinese(client, accounts, django_user_model):
    from intake import audit
    from intake.models import Action, AuditEvent

    audit.record(None, Action.UPLOAD, accounts[AGENCY_A], "=HYPERLINK(\"http://evil\")", username="clerk_a")
    admin = django_user_model.objects.create_superuser("admin", password="admin-password-1")
    client.force_login(admin)
    ids = [str(pk) for pk in AuditEvent.objects.values_list("pk", flat=True)]
    response = client.post("/admin/intake/auditevent/", {"action": "export_csv", "_selected_action": ids})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["时间", "用户名", "操作"]
    (row,) = [row for row in rows[1:] if row[2] == "上传"]
    assert row[1] == "clerk_a" and row[3] == AGENCY_A and row[4] == "朔州市朔城区科学技术局"
    assert row[5].startswith("'=")  # a formula stays text in Excel


def test_nobody_edits_or_deletes_the_audit_log(client, django_user_model):
    from intake import audit
    from intake.models import Action

    event = audit.record(None, Action.LOGIN_FAILED, username="someone")
    client.force_login(django_user_model.objects.create_superuser("admin", password="admin-password-1"))
    assert client.post(f"/admin/intake/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/intake/auditevent/").status_code == 200
    from intake.models import AuditEvent

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_submission_is_read_in_the_admin_never_moved_there(client, accounts, django_user_model):
    """Its state moves through the reviewers' pages alone, where the lifecycle and the sign-off rules hold."""
    from intake.models import Review, Submission, Upload

    clerk = django_user_model.objects.get(username="clerk_a")
    upload = Upload.objects.create(agency=accounts[AGENCY_A], uploaded_by=clerk)
    submission = Submission.objects.create(upload=upload, state=Review.PENDING, submitted_by=clerk)
    client.force_login(django_user_model.objects.create_superuser("admin", password="admin-password-1"))
    assert client.get(f"/admin/intake/submission/{submission.pk}/change/").status_code == 200  # shown
    changed = client.post(f"/admin/intake/submission/{submission.pk}/change/", {"state": Review.APPROVED})
    deleted = client.post(f"/admin/intake/submission/{submission.pk}/delete/", {"post": "yes"})
    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert Submission.objects.get(pk=submission.pk).state == Review.PENDING


def test_seed_sample_makes_a_clerk_and_a_reviewer_per_sample_agency_with_working_passwords(settings, capsys,
                                                                                         django_user_model):
    settings.INTAKE_DATA_DIR = PROJECT / "data"
    call_command("seed_sample")
    printed = capsys.readouterr().out
    accounts = re.findall(r"(填报人|审核人) (\w+) 密码 (\S+?)[；\n]", printed)
    folders = [path for path in (PROJECT / "data").iterdir() if path.is_dir()]
    assert len(accounts) == 2 * len(folders)
    assert "朔州市朔城区科学技术局" in printed  # the agency's name from its 机关信息 sheet, not its folder's
    for role, username, password in accounts:
        user = django_user_model.objects.get(username=username)
        assert user.check_password(password)
        assert user.memberships.get().get_role_display() == role
