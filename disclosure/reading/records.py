"""Raw rows → typed records and the problems that held rows back.

Each cell is read by its column's type from the kind table. A row with an error is held
back (it becomes problems, not a record); a row with only warnings becomes a record and
its warnings are reported. One bad row never blocks the good ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from disclosure.core.identifiers import Validity, check_resident_id, check_uscc, normalize_identifier
from disclosure.core.kinds import KINDS_BY_NAME, Column, ColumnType, SheetKind
from disclosure.core.problems import Problem, Severity
from disclosure.reading.tables import HeaderCell, RawRow, Table, rows
from disclosure.reading.workbooks import UncalculatedFormula

EXCEL_EPOCH = dt.date(1899, 12, 30)
RESIDENT_ID_TYPES = ("", "身份证", "居民身份证", "居民身份证号码")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a table's records came from: enough for a problem to name the exact cell."""

    agency: str
    file: str
    sheet: str
    letters: dict[str, str]  # column key → column letter

    def cell(self, column_key: str, row: int) -> str:
        return f"{self.letters[column_key]}{row}" if column_key in self.letters else f"第{row}行"


@dataclass(slots=True, eq=False)
class Record:
    kind: SheetKind
    values: dict[str, object]  # column key → typed value; blank cells absent
    key: str  # normalised stable key within the agency and kind
    origin: Origin
    row: int
    content_hash: str

    @property
    def agency(self) -> str:
        return self.origin.agency

    def get(self, column_key: str, default: object = None) -> object:
        return self.values.get(column_key, default)

    def cell(self, column_key: str) -> str:
        return self.origin.cell(column_key, self.row)

    def __reduce__(self):
        # Kinds are module constants: a cached record must point at the same kind object.
        return (_rebuild_record, (self.kind.name, self.values, self.key, self.origin, self.row, self.content_hash))


def _rebuild_record(kind_name, values, key, origin, row, content_hash) -> Record:
    return Record(KINDS_BY_NAME[kind_name], values, key, origin, row, content_hash)


class BadCell(Exception):
    """A cell the clerk should look at; with a warning, `value` is what is published nonetheless."""

    def __init__(self, message: str, fix: str, severity: Severity = Severity.ERROR, value: object = None):
        super().__init__(message)
        self.message, self.fix, self.severity, self.value = message, fix, severity, value


def type_table(table: Table) -> tuple[list[Record], list[Problem]]:
    source = table.grid.source
    origin = Origin(source.agency, source.relative_path, table.grid.name,
                    {cell.column.key: cell.letter for cell in table.header})
    problems = _missing_columns(table)
    if problems:
        return [], problems
    records = []
    for raw in rows(table):
        record, row_problems = _type_row(table, origin, raw)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    return records, problems


def _missing_columns(table: Table) -> list[Problem]:
    present = {cell.column.key for cell in table.header}
    missing = [c.label for c in table.kind.columns if c.required and c.key not in present]
    if not missing:
        return []
    held = len(rows(table))
    return [Problem(
        Severity.ERROR, f"表头缺少必填列：{'、'.join(missing)}（第{table.header_row}行为表头），本表 {held} 行数据均未公示",
        "请在表头补上这些列并填写内容；列名可参照系统模板", agency=table.grid.source.agency,
        file=table.grid.source.relative_path, sheet=table.grid.name, cell=f"第{table.header_row}行")]


def _type_row(table: Table, origin: Origin, raw: RawRow) -> tuple[Record | None, list[Problem]]:
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for header_cell, raw_value in zip(table.header, raw.cells):
        column = header_cell.column
        try:
            value = parse_cell(column, raw_value, header_cell.written)
        except BadCell as bad:
            problems.append(_cell_problem(origin, raw.number, header_cell, raw_value, bad))
            if bad.severity is Severity.ERROR:
                continue
            value = bad.value
        if value is None and column.default:
            value = column.default
        if value is not None:
            values[column.key] = value
    problems.extend(_row_checks(table, origin, raw, values))
    if any(problem.severity is Severity.ERROR for problem in problems):
        return None, problems
    return Record(table.kind, values, record_key(table.kind, values), origin, raw.number,
                  content_hash(values)), problems


