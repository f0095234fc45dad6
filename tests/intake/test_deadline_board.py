"""The deadline board (红绿灯预警) on a dated fixture across the 2026 National Day holiday.

The holiday calendar (chinesecalendar, 国办发明电〔2025〕7号) has, around it: 中秋 9月25日(五)–27日(日) off;
国庆 10月1日(四)–7日(三) off; make-up working days 9月20日(日) and 10月10日(六); 9月28–30日 and 10月8–9日
working days. Today is fixed at Friday 2026-10-09 (INTAKE_TODAY); every expected count below is worked out by hand
from that calendar, never by the functions the board uses. Penalties: 7 working days from the decision (the day
itself not counted); a withdrawal: 3 calendar days from its 撤回日期 (the national defaults). “还剩” does not count
today."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from disclosure import cli
from tests.browser import LOCAL_HOST
from tests.conftest import PROJECT, penalty_row, write_workbook
from tests.intake.conftest import AGENCY_A, AGENCY_B, PASSWORD, REASON, Visitor, agency_path, penalties, valid
from tests.intake.test_pages_in_a_browser import assert_accessible, log_in
from tests.intake.test_review import logged_in, tables

D = dt.date
TODAY = D(2026, 10, 9)
BOARD = "期限预警"


def held(number: int, decided: object) -> list:
    """A penalty with an error (违法事实 blank) that holds it back, its 文书号 and decision date understood."""
    return [*penalty_row(number, decided=decided, facts=""), "有效", None, None]


@pytest.fixture
def dated(folders, accounts, settings, tmp_path, live_server):
    """Records 5 and 8 published by a build on 2026-09-30; then data/ as it is today, checked today, and a pending
    submission."""
    settings.INTAKE_TODAY = TODAY
    folder = folders.agency(AGENCY_A)
    write_workbook(folder / "行政处罚决定.xlsx", {"行政处罚决定": penalties(valid(5, decided=D(2026, 9, 28)))})
    write_workbook(folder / "第二批.xlsx", {"行政处罚决定": penalties(valid(8, decided=D(2026, 9, 28)))})
    assert cli.main(["build", "--data", str(folders.data), "--cache", str(tmp_path / "build-cache"),
                     "--as-of", "2026-09-30", "--output", str(tmp_path / "site"),
                     "--ledger", str(settings.INTAKE_LEDGER), "--reports", str(tmp_path / "reports"),
                     "--settings", str(PROJECT / "pelicanconf.py")]) == 0
    write_workbook(folder / "行政处罚决定.xlsx", {"行政处罚决定": penalties(
        held(1, D(2026, 9, 24)), held(2, D(2026, 9, 18)),
        # withdrawn on a holiday, its reason not yet given: held back, so record 5 is still online
        [*penalty_row(5, decided=D(2026, 9, 28)), "已撤销", D(2026, 10, 6), None],
        held(6, "2026-13-01"))})
    clerk = logged_in(live_server, "clerk_a")
    assert clerk.post(agency_path(AGENCY_A, "check/")).status_code == 302
    pending = write_workbook(tmp_path / "第二批.xlsx", {"行政处罚决定": penalties(
        [*penalty_row(8, decided=D(2026, 9, 28)), "已撤销", D(2026, 10, 8), REASON],
        valid(3, decided=D(2026, 10, 8)), valid(7, decided=D(2026, 9, 21)))}).read_bytes()
    response = clerk.post(agency_path(AGENCY_A, "upload/"), files={"files": ("第二批.xlsx", pending)})
    upload = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert clerk.post(agency_path(AGENCY_A, f"uploads/{upload}/submit/"), {"note": "撤销8号，新增3号、7号"}).status_code == 302
    return clerk


def board_rows(visitor: Visitor, folder: str = AGENCY_A) -> list[dict[str, str]]:
    response = visitor.get(agency_path(folder, "deadlines/"))
    assert response.status_code == 200
    return tables(response.text)[BOARD]


def test_each_record_shows_its_colour_and_its_working_days_most_urgent_first(dated):
    rows = board_rows(dated)
    shown = [(row["文书号"], row["状态"], row["期限情况"], row["应当"], row["原因"].split("（")[0], row["期限"])
             for row in rows]
    assert shown == [
        # 2号, decided Fri 9-18: 9-20(日,补班)=1, 9-21..24=2..5, 9-28=6, 9-29=7 → deadline 9-29;
        # late: 9-30, 10-08, 10-09 → 3 working days (the holiday adds none)
        ("朔城科罚〔2026〕2号", "已超期", "已超期 3 个工作日", "公示", "有错误，未能公示", "2026-09-29"),
        # 7号, decided Mon 9-21: 9-22..24=1..3, 9-28..30=4..6, 10-08=7 → deadline 10-08; late: 10-09 → 1
        ("朔城科罚〔2026〕7号", "已超期", "已超期 1 个工作日", "公示", "待审核", "2026-10-08"),
        # 6号: its decision date cannot be read, so no deadline can be counted: red, after the overdue
        ("朔城科罚〔2026〕6号", "无法计算", "日期未填或无法识别，无法计算期限：请先改正这一行", "公示", "有错误，未能公示", "无法计算"),
        # 5号, withdrawn Tue 10-06 (a holiday; calendar days): 10-07, 10-08, 10-09 → deadline today
        ("朔城科罚〔2026〕5号", "临近期限", "今天是最后期限", "撤回", "有错误，未能公示", "2026-10-09"),
        # 8号, withdrawn Thu 10-08: 10-09, 10-10, 10-11 → deadline 10-11; left after today: 10-10, 10-11 → 2 天
        ("朔城科罚〔2026〕8号", "临近期限", "还剩 2 天", "撤回", "待审核", "2026-10-11"),
        # 1号, decided Thu 9-24: 9-28..30=1..3, 10-08=4, 10-09=5, 10-10(六,补班)=6, 10-12=7 → deadline 10-12;
        # left after today: 10-10, 10-12 → 2 (the make-up Saturday counts)
        ("朔城科罚〔2026〕1号", "临近期限", "还剩 2 个工作日", "公示", "有错误，未能公示", "2026-10-12"),
        # 3号, decided Thu 10-08: 10-09=1, 10-10=2, 10-12..16=3..7 → deadline 10-16; left: 10-10, 10-12..16 → 6
        ("朔城科罚〔2026〕3号", "期限未到", "还剩 6 个工作日", "公示", "待审核", "2026-10-16"),
    ]
    places = {row["文书号"]: row["所在文件和行"] for row in rows}
    assert places["朔城科罚〔2026〕2号"] == "行政处罚决定.xlsx · 行政处罚决定 · 第 3 行"
    assert places["朔城科罚〔2026〕7号"] == "第二批.xlsx · 行政处罚决定 · 第 4 行"


def test_the_board_counts_from_the_day_it_is_looked_at_not_the_day_of_the_check(dated, settings):
    settings.INTAKE_TODAY = D(2026, 10, 12)  # Monday, after the make-up Saturday 10-10
    words = {row["文书号"]: (row["状态"], row["期限情况"]) for row in board_rows(dated)}
    # 1号's deadline 10-12 is today; 3号: 10-13..16 → 4 left; 2号: 9-30, 10-08, 10-09, 10-10, 10-12 → 5 late
    assert words["朔城科罚〔2026〕1号"] == ("临近期限", "今天是最后期限")
    assert words["朔城科罚〔2026〕3号"] == ("期限未到", "还剩 4 个工作日")
    assert words["朔城科罚〔2026〕2号"] == ("已超期", "已超期 5 个工作日")
    # 8号's withdrawal deadline 10-11 passed: 10-12 → 1 calendar day
    assert words["朔城科罚〔2026〕8号"] == ("已超期", "已超期 1 天")


def test_a_file_changed_since_its_check_is_named_and_its_records_not_guessed(dated, folders):
    write_workbook(folders.agency(AGENCY_A) / "行政处罚决定.xlsx",
                   {"行政处罚决定": penalties(held(9, D(2026, 9, 18)))})
    response = dated.get(agency_path(AGENCY_A, "deadlines/"))
    assert "下列现有文件还没有按现在的内容检查过" in response.text and "行政处罚决定.xlsx" in response.text
    assert {row["文书号"] for row in tables(response.text)[BOARD]} == {
        "朔城科罚〔2026〕3号", "朔城科罚〔2026〕7号", "朔城科罚〔2026〕8号"}  # the pending submission's only
    assert dated.post(agency_path(AGENCY_A, "check/")).status_code == 302
    assert "朔城科罚〔2026〕9号" in {row["文书号"] for row in board_rows(dated)}


def test_the_agencys_reviewer_sees_it_and_another_agencys_clerk_does_not(dated, live_server):
    reviewer = logged_in(live_server, "reviewer_a")
    assert len(board_rows(reviewer)) == 7
    assert "按时公示率" not in reviewer.get(agency_path(AGENCY_A, "deadlines/")).text  # the admin's figure
    outsider = logged_in(live_server, "clerk_b")
    response = outsider.get(agency_path(AGENCY_A, "deadlines/"))
    assert response.status_code == 403 and "朔城科罚" not in response.text
    assert outsider.get("/deadlines/").status_code == 403
    assert outsider.get(agency_path("没有的单位", "deadlines/")).status_code == 404


def test_the_admin_summary_lists_every_agency_with_its_counts_and_on_time_rate(dated, live_server, django_user_model):
    django_user_model.objects.create_user("admin", password=PASSWORD, is_staff=True)
    admin = logged_in(live_server, "admin")
    response = admin.get("/deadlines/")
    assert response.status_code == 200
    rows = {row["单位"]: row for row in tables(response.text)["各单位每日汇总"]}
    assert set(rows) == {"朔州市朔城区科学技术局", "朔州市朔城区司法局"}
    a, b = rows["朔州市朔城区科学技术局"], rows["朔州市朔城区司法局"]
    # past: 2号 (held), 7号 (waiting); near: 1号; undated: 6号; withdrawals past or near: 5号, 8号
    assert (a["公示已超期"], a["公示临近期限"], a["日期有误无法计算"], a["撤回已超期或临近"]) == ("2 条", "1 条", "1 条", "2 条")
    # 5号 and 8号 were published on 9-30, both decided 9-28 with deadline 10-12: on time, 2 of 2
    assert a["本年度按时公示率"] == "100.0%"
    assert (b["公示已超期"], b["公示临近期限"], b["撤回已超期或临近"]) == ("0 条", "0 条", "0 条")
    assert b["未检查的现有文件"] == "1 个"  # 司法局's 机关信息.xlsx: no check has seen it, so its board cannot know
    page = BeautifulSoup(admin.get(agency_path(AGENCY_A, "deadlines/")).text, "html.parser")
    assert "本单位本年度按时公示率：100.0%" in page.get_text()
    assert admin.get(agency_path(AGENCY_B, "deadlines/")).status_code == 200


def test_the_agency_page_and_the_home_page_link_to_it(dated):
    for page in (agency_path(AGENCY_A), "/"):
        soup = BeautifulSoup(dated.get(page).text, "html.parser")
        assert agency_path(AGENCY_A, "deadlines/") in [a["href"] for a in soup.select("main a") if BOARD in a.get_text()]



def test_a_withdrawal_is_counted_in_working_days_where_the_portal_says_so(dated, settings, tmp_path):
    portal = tmp_path / "portal-settings.py"
    portal.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                      f"THEME = {str(PROJECT / 'theme')!r}\nWITHDRAWAL_DEADLINE_UNIT = 'working'\n", encoding="utf-8")
    settings.INTAKE_PORTAL_SETTINGS = portal
    assert dated.post(agency_path(AGENCY_A, "check/")).status_code == 302
    words = {row["文书号"]: (row["状态"], row["期限情况"], row["期限"]) for row in board_rows(dated)}
    # 5号 withdrawn Tue 10-06 (a holiday): 10-08=1, 10-09=2, 10-10(六,补班)=3 → deadline 10-10; left: 10-10 → 1
    assert words["朔城科罚〔2026〕5号"] == ("临近期限", "还剩 1 个工作日", "2026-10-10")
    # 8号's deadline is its pending submission's, checked before the setting changed: as it was checked
    assert words["朔城科罚〔2026〕8号"] == ("临近期限", "还剩 2 天", "2026-10-11")

@pytest.mark.django_db(transaction=True)
def test_the_board_and_the_summary_in_a_browser_without_javascript(dated, live_server, browser, no_script_page,
                                                                  django_user_model):
    """Reached from the home page, read without colour (the words are in the cells), WCAG 2.1 AA, 375 px."""
    page, network = no_script_page
    base = live_server.url.replace("localhost", LOCAL_HOST)
    log_in(page, base, "reviewer_a")
    page.get_by_role("listitem").filter(has_text="朔州市朔城区科学技术局").get_by_role("link", name=BOARD).click()
    assert page.get_by_role("heading", name="朔州市朔城区科学技术局 · 期限预警").is_visible()
    first = page.get_by_role("row").nth(1)
    assert first.get_by_role("cell").first.inner_text().endswith("已超期")
    assert first.get_by_role("cell", name="已超期 3 个工作日").is_visible()
    assert_accessible(browser, page.url, page.context.cookies())
    page.context.clear_cookies()

    django_user_model.objects.create_user("admin", password=PASSWORD, is_staff=True)
    log_in(page, base, "admin")
    page.get_by_role("link", name="期限预警：各单位每日汇总").click()
    assert page.get_by_role("row", name="朔州市朔城区司法局").is_visible()
    summary = page.url
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()  # printed without the navigation
    assert_accessible(browser, summary, page.context.cookies())
    network.assert_only_local()
    network.assert_no_errors()
