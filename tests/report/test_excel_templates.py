"""publish.py template: Excel templates generated from the kind table, and what a filled one publishes."""

import datetime as dt
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from disclosure import cli
from disclosure.core.cross_checks import rules_of
from disclosure.core.identifiers import Validity, check_uscc
from disclosure.core.kinds import AGENCY, FLOWCHARTS, INSTRUCTIONS_SHEET, KINDS, PENALTIES, ColumnType
from disclosure.report.excel_templates import EXAMPLE_DATE, example_row, write_all, write_template
from tests.conftest import PROJECT

T = ColumnType


def validations_by_letter(sheet) -> dict:
    """Column letter → the data validations whose ranges start in row 2 of that column."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            assert cell_range.min_row == 2 and cell_range.min_col == cell_range.max_col
            found.setdefault(get_column_letter(cell_range.min_col), []).append(validation)
    return found


def fill(path, kind) -> None:
    """Row 2 of the template gets the kind's example, as a clerk's Excel would hold it."""
    workbook = load_workbook(path)
    sheet = workbook[kind.sheet_name]
    example = example_row(kind)
    for index, column in enumerate(kind.columns, start=1):
        if column.key in example:
            sheet.cell(2, index, example[column.key])
    workbook.save(path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_template_sheet_is_built_from_the_kind(tmp_path, kind):
    workbook = load_workbook(write_template(kind, tmp_path / "模板.xlsx"))
    assert workbook.sheetnames == [kind.sheet_name, INSTRUCTIONS_SHEET]
    sheet = workbook[kind.sheet_name]
    assert [cell.value for cell in sheet[1]] == [c.label + ("*" if c.required else "") for c in kind.columns]
    assert sheet.max_row == 1  # no example row: an unfilled template publishes nothing
    assert sheet.freeze_panes == "A2"
    validations = validations_by_letter(sheet)
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        assert sheet.cell(1, index).font.bold == column.required and sheet.cell(1, index).alignment.wrap_text
        assert 10 <= sheet.column_dimensions[letter].width <= 40
        assert len(validations[letter]) == 1, column.label  # Excel allows one validation a cell
        validation = validations[letter][0]
        assert validation.showInputMessage and validation.promptTitle == column.label and validation.prompt
        assert len(validation.prompt) <= 255 and len(validation.promptTitle) <= 32
        number_format = sheet.column_dimensions[letter].number_format
        if column.type in (T.CHOICE, T.YES_NO):
            assert validation.type == "list"
            assert validation.formula1.strip('"').split(",") == list(column.choices)
            assert len(validation.formula1) <= 255
        elif column.type is T.CHOICES:
            assert validation.type is None  # several values a cell: no strict dropdown
            assert all(choice in validation.prompt for choice in column.choices)
        elif column.type is T.DATE:
            assert number_format == "yyyy-mm-dd"
            assert validation.type == "date" and validation.formula1 == "32874" and validation.formula2 == "73050"
            assert "2024-03-05" in validation.error
        elif column.type is T.AMOUNT:
            assert (validation.type, validation.operator, validation.formula1) == ("decimal", "greaterThanOrEqual", "0")
        elif column.type is T.USCC:
            assert (validation.type, validation.formula1) == ("textLength", "18") and "18位" in validation.error
        if column.type in (T.USCC, T.ID_NUMBER, T.TEXT, T.PHONE):
            assert number_format == "@", column.label  # 执法证号, 身份证号 stay as typed, not 1.4E+10


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_instructions_sheet_explains_every_column(tmp_path, kind):
    sheet = load_workbook(write_template(kind, tmp_path / "模板.xlsx"))[INSTRUCTIONS_SHEET]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header_at = rows.index(["列名", "是否必填", "格式/可选值", "说明", "示例"])
    assert any("2024-03-05" in str(row[0]) and "万元" in str(row[0]) for row in rows[:header_at])
    assert any("合并单元格" in str(row[0]) for row in rows[:header_at])
    table = rows[header_at + 1:]
    assert [row[0] for row in table] == [c.label for c in kind.columns]
    example = example_row(kind)
    for row, column in zip(table, kind.columns):
        assert row[1] == ("必填" if column.required else "选填")
        assert all(choice in row[2] for choice in column.choices)
        value = example.get(column.key)
        assert (row[4] or "") == (value.isoformat() if isinstance(value, dt.date) else str(value or ""))


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_examples_are_complete_and_valid(kind):
    example = example_row(kind)
    assert all(column.key in example for column in kind.columns if column.required)
    assert "withholding_reason" not in example  # it would withhold the record
    for column in kind.columns:
        value = example.get(column.key)
        if value is None:
            continue
        if column.type is T.USCC:
            assert check_uscc(value) is Validity.VALID, column.label
        if column.type is T.DATE:
            assert isinstance(value, dt.date)
        if column.type in (T.CHOICE, T.YES_NO, T.CHOICES):
            assert value in column.choices
    if kind.authority_column:  # 谁执法谁公示: the example agency made the example decision
        assert example[kind.authority_column] == example_row(AGENCY)["name"]
    if kind.has("authority_uscc"):
        assert example["authority_uscc"] == example_row(AGENCY)["uscc"]


def test_filled_templates_publish_without_a_problem(workspace, capsys, tmp_path):
    templates = tmp_path / "模板"
    assert cli.main(["template", "all", "-o", str(templates)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(KINDS) and all(line.startswith("已生成模板：") for line in printed)
    folder = workspace.data / "某局"
    folder.mkdir(parents=True)
    for kind in KINDS:
        path = templates / f"{kind.sheet_name}.xlsx"
        fill(path, kind)
        path.rename(folder / path.name)

    # The day after the examples' decision date: on time, within every publicity period.
    day_after = (EXAMPLE_DATE + dt.timedelta(days=1)).isoformat()
    assert workspace.publish("check", "--as-of", day_after) == 0
    assert f"共检查 {len(KINDS)} 个文件，{len(KINDS)} 条记录通过检查；错误 0 处，警告 0 处。" in capsys.readouterr().out

    site = workspace.build("--as-of", day_after)
    agency = example_row(AGENCY)
    assert agency["name"] in site.html(f"agencies/{agency['uscc']}/index.html").get_text()
    for kind in KINDS:
        if kind in (AGENCY, FLOWCHARTS):
            continue
        pages = site.record_pages(kind.name)
        assert len(pages) == 1, kind.name
        assert str(example_row(kind)[kind.title_column]) in pages[0].read_text(encoding="utf-8")
    [flowchart] = (site.root / "flowcharts").glob("*.html")
    assert example_row(FLOWCHARTS)["flow_name"] in flowchart.read_text(encoding="utf-8")
    penalty = site.record_pages("penalties")[0].read_text(encoding="utf-8")
    assert "朔城科罚〔2024〕12号" in penalty


def test_unfilled_templates_publish_nothing(workspace, capsys):
    write_all(workspace.data / "某局")
    assert workspace.publish("check") == 0
    assert f"共检查 {len(KINDS)} 个文件，0 条记录通过检查；错误 0 处，警告 0 处。" in capsys.readouterr().out
    site = workspace.build()
    assert not any(site.record_pages(kind.name) for kind in KINDS)
    assert not (site.root / "agencies").exists() or not any((site.root / "agencies").iterdir())


def test_one_template_gets_its_xlsx_suffix(tmp_path, capsys):
    assert cli.main(["template", "penalties", "-o", str(tmp_path / "处罚模板")]) == 0
    assert load_workbook(tmp_path / "处罚模板.xlsx").sheetnames[0] == "行政处罚决定"
    assert capsys.readouterr().out.strip() == f"已生成模板：{tmp_path / '处罚模板.xlsx'}"


def test_unknown_kind_is_refused_in_chinese(tmp_path):
    result = subprocess.run([sys.executable, str(PROJECT / "publish.py"), "template", "punishments", "-o",
                             str(tmp_path / "x.xlsx")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "无效的选项" in result.stderr and "penalties" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_instructions_list_the_rules_the_kind_s_columns_must_agree_in(tmp_path, kind):
    sheet = load_workbook(write_template(kind, tmp_path / "模板.xlsx"))[INSTRUCTIONS_SHEET]
    rows = [str(row[0].value or "") for row in sheet.iter_rows()]
    intro = rows[:rows.index("列名")]
    listed = [line.split(") ", 1)[1] for line in intro if line.lstrip().startswith("(")]
    assert listed == list(rules_of(kind))
    assert any("各列之间还须相符" in line for line in intro) == bool(rules_of(kind))
    if kind is PENALTIES:
        assert any("罚款金额、没收金额超过平台设定的上限" in rule for rule in listed)
