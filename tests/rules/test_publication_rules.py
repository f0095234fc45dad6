"""The publication rules with dated examples, each run through `publish.py build --as-of`, and the
ledger that remembers what was published."""

import csv
import datetime as dt
import json
import sqlite3

import pytest

from disclosure.core.exit_codes import PUBLISHED
from disclosure.deploy import records as deploy_records
from disclosure.runtime.output import MANIFEST
from tests.conftest import (
    AGENCY_NAME,
    AGENCY_USCC,
    PENALTY_HEADER,
    Site,
    fail_rendering_after,
    penalty_row,
    valid_uscc,
    write_workbook,
)

PERSON, PERSON_ID = "司马光明", "140602198001011231"


def penalty(number: int, **columns) -> dict:
    """A penalty row as {header: value}; keyword arguments add or replace columns by their label."""
    row = dict(zip(PENALTY_HEADER, penalty_row(number)))
    row.update(columns)
    return row


def write_penalties(workspace, *rows: dict, name: str = "处罚.xlsx") -> None:
    header = list(dict.fromkeys(label for row in rows for label in row))
    write_workbook(workspace.data / "科技局" / name,
                   {"行政处罚决定": [header, *([row.get(label, "") for label in header] for row in rows)]})


def build(workspace, capsys, as_of: str, *extra: str) -> tuple[Site, str]:
    assert workspace.publish("build", "--as-of", as_of, *extra) in PUBLISHED
    return Site(workspace.output), capsys.readouterr().out


def reported(workspace, code: str) -> list[dict]:
    """The last build's problems of one code, as report.json gives them: cell, record and particulars."""
    problems = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    return [{key: problem[key] for key in ("cell", "record", "details")} for problem in problems
            if problem["code"] == code]


def key(number: int) -> str:
    """A penalty's record key: its 文书号 as the ledger normalises it."""
    return f"朔城科罚(2026){number}号"


def page_of(site: Site, number: str):
    """The record page (live or notice) whose heading carries this 文书号."""
    for path in site.record_pages("penalties"):
        if number in path.read_text(encoding="utf-8"):
            return path
    return None


def files_mentioning(site: Site, text: str) -> list[str]:
    return [p.relative_to(site.root).as_posix() for p in site.files() if text in p.read_text("utf-8", "replace")]


@pytest.fixture
def agency(workspace):
    return workspace.agency()


# ---- 1. deadlines in working days ---------------------------------------------------------

def test_deadlines_count_the_spring_festival_and_its_make_up_saturdays(workspace, agency, capsys):
    write_penalties(workspace, penalty(1, 处罚决定日期=dt.date(2026, 1, 30)))
    build(workspace, capsys, "2026-02-02")  # the portal's first build: the ledger starts here
    # 7 working days from Thu 2026-02-12: 13, 14 (Sat, 调休), 24–27 Feb, 28 (Sat, 调休) → due 2026-02-28.
    # From Fri 2026-02-13 the seventh working day is Mon 2026-03-02.
    write_penalties(workspace, penalty(1, 处罚决定日期=dt.date(2026, 1, 30)),
                    penalty(2, 处罚决定日期=dt.date(2026, 2, 12)), penalty(3, 处罚决定日期=dt.date(2026, 2, 13)))
    build(workspace, capsys, "2026-03-02")
    assert reported(workspace, "late-publication") == [
        {"cell": "L3", "record": key(2), "details": {"days": 7, "unit": "working", "deadline": "2026-02-28", "late": 1}}]
    assert workspace.publish("history", "朔城科罚〔2026〕3号") == 0
    history = capsys.readouterr().out
    assert "公示期限 2026-03-02，按时" in history and "2026-03-02  首次公示" in history


