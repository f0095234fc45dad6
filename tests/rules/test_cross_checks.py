"""Cross-field checks: a fine that disagrees with its 处罚内容, a category without its amount, dates out of order.
Each with workbooks built here: the cell, the severity, the message, and that the file's valid rows still publish."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.cross_checks import CROSS_CHECKS, Scope, checks_of
from disclosure.core.exit_codes import PUBLISHED, ExitCode
from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.core.problem_catalogue import CATALOGUE, Severity
from disclosure.reading import data_folder
from disclosure.rules import decide as rules
from disclosure.rules.cross_checks import RULES
from disclosure.rules.identity_checks import AGENCY_RULES
from disclosure.rules.money_text import chinese_number, sums_in_text
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.progress import Progress
from tests.conftest import AGENCY_NAME, AGENCY_USCC, PENALTY_HEADER, Site, agency_rows, penalty_row, write_workbook

AS_OF = dt.date(2026, 11, 20)
FINE, CONTENT, DECIDED = PENALTY_HEADER.index("罚款金额（万元）"), PENALTY_HEADER.index("处罚内容"), 11
CATEGORIES = PENALTY_HEADER.index("处罚类别")
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def row(number: int, content: str = "罚款人民币0.5万元", fine: object = 0.5, categories: str = "罚款", **kwargs) -> list:
    values = penalty_row(number, categories=categories, **kwargs)
    values[CONTENT], values[FINE] = content, fine
    return values


def ruling(tmp_path, sheets: dict[str, dict[str, list[list]]], as_of: dt.date = AS_OF):
    data = tmp_path / "data"
    write_workbook(data / "局" / "机关信息.xlsx", {"机关信息": agency_rows()})
    for name, workbook in sheets.items():
        write_workbook(data / "局" / name, workbook)
    checked = data_folder.check(data, tmp_path / ".cache", Progress(quiet=True))
    return rules.decide(checked.records, RuleSettings(as_of=as_of))


def penalties(tmp_path, *rows: list, header: list = PENALTY_HEADER, as_of: dt.date = AS_OF):
    return ruling(tmp_path, {"处罚.xlsx": {"行政处罚决定": [header, *rows]}}, as_of)


def found(result, code: str) -> list[tuple]:
    return [(p.cell, p.severity, p.record, p.message) for p in result.problems if p.code == code]


def published(result) -> list[str]:
    return sorted(p.key for p in result.decisions.publications)


# ---- the table ----------------------------------------------------------------------------------

def test_every_check_of_the_table_has_its_rule_its_codes_and_columns_of_its_kinds():
    assert set(RULES) == {check.name for check in CROSS_CHECKS if check.scope is Scope.RECORD}
    assert set(AGENCY_RULES) == {check.name for check in CROSS_CHECKS if check.scope is Scope.AGENCY}
    for check in CROSS_CHECKS:
        assert set(check.codes) <= set(CATALOGUE)
        for kind in map(KINDS_BY_NAME.get, check.kinds):
            assert any(kind.has(column) for column in check.columns), (check.name, kind.name)
    assert {kind.name for kind in KINDS if checks_of(kind)} == {"penalties", "licenses", "other-decisions", "spot-checks"}


# ---- amounts against the text -------------------------------------------------------------------

def test_a_wan_yuan_figure_under_a_yuan_header_is_an_error_naming_both_values(tmp_path):
    header = [*PENALTY_HEADER[:FINE], "罚款金额(元)", *PENALTY_HEADER[FINE + 1:]]
    result = penalties(tmp_path, row(1, "罚款人民币5000元", 5000), row(2, "罚款人民币5万元", 5), header=header)
    assert found(result, "amount-ten-thousand-times-small") == [
        ("K3", ERROR, "朔城科罚(2026)2号",
         "“罚款金额(元)”为 5 元，处罚内容写的是“5万元”，小了一万倍，本条未公示")]  # the header and unit as written
    assert published(result) == ["朔城科罚(2026)1号"]
    fix = next(p.fix for p in result.problems if p.code == "amount-ten-thousand-times-small")
    assert "按处罚内容应填 50000 元" in fix  # what to type under the clerk's own header


def test_a_yuan_figure_in_the_wan_yuan_column_is_an_error_and_never_reaches_the_portal(workspace, capsys):
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, row(1, "罚款人民币伍仟元", 0.5), row(2, "罚款人民币5000元", 5000)]})
    assert workspace.publish("build", "--as-of", AS_OF.isoformat()) == ExitCode.ATTENTION  # held back
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    slips = [p for p in problems if p["code"] == "amount-ten-thousand-times-large"]
    assert [(p["cell"], p["severity"], p["record"], p["message"]) for p in slips] == [
        ("K3", "错误", "朔城科罚(2026)2号",
         "“罚款金额（万元）”为 5000 万元，处罚内容写的是“5000元”，大了一万倍，本条未公示")]
    site = Site(workspace.output)
    everything = site.text_of_everything()
    assert "朔城科罚〔2026〕1号" in everything
    assert "朔城科罚〔2026〕2号" not in everything and "5000 万元" not in everything


def test_a_fine_matches_one_of_several_amounts_or_their_sum(tmp_path):
    content = "没收违法所得人民币2,000元，并处罚款人民币壹万伍仟元"
    result = penalties(tmp_path, row(1, content, 1.5), row(2, content, 1.7), row(3, content, 0.2))
    assert [p.code for p in result.problems if p.code.startswith("amount-")] == []
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号", "朔城科罚(2026)3号"]


def test_another_mismatch_is_a_warning_and_the_record_is_published(tmp_path):
    result = penalties(tmp_path, row(1, "罚款人民币5000元", 0.3))
    assert found(result, "amount-differs-from-content") == [
        ("K2", WARNING, "朔城科罚(2026)1号", "“罚款金额（万元）”为 0.3 万元，与处罚内容中写明的金额（5000元）不一致")]
    assert published(result) == ["朔城科罚(2026)1号"]


def test_a_content_that_names_no_sum_is_not_compared(tmp_path):
    result = penalties(tmp_path, row(1, "依法给予罚款", 0.3))
    assert [p.code for p in result.problems] == []


@pytest.mark.parametrize("written, yuan", [
    ("罚款人民币5万元", [50000]), ("罚款5千元", [5000]), ("罚款伍仟元整", [5000]), ("罚款人民币０．５万元", [5000]),
    ("罚款二十万元", [200000]), ("罚款壹拾万元", [100000]), ("罚款人民币伍万元（50000元）", [50000, 50000]),
    ("罚款12,345.5元", [Decimal("12345.5")]), ("罚款一百元", [100]), ("限期十日内改正", []),
])
def test_sums_are_read_from_the_text_in_arabic_and_chinese_numerals(written, yuan):
    assert [s.yuan for s in sums_in_text(written)] == yuan


_CAPITALS = "零壹贰叁肆伍陆柒捌玖"


def _capital(number: int) -> str:
    """A number below 10^8 written the way a 决定书 writes it in 大写 (壹万零伍佰元)."""
    def below_wan(part: int) -> str:
        text, zero = "", False
        for unit, value in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
            digit = part // value % 10
            if digit:
                text += ("零" if zero and text else "") + _CAPITALS[digit] + unit
                zero = False
            else:
                zero = True
        return text
    high, low = divmod(number, 10000)
    if not high:
        return below_wan(low)
    return below_wan(high) + "万" + ("零" if 0 < low < 1000 else "") + below_wan(low)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_every_capital_numeral_reads_as_its_number(number):
    assert chinese_number(_capital(number)) == number
    assert [s.yuan for s in sums_in_text(f"处罚款人民币{_capital(number)}元整")] == [number]


# ---- categories and amounts ---------------------------------------------------------------------

def test_a_fine_without_its_amount_and_an_amount_without_its_category_are_errors(tmp_path):
    result = penalties(tmp_path, row(1), row(2, "罚款", None), row(3, "警告", 0.5, categories="警告"))
    assert found(result, "fine-amount-missing") == [
        ("K3", ERROR, "朔城科罚(2026)2号", "处罚类别含“罚款”，但没有填写罚款金额，本条未公示")]
    assert found(result, "fine-without-category") == [
        ("I4", ERROR, "朔城科罚(2026)3号", "填写了罚款金额 0.5 万元，但“处罚类别”中没有“罚款”，本条未公示")]
    assert published(result) == ["朔城科罚(2026)1号"]


def test_the_advice_on_a_fine_speaks_in_the_unit_of_the_clerk_s_header(tmp_path):
    header = [*PENALTY_HEADER[:FINE], "罚款金额（元）", *PENALTY_HEADER[FINE + 1:]]
    result = penalties(tmp_path, row(1, "罚款人民币5000元", 5000), row(2, "罚款", None),
                       row(3, "警告", 300, categories="警告"), header=header)
    missing = next(p for p in result.problems if p.code == "fine-amount-missing")
    assert "单位为元，例如 5000 表示五千元" in missing.fix and "罚款金额（元）" in missing.fix
    assert found(result, "fine-without-category") == [
        ("I4", ERROR, "朔城科罚(2026)3号", "填写了罚款金额 300 元，但“处罚类别”中没有“罚款”，本条未公示")]
    assert published(result) == ["朔城科罚(2026)1号"]


def test_a_confiscation_without_its_amount_or_the_reverse_is_a_warning(tmp_path):
    header = [*PENALTY_HEADER, "没收金额"]
    result = penalties(tmp_path, row(1, categories="罚款;没收违法所得") + [None],
                       row(2, categories="罚款") + [0.2], header=header)
    assert found(result, "confiscation-amount-missing") == [
        ("O2", WARNING, "朔城科罚(2026)1号", "处罚类别含“没收违法所得”，但没有填写没收金额")]
    assert found(result, "confiscation-without-category") == [
        ("I3", WARNING, "朔城科罚(2026)2号",
         "填写了没收金额 0.2 万元，但“处罚类别”中没有“没收违法所得”或“没收非法财物”")]
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号"]


# ---- dates --------------------------------------------------------------------------------------

def test_a_decision_dated_after_the_build_waits_for_its_day_then_publishes(workspace, capsys):
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, row(1), row(2, decided=dt.date(2026, 12, 25))]})
    assert workspace.publish("build", "--as-of", "2026-12-01") in PUBLISHED
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["cell"], p["severity"], p["record"], p["message"]) for p in problems
            if p["code"] == "decision-in-future"] == [
        ("L3", "错误", "朔城科罚(2026)2号", "“处罚决定日期”为 2026-12-25，晚于本次构建的日期 2026-12-01，本条暂不公示")]
    everything = Site(workspace.output).text_of_everything()
    assert "朔城科罚〔2026〕1号" in everything and "朔城科罚〔2026〕2号" not in everything
    # --force-date: the test runs on any day, the build dated on the decision's.
    assert workspace.publish("build", "--as-of", "2026-12-25", "--force-date") in PUBLISHED
    assert "朔城科罚〔2026〕2号" in Site(workspace.output).text_of_everything()


LICENCE_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政许可决定文书名称",
                  "行政许可决定文书号", "许可类别", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关",
                  "许可机关统一社会信用代码", "当前状态", "撤回日期", "撤回理由"]


def licence(number: int, valid_from: dt.date, valid_until: dt.date, status: str = "有效",
            withdrawn: dt.date | None = None) -> list:
    return ["朔州市晋北商贸有限公司", "法人及非法人组织", penalty_row(number)[2], "准予行政许可决定书",
            f"朔城科许〔2026〕{number}号", "普通", "准予许可", dt.date(2026, 11, 2), valid_from, valid_until,
            AGENCY_NAME, AGENCY_USCC, status, withdrawn, "复议撤销" if withdrawn else None]


def test_a_licence_ending_before_it_starts_or_withdrawn_before_its_decision_is_an_error(tmp_path):
    start, end = dt.date(2026, 11, 2), dt.date(2029, 11, 1)
    result = ruling(tmp_path, {"许可.xlsx": {"行政许可决定": [
        LICENCE_HEADER, licence(1, start, end), licence(2, start, dt.date(2025, 11, 1)),
        licence(3, start, end, "已撤销", dt.date(2026, 10, 1))]}})
    assert found(result, "validity-ends-before-start") == [
        ("J3", ERROR, "朔城科许(2026)2号", "“有效期至”2025-11-01 早于有效期自 2026-11-02，本条未公示")]
    assert found(result, "withdrawal-before-decision") == [
        ("N4", ERROR, "朔城科许(2026)3号", "“撤回日期”2026-10-01 早于决定日期 2026-11-02，本条未公示")]
    assert published(result) == ["朔城科许(2026)1号"]


def test_a_review_dated_after_an_ordinary_decision_is_a_warning(tmp_path):
    header = [*PENALTY_HEADER, "是否重大执法决定", "法制审核结论", "法制审核日期"]
    result = penalties(tmp_path, row(1) + ["否", "同意", dt.date(2026, 11, 18)],
                       row(2) + ["否", "同意", dt.date(2026, 11, 10)], header=header)
    assert found(result, "review-dated-after-decision") == [
        ("Q2", WARNING, "朔城科罚(2026)1号", "“法制审核日期”2026-11-18 晚于决定日期 2026-11-16")]
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号"]


def test_a_major_decision_reviewed_late_is_held_back_by_the_review_rule_alone(tmp_path):
    header = [*PENALTY_HEADER, "是否重大执法决定", "法制审核结论", "法制审核日期"]
    result = penalties(tmp_path, row(1) + ["是", "同意", dt.date(2026, 11, 18)], header=header)
    assert [p.code for p in result.problems] == ["review-after-decision"]
    assert published(result) == []
