"""Stage 4: what may be public. Later stages only ever see what these rules hand them."""

import datetime as dt

from disclosure.reading import data_folder
from disclosure.rules import decide as rules
from disclosure.rules.public_view import mask_name
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.progress import Progress
from tests.conftest import PENALTY_HEADER, agency_rows, penalty_row, write_workbook

AS_OF = RuleSettings(as_of=dt.date(2026, 11, 20))


def decide(data_dir, tmp_path):
    checked = data_folder.check(data_dir, tmp_path / ".cache", Progress(quiet=True))
    return rules.decide(checked.records, AS_OF)


def test_mask_name_keeps_only_the_surname():
    assert mask_name("张三") == "张某"
    assert mask_name("王建国") == "王某"
    assert mask_name("欧阳娜娜") == "欧阳某"
    assert mask_name(" 诸葛亮 ") == "诸葛某"


def test_natural_persons_are_masked_and_their_id_numbers_dropped(tmp_path):
    data = tmp_path / "data"
    write_workbook(data / "局" / "机关信息.xlsx", {"机关信息": agency_rows()})
    person = penalty_row(1, party="欧阳娜娜", party_type="自然人", id_number="11010519491231002X")
    company = penalty_row(2)
    write_workbook(data / "局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, person, company]})
    ruling = decide(data, tmp_path)
    by_key = {p.key: p for p in ruling.decisions.publications}
    masked = by_key["朔城科罚(2026)1号"]
    assert masked.get("party_name") == "欧阳某"
    assert "id_number" not in masked.values and "id_type" not in masked.values
    assert by_key["朔城科罚(2026)2号"].get("party_name") == "朔州市晋北商贸有限公司"


def test_withheld_records_are_not_published(tmp_path):
    data = tmp_path / "data"
    write_workbook(data / "局" / "机关信息.xlsx", {"机关信息": agency_rows()})
    header = PENALTY_HEADER + ["不予公开原因", "当前状态", "撤回日期", "撤回理由"]
    warning_only = penalty_row(2, categories="警告")
    warning_only[9:11] = ["警告", None]  # no fine: a fine under 警告 alone would be held back as a contradiction
    rows = [header,
            penalty_row(1) + ["", "有效", "", ""],
            warning_only + ["", "", "", ""],  # 警告 only: never published
            penalty_row(3) + ["未成年人", "", "", ""],
            penalty_row(4) + ["", "已撤销", "2026-11-18", "复议撤销"]]  # withdrawn before it was ever published
    write_workbook(data / "局" / "处罚.xlsx", {"行政处罚决定": rows})
    ruling = decide(data, tmp_path)
    assert [p.key for p in ruling.decisions.publications] == ["朔城科罚(2026)1号"]
    assert ruling.withheld == 3


def test_a_folder_without_a_valid_agency_profile_publishes_nothing_and_says_why(tmp_path):
    data = tmp_path / "data"
    write_workbook(data / "局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    ruling = decide(data, tmp_path)
    assert ruling.decisions.publications == () and ruling.decisions.agencies == ()
    (problem,) = ruling.problems
    assert (problem.code, problem.agency, dict(problem.details)) == ("agency-profile-missing", "局", {"count": 1})


def test_publication_identity_is_stable_and_free_of_personal_data(tmp_path):
    data = tmp_path / "data"
    write_workbook(data / "局" / "机关信息.xlsx", {"机关信息": agency_rows()})
    write_workbook(data / "局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(7, party="张三", party_type="自然人")]})
    first = decide(data, tmp_path).decisions.publications[0]
    # The same decision moved to another row of another file, with a corrected fact: same identity.
    (data / "局" / "处罚.xlsx").unlink()
    moved = penalty_row(7, party="张三", party_type="自然人", facts="更正后的违法事实。")
    write_workbook(data / "局" / "新表.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(8), moved]})
    again = {p.key: p for p in decide(data, tmp_path).decisions.publications}["朔城科罚(2026)7号"]
    assert again.uid == first.uid and again.fingerprint != first.fingerprint
    assert "张" not in first.uid


def test_two_new_folders_claiming_one_agency_code_publish_neither(tmp_path):
    """Before any publication nothing tells the agency from a copy or an impostor: the name sorting first is not
    enough to take its page (and a second folder made later is refused: tests/rules/test_identity.py)."""
    data = tmp_path / "data"
    for folder in ("甲文件夹", "乙文件夹"):
        write_workbook(data / folder / "机关信息.xlsx", {"机关信息": agency_rows()})
        write_workbook(data / folder / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1 if folder == "甲文件夹" else 2)]})
    ruling = decide(data, tmp_path)
    assert ruling.decisions.agencies == () and ruling.decisions.publications == ()
    claims = {(p.code, p.agency, p.cell, dict(p.details)["owner"]) for p in ruling.problems}
    assert claims == {("agency-code-disputed", "甲文件夹", "B2", "乙文件夹"),
                      ("agency-code-disputed", "乙文件夹", "B2", "甲文件夹")}
