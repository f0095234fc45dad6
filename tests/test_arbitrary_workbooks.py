"""Whatever a clerk's workbook holds, the build finishes and every file it writes opens.

Hypothesis fills every column of every kind with arbitrary Unicode (control characters, noncharacters,
bidi overrides, zero-width and astral characters), numbers (NaN, infinities, huge, negative, tiny) and dates
(any, as date cells, day numbers and text) for one agency, beside a clean agency. The real build runs; its
output is read back by each format's own reader, and the clean agency still publishes every record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.core.exit_codes import ExitCode
from disclosure.core.kinds import KINDS, Column, SheetKind
from disclosure.reading import workbooks
from tests.conftest import PENALTY_HEADER, Workspace, inline_cells, penalty_row, raw_xlsx, valid_uscc, write_workbook

CLEAN_NAME, CLEAN_USCC = "宁晋县民族宗教事务局", valid_uscc("11130528MB0000012")
CLEAN_NUMBERS = [f"朔城科罚〔2026〕{number}号" for number in (1, 2, 3)]
# What cleaning removes never reaches a published file: as HTML5 parse errors they would break pages too.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
                       "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
# The characters clerks' pastes bring, drawn often enough that every example meets some.
TROUBLE = ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\u200b", "\u200d", "\u2060", "\ufeff",
           "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe",
           "\U0010ffff", "\U00020000", "😀", "\u2028", "\t", "\n", "\r\n", "_x0001_", "=1+1", "<b>", "&amp;", "]]>"]


def cell_texts(*planted: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text as a clerk pastes it. The hook for privacy canaries: pass strategies of text to plant (an ID,
    phone or card number in a clerk's spelling); pieces of them are mixed in with the rest."""
    piece = st.one_of(st.text(st.characters(codec="utf-8"), max_size=8), st.sampled_from(TROUBLE), *planted)
    return st.lists(piece, max_size=5).map("".join)


NUMBERS = st.one_of(st.floats(), st.sampled_from([1e24, 1e308, -5.0, -0.0, 1e-300, 5e-7, 2958466.0, 19000101.0]),
                    st.integers(-10**20, 10**20))
DATES = st.one_of(st.dates(), st.datetimes().map(lambda moment: moment.date()),
                  st.sampled_from([dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(1899, 12, 31)]))
