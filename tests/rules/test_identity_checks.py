"""Identity checks: another agency's name beside this agency's own code, one party code under several names across
an agency's records, a natural person with a company's code and a company without one. Each with workbooks built
here: the cell, the severity, the message, the record named, and that the file's valid rows still publish."""

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.exit_codes import ExitCode
from disclosure.core.problem_catalogue import Severity
from tests.conftest import (
    AGENCY_NAME,
    AGENCY_USCC,
    PENALTY_HEADER,
    Site,
    penalty_row,
    valid_uscc,
    write_workbook,
)
from tests.rules.test_cross_checks import ruling

AS_OF = dt.date(2026, 11, 20)
AUTHORITY = PENALTY_HEADER.index("处罚机关")
ERROR, WARNING = Severity.ERROR, Severity.WARNING
OTHER_AGENCY = "朔州市朔城区市场监督管理局"
COMPANY_CODE = valid_uscc("91140602MA0K2B3C4")
SHOP_CODE = valid_uscc("92140602MA0K2B3C4")
PERSON_ID = "440101199003071233"

LICENCE_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政许可决定文书名称",
                  "行政许可决定文书号", "许可类别", "许可内容", "许可决定日期", "有效期自", "许可机关", "许可机关统一社会信用代码"]
SPOT_CHECK_HEADER = ["抽查事项", "抽查对象", "统一社会信用代码", "抽查日期", "抽查结果", "检查机关"]
OTHER_HEADER = ["执法类别", "决定文书号", "执法对象", "执法对象类别", "统一社会信用代码", "执法结论", "决定日期", "执法机关"]


def penalties(tmp_path, *rows: list):
    return ruling(tmp_path, {"处罚.xlsx": {"行政处罚决定": [PENALTY_HEADER, *rows]}})


def row(number: int, authority: str = AGENCY_NAME, **kwargs) -> list:
    values = penalty_row(number, **kwargs)
    values[AUTHORITY] = authority
    return values


def licence(number: int, party: str = "朔州市晋北商贸有限公司", code: str = COMPANY_CODE,
            authority: str = AGENCY_NAME) -> list:
    return [party, "法人及非法人组织", code, "准予行政许可决定书", f"朔城科许〔2026〕{number}号", "普通", "准予许可",
            dt.date(2026, 11, 2), dt.date(2026, 11, 2), authority, AGENCY_USCC]


def found(result, code: str) -> list[tuple]:
    return [(p.file, p.cell, p.severity, p.record) for p in result.problems if p.code == code]


def messages(result, code: str) -> list[str]:
    return [p.message for p in result.problems if p.code == code]


def published(result) -> list[str]:
    return sorted(p.key for p in result.decisions.publications)


# ---- the authority's name and code ----------------------------------------------------------------------

def test_another_agencys_name_with_this_agencys_code_is_an_error_naming_both(tmp_path):
    result = penalties(tmp_path, row(1), row(2, OTHER_AGENCY))
    assert found(result, "authority-name-not-own") == [("局/处罚.xlsx", "M3", ERROR, "朔城科罚(2026)2号")]
    [message] = messages(result, "authority-name-not-own")
    assert f"“处罚机关”写的是“{OTHER_AGENCY}”" in message
    assert f"本单位（{AGENCY_NAME}，{AGENCY_USCC}）" in message and "本条未公示" in message
    assert published(result) == ["朔城科罚(2026)1号"]


def test_the_agencys_own_name_however_typed_is_its_name(tmp_path):
    spellings = [" 朔州市朔城区科学技术局", "朔州市朔城区 科学技术局", "朔州市朔城区科学技术局\u200b"]
    result = penalties(tmp_path, *(row(n, name) for n, name in enumerate(spellings, start=1)))
    assert [p.code for p in result.problems if p.code.startswith(("authority", "not-own"))] == []
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号", "朔城科罚(2026)3号"]


