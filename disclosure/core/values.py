"""What a value of each column type is, in every form it takes: one class per ColumnType.

A value type reads a clerk's cell, says how the value reads on a page, what it becomes in the
downloads (CSV text, JSON value, spreadsheet cell), how the ledger keeps it, and what a template
shows as its example. kinds.py names each column type's value type; every stage asks a column's
type, not a value's Python class. No I/O: the stages read and write, this only says what to.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING

from disclosure.core.problem_catalogue import CATALOGUE, Severity
from disclosure.core.problems import Details, details

if TYPE_CHECKING:
    from disclosure.core.kinds import Column

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900-02-29
LONG_TERM = dt.date(2099, 12, 31)  # 有效期至 of a licence without end
LONG_TERM_TEXT = "长期"
EXAMPLE_DATE = dt.date(2024, 3, 5)  # the date every help text and message shows as the format
# No workbook date precedes Excel's day 1, none means more than 长期: beyond, a typo (0024, 9999-12-31 for 长期).
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), LONG_TERM
# 万元: the largest fine on record is 182.28 亿元 (SAMR 2021); 100 times that is a unit or exponent typed wrong.
# Below one 分 a positive amount is no money anyone can pay. Integers count the steps of a procedure.
LARGEST_AMOUNT, SMALLEST_AMOUNT, LARGEST_INTEGER = Decimal(10) ** 8, Decimal("0.000001"), 10**9
LIST_SEPARATOR = "、"  # how a list of choices reads, on pages and in the downloads alike
WAN_YUAN = "万元"
def header_unit(header: str) -> str:  # 元 for 罚款金额（元）, else 万元 (the templates' unit)
    return "元" if "元" in header and WAN_YUAN not in header else WAN_YUAN


# Totals are stated in 万元 to four decimals, that is to the yuan (rounding half to even).
_TO_THE_YUAN = Decimal("0.0001")


class SheetForm(Enum):
    """How a spreadsheet cell holds a value."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"  # a day number, shown through a date format


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """A cell the clerk should look at; with a warning, `value` is what is published nonetheless."""

    code: str  # a key of the problem catalogue; the column's header joins the details in the problem
    details: Details = ()
    value: object = None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity


def cell_text(cell: object) -> str:
    """A raw cell as the clerk sees it: a whole number without Excel's trailing .0."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


def _is_number(cell: object) -> bool:
    """A number cell; a TRUE/FALSE cell is no number, though Python counts bool as int."""
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


def _lines(cell: object) -> str | None:
    return cell_text(cell).replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _folded(cell: object) -> str:
    """Full-width digits and letters as ASCII (NFKC): what a Chinese input method types."""
    return unicodedata.normalize("NFKC", cell_text(cell))


class ValueType:
    """A short text: the forms every other type refines."""

    python_type: type = str
    sheet_form = SheetForm.TEXT
    # A template's text column keeps 执法证号, 邮编 and phone numbers as typed, not as numbers (0 lost, 1.4E+10).
    template_format: str | None = "@"
    store_tag = ""  # the ledger's tag of a value that JSON cannot hold as it is
    schema_type, schema_format = "string", ""  # the downloads' Table Schema (Frictionless) field

    def parse(self, cell: object, column: Column, header: str) -> object:
        """The typed value of a non-blank cell, or a ParseFailure; None when it holds only spaces."""
        text = _lines(cell)
        return " ".join(text.split()) if text else None

    def show(self, value: object) -> str:
        """On a page."""
        return self.text(value)

    def text(self, value: object) -> str:
        """As plain text: a CSV cell, a template's example, a record's key, a problem's value."""
        return str(value)

    def json(self, value: object) -> object:
        return value

    def sheet(self, value: object) -> str:
        """What a spreadsheet cell of this type's sheet_form holds."""
        return self.text(value)

    def store(self, value: object) -> object:
        """In the ledger's JSON."""
        return value

    def load(self, stored: object) -> object:
        return stored

    def example(self, text: str) -> object:
        """A kind's example text as a cell of a clerk's Excel holds it (a list of choices: as typed)."""
        return text

    def generic_example(self, column: Column) -> object:
        """An example cell for a column the kind gives none: its first choice, if it has choices."""
        return column.choices[0] if column.choices else None


class TextValue(ValueType):
    pass


class LongTextValue(ValueType):
    # General, not text: Excel shows a text-formatted cell of more than 255 characters as ####.
    template_format = None

    def parse(self, cell: object, column: Column, header: str) -> object:
        return _lines(cell)  # line breaks and spacing kept: they are the clerk's paragraphs


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")


