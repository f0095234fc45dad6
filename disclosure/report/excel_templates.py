"""Excel templates generated from the kind table: what a clerk fills, with the rules built in.

One workbook per kind. Its data sheet holds the header only (a template dropped into data/
unfilled publishes nothing); every column carries an input message, closed lists a dropdown,
dates, amounts and codes a check Excel applies as the clerk types. A second sheet, 填写说明,
explains each column; the reader ignores it (kinds.SYSTEM_SHEETS).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from disclosure.core.cross_checks import rules_of
from disclosure.core.kinds import INSTRUCTIONS_SHEET, KINDS, Column, ColumnType, SheetKind
from disclosure.core.values import EXAMPLE_DATE, LONG_TERM, cell_text

T = ColumnType
FIRST_DATE = dt.date(1990, 1, 1)  # with LONG_TERM, the bounds that catch a slip like 2204 or 1924
LAST_ROW = 1_048_576  # Excel's last row: checks cover however many rows a clerk pastes
# Excel limits what a data validation may hold; longer text makes it refuse the whole file.
MAX_LIST_FORMULA, MAX_TITLE, MAX_MESSAGE = 255, 32, 255

FREE_TEXT = (T.TEXT, T.LONG_TEXT)  # "文字" tells the clerk nothing a prompt should repeat

FORMATS = {
    T.TEXT: "文字",
    T.LONG_TEXT: "文字，可以较长，可换行",
    T.DATE: f"日期，如 {EXAMPLE_DATE.isoformat()}",
    T.AMOUNT: "只填数字，不写单位；单位为万元，如 0.5 即五千元",
    T.INTEGER: "整数，如 1",
    T.USCC: "18位，数字或大写字母（不含 I、O、Z、S、V）",
    T.ID_NUMBER: "证件号码",
    T.PHONE: "电话号码，如 0349-2021234",
}

REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAPPED = Alignment(vertical="top", wrap_text=True)


def write_all(directory: Path) -> list[Path]:
    """One template per kind, named after its sheet (行政处罚决定.xlsx…)."""
    directory.mkdir(parents=True, exist_ok=True)
    return [write_template(kind, directory / f"{kind.sheet_name}.xlsx") for kind in KINDS]


def write_template(kind: SheetKind, path: Path) -> Path:
    workbook = Workbook()
    data = workbook.active
    data.title = kind.sheet_name
    _write_header(data, kind)
    for index, column in enumerate(kind.columns, start=1):
        data.add_data_validation(_validation(column, get_column_letter(index)))
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# ---- examples ---------------------------------------------------------------------------------

def example_row(kind: SheetKind) -> dict[str, object]:
    """Column key → example value, typed as a clerk's Excel would hold it; blank columns absent.

    An optional column without an example stays blank: above all 不予公开原因, which would
    withhold the record.
    """
    values = {column.key: example_value(column) for column in kind.columns}
    return {key: value for key, value in values.items() if value is not None}


def example_value(column: Column) -> object:
    value_type = column.value_type
    if column.example:
        return value_type.example(column.example)
    # Free text has no generic example: a kind gives one for each required text column.
    return value_type.generic_example(column) if column.required else None


# ---- what a clerk reads about a column --------------------------------------------------------

def _header_text(column: Column) -> str:
    return f"{column.label}*" if column.required else column.label


def _format_text(column: Column) -> str:
    if column.type is T.CHOICES:
        return f"可填一项或几项，用分号隔开：{'、'.join(column.choices)}"
    if column.choices:
        return f"从下拉列表选择：{'、'.join(column.choices)}"
    return FORMATS[column.type]


def _notes(column: Column) -> str:
    parts = [column.help] if column.help else []
    if column.default:
        parts.append(f"不填视为“{column.default}”")
    return "；".join(parts)


def _prompt(column: Column, example: object) -> str:
    shape = "" if column.type in FREE_TEXT else _format_text(column)
    lines = ["必填" if column.required else "选填", _notes(column), shape]
    if example is not None:
        lines.append(f"示例：{cell_text(example)}")
    return _fit("\n".join(line for line in lines if line), MAX_MESSAGE)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---- the data sheet ---------------------------------------------------------------------------

def _write_header(sheet: Worksheet, kind: SheetKind) -> None:
    lines = 1
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, _header_text(column))
        if column.required:
            cell.font = REQUIRED_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        # A column style, not styled cells: Excel applies it to whatever the clerk types or pastes.
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(column, example_value(column))
        if column.value_type.template_format:
            dimension.number_format = column.value_type.template_format
        lines = max(lines, math.ceil(_display_width(_header_text(column)) / (dimension.width - 1)))
    sheet.row_dimensions[1].height = 15 * lines + 6
    sheet.freeze_panes = "A2"


def _display_width(text: str) -> int:
    """Width in Excel's character units: a CJK character is about two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(column: Column, example: object) -> float:
    wanted = max(_display_width(_header_text(column)), _display_width(cell_text(example))) + 2
    return min(max(wanted, 30 if column.type is T.LONG_TEXT else 10), 40)


