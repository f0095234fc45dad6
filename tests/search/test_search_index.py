"""publish.py search, against the Whoosh index a real build leaves: identifiers however they are typed,
Chinese words, name fragments, masked names, filters, JSON — and nothing the rules did not publish."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterator

import pytest
from whoosh import analysis, formats
from whoosh import index as whoosh_index
from whoosh.fields import FieldType, Schema

from disclosure import build as build_module
from disclosure.runtime.cache import save_pickle
from disclosure.runtime.progress import Progress
from disclosure.search import index as search
from disclosure.search import terms as search_terms
from disclosure.site import pages
from disclosure.site.settings_file import read_settings_file
from tests.conftest import (
    AGENCY_USCC,
    PENALTY_HEADER,
    PROJECT,
    Workspace,
    kept_read_only,
    penalty_row,
    valid_uscc,
    write_workbook,
)

HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
OFFICER_HEADER = ["姓名", "执法证号", "执法类别/领域", "有效期至"]
ITEM_HEADER = ["事项编码", "事项名称", "事项类别", "实施依据"]


def rows() -> list[list]:
    return [
        [*penalty_row(1, party="朔州市晋北商贸有限公司", facts="当事人无证从事经营活动。"), "有效", None, None],
        [*penalty_row(2, party="朔州市晋北商贸有限公司", decided=dt.date(2025, 4, 1), facts="未按规定报送材料。"),
         "有效", None, None],
        [*penalty_row(3, party="张三丰", party_type="自然人", id_number="11010519491231002X"), "有效", None, None],
        [*penalty_row(4, party="朔州市恒通物流有限公司", party_code=valid_uscc("91140602MA0K2B3C4")), "有效", None, None],
    ]


def index_into(workspace: Workspace) -> Workspace:
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [HEADER, *rows()]})
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, ["李明", "14060219001", "科技管理", dt.date(2028, 12, 31)]]})
    write_workbook(agency / "事项.xlsx", {"执法事项清单": [ITEM_HEADER, ["140602-KJ-XK-001", "科技型中小企业评价", "其他",
                                                                       "《科技型中小企业评价办法》"]]})
    workspace.build()
    return workspace


@pytest.fixture
def indexed(workspace) -> Workspace:
    """Built in the test's own workspace: for a test that changes the data or the index."""
    return index_into(workspace)


@pytest.fixture(scope="module")
def searched(tmp_path_factory) -> Iterator[Workspace]:
    """Built once for the module's tests that only search it."""
    space = index_into(Workspace(tmp_path_factory.mktemp("search-index")))
    with kept_read_only(space.root):
        yield space


def ask(workspace, capsys, *args: str) -> dict:
    capsys.readouterr()
    workspace.publish("search", *args, "--json")
    return json.loads(capsys.readouterr().out)


def titles(answer: dict) -> list[str]:
    return [hit["title"] for hit in answer["hits"]]


@pytest.mark.parametrize("typed", ["朔城科罚〔2026〕4号", "朔城科罚[2026]4号", "朔城科罚（2026）4号", "朔城科罚【2026】 4 号",
                                   "朔城科罚〔２０２６〕４号"])
def test_a_document_number_however_typed_comes_first_and_exact(searched, capsys, typed):
    answer = ask(searched, capsys, typed)
    assert answer["hits"][0]["title"] == "朔城科罚〔2026〕4号" and answer["hits"][0]["exact"]


def test_credit_code_certificate_number_and_item_code_resolve_to_their_records(searched, capsys):
    code = valid_uscc("91140602MA0K2B3C4")
    assert titles(ask(searched, capsys, code.lower()))[:1] == ["朔城科罚〔2026〕4号"]
    officer = ask(searched, capsys, "14060219001")["hits"][0]
    assert officer["kind"] == "officers" and officer["exact"] and officer["url"].startswith("officers/")
    item = ask(searched, capsys, "140602－kj－xk－001")["hits"][0]
    assert item["kind"] == "items" and item["title"] == "科技型中小企业评价"


def test_name_fragments_and_words_find_records_newest_first(searched, capsys):
    assert titles(ask(searched, capsys, "晋北商贸")) == ["朔城科罚〔2026〕1号", "朔城科罚〔2026〕2号"]
    assert titles(ask(searched, capsys, "无证经营")) == ["朔城科罚〔2026〕1号"]
    assert titles(ask(searched, capsys, "恒通"))[:1] == ["朔城科罚〔2026〕4号"]


def test_a_person_is_found_by_the_masked_name_only(searched, capsys):
    assert titles(ask(searched, capsys, "张某")) == ["朔城科罚〔2026〕3号"]
    assert ask(searched, capsys, "张三丰")["total"] == 0
    assert ask(searched, capsys, "11010519491231002X")["total"] == 0


