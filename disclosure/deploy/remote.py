"""A webroot on another host, over SSH: rsync comparing checksums, with delayed updates and deletions last, then sha256sum
run there."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess

from disclosure.deploy.plan import (
    RSYNC_OPTIONS,
    Build,
    DeployError,
    Differences,
    Plan,
    RemoteTarget,
    Say,
    describe_plan,
    plan_between,
)
from disclosure.runtime.output import MANIFEST


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
            raise DeployError(f"上传后核对 {self.target} 不一致：{differences.describe()}。请重新运行同一命令。")
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
        """rsync itself says what it would do, comparing contents (RSYNC_OPTIONS' --checksum), not dates."""
        output = self._rsync(build, ["--dry-run", "--itemize-changes"])
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
                              "openssh-client）。") from None
        if result.returncode != 0:
            detail = result.stderr.strip().splitlines()[-3:]
            raise DeployError(f"{what}失败（{command[0]} 退出码 {result.returncode}）：{' '.join(detail)}。"
                              "网站未更新或未核对；rsync 在传完前不会替换任何文件，修复后重新运行同一命令即可。")
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

