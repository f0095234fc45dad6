"""The whole pipeline through publish.py: the produced site, parsed as HTML, is what is asserted on."""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import re
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.core.exit_codes import ExitCode
from disclosure.public.addresses import NOT_FOUND_PATH
from disclosure.runtime.output import MANIFEST
from tests.conftest import (
    AGENCY_USCC,
    PENALTY_HEADER,
    PROJECT,
    fail_rendering_after,
    penalty_row,
    write_workbook,
)

SAMPLE_AGENCIES = ["朔州市朔城区科学技术局", "中卫市沙坡头区司法局", "枣庄市台儿庄区行政审批服务局",
                   "陵川生态文化旅游示范区综合执法局", "宁晋县民族宗教事务局"]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in root.rglob("*") if p.is_file()}


# ---- the shipped sample data ----------------------------------------------------------------

def test_sample_portal_has_every_agency_and_every_kind(sample_site):
    home = sample_site.html("index.html")
    assert home.html["lang"] == "zh-CN"
    directory = [a.get_text() for a in home.select(".agency-list a")]
    assert sorted(directory) == sorted(SAMPLE_AGENCIES)
    for kind in ("penalties", "licenses", "other-decisions", "spot-checks", "items", "inspections", "officers"):
        assert sample_site.record_pages(kind), kind
    assert list((sample_site.root / "flowcharts").glob("*.html"))
    for name in ("about", "notice", "accessibility", "contact"):
        assert sample_site.html(f"{name}.html").h1.get_text()


def test_sample_listings_paginate_newest_first(sample_site):
    first = sample_site.html("penalties/index.html")
    assert sample_site.root.joinpath("penalties/page-2.html").is_file()
    dates = [row.select("td")[-2].get_text() for row in first.select("table.records tbody tr")]
    assert len(dates) == 50 and dates == sorted(dates, reverse=True)
    assert first.select_one('.pagination a[rel="next"]')["href"] == "../penalties/page-2.html"


def test_sample_report_points_at_the_planted_mistakes(sample_site):
    report = sample_site.result.stdout
    assert "补录处罚信息.xlsx" in report
    for cell in ("M4", "H5", "I7", "C6", "N11"):  # M: 处罚决定日期, after the 没收金额 column; N: 处罚机关
        assert f" {cell} " in report
    assert "陵川县市场监督管理局" in report  # another agency's name beside the agency's own code: held back
    assert not any("906号" in page.read_text(encoding="utf-8") for page in sample_site.record_pages("penalties"))
    assert "Traceback" not in sample_site.result.stderr


def test_gbk_csv_export_is_published(sample_site):
    agency_pages = [p for p in (sample_site.root / "agencies").glob("*/index.html")
                    if "台儿庄" in p.read_text(encoding="utf-8")]
    listing = sample_site.html(agency_pages[0].relative_to(sample_site.root).parent.as_posix() + "/spot-checks/index.html")
    assert len(listing.select("table.records tbody tr")) == 30


def test_no_id_number_or_natural_persons_full_name_reaches_the_site(sample_site, sample_checked):
    checked = sample_checked
    secrets = {str(r.get(key)) for r in checked.records for key in ("id_number", "legal_representative_id_number") if r.get(key)}
    people = {str(r.get("party_name")) for r in checked.records if r.get("party_type") == "自然人"}
    assert len(secrets) > 20 and len(people) > 20
    everything = sample_site.text_of_everything()
    assert not [s for s in secrets if s in everything]
    assert not [name for name in people if len(name) > 1 and f">{name}<" in everything]


def test_site_works_under_a_sub_path_with_no_other_host(sample_site):
    """Every link, fragment and asset resolves inside the site when it is served at /zfgs/, and nothing points elsewhere."""
    pages = [p for p in sample_site.files() if p.suffix == ".html"]
    ids = {page: set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))) for page in pages}
    broken, external = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"]*)"', text):
            if re.match(r"^[a-z]+:|^//", target):
                external.append((page.name, target))
                continue
            # The 404 page is answered for missing addresses at any depth: its links start from SITEURL's path
            # (the sample's is the host's root), every other page's are relative.
            from_site_path = page.name == NOT_FOUND_PATH and page.parent == sample_site.root
            assert target.startswith(("/", "#")) if from_site_path else not target.startswith("/"), \
                f"{page}: {target} would break under a sub-path"
            path, _, fragment = target.removeprefix("/").partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if not resolved.is_file() or (fragment and fragment not in ids.get(resolved, set())):
                broken.append((page.relative_to(sample_site.root).as_posix(), target))
    assert external == [] and broken == []


def test_manifest_lists_every_file_with_its_size_and_sha256(sample_site):
    manifest = sample_site.manifest()
    files = {p.relative_to(sample_site.root).as_posix(): p for p in sample_site.files() if p.name != MANIFEST}
    assert set(manifest) == set(files)
    for path, entry in manifest.items():
        data = files[path].read_bytes()
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()


# ---- builds of the tests' own workbooks -----------------------------------------------------

