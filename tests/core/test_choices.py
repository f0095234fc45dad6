"""Closed lists: the short forms clerks type read as the choice they name, and a value that names none is told
the nearest choices."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.kinds import ITEMS, KINDS, LICENSES, OFFICERS, OTHER_DECISIONS, PENALTIES, Column, ColumnType
from disclosure.core.problems import Problem, Severity
from disclosure.core.values import ParseFailure
from disclosure.reading import data_folder as pipeline
from disclosure.reading import workbooks
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook

PARTY_TYPE = PENALTIES.column("party_type")
CATEGORIES = PENALTIES.column("penalty_categories")


def parse(column: Column, cell: object) -> object:
    return column.value_type.parse(cell, column, column.label)


def problem(column: Column, cell: object) -> Problem:
    failure = parse(column, cell)
    assert isinstance(failure, ParseFailure) and failure.severity is Severity.ERROR
    return Problem(failure.code, column=column.label, details=failure.details)


@pytest.mark.parametrize("column, written, choice", [
    (PARTY_TYPE, "法人", "法人及非法人组织"), (PARTY_TYPE, "单位", "法人及非法人组织"), (PARTY_TYPE, "企业", "法人及非法人组织"),
    (PARTY_TYPE, "公司", "法人及非法人组织"), (PARTY_TYPE, "非法人组织", "法人及非法人组织"), (PARTY_TYPE, "个人", "自然人"),
    (PARTY_TYPE, " 个 人 ", "自然人"), (PARTY_TYPE, "个体", "个体工商户"), (PARTY_TYPE, "个体户", "个体工商户"),
    (OTHER_DECISIONS.column("party_type"), "个人", "自然人"), (OTHER_DECISIONS.column("enforcement_category"), "检查", "行政检查"),
    (ITEMS.column("category"), "许可", "行政许可"), (LICENSES.column("licence_category"), "普通许可", "普通"),
    (LICENSES.column("status"), "撤销", "已撤销"), (PENALTIES.column("status"), "变更", "已变更"),
    (OFFICERS.column("gender"), "女性", "女"),
])
def test_a_short_form_reads_as_the_choice_it_names(column, written, choice):
    assert parse(column, written) == choice


def test_short_forms_in_a_list_read_as_their_choices_once_each():
    assert parse(CATEGORIES, "警告、拘留；行政拘留，通报") == ("警告", "行政拘留", "通报批评")


def test_a_short_form_never_hides_a_choice_and_every_one_names_a_choice_of_its_column():
    for kind in KINDS:
        for column in kind.columns:
            shorts = [short for short, _ in column.choice_synonyms]
            assert not set(shorts) & set(column.choices), (kind.name, column.key)
            assert len(shorts) == len(set(shorts)), (kind.name, column.key)
            for short, choice in column.choice_synonyms:
                assert parse(column, short) == ((choice,) if column.type is ColumnType.CHOICES else choice), short


def test_a_column_whose_short_form_names_no_choice_cannot_be_made():
    with pytest.raises(ValueError):
        Column("party_type", "类别", choices=("自然人",), choice_synonyms=(("法人", "法人及非法人组织"),))


def test_an_unknown_value_is_asked_whether_it_meant_the_nearest_choice():
    assert problem(PARTY_TYPE, "法人单位").message == "“行政相对人类别”中的“法人单位”不是可选的值，是不是：“法人及非法人组织”？"
    assert problem(PARTY_TYPE, "个体工商").message.endswith("是不是：“个体工商户”？")
    assert problem(CATEGORIES, "罚金；训诫").message == "“处罚类别”中的“罚金、训诫”不是可选的值，是不是：“罚款”？"


def test_a_value_near_no_choice_is_told_the_choices_without_a_guess():
    unknown = problem(PARTY_TYPE, "外国人")
    assert unknown.message == "“行政相对人类别”中的“外国人”不是可选的值"
    assert unknown.fix == "请从下拉列表中选择：法人及非法人组织、自然人、个体工商户"


@given(st.text(alphabet="法人个体组织单位自然工商户企业公司外国甲乙", min_size=1, max_size=8))
def test_whatever_is_written_reads_as_a_choice_or_fails_with_guesses_among_the_choices(written):
    parsed = parse(PARTY_TYPE, written)
    if isinstance(parsed, ParseFailure):
        assert set(dict(parsed.details)["nearest"]) <= set(PARTY_TYPE.choices)
        assert "是不是" not in problem(PARTY_TYPE, written).message or dict(parsed.details)["nearest"]
    else:
        assert parsed in PARTY_TYPE.choices


def test_rows_with_short_forms_are_records_with_the_full_choice(tmp_path):
    write_workbook(tmp_path / "局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, penalty_row(1, party_type="法人"), penalty_row(2, party="张三", party_type="个人"),
        penalty_row(3, party="李四烧烤店", party_type="个体户")]})
    results = [pipeline.read_file(source) for source in workbooks.discover(tmp_path)]
    records = [record for result in results for record in result.records]
    assert [problem.code for result in results for problem in result.problems] == []
    assert [record.get("party_type") for record in records] == ["法人及非法人组织", "自然人", "个体工商户"]
