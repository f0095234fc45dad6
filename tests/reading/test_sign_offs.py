"""Each file's sign-off, read from data/<agency>/.sign-off.json: it holds for the approved content only; and with
REQUIRE_APPROVAL a file put in by hand, or edited after approval, is held back whole and named, while what the
agency published before stays online; without the setting both are published as they always were."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from disclosure.core.sign_off import MANIFEST_NAME
from disclosure.reading import workbooks
from disclosure.reading.sign_offs import approvals
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, agency_rows, penalty_row, write_workbook

PENALTIES, DROPPED, OFFICERS, APPROVED = "处罚.xlsx", "手工放入.xlsx", "人员.xlsx", "另一份处罚.xlsx"
CERTIFICATE = "14060219001"


def signed(folder: Path, *names: str, by: str = "王填报", approver: str = "陈审核") -> None:
    """The manifest the review service's approval writes, signing off names as they are now."""
    files = {name: {"sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest(), "submission": "u-1",
                    "submitted_by": by, "submitted_at": "2026-11-19T09:30:00+08:00", "approved_by": approver,
                    "approved_at": "2026-11-19T15:05:00+08:00", "comment": ""} for name in names}
    (folder / MANIFEST_NAME).write_text(json.dumps({"version": 1, "files": files}, ensure_ascii=False),
                                        encoding="utf-8")


def penalties(folder: Path, name: str, *numbers: int, facts: str = "未按规定报送年度报告材料。") -> None:
    write_workbook(folder / name, {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n, facts=facts) for n in numbers)]})


def test_a_sign_off_holds_for_the_content_approved_and_no_other(workspace):
    folder = workspace.agency()
    penalties(folder, PENALTIES, 1)
    signed(folder, "机关信息.xlsx", PENALTIES)
    penalties(folder, PENALTIES, 1, 2)  # edited after approval
    penalties(folder, DROPPED, 3)  # never approved
    found = approvals(workspace.data, workbooks.discover(workspace.data))
    assert list(found.signed) == ["科技局/机关信息.xlsx"]
    assert (found.signed["科技局/机关信息.xlsx"].submitted_by, found.signed["科技局/机关信息.xlsx"].approved_by) == (
        "王填报", "陈审核")
    assert sorted(source.relative_path for source in found.unapproved) == ["科技局/处罚.xlsx", "科技局/手工放入.xlsx"]


MANIFESTS = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                         max_leaves=12)


@given(manifest=MANIFESTS, files=st.dictionaries(st.sampled_from(["机关信息.xlsx", "sha256", "files"]), MANIFESTS))
@examples(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_a_manifest_holds_it_signs_off_nothing_it_does_not_hash_to(tmp_path, manifest, files):
    folder = tmp_path / "data" / "科技局"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "机关信息.xlsx").write_bytes(b"profile")
    for written in (manifest, {"version": 1, "files": files}):
        (folder / MANIFEST_NAME).write_text(json.dumps(written), encoding="utf-8")
        found = approvals(tmp_path / "data", workbooks.discover(tmp_path / "data"))
        assert found.signed == {} and [s.relative_path for s in found.unapproved] == ["科技局/机关信息.xlsx"]


def settings_file(workspace: Workspace, required: bool) -> str:
    path = workspace.root / "settings.py"
    path.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                    f"REQUIRE_APPROVAL = {required}\n", encoding="utf-8")
    return str(path)


def history(workspace: Workspace, capsys, key: int | str) -> str:
    capsys.readouterr()
    workspace.publish("history", f"朔城科罚〔2026〕{key}号" if isinstance(key, int) else key)
    return capsys.readouterr().out


def report(workspace: Workspace) -> list[dict]:
    return json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]


def officers(folder: Path, *rows: list) -> None:
    write_workbook(folder / OFFICERS, {"执法人员清单": [["姓名", "执法证号", "执法类别/领域", "有效期至", "证件状态"], *rows]})


def approved_then_changed_by_hand(workspace: Workspace, capsys, required: bool) -> str:
    """1 and 2, an officer, and 5 (in a file of its own) approved and published; then 处罚.xlsx edited (1 corrected, 3 added), the officer's
    row deleted from 人员.xlsx, and 手工放入.xlsx (4) put in, all by hand."""
    folder = workspace.agency()
    penalties(folder, PENALTIES, 1, 2)
    penalties(folder, APPROVED, 5)
    officers(folder, ["李明", CERTIFICATE, "科技", dt.date(2028, 1, 1), "有效"])
    signed(folder, "机关信息.xlsx", PENALTIES, OFFICERS, APPROVED)
    settings = settings_file(workspace, required)
    workspace.build("--settings", settings)
    penalties(folder, PENALTIES, 1, 2, 3, facts="审核通过后被改动的事实。")
    officers(folder)
    penalties(folder, DROPPED, 4)
    workspace.build("--settings", settings)
    return capsys.readouterr().out


