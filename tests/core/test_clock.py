"""The portal's today is Beijing's, on a machine set to any time zone: a build's default --as-of (and so its
deadlines, expiries and ledger dates) is not a day off because a server or container was left on another zone."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from tests.conftest import PROJECT

BEIJING = dt.timezone(dt.timedelta(hours=8))
# POSIX TZ strings (no time-zone database needed): 20 hours behind Beijing, and 6 hours ahead of it.
BEHIND, AHEAD = "XXX12", "YYY-14"


def default_as_of(tz: str) -> dt.date:
    shown = subprocess.run(
        [sys.executable, "-c", "from disclosure.cli_arguments import parser;"
                               "print(parser().parse_args(['build']).as_of)"],
        cwd=PROJECT, env={**os.environ, "TZ": tz}, capture_output=True, text=True, check=True).stdout
    return dt.date.fromisoformat(shown.strip())


def test_the_default_as_of_is_the_date_in_beijing_whatever_the_machines_zone():
    beijing = dt.datetime.now(BEIJING)
    # At any moment one of the two zones is on another calendar day than Beijing; that one shows the difference.
    zone = BEHIND if beijing.hour < 20 else AHEAD
    machine_date = dt.datetime.now(dt.timezone(dt.timedelta(hours=-12 if zone == BEHIND else 14))).date()
    assert machine_date != beijing.date()
    assert default_as_of(zone) == beijing.date() or dt.datetime.now(BEIJING).date() != beijing.date()
