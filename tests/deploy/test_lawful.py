"""Issue 19: a rollback that keeps the law. Release 1 shows a decision in full; the decision is withdrawn (with its
reason) and release 2, built with the same ledger, shows its notice. Neither `publish.py deploy --rollback` nor a
deploy of release 1's build folder anew (to the local webroot, or over rsync to a host) may put it back: each is
refused, naming the record by its 文书号 with the ledger's date and reason, and the nginx serving the webroot keeps
answering 410 with the notice. An expired record (the rules' date moved past its 公示截止期) is refused alike; a
ledger that is missing or unreadable is a refusal, never a pass; a release made before records were listed cannot be
checked, so it is refused too. A rollback that resurrects nothing still works (tests/deploy/test_deploy.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from disclosure.core.exit_codes import ExitCode
from disclosure.deploy import records, release
from disclosure.deploy.files import STATUS, BuildStatus
from disclosure.deploy.plan import CURRENT, LEDGER_UNAVAILABLE, RECORDS_UNKNOWN, RESURRECTS, DeployError, check_build
from disclosure.rules import ledger
from disclosure.runtime.output import MANIFEST, read_manifest
from tests.conftest import PENALTY_HEADER, PROJECT, Site, Workspace, penalty_row, write_workbook
from tests.deploy.test_deploy import (
    HEADER,
    WITHDRAWN_FACTS,
    assert_serves,
    release_of,
    releases,
    remote_files,
    run,
    snapshot,
    sshd,  # noqa: F401 - the fixture, started for this module's remote test
    withdrawn_page,
    write_penalties,
)
from tests.deploy.test_nginx import fetch, nginx_serving

NUMBER = "朔城科罚〔2026〕1号"  # the decision withdrawn, as the page shows it
NAMED = f"{NUMBER}（朔州市朔城区科学技术局，行政处罚决定）"
PARTY = "晶石科技"


@dataclass
class History:
    space: Workspace
    webroot: Path
    release_one_build: Path  # a copy of the build folder release 1 was deployed from
    first: str
    second: str
    page: str  # the withdrawn decision's address


def settings_for(space: Workspace, webroot: Path) -> Path:
    settings = space.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                        f"THEME = {str(PROJECT / 'theme')!r}\nSITEURL = 'https://zfgs.example.gov.cn/zfgs'\n"
                        f"DEPLOY_WEBROOT = {str(webroot / CURRENT)!r}\n", encoding="utf-8")
    return settings


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    space = Workspace(tmp_path_factory.mktemp("lawful"))
    webroot = space.root / "www"
    settings = settings_for(space, webroot)
    space.agency()
    write_penalties(space, withdrawn=False)
    space.build("--settings", str(settings))
    assert run(str(webroot), "--output", str(space.output)) == 0
    first = release_of(webroot)
    release_one_build = space.root / "build-release-1"
    shutil.copytree(space.output, release_one_build)
    write_penalties(space, withdrawn=True)
    space.build("--settings", str(settings))
    assert run(str(webroot), "--output", str(space.output)) == 0
    return History(space, webroot, release_one_build, first, release_of(webroot), withdrawn_page(Site(space.output)))


@pytest.fixture(scope="module")
def served(history, tmp_path_factory) -> Iterator[str]:
    with nginx_serving(history.webroot, tmp_path_factory.mktemp("nginx-lawful")) as url:
        yield url


def served_text(root: Path) -> str:
    """Every byte the webroot serves, as text: archives (the downloads' zip and xlsx) opened, member by member."""
    texts = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"\n".join(archive.read(name) for name in archive.namelist())
        texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def assert_notice_served(history: History, url: str) -> None:
    """Over HTTP the address answers 410 with the notice; nothing served anywhere holds the decision's content."""
    answer = fetch(url + history.page)
    assert answer.status == 410
    assert "已撤回" in answer.body and "经行政复议撤销" in answer.body and WITHDRAWN_FACTS not in answer.body
    for listing in ("penalties/index.html", "search/meta.json", "feeds/all.atom.xml", "sitemap.xml"):
        assert PARTY not in fetch(url + listing).body, listing
    text = served_text(history.webroot / CURRENT)
    assert WITHDRAWN_FACTS not in text and PARTY not in text


def assert_names_the_withdrawal(err: str) -> None:
    assert f"{NAMED}：台账记为已撤回（2026-11-19，理由：经行政复议撤销）" in err


@pytest.mark.server
def test_the_release_before_the_withdrawal_served_the_decision(history):
    """The scenario is real: release 1's files hold the decision in full at the address now withdrawn."""
    old = (history.webroot / "releases" / history.first / history.page).read_text(encoding="utf-8")
    assert WITHDRAWN_FACTS in old
    assert releases(history.webroot) == [history.first, history.second]


@pytest.mark.server
def test_rolling_back_past_the_withdrawal_is_refused_naming_the_record(history, served, capsys):
    assert_notice_served(history, served)
    before = snapshot(history.webroot)
    capsys.readouterr()
    assert run(str(history.webroot), "--rollback") == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "拒绝回滚" in err and f"上一个版本 {history.first}" in err
    assert_names_the_withdrawal(err)
    assert "重新构建" in err and "Traceback" not in err
    assert history.page not in err  # named by its 文书号, not by its hashed address
    assert release_of(history.webroot) == history.second and snapshot(history.webroot) == before
    assert_notice_served(history, served)


@pytest.mark.server
def test_a_dry_run_of_that_rollback_gives_the_counts_and_names_the_record(history, served, capsys):
    before = snapshot(history.webroot)
    capsys.readouterr()
    assert run(str(history.webroot), "--rollback", "--dry-run") == ExitCode.REFUSED  # what the rollback itself would meet
    out, err = capsys.readouterr()
    assert f"将由 {history.second} 切换回 {history.first}" in out
    assert "将新增 0 个文件，更新" in out and "删除 1 个" in out  # the withdrawal's marker would go
    assert "拒绝回滚" in err
    assert_names_the_withdrawal(err)
    assert snapshot(history.webroot) == before
    assert_notice_served(history, served)


@pytest.mark.server
def test_deploying_release_ones_build_folder_anew_is_refused(history, served, capsys):
    before = snapshot(history.webroot)
    for extra in ((), ("--dry-run",)):
        capsys.readouterr()
        assert run(str(history.webroot), "--output", str(history.release_one_build), *extra) == ExitCode.REFUSED
        out, err = capsys.readouterr()
        assert "拒绝部署" in err and f"构建 {history.release_one_build}" in err and "按 2026-11-20 的规则生成" in err
        assert_names_the_withdrawal(err)
        assert ("部署预演" in out and "将新增 0 个文件" in out) if extra else not out
    assert snapshot(history.webroot) == before
    assert_notice_served(history, served)


def test_the_refusal_has_its_code_for_the_back_office(history):
    """The build queue tells this refusal from a broken build by its code, not by its wording."""
    build = check_build(history.release_one_build, strict=False)  # complete and matching its manifest
    present = records.Ledger(None, ledger_rows)
    with pytest.raises(DeployError) as refused:
        release.deploy(history.release_one_build, history.space.root / "elsewhere", False, False, 5, "ssh", present)
    assert refused.value.code == RESURRECTS and refused.value.exit_code == ExitCode.REFUSED
    assert not (history.space.root / "elsewhere").exists()
    assert [record.shown for record in build.records if record.live] == [NUMBER, "朔城科罚〔2026〕2号"]


def ledger_rows(path: Path):
    return ledger.read(path).records.values()


@pytest.mark.server
def test_deploying_release_ones_build_to_a_host_over_rsync_is_refused(history, sshd, tmp_path, capsys):  # noqa: F811
    remote = tmp_path / "remote" / "zfgs"
    target = sshd.target(remote)
    assert run(target, "--output", str(history.space.output), "--ssh", sshd.ssh) == 0
    files = remote_files(remote)
    capsys.readouterr()
    assert run(target, "--output", str(history.release_one_build), "--ssh", sshd.ssh) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "拒绝部署" in err
    assert_names_the_withdrawal(err)
    assert remote_files(remote) == files
    assert WITHDRAWN_FACTS not in files[history.page].decode() and "已撤回" in files[history.page].decode()


# ---- the ledger it is checked against ----

def test_a_missing_ledger_is_a_refusal_not_a_pass(history, capsys):
    missing = history.space.root / "no-such-ledger.sqlite"
    for args in (("--rollback",), ("--output", str(history.space.output))):  # the current build, lawful as it is
        capsys.readouterr()
        assert run(str(history.webroot), *args, "--ledger", str(missing)) == ExitCode.REFUSED
        err = capsys.readouterr().err
        assert f"找不到台账文件 {missing}" in err and "无法核对" in err and "--ledger" in err
    assert release_of(history.webroot) == history.second


def test_an_unreadable_ledger_is_a_refusal_in_chinese(history, capsys):
    damaged = history.space.root / "damaged.sqlite"
    damaged.write_bytes(b"this is not an SQLite database at all" * 100)
    capsys.readouterr()
    assert run(str(history.webroot), "--rollback", "--ledger", str(damaged)) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert f"台账文件 {damaged} 无法使用" in err and "无法核对" in err and "Traceback" not in err
    assert release_of(history.webroot) == history.second
    with pytest.raises(DeployError) as refused:
        release.rollback(history.webroot, False, records.Ledger(damaged, ledger_rows), say=lambda line: None)
    assert refused.value.code == LEDGER_UNAVAILABLE


def test_the_build_names_the_ledger_it_was_made_with(history):
    status = BuildStatus.from_bytes((history.space.output / STATUS).read_bytes())
    assert Path(status.ledger) == (history.space.data / ".ledger.sqlite").resolve()
    manifest = read_manifest(history.space.output)
    assert records.RECORDS in manifest and STATUS in manifest  # uploaded and verified like every file
    listed = json.loads((history.space.output / records.RECORDS).read_text(encoding="utf-8"))
    assert PARTY not in json.dumps(listed, ensure_ascii=False)  # the rules' output: 文书号, never the party
    shown = {record.shown: record.state for record in records.read(history.space.output)}
    assert shown[NUMBER] == "withdrawn" and shown["朔城科罚〔2026〕2号"] == "live"


# ---- expiry ----

def write_with_publicity_end(space: Workspace, until: dt.date) -> None:
    rows = [[*penalty_row(1, party="朔州市晶石科技有限公司", facts=WITHDRAWN_FACTS), "有效", None, None, until],
            [*penalty_row(2), "有效", None, None, None]]
    write_workbook(space.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [[*HEADER, "公示截止期"], *rows]})


