"""What a deploy would change, checked before anything is touched: the build complete and matching its manifest,
its records lawful to show by the ledger's present state, and the plan of files added, changed and removed, as the
webmaster reads it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from disclosure.core.exit_codes import ExitCode
from disclosure.deploy import records
from disclosure.deploy.files import GONE, BuildStatus, page_of_marker, read_status
from disclosure.deploy.records import Ledger, Shown
from disclosure.public.states import STATE_LABELS
from disclosure.runtime.output import MANIFEST, read_manifest

RELEASES = "releases"


CURRENT = "current"


LOCK = ".deploy.lock"


DEFAULT_KEEP = 5


SHOWN = 20  # removed pages listed before "……"


# --checksum: rsync's quick check (same size, same time) would leave a file changed on the host as it is, and the
# verification after the upload would then fail on every run.
RSYNC_OPTIONS = ("--recursive", "--links", "--perms", "--times", "--checksum", "--chmod=D755,F644", "--8-bit-output",
                 "--delete-after", "--delay-updates")


Say = Callable[[str], None]


class DeployError(Exception):
    """Why nothing (or nothing more) was deployed, in Chinese; exit_code REFUSED (2), for a refusal as for a failure
    (core/exit_codes.py): the site being served is unchanged either way; code, where
    a caller (the back office's queue, a test) tells one refusal from another: RESURRECTS, LEDGER_UNAVAILABLE,
    RECORDS_UNKNOWN."""

    def __init__(self, message: str, exit_code: int = ExitCode.REFUSED, code: str = ""):
        super().__init__(message)
        self.exit_code = exit_code
        self.code = code


# Stable codes of the refusals that keep withdrawn and expired records off the web (DeployError.code).
RESURRECTS = "deploy-resurrects-withdrawn"
LEDGER_UNAVAILABLE = "deploy-ledger-unavailable"
RECORDS_UNKNOWN = "deploy-records-unknown"


@dataclass(frozen=True)
class Build:
    root: Path
    manifest: dict[str, dict]  # path → {"path", "size", "sha256"}
    status: BuildStatus
    records: tuple[Shown, ...]


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
    build = read_build(root, manifest, "这次构建", "部署")
    if strict and build.status.blocks_publication:
        raise DeployError(f"严格模式：这次构建（按 {build.status.as_of} 的规则）的数据有 {build.status.errors} 处错误，"
                          "相应记录没有公示，拒绝部署。请修正数据后重新构建，或不加 --strict 部署。")
    return build


def read_build(root: Path, manifest: dict[str, dict], what: str, doing: str) -> Build:
    """A build, or a release: `what` names it, `doing` what is refused without its bookkeeping."""
    status = read_status(root)
    if status is None:
        raise DeployError(f"{what}（{root}）中没有可用的构建状态文件（deploy/build.json），可能是旧版本程序生成的，拒绝{doing}："
                          "请重新运行 publish.py build 后部署新的构建。", code=RECORDS_UNKNOWN)
    shown = records.read(root)
    if shown is None:
        raise DeployError(f"{what}（{root}）中没有它公开的记录清单（{records.RECORDS}），可能是旧版本程序生成的：无法核对它是否"
                          f"会重新公开台账中已撤回或公示期满的记录，拒绝{doing}。请重新运行 publish.py build 后部署新的构建。",
                          code=RECORDS_UNKNOWN)
    return Build(root, manifest, status, shown)


def resurrection_refusal(build: Build, ledger: Ledger, what: str, doing: str, instead: str) -> DeployError | None:
    """The refusal a deploy (or rollback) of this build meets because it shows in full a record the ledger has since
    withdrawn or let expire, naming each; None when it shows none. A ledger that is not there or cannot be read is
    itself a refusal: nothing checked, nothing deployed."""
    path = ledger.path or Path(build.status.ledger)
    try:
        found = records.resurrections(build.records, path, ledger)
    except records.LedgerUnavailable as error:
        raise DeployError(f"{error}\n无法核对{what}是否会重新公开台账中已撤回或公示期满的记录，拒绝{doing}，网站未作任何改动。"
                          "请恢复台账，或用 --ledger 指定构建时使用的台账（默认为数据目录中的 .ledger.sqlite）后重新运行。",
                          code=LEDGER_UNAVAILABLE) from None
    if not found:
        return None
    named = "\n".join(f"  {resurrection.describe()}" for resurrection in found)
    return DeployError(f"拒绝{doing}：{what}（按 {build.status.as_of} 的规则生成）仍完整公开 {len(found)} 条台账 {path} 中"
                       f"已撤回或公示期满的记录；{doing}后它们的记录页、列表、检索、订阅源、下载文件和网站地图都会重新公开"
                       f"（《行政处罚法》第四十八条要求撤回的决定撤下并说明理由；公示期满的记录不再公示）：\n{named}\n"
                       f"网站未作任何改动。{instead}", code=RESURRECTS)


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
    describe_changes(plan, build, say)


def describe_changes(plan: Plan, build: Build, say: Say) -> None:
    say(f"  将新增 {len(plan.added)} 个文件，更新 {len(plan.changed)} 个，删除 {len(plan.removed)} 个。")
    gone = plan.gone()
    if gone:
        say(f"  新撤回或公示期满的记录 {len(gone)} 条，原地址将只显示说明页（返回 410）：")
        by_page = {record.page: record for record in build.records if record.page}
        for page, marker in gone.items():  # every one, by its 文书号: the webmaster checks each against the ledger
            state = (build.root / marker).read_text(encoding="utf-8").strip()
            record = by_page.get(page)
            say(f"    {record.named() if record else page}：{STATE_LABELS.get(state, state)}，原地址 {page}")
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


@dataclass(frozen=True)
class RemoteTarget:
    host: str  # user@host
    path: str

    def __str__(self) -> str:
        return f"{self.host}:{self.path}"
