"""publish.py deploy: a local webroot with releases and an atomic `current` symlink, rollback and pruning; the
refusals (incomplete build, files that do not match the manifest, --strict after errors); --dry-run; and a remote
deploy with rsync over SSH to a real sshd started on 127.0.0.1 with throwaway keys."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from disclosure import cli
from disclosure.core.exit_codes import ExitCode
from disclosure.deploy import release as deploy
from disclosure.deploy.files import GONE, STATUS, BuildStatus, marker_path, page_of_marker
from disclosure.deploy.plan import CURRENT, RELEASES
from disclosure.deploy.remote import Remote
from disclosure.runtime.output import MANIFEST, read_manifest
from tests.conftest import PENALTY_HEADER, PROJECT, Site, Workspace, kept_read_only, penalty_row, write_workbook

HEADER = [*PENALTY_HEADER, "当前状态", "撤回日期", "撤回理由"]
WITHDRAWN_FACTS = "当事人在实验室安全检查中拒不整改。"
SERVER_TOOLS_MISSING = ("{what} is missing: the SSH deploy test needs Debian's openssh-server and rsync.\n"
                        "缺少 {what}：SSH 部署测试需要 Debian 的 openssh-server 和 rsync。\n"
                        "  sudo apt-get install openssh-server rsync\n"
                        "(`make test` installs them itself when run as root: see the Makefile's deploy-setup.)")


# ---- data: a decision published, then withdrawn ----

def write_penalties(space: Workspace, withdrawn: bool, extra: int = 0) -> None:
    withdrawal = ["已撤销", dt.date(2026, 11, 19), "经行政复议撤销"] if withdrawn else ["有效", None, None]
    rows = [[*penalty_row(1, party="朔州市晶石科技有限公司", facts=WITHDRAWN_FACTS), *withdrawal],
            [*penalty_row(2), "有效", None, None],
            *([*penalty_row(10 + n, party=f"朔州市第{n}商店"), "有效", None, None] for n in range(extra))]
    write_workbook(space.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *rows]})


def withdrawn_page(site: Site) -> str:
    """The address of decision 1: its live page after the first build, its notice after the second."""
    (marker,) = [path for path in (site.root / GONE).rglob("*") if path.is_file()]
    return page_of_marker(marker.relative_to(site.root).as_posix())


def run(*args: str) -> int:
    return cli.main(["deploy", *args])


def release_of(webroot: Path) -> str:
    link = os.readlink(webroot / CURRENT)
    assert link.startswith(RELEASES + "/") and not os.path.isabs(link), link
    return Path(link).name


def releases(webroot: Path) -> list[str]:
    return sorted(path.name for path in (webroot / RELEASES).iterdir())


def assert_serves(webroot: Path, build: Path) -> None:
    """current holds exactly the build: every file byte-equal to it and to the manifest, nothing else."""
    served = webroot / CURRENT
    manifest = read_manifest(build)
    files = {p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file()}
    assert files == set(manifest) | {MANIFEST}
    for path, entry in manifest.items():
        data = (served / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"], path
        assert data == (build / path).read_bytes(), path
    assert (served / MANIFEST).read_bytes() == (build / MANIFEST).read_bytes()


def publish_into(workspace: Workspace) -> Workspace:
    workspace.agency()
    write_penalties(workspace, withdrawn=False)
    workspace.build()
    return workspace


@pytest.fixture
def published(workspace: Workspace) -> Workspace:
    """Built in the test's own workspace: for a test that builds again or tampers with the build."""
    return publish_into(workspace)


@pytest.fixture(scope="module")
def published_once(tmp_path_factory) -> Iterator[Workspace]:
    """Built once for the module's tests that only deploy it."""
    space = publish_into(Workspace(tmp_path_factory.mktemp("published")))
    with kept_read_only(space.root):
        yield space


# ---- local webroot ----