def test_filters_narrow_by_kind_year_and_agency(searched, capsys):
    assert titles(ask(searched, capsys, "晋北商贸", "--year", "2025")) == ["朔城科罚〔2026〕2号"]
    assert ask(searched, capsys, "科技", "--kind", "items")["total"] == 1
    assert ask(searched, capsys, "晋北商贸", "--agency", "司法局")["total"] == 0
    assert ask(searched, capsys, "晋北商贸", "--agency", AGENCY_USCC)["total"] == 2


def test_plain_output_and_no_match_speak_chinese(searched, capsys):
    capsys.readouterr()
    assert searched.publish("search", "朔城科罚〔2026〕1号") == 0
    out = capsys.readouterr().out
    assert "【编号完全匹配】行政处罚决定  朔城科罚〔2026〕1号" in out and "penalties/" in out
    assert searched.publish("search", "不存在的公司名称") == 1
    assert "没有找到" in capsys.readouterr().out


def test_search_before_any_build_says_what_to_do(workspace, capsys):
    assert workspace.publish("search", "罚款") == 2
    assert "请先运行 publish.py build" in capsys.readouterr().err


def test_a_withdrawn_decision_is_found_by_its_number_as_its_notice_and_no_longer_by_its_name(indexed, capsys):
    changed = rows()
    changed[3][-3:] = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"]
    write_workbook(indexed.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *changed]})
    indexed.build()
    answer = ask(indexed, capsys, "朔城科罚（2026）4号")
    assert answer["total"] == 1
    hit = answer["hits"][0]
    assert hit["exact"] and hit["title"] == "已撤回：朔城科罚〔2026〕4号"
    assert "2026-11-19" in hit["summary"] and "经行政复议撤销" in hit["summary"]
    assert "恒通" not in json.dumps(answer, ensure_ascii=False)
    capsys.readouterr()
    indexed.publish("search", "朔城科罚〔2026〕4号")
    printed = capsys.readouterr().out
    assert "已撤回：朔城科罚〔2026〕4号" in printed and "经行政复议撤销" in printed and "恒通" not in printed
    assert ask(indexed, capsys, "恒通物流")["total"] == 0
    assert ask(indexed, capsys, "经行政复议撤销")["total"] == 0  # the notice is found by its number alone
    assert ask(indexed, capsys, "晋北商贸")["total"] == 2


def test_the_index_is_updated_with_only_what_changed(indexed, tmp_path):
    options = build_module.Options(indexed.data, indexed.output, indexed.root / ".cache", PROJECT / "pelicanconf.py",
                                   dt.date(2026, 11, 20), ledger_path=None)
    assert reindex(options) == search.IndexUpdate(0, 0, 6)
    changed = rows()
    changed[0][6] = "当事人无证从事经营活动，经复核更正。"
    write_workbook(indexed.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *changed]})
    assert reindex(options) == search.IndexUpdate(1, 0, 6)
    assert search.search(options.search_index, "经复核更正").hits[0].title == "朔城科罚〔2026〕1号"


def test_an_index_updated_in_place_answers_as_one_written_anew(indexed, capsys):
    """The first build writes the index anew from the sorted postings; later ones change it in place."""
    changed = rows()
    changed[1][6] = "当事人无证从事经营活动，拒不改正。"
    write_workbook(indexed.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *changed]})
    indexed.build()
    queries = ["无证经营", "晋北商贸", "张某", "14060219001", "科技型中小企业", "行政处罚", "2025"]
    in_place = [ask(indexed, capsys, query) for query in queries]
    assert in_place[0]["total"] == 2
    shutil.rmtree(indexed.root / ".cache" / "search")
    indexed.build()
    assert [ask(indexed, capsys, query) for query in queries] == in_place


def reindex(options: build_module.Options) -> search.IndexUpdate:
    decisions = build_module.check(options, read_settings_file(options.settings_file).portal, Progress(quiet=True)).decisions
    publications = search_terms.searchable(decisions)
    analysed = search_terms.analyse(publications, pages.record_path, options.cache_dir / "search-terms.pickle")
    return search.update(options.search_index, publications, search_terms.invert(analysed))


class RetiredField(FieldType):
    """Stands for a field class an older version of the code had, pickled into its index's schema."""


def test_an_index_left_by_older_code_is_written_anew_not_a_crash(indexed, capsys, monkeypatch):
    folder = indexed.root / ".cache" / "search"
    shutil.rmtree(folder)
    folder.mkdir()
    whoosh_index.create_in(str(folder), Schema(words=RetiredField(formats.Existence(), analysis.IDTokenizer())))
    save_pickle(folder / search.STATE_FILE, {"old-uid": "old-fingerprint"}, search.INDEX_VERSION)
    monkeypatch.delattr(sys.modules[__name__], "RetiredField")
    capsys.readouterr()
    assert indexed.publish("search", "晋北商贸") == 2  # unreadable: it says to build, it does not crash
    assert "请先运行 publish.py build" in capsys.readouterr().err
    indexed.build()
    assert ask(indexed, capsys, "晋北商贸")["total"] == 2