def _row_checks(table: Table, origin: Origin, raw: RawRow, values: dict[str, object]) -> list[Problem]:
    problems = []
    by_key = {cell.column.key: (cell, value) for cell, value in zip(table.header, raw.cells)}
    for column in table.kind.columns:
        if column.required and column.key not in values and column.key in by_key:
            cell, value = by_key[column.key]
            if _text(value) is None:
                problems.append(_cell_problem(origin, raw.number, cell, value, BadCell(
                    f"“{cell.written}”是必填项，不能为空", f"请填写{column.label}" + (f"，例如：{column.example}" if column.example else ""))))
    for number_key, type_key in (("id_number", "id_type"), ("legal_representative_id_number", "legal_representative_id_type")):
        if number_key in values and str(values.get(type_key, "")) in RESIDENT_ID_TYPES:
            cell, value = by_key[number_key]
            problem = _resident_id_problem(str(values[number_key]), cell.written)
            if problem:
                problems.append(_cell_problem(origin, raw.number, cell, value, problem))
    return problems


def _resident_id_problem(number: str, written: str) -> BadCell | None:
    validity = check_resident_id(number)
    if validity is Validity.MALFORMED:
        return BadCell(f"“{written}”不是有效的居民身份证号码（应为18位，最后一位可为X）", "请核对证件号码；如为其他证件，请在“证件类型”中注明")
    if validity is Validity.BAD_CHECKSUM:
        return BadCell("身份证号码校验位不正确，可能有输错的数字", "请与证件原件核对（此号码不会公示）", Severity.WARNING)
    return None


def _cell_problem(origin: Origin, row: int, cell: HeaderCell, raw_value: object, bad: BadCell) -> Problem:
    return Problem(bad.severity, bad.message, bad.fix, agency=origin.agency, file=origin.file, sheet=origin.sheet,
                   cell=f"{cell.letter}{row}", column=cell.written, value=_display(raw_value))


def record_key(kind: SheetKind, values: dict[str, object]) -> str:
    return "|".join(normalize_identifier(_key_text(values.get(key))) for key in kind.key_columns)


def _key_text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


def content_hash(values: dict[str, object]) -> str:
    return hashlib.blake2b(repr(sorted(values.items())).encode(), digest_size=16).hexdigest()


def _display(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _text(value: object) -> str | None:
    text = _display(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


# ---- one parser per column type -------------------------------------------------------------

def parse_cell(column: Column, value: object, written_header: str) -> object:
    """A cell's typed value, None when blank; raises BadCell when the cell cannot be understood."""
    if value is None or value == "" or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, UncalculatedFormula):
        raise BadCell(f"“{written_header}”是公式（{value}），但文件里没有保存它的计算结果",
                      "请用 Excel 或 WPS 打开这个文件，等公式算出结果后保存；也可以把公式“选择性粘贴”为数值")
    return PARSERS[column.type](column, value, written_header)


def _parse_text(column: Column, value: object, written: str) -> str | None:
    text = _text(value)
    return " ".join(text.split()) if text else None


def _parse_long_text(column: Column, value: object, written: str) -> str | None:
    return _text(value)


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _parse_date(column: Column, value: object, written: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return _date_from_number(value, written)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise BadCell(f"“{written}”中的“{value}”不是有效日期", "请填写真实存在的日期，格式如 2024-03-05")


def _date_from_number(number: float, written: str) -> dt.date:
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        return _parse_date(Column("", ""), str(int(number)), written)
    if 1 <= number < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(number))
    raise BadCell(f"“{written}”中的“{_display(number)}”不是有效日期", "请填写日期，格式如 2024-03-05")


def _parse_amount(column: Column, value: object, written: str) -> Decimal:
    header_in_yuan = "元" in written and "万元" not in written
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
        return amount / 10000 if header_in_yuan else amount
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "").strip()
    unit_in_yuan = header_in_yuan
    if text.endswith("万元"):
        text, unit_in_yuan = text[:-2], False
    elif text.endswith("元"):
        text, unit_in_yuan = text[:-1], True
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BadCell(f"“{written}”中的“{value}”不是金额", "请只填写数字，单位为万元，例如 0.5 表示五千元") from None
    if amount < 0:
        raise BadCell(f"“{written}”中的金额不能为负数", "请填写不小于 0 的金额")
    return amount / 10000 if unit_in_yuan else amount


