"""What citizens may see of a record: non-public columns dropped, natural persons' names masked,
personal data in free text masked (with a 警告 to the clerk)."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import NamedTuple

from disclosure.core.kinds import ColumnType
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


def view_of(record: Record, views: Memo | None) -> PublicView:
    if views is None:
        return public_view(record)
    # Kept as a plain tuple: named tuples unpickle three times slower.
    return PublicView._make(views.get(record.kind.name + record.content_hash, lambda: tuple(public_view(record))))


def public_view(record: Record) -> PublicView:
    party_type = record.get("party_type")
    names = _natural_person_names(record)
    values, masked = {}, []
    for key, value in record.values.items():
        column = record.kind.columns_by_key[key]
        if not column.public:
            continue
        if party_type in column.masked_for_party_types:
            value = mask_name(str(value))
        elif column.type is ColumnType.LONG_TEXT:
            found = privacy.mask_free_text(str(value), names)
            if found.findings:
                masked.append((key, tuple(finding.what for finding in found.findings)))
            value = found.text
        values[key] = value
    return PublicView(values, tuple(masked), hash_text(ledger.encode_values(values)))


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
            full = unicodedata.normalize("NFKC", str(value)).strip()
            if len(full) >= 2:
                names.append((full, mask_name(full)))
    return names


def mask_name(name: str) -> str:
    """张三 → 张某; compound surnames kept whole (欧阳娜娜 → 欧阳某)."""
    name = name.strip()
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}某"



def hash_text(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
