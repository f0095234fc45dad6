"""Stage 4: typed records → publication decisions.

What the law says may and must not be public is applied here, and only here: later
stages see nothing but the public values this stage hands them, so no template, index
or download can publish what the rules withheld.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from .kinds import AGENCY, NATURAL_PERSON, PENALTIES, VALID, SheetKind
from .problems import Problem, Severity
from .records import Record

# Compound surnames stay whole when a name is masked (欧阳娜娜 → 欧阳某).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 西门 南宫 独孤 百里 "
    "呼延 太史 澹台 公冶 申屠 闻人 万俟 司空 钟离 拓跋 赫连 淳于 单于 东郭 北堂 第五 完颜 乌雅 爱新".split()
)


@dataclass(frozen=True)
class RuleSettings:
    as_of: dt.date

    @classmethod
    def from_settings(cls, settings: dict, as_of: dt.date) -> RuleSettings:
        return cls(as_of=as_of)


@dataclass(frozen=True, eq=False)
class Agency:
    folder: str
    values: dict[str, object]  # the public profile
    slug: str  # stable URL segment: the agency's 统一社会信用代码
    fingerprint: str

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass(frozen=True, slots=True, eq=False)
class Publication:
    """A record as the public sees it."""

    kind: SheetKind
    agency: Agency
    key: str
    values: dict[str, object]  # public values only, personal names masked
    uid: str  # stable identity: agency + kind + key, never derived from personal data
    fingerprint: str  # changes whenever anything the public sees of it changes

    def get(self, column_key: str, default: object = None) -> object:
        return self.values.get(column_key, default)

    @property
    def title(self) -> str:
        return str(self.values.get(self.kind.title_column, ""))

    @property
    def date(self) -> dt.date | None:
        value = self.values.get(self.kind.date_column) if self.kind.date_column else None
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class Decisions:
    agencies: tuple[Agency, ...]
    publications: tuple[Publication, ...]
    problems: tuple[Problem, ...]
    withheld: int = 0
    by_agency: dict[str, list[Publication]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Publication]] = {agency.slug: [] for agency in self.agencies}
        for publication in self.publications:
            grouped[publication.agency.slug].append(publication)
        object.__setattr__(self, "by_agency", grouped)


def decide(records: list[Record], settings: RuleSettings) -> Decisions:
    agencies, problems = _agencies(records)
    publications, withheld = [], 0
    for record in records:
        agency = agencies.get(record.agency)
        if record.kind is AGENCY or agency is None:
            continue
        if withholding_reason(record):
            withheld += 1
            continue
        publications.append(publish(record, agency))
    ordered = tuple(sorted(agencies.values(), key=lambda agency: agency.folder))
    return Decisions(ordered, tuple(publications), tuple(problems), withheld)


def withholding_reason(record: Record) -> str:
    """Why a record is never published, or "" when it may be."""
    if record.get("withholding_reason"):
        return f"不予公开：{record.get('withholding_reason')}"
    if record.get("status", VALID) not in (VALID, "无效"):
        return "决定已撤回，且此前未公示"  # withdrawal of published records comes with the ledger
    if record.kind is PENALTIES and record.get("penalty_categories") == ("警告",):
        return "仅给予警告的行政处罚不公示"
    return ""


def publish(record: Record, agency: Agency) -> Publication:
    values = public_values(record)
    uid = hashlib.blake2b(f"{agency.slug}|{record.kind.name}|{record.key}".encode(), digest_size=8).hexdigest()
    fingerprint = hashlib.blake2b(f"{record.content_hash}|{agency.fingerprint}".encode(), digest_size=16).hexdigest()
    return Publication(record.kind, agency, record.key, values, uid, fingerprint)


def public_values(record: Record) -> dict[str, object]:
    party_type = record.get("party_type")
    values = {}
    for key, value in record.values.items():
        column = record.kind.columns_by_key[key]
        if column.public:
            values[key] = mask_name(str(value)) if party_type in column.masked_for_party_types else value
    return values


def mask_name(name: str) -> str:
    """张三 → 张某; compound surnames kept whole (欧阳娜娜 → 欧阳某)."""
    name = name.strip()
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}某"


def _agencies(records: list[Record]) -> tuple[dict[str, Agency], list[Problem]]:
    profiles: dict[str, list[Record]] = {}
    folders: dict[str, int] = {}
    for record in records:
        folders[record.agency] = folders.get(record.agency, 0) + 1
        if record.kind is AGENCY:
            profiles.setdefault(record.agency, []).append(record)
    agencies, problems = {}, []
    for folder, count in sorted(folders.items()):
        found = profiles.get(folder, [])
        if not found:
            problems.append(Problem(
                Severity.ERROR, f"没有可用的“机关信息”，本文件夹的 {count} 条信息均未公示",
                "请放入填写完整的“机关信息”工作簿（一行表头、一行内容，含机关名称和统一社会信用代码），并改正其中标为错误的单元格",
                agency=folder))
            continue
        profile = found[0]
        for extra in found[1:]:
            problems.append(Problem(
                Severity.ERROR, f"“机关信息”只能有一行，已采用 {profile.origin.file} 第{profile.row}行，本行未采用",
                "请删除多余的机关信息行", agency=folder, file=extra.origin.file, sheet=extra.origin.sheet,
                cell=f"第{extra.row}行"))
        values = public_values(profile)
        owner = next((a for a in agencies.values() if a.slug == values["uscc"]), None)
        if owner:
            problems.append(Problem(
                Severity.ERROR, f"统一社会信用代码 {values['uscc']} 已由文件夹“{owner.folder}”使用，本文件夹的 {count} 条信息均未公示",
                "一个执法机关只用一个文件夹：请把两个文件夹的工作簿合并到一处，或改正机关信息中的代码",
                agency=folder, file=profile.origin.file, sheet=profile.origin.sheet, cell=profile.cell("uscc")))
            continue
        agencies[folder] = Agency(folder, values, str(values["uscc"]), profile.content_hash)
    return agencies, problems
