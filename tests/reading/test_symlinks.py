"""Paths the build trusts: a symlink in data/ is never followed, wherever it points (a file, a folder, a whole
agency folder; outside data/ or inside it), and is reported as an error naming it; the ledger kept in data/ is
never read as a workbook."""

from __future__ import annotations

import json

from disclosure.reading import workbooks
from tests.conftest import PENALTY_HEADER, Workspace, penalty_row, write_workbook

FAKE_PASSWD = "root:x:0:0:root:/root:/bin/bash\nclerk:x:1000:1000::/home/clerk:/bin/sh\n"


def report_of(workspace: Workspace) -> dict:
    return json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))


def test_symlinked_files_and_folders_are_not_read_and_each_is_reported(workspace, tmp_path_factory):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    outside = tmp_path_factory.mktemp("outside")
    write_workbook(outside / "外来.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(77)]})
    (outside / "passwd").write_text(FAKE_PASSWD)
    (agency / "passwd.csv").symlink_to(outside / "passwd")
    (agency / "外来.xlsx").symlink_to(outside / "外来.xlsx")
    (agency / "子目录").symlink_to(outside, target_is_directory=True)
    (agency / "同一份.xlsx").symlink_to(agency / "处罚.xlsx")  # inside data/: refused as well
    (agency / "断了.csv").symlink_to(outside / "no-such-file.csv")
    (agency / "说明.txt").symlink_to(outside / "passwd")  # not a table: ignored, as any .txt
    (workspace.data / "乙局").symlink_to(outside, target_is_directory=True)

    site = workspace.build()
    pages = "\n".join(path.read_text(encoding="utf-8") for path in site.root.rglob("*.html"))
    assert "朔城科罚〔2026〕1号" in pages and "朔城科罚〔2026〕77号" not in pages
    report = report_of(workspace)
    links = {problem["file"]: problem for problem in report["problems"] if problem["code"] == "symlink-not-followed"}
    assert set(links) == {"科技局/passwd.csv", "科技局/外来.xlsx", "科技局/子目录", "科技局/同一份.xlsx", "科技局/断了.csv",
                          "乙局"}
    assert {problem["severity"] for problem in links.values()} == {"错误"}
    passwd = links["科技局/passwd.csv"]
    assert passwd["message"] == (f"文件“科技局/passwd.csv”是符号链接（指向 {outside / 'passwd'}）：系统不跟随符号链接，"
                                 "没有读取其中的内容，也不会公示")
    assert "把文件本身复制到这里" in passwd["fix"]
    assert links["乙局"]["message"].startswith("文件夹“乙局”是符号链接") and links["乙局"]["agency"] == "乙局"
    assert [problem["file"] for problem in report["problems"]] == sorted(links)  # nothing behind a link was read
    assert report["files_checked"] == 2 and report["records_passed"] == 2  # 机关信息 and decision 1
    assert report["annotated_copies"] == []
    assert "root:x:0:0" not in (workspace.reports / "index.html").read_text(encoding="utf-8")


def test_a_data_folder_below_a_hidden_folder_is_read(tmp_path):
    data = tmp_path / ".zfgs" / "data"
    write_workbook(data / "局" / "a.xlsx", {"x": [["a"]]})
    write_workbook(data / "局" / ".old" / "b.xlsx", {"x": [["a"]]})
    assert [source.relative_path for source in workbooks.discover(data)] == ["局/a.xlsx"]


def test_a_ledger_kept_in_an_agency_folder_is_never_read_as_a_workbook(workspace, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    ledger = agency / "台账.xlsx"
    workspace.build("--ledger", str(ledger))
    assert ledger.read_bytes().startswith(b"SQLite format 3\0")
    assert workspace.publish("check", "--ledger", str(ledger)) == 0
    report = report_of(workspace)
    assert report["problems"] == [] and report["files_checked"] == 2
