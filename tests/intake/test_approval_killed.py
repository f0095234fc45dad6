"""The server killed during an approval over HTTP: gunicorn (as production runs it) serving a reviewer's approval
is stopped at each point of the install (disclosure/runtime/faults.py's mechanism) and its whole process group
SIGKILLed there. data/<agency> is then the folder as it was before or as approved, never a mixture, and the
service, started again, either approves it afresh or records the approval that had already swapped the folder."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from disclosure import cli
from disclosure.core import clock
from disclosure.runtime.faults import ENVIRONMENT
from intake import install
from tests.conftest import PROJECT, agency_rows, write_workbook
from tests.deploy.test_nginx import free_port
from tests.intake.conftest import Visitor, agency_path, changed_workbook, penalties, valid
from tests.intake.test_production import GUNICORN, run_intake

pytestmark = pytest.mark.server

AGENCY = "科技局"


@dataclass(frozen=True)
class Service:
    root: Path
    env: dict[str, str]
    passwords: dict[str, str]

    @property
    def agency(self) -> Path:
        return self.root / "data" / AGENCY


@pytest.fixture
def service(tmp_path) -> Service:
    """Records 1–3 of 科技局 published by a real build; the service's database migrated, with the sample accounts."""
    data = tmp_path / "data"
    write_workbook(data / AGENCY / "机关信息.xlsx", {"机关信息": agency_rows()})
    write_workbook(data / AGENCY / "行政处罚决定.xlsx", {"行政处罚决定": penalties(valid(1), valid(2), valid(3))})
    ledger = tmp_path / "ledger.sqlite"
    assert cli.main(["build", "--data", str(data), "--cache", str(tmp_path / "cache"), "--output",
                     str(tmp_path / "site"), "--reports", str(tmp_path / "reports"), "--ledger", str(ledger),
                     "--as-of", clock.today().isoformat(), "--settings", str(PROJECT / "pelicanconf.py")]) == 0
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(PROJECT), "INTAKE_STATE_DIR": str(tmp_path / "state"),
           "INTAKE_DATA_DIR": str(data), "INTAKE_LEDGER": str(ledger), "INTAKE_SITE_DIR": str(tmp_path / "site")}
    run_intake(env, "migrate", "--verbosity", "0")
    seeded = subprocess.run([sys.executable, "-m", "intake", "seed_sample"], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120, check=True).stdout
    return Service(tmp_path, env, dict(re.findall(r"(\w+) 密码 ([A-Za-z0-9_-]+)", seeded)))


@pytest.fixture
def server(service) -> Iterator[callable]:
    """Starts gunicorn (one sync worker) in a process group of its own; yields the starter."""
    started: list[subprocess.Popen] = []

    def start(stop_at: str | None = None) -> tuple[subprocess.Popen, str]:
        port = free_port()
        env = {**service.env, **({ENVIRONMENT: stop_at} if stop_at else {})}
        process = subprocess.Popen([str(GUNICORN), "intake.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                    "--workers", "1", "--timeout", "120"], cwd=PROJECT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                requests.get(base + "/login/", timeout=30)
                return process, base
            except (requests.ConnectionError, requests.Timeout):  # the worker loads Django on its first request
                assert time.monotonic() < deadline, "gunicorn does not answer"
                time.sleep(0.2)

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def logged_in(base: str, username: str, password: str) -> Visitor:
    visitor = Visitor(base)
    assert visitor.login(username, password).status_code == 302
    return visitor


def submitted(service: Service, base: str) -> str:
    """The clerk's upload (1 corrected, 2 withdrawn, 4 new), checked and submitted; its upload id."""
    clerk = logged_in(base, "clerk1", service.passwords["clerk1"])
    uploaded = clerk.post(agency_path(AGENCY, "upload/"),
                          files={"files": ("行政处罚决定.xlsx", changed_workbook(service.root, clock.today()))})
    assert uploaded.status_code == 302
    upload = uploaded.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert clerk.post(agency_path(AGENCY, f"uploads/{upload}/submit/"), {"note": "更正1号，撤销2号，新增4号"}).status_code == 302
    return upload


def stopped_worker(master: subprocess.Popen) -> int | None:
    """The pid of a child of gunicorn's master that stopped itself at the fault point, if any."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "T" and int(fields[1]) == master.pid:
            return int(stat.parent.name)
    return None


def killed_while_approving(service: Service, start, point: str, upload: str) -> None:
    master, base = start(stop_at=point)
    reviewer = logged_in(base, "reviewer1", service.passwords["reviewer1"])
    approving = threading.Thread(target=lambda: _ignore_disconnect(
        reviewer, agency_path(AGENCY, f"reviews/{upload}/approve/")), daemon=True)
    approving.start()
    deadline = time.monotonic() + 60
    while stopped_worker(master) is None:
        assert master.poll() is None and time.monotonic() < deadline, f"the approval never reached {point}"
        time.sleep(0.05)
    os.killpg(master.pid, signal.SIGKILL)
    master.wait(10)
    approving.join(30)


def _ignore_disconnect(visitor: Visitor, path: str) -> None:
    try:
        visitor.post(path, {"comment": "同意"})
    except requests.RequestException:
        pass  # the server was killed under the request, as the test meant


@pytest.mark.parametrize("point, applied", [("install-copied", False), ("install-swapped", True)])
def test_a_server_killed_mid_approval_leaves_the_folder_before_or_after_and_approving_again_completes(
        service, server, point, applied):
    assert install.POINTS == ("install-copied", "install-swapped")  # every point of the install is tried here
    before = install.digests(service.agency)
    _, base = server()
    upload = submitted(service, base)
    staged = service.root / "state" / "uploads" / upload / "files"
    after = {**before, **install.digests(staged)}
    assert after != before

    killed_while_approving(service, server, point, upload)
    assert install.digests(service.agency) == (after if applied else before)
    assert (service.agency / "机关信息.xlsx").is_file()  # never a folder without its other files

    _, base = server()
    reviewer = logged_in(base, "reviewer1", service.passwords["reviewer1"])
    assert reviewer.post(agency_path(AGENCY, f"reviews/{upload}/approve/"), {"comment": "同意"}).status_code == 302
    assert install.digests(service.agency) == after
    assert sorted(path.name for path in service.agency.parent.iterdir()) == [AGENCY]  # nothing left beside
    page = reviewer.get(agency_path(AGENCY, f"reviews/{upload}/"))
    assert "已通过" in page.text
    versions = reviewer.get(agency_path(AGENCY, "versions/"))
    assert versions.status_code == 200 and versions.text.count("行政处罚决定.xlsx") >= 2  # the earlier one is kept
