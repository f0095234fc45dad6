"""A webroot on this server: releases side by side, unchanged files hard-linked, current switched in one rename."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from disclosure.deploy.plan import (
    CURRENT,
    LOCK,
    RELEASES,
    Build,
    DeployError,
    Say,
    compare,
    describe_changes,
    describe_plan,
    plan_between,
    read_build,
    resurrection_refusal,
)
from disclosure.deploy.records import Ledger
from disclosure.runtime.output import MANIFEST, read_manifest
from disclosure.runtime.paths import overlap


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

    def rollback(self, dry_run: bool, ledger: Ledger, say: Say) -> None:
        """Only to a release that shows nothing the ledger has since withdrawn or let expire (plan.py)."""
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
        release = read_build(target, manifest, f"上一个版本 {target.name}", "回滚")
        refusal = resurrection_refusal(release, ledger, f"上一个版本 {target.name}", "回滚", _instead(current, self.dest))
        if dry_run:
            say(f"回滚预演（不做任何改动）：{self.current} 将由 {current.name} 切换回 {target.name}。")
            describe_changes(plan_between(read_manifest(current), manifest), release, say)
        if refusal is not None:
            raise refusal
        if dry_run:
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
            raise DeployError(f"复制到 {self.releases} 后核对不一致：{differences.describe()}。未切换网站，请检查磁盘后重试。")
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


def _instead(current: Path, dest: Path) -> str:
    return (f"回滚只能把整个网站切换回上一个版本，不能只撤下这几条（它们也在那个版本的列表、检索、订阅源和下载文件里），"
            f"current 仍是 {current.name}。请不要回滚：当前版本有问题的，请修正数据后用同一台账重新构建并部署"
            f"（publish.py build，再 publish.py deploy {dest}）；要恢复的是撤回之后构建的某个版本，请把那次构建的目录"
            "重新部署一次（部署前同样会核对）。")


def refuse_overlap(build_dir: Path, dest: Path) -> None:
    """A webroot inside the build (or the build inside it) adds files the build's manifest does not list: that build
    could never be deployed again."""
    if overlap(build_dir, dest):
        raise DeployError(f"构建目录 {build_dir} 与网站目录 {dest} 重叠（一个在另一个之中，或是同一个目录）：部署会把"
                          "网站目录的文件写进构建目录，此后这次构建与它的 manifest.json 不符，再也无法部署。"
                          "请把网站目录设在构建目录以外，例如 /srv/zfgs。")


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

