"""publish.py deploy: put a complete, verified build on the web server, so that visitors never see a half-updated
site, and take it back when something went wrong.

- The build is checked first: its manifest.json must be there (a build without it is incomplete) and match every
  file, byte for byte; under --strict its data must have had no blocking errors (deploy/build.json).
- A local folder DEST (a webroot on this server) gets a new release folder DEST/releases/<id>/, copied (unchanged
  files hard-linked from the previous release), verified against the manifest, then DEST/current, the symlink the
  web server serves, is switched to it in one rename. The last --keep releases stay; --rollback switches back.
- A remote user@host:/path is updated with rsync over SSH, every changed file renamed into place at the end
  (--delay-updates) and deletions after that (--delete-after), then verified with sha256sum run on the host.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .deploy_files import GONE, BuildStatus, page_of_marker, read_status
from .ledger import STATE_LABELS
from .output import MANIFEST, read_manifest

RELEASES = "releases"
CURRENT = "current"
LOCK = ".deploy.lock"
DEFAULT_KEEP = 5
SHOWN = 20  # removed pages listed before "……"
SHOWN_GONE = 500  # newly withdrawn or expired records listed: the ones a webmaster checks
RSYNC_OPTIONS = ("--recursive", "--links", "--perms", "--times", "--chmod=D755,F644", "--8-bit-output",
                 "--delete-after", "--delay-updates")

Say = Callable[[str], None]


class DeployError(Exception):
    """Why nothing (or nothing more) was deployed, in Chinese; exit_code 1 for a refusal, 2 for a failure."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


# ---- the build --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Build:
    root: Path
    manifest: dict[str, dict]  # path → {"path", "size", "sha256"}
    status: BuildStatus


@dataclass(frozen=True)
class Differences:
    missing: list[str]
    altered: list[str]  # size or SHA-256 differ from the manifest
    extra: list[str]  # files the manifest does not list

    @property
    def none(self) -> bool:
        return not (self.missing or self.altered or self.extra)

    def describe(self) -> str:
        parts = []
        for label, paths in (("缺少", self.missing), ("内容不符", self.altered), ("多出", self.extra)):
            if paths:
                parts.append(f"{label} {len(paths)} 个文件（{_sample(paths)}）")
        return "；".join(parts)


def check_build(root: Path, strict: bool) -> Build:
    manifest = read_manifest(root)
    if manifest is None:
        raise DeployError(f"{root} 中没有 {MANIFEST}：这不是一次完整的构建（构建未完成或中途出错），不能部署。"
                          "请先运行 publish.py build。")
    differences = compare(root, manifest)
    if not differences.none:
        raise DeployError(f"{root} 中的文件与 {MANIFEST} 不符：{differences.describe()}。构建目录可能被改动过，"
                          "不能部署；请重新运行 publish.py build。")
    status = read_status(root)
    if status is None:
        raise DeployError(f"{root} 中没有构建状态文件，可能是旧版本生成的：请重新运行 publish.py build。")
    if strict and status.blocks_publication:
        raise DeployError(f"严格模式：这次构建（按 {status.as_of} 的规则）的数据有 {status.errors} 处错误，"
                          "相应记录没有公示，拒绝部署。请修正数据后重新构建，或不加 --strict 部署。")
    return Build(root, manifest, status)


def compare(root: Path, manifest: dict[str, dict]) -> Differences:
    """Every file under root against the manifest: sizes first (cheap), then SHA-256 of each."""
    present = set(_files_under(root)) - {MANIFEST}
    missing, altered = [], []
    for path, entry in sorted(manifest.items()):
        if path not in present:
            missing.append(path)
        elif not _matches(root / path, entry):
            altered.append(path)
    return Differences(missing, altered, sorted(present - manifest.keys()))


def _files_under(root: Path) -> Iterator[str]:
    for folder, _, names in os.walk(root):
        base = Path(folder).relative_to(root)
        for name in names:
            yield (base / name).as_posix()


def _matches(path: Path, entry: dict) -> bool:
    try:
        if path.stat().st_size != entry["size"]:
            return False
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest() == entry["sha256"]
    except OSError:
        return False


# ---- what a deploy changes ------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def gone(self) -> dict[str, str]:
        """Records that become withdrawn or expired (their marker is new or changes state): page → marker."""
        return {page_of_marker(path): path for path in sorted(self.added + self.changed) if path.startswith(f"{GONE}/")}

    def removed_pages(self) -> list[str]:
        return [path for path in self.removed if path.endswith(".html") and not path.startswith(f"{GONE}/")]


