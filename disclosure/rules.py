"""Stage 4: typed records → publication decisions.

What the law says may and must not be public is applied here, and only here: later
stages see nothing but the public values this stage hands them, so no template, index
or download can publish what the rules withheld.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from . import ledger, privacy, workdays
from .cache import Memo, code_version
from .identifiers import normalize_identifier
from .kinds import (AGENCY, DECISION_KINDS, ITEMS, KINDS_BY_NAME, NATURAL_PERSON, PENALTIES, SOLE_TRADER, VALID,
                    WITHDRAWN_STATUSES, ColumnType, SheetKind)
from .ledger import EXPIRED, LIVE, REMOVED, WITHDRAWN, Event, LedgerRecord, RecordChange, Snapshot
from .problems import Problem, Severity
from .records import Record
from .workdays import DayUnit

# Compound surnames stay whole when a name is masked (欧阳娜娜 → 欧阳某).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 西门 南宫 独孤 百里 "
    "呼延 太史 澹台 公冶 申屠 闻人 万俟 司空 钟离 拓跋 赫连 淳于 单于 东郭 北堂 第五 完颜 乌雅 爱新".split()
)


# What a record's public view is made by: a change to any of these computes every view again.
VIEWS_VERSION = code_version("rules", "privacy", "ledger", "kinds")


@dataclass(frozen=True)
class RuleSettings:
    """Every figure of the rules; pelicanconf.py sets them, the national figures are the defaults."""

    as_of: dt.date
    deadlines: dict[str, int] = field(default_factory=lambda: {
        "penalties": 7, "licenses": 7, "other-decisions": 20, "spot-checks": 20})
    deadline_unit: DayUnit = DayUnit.WORKING
    withdrawal_days: int = 3
    withdrawal_unit: DayUnit = DayUnit.CALENDAR
    short_publicity_months: int = 3
    long_publicity_years: int = 3
    # 较低数额罚款 (万元) by 行政相对人类别. Provinces set their own; the national default is the
    # one low amount the law itself names: 《行政处罚法》Art. 51 (简易程序), 200 元 for a citizen,
    # 3,000 元 for an organisation.
    low_fines: dict[str, Decimal] = field(default_factory=lambda: {
        NATURAL_PERSON: Decimal("0.02"), SOLE_TRADER: Decimal("0.02"), "法人及非法人组织": Decimal("0.3")})

    @classmethod
    def from_settings(cls, settings: dict, as_of: dt.date) -> RuleSettings:
        defaults = cls(as_of)
        return cls(
            as_of=as_of,
            deadlines={**defaults.deadlines, **settings.get("PUBLICATION_DEADLINE_DAYS", {})},
            deadline_unit=DayUnit(settings.get("PUBLICATION_DEADLINE_UNIT", defaults.deadline_unit.value)),
            withdrawal_days=settings.get("WITHDRAWAL_DEADLINE_DAYS", defaults.withdrawal_days),
            withdrawal_unit=DayUnit(settings.get("WITHDRAWAL_DEADLINE_UNIT", defaults.withdrawal_unit.value)),
            short_publicity_months=settings.get("SHORT_PUBLICITY_MONTHS", defaults.short_publicity_months),
            long_publicity_years=settings.get("LONG_PUBLICITY_YEARS", defaults.long_publicity_years),
            low_fines={**defaults.low_fines, **{k: Decimal(str(v)) for k, v in settings.get("LOW_FINE_WAN_YUAN", {}).items()}},
        )


@dataclass(frozen=True, eq=False)
class Agency:
    folder: str
    values: dict[str, object]  # the public profile
    slug: str  # stable URL segment: the agency's 统一社会信用代码
    fingerprint: str

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass(frozen=True, slots=True)
class Notice:
    """What stays at a record's address once it left the site: no party, no content."""

    state: str  # ledger.WITHDRAWN or ledger.EXPIRED
    on_date: dt.date
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class Publication:
    """A record as the public sees it: live, or a notice at its old address."""

    kind: SheetKind
    agency: Agency
    key: str
    values: dict[str, object]  # public values only, personal data masked; a notice keeps its 文书号 alone
    uid: str  # stable identity: agency + kind + key, never derived from personal data
    fingerprint: str  # changes whenever anything the public sees of it changes
    notice: Notice | None = None
    corrections: tuple[Event, ...] = ()
    first_published: dt.date | None = None
    deadline: dt.date | None = None  # the day it had to be public by (decisions)
    late_days: int | None = None  # days after the deadline it first went public (0: on time)
    publicity_until: dt.date | None = None  # 公示截止期: the last day it is shown

    def get(self, column_key: str, default: object = None) -> object:
        return self.values.get(column_key, default)

    @property
    def live(self) -> bool:
        return self.notice is None

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
    publications: tuple[Publication, ...]  # live ones and notices
    problems: tuple[Problem, ...]
    changes: ledger.Changes = ledger.Changes((), ())
    withheld: int = 0
    by_agency: dict[str, list[Publication]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Publication]] = {agency.slug: [] for agency in self.agencies}
        for publication in self.publications:
            if publication.live:
                grouped[publication.agency.slug].append(publication)
        object.__setattr__(self, "by_agency", grouped)

    @property
    def live(self) -> list[Publication]:
        return [p for p in self.publications if p.live]