def test_record_page_shows_public_fields_and_masks_the_person(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1, party="张三丰", party_type="自然人",
                                                                                  id_number="11010519491231002X")]})
    site = workspace.build()
    (page,) = site.record_pages("penalties")
    html = site.html(page.relative_to(site.root).as_posix())
    fields = {row.th.get_text(): row.td.get_text() for row in html.select("table.fields tr")}
    assert fields["当事人名称"] == "张某"  # a page's plain words for the 双公示 headers (kinds.py's plain_label)
    assert fields["处罚决定书文号"] == "朔城科罚〔2026〕1号"
    assert fields["处罚决定日期"] == "2026-11-16"
    assert fields["罚款金额"] == "0.5 万元"
    assert "证件号码" not in fields
    assert "张三丰" not in site.text_of_everything() and "11010519491231002X" not in site.text_of_everything()


def test_no_op_rebuild_rewrites_no_file(workspace, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 120))]})
    site = workspace.build()
    before = snapshot(site.root)
    capsys.readouterr()
    workspace.build()
    assert snapshot(site.root) == before
    assert "写入 0 个文件" in capsys.readouterr().out


def test_the_same_build_written_with_a_relative_output_path_renders_nothing_again(workspace, capsys, monkeypatch):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 20))]})
    workspace.build()
    capsys.readouterr()
    monkeypatch.chdir(workspace.root)
    args = workspace.args("build")
    args[args.index("--output") + 1] = "build"
    assert cli.main(args) == 0
    assert "本次重新生成 0 个" in capsys.readouterr().out


def test_a_build_leaves_the_cycle_collector_running(workspace):
    workspace.agency()
    assert gc.isenabled()
    workspace.build()
    assert gc.isenabled()


def test_changing_one_record_rewrites_its_page_and_its_listing_only(workspace):
    agency = workspace.agency()
    rows = [penalty_row(n) for n in range(1, 121)]
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
    write_workbook(agency / "其他.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(500)]})
    site = workspace.build()
    before = snapshot(site.root)
    rows[4] = penalty_row(5, facts="经复核更正的违法事实。")
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
    workspace.build()
    after = snapshot(site.root)
    changed = {path for path in after if after[path] != before.get(path)}
    record_pages = [p for p in changed if p.startswith("penalties/") and p.count("/") == 2]
    assert len(record_pages) == 1
    assert "经复核更正的违法事实" in (site.root / record_pages[0]).read_text(encoding="utf-8")
    # Listing rows show party, category and date, which did not change: listings stay as they were.
    search_files = {path for path in changed if path.startswith("search/")}
    # The open data of its kind and its package, and the feeds (a 更正 entry) follow the correction too; the download
    # page (sizes) and the sitemap (lastmod) may.
    tables = {f"downloads/{folder}penalties.{suffix}" for folder in ("", f"{AGENCY_USCC}/")
              for suffix in ("csv", "xlsx", "json")}
    following = {*tables, "downloads/datapackage.json", "feeds/all.atom.xml", f"feeds/{AGENCY_USCC}.atom.xml"}
    assert {record_pages[0], MANIFEST, *following} <= changed - search_files <= {
        record_pages[0], MANIFEST, *following, "downloads/index.html", "sitemap.xml"}
    # The browser's index changes where the new words are filed, and meta.json names the new generation.
    assert "search/meta.json" in search_files
    # A changed decision is also 已更正 from now on: its cell (cells.bin) and its result file change too.
    assert len(search_files) <= 12 < len([path for path in after if path.startswith("search/")])


def test_an_item_gone_from_data_leaves_the_site_and_the_manifest(workspace):
    agency = workspace.agency()
    header = ["事项编码", "事项名称", "事项类别", "实施依据"]
    write_workbook(agency / "事项.xlsx", {"执法事项清单": [header, ["KJ-01", "科技检查", "行政检查", "《科学技术进步法》"],
                                                         ["KJ-02", "项目检查", "行政检查", "《科学技术进步法》"]]})
    site = workspace.build()
    pages = {p.relative_to(site.root).as_posix() for p in site.record_pages("items")}
    write_workbook(agency / "事项.xlsx", {"执法事项清单": [header, ["KJ-01", "科技检查", "行政检查", "《科学技术进步法》"]]})
    workspace.build()
    remaining = {p.relative_to(site.root).as_posix() for p in site.record_pages("items")}
    assert len(remaining) == 1 and remaining < pages
    assert not (pages - remaining) & set(site.manifest())


def test_strict_build_refuses_data_with_errors(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1, decided="2026-02-30")]})
    result = workspace.publish_subprocess("build", "--strict")
    assert result.returncode == ExitCode.REFUSED
    assert "严格模式" in result.stdout and "L2" in result.stdout
    assert not (workspace.output / MANIFEST).exists()