def plan_between(deployed: dict[str, dict] | None, new: dict[str, dict]) -> Plan:
    deployed = deployed or {}
    return Plan(sorted(new.keys() - deployed.keys()),
                sorted(path for path in new.keys() & deployed.keys() if new[path]["sha256"] != deployed[path]["sha256"]),
                sorted(deployed.keys() - new.keys()))


def describe_plan(plan: Plan, build: Build, target: str, say: Say) -> None:
    say(f"部署预演（不做任何改动），目标 {target}：")
    say(f"  将新增 {len(plan.added)} 个文件，更新 {len(plan.changed)} 个，删除 {len(plan.removed)} 个。")
    gone = plan.gone()
    if gone:
        say(f"  新撤回或公示期满的记录 {len(gone)} 条，原地址将只显示说明页（返回 410）：")
        for page, marker in list(gone.items())[:SHOWN_GONE]:
            state = (build.root / marker).read_text(encoding="utf-8").strip()
            say(f"    {page}（{STATE_LABELS.get(state, state)}）")
        if len(gone) > SHOWN_GONE:
            say(f"    ……等 {len(gone)} 条")
    removed = plan.removed_pages()
    if removed:
        say(f"  将删除的页面 {len(removed)} 个：")
        for page in removed[:SHOWN]:
            say(f"    {page}")
        if len(removed) > SHOWN:
            say(f"    ……等 {len(removed)} 个")
    if plan.empty:
        say("  目标已与这次构建完全相同。")


def _sample(paths: list[str]) -> str:
    return "、".join(paths[:5]) + ("……" if len(paths) > 5 else "")


# ---- targets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RemoteTarget:
    host: str  # user@host
    path: str

    def __str__(self) -> str:
        return f"{self.host}:{self.path}"


_REMOTE = re.compile(r"^(?P<host>[^/:\s]+):(?P<path>.+)$")


def parse_target(text: str) -> Path | RemoteTarget:
    """user@host:/path, as rsync and scp write it, is remote; anything else is a local folder."""
    match = _REMOTE.match(text)
    if match and not Path(text).exists():
        return RemoteTarget(match["host"], match["path"])
    return Path(text)


def deploy(build_dir: Path, target: Path | RemoteTarget, strict: bool, dry_run: bool, keep: int, ssh: str,
           say: Say = print) -> None:
    build = check_build(build_dir, strict)
    if isinstance(target, RemoteTarget):
        Remote(target, ssh).deploy(build, dry_run, say)
    else:
        LocalWebroot(target).deploy(build, dry_run, keep, say)


def rollback(target: Path | RemoteTarget, dry_run: bool, say: Say = print) -> None:
    if isinstance(target, RemoteTarget):
        raise DeployError("远程目标由 rsync 直接更新，不保存历史版本，不能回滚。请把上一版的构建重新部署一次"
                          "（或部署到服务器本机的目录，那样可以 --rollback）。")
    LocalWebroot(target).rollback(dry_run, say)


# ---- a local webroot: releases and an atomic symlink ---------------------------------------------

