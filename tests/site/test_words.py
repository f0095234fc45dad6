"""Words for citizens, read in the built pages: fields called in plain words (the 双公示 headers stay in the
downloads), a downloads page that says what each file is for with the technical details folded below, and on
each decision page the 救济渠道 (from the agency's profile, or general words without it) and, for a penalty, the
信用修复 note."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator

import pytest

from disclosure.core.kinds import KINDS
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
from tests.site.test_pages import LICENCE_HEADER, licence_row

# A 双公示 header of the party's codes: 行政相对人代码_1(统一社会信用代码) … _6(社会组织登记证号).
CODE_HEADER = re.compile(r"_\d\(")
# Headers that pages call otherwise (kinds.py's plain_label): none may label a field on a page.
RENAMED = {column.label for kind in KINDS for column in kind.columns if column.page_label != column.label}
TECHNICAL = ("UTF-8", "BOM", "SHA-256", "Frictionless", "datapackage.json", "Atom")
SIZE = re.compile(r"\d+(?:\.\d)? (?:KB|MB|字节)")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日")
CREDIT_CHINA = "https://www.creditchina.gov.cn/"

REVIEW_BODY, COURT = "朔州市朔城区人民政府", "朔州市朔城区人民法院"
BARE_NAME, BARE_USCC = "朔州市朔城区司法局", valid_uscc("11140602MB0000012")
PROFILE = ["机关名称", "统一社会信用代码", "地址", "咨询电话", "监督投诉电话", "行政复议机关", "行政诉讼法院"]
OTHER_HEADER = ["执法类别", "决定文书号", "执法对象", "执法对象类别", "统一社会信用代码", "执法结论", "决定日期", "执法机关"]
SPOT_HEADER = ["抽查事项", "抽查对象", "统一社会信用代码", "抽查日期", "抽查结果", "检查机关"]
STATUS = ["当前状态", "撤回日期", "撤回理由"]


def _decisions(folder, name: str, code: str, prefix: str, penalties: list[list]) -> None:
    """A penalty sheet as given, and one licence, one other decision and one spot check of the agency's own."""
    write_workbook(folder / "处罚.xlsx", {"行政处罚决定": [[*PENALTY_HEADER, *STATUS], *penalties]})
    licence = licence_row(1, "普通", dt.date(2026, 11, 16))
    licence[4], licence[-2:] = f"{prefix}许〔2026〕1号", [name, code]
    write_workbook(folder / "许可.xlsx", {"行政许可决定": [LICENCE_HEADER, licence]})
    write_workbook(folder / "其他.xlsx", {"其他执法决定": [OTHER_HEADER, [
        "行政强制", f"{prefix}强〔2026〕1号", "朔州市晋北商贸有限公司", "法人及非法人组织", valid_uscc("91140602000000077"),
        "查封涉案物品", dt.date(2026, 11, 16), name]]})
    write_workbook(folder / "抽查.xlsx", {"抽查结果": [SPOT_HEADER, [
        "科技计划项目实施情况检查", "朔州市晋北商贸有限公司", valid_uscc("91140602000000077"), dt.date(2026, 11, 16),
        "未发现问题", name]]})


def _penalty(number: int, name: str = AGENCY_NAME, code: str = AGENCY_USCC, prefix: str = "朔城科", **kwargs) -> list:
    row = [*penalty_row(number, **kwargs)[:-2], name, code, "有效", None, None]
    row[PENALTY_HEADER.index("行政处罚决定书文号")] = f"{prefix}罚〔2026〕{number}号"
    return row