def test_a_make_up_sunday_counts_as_a_working_day(workspace, agency, capsys):
    header = ["执法类别", "决定文书号", "执法对象", "执法对象类别", "执法结论", "决定日期", "执法机关"]
    row = ["行政检查", "朔城科检〔2025〕9号", "朔州市晋北商贸有限公司", "法人及非法人组织", "未发现问题", dt.date(2025, 9, 26), AGENCY_NAME]
    write_workbook(agency / "其他.xlsx", {"其他执法决定": [header]})
    build(workspace, capsys, "2025-09-01")
    write_workbook(agency / "其他.xlsx", {"其他执法决定": [header, row]})
    # 20 working days from Fri 2025-09-26: Sun 09-28 is a 调休 working day, 10-01…08 are holidays → due 10-30.
    build(workspace, capsys, "2025-10-31")
    (late,) = reported(workspace, "late-publication")
    assert (late["details"]["deadline"], late["details"]["late"], late["details"]["unit"]) == ("2025-10-30", 1, "working")


# ---- 2. withdrawal ---------------------------------------------------------------------------

def test_a_withdrawn_decision_becomes_a_notice_without_party_or_content(workspace, agency, capsys):
    facts = "当事人在经营场所无证从事经营活动。"
    live = penalty(1, 行政相对人名称=PERSON, 行政相对人类别="自然人", 证件类型="身份证", 证件号码=PERSON_ID,
                   **{"行政相对人代码_1(统一社会信用代码)": "", "违法事实": facts})
    write_penalties(workspace, live, penalty(2))
    site, _ = build(workspace, capsys, "2026-11-17")
    assert "司马某" in page_of(site, "朔城科罚〔2026〕1号").read_text(encoding="utf-8")
    write_penalties(workspace, {**live, "当前状态": "已撤销", "撤回日期": dt.date(2026, 11, 18),
                                "撤回理由": "经行政复议，原决定予以撤销。"}, penalty(2))
    site, _ = build(workspace, capsys, "2026-11-19")
    notice = page_of(site, "朔城科罚〔2026〕1号")
    text = notice.read_text(encoding="utf-8")
    assert "已撤回" in text and "2026-11-18" in text and "经行政复议，原决定予以撤销。" in text
    assert facts not in site.text_of_everything()
    assert files_mentioning(site, "司马某") == [] and files_mentioning(site, PERSON) == []
    # Besides the notice, only the feeds name it: in a withdrawal entry with the reason; the search files, as the
    # notice's own result line (found by its 文书号 alone); and deploy/records.json, never served, where
    # publish.py deploy reads that the build shows it as a notice (deploy/records.py).
    mentioning = files_mentioning(site, "朔城科罚〔2026〕1号")
    in_search = [path for path in mentioning if path.startswith("search/r/")]
    assert in_search and all("已撤回：朔城科罚〔2026〕1号" in (site.root / path).read_text(encoding="utf-8")
                             for path in in_search)
    assert [path for path in mentioning if path not in in_search] == sorted([
        notice.relative_to(site.root).as_posix(), "feeds/all.atom.xml", f"feeds/{AGENCY_USCC}.atom.xml",
        deploy_records.RECORDS])
    assert [r.state for r in deploy_records.read(site.root) if r.shown == "朔城科罚〔2026〕1号"] == ["withdrawn"]
    assert reported(workspace, "late-withdrawal") == []  # withdrawn the day after the change: within 3 days


def test_withdrawal_needs_its_date_and_reason_and_an_unpublished_one_is_simply_not_published(workspace, agency, capsys):
    write_penalties(workspace, penalty(1, 当前状态="已撤销"),
                    penalty(2, 当前状态="确认无效", 撤回日期=dt.date(2026, 11, 18), 撤回理由="法院判决确认无效。"))
    site, report = build(workspace, capsys, "2026-11-20")
    assert "没有填写“撤回日期”和“撤回理由”" in report  # the clerk's report, end to end
    assert [(p["cell"], p["record"]) for p in reported(workspace, "withdrawal-incomplete")] == [("O2", key(1))]
    assert site.record_pages("penalties") == []