def test_deploy_twice_switches_current_and_rollback_switches_back(published, tmp_path, capsys, monkeypatch):
    space, webroot = published, tmp_path / "www"
    monkeypatch.chdir(tmp_path)  # DEST as a webmaster may write it: relative
    assert not (space.output / GONE).exists()  # nothing withdrawn yet
    assert run("www", "--output", str(space.output)) == 0
    first = release_of(webroot)
    assert_serves(webroot, space.output)
    build_one = {path: (space.output / path).read_bytes() for path in read_manifest(space.output)}

    write_penalties(space, withdrawn=True)
    space.build()
    page = withdrawn_page(Site(space.output))
    assert WITHDRAWN_FACTS in build_one[page].decode()  # the same address held the live decision
    assert run("www", "--output", str(space.output)) == 0
    second = release_of(webroot)
    assert second > first and releases(webroot) == [first, second]
    assert_serves(webroot, space.output)
    notice = (webroot / "current" / page).read_text(encoding="utf-8")
    assert "已撤回" in notice and "经行政复议撤销" in notice and WITHDRAWN_FACTS not in notice
    assert (webroot / "current" / marker_path(page)).read_text() == "withdrawn"
    # Unchanged files are hard links into the previous release, not copies.
    assert (webroot / "releases" / first / "about.html").stat().st_ino == (webroot / "current/about.html").stat().st_ino
    build_two = {path: (space.output / path).read_bytes() for path in read_manifest(space.output)}

    # Back to the first release would put the withdrawn decision online again: refused (tests/deploy/test_lawful.py).
    capsys.readouterr()
    assert run("www", "--rollback") == ExitCode.REFUSED
    assert release_of(webroot) == second and "拒绝回滚" in capsys.readouterr().err

    # A third release adds two decisions; rolling back to the second resurrects nothing, and switches back.
    write_penalties(space, withdrawn=True, extra=2)
    space.build()
    assert run("www", "--output", str(space.output)) == 0
    third = release_of(webroot)
    assert run("www", "--rollback") == 0
    assert release_of(webroot) == second
    assert (webroot / "current" / page).read_bytes() == build_two[page]
    assert {p.relative_to(webroot / "current").as_posix() for p in (webroot / "current").rglob("*") if p.is_file()} \
        == set(build_two) | {MANIFEST}
    assert "已回滚" in capsys.readouterr().out

    # A fourth deploy with --keep 1 keeps the new release and the previous one (the rolled-back current), not more.
    write_penalties(space, withdrawn=True, extra=3)
    space.build()
    assert run("www", "--output", str(space.output), "--keep", "1") == 0
    fourth = release_of(webroot)
    assert third < fourth and releases(webroot) == [second, fourth]
    assert_serves(webroot, space.output)
    assert not list((webroot / "releases").glob(".*")) and not list(webroot.glob(".current*"))


def test_rollback_without_an_earlier_release_says_so(published_once, tmp_path, capsys):
    webroot = tmp_path / "www"
    assert run(str(webroot), "--rollback") == ExitCode.REFUSED
    assert "还没有部署过" in capsys.readouterr().err
    assert run(str(webroot), "--output", str(published_once.output)) == 0
    assert run(str(webroot), "--rollback") == ExitCode.REFUSED
    assert "没有保留的版本" in capsys.readouterr().err


def test_rollback_refuses_a_release_that_was_tampered_with(published, tmp_path, capsys):
    webroot = tmp_path / "www"
    assert run(str(webroot), "--output", str(published.output)) == 0
    first = release_of(webroot)
    write_penalties(published, withdrawn=True)
    published.build()
    assert run(str(webroot), "--output", str(published.output)) == 0
    second = release_of(webroot)
    target = webroot / "releases" / first / "index.html"
    target.unlink()  # a hard link: rewrite it alone, not the other release's file
    target.write_text("defaced")
    assert run(str(webroot), "--rollback") == ExitCode.REFUSED
    assert "index.html" in capsys.readouterr().err and release_of(webroot) == second


