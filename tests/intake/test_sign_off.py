"""The sign-off in the portal's memory: approval writes data/<agency>/.sign-off.json with the files (who submitted,
who approved, when, for exactly the content approved), and the next build's ledger names them for every event, in
`publish.py history` and in the ledger export; a file the approval did not touch keeps its entry, a removed one
loses it; and with REQUIRE_APPROVAL, the check of a delivery says what the build will do once it is approved."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json

import pytest

from disclosure import cli
from tests.conftest import PROJECT, write_workbook
from tests.intake.conftest import AGENCY_A, agency_path, changed_workbook, penalties, valid
from tests.intake.test_review import deliver, logged_in, submit

pytestmark = pytest.mark.django_db(transaction=True)

PENALTIES, PROFILE, MANIFEST = "行政处罚决定.xlsx", "机关信息.xlsx", ".sign-off.json"


def named(username: str, surname: str, given: str) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=username).update(last_name=surname, first_name=given)


def manifest_of(folders) -> dict:
    return json.loads(folders.agency(AGENCY_A).joinpath(MANIFEST).read_text(encoding="utf-8"))


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def approved(clerk, live_server, content: bytes, comment: str = "同意公开") -> str:
    upload = deliver(clerk, content)
    submit(clerk, upload)
    response = logged_in(live_server, "reviewer_a").post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"),
                                                         {"comment": comment})
    assert response.status_code == 302
    return upload


def publish(folders, tmp_path, settings, capsys, *command: str) -> str:
    capsys.readouterr()
    code = cli.main([*command, "--data", str(folders.data), "--cache", str(tmp_path / "build-cache"),
                     "--ledger", str(settings.INTAKE_LEDGER), "--reports", str(tmp_path / "reports"),
                     *(["--output", str(tmp_path / "site"), "--settings", str(settings.INTAKE_PORTAL_SETTINGS)]
                       if command[0] == "build" else [])])
    assert code == 0
    return capsys.readouterr().out


def test_approval_writes_who_submitted_and_who_approved_for_the_content_it_installed(
        published, clerk_a, live_server, tmp_path, today):
    from intake.models import Submission

    named("clerk_a", "王", "填报")  # reviewer_a has no name: its account name stands for it
    upload = approved(clerk_a, live_server, changed_workbook(tmp_path, today))
    submission = Submission.objects.get(upload_id=upload)
    manifest = manifest_of(published)
    assert manifest["version"] == 1 and list(manifest["files"]) == [PENALTIES]
    entry = manifest["files"][PENALTIES]
    assert entry["sha256"] == sha256(published.agency(AGENCY_A) / PENALTIES)
    assert (entry["submission"], entry["submitted_by"], entry["approved_by"], entry["comment"]) == (
        upload, "王填报", "reviewer_a", "同意公开")
    assert dt.datetime.fromisoformat(entry["approved_at"]) == submission.reviewed_at.replace(microsecond=0)
    assert dt.datetime.fromisoformat(entry["submitted_at"]) == submission.submitted_at.replace(microsecond=0)
    assert entry["approved_at"][-6:] == "+08:00"  # the service's time zone, as the reviewer read the clock

def test_an_untouched_file_keeps_its_entry_and_a_removed_file_loses_it(published, clerk_a, live_server,
                                                                        tmp_path, today):
    folder = published.agency(AGENCY_A)
    earlier = {"sha256": sha256(folder / PROFILE), "submission": "an-earlier-upload", "submitted_by": "李某",
               "submitted_at": "2026-01-05T09:00:00+08:00", "approved_by": "赵某",
               "approved_at": "2026-01-05T10:00:00+08:00", "comment": ""}
    folder.joinpath(MANIFEST).write_text(json.dumps({"version": 1, "files": {PROFILE: earlier}}), encoding="utf-8")
    approved(clerk_a, live_server, changed_workbook(tmp_path, today))
    assert manifest_of(published)["files"][PROFILE] == earlier
    assert set(manifest_of(published)["files"]) == {PROFILE, PENALTIES}

    checked = clerk_a.post(agency_path(AGENCY_A, "remove/"), {"remove": [PENALTIES]})
    removal = checked.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    submit(clerk_a, removal, note="该文件作废")
    assert logged_in(live_server, "reviewer_a").post(
        agency_path(AGENCY_A, f"reviews/{removal}/approve/")).status_code == 302
    assert manifest_of(published)["files"] == {PROFILE: earlier}


def test_history_and_the_ledger_export_name_who_submitted_and_who_approved_each_event(
        published, clerk_a, live_server, tmp_path, today, settings, capsys):
    named("clerk_a", "王", "填报")
    named("reviewer_a", "陈", "审核")
    approved(clerk_a, live_server, changed_workbook(tmp_path, today))  # 1 corrected, 2 withdrawn, 4 new
    publish(published, tmp_path, settings, capsys, "build", "--as-of", today.isoformat())

    printed = {key: publish(published, tmp_path, settings, capsys, "history", key)
               for key in ("朔城科罚〔2026〕1号", "朔城科罚〔2026〕2号", "朔城科罚〔2026〕4号")}
    for key, event in (("朔城科罚〔2026〕1号", "更正"), ("朔城科罚〔2026〕2号", "撤回"), ("朔城科罚〔2026〕4号", "首次公示")):
        (line,) = [line for line in printed[key].splitlines() if f"  {event}" in line]
        assert "报送人 王填报（" in line and "审核人 陈审核（" in line, line
    # The first publication of 1 came from a file put in data/ before the service: nobody is named for it.
    (first,) = [line for line in printed["朔城科罚〔2026〕1号"].splitlines() if "首次公示" in line]
    assert "报送人" not in first and "审核人" not in first

    target = tmp_path / "台账.csv"
    publish(published, tmp_path, settings, capsys, "ledger", "export", "-o", str(target))
    header, *rows = csv.reader(target.read_text(encoding="utf-8-sig").splitlines())
    by_event = {(row[header.index("编号")], row[header.index("事件")]): dict(zip(header, row)) for row in rows}
    withdrawal = by_event["朔城科罚(2026)2号", "撤回"]
    assert (withdrawal["报送人"], withdrawal["审核人"]) == ("王填报", "陈审核")
    assert withdrawal["审核时间"].startswith(today.isoformat())
    assert by_event["朔城科罚(2026)1号", "首次公示"]["审核人"] == ""


def test_with_approval_required_the_check_of_a_delivery_shows_its_records_as_they_will_be_published(
        published, clerk_a, tmp_path, today, settings):
    from intake.models import Upload

    folder = published.agency(AGENCY_A)
    signed = {"sha256": sha256(folder / PROFILE), "submission": "an-earlier-upload", "submitted_by": "李某",
              "submitted_at": "2026-01-05T09:00:00+08:00", "approved_by": "赵某",
              "approved_at": "2026-01-05T10:00:00+08:00", "comment": ""}
    folder.joinpath(MANIFEST).write_text(json.dumps({"version": 1, "files": {PROFILE: signed}}), encoding="utf-8")
    write_workbook(folder / "手工放入.xlsx", {"行政处罚决定": penalties(valid(9))})
    required = tmp_path / "settings.py"
    required.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                        f"THEME = {str(PROJECT / 'theme')!r}\nREQUIRE_APPROVAL = True\n", encoding="utf-8")
    settings.INTAKE_PORTAL_SETTINGS = required
    result = Upload.objects.get(pk=deliver(clerk_a, changed_workbook(tmp_path, today))).result
    # The delivered file is checked as its approval will leave it; the file put in by hand is held back and named.
    unapproved = [problem for problem in result["problems"] if "报送与审核" in problem["message"]]
    assert [(problem["file"], problem["severity"]) for problem in unapproved] == [("手工放入.xlsx", "错误")]
    assert "手工放入.xlsx" in unapproved[0]["message"]
    assert {change["event"] for change in result["changes"]} == {"corrected", "withdrawn", "published"}