# ---- 3. silent deletion refused -------------------------------------------------------------------

def test_a_published_decision_missing_from_data_stays_published_with_an_error(workspace, agency, capsys):
    write_penalties(workspace, penalty(1), penalty(2))
    site, _ = build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1))
    site, _ = build(workspace, capsys, "2026-11-18")
    kept = page_of(site, "朔城科罚〔2026〕2号")
    assert kept is not None and "已撤回" not in kept.read_text(encoding="utf-8")
    assert reported(workspace, "published-record-missing") == [
        {"cell": "", "record": key(2), "details": {"kind": "行政处罚决定", "name": "朔城科罚〔2026〕2号"}}]
    listing = site.html("penalties/index.html").get_text()
    assert "朔城科罚〔2026〕2号" in listing


# ---- 4. corrections ---------------------------------------------------------------------------------

def test_a_correction_is_republished_with_its_record_and_without_old_values(workspace, agency, capsys):
    write_penalties(workspace, penalty(1, 违法事实="原来写错的事实。"))
    build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1, 违法事实="更正后的事实。"))
    site, _ = build(workspace, capsys, "2026-11-19")
    page = site.html(page_of(site, "朔城科罚〔2026〕1号").relative_to(site.root).as_posix())
    assert "更正后的事实。" in page.get_text()
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in page.find("table", class_="corrections").find_all("tr")[1:]]
    assert rows == [["2026-11-19", "违法事实"]]
    assert files_mentioning(site, "原来写错的事实。") == []


# ---- 5. publicity periods and licences ----------------------------------------------------------------

def test_light_penalties_expire_after_three_months_and_warnings_are_never_published(workspace, agency, capsys):
    write_penalties(workspace, penalty(1, 处罚类别="通报批评", 处罚决定日期=dt.date(2026, 1, 5), **{"罚款金额（万元）": ""}),
                    penalty(2, 处罚类别="警告", 处罚决定日期=dt.date(2026, 1, 5)),
                    penalty(3, 处罚类别="罚款", 处罚决定日期=dt.date(2026, 1, 5), **{"罚款金额（万元）": 5}),
                    penalty(4, 处罚类别="通报批评", 处罚决定日期=dt.date(2026, 1, 5), 公示截止期=dt.date(2026, 12, 31),
                            **{"罚款金额（万元）": ""}))
    site, _ = build(workspace, capsys, "2026-01-06")
    assert {n for n in ("1", "2", "3", "4") if page_of(site, f"朔城科罚〔2026〕{n}号")} == {"1", "3", "4"}
    site, _ = build(workspace, capsys, "2026-04-06")  # three months and a day
    expired = page_of(site, "朔城科罚〔2026〕1号").read_text(encoding="utf-8")
    assert "公示期满" in expired and "2026-04-05" in expired and "通报批评" not in expired
    assert "朔城科罚〔2026〕1号" not in site.html("penalties/index.html").get_text()
    assert "公示期满" not in page_of(site, "朔城科罚〔2026〕3号").read_text(encoding="utf-8")  # 5 万元: three years
    assert "公示期满" not in page_of(site, "朔城科罚〔2026〕4号").read_text(encoding="utf-8")  # 公示截止期 wins


