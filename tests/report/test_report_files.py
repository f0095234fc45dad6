"""The report folder: HTML to read, JSON for machines, annotated copies; never inside the site."""

import json

from bs4 import BeautifulSoup

from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook

ID_NUMBER = "140602198001011231"  # a valid check digit


def seed(workspace, bad: bool = True):
    folder = workspace.agency()
    rows = [PENALTY_HEADER, penalty_row(1), penalty_row(2, decided="2026-02-30" if bad else "2026-02-28"),
            penalty_row(3, party="张三", party_type="自然人", id_number=ID_NUMBER)]
    write_workbook(folder / "处罚.xlsx", {"行政处罚决定": rows})
    return folder


def test_check_writes_html_json_and_annotated_copy_and_exits_1_when_rows_are_held(workspace, capsys):
    seed(workspace)
    assert workspace.publish("check") == 1
    printed = capsys.readouterr().out
    assert "详细报告" in printed and "index.html" in printed
    data = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))
    assert (data["errors"], data["warnings"], data["held_back"]) == (1, 0, True)
    (problem,) = data["problems"]
    assert (problem["code"], problem["file"], problem["sheet"], problem["cell"], problem["column"], problem["value"]) == (
        "invalid-date", "科技局/处罚.xlsx", "行政处罚决定", "L3", "处罚决定日期", "2026-02-30")
    assert problem["message"] == "“处罚决定日期”中的“2026-02-30”不是有效日期"
    assert (problem["record"], problem["record_label"]) == ("朔城科罚(2026)2号", "朔城科罚〔2026〕2号")
    assert [copy["copy"] for copy in data["annotated_copies"]] == ["标注/科技局/处罚.xlsx"]
    assert (workspace.reports / "标注" / "科技局" / "处罚.xlsx").is_file()
    page = BeautifulSoup((workspace.reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "zh-CN"
    row = [cell.get_text() for cell in page.find("tbody").find("tr").find_all("td")]
    assert row[:6] == ["错误", "行政处罚决定", "L3", "朔城科罚〔2026〕2号", "处罚决定日期", "2026-02-30"]
    assert page.find("a", string="下载标了颜色的工作簿副本")["href"] == "%E6%A0%87%E6%B3%A8/%E7%A7%91%E6%8A%80%E5%B1%80/%E5%A4%84%E7%BD%9A.xlsx"


def test_clean_data_exits_0_and_the_stale_copy_goes(workspace, capsys):
    folder = seed(workspace)
    workspace.publish("check")
    seed(workspace, bad=False)
    assert workspace.publish("check") == 0
    assert not (workspace.reports / "标注").exists()
    assert json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"] == []
    assert folder.is_dir()


def test_an_unchanged_workbook_is_not_annotated_again(workspace):
    seed(workspace)
    workspace.publish("check")
    copy = workspace.reports / "标注" / "科技局" / "处罚.xlsx"
    before = copy.stat().st_mtime_ns
    workspace.publish("check")
    assert copy.stat().st_mtime_ns == before


def test_build_keeps_the_report_and_its_raw_values_out_of_the_site(workspace):
    seed(workspace)
    site = workspace.build()
    assert (workspace.reports / "index.html").is_file()
    everything = site.text_of_everything()
    assert "2026-02-30" not in everything and ID_NUMBER not in everything and "标注" not in everything


def test_a_report_folder_inside_the_site_is_refused(workspace, capsys):
    seed(workspace)
    inside = workspace.output / "reports"
    workspace.build("--reports", str(inside))
    assert "不能写在网站输出目录中" in capsys.readouterr().err
    assert not inside.exists()


def test_a_report_json_naming_files_outside_its_folder_deletes_none_of_them(workspace, tmp_path_factory):
    """report.json is read back to delete copies no longer needed: whoever edits it must not get the ledger, an
    absolute path or a file behind a symlinked folder deleted."""
    seed(workspace)
    workspace.publish("check")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    victims = [workspace.root / "ledger.sqlite", elsewhere / "absolute.xlsx", elsewhere / "behind-link.xlsx"]
    for victim in victims:
        victim.write_bytes(b"keep me")
    workbook = workspace.data / "科技局" / "处罚.xlsx"
    delivered = workbook.read_bytes()
    (workspace.reports / "标注" / "link").symlink_to(elsewhere, target_is_directory=True)
    (workspace.reports / "标注" / "leaf.xlsx").symlink_to(elsewhere / "absolute.xlsx")
    names = ["../ledger.sqlite", "../data/科技局/处罚.xlsx", str(elsewhere / "absolute.xlsx"), "标注/link/behind-link.xlsx",
             "标注/../../ledger.sqlite", "标注/leaf.xlsx", "index.html", "标注", 7, "标注/\0.xlsx"]
    report_json = workspace.reports / "report.json"
    data = json.loads(report_json.read_text(encoding="utf-8"))
    data["annotated_copies"] += [{"agency": "科技局", "file": "x", "copy": name, "fingerprint": ""} for name in names]
    report_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    assert workspace.publish("check") == 1
    assert [victim.read_bytes() for victim in victims] == [b"keep me"] * 3
    assert workbook.read_bytes() == delivered and (workspace.reports / "index.html").is_file()
    assert (workspace.reports / "标注" / "leaf.xlsx").is_symlink()
    assert (workspace.reports / "标注" / "科技局" / "处罚.xlsx").is_file()  # the real copy is still kept


def test_a_stale_copy_inside_the_folder_is_still_removed(workspace):
    seed(workspace)
    workspace.publish("check")
    stale = workspace.reports / "标注" / "科技局" / "旧.xlsx"
    stale.write_bytes(b"an old copy")
    report_json = workspace.reports / "report.json"
    data = json.loads(report_json.read_text(encoding="utf-8"))
    data["annotated_copies"].append({"agency": "科技局", "file": "科技局/旧.xlsx", "copy": "标注/科技局/旧.xlsx",
                                     "fingerprint": ""})
    report_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    workspace.publish("check")
    assert not stale.exists() and (workspace.reports / "标注" / "科技局" / "处罚.xlsx").is_file()
