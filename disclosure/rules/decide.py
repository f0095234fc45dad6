"""Typed records → publication decisions.

What the law says may and must not be public is applied here, and only here: later stages see
nothing but the public values this stage hands them (disclosure.public), so no template, index or
download can publish what the rules withheld.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from disclosure.core.kinds import AGENCY, DECISION_KINDS, KINDS_BY_NAME, VALID, WITHDRAWN_STATUSES, SheetKind
from disclosure.core.problems import Problem, Severity, details
from disclosure.core.sign_off import SignOff
from disclosure.public.states import EXPIRED, LIVE, WITHDRAWN
from disclosure.public.types import Agency, Decisions, Event, Notice, Publication
from disclosure.reading.records import Record, record_label
from disclosure.reading.sign_offs import HeldBack
from disclosure.rules import ledger, lifecycle, privacy, workdays
from disclosure.rules.agencies import resolve_agencies
from disclosure.rules.checks import record_problem, review_catalogue, review_problems, withholding_reason
from disclosure.rules.cross_checks import cross_field_problems
from disclosure.rules.deadlines import calendar_problems, late_problem, publicity_until, timeliness, withdrawal_deadline
from disclosure.rules.identity_checks import agency_problems
from disclosure.rules.ledger import LedgerRecord, RecordChange, Snapshot
from disclosure.rules.lifecycle import Fact
from disclosure.rules.public_view import (
    PublicView,
    hash_text,
    identity_problems,
    masking_problems,
    republished_values,
    view_of,
)
from disclosure.rules.settings import RuleSettings
from disclosure.runtime.cache import Memo, code_version

# What a record's public view is made by: a change to any of these computes every view again.
VIEWS_VERSION = code_version("core", "public", "rules")


@dataclass(frozen=True)
class Ruling:
    """What the rules decided: the public side (decisions), and what only the clerk and the ledger see."""

    decisions: Decisions
    problems: tuple[Problem, ...]
    changes: ledger.Changes = ledger.Changes((), ())
    withheld: int = 0


def clean_memo(cache_dir: Path, settings: RuleSettings) -> Memo:
    """The records and agencies the checks found clean, kept between builds under the same settings: a change of
    any figure but the build's date (which the checks reading it see anew each time) starts it afresh."""
    return Memo(cache_dir / "clean-records.pickle", (VIEWS_VERSION, repr(replace(settings, as_of=dt.date.min))))


def decide(records: list[Record], settings: RuleSettings, snapshot: Snapshot | None = None,
           views: Memo | None = None, known: Memo | None = None,
           sign_offs: Mapping[str, SignOff] | None = None, held_back: HeldBack | None = None) -> Ruling:
    """views: public views kept between builds (see PublicView), by kind and record content; known: what the
    checks found clean (clean_memo); sign_offs: the approved files' (by path), which the events they make carry;
    held_back: the files held back for want of approval, whose records the ledger keeps as it has them."""
    sign_offs = sign_offs or {}
    snapshot = snapshot or Snapshot(None)
    agencies, problems = resolve_agencies(records, {slug: stored.folder for slug, stored in snapshot.agencies.items()})
    catalogue, against_agency = review_catalogue(records), agency_problems(records, agencies, known)
    publications, changes, seen, withheld = [], [], set(), 0
    for record in records:
        agency = agencies.get(record.agency)
        if record.kind is AGENCY or agency is None:
            continue
        view = view_of(record, views)
        held = _said_once(against_agency.get(record, []) + review_problems(record, catalogue)
                          + identity_problems(record, view) + cross_field_problems(record, settings, known))
        problems.extend(held)
        if any(p.severity is Severity.ERROR for p in held):
            continue
        outcome = _evaluate(record, agency, settings, snapshot, view)
        problems.extend(outcome.problems)
        if outcome.publication is None:
            withheld += 1
            continue
        seen.add(outcome.publication.uid)
        publications.append(outcome.publication)
        if outcome.change:
            changes.append(_signed(outcome.change, sign_offs.get(record.origin.file)))
    problems += calendar_problems(publications, settings)
    untouched = _untouched(held_back or HeldBack(), records, agencies, snapshot)
    kept, kept_changes, kept_problems = _keep_what_the_ledger_published(snapshot, seen, agencies, settings, untouched)
    publications += kept
    changes += kept_changes
    problems += kept_problems
    all_agencies = {a.slug: a for a in agencies.values()} | {p.agency.slug: p.agency for p in kept}
    ordered = tuple(sorted(all_agencies.values(), key=lambda agency: agency.folder))
    agency_changes = tuple(ledger.LedgerAgency(a.slug, a.folder, a.values, a.fingerprint) for a in agencies.values()
                           if (old := snapshot.agencies.get(a.slug)) is None or (old.fingerprint, old.folder)
                           != (a.fingerprint, a.folder))
    return Ruling(Decisions(ordered, tuple(publications)), tuple(problems),
                  ledger.Changes(tuple(changes), agency_changes), withheld)


