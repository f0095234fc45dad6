"""Implausible facts: a fine of 0, an amount above the portal's ceiling, a decision dated before its earliest year;
and a late review of a decision presumed major, reported once. Workbooks built here: the cell, the severity, the
message, the record named, and that the file's valid rows still publish."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

from disclosure.core.problem_catalogue import Severity
from disclosure.core.settings import PortalSettings
from disclosure.reading import data_folder
from disclosure.rules import decide
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.progress import Progress
from tests.conftest import PENALTY_HEADER, PROJECT, agency_rows, write_workbook
from tests.core.test_settings import REQUIRED
from tests.rules.test_cross_checks import AS_OF, LICENCE_HEADER, found, licence, penalties, published, row, ruling

ERROR, WARNING = Severity.ERROR, Severity.WARNING
CONFISCATION_HEADER = [*PENALTY_HEADER, "没收金额"]
REVIEW_HEADER = [*PENALTY_HEADER, "事项编码", "是否重大执法决定", "法制审核结论", "法制审核日期"]


def penalties_under(tmp_path, settings: RuleSettings, *rows: list, header: list = CONFISCATION_HEADER):
    """The rows decided under the portal's own settings."""
    write_workbook(tmp_path / "data" / "局" / "机关信息.xlsx", {"机关信息": agency_rows()})
    write_workbook(tmp_path / "data" / "局" / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    checked = data_folder.check(tmp_path / "data", tmp_path / ".cache", Progress(quiet=True))
    return decide.decide(checked.records, settings)


def codes(result, record: str) -> list[str]:
    return sorted(p.code for p in result.problems if p.record == record)


# ---- 0 is no fine -------------------------------------------------------------------------------

def test_a_fine_of_zero_is_an_error_and_a_zero_without_the_category_says_nothing(tmp_path):
    result = penalties(tmp_path, row(1), row(2, "罚款人民币0元", 0), row(3, "责令停产停业", "0", categories="责令停产停业"))
    assert found(result, "fine-amount-zero") == [
        ("K3", ERROR, "朔城科罚(2026)2号", "处罚类别含“罚款”，但罚款金额为 0，本条未公示")]
    assert codes(result, "朔城科罚(2026)3号") == []
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)3号"]


def test_a_confiscation_of_zero_is_a_warning_as_a_missing_one_is(tmp_path):
    result = penalties(tmp_path, row(1, categories="罚款;没收非法财物") + [0], header=CONFISCATION_HEADER)
    assert found(result, "confiscation-amount-zero") == [
        ("O2", WARNING, "朔城科罚(2026)1号", "处罚类别含“没收非法财物”，但没收金额为 0")]
    assert found(result, "confiscation-amount-missing") == []
    assert published(result) == ["朔城科罚(2026)1号"]


def test_an_amount_typed_in_thousands_under_a_yuan_header_agrees_with_its_content_and_publishes(tmp_path):
    header = [*PENALTY_HEADER[:10], "罚款金额（元）", *PENALTY_HEADER[11:]]
    result = penalties(tmp_path, row(1, "罚款人民币2千元", "2千元"), row(2, "罚款人民币2500元", "2.5千"), header=header)
    assert result.problems == ()
    fines = {p.key: p.values["fine_amount"] for p in result.decisions.publications}
    assert fines == {"朔城科罚(2026)1号": Decimal("0.2"), "朔城科罚(2026)2号": Decimal("0.25")}


# ---- the ceiling --------------------------------------------------------------------------------

def test_an_amount_above_the_ceiling_is_a_warning_naming_it_and_the_record_is_published(tmp_path):
    result = penalties(tmp_path, row(1, "依法处以罚款", 10000), row(2, "依法处以罚款", 10000.5),
                       row(3, "依法处以罚款、没收违法所得", 1, categories="罚款;没收违法所得") + [20000],
                       header=CONFISCATION_HEADER)
    assert found(result, "amount-above-ceiling") == [
        ("K3", WARNING, "朔城科罚(2026)2号", "“罚款金额（万元）”为 10000.5 万元，超过了 10000 万元，金额异常大"),
        ("O4", WARNING, "朔城科罚(2026)3号", "“没收金额”为 20000 万元，超过了 10000 万元，金额异常大")]  # header as written
    fix = next(p.fix for p in result.problems if p.code == "amount-above-ceiling")
    assert "AMOUNT_CEILING_WAN_YUAN" in fix
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号", "朔城科罚(2026)3号"]


def test_a_unit_slip_above_the_ceiling_is_the_slip_s_error_alone(tmp_path):
    result = penalties(tmp_path, row(1), row(2, "罚款人民币50000元", 50000))
    assert [(p.cell, p.code) for p in result.problems if p.record == "朔城科罚(2026)2号"] == [
        ("K3", "amount-ten-thousand-times-large")]
    assert published(result) == ["朔城科罚(2026)1号"]