def test_a_rollback_past_an_expiry_is_refused_like_a_withdrawal(workspace, tmp_path, capsys):
    webroot = tmp_path / "www"
    workspace.agency()
    write_with_publicity_end(workspace, dt.date(2026, 11, 24))
    workspace.build()  # 2026-11-20: within its 公示期
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    first = release_of(webroot)
    release_one_build = tmp_path / "build-release-1"
    shutil.copytree(workspace.output, release_one_build)
    workspace.build("--as-of", "2026-11-25")  # the day after its 公示截止期: the ledger records it expired
    page = withdrawn_page(Site(workspace.output))
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    second = release_of(webroot)
    expired = f"  {NAMED}：台账记为公示期满（2026-11-24）\n"  # the whole line: an expiry has no reason
    for args in (("--rollback",), ("--rollback", "--dry-run"), ("--output", str(release_one_build))):
        capsys.readouterr()
        assert run(str(webroot), *args) == ExitCode.REFUSED, args
        err = capsys.readouterr().err
        assert expired in err, args
    assert release_of(webroot) == second and releases(webroot) == [first, second]
    assert_serves(webroot, workspace.output)
    assert WITHDRAWN_FACTS not in (webroot / CURRENT / page).read_text(encoding="utf-8")


# ---- releases that cannot be checked ----

def test_a_release_without_its_list_of_records_cannot_be_rolled_back_to(workspace, tmp_path, capsys):
    """As a release made by the program before it listed them: nothing says what it shows, so it is refused."""
    webroot = tmp_path / "www"
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(2)]})
    workspace.build()
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    first = release_of(webroot)
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(2), penalty_row(3)]})
    workspace.build()
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    older = webroot / "releases" / first
    (older / records.RECORDS).unlink()  # a hard link: the other release keeps its own
    document = json.loads((older / MANIFEST).read_text())
    document["files"] = [entry for entry in document["files"] if entry["path"] != records.RECORDS]
    (older / MANIFEST).write_text(json.dumps(document))
    capsys.readouterr()
    assert run(str(webroot), "--rollback") == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert f"上一个版本 {first}" in err and "没有它公开的记录清单" in err and "拒绝回滚" in err
    assert release_of(webroot) != first
    with pytest.raises(DeployError) as refused:
        release.rollback(webroot, True, records.Ledger(None, ledger_rows), say=lambda line: None)
    assert refused.value.code == RECORDS_UNKNOWN