class DateValue(ValueType):
    python_type = dt.date
    sheet_form = SheetForm.DATE
    template_format = "yyyy-mm-dd"
    store_tag = "d"
    schema_type, schema_format = "date", "%Y-%m-%d"

    def parse(self, cell: object, column: Column, header: str) -> object:
        if isinstance(cell, dt.datetime):
            cell = cell.date()
        if isinstance(cell, dt.date):
            day = cell
        elif _is_number(cell):
            day = self._from_number(cell)
        else:
            day = self._from_text(cell)
        if isinstance(day, dt.date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            return ParseFailure("date-out-of-range", details(
                written=cell_text(cell), earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat()))
        return day

    def _from_text(self, cell: object) -> object:
        text = unicodedata.normalize("NFKC", str(cell)).strip()
        match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        return ParseFailure("invalid-date", details(written=str(cell), example_date=EXAMPLE_DATE.isoformat()))

    def _from_number(self, number: float) -> object:
        if 19000101 <= number <= 21001231 and float(number).is_integer():
            return self._from_text(str(int(number)))  # 20240305 typed as a number
        if 1 <= number < 2958466:  # Excel's day numbers, up to 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(number))
        return ParseFailure("invalid-date-number", details(written=cell_text(number), example_date=EXAMPLE_DATE.isoformat()))

    def show(self, value: dt.date) -> str:
        return LONG_TERM_TEXT if value == LONG_TERM else value.isoformat()

    def text(self, value: dt.date) -> str:
        return value.isoformat()  # 2099-12-31 stays: it is the 双公示 data's own way of saying 长期

    def json(self, value: dt.date) -> object:
        return self.text(value)

    def sheet(self, value: dt.date) -> str:
        return str((value - EXCEL_EPOCH).days)

    def store(self, value: dt.date) -> object:
        return {self.store_tag: value.isoformat()}

    def load(self, stored: dict) -> dt.date:
        return dt.date.fromisoformat(stored[self.store_tag])

    def example(self, text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def generic_example(self, column: Column) -> object:
        return EXAMPLE_DATE


_THOUSAND = ("千", "仟")  # 2千元: what a clerk types for 2000 元
# Commas only as thousands separators (12,345,678.9): any other comma in an amount is a slip whose reading is a guess.
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


class AmountValue(ValueType):
    """Money in 万元: the header carries the unit in the downloads, the value carries it on a page."""

    python_type = Decimal
    sheet_form = SheetForm.NUMBER
    template_format = None
    store_tag = "n"
    schema_type = "number"

    def parse(self, cell: object, column: Column, header: str) -> object:
        unit = header_unit(header)  # the advice speaks in it, whatever unit the cell was typed in
        header_in_yuan = unit == "元"
        if _is_number(cell):
            amount, unit_in_yuan = Decimal(str(cell)), header_in_yuan
        else:
            amount, unit_in_yuan = self._from_text(cell, header_in_yuan)
        if amount is None or not amount.is_finite():  # "NaN", "Infinity" and a NaN cell read as Decimals too
            return ParseFailure("not-an-amount", details(written=cell_text(cell), unit=unit))
        if amount < 0:
            return ParseFailure("negative-amount", details(written=cell_text(cell)))
        # The exponent first: arithmetic on 1E+999999999 overflows the Decimal context. abs: -0 reads as 0.
        amount = abs(amount / 10000 if unit_in_yuan else amount) if abs(amount.adjusted()) <= 20 else LARGEST_AMOUNT * 2
        if amount and not SMALLEST_AMOUNT <= amount <= LARGEST_AMOUNT:
            return ParseFailure("amount-out-of-range", details(
                written=cell_text(cell), largest=self.text(LARGEST_AMOUNT), smallest=self.text(SMALLEST_AMOUNT)))
        return amount

    def _from_text(self, cell: object, header_in_yuan: bool) -> tuple[Decimal | None, bool]:
        text = unicodedata.normalize("NFKC", str(cell)).replace(" ", "").strip()
        written_in_yuan = None  # the unit the cell itself writes, if any
        if text.endswith(WAN_YUAN):
            text, written_in_yuan = text[:-2], False
        elif text.endswith("元"):
            text, written_in_yuan = text[:-1], True
        thousands = text.endswith(_THOUSAND)
        text = text[:-1] if thousands else text
        # 2千元 and 2千 are 2000 元 under any header; 2千万元 is 2000 万元.
        unit_in_yuan = header_in_yuan if written_in_yuan is None and not thousands else written_in_yuan is not False
        if "," in text and not _THOUSANDS.fullmatch(text):  # 0,5 or 1,5 is a decimal comma or a typo, not 5 or 15
            return None, unit_in_yuan
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None, unit_in_yuan
        return (amount * 1000 if thousands else amount), unit_in_yuan

    def show(self, value: Decimal) -> str:
        """As the decision states it, never as an exponent: 1E+3 → 1000 万元. Not rounded: a fine
        of 0.00005 万元 (often a clerk's 元 in a 万元 column) must not read as 0 万元."""
        return f"{self.text(value)} {WAN_YUAN}"

    def show_total(self, value: Decimal) -> str:
        """A sum of amounts, to the yuan: at most four decimals."""
        if value.as_tuple().exponent < -4:  # quantizing only then: a large sum stays within Decimal's precision
            value = value.quantize(_TO_THE_YUAN)
        return self.show(value)

    def text(self, value: Decimal) -> str:
        return f"{value.normalize():f}"

    def json(self, value: Decimal) -> object:
        return int(value) if value == value.to_integral_value() else float(value)

    def store(self, value: Decimal) -> object:
        return {self.store_tag: str(value)}

    def load(self, stored: dict) -> Decimal:
        return Decimal(stored[self.store_tag])

    def example(self, text: str) -> Decimal:
        return Decimal(text)

    def generic_example(self, column: Column) -> object:
        return Decimal("0.5")


class IntegerValue(ValueType):
    python_type = int
    sheet_form = SheetForm.NUMBER
    template_format = None
    schema_type = "integer"

    def parse(self, cell: object, column: Column, header: str) -> object:
        try:
            number = Decimal(unicodedata.normalize("NFKC", str(cell)).strip())
        except InvalidOperation:
            number = Decimal("0.5")
        # Bounded before int(): 1E+999999999 is a finite Decimal and a billion-digit int.
        if not number.is_finite() or number != number.to_integral_value():
            return ParseFailure("not-an-integer", details(written=cell_text(cell)))
        if not 0 <= number <= LARGEST_INTEGER:
            return ParseFailure("integer-out-of-range", details(written=cell_text(cell), largest=LARGEST_INTEGER))
        return int(number)

    def example(self, text: str) -> int:
        return int(text)

    def generic_example(self, column: Column) -> object:
        return 1


_YES = {"是", "Y", "YES", "√", "✓", "✔", "1", "TRUE", "对"}
_NO = {"否", "N", "NO", "×", "✗", "✘", "0", "FALSE", "无"}


class YesNoValue(ValueType):
    template_format = None

    def parse(self, cell: object, column: Column, header: str) -> object:
        text = _folded(cell).strip().upper()
        if text in _YES:
            return "是"
        if text in _NO:
            return "否"
        return ParseFailure("not-yes-or-no", details(written=str(cell)))


class ChoiceValue(ValueType):
    template_format = None

    def parse(self, cell: object, column: Column, header: str) -> object:
        text = "".join(_folded(cell).split())
        choice = column.choice(text)
        if choice is not None:
            return choice
        return ParseFailure("not-a-choice", details(written=str(cell), choices=tuple(column.choices),
                                                    nearest=column.nearest_choices((text,))))


class ListValue(ValueType):
    """One or more of a column's choices, as a tuple in the order first written."""

    python_type = tuple
    template_format = None
    store_tag = "t"

    def parse(self, cell: object, column: Column, header: str) -> object:
        parts = [part for part in re.split(r"[；;、,，/\s]+", _folded(cell)) if part]
        unknown = [part for part in parts if column.choice(part) is None]
        if unknown:
            return ParseFailure("not-choices", details(unknown=tuple(unknown), choices=tuple(column.choices),
                                                       nearest=column.nearest_choices(unknown)))
        return tuple(dict.fromkeys(map(column.choice, parts)))

    def text(self, value: tuple) -> str:
        return LIST_SEPARATOR.join(map(str, value))

    def json(self, value: tuple) -> object:
        return self.text(value)

    def store(self, value: tuple) -> object:
        return {self.store_tag: list(value)}

    def load(self, stored: dict) -> tuple:
        return tuple(stored[self.store_tag])


# The types whose values JSON cannot hold as they are. The ledger keeps them tagged, so that a stored value
# reads back by itself: the ledger also keeps agency profiles and the values of records no longer delivered.
_TAGGED = (DateValue(), AmountValue(), ListValue())
_TEXT = TextValue()
# Every field of every changed record is hashed through the ledger's form: the usual classes are looked up.
_BY_CLASS = {str: _TEXT, int: IntegerValue(), type(None): _TEXT, **{value_type.python_type: value_type for value_type in _TAGGED}}


def of_value(value: object) -> ValueType:
    """The type of a value that comes without its column (a page's dates, the ledger's values)."""
    found = _BY_CLASS.get(type(value))
    if found is None:  # a subclass, such as a datetime
        found = next((value_type for value_type in _TAGGED if isinstance(value, value_type.python_type)), _TEXT)
    return found


def stored(value: object) -> object:
    """A value as the ledger's JSON keeps it."""
    return of_value(value).store(value)


def loaded(form: object) -> object:
    """A value the ledger's JSON kept."""
    if isinstance(form, dict):
        for value_type in _TAGGED:
            if value_type.store_tag in form:
                return value_type.load(form)
    return form