def decide(records: list[Record], settings: RuleSettings, snapshot: Snapshot | None = None,
           views: Memo | None = None) -> Decisions:
    """views: public views kept between builds (see PublicView), by kind and record content."""
    snapshot = snapshot or Snapshot(None)
    agencies, problems = _agencies(records)
    catalogue = _review_catalogue(records)
    publications, changes, seen, withheld = [], [], set(), 0
    for record in records:
        agency = agencies.get(record.agency)
        if record.kind is AGENCY or agency is None:
            continue
        held = _ownership_problems(record, agency) + _review_problems(record, catalogue)
        problems.extend(held)
        if any(p.severity is Severity.ERROR for p in held):
            continue
        outcome = _evaluate(record, agency, settings, snapshot, _view_of(record, views))
        problems.extend(outcome.problems)
        if outcome.publication is None:
            withheld += 1
            continue
        seen.add(outcome.publication.uid)
        publications.append(outcome.publication)
        if outcome.change:
            changes.append(outcome.change)
    problems += _calendar_problems(publications, settings)
    kept, kept_changes, kept_problems = _keep_what_the_ledger_published(snapshot, seen, agencies, settings)
    publications += kept
    changes += kept_changes
    problems += kept_problems
    all_agencies = {a.slug: a for a in agencies.values()} | {p.agency.slug: p.agency for p in kept}
    ordered = tuple(sorted(all_agencies.values(), key=lambda agency: agency.folder))
    agency_changes = tuple(ledger.LedgerAgency(a.slug, a.folder, a.values, a.fingerprint) for a in agencies.values()
                           if (old := snapshot.agencies.get(a.slug)) is None or old.fingerprint != a.fingerprint)
    return Decisions(ordered, tuple(publications), tuple(problems), ledger.Changes(tuple(changes), agency_changes),
                     withheld)


@dataclass
class _Outcome:
    publication: Publication | None = None
    change: RecordChange | None = None
    problems: list[Problem] = field(default_factory=list)


def _evaluate(record: Record, agency: Agency, settings: RuleSettings, snapshot: Snapshot, view: PublicView) -> _Outcome:
    uid = record_uid(agency, record.kind, record.key)
    previous = snapshot.records.get(uid)
    was_published = previous is not None and previous.state != REMOVED
    if withholding_reason(record):
        if not (was_published and previous.state == LIVE):
            return _Outcome()
        return _notice(record, agency, uid, previous, Notice(WITHDRAWN, settings.as_of, "依法不予公开"), snapshot)
    if record.get("status", VALID) in WITHDRAWN_STATUSES:
        return _withdrawal(record, agency, uid, previous if was_published else None, settings, snapshot)
    until = publicity_until(record, settings)
    if until is not None and until < settings.as_of:
        if not was_published:
            return _Outcome()
        return _notice(record, agency, uid, previous, Notice(EXPIRED, until, "公示期满"), snapshot)
    outcome = _live(record, agency, uid, view, previous if was_published else None, settings, snapshot, until)
    outcome.problems = _masking_problems(record, view) + outcome.problems
    return outcome


