"""The ledger's own format: a ledger written by the previous version (no sign-offs on its events) is read as it
is and upgraded in place by the next build, every event kept; and its export for Excel reads in Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3

from disclosure.rules import ledger_schema
from tests.conftest import AGENCY_NAME, AGENCY_USCC
from tests.rules.test_publication_rules import build, penalty, write_penalties

LEDGER = ".ledger.sqlite"
EVENT_COLUMNS = "id, build, uid, on_date, event, fields, detail"


def as_version_1(path) -> None:
    """The ledger exactly as the previous version of the program wrote it: no sign-off columns, user_version 1."""
    with sqlite3.connect(path) as connection:
        for column in ledger_schema.SIGN_OFF_COLUMNS:
            connection.execute(f"ALTER TABLE events DROP COLUMN {column}")
        connection.execute("PRAGMA user_version = 1")
    connection.close()


def rows(path, query: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        found = connection.execute(query).fetchall()
    connection.close()
    return found


def events_built_over_three_days(workspace, capsys) -> None:
    """1 published, corrected, then (in the data for a third build) withdrawn, as 2 is published."""
    workspace.agency()
    write_penalties(workspace, penalty(1, 违法事实="一"))
    build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1, 违法事实="二"))
    build(workspace, capsys, "2026-11-18")
    write_penalties(workspace, penalty(1, 违法事实="二", 当前状态="已变更", 撤回日期=dt.date(2026, 11, 19),
                                      撤回理由="决定已变更。"), penalty(2))


def test_a_ledger_of_the_previous_version_is_read_as_it_is_and_upgraded_in_place_keeping_every_event(
        workspace, capsys):
    events_built_over_three_days(workspace, capsys)
    path = workspace.data / LEDGER
    as_version_1(path)
    old_events = rows(path, f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")
    assert len(old_events) == 2
    before = path.read_bytes()
    assert workspace.publish("history", "朔城科罚〔2026〕1号") == 0  # reading never upgrades
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("  2026")] == [
        "首次公示", "更正：违法事实"]
    assert path.read_bytes() == before

    build(workspace, capsys, "2026-11-20")
    assert rows(path, "PRAGMA user_version") == [(ledger_schema.SCHEMA_VERSION,)]
    assert rows(path, f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")[:2] == old_events
    assert rows(path, "SELECT event, approved_by FROM events ORDER BY id") == [
        ("published", ""), ("corrected", ""), ("withdrawn", ""), ("published", "")]
    assert rows(path, "SELECT COUNT(*) FROM builds") == [(3,)]
    assert workspace.publish("history", "朔城科罚〔2026〕1号") == 0
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("  2026")] == [
        "首次公示", "更正：违法事实", "撤回（决定已变更。）"]


def test_the_ledger_export_reads_in_chinese_throughout(workspace, capsys, tmp_path):
    events_built_over_three_days(workspace, capsys)
    build(workspace, capsys, "2026-11-20")
    target = tmp_path / "台账.csv"
    assert workspace.publish("ledger", "export", "-o", str(target)) == 0
    header, *lines = csv.reader(target.read_text(encoding="utf-8-sig").splitlines())
    assert header == ["日期", "事件", "执法主体", "类别", "编号", "更正的字段", "说明", "当前状态",
                      "报送人", "报送时间", "审核人", "审核时间"]
    exported = [dict(zip(header, line)) for line in lines]
    assert [(row["事件"], row["编号"], row["当前状态"]) for row in exported] == [
        ("首次公示", "朔城科罚(2026)1号", "已撤回"), ("更正", "朔城科罚(2026)1号", "已撤回"),
        ("撤回", "朔城科罚(2026)1号", "已撤回"), ("首次公示", "朔城科罚(2026)2号", "公示中")]
    assert {row["执法主体"] for row in exported} == {AGENCY_NAME}
    assert {row["类别"] for row in exported} == {"行政处罚决定"}
    text = target.read_text(encoding="utf-8-sig")
    for code in ("penalties", "live", "withdrawn", "published", AGENCY_USCC):
        assert code not in text
