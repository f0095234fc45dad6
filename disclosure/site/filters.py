"""How values read on a page: the Jinja filters display, amount and percent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from disclosure.core.kinds import LONG_TERM, LONG_TERM_TEXT, ColumnType


def display(value: object, column_type: ColumnType | None = None) -> str:
    """A value as citizens read it: dates as YYYY-MM-DD, amounts with their unit, lists joined."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return LONG_TERM_TEXT if value == LONG_TERM else value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f} 万元" if column_type is ColumnType.AMOUNT else f"{value.normalize():f}"
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    return str(value)


def amount(value: Decimal) -> str:
    """万元 with at most four decimals (to the yuan), as the 双公示 tables state amounts."""
    return f"{value.quantize(Decimal('0.0001')).normalize():f} 万元"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"
