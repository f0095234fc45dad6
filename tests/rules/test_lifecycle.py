"""The publication lifecycle (disclosure.rules.lifecycle): each transition of its table, driven by
real workbooks and real builds, and seen as a citizen (the record's page) and a clerk (the report,
`publish.py history`) see it."""

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Callable

import pytest

from disclosure.public.states import EXPIRED, LIVE, REMOVED, WITHDRAWN
from disclosure.rules.lifecycle import TABLE, UNPUBLISHED, Fact, LifecycleError, step
from tests.conftest import Site, write_workbook
from tests.rules.test_publication_rules import build, page_of, penalty, reported, write_penalties

NUMBER, CERTIFICATE = "朔城科罚〔2026〕1号", "14060219001"
REASON = "经行政复议，原决定予以撤销。"
WITHDRAWAL = {"当前状态": "已撤销", "撤回日期": dt.date(2026, 11, 18), "撤回理由": REASON}
OFFICER_HEADER = ["姓名", "执法证号", "执法类别/领域", "有效期至", "证件状态"]


def decision(**columns) -> Callable:
    """This build's data: penalty 1 with these columns, beside a penalty 2 that never changes."""
    return lambda workspace: write_penalties(workspace, penalty(1, **columns), penalty(2))


def decision_gone(workspace) -> None:
    write_penalties(workspace, penalty(2))


def officer(workspace, present: bool = True) -> None:
    rows = [["李明", CERTIFICATE, "科技", dt.date(2028, 1, 1), "有效"]] if present else []
    write_workbook(workspace.data / "科技局" / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, *rows]})


def officer_gone(workspace) -> None:
    officer(workspace, present=False)


def ledger_says(state: str, key: str, on: str = "2026-11-18", reason: str = "") -> Callable:
    """A ledger state no workbook leads to (a decision removed, a listing withdrawn): the ledger is edited."""
    def edit(workspace):
        with sqlite3.connect(workspace.data / ".ledger.sqlite") as connection:
            assert connection.execute("UPDATE records SET state = ?, state_date = ?, reason = ? WHERE key = ?",
                                      (state, on, reason, key)).rowcount == 1
    return edit


# Each state as real builds reach it: (as-of date, this build's data) in turn, or a ledger edit.
REACH = {
    UNPUBLISHED: [("2026-11-17", decision_gone)],
    LIVE: [("2026-11-17", decision())],
    WITHDRAWN: [("2026-11-17", decision()), ("2026-11-19", decision(**WITHDRAWAL))],
    EXPIRED: [("2026-11-17", decision(公示截止期=dt.date(2026, 11, 18))),
              ("2026-11-19", decision(公示截止期=dt.date(2026, 11, 18)))],
    REMOVED: [("2026-11-17", decision()), ledger_says(REMOVED, "朔城科罚(2026)1号")],
}
LISTING_REACH = {
    LIVE: [("2026-11-17", officer)],
    WITHDRAWN: [("2026-11-17", officer), ledger_says(WITHDRAWN, CERTIFICATE, reason="决定已撤销。")],
    EXPIRED: [("2026-11-17", officer), ledger_says(EXPIRED, CERTIFICATE, reason="公示期满")],
    REMOVED: [("2026-11-17", officer), ("2026-11-19", officer_gone)],
}
GONE_BY = dt.date(2026, 11, 19)  # a 公示截止期 before the final build of 2026-11-20


@dataclass(frozen=True)
class Seen:
    """What the final build of 2026-11-20 shows of the record."""

    data: Callable  # the final build's data
    page: str | None  # "live", a notice ("已撤回", "公示期满"), or None: nothing at its address
    state: str | None  # 当前状态 in `publish.py history`; None: the ledger has never heard of it
    events: tuple[str, ...] = ()  # what `publish.py history` lists anew, "date label"
    report: str = ""  # the code of a problem the clerk's report names besides


