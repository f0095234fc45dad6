"""The open-data downloads of a real build, read back as a data user would: CSV with the csv module, XLSX
with openpyxl, JSON with json, and the data package with frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import frictionless
import pytest
from openpyxl import Workbook, load_workbook

from disclosure.core.kinds import AGENCY, KINDS, NOTICE_COLUMNS, PENALTIES
from disclosure.opendata import tables as opendata
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

HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
INJECTIONS = ['=HYPERLINK("http://example.com/x","点此查看")', "@SUM(1+1)*cmd|' /C calc'!A0"]
PERSON, PERSON_ID = "张三丰", "11010519491231002X"
# RULES.md §5, in its order, without the fields that are never published (证件类型 and 证件号码).
PENALTY_COLUMNS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政相对人代码_2(工商注册号)",
    "行政相对人代码_3(组织机构代码)", "行政相对人代码_4(税务登记号)", "行政相对人代码_5(事业单位证书号)",
    "行政相对人代码_6(社会组织登记证号)", "法定代表人", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据",
    "处罚类别", "处罚内容", "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注"]
LICENCE_TAIL = ["许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码", "当前状态", "数据来源单位",
                "数据来源单位统一社会信用代码", "备注"]
LICENCE_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "行政许可决定文书名称",
                  "行政许可决定文书号", "许可类别", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关",
                  "许可机关统一社会信用代码", "当前状态"]


def penalties(*extra: list) -> list[list]:
    return [[*penalty_row(1, party=INJECTIONS[0]), "有效", None, None],
            [*penalty_row(2, party=INJECTIONS[1]), "有效", None, None],
            [*penalty_row(3, party=PERSON, party_type="自然人", id_number=PERSON_ID), "有效", None, None],
            *extra]


def write_penalties(folder: Path, rows: list[list]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政处罚决定"
    for row in [HEADER, *rows]:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, as a clerk's '=… or another system's export holds it
    workbook.save(folder / "处罚.xlsx")


def licence_row(number: int) -> list:
    return ["朔州市晋北商贸有限公司", "法人及非法人组织", valid_uscc(f"9114060200001{number:04d}"), "准予行政许可决定书",
            f"朔城科许〔2026〕{number}号", "普通", "准予许可", dt.date(2026, 11, 16), dt.date(2026, 11, 16),
            dt.date(2099, 12, 31), AGENCY_NAME, AGENCY_USCC, "有效"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """Built once for the module's tests, which only read it."""
    space = Workspace(tmp_path_factory.mktemp("opendata"))
    agency = space.agency()
    write_penalties(agency, penalties())
    write_workbook(agency / "许可.xlsx", {"行政许可决定": [LICENCE_HEADER, licence_row(1)]})
    built = space.build()
    with kept_read_only(space.root):
        yield built


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def column(rows: list[list], label: str) -> list:
    index = list(rows[0]).index(label)
    return [row[index] for row in rows[1:]]


def xlsx_rows(path: Path):
    sheet = load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


# ---- formula injection ----------------------------------------------------------------------

def test_formula_starts_are_neutralised_in_csv(site):
    rows = read_csv(site.root / "downloads/penalties.csv")
    names = column(rows, "行政相对人名称")
    assert sorted(name for name in names if name.startswith("'")) == sorted(f"'{text}" for text in INJECTIONS)
    assert not [name for name in names if name[:1] in "=+-@\t\r"]
    # Dates and amounts are not text and keep their form.
    assert set(column(rows, "处罚决定日期")) == {"2026-11-16"} and set(column(rows, "罚款金额（万元）")) == {"0.5"}


def test_formula_starts_are_text_cells_in_xlsx(site):
    rows = xlsx_rows(site.root / "downloads/penalties.xlsx")
    header = [cell.value for cell in rows[0]]
    names = [row[header.index("行政相对人名称")] for row in rows[1:]]
    injected = [cell for cell in names if str(cell.value).lstrip("'") in INJECTIONS]
    assert len(injected) == 2
    assert all(cell.value.startswith("'") and cell.data_type == "s" for cell in injected)
    assert not [row for row in rows for cell in row if cell.data_type == "f"]
    date = rows[1][header.index("处罚决定日期")]
    amount = rows[1][header.index("罚款金额（万元）")]
    assert date.is_date and date.value == dt.datetime(2026, 11, 16) and amount.value == 0.5