def _signed(change: RecordChange, sign_off: SignOff | None) -> RecordChange:
    """The approval of the file stands behind what its data made happen; an expiry comes with the date alone,
    and crediting it to whoever last approved the file would say they decided it."""
    if sign_off is None or change.event.event == EXPIRED:
        return change
    return replace(change, event=replace(change.event, sign_off=sign_off))


@dataclass(frozen=True)
class _Superseded:
    """A warning that tells the clerk again, more mildly, what an error already says. The rules raising the two
    cannot see each other (the review rule knows the review catalogue, the cross-check does not), so they are
    reconciled here, the one place where both are known."""

    warning: str
    errors: frozenset[str]
    same_cell: bool  # the error must stand on the warning's cell; else anywhere in the record


_SUPERSEDED = (
    # a late 法制审核 of a major decision, marked 是 or presumed from the review catalogue
    _Superseded("review-dated-after-decision", frozenset({"review-missing", "review-after-decision"}), False),
    # 50000元 typed into the 万元 column: the unit slip, not a record fine
    _Superseded("amount-above-ceiling", frozenset({"amount-ten-thousand-times-large"}), True),
)


def _said_once(problems: list[Problem]) -> list[Problem]:
    if len(problems) < 2:
        return problems
    dropped = {(rule.warning, p.cell if rule.same_cell else None) for rule in _SUPERSEDED
               for p in problems if p.code in rule.errors}
    return [p for p in problems if (p.code, p.cell) not in dropped and (p.code, None) not in dropped]


@dataclass
class _Outcome:
    publication: Publication | None = None
    change: RecordChange | None = None
    problems: list[Problem] = field(default_factory=list)


def _evaluate(record: Record, agency: Agency, settings: RuleSettings, snapshot: Snapshot, view: PublicView) -> _Outcome:
    uid = record_uid(agency, record.kind, record.key)
    previous = snapshot.records.get(uid)
    state = previous.state if previous else lifecycle.UNPUBLISHED
    fact, until = _fact(record, settings)
    held = _incomplete_withdrawal(record) if fact is Fact.WITHDRAWN else []
    if held:  # held back like a row with errors: what the ledger published stays (DECISION_GONE)
        return _Outcome(problems=held)
    transition = lifecycle.step(state, fact)
    if transition.state == LIVE:
        outcome = _live(record, agency, uid, view, previous, transition.event, settings, snapshot, until)
        outcome.problems = masking_problems(record, view) + outcome.problems
        return outcome
    if transition.event is None:
        # Not published, or a notice the data leaves as it is: it stands as the ledger has it
        # (_keep_what_the_ledger_published), not as this row would make it.
        return _Outcome()
    outcome = _notice(record, agency, uid, previous, view, _notice_of(fact, record, view, until, settings),
                      transition.event)
    if fact is Fact.WITHDRAWN:
        # The reason is published: masked as any free text, with the same 警告 to the clerk.
        outcome.problems += masking_problems(record, view, published=frozenset({"withdrawal_reason"}))
    if fact is Fact.WITHDRAWN and state == LIVE:
        outcome.problems += _late_withdrawal(record, settings)
    return outcome