SEEN = {
    (UNPUBLISHED, Fact.PUBLISHABLE): Seen(decision(), "live", "公示中", ("2026-11-20 首次公示",)),
    (UNPUBLISHED, Fact.WITHHELD): Seen(decision(不予公开原因="影响其他案件"), None, None),
    (UNPUBLISHED, Fact.WITHDRAWN): Seen(decision(**WITHDRAWAL), None, None),
    (UNPUBLISHED, Fact.PERIOD_OVER): Seen(decision(公示截止期=GONE_BY), None, None),

    (LIVE, Fact.PUBLISHABLE): Seen(decision(违法事实="更正后的事实。"), "live", "公示中", ("2026-11-20 更正：违法事实",)),
    (LIVE, Fact.WITHHELD): Seen(decision(不予公开原因="影响其他案件"), "已撤回", "已撤回", ("2026-11-20 撤回（依法不予公开）",)),
    (LIVE, Fact.WITHDRAWN): Seen(decision(**WITHDRAWAL), "已撤回", "已撤回", (f"2026-11-18 撤回（{REASON}）",)),
    (LIVE, Fact.PERIOD_OVER): Seen(decision(公示截止期=GONE_BY), "公示期满", "公示期满", ("2026-11-19 公示期满（公示期满）",)),
    (LIVE, Fact.DECISION_GONE): Seen(decision_gone, "live", "公示中", report="published-record-missing"),
    (LIVE, Fact.LISTING_GONE): Seen(officer_gone, None, "已移除", ("2026-11-20 移除",)),

    (WITHDRAWN, Fact.PUBLISHABLE): Seen(decision(), "live", "公示中", ("2026-11-20 恢复公示",)),
    (WITHDRAWN, Fact.WITHHELD): Seen(decision(不予公开原因="影响其他案件", **WITHDRAWAL), "已撤回", "已撤回"),
    (WITHDRAWN, Fact.WITHDRAWN): Seen(decision(**{**WITHDRAWAL, "撤回理由": "原决定予以变更。"}), "已撤回", "已撤回",
                                      ("2026-11-18 撤回（原决定予以变更。）",)),
    (WITHDRAWN, Fact.PERIOD_OVER): Seen(decision(公示截止期=GONE_BY), "公示期满", "公示期满",
                                        ("2026-11-19 公示期满（公示期满）",)),
    (WITHDRAWN, Fact.DECISION_GONE): Seen(decision_gone, "已撤回", "已撤回"),
    (WITHDRAWN, Fact.LISTING_GONE): Seen(officer_gone, "已撤回", "已撤回"),

    (EXPIRED, Fact.PUBLISHABLE): Seen(decision(公示截止期=dt.date(2026, 12, 31)), "live", "公示中", ("2026-11-20 恢复公示",)),
    (EXPIRED, Fact.WITHHELD): Seen(decision(不予公开原因="影响其他案件", 公示截止期=GONE_BY), "公示期满", "公示期满"),
    (EXPIRED, Fact.WITHDRAWN): Seen(decision(**WITHDRAWAL), "已撤回", "已撤回", (f"2026-11-18 撤回（{REASON}）",)),
    (EXPIRED, Fact.PERIOD_OVER): Seen(decision(公示截止期=GONE_BY), "公示期满", "公示期满", ("2026-11-19 公示期满（公示期满）",)),
    (EXPIRED, Fact.DECISION_GONE): Seen(decision_gone, "公示期满", "公示期满"),
    (EXPIRED, Fact.LISTING_GONE): Seen(officer_gone, "公示期满", "公示期满"),

    (REMOVED, Fact.PUBLISHABLE): Seen(officer, "live", "公示中", ("2026-11-20 首次公示",)),
    (REMOVED, Fact.LISTING_GONE): Seen(officer_gone, None, "已移除"),
    (REMOVED, Fact.WITHHELD): Seen(decision(不予公开原因="影响其他案件"), None, "已移除"),
    (REMOVED, Fact.WITHDRAWN): Seen(decision(**WITHDRAWAL), None, "已移除"),
    (REMOVED, Fact.PERIOD_OVER): Seen(decision(公示截止期=GONE_BY), None, "已移除"),
    (REMOVED, Fact.DECISION_GONE): Seen(decision_gone, None, "已移除"),
}


def history(workspace, capsys, key: str) -> list[str]:
    """`publish.py history` as printed; [] when the ledger has no such record."""
    code = workspace.publish("history", key)
    printed = capsys.readouterr().out.splitlines()
    assert code == 0 or (code == 1 and "台账中没有" in printed[0])
    return printed if code == 0 else []


def events(printed: list[str]) -> list[str]:
    return [" ".join(line.split()[:2]) for line in printed if line.startswith("  20")]


def record_page(site: Site, listing: bool):
    if listing:
        pages = site.record_pages("officers")
        assert len(pages) <= 1
        return pages[0] if pages else None
    return page_of(site, NUMBER)


def what_the_page_says(site: Site, listing: bool) -> str | None:
    page = record_page(site, listing)
    if page is None:
        return None
    title = site.html(page.relative_to(site.root).as_posix()).title.get_text()
    return next((notice for notice in ("已撤回", "公示期满") if title.startswith(f"{notice}：")), "live")


def test_every_transition_of_the_table_is_tried_here_and_no_other():
    assert set(SEEN) == set(TABLE)