def test_licences_out_of_force_stay_public_marked_and_long_term_reads_as_such(workspace, agency, capsys):
    header = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政许可决定文书名称", "行政许可决定文书号",
              "许可类别", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码", "当前状态"]

    def licence(number, valid_until, status="有效"):
        return ["朔州市晋北商贸有限公司", "法人及非法人组织", valid_uscc("91140602000000001"), "准予行政许可决定书",
                f"朔城科许〔2026〕{number}号", "普通", "同意设立", dt.date(2026, 11, 16), dt.date(2026, 11, 16), valid_until,
                AGENCY_NAME, AGENCY_USCC, status]
    write_workbook(agency / "许可.xlsx", {"行政许可决定": [header, licence(1, dt.date(2099, 12, 31)),
                                                        licence(2, dt.date(2026, 11, 18)), licence(3, dt.date(2030, 1, 1), "无效")]})
    site, _ = build(workspace, capsys, "2026-11-20")
    texts = {path.read_text(encoding="utf-8") for path in site.record_pages("licenses")}
    by_number = {n: next(t for t in texts if f"朔城科许〔2026〕{n}号" in t) for n in (1, 2, 3)}
    assert "长期" in by_number[1] and "该许可已失效" not in by_number[1]
    assert "该许可已失效" in by_number[2] and "该许可已失效" in by_number[3]


# ---- 6. 重大执法决定法制审核 -------------------------------------------------------------------------------

def test_major_decisions_publish_only_after_a_prior_review_that_agreed(workspace, agency, capsys):
    decided = dt.date(2026, 11, 16)
    write_penalties(workspace,
                    penalty(1, 是否重大执法决定="是", 法制审核结论="同意", 法制审核日期=dt.date(2026, 11, 13)),
                    penalty(2, 是否重大执法决定="是", 法制审核结论="存在问题", 法制审核日期=dt.date(2026, 11, 13)),
                    penalty(3, 是否重大执法决定="是", 法制审核结论="同意", 法制审核日期=decided + dt.timedelta(days=1)),
                    penalty(4, 是否重大执法决定="是"))
    header = ["事项编码", "事项名称", "事项类别", "实施依据", "是否纳入重大执法决定法制审核目录"]
    write_workbook(agency / "事项.xlsx", {"执法事项清单": [header, ["KJ-CF-01", "科技领域处罚", "行政处罚", "依据", "是"]]})
    write_penalties(workspace, penalty(5, 事项编码="KJ-CF-01"), name="目录内.xlsx")
    site, _ = build(workspace, capsys, "2026-11-20")
    assert {n for n in range(1, 6) if page_of(site, f"朔城科罚〔2026〕{n}号")} == {1}
    assert [p["record"] for p in reported(workspace, "review-missing")] == [key(2), key(4), key(5)]
    assert [p["record"] for p in reported(workspace, "review-after-decision")] == [key(3)]
    assert [(p["record"], p["details"]) for p in reported(workspace, "assumed-major-decision")] == [
        (key(5), {"item": "KJ-CF-01"})]


# ---- 7. privacy canary ------------------------------------------------------------------------------------

def test_privacy_canary_nothing_personal_reaches_any_byte_of_the_site(workspace, agency, capsys):
    people = [("欧阳娜娜", "11010519491231002X", "13812345678"), ("李四", PERSON_ID, "15935001234"),
              ("王五", "140602199002021237", "0349-2021999")]
    rows = []
    for number, (name, id_number, phone) in enumerate(people, start=1):
        rows.append(penalty(number, 行政相对人名称=name, 行政相对人类别="自然人", 证件类型="身份证", 证件号码=id_number,
                            违法事实=f"当事人{name}（身份证号码{id_number}，电话{phone}）无证经营。",
                            **{"行政相对人代码_1(统一社会信用代码)": ""}))
    rows.append(penalty(9, 行政相对人名称="赵六烧烤店", 行政相对人类别="个体工商户", 法定代表人="赵六",
                        违法事实="经营者赵六未取得许可，银行卡号 6222 0212 3456 7890 123 收取款项。"))
    write_penalties(workspace, *rows)
    site, _ = build(workspace, capsys, "2026-11-20")
    everything = site.text_of_everything()
    for name, id_number, phone in people:
        assert id_number not in everything and phone not in everything and name not in everything
    # The search index files the words of 赵六烧烤店 (赵六 among them) as terms: the shop's name is public.
    # tests/search/test_search_static.py checks that every term it holds is found in the published pages.
    outside_terms = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.files()
                              if not p.relative_to(site.root).as_posix().startswith("search/w/"))
    assert "赵六" not in outside_terms.replace("赵六烧烤店", "") and "6222" not in everything
    assert "欧阳某" in everything and "赵某" in everything
    assert [p["record"] for p in reported(workspace, "masked-personal-data")] == [key(1), key(2), key(3), key(9)]