def _parse_integer(column: Column, value: object, written: str) -> int:
    try:
        number = Decimal(unicodedata.normalize("NFKC", str(value)).strip())
    except InvalidOperation:
        number = Decimal("0.5")
    if number != number.to_integral_value():
        raise BadCell(f"“{written}”中的“{value}”不是整数", "请填写整数，例如 3")
    return int(number)


_YES = {"是", "Y", "YES", "√", "✓", "✔", "1", "TRUE", "对"}
_NO = {"否", "N", "NO", "×", "✗", "✘", "0", "FALSE", "无"}


def _parse_yes_no(column: Column, value: object, written: str) -> str:
    text = unicodedata.normalize("NFKC", _display(value)).strip().upper()
    if text in _YES:
        return "是"
    if text in _NO:
        return "否"
    raise BadCell(f"“{written}”只能填“是”或“否”，现填的是“{value}”", "请从下拉列表选择“是”或“否”")


def _parse_choice(column: Column, value: object, written: str) -> str:
    text = "".join(unicodedata.normalize("NFKC", _display(value)).split())
    if text in column.choices:
        return text
    raise BadCell(f"“{written}”中的“{value}”不是可选的值", f"请从下拉列表中选择：{'、'.join(column.choices)}")


def _parse_choices(column: Column, value: object, written: str) -> tuple[str, ...]:
    parts = [p for p in re.split(r"[；;、,，/\s]+", unicodedata.normalize("NFKC", _display(value))) if p]
    unknown = [p for p in parts if p not in column.choices]
    if unknown:
        raise BadCell(f"“{written}”中的“{'、'.join(unknown)}”不是可选的值",
                      f"请填写以下一项或几项，用分号隔开：{'、'.join(column.choices)}")
    return tuple(dict.fromkeys(parts))


def _parse_uscc(column: Column, value: object, written: str) -> str:
    code = normalize_identifier(_display(value))
    validity = check_uscc(code)
    if validity is Validity.MALFORMED:
        raise BadCell(f"“{written}”中的“{value}”不是有效的统一社会信用代码（应为18位数字或大写字母，不含 I、O、Z、S、V）",
                      "请对照营业执照或登记证书上的代码重新填写")
    if validity is Validity.BAD_CHECKSUM:
        raise BadCell(f"统一社会信用代码“{code}”的校验位不正确，可能有输错的字符", "请对照营业执照或登记证书核对；如确认无误可忽略此提示",
                      Severity.WARNING, value=code)
    return code


def _parse_id_number(column: Column, value: object, written: str) -> str:
    return normalize_identifier(_display(value))


PARSERS: dict[ColumnType, Callable[[Column, object, str], object]] = {
    ColumnType.TEXT: _parse_text,
    ColumnType.LONG_TEXT: _parse_long_text,
    ColumnType.PHONE: _parse_text,
    ColumnType.DATE: _parse_date,
    ColumnType.AMOUNT: _parse_amount,
    ColumnType.INTEGER: _parse_integer,
    ColumnType.YES_NO: _parse_yes_no,
    ColumnType.CHOICE: _parse_choice,
    ColumnType.CHOICES: _parse_choices,
    ColumnType.USCC: _parse_uscc,
    ColumnType.ID_NUMBER: _parse_id_number,
}


# ---- checks across files of one agency -------------------------------------------------------

def check_across_files(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Hold back a record whose key repeats one already seen in its agency (first one wins)."""
    first_seen: dict[tuple[str, str, str], Record] = {}
    kept, problems = [], []
    for record in records:
        identity = (record.agency, record.kind.name, record.key)
        earlier = first_seen.get(identity)
        if earlier is None:
            first_seen[identity] = record
            kept.append(record)
            continue
        key_column = record.kind.key_columns[0]
        label = record.kind.column(key_column).label
        problems.append(Problem(
            Severity.ERROR, f"与 {earlier.origin.file} 工作表「{earlier.origin.sheet}」第{earlier.row}行的{label}重复，本行未公示",
            f"同一{label}只能登记一次：如是更正，请直接修改原来那一行并删除本行", agency=record.agency,
            file=record.origin.file, sheet=record.origin.sheet, cell=record.cell(key_column),
            column=label, value=_key_text(record.get(key_column))))
    return kept, problems