def _validation(column: Column, letter: str) -> DataValidation:
    """The column's one data validation (Excel allows one a cell): its rule, if any, and its prompt."""
    validation = _rule(column)
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    validation.promptTitle = _fit(column.label, MAX_TITLE)
    validation.prompt = _prompt(column, example_value(column))
    validation.showInputMessage = True
    if validation.type:
        validation.errorTitle = _fit(column.label, MAX_TITLE)
        validation.showErrorMessage = True
    return validation


def _rule(column: Column) -> DataValidation:
    if column.type is T.CHOICES:
        # Several values in one cell: no dropdown can offer that, the prompt lists the choices.
        return DataValidation(allow_blank=True)
    if column.choices:
        return DataValidation(type="list", formula1=_list_formula(column), allow_blank=True,
                              error=_fit(f"请从下拉列表中选择：{'、'.join(column.choices)}", MAX_MESSAGE))
    if column.type is T.DATE:
        return DataValidation(type="date", operator="between", formula1=_serial(FIRST_DATE),
                              formula2=_serial(LONG_TERM), allow_blank=True,
                              error=f"请填写 {FIRST_DATE.isoformat()} 至 {LONG_TERM.isoformat()} 之间的日期，"
                                    f"格式如 {EXAMPLE_DATE.isoformat()}")
    if column.type is T.AMOUNT:
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              error="金额只填不小于 0 的数字，不写单位，单位为万元")
    if column.type is T.INTEGER:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              error="请填写整数，例如 1")
    if column.type is T.USCC:
        return DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                              error="统一社会信用代码应为18位，请对照营业执照或登记证书核对")
    return DataValidation(allow_blank=True)


def _list_formula(column: Column) -> str:
    formula = '"' + ",".join(column.choices) + '"'
    # An inline list cannot hold commas or quotes, nor exceed 255 characters; no kind needs more
    # (a longer list would go on a hidden sheet named in kinds.SYSTEM_SHEETS).
    if len(formula) > MAX_LIST_FORMULA or any("," in choice or '"' in choice for choice in column.choices):
        raise ValueError(f"choices of column {column.key!r} do not fit an inline Excel list")
    return formula


def _serial(day: dt.date) -> str:
    return str(int(to_excel(day)))


# ---- the instructions sheet -------------------------------------------------------------------

INSTRUCTIONS_HEADER = ("列名", "是否必填", "格式/可选值", "说明", "示例")
INSTRUCTIONS_WIDTHS = (34, 10, 40, 50, 34)


def _intro(kind: SheetKind) -> list[str]:
    rows = "只填一行：本单位自己的信息" if kind.one_per_agency else "从第 2 行起逐行填写，一行一条记录"
    return [
        f"1. 在“{kind.sheet_name}”工作表中{rows}；不要修改工作表名称和第 1 行的表头。",
        "2. 列名带 * 的是必填项，其余可以留空；点中单元格会显示这一列的填写提示，有下拉箭头的请从列表中选择。",
        f"3. 日期写成 {EXAMPLE_DATE.isoformat()} 这样的格式；金额只填数字，单位为万元（表头写明“元”的除外）。",
        "4. 不要合并单元格，不要在数据中间加合计行、说明文字或第二个表头；中间有空行不影响读取。",
        "5. 一个工作簿可以只放这一张表，也可以把几张表放进同一个工作簿，各工作表保持模板中的名称。",
        "6. 本“填写说明”工作表系统不会读取，可以保留；下表的示例只作参考，不要抄进数据表。",
        *_agreement(kind),
    ]


def _agreement(kind: SheetKind) -> list[str]:
    """The cross-field checks of the kind (core/cross_checks.py), as the check applies them."""
    rules = rules_of(kind)
    if not rules:
        return []
    return ["7. 同一行的各列之间还须相符，系统逐行核对（不符的，该行不公示或收到提示）：",
            *(f"   ({number}) {rule}" for number, rule in enumerate(rules, start=1))]


def _write_instructions(sheet: Worksheet, kind: SheetKind) -> None:
    sheet.append([f"“{kind.sheet_name}”填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in _intro(kind):
        sheet.append([line])
    sheet.append([])
    sheet.append(INSTRUCTIONS_HEADER)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, HEADER_ALIGNMENT
    for column in kind.columns:
        sheet.append([column.label, "必填" if column.required else "选填", _format_text(column), _notes(column),
                      cell_text(example_value(column))])
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAPPED
            # Examples are text here: a date or a code must read exactly as the clerk should type it.
            cell.number_format = "@"
        if column.required:
            sheet.cell(sheet.max_row, 1).font = REQUIRED_FONT
    for index, width in enumerate(INSTRUCTIONS_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