def _fact(record: Record, settings: RuleSettings) -> tuple[Fact, dt.date | None]:
    """What this row says, asked in the order the law ranks it: 不予公开 first, then withdrawal, then
    公示期; and the last day of its 公示期 once that was asked (None: no end)."""
    if withholding_reason(record):
        return Fact.WITHHELD, None
    if record.get("status", VALID) in WITHDRAWN_STATUSES:
        return Fact.WITHDRAWN, None
    until = publicity_until(record, settings)
    if until is not None and until < settings.as_of:
        return Fact.PERIOD_OVER, until
    return Fact.PUBLISHABLE, until


def _notice_of(fact: Fact, record: Record, view: PublicView, until: dt.date | None, settings: RuleSettings) -> Notice:
    if fact is Fact.WITHHELD:
        return Notice(WITHDRAWN, settings.as_of, "依法不予公开")
    if fact is Fact.WITHDRAWN:
        return Notice(WITHDRAWN, record.get("withdrawal_date"), str(view.values.get("withdrawal_reason", "")))
    if fact is Fact.PERIOD_OVER:
        return Notice(EXPIRED, until, "公示期满")
    raise lifecycle.LifecycleError(f"no notice says {fact.value!r}")


def _live(record: Record, agency: Agency, uid: str, view: PublicView, previous: LedgerRecord | None, step: str,
          settings: RuleSettings, snapshot: Snapshot, until: dt.date | None) -> _Outcome:
    """step: the ledger event the lifecycle names, PUBLISHED, REINSTATED or CORRECTED."""
    values, content_hash = view.values, view.content_hash
    unchanged = step == lifecycle.CORRECTED and previous.content_hash == content_hash
    # Per-field hashes only matter when something changed; on a no-op build they are most of the rules' time.
    field_hashes = {} if unchanged else {key: hash_text(ledger.encode_values({key: value})) for key, value in values.items()}
    problems: list[Problem] = []
    if step == lifecycle.PUBLISHED:
        first, (deadline, late) = settings.as_of, timeliness(record, settings, snapshot.tracking_since)
        event = Event(settings.as_of, step, detail=f"晚 {late} 天" if late else "")
        if late:
            problems.append(late_problem(record, deadline, late, settings))
    else:  # its first publication stands, a reinstatement's too: lateness is counted once
        first, deadline, late = previous.first_published, previous.deadline, previous.late_days
        if step == lifecycle.REINSTATED:
            event = Event(settings.as_of, step)
        else:
            event = None if unchanged else _correction(record.kind, field_hashes, previous.field_hashes, settings.as_of)
    history = snapshot.corrections(uid)
    if event is not None and event.event == lifecycle.CORRECTED:
        history += (event,)
    reinstated = settings.as_of if step == lifecycle.REINSTATED else snapshot.latest(uid, lifecycle.REINSTATED)
    publication = Publication(record.kind, agency, record.key, values, uid,
                              _fingerprint(content_hash, agency.fingerprint, history, until, reinstated), None, history,
                              first, deadline, late, until, reinstated)
    change = None
    if event is not None:
        row = LedgerRecord(uid=uid, agency=agency.slug, kind=record.kind.name, key=record.key, state=LIVE,
                           first_published=first, deadline=deadline, late_days=late, content_hash=content_hash,
                           field_hashes_text=ledger.field_hashes_text(field_hashes), state_date=None, reason="")
        change = RecordChange(row, values, event)
    return _Outcome(publication, change, problems)