def _live(record: Record, agency: Agency, uid: str, view: PublicView, previous: LedgerRecord | None,
          settings: RuleSettings, snapshot: Snapshot, until: dt.date | None) -> _Outcome:
    values, content_hash = view.values, view.content_hash
    was_live = previous is not None and previous.state == LIVE
    unchanged = was_live and previous.content_hash == content_hash
    # Per-field hashes only matter when something changed; on a no-op build they are most of the rules' time.
    field_hashes = {} if unchanged else {key: _hash(ledger.encode_values({key: value})) for key, value in values.items()}
    problems: list[Problem] = []
    if not was_live:
        first, (deadline, late) = settings.as_of, _timeliness(record, settings, snapshot.tracking_since)
        event = Event(settings.as_of, "published", detail=f"晚 {late} 天" if late else "")
        if late:
            problems.append(_late_problem(record, deadline, late, settings))
    else:
        first, deadline, late = previous.first_published, previous.deadline, previous.late_days
        event = None if unchanged else _correction(record.kind, field_hashes, previous.field_hashes, settings.as_of)
    history = snapshot.corrections(uid)
    if event is not None and event.event == "corrected":
        history += (event,)
    publication = Publication(record.kind, agency, record.key, values, uid,
                              _fingerprint(content_hash, agency.fingerprint, history, until), None, history,
                              first, deadline, late, until)
    change = None
    if event is not None:
        change = RecordChange(LedgerRecord(uid, agency.slug, record.kind.name, record.key, LIVE, first, deadline, late,
                                           content_hash, ledger.field_hashes_text(field_hashes), None, ""),
                              values, event)
    return _Outcome(publication, change, problems)


def _correction(kind: SheetKind, field_hashes: dict[str, str], previous_hashes: dict[str, str],
                on_date: dt.date) -> Event | None:
    changed = sorted(key for key in set(field_hashes) | set(previous_hashes)
                     if field_hashes.get(key) != previous_hashes.get(key))
    if not changed:
        return None
    return Event(on_date, "corrected", tuple(kind.column(key).label for key in changed if kind.has(key)))


def _withdrawal(record: Record, agency: Agency, uid: str, previous: LedgerRecord | None, settings: RuleSettings,
                snapshot: Snapshot) -> _Outcome:
    missing = [record.kind.column(key) for key in ("withdrawal_date", "withdrawal_reason") if record.get(key) is None]
    if missing:
        labels = "和".join(f"“{column.label}”" for column in missing)
        return _Outcome(problems=[_record_problem(
            record, "status", Severity.ERROR, f"当前状态为“{record.get('status')}”，但没有填写{labels}",
            "决定变更、撤销或被确认违法、无效的，须填写撤回日期和撤回理由（理由将公开）")])
    if previous is None:
        return _Outcome()  # withdrawn before it was ever public: simply not published
    changed_on = record.get("withdrawal_date")
    outcome = _notice(record, agency, uid, previous, Notice(WITHDRAWN, changed_on, str(record.get("withdrawal_reason"))),
                      snapshot)
    if previous.state == LIVE:
        deadline = workdays.add_days(changed_on, settings.withdrawal_days, settings.withdrawal_unit)
        late = workdays.days_late(deadline, settings.as_of, settings.withdrawal_unit)
        if late:
            unit = "个工作日" if settings.withdrawal_unit is DayUnit.WORKING else "天"
            outcome.problems.append(_record_problem(
                record, "withdrawal_date", Severity.WARNING,
                f"撤回应在 {deadline.isoformat()} 前公开，本次撤回晚了 {late} {unit}",
                "决定变更、撤销后，请在规定期限内更新当前状态、撤回日期和理由"))
    return outcome