def test_a_build_that_fails_part_way_is_not_marked_complete(workspace, monkeypatch, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 30))]})
    workspace.build()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n, facts="新") for n in range(1, 30))]})
    fail_rendering_after(monkeypatch, 5)
    assert workspace.publish("build") == 2
    captured = capsys.readouterr()
    assert "构建未完成" in captured.err and "Traceback" not in captured.err + captured.out
    assert not (workspace.output / MANIFEST).exists()
    monkeypatch.undo()
    workspace.build()  # the next build recovers completely
    assert (workspace.output / MANIFEST).exists()
    assert all("新" in p.read_text(encoding="utf-8") for p in workspace.output.glob("penalties/*/*.html"))


def test_a_failed_first_build_leaves_no_search_index_half_written_and_no_writer_running(workspace, monkeypatch,
                                                                                         capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 30))]})
    fail_rendering_after(monkeypatch, 5)  # a first build: a new Whoosh index is being written meanwhile
    assert workspace.publish("build") == 2
    assert not multiprocessing.active_children()
    assert not [path for path in (workspace.root / ".cache").glob("search*") if path.is_dir()]
    monkeypatch.undo()
    capsys.readouterr()
    workspace.build()
    assert workspace.publish("search", "朔城科罚〔2026〕7号") == 0
    assert "朔城科罚〔2026〕7号" in capsys.readouterr().out


def test_check_exit_status_and_report(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    clean = workspace.publish_subprocess("check")
    assert clean.returncode == 0 and "错误 0 处" in clean.stdout
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), penalty_row(2, categories="罚金")]})
    dirty = workspace.publish_subprocess("check")
    assert dirty.returncode == 1
    assert "I3" in dirty.stdout and "罚金" in dirty.stdout and "怎么改" in dirty.stdout
    assert not workspace.output.exists()  # check never writes the site


@pytest.mark.parametrize("args, expected", [(["build", "--as-of", "2026/11/20"], "YYYY-MM-DD"),
                                            (["frobnicate"], "无效的选项"), (["--help"], "行政执法公示平台")])
def test_command_line_speaks_chinese(args, expected):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, str(PROJECT / "publish.py"), *args], capture_output=True, text=True)
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_build_outcome_counts_are_json_free_of_raw_data(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1, party="李四", party_type="自然人",
                                                                                  id_number="11010519491231002X")]})
    workspace.build()
    manifest = json.loads((workspace.output / MANIFEST).read_text())
    assert "李四" not in json.dumps(manifest, ensure_ascii=False)
    package = json.loads((workspace.output / "downloads/datapackage.json").read_text(encoding="utf-8"))
    downloads = {f"downloads/{resource['path']}" for resource in package["resources"]}
    assert not any(p.suffix == ".pickle" or p.suffix == ".xlsx" and p.relative_to(workspace.output).as_posix()
                   not in downloads for p in workspace.output.rglob("*"))


def test_a_cache_left_by_older_code_or_torn_is_ignored_not_fatal(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    workspace.build()
    for path in (workspace.root / ".cache").rglob("*.pickle"):
        path.write_bytes(b"\x80\x04garbage")
    site = workspace.build()
    assert len(site.record_pages("penalties")) == 1 and (site.root / MANIFEST).exists()


def test_a_broken_content_page_fails_the_build_in_chinese(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    content = workspace.root / "content"
    content.mkdir()
    (content / "broken.md").write_text("这一页没有标题行。\n", encoding="utf-8")
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nimport sys\nPATH = {str(content)!r}\nTHEME = {str(PROJECT / 'theme')!r}\n",
                        encoding="utf-8")
    result = workspace.publish_subprocess("build", "--settings", str(settings))
    assert result.returncode == 2
    assert "网站页面生成出错" in result.stderr and "Traceback" not in result.stderr
    assert not (workspace.output / MANIFEST).exists()


def test_a_theme_change_re_renders_every_page(workspace):
    import shutil
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 80))]})
    theme = workspace.root / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
    workspace.build("--settings", str(settings))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("跳到主要内容", "跳到正文"), encoding="utf-8")
    workspace.build("--settings", str(settings))
    pages = [p for p in workspace.output.rglob("*.html")]
    assert len(pages) > 80 and all("跳到正文" in p.read_text(encoding="utf-8") for p in pages)


def test_a_setting_no_page_shows_costs_one_render_then_builds_are_no_ops_again(workspace, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 30))]})
    settings = workspace.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n",
                        encoding="utf-8")
    workspace.build("--settings", str(settings))
    before = snapshot(workspace.output)
    settings.write_text(settings.read_text(encoding="utf-8") + "UNUSED_BY_PAGES = 1\n", encoding="utf-8")
    capsys.readouterr()
    workspace.build("--settings", str(settings))
    assert "写入 0 个文件" in capsys.readouterr().out and snapshot(workspace.output) == before
    workspace.build("--settings", str(settings))
    assert "本次重新生成 0 个" in capsys.readouterr().out


def test_the_sample_says_first_that_its_mistakes_are_deliberate(sample_site):
    first_line = sample_site.result.stdout.splitlines()[0]
    assert "样例数据" in first_line and "故意含有几处填写错误" in first_line and "正式上线前请删除" in first_line


def test_a_data_folder_without_the_sample_note_prints_none(workspace, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    workspace.publish("build")
    assert "样例数据" not in capsys.readouterr().out
