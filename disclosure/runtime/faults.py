"""Named points where a fault test stops a real build, to kill it there with SIGKILL.

With DISCLOSURE_STOP_AT=<point> in its environment, a process that reaches that point sends itself SIGSTOP;
the test, seeing it stopped, kills it. Without the variable (always, outside tests) a point costs one lookup.
"""

from __future__ import annotations

import os
import signal

# In the order a build passes them (disclosure/build.py; the ledger's in rules/ledger.py).
POINTS = (
    "checked",  # data read and the rules applied; nothing written yet
    "open-data",  # the download files written, no page yet
    "pages",  # every page written
    "search",  # the browser's search files written
    "feeds",  # feeds, sitemap and deploy/ files written
    "files-done",  # what this build no longer makes removed, its state saved
    "ledger-write",  # inside the ledger's transaction, before its commit
    "ledger-committed",  # the ledger committed, the manifest not yet written
    "manifest",  # the manifest written: the output complete, the search index not yet updated
)
ENVIRONMENT = "DISCLOSURE_STOP_AT"


def stop_point(name: str) -> None:
    if os.environ.get(ENVIRONMENT) == name:
        os.kill(os.getpid(), signal.SIGSTOP)