def test_dry_run_lists_the_withdrawn_record_and_changes_nothing(published, tmp_path, capsys):
    webroot = tmp_path / "www"
    assert run(str(webroot), "--output", str(published.output)) == 0
    before = snapshot(webroot)
    write_penalties(published, withdrawn=True)
    published.build()
    page = withdrawn_page(Site(published.output))
    capsys.readouterr()
    assert run(str(webroot), "--output", str(published.output), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "部署预演" in out and "新撤回或公示期满的记录 1 条" in out
    assert f"朔城科罚〔2026〕1号（朔州市朔城区科学技术局，行政处罚决定）：已撤回，原地址 {page}" in out  # by its 文书号
    assert "将新增 1 个文件" in out  # the withdrawal's marker; the page itself changes
    assert snapshot(webroot) == before


def test_a_first_dry_run_creates_nothing(published_once, tmp_path, capsys):
    webroot = tmp_path / "www"
    assert run(str(webroot), "--output", str(published_once.output), "--dry-run") == 0
    manifest = read_manifest(published_once.output)
    assert f"将新增 {len(manifest)} 个文件，更新 0 个，删除 0 个" in capsys.readouterr().out
    assert not webroot.exists()


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root with what it is: a symlink's target, a file's bytes, inode and modification time."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_file():
            stat = path.stat()
            found[key] = ("file", path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
        else:
            found[key] = ("dir",)
    return found


# ---- refusals ----

def test_a_build_without_its_manifest_is_refused(published, tmp_path, capsys):
    (published.output / MANIFEST).unlink()
    assert run(str(tmp_path / "www"), "--output", str(published.output)) == ExitCode.REFUSED
    assert "不是一次完整的构建" in capsys.readouterr().err
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("tamper, expected", [
    (lambda root: (root / "index.html").write_text("<p>defaced</p>"), "内容不符 1 个文件（index.html）"),
    (lambda root: (root / "about.html").unlink(), "缺少 1 个文件（about.html）"),
    (lambda root: (root / "stray.php").write_text("<?php"), "多出 1 个文件（stray.php）"),
])
def test_a_build_whose_files_do_not_match_the_manifest_is_refused(published, tmp_path, capsys, tamper, expected):
    webroot = tmp_path / "www"
    assert run(str(webroot), "--output", str(published.output)) == 0
    before = snapshot(webroot)
    tamper(published.output)
    assert run(str(webroot), "--output", str(published.output)) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "与 manifest.json 不符" in err and expected in err
    assert snapshot(webroot) == before


def test_strict_refuses_a_build_whose_data_had_errors(workspace, tmp_path, capsys):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1),
                                                         penalty_row(2, decided="2026-02-30")]})
    workspace.build()  # the row with an error is held back, the other published
    status = BuildStatus.from_bytes((workspace.output / STATUS).read_bytes())
    assert status.errors == 1 and status.live == 1 and not status.strict and status.as_of == "2026-11-20"
    webroot = tmp_path / "www"
    capsys.readouterr()
    assert run(str(webroot), "--output", str(workspace.output), "--strict") == ExitCode.REFUSED
    assert "严格模式" in capsys.readouterr().err and not webroot.exists()
    assert run(str(webroot), "--output", str(workspace.output)) == 0  # without --strict the webmaster may


def test_a_folder_that_is_not_a_webroot_of_ours_is_refused(published_once, tmp_path, capsys):
    webroot = tmp_path / "www"
    webroot.mkdir()
    (webroot / "index.html").write_text("another site")
    assert run(str(webroot), "--output", str(published_once.output)) == ExitCode.REFUSED
    assert "不是本平台部署过的目录" in capsys.readouterr().err
    assert [p.name for p in webroot.iterdir()] == ["index.html"]