@pytest.mark.parametrize("fact", [Fact.DECISION_GONE, Fact.LISTING_GONE])
def test_only_a_record_the_ledger_holds_can_be_gone(fact):
    with pytest.raises(LifecycleError, match="unpublished"):
        step(UNPUBLISHED, fact)


@pytest.mark.parametrize(("state", "fact"), list(SEEN), ids=[f"{s}-{f.name.lower()}" for s, f in SEEN])
def test_transition(workspace, capsys, state, fact):
    seen = SEEN[state, fact]
    listing = fact is Fact.LISTING_GONE or seen.data is officer
    workspace.agency()
    officer_gone(workspace)  # every build has the same workbooks, some empty
    decision_gone(workspace)
    for setup in (LISTING_REACH if listing else REACH)[state]:
        if callable(setup):
            setup(workspace)
        else:
            as_of, data = setup
            data(workspace)
            build(workspace, capsys, as_of)
    key = CERTIFICATE if listing else NUMBER
    before = events(history(workspace, capsys, key))
    seen.data(workspace)
    site, _ = build(workspace, capsys, "2026-11-20")
    assert what_the_page_says(site, listing) == seen.page
    printed = history(workspace, capsys, key)
    assert (printed[0].rsplit("当前状态：", 1)[1] if printed else None) == seen.state
    assert events(printed)[:len(before)] == before and tuple(events(printed)[len(before):]) == seen.events
    assert not seen.report or reported(workspace, seen.report)
    assert reported(workspace, "late-publication") == reported(workspace, "late-withdrawal") == []


# ---- reinstatement: a withdrawn or expired record comes back as it was first published -------------

def test_a_withdrawn_decision_set_back_to_valid_is_reinstated_not_published_late(workspace, capsys):
    workspace.agency()
    write_penalties(workspace, penalty(1))  # decided 2026-11-16: due 2026-11-25
    build(workspace, capsys, "2026-11-17")
    write_penalties(workspace, penalty(1, **WITHDRAWAL))
    build(workspace, capsys, "2026-11-19")
    write_penalties(workspace, penalty(1, 当前状态="有效"))
    site, _ = build(workspace, capsys, "2026-12-21", "--force-date")  # may be beyond the clock's week ahead
    assert reported(workspace, "late-publication") == reported(workspace, "late-withdrawal") == []
    page = page_of(site, NUMBER).read_text(encoding="utf-8")
    assert "已撤回" not in page and "2026-11-17" in page  # 首次公示日期 as it was
    printed = history(workspace, capsys, NUMBER)
    assert "  公示期限 2026-11-25，按时" in printed
    assert events(printed) == ["2026-11-17 首次公示", f"2026-11-18 撤回（{REASON}）", "2026-12-21 恢复公示"]
    # A feed reader who saw the withdrawal learns it is back; the withdrawal entry is gone.
    feed = (site.root / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f"恢复公示：行政处罚决定 {NUMBER}" in feed and "已撤回" not in feed
    assert "<updated>2026-12-21T00:00:00+08:00</updated>" in feed


def test_an_expired_penalty_whose_publicity_period_is_extended_is_reinstated(workspace, capsys):
    workspace.agency()
    light = {"处罚类别": "通报批评", "罚款金额（万元）": "", "处罚决定日期": dt.date(2026, 1, 5)}
    write_penalties(workspace, penalty(1, **light))
    build(workspace, capsys, "2026-01-06")
    site, _ = build(workspace, capsys, "2026-04-06")  # three months and a day: 公示期满
    assert "公示期满" in page_of(site, NUMBER).read_text(encoding="utf-8")
    write_penalties(workspace, penalty(1, **light, 公示截止期=dt.date(2026, 12, 31)))
    site, _ = build(workspace, capsys, "2026-05-06")
    assert reported(workspace, "late-publication") == reported(workspace, "late-withdrawal") == []
    page = site.html(page_of(site, NUMBER).relative_to(site.root).as_posix())
    table = next(t for t in page.find_all("table", class_="fields") if "首次公示日期" in t.get_text())
    dates = {row.th.get_text(): row.td.get_text() for row in table.find_all("tr")}
    assert dates == {"首次公示日期": "2026-01-06", "公示截止期": "2026-12-31"}
    assert NUMBER in site.html("penalties/index.html").get_text()
    printed = history(workspace, capsys, NUMBER)
    assert "  公示期限 2026-01-14，按时" in printed
    assert events(printed) == ["2026-01-06 首次公示", "2026-04-05 公示期满（公示期满）", "2026-05-06 恢复公示"]