def test_a_licence_under_another_agencys_name_is_held_back_and_never_reaches_the_portal(workspace):
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "许可.xlsx", {"行政许可决定": [
        LICENCE_HEADER, licence(1), licence(2, authority=OTHER_AGENCY)]})
    assert workspace.publish("build", "--as-of", AS_OF.isoformat()) == ExitCode.ATTENTION  # held back
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["cell"], p["severity"], p["record"]) for p in problems if p["code"] == "authority-name-not-own"] == [
        ("J3", "错误", "朔城科许(2026)2号")]
    everything = Site(workspace.output).text_of_everything()
    assert "朔城科许〔2026〕1号" in everything
    assert "朔城科许〔2026〕2号" not in everything and OTHER_AGENCY not in everything


def test_another_agencys_code_is_still_the_code_error_whatever_the_name(tmp_path):
    other = valid_uscc("11140602MB0000123")
    values = row(1, OTHER_AGENCY)
    values[AUTHORITY + 1] = other
    result = penalties(tmp_path, values)
    assert [p.code for p in result.problems] == ["not-own-decision-code"]


# ---- one code, one name ---------------------------------------------------------------------------------

def test_one_code_under_several_names_warns_on_the_odd_records_naming_every_name_and_where(tmp_path):
    result = ruling(tmp_path, {
        "处罚.xlsx": {"行政处罚决定": [PENALTY_HEADER, row(1, party_code=COMPANY_CODE), row(2, party_code=COMPANY_CODE),
                                    row(3, party="朔州市晋北商贸公司", party_code=COMPANY_CODE), row(4)]},
        "许可.xlsx": {"行政许可决定": [LICENCE_HEADER, licence(1), licence(2, "晋北商贸")]}})
    assert found(result, "party-code-several-names") == [
        ("局/处罚.xlsx", "A4", WARNING, "朔城科罚(2026)3号"), ("局/许可.xlsx", "A3", WARNING, "朔城科许(2026)2号")]
    message = messages(result, "party-code-several-names")[0]
    assert message == (
        f"统一社会信用代码 {COMPANY_CODE} 在本单位的记录中写成了 3 个不同的名称：“朔州市晋北商贸有限公司”"
        "（朔城科罚〔2026〕1号、朔城科罚〔2026〕2号、朔城科许〔2026〕1号）；“朔州市晋北商贸公司”（朔城科罚〔2026〕3号）；"
        "“晋北商贸”（朔城科许〔2026〕2号）")
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号", "朔城科罚(2026)3号", "朔城科罚(2026)4号",
                                 "朔城科许(2026)1号", "朔城科许(2026)2号"]


def test_a_spot_check_is_one_of_the_agencys_records_named_by_its_cell(tmp_path):
    check = ["科技计划项目实施情况检查", "晋北商贸", COMPANY_CODE, dt.date(2026, 11, 3), "未发现问题", AGENCY_NAME]
    result = ruling(tmp_path, {"处罚.xlsx": {"行政处罚决定": [PENALTY_HEADER, row(1, party_code=COMPANY_CODE)]},
                               "抽查.xlsx": {"抽查结果": [SPOT_CHECK_HEADER, check]}})
    [(file, cell, severity, _)] = found(result, "party-code-several-names")
    assert (file, cell, severity) == ("局/抽查.xlsx", "B2", WARNING)
    assert "“晋北商贸”（局/抽查.xlsx B2）" in messages(result, "party-code-several-names")[0]


def test_names_that_differ_only_in_spaces_or_full_width_brackets_are_one_name(tmp_path):
    names = ["朔州市晋北商贸（集团）有限公司", "朔州市晋北商贸(集团)有限公司", "朔州市晋北商贸 （集团） 有限公司"]
    result = penalties(tmp_path, *(row(n, party=name, party_code=COMPANY_CODE) for n, name in enumerate(names, 1)))
    assert found(result, "party-code-several-names") == []


def test_the_placeholder_code_and_natural_persons_are_no_one_body(tmp_path):
    placeholder = "0" * 17 + "X"
    result = penalties(tmp_path, row(1, party="赵六烧烤店", party_type="个体工商户", party_code=placeholder),
                       row(2, party="钱七小吃部", party_type="个体工商户", party_code=placeholder),
                       row(3, party_code=COMPANY_CODE),
                       row(4, party="孙八", party_type="自然人", party_code=COMPANY_CODE))
    assert found(result, "party-code-several-names") == []
    assert all("孙八" not in p.message for p in result.problems)


