"""What a column of a sheet is: its value type, and what is done to personal data written in it. The sheet
kinds (kinds.py) are tables of these."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum

from disclosure.core import code_values, values


class ColumnType(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"  # free text that may hide personal data (违法事实, 备注…)
    DATE = "date"
    AMOUNT = "amount"  # money in 万元 unless the header says 元
    INTEGER = "integer"
    YES_NO = "yes_no"
    CHOICE = "choice"  # one value from Column.choices
    CHOICES = "choices"  # one or more values from Column.choices, separated by ；;、,
    USCC = "uscc"  # 统一社会信用代码
    ID_NUMBER = "id_number"  # 居民身份证号码 or another personal document number
    PHONE = "phone"

    @property
    def value_type(self) -> values.ValueType:
        """What a value of this type is: how it is read, shown, exported, kept and exemplified."""
        return VALUE_TYPES[self]


class Privacy(Enum):
    """What is done to personal data (ID, phone and card numbers, a natural person's name) in a public text column.
    USCC columns are codes by their type."""

    MASKED = "masked"  # masked where found, with a 警告 to the clerk
    AS_WRITTEN = "as_written"  # a number or code (文书号, 执法证号…) published exactly as written: masking would corrupt it
    CODE = "code"  # a party's code, published as written: an ID number here is an 错误 that holds the row back
    NAME = "name"  # where a name belongs: masked too, and an ID number here is an 错误, as a name cannot be half masked


_TEXT_VALUE = values.TextValue()
VALUE_TYPES: dict[ColumnType, values.ValueType] = {
    ColumnType.TEXT: _TEXT_VALUE, ColumnType.LONG_TEXT: values.LongTextValue(), ColumnType.DATE: values.DateValue(),
    ColumnType.AMOUNT: values.AmountValue(), ColumnType.INTEGER: values.IntegerValue(),
    ColumnType.YES_NO: values.YesNoValue(), ColumnType.CHOICE: values.ChoiceValue(), ColumnType.CHOICES: values.ListValue(),
    ColumnType.USCC: code_values.UsccValue(), ColumnType.ID_NUMBER: code_values.IdNumberValue(), ColumnType.PHONE: _TEXT_VALUE,
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header: what clerks write and the downloads carry (the 双公示 field name where there is one)
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    # The short forms clerks type for a choice (法人 → 法人及非法人组织), each (short form, choice): read as the choice.
    choice_synonyms: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[str, ...] = ()
    public: bool = True  # False: the value never reaches build/
    # For these 行政相对人类别 the value is a natural person's name, published as 姓+某.
    masked_for_party_types: tuple[str, ...] = ()
    privacy: Privacy = Privacy.MASKED  # what is done to personal data written in its text
    help: str = ""
    example: str = ""
    default: str = ""  # value assumed when the cell is blank
    # What pages call the field, in plain words, where the header is a data standard's name (行政相对人代码_1(统一社会信用代码)
    # → 统一社会信用代码). Blank: the header is plain already. Downloads keep the header.
    plain_label: str = ""
    # Its type's value type, looked up once: reading asks it for every cell.
    value_type: values.ValueType = field(init=False, repr=False, compare=False)
    _choice_of: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_type", self.type.value_type)
        strays = [choice for _, choice in self.choice_synonyms if choice not in self.choices]
        if strays:
            raise ValueError(f"column {self.key}: synonyms name no choice of its own: {strays}")
        object.__setattr__(self, "_choice_of", {**dict(self.choice_synonyms), **{c: c for c in self.choices}})

    @property
    def page_label(self) -> str:
        """What a citizen reads beside the value on a page."""
        return self.plain_label or self.label

    def choice(self, written: str) -> str | None:
        """The choice a cell's text (folded, without spaces) names, itself or by a short form; None when none."""
        return self._choice_of.get(written)

    def nearest_choices(self, unknown: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The choices closest in writing to values that name none: what the clerk probably meant."""
        nearest: dict[str, None] = {}
        for written in unknown:
            for close in difflib.get_close_matches(written, list(self._choice_of), n=3, cutoff=0.5):
                nearest.setdefault(self._choice_of[close])
        return tuple(nearest)