def _notice(record: Record, agency: Agency, uid: str, previous: LedgerRecord, notice: Notice,
            snapshot: Snapshot) -> _Outcome:
    values = notice_values(record.kind, record.values)
    publication = Publication(record.kind, agency, record.key, values, uid,
                              _fingerprint(notice, agency.fingerprint, values), notice, (),
                              previous.first_published, previous.deadline, previous.late_days)
    change = None
    if previous.state != notice.state or previous.state_date != notice.on_date or previous.reason != notice.reason:
        change = RecordChange(LedgerRecord(uid, agency.slug, record.kind.name, record.key, notice.state,
                                           previous.first_published, previous.deadline, previous.late_days,
                                           _hash(ledger.encode_values(values)), ledger.field_hashes_text({}),
                                           notice.on_date, notice.reason),
                              values, Event(notice.on_date, notice.state, detail=notice.reason))
    return _Outcome(publication, change)


def notice_values(kind: SheetKind, values: dict[str, object]) -> dict[str, object]:
    """A notice names the document and nothing else: decisions by 文书号, spot-checks by 事项 and date."""
    keep = ("document_number",) if kind.has("document_number") else ("item", "check_date")
    return {key: values[key] for key in keep if key in values}


def _keep_what_the_ledger_published(snapshot: Snapshot, seen: set[str], agencies: dict[str, Agency],
                                    settings: RuleSettings):
    """Records the ledger shows as public and this build's data did not yield: a published decision
    never disappears without a recorded reason, and a notice stays at its address for good."""
    by_slug = {agency.slug: agency for agency in agencies.values()}
    missing = [r for uid, r in snapshot.records.items() if uid not in seen and r.state != REMOVED]
    stored = snapshot.public_values_many([r.uid for r in missing])
    publications, changes, problems = [], [], []
    for previous in missing:
        agency = by_slug.get(previous.agency) or _agency_from_ledger(snapshot, previous.agency, by_slug)
        kind = KINDS_BY_NAME[previous.kind]
        values = stored.get(previous.uid, {})
        if previous.state == LIVE and kind not in DECISION_KINDS:
            changes.append(RecordChange(_with_state(previous, REMOVED, settings.as_of), values,
                                        Event(settings.as_of, "removed")))
            continue
        if agency is None:
            continue
        history = snapshot.corrections(previous.uid)
        if previous.state == LIVE:
            problems.append(_deletion_problem(agency, kind, values))
            notice = None
        else:
            notice = Notice(previous.state, previous.state_date or settings.as_of, previous.reason)
        publications.append(Publication(
            kind, agency, previous.key, values, previous.uid,
            _fingerprint(previous.content_hash, agency.fingerprint, history, notice), notice,
            history if notice is None else (), previous.first_published, previous.deadline, previous.late_days))
    return publications, changes, problems


def _with_state(previous: LedgerRecord, state: str, on_date: dt.date) -> LedgerRecord:
    return LedgerRecord(previous.uid, previous.agency, previous.kind, previous.key, state, previous.first_published,
                        previous.deadline, previous.late_days, previous.content_hash, previous.field_hashes_text,
                        on_date, previous.reason)


def _deletion_problem(agency: Agency, kind: SheetKind, values: dict[str, object]) -> Problem:
    name = values.get(kind.title_column, "")
    return Problem(
        Severity.ERROR, f"已公示的{kind.title}“{name}”在数据中找不到了（或所在行有错误未通过检查），网站上继续公示原内容",
        "已公示的决定不能直接删除：如决定被变更、撤销，请恢复该行，把“当前状态”改为相应状态并填写撤回日期和撤回理由；"
        "如该行有错误，请按报告改正", agency=agency.folder)


def _agency_from_ledger(snapshot: Snapshot, slug: str, by_slug: dict[str, Agency]) -> Agency | None:
    stored = snapshot.agencies.get(slug)
    if stored is None:
        return None
    agency = Agency(stored.folder, stored.profile, slug, stored.fingerprint)
    by_slug[slug] = agency
    return agency


