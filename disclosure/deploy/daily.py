"""The daily run: a systemd service and timer (and the same as one cron line) that build and deploy the portal
every day at a set time, written by `publish.py daily-files`.

A daily run is needed even when nobody uploads: a record whose 公示期 ends must leave the site on that day, and
deadlines pass. The service runs exactly the shell command the cron line runs (`command`): publish.py build, then,
when the build published (core/exit_codes.py PUBLISHED: also with records held back by errors), publish.py deploy.
Its exit code is deploy's when deploy fails, else build's: 1 when records were held back, so that the timer shows
in `systemctl --failed` and cron mails (both commands run with --quiet: they print only what needs a look).

Sandboxed like the back office's units (intake/production.py): the file system read-only but for the data folder,
the ledger's folder, the cache, the reports, the output folder's parent (its lock file lies beside it,
runtime/lock.py) and a local deploy target. The files are for /etc/systemd/system/, with absolute paths of this
machine: they are written where the webmaster says, never into the output folder (which is the public site).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from disclosure.core.exit_codes import PUBLISHED, ExitCode

NAME = "zfgs-daily"


@dataclass(frozen=True)
class DailyPlan:
    python: Path  # the virtualenv's python
    project_dir: Path  # the working directory: the portal folder (publish.py init), or the program's own
    data: Path
    settings: Path
    cache: Path
    ledger: Path
    reports: Path
    output: Path
    deploy_to: str  # a local folder or user@host:/path (parsed by release.parse_target)
    deploy_local: bool  # deploy_to is a folder of this machine: writable by the service
    hour: int
    minute: int
    user: str
    name: str = NAME


def parse_time(text: str) -> tuple[int, int] | None:
    """'02:30' → (2, 30); None when it is not HH:MM of a day."""
    hour, _, minute = text.partition(":")
    if not (hour.isdigit() and minute.isdigit() and len(minute) == 2):
        return None
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        return None
    return int(hour), int(minute)


def writable(plan: DailyPlan) -> tuple[Path, ...]:
    """Each folder once, none inside another: the ledger's folder (SQLite writes its journal beside it), the
    output's parent (its lock file is beside it)."""
    folders: list[Path] = []
    local = [Path(plan.deploy_to)] if plan.deploy_local else []
    for folder in (plan.data, plan.ledger.parent, plan.cache, plan.reports, plan.output.parent, *local):
        folder = folder.resolve()
        if not any(folder.is_relative_to(kept) for kept in folders):
            folders = [kept for kept in folders if not kept.is_relative_to(folder)] + [folder]
    return tuple(folders)


def _publish(plan: DailyPlan, *args: str | Path) -> str:
    # python -m disclosure is publish.py, also where the program is installed as a package and no publish.py is.
    return shlex.join([str(plan.python), "-m", "disclosure", *map(str, args)])


def command(plan: DailyPlan) -> str:
    """The POSIX shell command of the whole run: build, deploy when the build published, the right exit code."""
    build = _publish(plan, "build", "--data", plan.data, "--settings", plan.settings, "--cache", plan.cache,
                     "--ledger", plan.ledger, "--reports", plan.reports, "--output", plan.output, "--quiet")
    deploy = _publish(plan, "deploy", plan.deploy_to, "--output", plan.output, "--data", plan.data,
                      "--ledger", plan.ledger, "--quiet")
    published = "|".join(str(code.value) for code in PUBLISHED)
    return (f"cd {shlex.quote(str(plan.project_dir))} || exit {ExitCode.REFUSED.value}; {build}; code=$?; "
            f"case $code in {published}) ;; *) exit $code ;; esac; {deploy} || exit; exit $code")


def _systemd_quoted(text: str) -> str:
    """One ExecStart word: double-quoted (backslash and quote escaped), $ and % doubled (systemd's variables
    and specifiers)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "$$").replace("%", "%%")
    return f'"{escaped}"'


def cron_line(plan: DailyPlan) -> str:
    """For the service user's crontab (crontab -e): minute hour, every day; cron takes a bare % as a newline."""
    return f"{plan.minute} {plan.hour} * * * {command(plan).replace('%', chr(92) + '%')}"


def service(plan: DailyPlan) -> str:
    folders = " ".join(_systemd_quoted(str(folder)) for folder in writable(plan))
    return f"""\
# 行政执法公示平台 — 每日构建和部署的 systemd 服务，由 publish.py daily-files 生成，请勿手工修改。
# 由 {plan.name}.timer 每天定时启动；也可以手工运行一次：systemctl start {plan.name}.service
# 查看日志：journalctl -u {plan.name}.service
# 先构建（publish.py build --quiet），构建完成（退出码 0 或 1）时再部署到 {plan.deploy_to}。
# 以账号 {plan.user} 运行。整个文件系统只读，只有这些目录可写：{folders}

[Unit]
Description=行政执法公示平台：每日构建和部署
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
User={plan.user}
Group={plan.user}
WorkingDirectory={plan.project_dir}
ExecStart=/bin/sh -c {_systemd_quoted(command(plan))}
SyslogIdentifier={plan.name}
TimeoutStartSec=3h
Nice=10
UMask=0022

NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=read-only
ReadWritePaths={folders}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
"""


def timer(plan: DailyPlan) -> str:
    at = f"{plan.hour:02d}:{plan.minute:02d}"
    return f"""\
# 行政执法公示平台 — 每日构建和部署的定时器，由 publish.py daily-files 生成，请勿手工修改。
# 每天 {at}（按本机时区）启动 {plan.name}.service。关机错过的，开机后立即补做一次（Persistent=true）。
# 启用：systemctl daemon-reload && systemctl enable --now {plan.name}.timer
# 查看下次运行时间：systemctl list-timers {plan.name}.timer

[Unit]
Description=行政执法公示平台：每天 {at} 构建和部署

[Timer]
OnCalendar=*-*-* {at}:00
Persistent=true
AccuracySec=1min
RandomizedDelaySec=0
Unit={plan.name}.service

[Install]
WantedBy=timers.target
"""


def write(plan: DailyPlan, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((f"{plan.name}.service", service(plan)), (f"{plan.name}.timer", timer(plan)),
                       (f"{plan.name}.cron", cron_line(plan) + "\n")):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
