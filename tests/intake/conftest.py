"""The back office over a data folder of the test's own: two agencies (A: 科技局, B: 司法局), a clerk and a
reviewer for A, a clerk for B, and a client that speaks HTTP to a real server thread (pytest-django's
live_server), logging in through the login page as a browser does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page

from disclosure import cli
from disclosure.core import clock
from tests.browser import NetworkLog
from tests.conftest import PENALTY_HEADER, PROJECT, agency_rows, penalty_row, valid_uscc, write_workbook

PASSWORD = "correct-horse-battery-staple"
AGENCY_A, AGENCY_B = "科技局", "司法局"
AGENCY_B_NAME, AGENCY_B_USCC = "朔州市朔城区司法局", valid_uscc("11140602MB0000010")


@dataclass(frozen=True)
class Folders:
    data: Path
    state: Path

    def agency(self, folder: str) -> Path:
        return self.data / folder


@pytest.fixture(autouse=True, scope="session")
def orm_beside_playwright() -> Iterator[None]:
    """Once a browser test has started Playwright (its session-wide `browser`), its sync API keeps an event loop
    in the tests' thread, where Django refuses the ORM (its fixtures, its flush after each test) as if it were
    async code. The server thread, which serves the pages, has no loop; the check is only lifted for the tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory) -> None:
    """The tests' database in a file, not in memory: the build queue's worker (python -m intake qcluster) is a
    process of its own, and reads the queue the tests' approvals wrote there."""
    from django.db import connections

    connections["default"].settings_dict["TEST"]["NAME"] = str(tmp_path_factory.mktemp("database") / "intake.sqlite3")


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Hashing a password properly takes most of a second, several times a test; the tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def folders(settings, tmp_path) -> Folders:
    data, state = tmp_path / "data", tmp_path / "state"
    write_workbook(data / AGENCY_A / "机关信息.xlsx", {"机关信息": agency_rows()})
    write_workbook(data / AGENCY_A / "行政处罚决定.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    write_workbook(data / AGENCY_B / "机关信息.xlsx", {"机关信息": agency_rows(AGENCY_B_NAME, AGENCY_B_USCC)})
    settings.INTAKE_DATA_DIR, settings.INTAKE_STATE_DIR = data, state
    settings.INTAKE_LEDGER = tmp_path / "ledger.sqlite"
    settings.INTAKE_PORTAL_SETTINGS = PROJECT / "pelicanconf.py"
    return Folders(data, state)


@pytest.fixture
def accounts(folders, django_user_model):
    from intake import agencies
    from intake.models import Membership, Role

    made = {agency.folder: agency for agency in agencies.sync(folders.data)}
    for username, folder, role in (("clerk_a", AGENCY_A, Role.CLERK), ("reviewer_a", AGENCY_A, Role.REVIEWER),
                                   ("clerk_b", AGENCY_B, Role.CLERK)):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, agency=made[folder], role=role)
    return made


class Visitor:
    """requests with the cookies and CSRF token a browser would send, against the live server."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.url(path), allow_redirects=False, timeout=60, **kwargs)

    def token(self) -> str:
        """From the home page (the login page before logging in), as a browser has it from the page it shows."""
        page = self.session.get(self.url("/"), timeout=60)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post(self, path: str, data: dict | None = None, files=None, token: bool = True, **kwargs) -> requests.Response:
        data = dict(data or {})
        if token:
            data.setdefault("csrfmiddlewaretoken", self.token())
        return self.session.post(self.url(path), data=data, files=files, allow_redirects=False, timeout=120, **kwargs)

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        return self.post("/login/", {"username": username, "password": password})


@pytest.fixture
def visitor(live_server, accounts) -> Visitor:
    return Visitor(live_server.url)


@pytest.fixture
def clerk_a(visitor) -> Visitor:
    assert visitor.login("clerk_a").status_code == 302
    return visitor


def agency_path(folder: str, tail: str = "") -> str:
    from urllib.parse import quote

    return f"/agency/{quote(folder)}/{tail}"


STATUS_HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
OLD_FACTS, NEW_FACTS = "未按规定报送年度报告材料。", "未按规定报送年度报告材料，经责令改正逾期仍未改正。"
REASON = "经行政复议决定撤销"


def penalties(*rows: list) -> list[list]:
    return [STATUS_HEADER, *rows]


def valid(number: int, **kwargs) -> list:
    return [*penalty_row(number, **kwargs), "有效", None, None]


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture
def published(folders, accounts, settings, tmp_path, today):
    """科技局's records 1, 2 and 3 published by a real build into the ledger the back office reads."""
    write_workbook(folders.agency(AGENCY_A) / "行政处罚决定.xlsx",
                   {"行政处罚决定": penalties(valid(1), valid(2), valid(3))})
    code = cli.main(["build", "--data", str(folders.data), "--cache", str(tmp_path / "build-cache"),
                     "--as-of", today.isoformat(), "--output", str(tmp_path / "site"),
                     "--ledger", str(settings.INTAKE_LEDGER), "--reports", str(tmp_path / "reports"),
                     "--settings", str(PROJECT / "pelicanconf.py")])
    assert code == 0
    return folders


def changed_workbook(tmp_path, today) -> bytes:
    """Record 1 corrected, record 2 withdrawn, record 3 as it was, record 4 new."""
    withdrawn = [*penalty_row(2), "已撤销", today, REASON]
    return write_workbook(tmp_path / "changed.xlsx", {"行政处罚决定": penalties(
        valid(1, facts=NEW_FACTS), withdrawn, valid(3), valid(4))}).read_bytes()


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[tuple[Page, NetworkLog]]:
    """JavaScript off, as some intranet PCs have it; the pages' own CSP is bypassed only for axe-core's script."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page(), NetworkLog(context)
    context.close()


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen]]:
    """The workers a test starts, each in a process group of its own with its builds; all gone after the test."""
    started: list[subprocess.Popen] = []
    yield started
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
