"""How values read on a page: the Jinja filters display, amount and percent, and the test `code`."""

from __future__ import annotations

from decimal import Decimal

from disclosure.core.kinds import Column, ColumnType, Privacy
from disclosure.core.values import of_value


def display(value: object, column_type: ColumnType | None = None) -> str:
    """A value as citizens read it, by its column's type: dates as YYYY-MM-DD (or 长期), amounts with their
    unit, lists joined. Without a column (a page's own dates) the value says what it is."""
    if value is None or value == "":
        return ""
    return (column_type.value_type if column_type else of_value(value)).show(value)


def amount(value: Decimal) -> str:
    """A total in 万元, to the yuan (at most four decimals), as the 双公示 tables state totals."""
    return ColumnType.AMOUNT.value_type.show_total(value)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


CODE_TYPES = (ColumnType.USCC, ColumnType.ID_NUMBER)
CODE_PRIVACY = (Privacy.AS_WRITTEN, Privacy.CODE)


def is_code(column: Column) -> bool:
    """A column of codes (统一社会信用代码, 文书号, 执法证号, 事项编码…): pages keep each value on one line
    (class "code"), since a code cut at its hyphen reads as two."""
    return column.type in CODE_TYPES or column.privacy in CODE_PRIVACY
