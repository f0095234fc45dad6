"""The statistics pages read as a reviewer checks them: totals that equal the published records added up,
a 按时公示率 that is a figure or says why there is none, and a year not over labelled as counted so far."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from disclosure.core.kinds import PENALTIES
from tests.conftest import AGENCY_USCC, PENALTY_HEADER, Site, penalty_row, write_workbook

CONFISCATION = "没收违法所得、没收非法财物的金额（万元）"
STATISTICS_PAGES = ("index.html", f"agencies/{AGENCY_USCC}/index.html", "statistics/index.html",
                    "statistics/2026.html", "statistics/2025.html")


def penalty(number: int, fine: float | None, confiscated: float | None, categories: str,
            decided: dt.date = dt.date(2026, 11, 16)) -> list:
    row = penalty_row(number, decided=decided, categories=categories)
    content = [f"罚款人民币{fine}万元" if fine is not None else "",
               f"没收违法所得人民币{confiscated}万元" if confiscated is not None else "没收违法所得"
               if "没收" in categories else ""]
    row[PENALTY_HEADER.index("处罚内容")] = "，".join(part for part in content if part)
    row[PENALTY_HEADER.index("罚款金额（万元）")] = fine
    return [*row, confiscated]


def write_penalties(agency, rows: list[list]) -> None:
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [[*PENALTY_HEADER, CONFISCATION], *rows]})


def fields(html) -> dict[str, str]:
    return {row.th.get_text(strip=True): row.td.get_text(strip=True)
            for row in html.select("section[aria-labelledby=overall-heading] tr")}


def wan_yuan(text: str) -> Decimal:
    match = re.match(r"([\d.]+) 万元", text)
    assert match, text
    return Decimal(match.group(1))


def published_sums(site: Site, year: int) -> tuple[Decimal, Decimal]:
    """罚款金额 and 没收金额 added up over the record pages of the year's live penalties, as a reviewer would."""
    fines = confiscations = Decimal(0)
    for path in site.record_pages("penalties"):
        html = site.html(path.relative_to(site.root).as_posix())
        values = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in html.select("table.fields tr")
                  if row.th and row.td}
        if not values.get("处罚决定日期", "").startswith(str(year)):
            continue  # a withdrawal notice keeps no date and no amounts
        # A page calls the amounts in plain words (kinds.py's page_label), the workbook by their 双公示 headers.
        fine, confiscated = (PENALTIES.column(key).page_label for key in ("fine_amount", "confiscation_amount"))
        fines += wan_yuan(values[fine]) if values.get(fine) else 0
        confiscations += wan_yuan(values[confiscated]) if values.get(confiscated) else 0
    return fines, confiscations


def test_annual_totals_equal_the_published_records_added_up_and_name_the_confiscations_without_amount(workspace):
    agency = workspace.agency()
    write_penalties(agency, [penalty(1, 0.5, None, "罚款"), penalty(2, 1.25, 0.3, "罚款,没收违法所得"),
                             penalty(3, None, 2.0875, "没收非法财物"), penalty(4, 0.2, None, "罚款,没收违法所得"),
                             penalty(5, None, None, "没收违法所得"),
                             penalty(6, 3.0, 1.5, "罚款,没收违法所得", decided=dt.date(2025, 6, 3))])
    site = workspace.build()
    overall = fields(site.html("statistics/2026.html"))
    fines, confiscations = published_sums(site, 2026)
    assert (fines, confiscations) == (Decimal("1.95"), Decimal("2.3875"))
    assert wan_yuan(overall["罚款金额合计"]) == fines
    assert wan_yuan(overall["没收金额合计"]) == confiscations
    assert overall["没收金额合计"].endswith("（没收违法所得、没收非法财物 4 件，其中 2 件未填写没收金额）")
    old = fields(site.html("statistics/2025.html"))
    assert (wan_yuan(old["罚款金额合计"]), wan_yuan(old["没收金额合计"])) == published_sums(site, 2025)
    assert old["没收金额合计"] == "1.5 万元（没收违法所得、没收非法财物 1 件）"


def test_a_withdrawn_penalty_leaves_both_totals(workspace):
    agency = workspace.agency()
    rows = [penalty(1, 0.5, 0.1, "罚款,没收违法所得"), penalty(2, 1.0, 0.4, "罚款,没收违法所得")]
    write_penalties(agency, rows)
    workspace.build()
    header = [*PENALTY_HEADER, CONFISCATION, "当前状态", "撤回日期", "撤回理由"]
    rows = [[*rows[0], "有效", None, None], [*rows[1], "已撤销", dt.date(2026, 11, 19), "经行政复议撤销"]]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    site = workspace.build()
    overall = fields(site.html("statistics/2026.html"))
    assert published_sums(site, 2026) == (Decimal("0.5"), Decimal("0.1"))
    assert (wan_yuan(overall["罚款金额合计"]), wan_yuan(overall["没收金额合计"])) == (Decimal("0.5"), Decimal("0.1"))


def test_no_statistics_page_shows_a_bare_dash_and_an_unwatched_year_says_why(workspace):
    agency = workspace.agency()
    # 2025's deadlines passed before this first build: no lateness can be known. 2026's are still ahead.
    write_penalties(agency, [penalty(1, 0.5, None, "罚款"), penalty(2, 0.5, None, "罚款", decided=dt.date(2025, 6, 3))])
    site = workspace.build()
    for page in STATISTICS_PAGES:
        html = site.html(page)
        figures = [cell.get_text(strip=True) for cell in html.select("td, .number")]
        assert figures and not [text for text in figures if text in ("", "—", "-", "–")], page
        assert "—" not in html.select_one("main").get_text(), page
    old = site.html("statistics/2025.html")
    assert fields(old)["按时公示率"] == "暂无可计算的决定"
    assert "平台开始记录前公示期限已过的决定，无法判断是否按时公示" in old.select_one("main").get_text()
    agency_rows = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
                   for row in site.html(STATISTICS_PAGES[1]).select("section[aria-labelledby=statistics-heading] tbody tr")}
    assert agency_rows["2025年"][-1] == "暂无可计算的决定"
    assert agency_rows["2026年（截至 2026-11-20）"][-1] == "100.0%"


def test_a_year_not_over_is_labelled_with_the_build_day_until_it_is(workspace):
    agency = workspace.agency()
    write_penalties(agency, [penalty(1, 0.5, None, "罚款"), penalty(2, 0.5, None, "罚款", decided=dt.date(2025, 6, 3))])
    site = workspace.build()
    assert site.html("statistics/2026.html").h1.get_text() == "2026年度行政执法数据统计（截至 2026-11-20）"
    assert site.html("statistics/2025.html").h1.get_text() == "2025年度行政执法数据统计"
    rows = [row.th.get_text(strip=True) for row in site.html("statistics/index.html").select("tbody tr")]
    assert rows == ["2026年度报告（截至 2026-11-20）", "2025年度报告"]
    assert "2026年按时公示率（截至 2026-11-20）" in site.html("index.html").select_one(".totals").get_text()
    later = workspace.build("--as-of", "2027-01-05", "--force-date")  # a build after the year ended
    assert later.html("statistics/2026.html").h1.get_text() == "2026年度行政执法数据统计"
    assert "截至" not in later.html("statistics/index.html").select_one("tbody").get_text()
