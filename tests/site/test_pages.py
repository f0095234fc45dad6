"""Every page type of the portal, built from the tests' own workbooks and read as a citizen would:
what each page says, where it links, and what it tells machines about itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from tests.conftest import (
    AGENCY_NAME,
    AGENCY_USCC,
    PENALTY_HEADER,
    Site,
    Workspace,
    kept_read_only,
    penalty_row,
    valid_uscc,
    write_workbook,
)

GOV_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
            "ContentSource", "Keywords", "Description", "Url")
LICENCE_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政许可决定文书名称",
                  "行政许可决定文书号", "许可类别", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关",
                  "许可机关统一社会信用代码"]
ITEM_HEADER = ["事项编码", "事项名称", "事项类别", "实施依据", "承办机构", "受理条件", "申请材料", "办理流程", "法定时限",
               "承诺时限", "收费标准", "监督电话", "救济渠道", "是否纳入重大执法决定法制审核目录", "流程图编号"]
FLOW_HEADER = ["流程编号", "流程名称", "步骤编号", "步骤名称", "下一步", "承办岗位", "时限"]
FLOW_ROWS = [["LC-02", "行政许可办理流程", 1, "申请", "2", "窗口", ""],
             ["LC-02", "行政许可办理流程", 2, "受理", "3:材料齐全; 4:需要补正", "窗口", "当场"],
             ["LC-02", "行政许可办理流程", 3, "审查", "5", "审批股", "10个工作日"],
             ["LC-02", "行政许可办理流程", 4, "补正材料", "2", "申请人", "5个工作日"],
             ["LC-02", "行政许可办理流程", 5, "作出决定", "", "分管领导", "3个工作日"]]
OFFICER_HEADER = ["姓名", "职务", "执法证号", "执法类别/领域", "执法区域", "有效期至", "证件状态"]


def licence_row(number: int, category: str, decided: dt.date) -> list:
    return ["朔州市晋北商贸有限公司", "法人及非法人组织", valid_uscc(f"9114060200001{number:04d}"), "准予行政许可决定书",
            f"朔城科许〔{decided.year}〕{number}号", category, "准予许可", decided, decided, dt.date(2099, 12, 31),
            AGENCY_NAME, AGENCY_USCC]


@pytest.fixture
def portal(workspace):
    """`fill`'s data in the test's own workspace, not yet built: for a test that builds, changes and builds again."""
    return fill(workspace)


@pytest.fixture(scope="module")
def portal_site(tmp_path_factory) -> Iterator[Site]:
    """`fill`'s data built once for the module's tests that only read the site."""
    space = fill(Workspace(tmp_path_factory.mktemp("portal")))
    site = space.build()
    with kept_read_only(space.root):
        yield site


def fill(workspace):
    """One agency with a little of everything."""
    agency = workspace.agency()
    penalties = [penalty_row(1), penalty_row(2), penalty_row(3, decided=dt.date(2026, 10, 9)),
                 penalty_row(4, decided=dt.date(2025, 6, 3)), penalty_row(5, decided=dt.date(2025, 3, 3))]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *penalties]})
    write_workbook(agency / "许可.xlsx", {"行政许可决定": [LICENCE_HEADER, licence_row(1, "普通", dt.date(2026, 11, 2)),
                                                         licence_row(2, "普通", dt.date(2026, 11, 3)),
                                                         licence_row(3, "登记", dt.date(2026, 11, 4))]})
    write_workbook(agency / "事项.xlsx", {"执法事项清单": [ITEM_HEADER, [
        "KJ-XK-01", "科技型企业认定", "行政许可", "《科学技术进步法》第二十条", "成果科", "依法设立的企业", "申请表一份",
        "申请、受理、审查、决定", "20个工作日", "10个工作日", "不收费", "0349-2025678", "可申请行政复议或提起行政诉讼",
        "是", "LC-02"]]})
    write_workbook(agency / "流程.xlsx", {"执法流程图": [FLOW_HEADER, *FLOW_ROWS]})
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER,
                                                          ["李明", "科员", "14060219001", "科技管理", "朔城区", dt.date(2028, 12, 31), "有效"],
                                                          ["王芳", "科员", "14060219002", "科技管理", "朔城区", dt.date(2025, 12, 31), "有效"],
                                                          ["赵强", "科员", "14060219003", "科技管理", "朔城区", dt.date(2028, 12, 31), "暂扣"],
                                                          ["钱伟", "科员", "14060219004", "科技管理", "朔城区", dt.date(2028, 12, 31), "注销"]]})
    return workspace


def page_of(site, kind: str, text: str):
    for path in site.record_pages(kind):
        if text in path.read_text(encoding="utf-8"):
            return site.html(path.relative_to(site.root).as_posix()), path
    raise AssertionError(f"no {kind} page mentions {text}")


def fields(html, selector: str = "table.fields") -> dict[str, str]:
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for table in html.select(selector)
            for row in table.select("tr") if row.th and row.td}


def test_every_page_carries_the_government_meta_and_says_who_is_responsible(portal_site):
    site = portal_site
    pages = [p for p in site.files() if p.suffix == ".html"]
    assert len(pages) > 30
    for path in pages:
        html = site.html(path.relative_to(site.root).as_posix())
        meta = {tag["name"]: tag["content"] for tag in html.select("meta[name]")}
        missing = [name for name in GOV_META if not meta.get(name)]
        assert not missing, f"{path.name}: {missing}"
        assert meta["Url"] == f"https://zfgs.example.gov.cn/{path.relative_to(site.root).as_posix()}"
        assert meta["SiteIDCode"] == "0000000000" and meta["SiteDomain"] == "zfgs.example.gov.cn"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["PubDate"]), path
        facts = {div.dt.get_text(): div.dd.get_text() for div in html.select(".page-facts div")}
        assert facts.get("信息公示单位") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts.get("数据更新日期", "")), path
        icon = html.select_one('link[rel="icon"]')  # else every first visit asks /favicon.ico and logs a 404
        base = site.root if icon and icon["href"].startswith("/") else path.parent  # 404.html: from the site's path
        assert icon and (base / icon["href"].lstrip("/")).resolve().is_file() and icon["href"].endswith(".svg"), path
    record, _ = page_of(site, "penalties", "朔城科罚〔2026〕1号")
    assert record.select_one('meta[name="ContentSource"]')["content"] == AGENCY_NAME
    assert record.select_one('meta[name="ArticleTitle"]')["content"] == "朔城科罚〔2026〕1号 · 行政处罚决定"


def test_listings_by_year_and_in_both_orders_work_without_script(portal_site):
    site = portal_site
    newest = site.html("penalties/index.html")
    dates = [row.select("td")[-2].get_text() for row in newest.select("table.records tbody tr")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    oldest_link = next(a for a in newest.select(".filters a") if a.get_text() == "日期从旧到新")
    oldest = site.html("penalties/" + oldest_link["href"].removeprefix("../penalties/"))
    assert [row.select("td")[-2].get_text() for row in oldest.select("table.records tbody tr")] == sorted(dates)
    year_link = next(a for a in newest.select(".filters a") if a.get_text() == "2025年")
    year_page = site.html("penalties/2025/index.html")
    assert year_link["href"] == "../penalties/2025/index.html"
    assert [row.select("td")[-2].get_text()[:4] for row in year_page.select("table.records tbody tr")] == ["2025", "2025"]
    agency_year = site.html(f"agencies/{AGENCY_USCC}/penalties/2026/oldest/index.html")
    assert len(agency_year.select("table.records tbody tr")) == 3
    assert all(script.get("src") for script in newest.find_all("script"))


def test_agency_page_has_profile_items_decisions_by_year_and_statistics(portal_site):
    site = portal_site
    html = site.html(f"agencies/{AGENCY_USCC}/index.html")
    profile = fields(html)
    assert profile["监督方式"].startswith("监督投诉电话：0349-2025678")
    assert "行政复议" in profile["救济渠道"] and profile["办公时间"] == "工作日 8:30-17:30"
    assert [a.get_text() for a in html.select("#items-heading ~ .table-scroll a")] == ["科技型企业认定"]
    by_year = {row.th.get_text(strip=True): row.select("td")[-1].get_text(" ", strip=True)
               for row in html.select("section[aria-labelledby=decisions-heading] tbody tr")}
    assert by_year["行政处罚决定"] == "2026年（3条） 2025年（2条）"
    statistics = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
                  for row in html.select("section[aria-labelledby=statistics-heading] tbody tr")}
    assert statistics["2026年（截至 2026-11-20）"][:2] == ["6 条", "1.5 万元"]  # 2026 is not over on --as-of


def test_annual_report_counts_fines_categories_and_timeliness_with_charts_beside_tables(workspace):
    workspace.agency()
    workspace.build("--as-of", "2026-11-01")  # the portal's first build: deadlines from here on are watched
    site = fill(workspace).build()
    html = site.html("statistics/2026.html")
    overall = fields(html)
    assert overall["行政处罚决定"] == "3 条" and overall["行政许可决定"] == "3 条"
    assert overall["罚款金额合计"] == "1.5 万元"
    # Nos. 1 and 2 (decided 2026-11-16) are within 7 working days on 2026-11-20; the three licences of
    # early November are late; No. 3's deadline (2026-10-20) passed before the portal watched: not counted.
    assert overall["按时公示率"].startswith("40.0%（5 条中 2 条")
    licences = html.select_one("section[aria-labelledby=licences-chart]")
    assert {row.th.get_text(): row.td.get_text() for row in licences.select("tbody tr")} == {"普通": "2 件", "登记": "1 件"}
    for section in html.select("section[aria-labelledby$=-chart]"):
        chart = section.select_one("svg.chart[role=img]")
        assert chart is not None and chart.title.get_text()
        bars = [text.get_text() for text in chart.select("text")]
        for row in section.select("tbody tr"):
            assert row.th.get_text() in bars and row.td.get_text() in bars
    assert site.html("statistics/2025.html").select_one("h1").get_text() == "2025年度行政执法数据统计"
    index = site.html("statistics/index.html")
    assert [a.get_text() for a in index.select("tbody th a")] == ["2026年度报告", "2025年度报告"]


def test_a_withdrawal_is_counted_in_its_year_and_leaves_the_figures(portal):
    portal.build()
    rows = [penalty_row(1), penalty_row(2), penalty_row(3, decided=dt.date(2026, 10, 9)),
            penalty_row(4, decided=dt.date(2025, 6, 3)), penalty_row(5, decided=dt.date(2025, 3, 3))]
    header = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
    rows = [[*row, "有效", None, None] for row in rows]
    rows[1][-3:] = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"]
    write_workbook(portal.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    site = portal.build()
    overall = fields(site.html("statistics/2026.html"))
    assert overall["行政处罚决定"] == "2 条" and overall["撤回的执法决定"] == "1 条" and overall["罚款金额合计"] == "1 万元"


def test_item_page_is_a_service_guide_with_its_flowchart_drawn_and_listed(portal_site):
    site = portal_site
    html, _ = page_of(site, "items", "科技型企业认定")
    guide = fields(html)
    assert guide["申请材料"] == "申请表一份" and guide["承诺时限"] == "10个工作日" and guide["收费标准"] == "不收费"
    assert guide["实施依据"] == "《科学技术进步法》第二十条"
    assert "已纳入重大执法决定法制审核目录" in html.select_one(".status").get_text()
    svg = html.select_one("figure.flowchart svg[role=img]")
    drawn = {g["data-step"]: g.get_text("", strip=True) for g in svg.select("g.step")}
    listed = [li.strong.get_text() for li in html.select("ol.steps li")]
    for number, name, *_ in ((r[2], r[3]) for r in FLOW_ROWS):
        assert name in drawn[str(number)] and f"第{number}步 {name}" in listed


def test_officer_pages_verify_certificates_in_plain_words_with_a_qr_code(portal_site):
    site = portal_site
    expected = {"14060219001": "目前有效", "14060219002": "已超过有效期", "14060219003": "已被暂扣",
                "14060219004": "已被注销"}
    for number, words in expected.items():
        html, path = page_of(site, "officers", number)
        assert words in html.select_one("[role=status]").get_text()
        qr = html.select_one(".qr-code svg[role=img]")
        assert qr is not None and number in qr["aria-label"] and qr.path
        assert html.select_one(".verify .meta").get_text().endswith(path.relative_to(site.root).as_posix())
    roster = site.html(f"agencies/{AGENCY_USCC}/officers/index.html")
    assert [row.th.get_text() for row in roster.select("tbody tr")] == ["李明"]


def test_major_decision_page_shows_legal_review_and_publicity_period(workspace):
    agency = workspace.agency()
    header = [*PENALTY_HEADER, "是否重大执法决定", "法制审核机构", "法制审核结论", "法制审核日期"]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [header, [*penalty_row(1), "是", "局法制股", "同意",
                                                                     dt.date(2026, 11, 12)]]})
    site = workspace.build()
    html, path = page_of(site, "penalties", "朔城科罚〔2026〕1号")
    review = html.find("h2", string="重大执法决定法制审核").find_next("table")
    assert {row.th.get_text(): row.td.get_text() for row in review.select("tr")} == {
        "是否重大执法决定": "是", "法制审核机构": "局法制股", "法制审核结论": "同意", "法制审核日期": "2026-11-12"}
    assert fields(html)["公示截止期"] == "2029-11-16"
    weight = len(path.read_bytes()) + sum(len((path.parent / link["href"]).read_bytes())
                                          for link in html.select("link[rel=stylesheet]"))
    weight += sum(len((path.parent / script["src"]).read_bytes()) for script in html.select("script[src]"))
    assert weight <= 60_000


def test_content_pages_share_the_layout_and_date_themselves(sample_site):
    html = sample_site.html("about.html")
    assert html.select_one("a.skip-link") and html.select_one("nav[aria-label=主导航]")
    assert html.select_one('meta[name="PubDate"]')["content"] == "2026-11-21"


def test_search_page_is_a_plain_get_form_that_points_to_the_listings(sample_site):
    html = sample_site.html("search.html")
    form = html.select_one("form[role=search]")
    assert form["method"] == "get" and form.select_one("input[type=search]")["name"] == "q"
    assert form.label["for"] == form.select_one("input[type=search]")["id"]
    assert {a["href"] for a in html.select(".search-browse a")} >= {"./penalties/index.html", "./licenses/index.html"}


def test_no_page_requests_another_host_or_inline_script(sample_site):
    for path in sample_site.files():
        if path.suffix != ".html":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text), path
        assert "<script>" not in text and " style=" not in text, path