def test_deploy_from_the_command_line_in_chinese(tmp_path):
    result = subprocess.run([sys.executable, str(cli.PROJECT_DIR / "publish.py"),
                             "deploy", str(tmp_path / "www"), "--output", str(tmp_path / "nothing-here")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == ExitCode.REFUSED and "不是一次完整的构建" in result.stderr and "Traceback" not in result.stderr


# ---- remote: rsync over SSH to a real sshd ----

@dataclass
class SshServer:
    port: int
    key: Path
    user: str

    @property
    def ssh(self) -> str:
        return (f"ssh -p {self.port} -i {self.key} -o IdentitiesOnly=yes -o BatchMode=yes "
                "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR")

    def target(self, path: Path) -> str:
        return f"{self.user}@127.0.0.1:{path}"


def require(path: str) -> str:
    found = shutil.which(path) if "/" not in path else (path if os.access(path, os.X_OK) else None)
    if not found:
        pytest.fail(SERVER_TOOLS_MISSING.format(what=path), pytrace=False)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory) -> Iterator[SshServer]:
    """Debian's sshd on 127.0.0.1 with a throwaway host key, accepting one throwaway user key for whoever runs
    the tests (root on CI, hence PermitRootLogin prohibit-password and StrictModes no for the temporary files)."""
    sshd_path = require("/usr/sbin/sshd")
    for tool in ("ssh", "ssh-keygen", "rsync", "sha256sum"):
        require(tool)
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "user_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copy(folder / "user_key.pub", folder / "authorized_keys")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host_key'}", f"PidFile {folder / 'sshd.pid'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
        "StrictModes no", "LogLevel ERROR", ""]))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder, made by its service
    server = subprocess.Popen([sshd_path, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, server)
        yield SshServer(port, folder / "user_key", getpass.getuser())
    finally:
        server.terminate()
        server.wait(10)


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            pytest.fail(f"sshd exited with {process.returncode}: {process.stderr.read()}", pytrace=False)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on 127.0.0.1:{port}"
            time.sleep(0.1)


def remote_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.server
def test_deploy_over_ssh_uploads_verifies_and_removes_withdrawn_content(published, sshd, tmp_path, capsys):
    space, remote = published, tmp_path / "remote" / "zfgs"
    target = sshd.target(remote)
    assert run(target, "--output", str(space.output), "--ssh", sshd.ssh) == 0
    out = capsys.readouterr().out
    assert "sha256sum 核对全部" in out
    manifest = read_manifest(space.output)
    files = remote_files(remote)
    assert set(files) == set(manifest) | {MANIFEST}
    assert all(hashlib.sha256(files[path]).hexdigest() == entry["sha256"] for path, entry in manifest.items())
    live_pages = [path for path, data in files.items() if WITHDRAWN_FACTS.encode() in data and path.endswith(".html")]
    assert live_pages

    write_penalties(space, withdrawn=True)
    space.build()
    page = withdrawn_page(Site(space.output))
    assert page in live_pages
    (remote / "stray.html").write_text("not the build's")  # a deploy leaves exactly the build
    files = remote_files(remote)
    assert run(target, "--output", str(space.output), "--ssh", sshd.ssh, "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"朔城科罚〔2026〕1号（朔州市朔城区科学技术局，行政处罚决定）：已撤回，原地址 {page}" in out
    assert "将新增 1 个文件" in out and "删除 1 个" in out and "    stray.html" in out
    assert remote_files(remote) == files  # the dry run changed nothing

    assert run(target, "--output", str(space.output), "--ssh", sshd.ssh) == 0
    after = remote_files(remote)
    assert set(after) == set(read_manifest(space.output)) | {MANIFEST}
    assert after[page] == (space.output / page).read_bytes()
    assert "已撤回" in after[page].decode() and WITHDRAWN_FACTS not in after[page].decode()
    assert after[marker_path(page)] == b"withdrawn"
    assert not [path for path in after if path.startswith(".~tmp~")]

    # Tampering on the host is what the verification finds.
    (remote / "index.html").write_text("defaced")
    differences = Remote(deploy.parse_target(target), sshd.ssh).verify(
        read_manifest(space.output), (space.output / MANIFEST).read_bytes())
    assert differences.altered == ["index.html"] and not differences.missing and not differences.extra


@pytest.mark.server
def test_remote_folder_of_another_site_is_refused_and_rollback_is_local_only(published_once, sshd, tmp_path, capsys):
    remote = tmp_path / "other-site"
    remote.mkdir()
    (remote / "index.html").write_text("another site")
    assert run(sshd.target(remote), "--output", str(published_once.output), "--ssh", sshd.ssh) == ExitCode.REFUSED
    assert "不是本平台部署过的目录" in capsys.readouterr().err
    assert remote_files(remote) == {"index.html": b"another site"}
    assert run(sshd.target(remote), "--rollback") == ExitCode.REFUSED
    assert "不能回滚" in capsys.readouterr().err


def test_an_unreachable_host_is_a_clear_failure(published_once, tmp_path, capsys):
    ssh = f"ssh -p {free_port()} -o BatchMode=yes -o ConnectTimeout=5"
    assert run(f"nobody@127.0.0.1:{tmp_path / 'x'}", "--output", str(published_once.output), "--ssh", ssh) == 2
    assert "ssh 连接失败" in capsys.readouterr().err


def test_a_deploy_to_another_folder_than_deploy_webroot_warns_that_nginx_will_not_serve_it(workspace, tmp_path, capsys):
    webroot = tmp_path / "www"
    workspace.agency()
    write_penalties(workspace, withdrawn=False)
    workspace.build()  # DEPLOY_WEBROOT as pelicanconf.py has it: /srv/zfgs/current
    capsys.readouterr()
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    said = capsys.readouterr().out
    assert "注意" in said and "/srv/zfgs/current" in said and str(webroot / CURRENT) in said
    assert_serves(webroot, workspace.output)  # a warning, not a refusal

    settings = tmp_path / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                        f"DEPLOY_WEBROOT = {str(webroot / CURRENT)!r}\n", encoding="utf-8")
    workspace.build("--settings", str(settings))
    capsys.readouterr()
    assert run(str(webroot), "--output", str(workspace.output)) == 0
    assert "DEPLOY_WEBROOT" not in capsys.readouterr().out
