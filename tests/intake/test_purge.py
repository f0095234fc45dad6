"""`python -m intake purge_uploads`: a clerk's uploads that were never submitted are deleted from the state folder
once older than the limit (30 days unless told), each deletion in the audit log; newer ones, the agency's data/
and the upload's record (its check result on the agency's page) stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook
from tests.intake.conftest import AGENCY_A, agency_path

pytestmark = pytest.mark.django_db(transaction=True)


def upload(clerk, tmp_path, name: str):
    from intake.models import Upload

    path = write_workbook(tmp_path / name, {"行政处罚决定": [PENALTY_HEADER, penalty_row(3)]})
    answer = clerk.post(agency_path(AGENCY_A, "upload/"), files={"files": (name, path.read_bytes())})
    assert answer.status_code == 302
    return Upload.objects.get(files__name=name)


def age(made, days: int) -> None:
    type(made).objects.filter(pk=made.pk).update(created=timezone.now() - dt.timedelta(days=days))


def test_uploads_older_than_thirty_days_are_deleted_and_logged_newer_ones_kept(clerk_a, folders, tmp_path):
    from intake.management.commands.purge_uploads import PURGE, PURGED_BY
    from intake.models import AuditEvent, Upload

    old, recent = upload(clerk_a, tmp_path, "旧的.xlsx"), upload(clerk_a, tmp_path, "新的.xlsx")
    age(old, 31)
    age(recent, 29)
    data_before = sorted(p.relative_to(folders.data) for p in folders.data.rglob("*"))
    assert (old.work_folder / "files" / "旧的.xlsx").is_file()

    call_command("purge_uploads")

    assert not old.work_folder.exists()
    assert (recent.work_folder / "files" / "新的.xlsx").is_file()
    assert sorted(p.relative_to(folders.data) for p in folders.data.rglob("*")) == data_before
    assert Upload.objects.filter(pk=old.pk).exists()  # its check result is still what the agency page shows
    (event,) = AuditEvent.objects.filter(action=PURGE)
    assert (event.username, event.agency.folder) == (PURGED_BY, AGENCY_A)
    assert "超过 30 天" in event.detail and "旧的.xlsx" in event.detail and "clerk_a" in event.detail

    call_command("purge_uploads")  # a second run finds nothing more to delete and logs nothing
    assert AuditEvent.objects.filter(action=PURGE).count() == 1


def test_the_number_of_days_is_an_option(clerk_a, tmp_path):
    made = upload(clerk_a, tmp_path, "一周前.xlsx")
    age(made, 8)
    call_command("purge_uploads", "--days", "10")
    assert made.work_folder.exists()
    call_command("purge_uploads", "--days", "7")
    assert not made.work_folder.exists()


def test_a_submitted_upload_keeps_its_files_whatever_its_age_and_state(clerk_a, tmp_path):
    """Its files are what its reviewer reads and, once approved, what was installed; a draft is a trial upload."""
    from intake.models import Action, AuditEvent, Review, Submission

    made = {state: upload(clerk_a, tmp_path, f"{state}.xlsx") for state in Review.values}
    for state, found in made.items():
        Submission.objects.create(upload=found, state=state)
        age(found, 90)
    call_command("purge_uploads")
    assert {state for state, found in made.items() if found.work_folder.exists()} == {
        Review.PENDING, Review.APPROVED, Review.RETURNED}
    (purged,) = AuditEvent.objects.filter(action=Action.PURGE)  # the draft's alone
    assert "draft.xlsx" in purged.detail


def test_zero_days_is_refused_in_chinese(accounts):
    with pytest.raises(CommandError, match="--days 至少是 1"):
        call_command("purge_uploads", "--days", "0")
