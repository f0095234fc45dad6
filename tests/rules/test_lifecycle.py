"""The publication lifecycle (disclosure.rules.lifecycle): each transition of its table, driven by
real workbooks and real builds, seen as a citizen (the pages) and a clerk (report, history) see it."""

import datetime as dt

from tests.rules.test_publication_rules import build, page_of, penalty, write_penalties

NUMBER = "朔城科罚〔2026〕1号"
WITHDRAWAL = {"当前状态": "已撤销", "撤回日期": dt.date(2026, 11, 18), "撤回理由": "经行政复议，原决定予以撤销。"}


def history(workspace, capsys, number: str = NUMBER) -> list[str]:
    assert workspace.publish("history", number) == 0
    return capsys.readouterr().out.splitlines()


def test_a_withdrawn_decision_set_back_to_valid_is_reinstated_not_published_late(workspace, capsys):
    workspace.agency()
    write_penalties(workspace, penalty(1))  # decided 2026-11-16: due 2026-11-25
    build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1, **WITHDRAWAL))
    build(workspace, capsys, "2026-11-19")
    write_penalties(workspace, penalty(1, 当前状态="有效"))
    site, report = build(workspace, capsys, "2026-12-21")
    assert "晚了" not in report
    page = page_of(site, NUMBER).read_text(encoding="utf-8")
    assert "已撤回" not in page and "2026-11-17" in page  # 首次公示日期 as it was
    lines = history(workspace, capsys)
    assert "  公示期限 2026-11-25，按时" in lines
    assert [line.split()[:2] for line in lines if line.startswith("  2026")] == [
        ["2026-11-17", "首次公示"], ["2026-11-18", "撤回（经行政复议，原决定予以撤销。）"], ["2026-12-21", "恢复公示"]]