def record_uid(agency: Agency, kind: SheetKind, key: str) -> str:
    return hashlib.blake2b(f"{agency.slug}|{kind.name}|{key}".encode(), digest_size=8).hexdigest()


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _fingerprint(*parts: object) -> str:
    return _hash("\x1f".join(map(repr, parts)))


# ---- deadlines and publicity periods --------------------------------------------------------

def _timeliness(record: Record, settings: RuleSettings, tracking_since: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The deadline, and how many days late the first publication is. A decision whose deadline
    passed before the portal's first build was published elsewhere, if at all: its lateness is
    unknown (None), not counted against the agency."""
    decided = record.get(record.kind.date_column) if record.kind.date_column else None
    days = settings.deadlines.get(record.kind.name)
    if not isinstance(decided, dt.date) or days is None:
        return None, None
    deadline = workdays.add_days(decided, days, settings.deadline_unit)
    if deadline < (tracking_since or settings.as_of):
        return deadline, None
    return deadline, workdays.days_late(deadline, settings.as_of, settings.deadline_unit)


def _calendar_problems(publications: list[Publication], settings: RuleSettings) -> list[Problem]:
    """Past the years the holiday calendar knows, working days are Monday to Friday: say so once."""
    if settings.deadline_unit is not DayUnit.WORKING:
        return []
    beyond = sorted({p.deadline.year for p in publications if p.deadline and not workdays.covered(p.deadline)})
    if not beyond:
        return []
    return [Problem(Severity.WARNING, f"节假日日历尚未包含 {'、'.join(map(str, beyond))} 年，这些年份的公示期限暂按周一至周五计算",
                    "请网站管理员升级 chinesecalendar（requirements.txt 中的版本）后重新构建", agency="（全部单位）")]


def _late_problem(record: Record, deadline: dt.date, late: int, settings: RuleSettings) -> Problem:
    days = settings.deadlines[record.kind.name]
    unit = "个工作日" if settings.deadline_unit is DayUnit.WORKING else "天"
    return _record_problem(
        record, record.kind.date_column, Severity.WARNING,
        f"应在决定日期后 {days} {unit}内（{deadline.isoformat()} 前）公示，本次首次公示晚了 {late} {unit}",
        "已照常公示；今后请在作出决定后及时报送")


def publicity_until(record: Record, settings: RuleSettings) -> dt.date | None:
    """The last day a penalty is shown (公示截止期 in the data wins); None: no end."""
    if record.kind is not PENALTIES:
        return None
    if isinstance(record.get("publicity_deadline"), dt.date):
        return record.get("publicity_deadline")
    decided = record.get("decision_date")
    if _is_light_penalty(record, settings):
        return _add_months(decided, settings.short_publicity_months)
    until = _add_months(decided, 12 * settings.long_publicity_years)
    valid_until = record.get("penalty_valid_until")
    return max(until, valid_until) if isinstance(valid_until, dt.date) else until


def _is_light_penalty(record: Record, settings: RuleSettings) -> bool:
    categories = set(record.get("penalty_categories", ()))
    if not categories <= {"警告", "通报批评", "罚款"}:
        return False
    fine = record.get("fine_amount") or Decimal(0)
    return "罚款" not in categories or fine <= settings.low_fines.get(str(record.get("party_type")), Decimal(0))


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


# ---- checks that hold a record back ----------------------------------------------------------

def _ownership_problems(record: Record, agency: Agency) -> list[Problem]:
    """谁执法谁公示: an agency's folder publishes its own decisions only."""
    kind = record.kind
    if not kind.authority_column:
        return []
    code_column = f"{kind.authority_column}_uscc"
    if kind.has(code_column) and record.get(code_column):
        if record.get(code_column) == agency.slug:
            return []
        return [_record_problem(record, code_column, Severity.ERROR,
                                f"该决定的机关代码不是本单位（{agency.name}，{agency.slug}），不能在本单位名下公示",
                                "谁执法谁公示：请把这一行交给作出决定的机关报送，或改正机关代码")]
    if _same_name(record.get(kind.authority_column), agency.name):
        return []
    return [_record_problem(record, kind.authority_column, Severity.ERROR,
                            f"该决定的机关不是本单位（{agency.name}），不能在本单位名下公示",
                            f"谁执法谁公示：机关名称请与“机关信息”一致，填写“{agency.name}”；其他机关的决定由其自行报送")]


def _same_name(written: object, name: str) -> bool:
    return written is not None and normalize_identifier(str(written)) == normalize_identifier(name)


def _review_catalogue(records: list[Record]) -> set[tuple[str, str]]:
    return {(r.agency, normalize_identifier(str(r.get("code")))) for r in records
            if r.kind is ITEMS and r.get("in_review_catalogue") == "是"}


def _review_problems(record: Record, catalogue: set[tuple[str, str]]) -> list[Problem]:
    """重大执法决定法制审核: no publication of a major decision without a prior 同意."""
    if not record.kind.has("is_major"):
        return []
    problems = []
    major = record.get("is_major") == "是"
    item = record.get("item_code")
    if record.get("is_major") is None and item and (record.agency, normalize_identifier(str(item))) in catalogue:
        major = True
        problems.append(_record_problem(record, "item_code", Severity.WARNING,
                                        f"事项 {item} 在重大执法决定法制审核目录中，未填“是否重大执法决定”，已按重大执法决定处理",
                                        "请在“是否重大执法决定”中填写“是”或“否”"))
    if not major:
        return problems
    reviewed_on, decided_on = record.get("review_date"), record.get(record.kind.date_column)
    if record.get("review_conclusion") != "同意":
        problems.append(_record_problem(record, "review_conclusion", Severity.ERROR,
                                        "重大执法决定须经法制审核且结论为“同意”，本条未公示",
                                        "请填写法制审核机构、法制审核结论（同意）和法制审核日期"))
    elif not isinstance(reviewed_on, dt.date) or (isinstance(decided_on, dt.date) and reviewed_on > decided_on):
        problems.append(_record_problem(record, "review_date", Severity.ERROR,
                                        "法制审核日期须在决定日期当天或之前，本条未公示",
                                        "请核对法制审核日期：未经法制审核不得作出重大执法决定"))
    return problems


def _record_problem(record: Record, column_key: str, severity: Severity, message: str, fix: str) -> Problem:
    column = record.kind.column(column_key)
    value = record.get(column_key)
    return Problem(severity, message, fix, agency=record.agency, file=record.origin.file, sheet=record.origin.sheet,
                   cell=record.cell(column_key), column=column.label,
                   value="" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value))