TEXT_DATES = st.one_of(DATES.map(dt.date.isoformat),
                       st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-30", "20240305", "99999999", "2024年13月1日"]))


def good_cell(column: Column) -> object:
    """What the kind's example says a cell holds: most cells are right, so that rows reach the rules."""
    value_type = column.type.value_type
    return value_type.example(column.example) if column.example else value_type.generic_example(column)


def cells(column: Column) -> st.SearchStrategy[object]:
    wild = st.one_of(cell_texts(), NUMBERS, DATES, TEXT_DATES, st.just(""))
    return st.integers(0, 2).flatmap(lambda draw: wild if draw == 0 else st.just(good_cell(column)))


def sheet_rows(kind: SheetKind) -> st.SearchStrategy[list[list[object]]]:
    return st.lists(st.tuples(*(cells(column) for column in kind.columns)).map(list), min_size=1, max_size=3)


WORKBOOKS = st.fixed_dictionaries({kind.name: sheet_rows(kind) for kind in KINDS})


def write_clean_agency(space: Workspace) -> None:
    space.agency("清洁局", CLEAN_NAME, CLEAN_USCC)
    rows = [penalty_row(number) for number in (1, 2, 3)]
    for row in rows:
        row[-2:] = [CLEAN_NAME, CLEAN_USCC]
    write_workbook(space.data / "清洁局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})


def write_poisoned_agency(space: Workspace, workbooks: dict[str, list[list[object]]]) -> None:
    for kind in KINDS:
        header = inline_cells(1, [column.label for column in kind.columns])
        data = "".join(inline_cells(number, row) for number, row in enumerate(workbooks[kind.name], start=2))
        raw_xlsx(space.data / "毒药局" / f"{kind.name}.xlsx", header + data, kind.sheet_name)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)

    def handle_endtag(self, tag):
        self.seen.append(f"/{tag}")


def _no_constant(name: str) -> object:
    raise AssertionError(f"JSON holds {name}, which JSON does not allow")


def assert_every_file_opens(root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(io.BytesIO(data)).close()
            continue
        if path.suffix not in (".html", ".xml", ".atom", ".json", ".csv", ".txt", ".js", ".css", ".svg"):
            continue
        text = data.decode("utf-8").removeprefix("\ufeff")  # raises on a broken byte sequence; a CSV opens with a BOM
        found = INVISIBLE.search(text)
        assert found is None, f"{path.relative_to(root)} holds U+{ord(found.group()):04X}"
        if path.suffix == ".html":
            tags = _Tags()
            tags.feed(text)
            tags.close()
            assert tags.seen[:1] == ["html"] and tags.seen[-1:] == ["/html"], path.relative_to(root)
        elif path.suffix in (".xml", ".atom", ".svg"):
            ET.fromstring(data)
        elif path.suffix == ".json":
            json.loads(text, parse_constant=_no_constant)
        elif path.suffix == ".csv":
            list(csv.reader(io.StringIO(text)))


def published_numbers(root: Path) -> set[str]:
    pages = (root / "penalties").glob("[0-9a-f][0-9a-f]/*.html")
    return {number for page in pages for number in CLEAN_NUMBERS if number in page.read_text(encoding="utf-8")
            and CLEAN_NAME in page.read_text(encoding="utf-8")}


@settings(max_examples=15, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbooks=WORKBOOKS)
def test_any_workbook_builds_a_site_whose_every_file_opens_and_the_other_agency_publishes(tmp_path_factory, workbooks):
    root = tmp_path_factory.mktemp("arbitrary")
    space = Workspace(root)
    write_clean_agency(space)
    write_poisoned_agency(space, workbooks)
    try:
        code = space.publish("build")
        assert code in (0, 1), "the build ended on the internal-error path"
        assert not (root / ".cache" / "last-error.log").exists()
        assert_every_file_opens(space.output)
        assert published_numbers(space.output) == set(CLEAN_NUMBERS)
    finally:
        shutil.rmtree(root, ignore_errors=True)



# ---- the defects found by hand, each once: a cell-exact problem for the clerk, the other agency publishes ----

def build_beside_clean_agency(root: Path, rows: list[list[object]]) -> tuple[int, dict]:
    space = Workspace(root)
    write_clean_agency(space)
    space.agency("毒药局")
    sheet = inline_cells(1, PENALTY_HEADER) + "".join(inline_cells(n, row) for n, row in enumerate(rows, start=2))
    raw_xlsx(space.data / "毒药局" / "处罚.xlsx", sheet)
    code = space.publish("build")
    assert not (root / ".cache" / "last-error.log").exists()
    assert_every_file_opens(space.output)
    assert published_numbers(space.output) == set(CLEAN_NUMBERS)
    return code, json.loads((space.reports / "report.json").read_text(encoding="utf-8"))


AMOUNT_CELL, DATE_CELL, NUMBER_CELL, FACTS_CELL = "K2", "L2", "F2", "G2"


@pytest.mark.parametrize("index, cell, value, code", [
    (10, AMOUNT_CELL, "NaN", "not-an-amount"), (10, AMOUNT_CELL, "Infinity", "not-an-amount"),
    (10, AMOUNT_CELL, "-inf", "not-an-amount"), (10, AMOUNT_CELL, float("nan"), "not-an-amount"),
    (10, AMOUNT_CELL, float("inf"), "not-an-amount"), (10, AMOUNT_CELL, 1e24, "amount-out-of-range"),
    (10, AMOUNT_CELL, "1e400", "amount-out-of-range"), (10, AMOUNT_CELL, "1E+999999999", "amount-out-of-range"),
    (10, AMOUNT_CELL, 1e-300, "amount-out-of-range"), (10, AMOUNT_CELL, -5, "negative-amount"),
    (10, AMOUNT_CELL, "-5", "negative-amount"),
    (11, DATE_CELL, dt.date(9999, 12, 31), "date-out-of-range"), (11, DATE_CELL, "9999-12-31", "date-out-of-range"),
    (11, DATE_CELL, "0001-01-01", "date-out-of-range"), (11, DATE_CELL, 2958465, "date-out-of-range"),
])
def test_a_value_no_decision_holds_is_an_error_of_its_cell_and_every_other_record_publishes(tmp_path, index, cell, value,
                                                                                             code):
    row = penalty_row(7)
    row[index] = value
    exit_code, report = build_beside_clean_agency(tmp_path, [row])
    assert exit_code == ExitCode.ATTENTION  # its rows held back, every other published
    problems = [(p["code"], p["cell"], p["severity"]) for p in report["problems"] if p["agency"] == "毒药局"]
    assert (code, cell, "错误") in problems
    downloads = [path.read_text(encoding="utf-8") for path in (tmp_path / "build" / "downloads").rglob("*.csv")]
    assert downloads and not [text for text in downloads if "朔城科罚〔2026〕7号" in text]


@pytest.mark.parametrize("text", ["朔城科罚〔2026〕\x017号", "朔城科罚〔2026〕\u202e7号", "朔城科罚〔2026〕\ufffe7号"])
def test_invisible_characters_in_a_number_are_removed_with_a_warning_and_reach_no_file(tmp_path, text):
    row = penalty_row(7)
    row[5] = text
    row[6] = f"事实\x00{text}\uffff"
    _, report = build_beside_clean_agency(tmp_path, [row])
    warned = {(p["code"], p["cell"]) for p in report["problems"] if p["agency"] == "毒药局"}
    assert {("invisible-characters-removed", NUMBER_CELL), ("invisible-characters-removed", FACTS_CELL)} <= warned
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "build" / "penalties").rglob("*.html"))
    assert "朔城科罚〔2026〕7号" in everything


def test_a_number_with_a_zero_width_space_is_the_same_record_as_the_plain_one(tmp_path):
    plain, spaced = penalty_row(6), penalty_row(6)
    spaced[5] = "朔城科罚〔2026〕\u200b6号"
    _, report = build_beside_clean_agency(tmp_path, [plain, spaced])
    assert "duplicate-record" in {p["code"] for p in report["problems"] if p["agency"] == "毒药局"}


def test_a_file_that_trips_a_fault_in_the_reading_code_holds_back_only_its_own_records(tmp_path, monkeypatch):
    """An injected fault (as a bug would be): the poisoned agency's workbook alone fails."""
    original = workbooks.read

    def failing_read(source):
        if source.agency == "毒药局" and source.path.name == "处罚.xlsx":
            raise RuntimeError("injected fault in reading one file")
        return original(source)

    monkeypatch.setattr(workbooks, "read", failing_read)
    exit_code, report = build_beside_clean_agency(tmp_path, [penalty_row(7)])
    assert exit_code == ExitCode.ATTENTION  # its rows held back, every other published
    assert ("file-not-processed", "错误") in {(p["code"], p["severity"]) for p in report["problems"]}