def _correction(kind: SheetKind, field_hashes: dict[str, str], previous_hashes: dict[str, str],
                on_date: dt.date) -> Event | None:
    changed = sorted(key for key in set(field_hashes) | set(previous_hashes)
                     if field_hashes.get(key) != previous_hashes.get(key))
    if not changed:
        return None
    return Event(on_date, "corrected", tuple(kind.column(key).label for key in changed if kind.has(key)))


def _incomplete_withdrawal(record: Record) -> list[Problem]:
    missing = [record.kind.column(key) for key in ("withdrawal_date", "withdrawal_reason") if record.get(key) is None]
    if not missing:
        return []
    return [record_problem(record, "status", "withdrawal-incomplete", status=record.get("status"),
                           missing=tuple(column.label for column in missing))]


def _late_withdrawal(record: Record, settings: RuleSettings) -> list[Problem]:
    deadline = withdrawal_deadline(record.get("withdrawal_date"), settings)
    late = workdays.days_late(deadline, settings.as_of, settings.withdrawal_unit)
    if not late:
        return []
    return [record_problem(record, "withdrawal_date", "late-withdrawal", deadline=deadline.isoformat(), late=late,
                           unit=settings.withdrawal_unit.value)]


def _notice(record: Record, agency: Agency, uid: str, previous: LedgerRecord, view: PublicView, notice: Notice,
            event: str) -> _Outcome:
    values = notice_values(record.kind, view.values)
    publication = Publication(record.kind, agency, record.key, values, uid,
                              _fingerprint(notice, agency.fingerprint, values), notice, (),
                              previous.first_published, previous.deadline, previous.late_days)
    change = None
    if previous.state != notice.state or previous.state_date != notice.on_date or previous.reason != notice.reason:
        # Only the 文书号 stays: no field hash may keep a trace of the withdrawn content.
        row = replace(previous, state=notice.state, content_hash=hash_text(ledger.encode_values(values)),
                      field_hashes_text=ledger.field_hashes_text({}), state_date=notice.on_date, reason=notice.reason)
        change = RecordChange(row, values, Event(notice.on_date, event, detail=notice.reason))
    return _Outcome(publication, change)


def notice_values(kind: SheetKind, values: dict[str, object]) -> dict[str, object]:
    """A notice names the document and nothing else: decisions by 文书号, spot-checks by 事项 and date."""
    keep = ("document_number",) if kind.has("document_number") else ("item", "check_date")
    return {key: values[key] for key in keep if key in values}


def _untouched(held: HeldBack, records: list[Record], agencies: dict[str, Agency], snapshot: Snapshot) -> set[str]:
    """The ledger's records a file held back for want of approval may hold, which stay as the ledger has them:
    those read from it, those of an agency whose 机关信息 it is (the agency publishes nothing this build), and the
    listings of its agency this build did not yield (a row taken out by hand does not remove one; a decision gone
    stays online anyway, with its error)."""
    if not held.folders:
        return set()
    slugs = {folder: agency.slug for folder, agency in agencies.items()}
    slugs.update({stored.folder: slug for slug, stored in snapshot.agencies.items() if stored.folder not in slugs})
    orphaned = {record.agency for record in held.records if record.kind is AGENCY} - set(agencies)
    found = {_uid(slugs[r.agency], r.kind, r.key) for r in (*held.records, *(r for r in records if r.agency in orphaned))
             if r.agency in slugs}
    held_slugs = {slugs[folder] for folder in held.folders if folder in slugs}
    listings = {uid for uid, r in snapshot.records.items()
                if r.agency in held_slugs and KINDS_BY_NAME[r.kind] not in DECISION_KINDS}
    return (found & snapshot.records.keys()) | listings