def test_json_keeps_the_published_text_as_it_is(site):
    records = json.loads((site.root / "downloads/penalties.json").read_text(encoding="utf-8"))
    assert sorted(r["行政相对人名称"] for r in records if r["行政相对人名称"] in INJECTIONS) == sorted(INJECTIONS)
    assert {r["处罚决定日期"] for r in records} == {"2026-11-16"} and {r["罚款金额（万元）"] for r in records} == {0.5}


# ---- columns, masking, withheld fields ---------------------------------------------------------

def test_csv_has_a_bom_and_the_双公示_columns_in_order(site):
    data = (site.root / "downloads/penalties.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    header = read_csv(site.root / "downloads/penalties.csv")[0]
    assert header[:len(PENALTY_COLUMNS)] == PENALTY_COLUMNS
    licences = read_csv(site.root / "downloads/licenses.csv")
    assert licences[0][licences[0].index("许可决定日期"):][:len(LICENCE_TAIL)] == LICENCE_TAIL
    assert column(licences, "有效期至") == ["2099-12-31"]  # the 双公示 data's own 长期


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind is not AGENCY], ids=lambda kind: kind.name)
def test_every_public_column_a_record_page_shows_is_downloaded_once(kind):
    """A column added to kinds.py but not to a kind's open_data_columns would silently miss the downloads."""
    shown = {c.key for c in kind.columns if c.public and c.key not in NOTICE_COLUMNS}
    if kind is PENALTIES:
        shown.discard("status")  # always 有效 while the penalty is public
    keys = [c.key for c in kind.download_columns]
    assert set(keys) == shown and len(keys) == len(set(keys))


def test_a_natural_person_stays_masked_and_withheld_fields_are_absent(site):
    rows = read_csv(site.root / "downloads/penalties.csv")
    assert "张某" in column(rows, "行政相对人名称")
    assert "证件号码" not in rows[0] and "证件类型" not in rows[0] and "法定代表人证件号码" not in rows[0]
    for path in (site.root / "downloads").rglob("*"):
        if path.is_file():
            text = "\n".join(unpacked(path))
            assert PERSON not in text and PERSON_ID not in text, path
    records = json.loads((site.root / "downloads/penalties.json").read_text(encoding="utf-8"))
    assert not [r for r in records if "证件号码" in r or "证件类型" in r]


def unpacked(path: Path) -> list[str]:
    """A file's text, or for an XLSX (a zip) the text of every part: what a privacy check must read."""
    if path.suffix != ".xlsx":
        return [path.read_bytes().decode("utf-8", "replace")]
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]


def test_nothing_withheld_reaches_the_sample_portals_downloads(sample_site, sample_checked):
    """The privacy canary of tests/test_build.py reads bytes; XLSX parts are compressed, so read them here."""
    checked = sample_checked
    secrets = {str(r.get(key)) for r in checked.records for key in ("id_number", "legal_representative_id_number")
               if r.get(key)}
    people = {str(r.get("party_name")) for r in checked.records if r.get("party_type") == "自然人"}
    assert len(secrets) > 20 and len(people) > 20
    files = [path for path in (sample_site.root / "downloads").rglob("*") if path.is_file()]
    text = "\n".join(part for path in files for part in unpacked(path))
    assert not [secret for secret in secrets if secret in text]
    assert not {name for name in people if len(name) > 1} & cells_of(files)


def cells_of(files: list[Path]) -> set[str]:
    cells = set()
    for path in files:
        if path.suffix == ".csv":
            cells.update(cell for row in read_csv(path) for cell in row)
        elif path.suffix == ".xlsx":
            cells.update(str(cell.value) for row in xlsx_rows(path) for cell in row)
        elif path.suffix == ".json" and path.name != "datapackage.json" and path.parent.name != "schemas":
            cells.update(str(value) for record in json.loads(path.read_text(encoding="utf-8"))
                         for value in record.values())
    return cells


def test_a_withdrawn_record_leaves_every_download(workspace):
    agency = workspace.agency()
    write_penalties(agency, penalties())
    workspace.build()
    withdrawn = [*penalty_row(3, party=PERSON, party_type="自然人", id_number=PERSON_ID), "已撤销",
                 dt.date(2026, 11, 19), "经行政复议撤销"]
    write_penalties(agency, [*penalties()[:2], withdrawn])
    site = workspace.build()
    for path in (site.root / "downloads/penalties.csv", site.root / f"downloads/{AGENCY_USCC}/penalties.csv"):
        assert column(read_csv(path), "行政处罚决定书文号") == ["朔城科罚〔2026〕2号", "朔城科罚〔2026〕1号"]
    assert len(xlsx_rows(site.root / "downloads/penalties.xlsx")) == 3
    records = json.loads((site.root / "downloads/penalties.json").read_text(encoding="utf-8"))
    assert "朔城科罚〔2026〕3号" not in {r["行政处罚决定书文号"] for r in records}


