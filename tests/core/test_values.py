"""Every column type's values: read from a cell, shown, downloaded, kept in the ledger, all alike."""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.kinds import AGENCY, FLOWCHARTS, PENALTIES, Column, ColumnType
from disclosure.core.problems import Severity
from disclosure.core.values import EXCEL_EPOCH, LONG_TERM, ParseFailure, SheetForm, ValueType, loaded, of_value, stored
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook

DATE = PENALTIES.column("decision_date")
AMOUNT = PENALTIES.column("fine_amount")
CATEGORIES = PENALTIES.column("penalty_categories")
AMOUNT_HEADER = "罚款金额（万元）"


@dataclass(frozen=True)
class Case:
    column: Column
    cell: object  # as a clerk's Excel holds it
    value: object  # what the record holds
    shown: str  # what the page says
    header: str = ""

    def parse(self) -> object:
        return parse(self.column, self.cell, self.header or self.column.label)

    def __str__(self) -> str:
        return f"{self.column.type.name}:{self.cell!r}"


def parse(column: Column, cell: object, header: str = "") -> object:
    return column.type.value_type.parse(cell, column, header or column.label)


CASES = [
    Case(PENALTIES.column("party_name"), "  朔州市  晋北商贸\n有限公司 ", "朔州市 晋北商贸 有限公司", "朔州市 晋北商贸 有限公司"),
    Case(PENALTIES.column("document_number"), "=1+1", "=1+1", "=1+1"),
    Case(PENALTIES.column("facts"), "第一段。\r\n\r\n第二段  有空格。", "第一段。\n\n第二段  有空格。", "第一段。\n\n第二段  有空格。"),
    Case(AGENCY.column("phone"), "0349-2021234", "0349-2021234", "0349-2021234"),
    Case(DATE, dt.date(2024, 3, 5), dt.date(2024, 3, 5), "2024-03-05"),
    Case(DATE, dt.datetime(2024, 3, 5, 9, 30), dt.date(2024, 3, 5), "2024-03-05"),
    Case(DATE, "2024年3月5日", dt.date(2024, 3, 5), "2024-03-05"),
    Case(DATE, 45356, dt.date(2024, 3, 5), "2024-03-05"),
    Case(DATE, "1900-01-01", dt.date(1900, 1, 1), "1900-01-01"),
    Case(DATE, 2, dt.date(1900, 1, 1), "1900-01-01"),
    Case(DATE, "1949-10-01", dt.date(1949, 10, 1), "1949-10-01"),
    Case(DATE, "2099-12-31", LONG_TERM, "长期"),
    Case(DATE, 73050, LONG_TERM, "长期"),
    Case(AMOUNT, 0.5, Decimal("0.5"), "0.5 万元", AMOUNT_HEADER),
    Case(AMOUNT, "0.50", Decimal("0.50"), "0.5 万元", AMOUNT_HEADER),
    Case(AMOUNT, "5000元", Decimal("0.5"), "0.5 万元", AMOUNT_HEADER),
    Case(AMOUNT, 0.5, Decimal("0.00005"), "0.00005 万元", "罚款金额（元）"),
    Case(AMOUNT, "0.00005", Decimal("0.00005"), "0.00005 万元", AMOUNT_HEADER),
    Case(AMOUNT, "1E+3", Decimal("1E+3"), "1000 万元", AMOUNT_HEADER),
    Case(AMOUNT, 100, Decimal("100"), "100 万元", AMOUNT_HEADER),
    Case(AMOUNT, "12,345,678.9", Decimal("12345678.9"), "12345678.9 万元", AMOUNT_HEADER),
    Case(AMOUNT, 0, Decimal("0"), "0 万元", AMOUNT_HEADER),
    Case(FLOWCHARTS.column("step_number"), 3.0, 3, "3"),
    Case(FLOWCHARTS.column("step_number"), "１２", 12, "12"),
    Case(PENALTIES.column("is_major"), "√", "是", "是"),
    Case(PENALTIES.column("is_major"), "no", "否", "否"),
    Case(PENALTIES.column("party_type"), "自 然 人", "自然人", "自然人"),
    Case(CATEGORIES, "罚款", ("罚款",), "罚款"),
    Case(CATEGORIES, "警告；罚款;  没收违法所得、罚款", ("警告", "罚款", "没收违法所得"), "警告、罚款、没收违法所得"),
    Case(PENALTIES.column("party_uscc"), "91140602ma0k2b3c4k", "91140602MA0K2B3C4K", "91140602MA0K2B3C4K"),
    Case(PENALTIES.column("id_number"), "14060219900101123x", "14060219900101123X", "14060219900101123X"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_cell_reads_as_its_value_and_shows_as_citizens_read_it(case):
    value = case.parse()
    assert value == case.value and type(value) is type(case.value)
    assert case.column.type.value_type.show(value) == case.shown


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_ledger_gives_back_every_value_as_it_was(case):
    kept = json.loads(json.dumps(stored(case.value), ensure_ascii=False))
    assert loaded(kept) == case.value and type(loaded(kept)) is type(case.value)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_value_downloaded_as_csv_and_pasted_into_a_workbook_reads_as_the_same_value(case):
    value_type = case.column.type.value_type
    buffer = io.StringIO()
    csv.writer(buffer).writerow([value_type.text(case.value)])
    (text,) = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert text == value_type.text(case.value)
    assert parse(case.column, text, case.column.label) == case.value  # under the download's own header


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_json_download_holds_what_the_csv_says(case):
    value_type = case.column.type.value_type
    read_back = json.loads(json.dumps(value_type.json(case.value), ensure_ascii=False))
    if case.column.type is ColumnType.AMOUNT:
        assert Decimal(str(read_back)) == case.value
    elif case.column.type is ColumnType.INTEGER:
        assert read_back == case.value
    else:
        assert read_back == value_type.text(case.value)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_spreadsheet_cell_holds_the_value(case):
    value_type = case.column.type.value_type
    held = value_type.sheet(case.value)
    if value_type.sheet_form is SheetForm.DATE:
        assert EXCEL_EPOCH + dt.timedelta(days=int(held)) == case.value
    elif value_type.sheet_form is SheetForm.NUMBER:
        assert Decimal(held) == case.value and "E" not in held
    else:
        assert held == value_type.text(case.value)


@pytest.mark.parametrize("amount, text", [
    (Decimal("0.00005"), "0.00005"), (Decimal("1E+3"), "1000"), (Decimal("1E-7"), "0.0000001"),
    (Decimal("2.50E+2"), "250"), (Decimal("0.0"), "0"), (Decimal("123456789012"), "123456789012"),
])
def test_an_amount_is_never_written_as_an_exponent(amount, text):
    value_type = ColumnType.AMOUNT.value_type
    assert value_type.text(amount) == value_type.sheet(amount) == text
    assert value_type.show(amount) == f"{text} 万元"


@pytest.mark.parametrize("total, shown", [
    (Decimal("1.5"), "1.5 万元"), (Decimal("1.23456"), "1.2346 万元"), (Decimal("0.00015"), "0.0002 万元"),
    (Decimal("0.00025"), "0.0002 万元"), (Decimal("1E+3"), "1000 万元"), (Decimal("0"), "0 万元"),
    (Decimal("1E+30"), "1" + "0" * 30 + " 万元"),
])
def test_a_total_is_shown_to_the_yuan_with_at_most_four_decimals(total, shown):
    assert ColumnType.AMOUNT.value_type.show_total(total) == shown


def test_a_sub_yuan_fine_is_shown_as_it_is_and_not_rounded_away():
    # 0.5 written under a 元 header is 0.00005 万元: the page must not say the fine was 0.
    fine = parse(AMOUNT, 0.5, "罚款金额（元）")
    assert ColumnType.AMOUNT.value_type.show(fine) == "0.00005 万元"


def test_a_licence_without_end_reads_as_long_term_on_pages_but_as_its_date_in_the_downloads():
    value_type = ColumnType.DATE.value_type
    assert value_type.show(LONG_TERM) == "长期"
    assert value_type.text(LONG_TERM) == value_type.json(LONG_TERM) == "2099-12-31"
    assert value_type.show(LONG_TERM - dt.timedelta(days=1)) == "2099-12-30"


@pytest.mark.parametrize("column, cell", [
    (PENALTIES.column("party_name"), " \n\t "), (PENALTIES.column("facts"), "\r\n  \r\n"),
])
def test_a_cell_of_only_spaces_is_blank(column, cell):
    assert parse(column, cell) is None


def test_a_list_of_only_separators_is_an_empty_list_and_shows_nothing():
    value = parse(CATEGORIES, "；、 ,")
    assert value == () and ColumnType.CHOICES.value_type.show(value) == ""
    assert loaded(json.loads(json.dumps(stored(value)))) == ()


@pytest.mark.parametrize("column, cell, header, code", [
    (AMOUNT, "NaN", AMOUNT_HEADER, "not-an-amount"), (AMOUNT, "Infinity", AMOUNT_HEADER, "not-an-amount"),
    (AMOUNT, "五千", AMOUNT_HEADER, "not-an-amount"), (AMOUNT, "-1", AMOUNT_HEADER, "negative-amount"),
    # A comma that is no thousands separator: read as nothing, since 0,5 and 1,5 read as 5 and 15 万元 published ten
    # times the fine the decision states.
    (AMOUNT, "0,5", AMOUNT_HEADER, "not-an-amount"), (AMOUNT, "1，5", AMOUNT_HEADER, "not-an-amount"),
    (AMOUNT, "1,5000元", "罚款金额（元）", "not-an-amount"), (AMOUNT, "12,34,567", AMOUNT_HEADER, "not-an-amount"),
    (FLOWCHARTS.column("step_number"), "Infinity", "步骤编号", "not-an-integer"),
    (FLOWCHARTS.column("step_number"), "1.5", "步骤编号", "not-an-integer"),
    (DATE, "2024-02-30", "处罚决定日期", "invalid-date"), (DATE, 99999999, "处罚决定日期", "invalid-date-number"),
    (CATEGORIES, "罚金", "处罚类别", "not-choices"), (PENALTIES.column("is_major"), "也许", "重大", "not-yes-or-no"),
])
def test_what_cannot_be_a_value_is_a_failure_the_clerk_is_told_of(column, cell, header, code):
    failure = parse(column, cell, header)
    assert isinstance(failure, ParseFailure) and failure.severity is Severity.ERROR
    assert failure.code == code


def test_a_code_with_a_wrong_check_character_is_published_with_a_warning():
    failure = parse(PENALTIES.column("party_uscc"), "91140602MA0K2B3C4A")
    assert isinstance(failure, ParseFailure) and failure.severity is Severity.WARNING
    assert failure.code == "uscc-check-digit" and failure.value == "91140602MA0K2B3C4A"


def test_the_ledger_keeps_its_format_so_existing_ledgers_read_as_before():
    assert [stored(v) for v in (dt.date(2024, 3, 5), Decimal("0.50"), ("警告", "罚款"), "文字", 3)] == [
        {"d": "2024-03-05"}, {"n": "0.50"}, {"t": ["警告", "罚款"]}, "文字", 3]
    old = json.loads('{"a": {"d": "2099-12-31"}, "b": {"n": "1E+3"}, "c": {"t": ["罚款"]}, "d": "x", "e": 2}')
    assert {key: loaded(value) for key, value in old.items()} == {
        "a": LONG_TERM, "b": Decimal("1000"), "c": ("罚款",), "d": "x", "e": 2}


def test_a_value_without_its_column_says_what_it_is():
    assert of_value(dt.date(2026, 1, 5)).show(dt.date(2026, 1, 5)) == "2026-01-05"
    assert of_value(("警告",)).show(("警告",)) == "警告"
    assert of_value(Decimal("0.5")).show(Decimal("0.5")) == "0.5 万元"
    assert of_value(7).show(7) == "7" and of_value("文字").show("文字") == "文字"


def test_every_column_type_has_a_value_type_and_every_example_reads_as_a_value():
    assert all(isinstance(column_type.value_type, ValueType) for column_type in ColumnType)
    for kind in (AGENCY, FLOWCHARTS, PENALTIES):
        for column in kind.columns:
            if column.example:
                value_type = column.type.value_type
                value = parse(column, value_type.example(column.example))
                assert not isinstance(value, ParseFailure), (kind.name, column.key)


@pytest.mark.parametrize("column, cell, code", [
    (AMOUNT, float("nan"), "not-an-amount"), (AMOUNT, float("inf"), "not-an-amount"), (AMOUNT, "-inf", "not-an-amount"),
    (AMOUNT, True, "not-an-amount"), (AMOUNT, -5, "negative-amount"), (AMOUNT, -0.5, "negative-amount"),
    (AMOUNT, 1e24, "amount-out-of-range"), (AMOUNT, "1e400", "amount-out-of-range"),
    (AMOUNT, "1E+999999999", "amount-out-of-range"), (AMOUNT, "1E-999999999", "amount-out-of-range"),
    (AMOUNT, 1e-300, "amount-out-of-range"), (AMOUNT, 100000001, "amount-out-of-range"),
    (FLOWCHARTS.column("step_number"), "1E+999999999", "integer-out-of-range"),
    (FLOWCHARTS.column("step_number"), -1, "integer-out-of-range"),
    (FLOWCHARTS.column("step_number"), float("nan"), "not-an-integer"),
    (DATE, dt.date(9999, 12, 31), "date-out-of-range"), (DATE, "9999-12-31", "date-out-of-range"),
    (DATE, dt.date(1, 1, 1), "date-out-of-range"), (DATE, "0024-03-05", "date-out-of-range"),
    (DATE, dt.datetime(2100, 1, 1), "date-out-of-range"), (DATE, 2958465, "date-out-of-range"),
    (DATE, float("nan"), "invalid-date-number"), (DATE, float("-inf"), "invalid-date-number"),
])
def test_a_value_no_decision_could_hold_is_an_error_of_its_cell(column, cell, code):
    failure = parse(column, cell, AMOUNT_HEADER if column is AMOUNT else column.label)
    assert isinstance(failure, ParseFailure) and failure.severity is Severity.ERROR
    assert failure.code == code


def test_the_bounds_themselves_are_values():
    assert parse(AMOUNT, 100000000, AMOUNT_HEADER) == Decimal(100000000)
    assert parse(AMOUNT, "0.000001", AMOUNT_HEADER) == Decimal("0.000001")
    assert parse(AMOUNT, "1元", "罚款金额（元）") == Decimal("0.0001")
    assert ColumnType.AMOUNT.value_type.show(parse(AMOUNT, -0.0, AMOUNT_HEADER)) == "0 万元"
    assert parse(DATE, "1900-01-01") == dt.date(1900, 1, 1) and parse(DATE, "2099-12-31") == LONG_TERM


@pytest.mark.parametrize("number", ["440101199003071233", "44010119900307123X", "110105200012310019"])
def test_an_id_number_in_a_credit_code_column_is_an_error_not_a_check_digit_warning(number):
    failure = parse(PENALTIES.column("party_uscc"), number)
    assert isinstance(failure, ParseFailure) and failure.severity is Severity.ERROR
    assert failure.code == "resident-id-in-code" and failure.value is None


@pytest.mark.parametrize("code", ["111406020200123450", "911406021850010112"])  # no birth date 1900–2099 in them
def test_an_all_digit_credit_code_with_a_wrong_check_character_is_still_only_a_warning(code):
    assert parse(PENALTIES.column("party_uscc"), code).code == "uscc-check-digit"


def test_a_report_shows_an_id_number_in_a_credit_code_column_as_the_error_alone(workspace):
    workspace.agency()
    person_id = "440101199003071233"
    rows = [penalty_row(1, party="张三丰", party_type="自然人", party_code=person_id),
            penalty_row(2, party_code="91140602MA0K2B3C4A"),  # a legal person's code with a typo
            penalty_row(3)]
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})
    site = workspace.build()
    report = json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]
    by_cell = {cell: sorted(p["code"] for p in report if p.get("cell") == cell) for cell in ("C2", "C3")}
    assert by_cell == {"C2": ["resident-id-in-code"], "C3": ["uscc-check-digit"]}
    assert len(site.record_pages("penalties")) == 2
    assert "4401011990" not in "".join(c for c in site.text_of_everything() if c.isdigit())


_YUAN_HEADERS = ("罚款金额（元）", "罚款金额(元)", AMOUNT_HEADER, "罚款金额")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**7), places=2), st.sampled_from(_YUAN_HEADERS),
       st.sampled_from(("千元", "千", "仟元")))
def test_any_amount_written_in_thousands_is_that_many_thousand_yuan_under_any_header(n, header, unit):
    assert parse(AMOUNT, f"{n}{unit}", header) == n * 1000 / 10000


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**4), places=2), st.sampled_from(_YUAN_HEADERS))
def test_thousands_of_wan_yuan_are_wan_yuan_under_any_header(n, header):
    assert parse(AMOUNT, f"{n}千万元", header) == n * 1000
