"""A row's problems name its record as the clerk wrote it, even when the row fails before it becomes a record."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook

DOCUMENT = PENALTY_HEADER.index("行政处罚决定书文号")


def problems_of(folder: Path, sheets: dict[str, list[list]]):
    path = write_workbook(folder / "data" / "局" / "表.xlsx", sheets)
    (source,) = [s for s in workbooks.discover(folder / "data") if s.path == path]
    return pipeline.read_file(source).problems


# Document numbers as clerks type them: any bracket, full- or half-width, spaces between the parts.
DOCUMENT_NUMBERS = st.lists(st.sampled_from(list("朔城科罚市监〔〕()（）[]【】〈〉 -·0123456789号字第")), min_size=1,
                            max_size=20).map("".join).filter(lambda text: any(ch.isdigit() for ch in text)
                                                             and not text.strip().isdigit())


@settings(max_examples=25, deadline=None)
@given(DOCUMENT_NUMBERS)
def test_a_failed_row_is_named_by_its_document_number_exactly_as_typed(tmp_path_factory, document_number):
    row = penalty_row(1, decided="2026-02-30")
    row[DOCUMENT] = document_number
    problems = problems_of(tmp_path_factory.mktemp("labels"), {"行政处罚决定": [PENALTY_HEADER, row]})
    assert [(p.code, p.record_label) for p in problems] == [("invalid-date", " ".join(document_number.split()))]


def test_an_officer_is_named_by_name_and_certificate_number_and_a_blank_key_by_its_row_and_header(tmp_path):
    header = ["姓名", "性别", "执法证号", "有效期至"]
    problems = problems_of(tmp_path, {"执法人员清单": [header, ["李明", "男", "14060219001", "2028-02-30"],
                                                       ["王芳", "女", "", "2028-12-31"], ["", "女", "", "不知道"]]})
    assert sorted((p.cell, p.record_label) for p in problems) == [
        ("A4", "第4行（执法证号未填）"), ("C3", "王芳（第3行，执法证号未填）"), ("C4", "第4行（执法证号未填）"),
        ("D2", "李明（14060219001）"), ("D4", "第4行（执法证号未填）")]


def test_a_blank_key_is_named_by_the_header_the_clerk_wrote(tmp_path):
    header = [*PENALTY_HEADER[:DOCUMENT], "文书号", *PENALTY_HEADER[DOCUMENT + 1:]]
    row = penalty_row(1)
    row[DOCUMENT] = ""
    (problem,) = problems_of(tmp_path, {"行政处罚决定": [header, row]})
    assert (problem.cell, problem.record_label, problem.record) == ("F2", "第2行（文书号未填）", "")