class LocalWebroot:
    def __init__(self, dest: Path):
        self.dest = dest
        self.releases = dest / RELEASES
        self.current = dest / CURRENT

    def deploy(self, build: Build, dry_run: bool, keep: int, say: Say) -> None:
        self._refuse_foreign_folder()
        previous = self.current_release()
        deployed = read_manifest(previous) if previous else None
        plan = plan_between(deployed, build.manifest)
        if dry_run:
            describe_plan(plan, build, str(self.dest), say)
            return
        if previous and plan.empty and compare(previous, build.manifest).none:
            say(f"{self.current} 已是这次构建的内容（{previous.name}），无需部署。")
            return
        with self._locked():
            release = self._copy(build, previous, deployed or {})
            self._switch(release)
            pruned = self._prune(keep, keep_also={release.name, previous.name if previous else ""})
        say(f"已部署到 {release}，并已核对全部 {len(build.manifest)} 个文件与 {MANIFEST} 一致；{self.current} 已切换到新版本。")
        say(f"新增 {len(plan.added)} 个文件，更新 {len(plan.changed)} 个，删除 {len(plan.removed)} 个。"
            + (f"删除了旧版本：{'、'.join(p.name for p in pruned)}。" if pruned else ""))

    def rollback(self, dry_run: bool, say: Say) -> None:
        current = self.current_release()
        if current is None:
            raise DeployError(f"{self.dest} 中还没有部署过的版本（没有 {CURRENT}），无法回滚。")
        earlier = [release for release in self.release_folders() if release.name < current.name]
        if not earlier:
            raise DeployError(f"{current.name} 之前没有保留的版本，无法回滚。")
        target = earlier[-1]
        manifest = read_manifest(target)
        differences = compare(target, manifest) if manifest is not None else None
        if differences is None or not differences.none:
            detail = differences.describe() if differences else f"没有 {MANIFEST}"
            raise DeployError(f"上一个版本 {target} 与它的清单不符（{detail}），不能回滚到它。")
        if dry_run:
            say(f"回滚预演（不做任何改动）：{self.current} 将由 {current.name} 切换回 {target.name}。")
            plan = plan_between(read_manifest(current), manifest)
            say(f"  将新增 {len(plan.added)} 个文件，更新 {len(plan.changed)} 个，删除 {len(plan.removed)} 个。")
            return
        with self._locked():
            self._switch(target)
        say(f"已回滚：{self.current} 由 {current.name} 切换回 {target.name}（已核对全部文件）。")

    def current_release(self) -> Path | None:
        if not self.current.is_symlink():
            return None
        target = self.current.resolve()
        return target if target.is_dir() else None

    def release_folders(self) -> list[Path]:
        """Oldest first: release names are their deploy time."""
        if not self.releases.is_dir():
            return []
        return sorted(path for path in self.releases.iterdir() if path.is_dir() and not path.name.startswith("."))

    def _refuse_foreign_folder(self) -> None:
        # --keep deletes folders and a deploy replaces `current`: never do that in a folder that is not ours.
        if self.current.exists() and not self.current.is_symlink():
            raise DeployError(f"{self.current} 已存在且不是符号链接：请把网站目录换成新的空目录，或先移走它。")
        if self.dest.is_dir() and any(self.dest.iterdir()) and not (self.releases.is_dir() or self.current.is_symlink()):
            raise DeployError(f"{self.dest} 不是空目录，也不是本平台部署过的目录（没有 {RELEASES}/ 和 {CURRENT}）："
                              "为免覆盖其他文件，拒绝部署。请指定一个专用的空目录。")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.releases.mkdir(parents=True, exist_ok=True)
        with open(self.dest / LOCK, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DeployError(f"另一个部署或回滚正在 {self.dest} 上进行，请等它结束后再试。") from None
            yield

    def _copy(self, build: Build, previous: Path | None, deployed: dict[str, dict]) -> Path:
        """Into a hidden folder first, renamed to its release name only once verified: a deploy that dies halfway
        leaves nothing that --rollback could pick."""
        for stale in self.releases.glob(".*.partial"):
            shutil.rmtree(stale)  # a deploy that died: we hold the lock, so nobody is writing it
        name = self._new_release_name()
        staging = self.releases / f".{name}.partial"
        for path, entry in build.manifest.items():
            unchanged = previous is not None and deployed.get(path, {}).get("sha256") == entry["sha256"]
            _place(previous / path if unchanged else None, build.root / path, staging / path)
        shutil.copyfile(build.root / MANIFEST, staging / MANIFEST)
        differences = compare(staging, build.manifest)
        if differences.altered or differences.missing:
            # A hard-linked file of the previous release no longer held its manifest's bytes: copy afresh.
            for path in differences.altered + differences.missing:
                _place(None, build.root / path, staging / path)
            differences = compare(staging, build.manifest)
        if not differences.none:
            shutil.rmtree(staging)
            raise DeployError(f"复制到 {self.releases} 后核对不一致：{differences.describe()}。未切换网站，请检查磁盘后重试。",
                              exit_code=2)
        release = self.releases / name
        os.rename(staging, release)
        return release

    def _new_release_name(self) -> str:
        name = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        existing = [path.name for path in self.release_folders()]
        if existing and name <= existing[-1]:  # the clock went back: keep names in deploy order
            name = f"{existing[-1]}-1"
        return name

    def _switch(self, release: Path) -> None:
        """A new symlink under a temporary name, renamed over `current`: there is no moment without one."""
        temporary = self.dest / f".{CURRENT}.{os.getpid()}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(Path(RELEASES) / release.name, temporary)  # relative: the folder may be moved or mounted elsewhere
        os.replace(temporary, self.current)

    def _prune(self, keep: int, keep_also: set[str]) -> list[Path]:
        releases = self.release_folders()
        kept = {release.name for release in releases[-keep:]} | keep_also
        pruned = [release for release in releases if release.name not in kept]
        for release in pruned:
            shutil.rmtree(release)
        return pruned


def _place(linked_from: Path | None, source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.unlink(missing_ok=True)  # never write through a hard link into another release
    if linked_from is not None:
        try:
            os.link(linked_from, destination)
            return
        except OSError:
            pass  # another file system, or the old file is gone: copy it
    shutil.copyfile(source, destination)


# ---- a remote host: rsync over SSH ------------------------------------------------------------------

class Remote:
    def __init__(self, target: RemoteTarget, ssh: str):
        self.target = target
        self.ssh = ssh

    def deploy(self, build: Build, dry_run: bool, say: Say) -> None:
        state = self._folder_state()
        if state == "foreign":
            raise DeployError(f"{self.target} 不是空目录，也不是本平台部署过的目录（没有 {MANIFEST}）：rsync 会删除其中"
                              "不属于网站的文件，因此拒绝部署。请指定一个专用的空目录。")
        if dry_run:
            plan = plan_between(None, build.manifest) if state == "new" else self._dry_run(build)
            describe_plan(plan, build, str(self.target), say)
            return
        if state == "new":
            self._run_ssh(f"mkdir -p -- {shlex.quote(self.target.path)}")
        self._rsync(build, [])
        differences = self.verify(build.manifest, (build.root / MANIFEST).read_bytes())
        if not differences.none:
            raise DeployError(f"上传后核对 {self.target} 不一致：{differences.describe()}。请重新运行同一命令。", exit_code=2)
        say(f"已部署到 {self.target}，并已在服务器上用 sha256sum 核对全部 {len(build.manifest)} 个文件与 {MANIFEST} 一致。")

    def verify(self, manifest: dict[str, dict], manifest_bytes: bytes) -> Differences:
        """SHA-256 of every file on the host, computed there, against the manifest."""
        output = self._run_ssh(f"cd {shlex.quote(self.target.path)} && find . -type f -exec sha256sum -- {{}} +")
        found = dict(_parse_sha256sum(line) for line in output.splitlines() if line)
        expected = {path: entry["sha256"] for path, entry in manifest.items()}
        expected[MANIFEST] = hashlib.sha256(manifest_bytes).hexdigest()
        return Differences(sorted(expected.keys() - found.keys()),
                           sorted(path for path in expected.keys() & found.keys() if expected[path] != found[path]),
                           sorted(found.keys() - expected.keys()))

    def _folder_state(self) -> str:
        """new (no such folder), ours (empty, or holding a deployed manifest) or foreign: rsync --delete-after removes
        whatever the build does not have, so it only ever writes into a new or empty folder or one of ours."""
        path = shlex.quote(self.target.path)
        answer = self._run_ssh(f"if [ ! -e {path} ]; then echo new; "
                               f"elif cd {path} && {{ [ -e {MANIFEST} ] || [ -z \"$(ls -A)\" ]; }}; then echo ours; "
                               "else echo foreign; fi")
        return answer.strip()

    def _dry_run(self, build: Build) -> Plan:
        """rsync itself says what it would do, comparing contents (--checksum), not dates."""
        output = self._rsync(build, ["--dry-run", "--checksum", "--itemize-changes"])
        added, changed, removed = [], [], []
        for line in output.splitlines():
            flags, _, path = line.partition(" ")
            path = path.strip()
            if not path or path.endswith("/"):
                continue  # folders
            if flags == "*deleting":
                removed.append(path)
            elif flags[:2] in ("<f", ">f"):  # a file sent (< to a remote host) or received
                (added if flags[2:5] == "+++" else changed).append(path)
        return Plan(sorted(added), sorted(changed), sorted(removed))

    def _rsync(self, build: Build, extra: list[str]) -> str:
        command = ["rsync", *RSYNC_OPTIONS, *extra, "--rsh", self.ssh, f"{build.root}/", f"{self.target}/"]
        return self._run(command, "rsync 上传")

    def _run_ssh(self, remote_command: str) -> str:
        return self._run([*shlex.split(self.ssh), self.target.host, remote_command], "ssh 连接")

    def _run(self, command: list[str], what: str) -> str:
        try:
            result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        except FileNotFoundError:
            raise DeployError(f"找不到命令 {command[0]}：远程部署需要 rsync 和 ssh（Debian：apt-get install rsync "
                              "openssh-client）。", exit_code=2) from None
        if result.returncode != 0:
            detail = result.stderr.strip().splitlines()[-3:]
            raise DeployError(f"{what}失败（{command[0]} 退出码 {result.returncode}）：{' '.join(detail)}。"
                              "网站未更新或未核对；rsync 在传完前不会替换任何文件，修复后重新运行同一命令即可。",
                              exit_code=2)
        return result.stdout


def _parse_sha256sum(line: str) -> tuple[str, str]:
    """'<hex>  ./path', or with a leading backslash when the name holds a backslash or a newline."""
    escaped = line.startswith("\\")
    digest, _, name = line.removeprefix("\\").partition(" ")
    name = name[1:] if name[:1] in (" ", "*") else name
    if escaped:
        name = name.replace("\\n", "\n").replace("\\\\", "\\")
    return name.removeprefix("./"), digest


def default_ssh() -> str:
    return os.environ.get("RSYNC_RSH") or "ssh"