# ---- what may be public -----------------------------------------------------------------------

def withholding_reason(record: Record) -> str:
    """Why a record is never published, or "" when it may be."""
    if record.get("withholding_reason"):
        return f"不予公开：{record.get('withholding_reason')}"
    if record.kind is PENALTIES and record.get("penalty_categories") == ("警告",):
        return "仅给予警告的行政处罚不公示"
    return ""


def public_values(record: Record) -> dict[str, object]:
    return public_view(record).values


class PublicView(NamedTuple):
    """What citizens may see of a record, which depends on its values alone: kept between builds by
    `decide`'s memo (as a plain tuple, see _view_of)."""

    values: dict[str, object]  # non-public columns dropped, names masked, personal data in free text masked
    masked: tuple[tuple[str, str], ...]  # (column key, what was masked in its text), for a 警告 to the clerk
    content_hash: str  # of the values, as the ledger keeps it


def _view_of(record: Record, views: Memo | None) -> PublicView:
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
                masked.append((key, "、".join(finding.what for finding in found.findings)))
            value = found.text
        values[key] = value
    return PublicView(values, tuple(masked), _hash(ledger.encode_values(values)))


def _masking_problems(record: Record, view: PublicView) -> list[Problem]:
    return [_record_problem(record, key, Severity.WARNING, f"“{record.kind.column(key).label}”中含有{found}，公示时已隐去",
                            "个人信息不应写进公示内容：请改写该段文字，去掉身份证号、电话、银行卡号和自然人姓名")
            for key, found in view.masked]


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
