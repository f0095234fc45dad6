"""How values read on a page: the Jinja filters display, amount and percent."""

from __future__ import annotations

from decimal import Decimal

from disclosure.core.kinds import ColumnType
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
