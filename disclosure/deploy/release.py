"""Publish.py deploy: put a complete, verified build on the web server, so that visitors never see a half-updated
site, and take it back when something went wrong.

- The build is checked first: its manifest.json must be there (a build without it is incomplete) and match every
  file, byte for byte; under --strict its data must have had no blocking errors (deploy/build.json).
- Nothing the ledger has since withdrawn or let expire goes back online: a build (or, for --rollback, the release
  switched back to) that shows such a record in full is refused, each record named (deploy/records.py); --dry-run
  says so too, after the counts.
- A local folder DEST (a webroot on this server) gets a new release folder DEST/releases/<id>/, copied (unchanged
  files hard-linked from the previous release), verified against the manifest, then DEST/current, the symlink the
  web server serves, is switched to it in one rename. The last --keep releases stay; --rollback switches back.
- A remote user@host:/path is updated with rsync over SSH, every changed file renamed into place at the end
  (--delay-updates) and deletions after that (--delete-after), then verified with sha256sum run on the host.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from disclosure.deploy.local import LocalWebroot, refuse_overlap
from disclosure.deploy.plan import (
    DeployError,
    RemoteTarget,
    Say,
    check_build,
    resurrection_refusal,
)
from disclosure.deploy.records import Ledger
from disclosure.deploy.remote import Remote

_REMOTE = re.compile(r"^(?P<host>[^/:\s]+):(?P<path>.+)$")


def parse_target(text: str) -> Path | RemoteTarget:
    """user@host:/path, as rsync and scp write it, is remote; anything else is a local folder."""
    match = _REMOTE.match(text)
    if match and not Path(text).exists():
        return RemoteTarget(match["host"], match["path"])
    return Path(text)


def deploy(build_dir: Path, target: Path | RemoteTarget, strict: bool, dry_run: bool, keep: int, ssh: str,
           ledger: Ledger, say: Say = print) -> None:
    if isinstance(target, Path):
        refuse_overlap(build_dir, target)
    build = check_build(build_dir, strict)
    if build.status.sample:
        say(f"注意：{build_dir} 是用随程序提供的样例数据构建的（五个虚构的机关，网站标识码等为占位值），只供查看。"
            "正式网站请部署门户目录中的构建（publish.py init 新建门户目录，在那里构建后再部署）。")
    if isinstance(target, Path):
        warn_if_not_served(build.status.webroot, target, say)
    refusal = resurrection_refusal(build, ledger, f"构建 {build_dir}", "部署", _REBUILD)
    if refusal is not None and not dry_run:
        raise refusal
    if isinstance(target, RemoteTarget):
        Remote(target, ssh).deploy(build, dry_run, say)
    else:
        LocalWebroot(target).deploy(build, dry_run, keep, say)
    if refusal is not None:  # the dry run said what would change; the deploy itself would not be made
        raise refusal


_REBUILD = ("这次构建是在这些记录撤回或期满之前生成的。请用同一台账重新构建（publish.py build）后部署新的构建；"
            "旧的构建不能再部署。")


def rollback(target: Path | RemoteTarget, dry_run: bool, ledger: Ledger, say: Say = print) -> None:
    if isinstance(target, RemoteTarget):
        raise DeployError("远程目标由 rsync 直接更新，不保存历史版本，不能回滚。请把上一版的构建重新部署一次"
                          "（或部署到服务器本机的目录，那样可以 --rollback）。")
    LocalWebroot(target).rollback(dry_run, ledger, say)


def warn_if_not_served(webroot: str, target: Path, say: Say) -> None:
    """The build's nginx snippet serves DEPLOY_WEBROOT: a deploy elsewhere is not what the web server shows."""
    served = (target / "current").absolute()
    if webroot and Path(os.path.normpath(webroot)) != Path(os.path.normpath(served)):
        say(f"注意：这次构建的 nginx 配置片段（deploy/nginx.conf）按设置 DEPLOY_WEBROOT 指向 {webroot}，"
            f"而现在部署到 {served}：网站服务器若按这个片段配置，看不到这次部署。"
            f"如果要用 {target} 作网站目录，请在 pelicanconf.py 中把 DEPLOY_WEBROOT 设为 {served}，重新构建后再部署。")