@pytest.fixture(scope="module")
def words_site(tmp_path_factory) -> Iterator[Site]:
    """Two agencies, one whose profile names its 行政复议机关 and 行政诉讼法院 and one whose does not, each with a
    penalty, a licence, an other decision and a spot check; the first's penalty 2 corrected (its party's code) and
    penalty 3 withdrawn on the second build."""
    space = Workspace(tmp_path_factory.mktemp("words"))
    named = space.data / "科技局"
    write_workbook(named / "机关信息.xlsx", {"机关信息": [PROFILE, [
        AGENCY_NAME, AGENCY_USCC, "朔城区开发南路8号", "0349-2021234", "0349-2025678", REVIEW_BODY, COURT]]})
    bare = space.agency("司法局", BARE_NAME, BARE_USCC)
    _decisions(bare, BARE_NAME, BARE_USCC, "朔城司", [_penalty(1, BARE_NAME, BARE_USCC, "朔城司")])
    penalties = [_penalty(n) for n in (1, 2, 3)]
    _decisions(named, AGENCY_NAME, AGENCY_USCC, "朔城科", penalties)
    assert space.publish("build") == 0
    penalties[1] = _penalty(2, party_code=valid_uscc("91140602000000085"))
    penalties[2][-3:] = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"]
    _decisions(named, AGENCY_NAME, AGENCY_USCC, "朔城科", penalties)
    assert space.publish("build") == 0
    site = Site(space.output)
    with kept_read_only(space.root):
        yield site


def record(site: Site, kind: str, containing: str):
    for path in site.record_pages(kind):
        text = path.read_text(encoding="utf-8")
        if containing in text:
            return site.html(path.relative_to(site.root).as_posix())
    raise AssertionError(f"no {kind} page contains {containing!r}")


def section(html, heading_id: str):
    heading = html.find(id=heading_id)
    return heading.find_parent("section") if heading else None


def labels(html) -> set[str]:
    return {th.get_text(strip=True) for th in html.select("main th")}


# ---- plain labels ---------------------------------------------------------------------------------

def test_no_page_shows_a_data_standard_header(sample_site):
    pages = [p for p in sample_site.files() if p.suffix == ".html"]
    assert len(pages) > 1000
    for path in pages:
        html = sample_site.html(path.relative_to(sample_site.root).as_posix())
        text = html.get_text()
        assert not CODE_HEADER.search(text), f"{path}: {CODE_HEADER.search(text).group()}"
        assert not labels(html) & RENAMED, f"{path}: {labels(html) & RENAMED}"


def test_decision_pages_call_fields_in_plain_words(words_site):
    penalty = record(words_site, "penalties", "朔城科罚〔2026〕1号")
    shown = labels(penalty)
    assert {"当事人名称", "统一社会信用代码", "处罚决定书文号", "罚款金额"} <= shown
    row = next(th for th in penalty.select("main th") if th.get_text(strip=True) == "统一社会信用代码")
    assert row.find_next_sibling("td").get_text(strip=True) == valid_uscc("9114060200000" "0001")
    licence = record(words_site, "licenses", "朔城科许〔2026〕1号")
    assert {"当事人名称", "统一社会信用代码", "许可决定文书号"} <= labels(licence)
    listing = words_site.html("penalties/index.html")
    assert "当事人名称" in {th.get_text(strip=True) for th in listing.select("thead th")}


def test_a_correction_names_the_field_in_plain_words(words_site):
    corrected = record(words_site, "penalties", "朔城科罚〔2026〕2号")
    (changed,) = [row.select("td")[1].get_text(strip=True) for row in corrected.select("table.corrections tbody tr")]
    assert changed == "统一社会信用代码"


def test_downloads_keep_the_data_standard_headers(words_site):
    header = next(csv.reader(io.StringIO((words_site.root / "downloads/penalties.csv").read_text("utf-8-sig"))))
    assert header[:3] == ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)"]
    assert "行政处罚决定书文号" in header and "罚款金额（万元）" in header
    assert not {"当事人名称", "统一社会信用代码", "处罚决定书文号", "罚款金额"} & set(header)
    schema = json.loads((words_site.root / "downloads/schemas/penalties.json").read_text("utf-8"))
    assert [field["name"] for field in schema["fields"]] == header


# ---- the downloads page ---------------------------------------------------------------------------