def test_masking_and_its_warning_are_the_same_when_the_next_build_reuses_the_kept_public_views(workspace, agency,
                                                                                              capsys):
    write_penalties(workspace, penalty(1), penalty(2, 违法事实="当事人留下电话13912345678，无证经营。"))
    site, _ = build(workspace, capsys, "2026-11-20")
    warnings = reported(workspace, "masked-personal-data")
    assert warnings == [{"cell": "G3", "record": key(2), "details": {"found": ["手机号码"]}}]
    assert "13912345678" not in site.text_of_everything()
    build(workspace, capsys, "2026-11-20")
    assert reported(workspace, "masked-personal-data") == warnings  # the same cell named, though nothing was masked anew
    write_penalties(workspace, penalty(1, 违法事实="当事人另留电话13798765432，无证经营。"), penalty(2))
    site, _ = build(workspace, capsys, "2026-11-20")
    assert "13798765432" not in site.text_of_everything() and "［手机号码已隐去］" in site.text_of_everything()
    assert reported(workspace, "masked-personal-data") == [{"cell": "G2", "record": key(1), "details": {"found": ["手机号码"]}}]


# ---- 8. ownership ------------------------------------------------------------------------------------------

def test_an_agency_publishes_only_its_own_decisions(workspace, agency, capsys):
    other = valid_uscc("11140602MB0000123")  # another agency
    write_penalties(workspace, penalty(1), penalty(2, 处罚机关统一社会信用代码=other))
    header = ["执法类别", "决定文书号", "执法对象", "执法对象类别", "执法结论", "决定日期", "执法机关"]
    write_workbook(agency / "其他.xlsx", {"其他执法决定": [header, [
        "行政检查", "朔城市监检〔2026〕1号", "朔州市晋北商贸有限公司", "法人及非法人组织", "未发现问题", dt.date(2026, 11, 16),
        "朔州市朔城区市场监督管理局"]]})
    site, _ = build(workspace, capsys, "2026-11-20")
    assert {n for n in (1, 2) if page_of(site, f"朔城科罚〔2026〕{n}号")} == {1}
    assert site.record_pages("other-decisions") == []
    assert [p["cell"] for p in reported(workspace, "not-own-decision-code")] == ["N3"]
    assert [p["cell"] for p in reported(workspace, "not-own-decision")] == ["G2"]


# ---- 9. officers ---------------------------------------------------------------------------------------------

def test_officers_out_of_service_leave_the_roster_but_keep_their_verification_page(workspace, agency, capsys):
    header = ["姓名", "执法证号", "执法类别/领域", "有效期至", "证件状态"]
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [header, ["李明", "14060219001", "科技", dt.date(2028, 1, 1), "有效"],
                                                        ["王强", "14060219002", "科技", dt.date(2026, 1, 1), "有效"],
                                                        ["赵刚", "14060219003", "科技", dt.date(2028, 1, 1), "注销"]]})
    site, _ = build(workspace, capsys, "2026-11-20")
    roster = site.html(f"agencies/{AGENCY_USCC}/officers/index.html").get_text()
    assert "14060219001" in roster and "14060219002" not in roster and "14060219003" not in roster
    pages = {p.read_text(encoding="utf-8") for p in site.record_pages("officers")}
    assert any("14060219002" in t and "已超过有效期" in t for t in pages)
    assert any("14060219003" in t and "已被注销" in t for t in pages)


# ---- the ledger -----------------------------------------------------------------------------------------------

