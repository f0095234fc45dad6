"""What citizens may see of a record: non-public columns dropped, natural persons' names masked,
personal data in its text masked (with a 警告 to the clerk), and an ID number where a code or a name
belongs held back (an 错误).

This is the one masking point: every public value of every kind, a notice's fields and reason among them,
is made here, and pages, downloads, feeds and search read nothing else (disclosure.public)."""

from __future__ import annotations

import functools
import hashlib
from typing import NamedTuple

from disclosure.core.identifiers import Validity, check_resident_id, check_uscc
from disclosure.core.kinds import KINDS_BY_NAME, NATURAL_PERSON, Column, ColumnType, Privacy, SheetKind
from disclosure.core.problems import Problem
from disclosure.reading.records import Record
from disclosure.rules import ledger, privacy
from disclosure.rules.checks import record_problem
from disclosure.runtime.cache import Memo

# Compound surnames stay whole when a name is masked (欧阳娜娜 → 欧阳某).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 西门 南宫 独孤 百里 "
    "呼延 太史 澹台 公冶 申屠 闻人 万俟 司空 钟离 拓跋 赫连 淳于 单于 东郭 北堂 第五 完颜 乌雅 爱新".split()
)


def public_values(record: Record) -> dict[str, object]:
    return public_view(record).values


class PublicView(NamedTuple):
    """What citizens may see of a record, which depends on its values alone: kept between builds by
    `decide`'s memo (as a plain tuple, see view_of)."""

    values: dict[str, object]  # non-public columns dropped, names masked, personal data in free text masked
    masked: tuple[tuple[str, tuple[str, ...]], ...]  # (column key, what was masked in its text), for a 警告 to the clerk
    content_hash: str  # of the values, as the ledger keeps it
    # (column key, problem code) of each code or name column holding an ID number: an 错误 that holds the row back
    held: tuple[tuple[str, str], ...] = ()


def view_of(record: Record, views: Memo | None) -> PublicView:
    if views is None:
        return public_view(record)
    # Kept as a plain tuple: named tuples unpickle three times slower.
    return PublicView._make(views.get(record.kind.name + record.content_hash, lambda: tuple(public_view(record))))


def public_view(record: Record) -> PublicView:
    party_type = record.get("party_type")
    names = _natural_person_names(record)
    values, masked, text_keys = {}, [], _masked_columns(record.kind.name)
    for key, value in record.values.items():
        column = record.kind.columns_by_key[key]
        if not column.public:
            continue
        if party_type in column.masked_for_party_types:
            value = mask_name(str(value))
        elif key in text_keys:
            # A business's name (赵六烧烤店) is published as registered (RULES.md §3), its operator's name in it too.
            found = privacy.mask_free_text(str(value), names if key != "party_name" else ())
            if found.findings:
                masked.append((key, tuple(finding.what for finding in found.findings)))
            value = found.text
        values[key] = value
    return PublicView(values, tuple(masked), hash_text(ledger.encode_values(values)), _id_numbers_held(record))


_TEXT_TYPES = (ColumnType.TEXT, ColumnType.LONG_TEXT)


def _is_masked(kind: SheetKind, key: str) -> bool:
    return key in _masked_columns(kind.name)


# By kind name: a kind's own hash walks all its columns.
@functools.cache
def _masked_columns(kind_name: str) -> frozenset[str]:
    return frozenset(c.key for c in KINDS_BY_NAME[kind_name].columns
                     if c.type in _TEXT_TYPES and c.privacy in (Privacy.MASKED, Privacy.NAME))


@functools.cache
def _identity_columns(kind_name: str) -> tuple[tuple[str, ColumnType, str], ...]:
    """(key, type, problem code) of the public columns where an ID number is an error, not something to mask."""
    return tuple((c.key, c.type, _identity_problem_code(c)) for c in KINDS_BY_NAME[kind_name].columns
                 if c.public and _holds_no_id_number(c))


def _holds_no_id_number(column: Column) -> bool:
    """A code, a number or a name: an ID number written there is a clerk's slip that masking would corrupt (a
    number published as written) or only half hide (a name), so the row is held back."""
    return column.type is ColumnType.USCC or column.privacy is not Privacy.MASKED


def _identity_problem_code(column: Column) -> str:
    if column.type is ColumnType.USCC or column.privacy is Privacy.CODE:
        return "resident-id-in-code"
    # 文书号, 许可编号, 执法证号, 事项编码: a number of the agency's own, which an ID number never is.
    return "resident-id-in-number" if column.privacy is Privacy.AS_WRITTEN else "resident-id-in-name"


def identity_problems(record: Record, view: PublicView) -> list[Problem]:
    """An 错误 for each code or name column holding a 居民身份证号码, in whatever spelling: the row is held
    back, since an ID number is never published and a code or a name cannot be published half masked."""
    return [record_problem(record, key, code) for key, code in view.held]


def _id_numbers_held(record: Record) -> tuple[tuple[str, str], ...]:
    held = []
    for key, column_type, code in _identity_columns(record.kind.name):
        value = record.values.get(key)
        number = privacy.find_resident_id(str(value)) if value is not None else None
        if number and not _is_a_legal_persons_code(record.get("party_type"), column_type, number):
            held.append((key, code))
    return tuple(held)


def _is_a_legal_persons_code(party_type: object, column_type: ColumnType, number: str) -> bool:
    """Some all-digit 统一社会信用代码 read as an ID number too: one whose own check character holds, and an ID
    number's does not, is taken for what its column says, unless the party is a natural person, who has none."""
    return (column_type is ColumnType.USCC and party_type != NATURAL_PERSON
            and check_uscc(number) is Validity.VALID and check_resident_id(number) is not Validity.VALID)


def republished_values(kind: SheetKind, values: dict[str, object]) -> dict[str, object]:
    """Public values the ledger kept, masked as today's view would mask them (names excepted: the ledger kept them
    masked, and their full form is gone); an ID number in a code or name column is hidden."""
    masked = {}
    for key, value in values.items():
        if not kind.has(key) or not isinstance(value, str):
            masked[key] = value
        elif _holds_no_id_number(column := kind.column(key)):
            number = privacy.find_resident_id(value)
            hidden = number and not _is_a_legal_persons_code(values.get("party_type"), column.type, number)
            masked[key] = privacy.ID_PLACEHOLDER if hidden else value
        else:
            masked[key] = privacy.mask_free_text(value).text if _is_masked(kind, key) else value
    return masked


def masking_problems(record: Record, view: PublicView, published: frozenset[str] | None = None) -> list[Problem]:
    """A 警告 for each column whose text was masked, of those published (None: all of the view)."""
    return [record_problem(record, key, "masked-personal-data", found=found) for key, found in view.masked
            if published is None or key in published]


def _natural_person_names(record: Record) -> list[tuple[str, str]]:
    party_type = record.get("party_type")
    names = []
    for key in ("party_name", "legal_representative"):
        column = record.kind.columns_by_key.get(key)
        value = record.get(key)
        if column and value and party_type in column.masked_for_party_types:
            full = privacy.name_key(str(value))
            if len(full) >= 2:
                names.append((full, mask_name(full)))
    return names


def mask_name(name: str) -> str:
    """张三 → 张某; compound surnames kept whole (欧阳娜娜 → 欧阳某)."""
    name = privacy.name_key(name)
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}某"



def hash_text(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
