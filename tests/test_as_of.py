"""--as-of moves the ledger's history forward only: a date before its last build, or more than a week beyond
today, is refused unless --force-date; forced, an earlier date is a rehearsal that records nothing."""

from __future__ import annotations

import datetime as dt

from disclosure import cli
from disclosure.core.exit_codes import ExitCode
from disclosure.runtime.output import MANIFEST
from tests.conftest import AS_OF, PENALTY_HEADER, penalty_row, write_workbook


def with_data(workspace):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 6))]})


def test_a_date_far_beyond_today_is_refused_before_anything_is_written(workspace, capsys):
    with_data(workspace)
    far = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert workspace.publish("build", "--as-of", far) == ExitCode.REFUSED
    assert "--force-date" in capsys.readouterr().err
    assert not (workspace.data / ".ledger.sqlite").exists() and not workspace.output.exists()


def test_a_date_years_away_is_refused_even_forced_so_the_ledger_never_locks_itself(workspace, capsys):
    with_data(workspace)
    assert workspace.publish("build", "--as-of", "9999-12-31", "--force-date") == ExitCode.REFUSED
    assert "即使加 --force-date 也不能" in capsys.readouterr().err
    assert not (workspace.data / ".ledger.sqlite").exists() and not workspace.output.exists()
    workspace.build()  # the clock's own date still builds
    assert (workspace.output / MANIFEST).is_file()


def test_a_date_before_the_last_build_is_refused_and_the_ledger_keeps_its_history(workspace, capsys):
    with_data(workspace)
    workspace.build()
    ledger = workspace.data / ".ledger.sqlite"
    before, manifest = ledger.read_bytes(), (workspace.output / MANIFEST).read_bytes()
    assert workspace.publish("build", "--as-of", "2015-11-20") == ExitCode.REFUSED
    assert f"早于台账中上次构建的日期 {AS_OF}" in capsys.readouterr().err
    assert ledger.read_bytes() == before and (workspace.output / MANIFEST).read_bytes() == manifest


def test_forced_an_earlier_date_is_a_rehearsal_never_recorded_nor_deployable(workspace, capsys, tmp_path):
    with_data(workspace)
    workspace.build()
    ledger = workspace.data / ".ledger.sqlite"
    before = ledger.read_bytes()
    assert workspace.publish("build", "--as-of", "2026-11-17", "--force-date") == 0
    assert "预演" in capsys.readouterr().out
    assert ledger.read_bytes() == before and not (workspace.output / MANIFEST).exists()
    assert cli.main(["deploy", str(tmp_path / "www"), "--output", str(workspace.output)]) == ExitCode.REFUSED
    workspace.build()  # back on the ledger's own date: complete again
    assert cli.main(["deploy", str(tmp_path / "www"), "--output", str(workspace.output)]) == 0


def test_a_rehearsal_on_the_ledgers_own_date_records_nothing_and_makes_what_the_build_makes(workspace, tmp_path):
    """Options.rehearsal (the back office's preview): today's rules, the ledger read and never written."""
    import datetime as dt

    from disclosure import build
    from disclosure.runtime.progress import Progress
    from disclosure.site.settings_file import read_settings_file
    from tests.conftest import PROJECT

    with_data(workspace)
    workspace.build()
    write_workbook(workspace.agency() / "处罚.xlsx",
                   {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, 7))]})
    ledger = workspace.data / ".ledger.sqlite"
    before = ledger.read_bytes()
    rehearsal = tmp_path / "rehearsal"
    options = build.Options(workspace.data, rehearsal, tmp_path / "rehearsal-cache", PROJECT / "pelicanconf.py",
                            dt.date.fromisoformat(AS_OF), ledger_path=ledger, rehearsal=True)
    outcome = build.build(options, read_settings_file(options.settings_file), Progress(quiet=True))
    assert not outcome.recorded and ledger.read_bytes() == before and not (rehearsal / MANIFEST).exists()
    built = workspace.build()
    assert {path: data for path, data in _contents(built.root).items() if path != MANIFEST} == _contents(rehearsal)


def _contents(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
