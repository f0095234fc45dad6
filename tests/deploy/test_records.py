"""deploy/records.py on open-ended input: whatever a 文书号 holds (brackets, quotes, line breaks, any script), the list a
build writes reads back as written; and against a real ledger, a deploy names exactly the records the build shows in
full that the ledger holds as withdrawn or expired: none more (a live or reinstated one, a notice), none fewer."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.core.kinds import PENALTIES
from disclosure.deploy import records
from disclosure.public.states import EXPIRED, LIVE, REMOVED, WITHDRAWN
from disclosure.public.types import Agency, Event, Notice, Publication
from disclosure.rules import ledger
from disclosure.runtime.output import OutputTree

AGENCY = Agency("科技局", {"name": "朔州市朔城区科学技术局"}, "11140602MB1234567X", "f")
DAY = dt.date(2026, 11, 19)

numbers = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
states = st.sampled_from([LIVE, WITHDRAWN, EXPIRED])
ledger_states = st.sampled_from([None, LIVE, WITHDRAWN, EXPIRED, REMOVED])  # None: the ledger never saw it


def publication(uid: str, number: str, state: str) -> Publication:
    notice = None if state == LIVE else Notice(state, DAY, "经行政复议撤销")
    return Publication(PENALTIES, AGENCY, number, {"document_number": number}, uid, uid, notice)


def ledger_record(uid: str, state: str) -> ledger.RecordChange:
    row = ledger.LedgerRecord(uid, AGENCY.slug, PENALTIES.name, uid, state, DAY, None, None, "h", "{}",
                              None if state == LIVE else DAY, "经行政复议撤销" if state == WITHDRAWN else "")
    return ledger.RecordChange(row, {}, Event(DAY, state))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(numbers, states, ledger_states), max_size=8))
def test_a_deploy_names_exactly_the_records_shown_in_full_that_the_ledger_took_off(cases):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        output = OutputTree(root / "build", root / "state.pickle")
        uids = [f"{n:016x}" for n in range(len(cases))]
        records.write(output, [publication(uid, number, state) for uid, (number, state, _) in zip(uids, cases)])
        shown = records.read(root / "build")
        assert [(record.uid, record.shown, record.state) for record in shown] \
            == [(uid, number, state) for uid, (number, state, _) in zip(uids, cases)]
        path = root / "ledger.sqlite"
        changes = tuple(ledger_record(uid, held) for uid, (_, _, held) in zip(uids, cases) if held)
        ledger.write(path, ledger.Changes(changes, ()), DAY, 0)
        found = records.resurrections(shown, path, records.Ledger(None, lambda p: ledger.read(p).records.values()))
        expected = {uid for uid, (_, state, held) in zip(uids, cases) if state == LIVE and held in (WITHDRAWN, EXPIRED)}
        assert {resurrection.record.uid for resurrection in found} == expected
        assert all(resurrection.record.shown in resurrection.describe() for resurrection in found)