def _keep_what_the_ledger_published(snapshot: Snapshot, seen: set[str], agencies: dict[str, Agency],
                                    settings: RuleSettings, untouched: set[str]):
    """Records the ledger holds and this build's data did not yield, each taking the lifecycle's step for
    a row gone: a published decision never disappears without a recorded reason, and a notice stays
    at its address for good. Those of a file held back for want of approval (untouched) stay as they are."""
    by_slug = {agency.slug: agency for agency in agencies.values()}
    steps = {uid: lifecycle.Transition(r.state, None) if uid in untouched else
             lifecycle.step(r.state, Fact.DECISION_GONE if KINDS_BY_NAME[r.kind] in DECISION_KINDS
                            else Fact.LISTING_GONE)
             for uid, r in snapshot.records.items() if uid not in seen}
    # Public values are read only for records that stay public or leave with an event.
    stored = snapshot.public_values_many([uid for uid, t in steps.items() if lifecycle.is_public(t.state) or t.event])
    publications, changes, problems = [], [], []
    for uid, transition in steps.items():
        previous, values = snapshot.records[uid], stored.get(uid, {})
        if not lifecycle.is_public(transition.state):
            if transition.event is not None:
                changes.append(RecordChange(_with_state(previous, transition.state, settings.as_of), values,
                                            Event(settings.as_of, transition.event)))
            continue
        agency = by_slug.get(previous.agency) or _agency_from_ledger(snapshot, previous.agency, by_slug)
        if agency is None:
            continue
        if transition.state == LIVE and uid not in untouched:
            problems.append(_deletion_problem(agency, KINDS_BY_NAME[previous.kind], previous.key, values))
        publications.append(_as_the_ledger_has_it(previous, agency, values, snapshot, settings))
    return publications, changes, problems


def _as_the_ledger_has_it(previous: LedgerRecord, agency: Agency, values: dict[str, object], snapshot: Snapshot,
                          settings: RuleSettings) -> Publication:
    """What the public saw last of a record, from the ledger alone: the live record, or its notice. Masked again on
    the way out: an older ledger may keep what today's masking would not have published."""
    kind = KINDS_BY_NAME[previous.kind]
    masked = republished_values(kind, values)
    content_hash = previous.content_hash if masked == values else hash_text(ledger.encode_values(masked))
    notice, history, reinstated = None, (), None
    if previous.state == LIVE:
        history, reinstated = snapshot.corrections(previous.uid), snapshot.latest(previous.uid, lifecycle.REINSTATED)
    else:
        # A reason kept by an older ledger may hold numbers in the clear: masked again on the way out.
        notice = Notice(previous.state, previous.state_date or settings.as_of, privacy.mask_free_text(previous.reason).text)
    return Publication(
        kind, agency, previous.key, masked, previous.uid,
        _fingerprint(content_hash, agency.fingerprint, history, notice, reinstated), notice, history,
        previous.first_published, previous.deadline, previous.late_days, reinstated_on=reinstated)


def _with_state(previous: LedgerRecord, state: str, on_date: dt.date) -> LedgerRecord:
    return replace(previous, state=state, state_date=on_date)


def _deletion_problem(agency: Agency, kind: SheetKind, key: str, values: dict[str, object]) -> Problem:
    return Problem("published-record-missing", agency=agency.folder, record=key,
                   record_label=record_label(kind, values, 0), kind=kind.name,
                   details=details(kind=kind.title, name=values.get(kind.title_column, "")))


def _agency_from_ledger(snapshot: Snapshot, slug: str, by_slug: dict[str, Agency]) -> Agency | None:
    stored = snapshot.agencies.get(slug)
    if stored is None:
        return None
    agency = Agency(stored.folder, stored.profile, slug, stored.fingerprint)
    by_slug[slug] = agency
    return agency


def record_uid(agency: Agency, kind: SheetKind, key: str) -> str:
    return _uid(agency.slug, kind, key)


def _uid(slug: str, kind: SheetKind, key: str) -> str:
    return hashlib.blake2b(f"{slug}|{kind.name}|{key}".encode(), digest_size=8).hexdigest()


def _fingerprint(*parts: object) -> str:
    return hash_text("\x1f".join(map(repr, parts)))

