"""The analysis both search indexes are written from: terms kept between builds, records numbered oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from disclosure import build as build_module
from disclosure.public.states import EXPIRED, WITHDRAWN
from disclosure.public.types import Notice
from disclosure.rules.decide import notice_values
from disclosure.runtime.progress import Progress
from disclosure.search import terms as search_terms
from disclosure.site import pages
from disclosure.site.settings_file import read_settings_file
from tests.conftest import PENALTY_HEADER, PROJECT, penalty_row, write_workbook

OFFICER_HEADER = ["姓名", "执法证号", "执法类别/领域", "有效期至"]


def publications(workspace) -> list:
    options = build_module.Options(workspace.data, workspace.output, workspace.root / ".cache",
                                   PROJECT / "pelicanconf.py", dt.date(2026, 11, 20), ledger_path=None)
    decisions = build_module.check(options, read_settings_file(options.settings_file).portal, Progress(quiet=True)).decisions
    return search_terms.searchable(decisions)


def write_penalties(agency, second_facts: str = "未按规定报送材料。") -> None:
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER,
        penalty_row(1, decided=dt.date(2026, 3, 2), facts="当事人无证从事经营活动。"),
        penalty_row(2, decided=dt.date(2025, 4, 1), facts=second_facts),
        penalty_row(3, decided=dt.date(2026, 1, 5), party="朔州市恒通物流有限公司"),
    ]})


def test_a_record_is_analysed_again_only_when_what_the_public_sees_changed(workspace, monkeypatch):
    agency = workspace.agency()
    write_penalties(agency)
    cache = workspace.root / "terms.pickle"
    first = search_terms.analyse(publications(workspace), pages.record_path, cache)
    analysed_texts = []
    real_index_words = search_terms.index_words
    monkeypatch.setattr(search_terms, "index_words", lambda text: analysed_texts.append(text) or real_index_words(text))
    assert search_terms.analyse(publications(workspace), pages.record_path, cache) == first
    assert analysed_texts == []
    write_penalties(agency, second_facts="未按规定报送材料，经复核更正。")
    again = search_terms.analyse(publications(workspace), pages.record_path, cache)
    assert len(analysed_texts) == 1 and "经复核更正" in analysed_texts[0]
    assert "复核" in search_terms.split_terms(next(r for r in again if r not in first).words)


def test_records_are_numbered_oldest_first_and_every_posting_points_to_a_record_holding_the_term(workspace):
    agency = workspace.agency()
    write_penalties(agency)
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, ["李明", "14060219001", "科技管理",
                                                                       dt.date(2028, 12, 31)]]})
    inversion = search_terms.invert(search_terms.analyse(publications(workspace), pages.record_path,
                                                         workspace.root / "terms.pickle"))
    dates = [record.document.date for record in inversion.records]
    assert dates == ["", "2025-04-01", "2026-01-05", "2026-03-02"]  # the officer has no date: before all dated
    for postings, terms_of in ((inversion.words, lambda r: search_terms.split_terms(r.words)),
                               (inversion.grams, lambda r: search_terms.split_terms(r.grams)),
                               (inversion.identifiers, lambda r: r.document.identifiers)):
        for term, numbers in postings.items():
            assert numbers == sorted(set(numbers))
            assert all(term in terms_of(inversion.records[n]) for n in numbers)
    assert inversion.words["无证"] == [3] and inversion.grams["恒通"] == [2]


def test_a_notice_is_found_by_its_number_alone_and_says_what_became_of_it(workspace):
    """An expired (or withdrawn) decision's notice: its 文书号 whole, 公示期满 and the date; no words, no names."""
    write_penalties(workspace.agency())
    live = next(p for p in publications(workspace) if p.get("document_number") == "朔城科罚〔2026〕3号")
    for state, says in ((EXPIRED, "公示期满：朔城科罚〔2026〕3号"), (WITHDRAWN, "已撤回：朔城科罚〔2026〕3号")):
        notice = replace(live, values=notice_values(live.kind, live.values), notice=Notice(state, dt.date(2026, 11, 1), "改判"))
        document = search_terms.document(notice, "penalties/x.html")
        assert document.title == says and "2026-11-01" in document.summary
        assert document.identifiers == ("朔城科罚(2026)3号",)
        assert (document.names, document.words) == ("", "")
        assert "恒通" not in repr(document)
        assert ("改判" in document.summary) == (state == WITHDRAWN)
