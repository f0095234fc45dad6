"""What the checks found clean is kept between builds (decide.clean_memo), so a build with nothing new does not
run them again. Kept wrongly, it would hide a problem: each test builds twice or more on one cache and expects
every problem a fresh build would report."""

import json

from tests.conftest import AGENCY_NAME, AGENCY_USCC, PENALTY_HEADER, PROJECT, valid_uscc, write_workbook
from tests.rules.test_cross_checks import row


def problems(workspace, *extra: str) -> list[tuple[str, str, str]]:
    assert workspace.publish("check", *extra) in (0, 1)  # 1: errors found
    found = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    return sorted((p["code"], p["cell"], p["record"]) for p in found)


def penalties(workspace, *rows: list) -> None:
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})


def test_a_problem_is_reported_by_every_build_not_only_the_first(workspace):
    workspace.agency()
    penalties(workspace, row(1), row(2, "罚款人民币5000元", 5000), row(3, "罚款人民币1万元", 2))
    first = problems(workspace)
    assert [code for code, _, _ in first] == ["amount-differs-from-content", "amount-ten-thousand-times-large"]
    assert (workspace.root / ".cache" / "clean-records.pickle").is_file()
    assert problems(workspace) == first


def test_a_changed_setting_checks_the_records_found_clean_again(workspace):
    workspace.agency()
    penalties(workspace, row(1, "依法处以罚款", 3))
    assert problems(workspace) == []
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                        "AMOUNT_CEILING_WAN_YUAN = {'fine_amount': '2'}\n", encoding="utf-8")
    assert problems(workspace, "--settings", str(settings)) == [("amount-above-ceiling", "K2", "朔城科罚(2026)1号")]


def test_a_decision_found_clean_is_still_held_back_by_an_earlier_build_date(workspace):
    workspace.agency()
    penalties(workspace, row(1, decided="2026-11-10"))
    assert problems(workspace, "--as-of", "2026-11-20") == []
    assert problems(workspace, "--as-of", "2026-11-05") == [("decision-in-future", "L2", "朔城科罚(2026)1号")]


def test_an_agency_renamed_in_its_profile_checks_its_unchanged_records_again(workspace):
    workspace.agency()
    penalties(workspace, row(1), row(2))
    assert problems(workspace) == []
    workspace.agency(name="朔州市朔城区市场监督管理局", code=AGENCY_USCC)  # its records still name AGENCY_NAME
    assert {code for code, _, _ in problems(workspace)} == {"authority-name-not-own"}
    workspace.agency(name=AGENCY_NAME)
    assert problems(workspace) == []


def test_a_second_name_for_a_party_code_is_reported_though_the_first_records_were_clean(workspace):
    workspace.agency()
    penalties(workspace, row(1), row(2))
    assert problems(workspace) == []
    penalties(workspace, row(1), row(2), row(3, party="朔州市晋北商贸公司", party_code=valid_uscc("91140602000000001")))
    assert problems(workspace) == [("party-code-several-names", "A4", "朔城科罚(2026)3号")]