def test_a_build_killed_part_way_leaves_the_ledger_as_it_was(workspace, agency, capsys, monkeypatch):
    write_penalties(workspace, *(penalty(n) for n in range(1, 20)))
    build(workspace, capsys, "2026-11-17")
    ledger = workspace.data / ".ledger.sqlite"
    before = ledger.read_bytes()
    write_penalties(workspace, *(penalty(n, 违法事实="更正后的事实。") for n in range(1, 20)), penalty(20))
    fail_rendering_after(monkeypatch, 5)
    assert workspace.publish("build", "--as-of", "2026-11-18") == 2
    assert ledger.read_bytes() == before
    assert not (workspace.output / MANIFEST).exists()
    monkeypatch.undo()
    build(workspace, capsys, "2026-11-18")  # the next build publishes and records the corrections
    assert workspace.publish("history", "朔城科罚〔2026〕3号") == 0
    assert "更正：违法事实" in capsys.readouterr().out


def test_history_and_ledger_export(workspace, agency, capsys, tmp_path):
    write_penalties(workspace, penalty(1, 违法事实="一"))
    build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1, 违法事实="二"))
    build(workspace, capsys, "2026-11-18")
    write_penalties(workspace, penalty(1, 违法事实="二", 当前状态="已变更", 撤回日期=dt.date(2026, 11, 19), 撤回理由="决定已变更。"))
    build(workspace, capsys, "2026-11-20")
    assert workspace.publish("history", "朔城科罚[2026]1号") == 0  # written with other brackets: the same record
    printed = capsys.readouterr().out
    assert "当前状态：已撤回" in printed
    assert [line.split()[1] for line in printed.splitlines() if line.startswith("  2026")] == ["首次公示", "更正：违法事实", "撤回（决定已变更。）"]
    target = tmp_path / "台账.csv"
    assert workspace.publish("ledger", "export", "-o", str(target)) == 0
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["日期", "事件"] and [row[1] for row in rows[1:]] == ["首次公示", "更正", "撤回"]
    with sqlite3.connect(workspace.data / ".ledger.sqlite") as connection:
        assert connection.execute("SELECT COUNT(*) FROM builds").fetchone()[0] == 3


def test_years_beyond_the_holiday_calendar_are_counted_monday_to_friday_with_a_warning(workspace, agency, capsys):
    write_penalties(workspace, penalty(1, 处罚决定日期=dt.date(2027, 3, 1)))
    build(workspace, capsys, "2027-03-02", "--force-date")  # a date fixed in the test, months past the clock
    assert [p["details"] for p in reported(workspace, "calendar-beyond-coverage")] == [{"years": [2027]}]


def test_a_withdrawal_reason_is_masked_on_its_notice_and_in_the_feeds(workspace, agency, capsys):
    live = penalty(1, 行政相对人名称=PERSON, 行政相对人类别="自然人", 证件类型="身份证", 证件号码=PERSON_ID,
                   **{"行政相对人代码_1(统一社会信用代码)": ""})
    write_penalties(workspace, live)
    build(workspace, capsys, "2026-11-17")
    reason = f"经行政复议撤销。当事人{PERSON}，身份证号{PERSON_ID}，电话13812345678。"
    write_penalties(workspace, {**live, "当前状态": "已撤销", "撤回日期": dt.date(2026, 11, 18), "撤回理由": reason})
    site, _ = build(workspace, capsys, "2026-11-19")
    for secret in (PERSON, PERSON_ID, "13812345678"):
        assert files_mentioning(site, secret) == [], secret
    assert "经行政复议撤销。当事人司马某" in page_of(site, "朔城科罚〔2026〕1号").read_text(encoding="utf-8")
    (warning,) = reported(workspace, "masked-personal-data")
    assert warning["record"] == key(1)
    site, _ = build(workspace, capsys, "2026-11-20")  # and on every later build, from the ledger
    assert files_mentioning(site, PERSON_ID) == [] and files_mentioning(site, "13812345678") == []