def test_with_approval_required_a_file_dropped_by_hand_or_edited_after_approval_is_held_back_and_named(
        workspace, capsys):
    printed = approved_then_changed_by_hand(workspace, capsys, required=True)
    held = [problem for problem in report(workspace) if problem["code"] == "file-not-approved"]
    assert sorted(problem["file"] for problem in held) == ["科技局/人员.xlsx", "科技局/处罚.xlsx", "科技局/手工放入.xlsx"]
    assert all(problem["severity"] == "错误" and problem["file"] in problem["message"]
               and "报送与审核" in problem["fix"] for problem in held)
    assert "科技局/手工放入.xlsx" in printed and "未经“报送与审核”服务审核通过" in printed
    for number in (1, 2):  # what the agency published stays online as it was: not withdrawn, not corrected
        shown = history(workspace, capsys, number)
        assert "当前状态：公示中" in shown and "撤回" not in shown and "更正" not in shown
        assert "报送人 王填报（2026-11-19 09:30），审核人 陈审核（2026-11-19 15:05）" in shown
    for number in (3, 4):
        assert "台账中没有编号为" in history(workspace, capsys, number)
    assert "当前状态：公示中" in history(workspace, capsys, 5)  # the approved file beside them publishes as ever
    assert "当前状态：公示中" in history(workspace, capsys, CERTIFICATE)  # a listing is not removed either
    # Nothing was deleted: the clerk is not told that published decisions went missing.
    assert [problem["code"] for problem in report(workspace) if problem["code"].startswith("published-record")] == []


def test_with_approval_required_an_agency_whose_profile_was_edited_by_hand_keeps_all_it_published(workspace, capsys):
    folder = workspace.agency()
    penalties(folder, PENALTIES, 1)
    officers(folder, ["李明", CERTIFICATE, "科技", dt.date(2028, 1, 1), "有效"])
    signed(folder, "机关信息.xlsx", PENALTIES, OFFICERS)
    settings = settings_file(workspace, True)
    workspace.build("--settings", settings)
    header, row = agency_rows()
    write_workbook(folder / "机关信息.xlsx", {"机关信息": [header, [*row[:2], "改过的地址", *row[3:]]]})
    workspace.publish("build", "--settings", settings)
    assert [problem["file"] for problem in report(workspace) if problem["code"] == "file-not-approved"] == [
        "科技局/机关信息.xlsx"]
    for key in (1, CERTIFICATE):
        assert "当前状态：公示中" in history(workspace, capsys, key)


def test_without_the_setting_the_same_files_are_published_as_before(workspace, capsys):
    approved_then_changed_by_hand(workspace, capsys, required=False)
    assert [problem for problem in report(workspace) if problem["code"] == "file-not-approved"] == []
    corrected = history(workspace, capsys, 1)
    assert "更正：违法事实" in corrected
    # The correction came from content nobody approved: its event names nobody.
    (line,) = [line for line in corrected.splitlines() if "更正" in line]
    assert "审核人" not in line
    for number in (3, 4, 5):
        assert "当前状态：公示中" in history(workspace, capsys, number)


def test_an_expiry_is_the_dates_doing_and_names_no_approver(workspace, capsys):
    from tests.deploy.test_lawful import write_with_publicity_end

    folder = workspace.agency()
    write_with_publicity_end(workspace, dt.date(2026, 11, 24))
    signed(folder, *(path.name for path in folder.iterdir() if path.suffix == ".xlsx"))
    workspace.build("--as-of", "2026-11-20")
    workspace.build("--as-of", "2026-11-25")
    said = history(workspace, capsys, 1)
    (published,) = [line for line in said.splitlines() if "首次公示" in line]
    (expired,) = [line for line in said.splitlines() if "公示期满" in line and "2026-11-2" in line]
    assert "审核人 陈审核" in published  # the approved file's data published it
    assert "审核人" not in expired and "报送人" not in expired  # nobody decided the expiry but the calendar