@given(st.lists(st.sampled_from(["朔州市晋北商贸有限公司", "朔州市晋北商贸公司", "晋北商贸"]), min_size=1, max_size=6))
def test_every_record_but_those_of_the_most_used_name_is_warned(tmp_path_factory, names):
    tmp_path = tmp_path_factory.mktemp("names")
    result = penalties(tmp_path, *(row(n, party=name, party_code=COMPANY_CODE) for n, name in enumerate(names, 1)))
    usual = max(dict.fromkeys(names), key=names.count)  # the first of the most frequent
    warned = [f"朔城科罚(2026){n}号" for n, name in enumerate(names, 1) if name != usual]
    assert [record for *_, record in found(result, "party-code-several-names")] == warned
    assert len(published(result)) == len(names)


# ---- the party's type against its code ------------------------------------------------------------------

def test_a_natural_person_with_a_companys_code_is_a_warning_and_published(tmp_path):
    result = penalties(tmp_path, row(1, party="孙八", party_type="自然人", party_code=COMPANY_CODE), row(2))
    assert found(result, "natural-person-with-uscc") == [("局/处罚.xlsx", "C2", WARNING, "朔城科罚(2026)1号")]
    [message] = messages(result, "natural-person-with-uscc")
    assert message == (f"“行政相对人类别”为“自然人”，但“行政相对人代码_1(统一社会信用代码)”中填写了企业的统一社会信用代码 "
                       f"{COMPANY_CODE}")
    assert "孙八" not in message
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号"]


def test_a_natural_person_with_a_sole_traders_code_reads_which_it_is(tmp_path):
    result = penalties(tmp_path, row(1, party="孙八", party_type="自然人", party_code=SHOP_CODE))
    assert "个体工商户的统一社会信用代码" in messages(result, "natural-person-with-uscc")[0]


def test_an_id_number_in_the_code_column_is_the_one_error_it_always_was(workspace):
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, row(1, party="孙八", party_type="自然人", party_code=PERSON_ID), row(2)]})
    assert workspace.publish("build", "--as-of", AS_OF.isoformat()) == ExitCode.ATTENTION  # held back
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["code"], p["cell"]) for p in problems] == [("resident-id-in-code", "C2")]
    assert len(Site(workspace.output).record_pages("penalties")) == 1


def test_an_organisation_without_its_own_code_is_a_warning(tmp_path):
    blank = row(1)
    blank[2] = ""
    result = penalties(tmp_path, blank, row(2, party_code="0" * 17 + "X"), row(3, party_code=SHOP_CODE), row(4))
    assert found(result, "organisation-without-uscc") == [
        ("局/处罚.xlsx", "C2", WARNING, "朔城科罚(2026)1号"), ("局/处罚.xlsx", "C3", WARNING, "朔城科罚(2026)2号")]
    assert messages(result, "organisation-without-uscc")[0] == (
        "“行政相对人类别”为“法人及非法人组织”，但没有填写单位的统一社会信用代码")
    assert found(result, "organisation-with-sole-trader-uscc") == [("局/处罚.xlsx", "C4", WARNING, "朔城科罚(2026)3号")]
    assert SHOP_CODE in messages(result, "organisation-with-sole-trader-uscc")[0]
    assert published(result) == [f"朔城科罚(2026){n}号" for n in range(1, 5)]


def test_other_decisions_read_their_own_column_names(tmp_path):
    decision = ["行政检查", "朔城科检〔2026〕1号", "孙八", "自然人", COMPANY_CODE, "检查未发现违法行为",
                dt.date(2026, 11, 3), AGENCY_NAME]
    result = ruling(tmp_path, {"其他.xlsx": {"其他执法决定": [OTHER_HEADER, decision]}})
    assert found(result, "natural-person-with-uscc") == [("局/其他.xlsx", "E2", WARNING, "朔城科检(2026)1号")]
    assert messages(result, "natural-person-with-uscc")[0].startswith("“执法对象类别”为“自然人”，但“统一社会信用代码”")