# ---- the data package ------------------------------------------------------------------------------

def test_the_data_package_validates_and_states_every_files_bytes_and_hash(site):
    package_path = site.root / "downloads/datapackage.json"
    report = frictionless.validate(str(package_path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    package = json.loads(package_path.read_text(encoding="utf-8"))
    listed = set()
    for resource in package["resources"]:
        data = (package_path.parent / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data) and resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        listed.add(resource["path"])
    data_files = {p.relative_to(package_path.parent).as_posix() for p in package_path.parent.rglob("*")
                  if p.suffix in (".csv", ".xlsx") or (p.suffix == ".json" and p.parent.name != "schemas"
                                                        and p.name != "datapackage.json")}
    assert listed == data_files and len(listed) == 12  # penalties and licences, site-wide and the agency's, × 3
    schema = frictionless.Package(str(package_path)).get_resource("penalties-all-csv").schema
    assert schema.field_names[:len(PENALTY_COLUMNS)] == PENALTY_COLUMNS
    assert schema.get_field("处罚决定日期").type == "date" and schema.get_field("罚款金额（万元）").type == "number"


def test_a_changed_hash_fails_validation(site, tmp_path):
    """The validation above is not vacuous: frictionless does compare the stated hash with the file."""
    package_path = shutil.copytree(site.root / "downloads", tmp_path / "downloads") / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["resources"][0]["hash"] = "sha256:" + "0" * 64
    package_path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert not frictionless.validate(str(package_path)).valid


# ---- the download page -----------------------------------------------------------------------------

def test_the_download_page_lists_every_file_and_its_links_resolve(site):
    page = site.html("downloads/index.html")
    links = [a for a in page.select("a[download]")]
    targets = {(site.root / "downloads" / a["href"]).resolve() for a in links}
    assert all(target.is_file() for target in targets)
    package = json.loads((site.root / "downloads/datapackage.json").read_text(encoding="utf-8"))
    assert targets == {(site.root / "downloads" / r["path"]).resolve() for r in package["resources"]}
    rows = {row.th.get_text(): [td.get_text() for td in row.select("td")] for row in page.select("#all + div tr")
            if row.th and row.td}
    assert rows["行政处罚决定"][:2] == ["3 条", "2026-11-20"] and "CSV" in rows["行政处罚决定"][2]
    assert (site.root / "downloads" / page.select_one('a[href$="datapackage.json"]')["href"]).resolve().is_file()
    footer_link = site.html("index.html").find("footer").find("a", string="数据下载")
    assert (site.root / footer_link["href"]).resolve() == (site.root / "downloads/index.html").resolve()


# ---- incremental builds ----------------------------------------------------------------------------

def test_an_unchanged_build_makes_no_table_again_and_a_change_remakes_only_its_tables(workspace, monkeypatch):
    first = workspace.agency()
    other_code = valid_uscc("11140602MB0000010")
    other = workspace.agency("司法局", "朔州市朔城区司法局", other_code)
    write_penalties(first, penalties())
    write_workbook(other / "许可.xlsx", {"行政许可决定": [LICENCE_HEADER, [*licence_row(1)[:10], "朔州市朔城区司法局",
                                                                         other_code, "有效"]]})
    workspace.build()
    made: list[str] = []
    real = opendata.xlsx_bytes
    monkeypatch.setattr(opendata, "xlsx_bytes",
                        lambda table, *args: made.append(table.path("xlsx")) or real(table, *args))
    workspace.build()
    assert made == []
    corrected = [*penalty_row(1, party=INJECTIONS[0], facts="经复核更正的违法事实。"), "有效", None, None]
    write_penalties(first, [*penalties()[1:], corrected])
    workspace.build()
    assert sorted(made) == ["downloads/" + AGENCY_USCC + "/penalties.xlsx", "downloads/penalties.xlsx"]


def test_xlsx_bytes_carry_the_datas_date_not_the_clocks(site):
    with zipfile.ZipFile(site.root / "downloads/penalties.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 20, 0, 0, 0)}