def test_the_ceiling_is_the_portal_s_setting_per_amount(tmp_path):
    portal = PortalSettings.from_values({**REQUIRED, "AMOUNT_CEILING_WAN_YUAN": {"fine_amount": "50"}})
    settings = RuleSettings.from_settings(portal, AS_OF)
    assert settings.amount_ceilings == {"fine_amount": Decimal(50), "confiscation_amount": Decimal(10000)}
    fine, confiscation = row(1, "依法处以罚款", 50) + [None], row(2, "依法处以罚款", 60, categories="罚款;没收违法所得")
    assert found(penalties(tmp_path / "national", fine, confiscation + [60], header=CONFISCATION_HEADER),
                 "amount-above-ceiling") == []
    result = penalties_under(tmp_path / "own", settings, fine, confiscation + [60])
    assert found(result, "amount-above-ceiling") == [
        ("K3", WARNING, "朔城科罚(2026)2号", "“罚款金额（万元）”为 60 万元，超过了 50 万元，金额异常大")]


def test_a_ceiling_set_in_the_settings_file_reaches_the_report(workspace, capsys):
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, row(1, "依法处以罚款", 0.5), row(2, "依法处以罚款", 3)]})
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                        "AMOUNT_CEILING_WAN_YUAN = {'fine_amount': '2'}\n", encoding="utf-8")
    assert workspace.publish("check", "--settings", str(settings)) == 0
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["cell"], p["severity"], p["record"], p["message"]) for p in problems] == [
        ("K3", "警告", "朔城科罚(2026)2号", "“罚款金额（万元）”为 3 万元，超过了 2 万元，金额异常大")]


# ---- the earliest year --------------------------------------------------------------------------

def test_a_decision_before_the_earliest_year_is_a_warning_and_an_old_licence_still_in_force_publishes(tmp_path):
    start, end = dt.date(2026, 11, 2), dt.date(2099, 12, 31)
    old, slip = licence(2, dt.date(1990, 1, 1), end), licence(3, dt.date(1924, 3, 5), end)
    old[7], slip[7] = dt.date(1990, 1, 1), dt.date(1924, 3, 5)
    result = ruling(tmp_path, {"许可.xlsx": {"行政许可决定": [LICENCE_HEADER, licence(1, start, end), old, slip]}})
    assert found(result, "decided-before-earliest-year") == [
        ("H4", WARNING, "朔城科许(2026)3号", "“许可决定日期”为 1924-03-05，早于 1990 年，可能是年份输错了")]
    assert published(result) == ["朔城科许(2026)1号", "朔城科许(2026)2号", "朔城科许(2026)3号"]


def test_the_earliest_year_is_the_portal_s_setting_and_applies_to_penalties(tmp_path):
    portal = PortalSettings.from_values({**REQUIRED, "EARLIEST_DECISION_YEAR": 2020})
    settings = RuleSettings.from_settings(portal, AS_OF)
    assert settings.earliest_year == 2020 and RuleSettings(AS_OF).earliest_year == 1990
    # Ten years of publicity: the old decisions are still public, so that the test sees them published.
    result = penalties_under(tmp_path, dataclasses.replace(settings, long_publicity_years=10),
                             row(1, decided=dt.date(2019, 12, 31)), row(2, decided=dt.date(2020, 1, 1)),
                             header=PENALTY_HEADER)
    assert found(result, "decided-before-earliest-year") == [
        ("L2", WARNING, "朔城科罚(2026)1号", "“处罚决定日期”为 2019-12-31，早于 2020 年，可能是年份输错了")]
    assert published(result) == ["朔城科罚(2026)1号", "朔城科罚(2026)2号"]


# ---- a late review is told once -----------------------------------------------------------------

def test_a_late_review_of_a_decision_presumed_major_is_one_error_not_also_a_warning(tmp_path):
    items = [["事项编码", "事项名称", "事项类别", "实施依据", "是否纳入重大执法决定法制审核目录"],
             ["KJ-CF-01", "科技领域处罚", "行政处罚", "依据", "是"]]
    late, on_time = dt.date(2026, 11, 18), dt.date(2026, 11, 13)
    result = ruling(tmp_path, {"事项.xlsx": {"执法事项清单": items}, "处罚.xlsx": {"行政处罚决定": [
        REVIEW_HEADER, row(1) + ["KJ-CF-01", None, "同意", late], row(2) + ["KJ-CF-01", None, "同意", on_time],
        row(3) + ["KJ-QT-09", None, "同意", late]]}})
    assert codes(result, "朔城科罚(2026)1号") == ["assumed-major-decision", "review-after-decision"]
    assert found(result, "review-after-decision") == [
        ("R2", ERROR, "朔城科罚(2026)1号", "法制审核日期须在决定日期当天或之前，本条未公示")]
    # Not in the catalogue, not marked: an ordinary decision, whose late review stays a warning.
    assert found(result, "review-dated-after-decision") == [
        ("R4", WARNING, "朔城科罚(2026)3号", "“法制审核日期”2026-11-18 晚于决定日期 2026-11-16")]
    assert [key for key in published(result) if key.startswith("朔城")] == ["朔城科罚(2026)2号", "朔城科罚(2026)3号"]