def test_downloads_page_says_what_each_file_is_for_with_the_details_folded(words_site):
    page = words_site.html("downloads/index.html")
    main = page.find("main")
    folded = main.find_all("details")
    assert folded and all(d.summary and d.summary.get_text(strip=True).startswith("技术说明") for d in folded)
    inside = " ".join(d.get_text(" ") for d in folded)
    for d in folded:
        d.decompose()
    visible = main.get_text(" ")
    assert "在 Excel 或 WPS 中打开的表格" in visible and "给程序和数据分析使用的数据" in visible
    for word in TECHNICAL:
        assert word not in visible and word in inside, word
    assert not SIZE.search(visible)
    # Every file's size is told once, inside the details.
    assert len(SIZE.findall(inside)) == len(page.select("a[download]")) > 0
    assert {a.get_text(strip=True).split("：")[0] for a in page.select("a[download]")} == {
        "Excel 表格", "CSV 表格", "JSON 数据"}


# ---- 救济渠道 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, number", [("penalties", "朔城科罚〔2026〕1号"), ("licenses", "朔城科许〔2026〕1号"),
                                          ("other-decisions", "朔城科强〔2026〕1号")])
def test_decision_pages_name_the_agencys_review_body_and_court(words_site, kind, number):
    remedies = section(record(words_site, kind, number), "remedies-heading")
    assert remedies is not None, kind
    text = remedies.get_text(" ", strip=True)
    assert f"向{REVIEW_BODY}申请" in text and f"向{COURT}提起" in text
    assert "六十日" in text and "《中华人民共和国行政复议法》第二十条" in text
    assert "六个月" in text and "《中华人民共和国行政诉讼法》第四十六条" in text
    assert not DATE.search(text), "the periods are the law's, not a date computed for the decision"
    # An on-the-spot penalty must go to 复议 first (行政复议法 art. 23); that is told on penalties only.
    assert ("第二十三条" in text) is (kind == "penalties")


@pytest.mark.parametrize("kind, number", [("penalties", "朔城司罚〔2026〕1号"), ("licenses", "朔城司许〔2026〕1号"),
                                          ("other-decisions", "朔城司强〔2026〕1号")])
def test_without_them_in_the_profile_the_remedies_are_told_in_general_words(words_site, kind, number):
    text = section(record(words_site, kind, number), "remedies-heading").get_text(" ", strip=True)
    assert "本级人民政府" in text and "有管辖权的人民法院" in text
    assert REVIEW_BODY not in text and COURT not in text
    assert "六十日" in text and "六个月" in text


def test_no_remedies_where_nothing_was_decided(words_site):
    for kind in ("spot-checks", "officers", "items", "inspections"):
        for path in words_site.record_pages(kind):
            html = words_site.html(path.relative_to(words_site.root).as_posix())
            assert section(html, "remedies-heading") is None, path
    notice = record(words_site, "penalties", "经行政复议撤销")
    assert section(notice, "remedies-heading") is None and section(notice, "credit-repair-heading") is None


# ---- 信用修复 ---------------------------------------------------------------------------------------

def test_a_penalty_page_tells_of_credit_repair_at_credit_china(words_site):
    html = record(words_site, "penalties", "朔城科罚〔2026〕1号")
    note = section(html, "credit-repair-heading")
    assert note is not None
    text = note.get_text(" ", strip=True)
    assert "信用修复" in text and "最短公示期" in text and "信用中国" in text
    assert CREDIT_CHINA in text
    assert "本平台" in text and "联系" in text  # this portal's own period is not cut short by 信用中国's repair
    # Its address as text: the page neither loads nor links anything of another host.
    assert not [tag for tag in html.select("[href], [src]") if "creditchina" in (tag.get("href") or tag.get("src"))]


def test_no_credit_repair_note_where_it_does_not_apply(words_site):
    for kind in ("licenses", "other-decisions", "spot-checks", "officers"):
        for path in words_site.record_pages(kind):
            html = words_site.html(path.relative_to(words_site.root).as_posix())
            assert section(html, "credit-repair-heading") is None, path
            assert CREDIT_CHINA not in path.read_text(encoding="utf-8"), path
