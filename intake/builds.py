"""The build queue: an approval queues a build of the whole portal, and the worker (`python -m intake qcluster`,
django-q2 with its queue in the service's database) runs it as exactly `publish.py build` with the service's
folders, then `publish.py deploy` when INTAKE_DEPLOY_TO names a webroot. So it takes the lock a build from the
command line takes (disclosure/runtime/lock.py): while one runs, the other waits, and its BuildRun says so.

A queued build reads data/ only when it starts, so an approval while a build is still queued joins that build
rather than queueing another: that build publishes both.

django-q2 delivers a build again when it was not acknowledged `retry` seconds after it was taken: the worker was
killed, or the build is still running. The delivery that runs a build holds the queue's lock file (its process
ends, killed or not, and the kernel releases it): a second delivery waits for the first, then finds the build
finished and does nothing; one that finds the build started but the lock free runs it again (the first was
killed), at most MAX_ATTEMPTS times in all."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from disclosure.core.exit_codes import PUBLISHED
from disclosure.runtime import lock
from intake.environment import PROJECT_DIR
from intake.models import FINISHED, BuildRun, BuildState, Submission

logger = logging.getLogger("intake.builds")

MAX_ATTEMPTS = 3
FAILED_FOR_AGENCY = "网站构建没有成功，原因已记在管理后台的“网站构建”中，平台管理员处理后会重新构建。"
WAITING_WORDS = "等待中"  # how publish.py says it waits for another build's lock
POLL_SECONDS = 0.2
OUTPUT_KEPT = 20_000  # characters of publish.py's output kept for the admin: its end, where the outcome is


class BuildInterrupted(Exception):
    """publish.py was killed by a signal while the worker lived: left unacknowledged, to be delivered again."""


def queue_after(submission: Submission) -> BuildRun:
    """An approval's build: the one queued and not yet started, if any (it will read data/ as this approval left
    it), or a new one. The row lock keeps the worker from starting that build until this one has joined it."""
    with transaction.atomic():
        run = BuildRun.objects.select_for_update().filter(state=BuildState.QUEUED).order_by("queued", "id").first()
        run = run or queue()
        run.submissions.add(submission)
    return run


def queue() -> BuildRun:
    """A new build at the end of the queue: its row and the queue's task committed together, or neither."""
    with transaction.atomic():
        run = BuildRun.objects.create()
        async_task("intake.builds.run", run.pk, task_name=f"build-{run.pk}-{timezone.now():%Y%m%d%H%M%S%f}")
    return run


def run(build_id: int) -> str:
    """The queue's task (in the worker): build, and deploy if configured, unless another delivery did."""
    with lock.held([Path(settings.INTAKE_STATE_DIR) / "build-queue.lock"], "intake-build", say=lambda line: None):
        build = _start(build_id)
        if build is None:
            return "这次构建已经结束，无需再运行"
        try:
            _build_and_deploy(build)
        except BuildInterrupted:
            raise
        except Exception:  # noqa: BLE001 - recorded on the build, whatever it was, and in the worker's log
            logger.exception("build %s failed", build_id)
            _finish(build, BuildState.FAILED, "构建任务出错，网站没有更新。原因记在构建队列的日志中（生产环境："
                    "journalctl -u intake-worker；开发环境：运行 make intake 的终端），处理后在“网站构建”中重新构建。")
        return BuildRun.objects.get(pk=build_id).get_state_display()


def _start(build_id: int) -> BuildRun | None:
    with transaction.atomic():
        build = BuildRun.objects.select_for_update().filter(pk=build_id).first()
        if build is None or build.state in FINISHED:
            return None
        if build.attempts >= MAX_ATTEMPTS:
            build.state, build.finished = BuildState.FAILED, timezone.now()
            build.message = (f"已运行 {build.attempts} 次都没有完成（构建进程每次都被中止），不再自动重试："
                             "请平台管理员查看构建队列的日志，排除原因后在管理后台重新构建。")
            build.save()
            return None
        again = "上次运行没有完成（进程被中止），重新构建。" if build.attempts else ""
        build.state, build.started, build.finished = BuildState.RUNNING, timezone.now(), None
        build.attempts += 1
        build.message, build.deploy_to, build.deployed, build.output = again, settings.INTAKE_DEPLOY_TO, None, ""
        build.save()
        return build


def _build_and_deploy(build: BuildRun) -> None:
    data, site = Path(settings.INTAKE_DATA_DIR), Path(settings.INTAKE_SITE_DIR)
    built = _publish(build, "build", "--data", str(data), "--output", str(site),
                     "--ledger", str(settings.INTAKE_LEDGER), "--settings", str(settings.INTAKE_PORTAL_SETTINGS),
                     "--cache", str(settings.INTAKE_CACHE_DIR), "--reports", str(settings.INTAKE_REPORTS_DIR))
    if built.code not in PUBLISHED:  # records held back by errors: published all the same, deployed
        _finish(build, BuildState.FAILED, f"publish.py build 没有完成（退出码 {built.code}）：{built.last_words}")
        return
    BuildRun.objects.filter(pk=build.pk).update(**_summary(build))
    if build.deploy_to:
        deployed = _publish(build, "deploy", build.deploy_to, "--output", str(site), "--data", str(data))
        if deployed.code != 0:
            _finish(build, BuildState.FAILED, f"网站已生成，但部署到 {build.deploy_to} 没有完成（退出码 {deployed.code}）："
                                              f"{deployed.last_words}")
            return
        BuildRun.objects.filter(pk=build.pk).update(deployed=timezone.now())
    _finish(build, BuildState.SUCCEEDED, "")


def _finish(build: BuildRun, state: str, message: str) -> None:
    BuildRun.objects.filter(pk=build.pk).update(state=state, message=message, finished=timezone.now())


@dataclass(frozen=True)
class Finished:
    code: int
    output: str

    @property
    def last_words(self) -> str:
        """What publish.py said last: why it stopped."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        return "；".join(lines[-3:]) or "没有输出"


def _publish(build: BuildRun, *args: str) -> Finished:
    """publish.py with these arguments, its output kept on the build, its waits for a lock shown on it."""
    # python -m disclosure is publish.py, also where the program is installed as a package and no publish.py is.
    process = subprocess.Popen([sys.executable, "-m", "disclosure", *args], cwd=PROJECT_DIR,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               errors="replace", env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    lines: list[str] = []  # appended by the reader thread line by line, as publish.py says them

    def read() -> None:
        for line in process.stdout:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    _watch(build, process, lines, lock.for_output(Path(settings.INTAKE_SITE_DIR)))
    reader.join()
    output = "".join(lines)
    build.output = (build.output + output)[-OUTPUT_KEPT:]  # the deploy's after the build's
    BuildRun.objects.filter(pk=build.pk).update(output=build.output)
    if process.returncode < 0:
        BuildRun.objects.filter(pk=build.pk).update(
            state=BuildState.QUEUED, message=f"publish.py 被中止（信号 {-process.returncode}），"
                                             f"{settings.Q_CLUSTER['retry']} 秒内自动重新构建。")
        raise BuildInterrupted(f"publish.py {args[0]} killed by signal {-process.returncode}")
    return Finished(process.returncode, output)


def _watch(build: BuildRun, process: subprocess.Popen, lines: list[str], output_lock: Path) -> None:
    """Until publish.py ends: 等待其他构建 from its waiting line until it holds the output folder's lock, the last
    it takes (so then it holds them all)."""
    waiting, seen = False, 0
    while process.poll() is None:
        said = next((line.strip() for line in lines[seen:] if WAITING_WORDS in line), "")
        seen = len(lines)
        if said and not waiting:
            waiting = True
            BuildRun.objects.filter(pk=build.pk).update(state=BuildState.WAITING, message=said)
        holder = lock.holder_of(output_lock) if waiting else None
        if holder is not None and holder.pid == process.pid:
            waiting = False
            BuildRun.objects.filter(pk=build.pk).update(state=BuildState.RUNNING, message="")
        try:
            process.wait(POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass


def _summary(build: BuildRun) -> dict:
    """What the build's report (reports/report.json) and the ledger's entry for it say: read as soon as it ended."""
    found: dict = {}
    try:
        report = json.loads((Path(settings.INTAKE_REPORTS_DIR) / "report.json").read_text(encoding="utf-8"))
        found.update(files_checked=report["files_checked"], records_passed=report["records_passed"],
                     errors=report["errors"], warnings=report["warnings"])
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("build %s: no report summary", build.pk)
    try:
        ledger = Path(settings.INTAKE_LEDGER).resolve()
        with sqlite3.connect(f"{ledger.as_uri()}?mode=ro", uri=True, timeout=20) as connection:
            row = connection.execute("SELECT live, events FROM builds ORDER BY id DESC LIMIT 1").fetchone()
        if row:
            found.update(published=row[0], changes=row[1])
    except sqlite3.Error:
        logger.warning("build %s: no ledger summary", build.pk)
    return found


@dataclass(frozen=True)
class Online:
    """Where an approved submission stands on its way to the public site."""

    submission: Submission
    state: str  # in Chinese
    at: dt.datetime | None  # when it went online, if it did
    message: str


def online_of(submission: Submission) -> Online:
    """Every build reads the whole of data/: an approval went online with the first build that started after it
    and succeeded, queued for it or not; until then its own last build says where it stands."""
    done = (BuildRun.objects.filter(state=BuildState.SUCCEEDED, started__gte=submission.reviewed_at)
            .order_by("started").first()) if submission.reviewed_at else None
    if done is not None:
        return Online(submission, "已上线", done.online, "")
    own = submission.builds.order_by("-queued", "-id").first()
    if own is None:
        return Online(submission, "没有排队构建", None, "网站下次构建时上线。")
    # A failed build's own words (publish.py's last lines) may name other agencies' records or the server's
    # folders: the agency's page says where it stands, the admin's build page says why.
    said = FAILED_FOR_AGENCY if own.state == BuildState.FAILED else own.message
    return Online(submission, own.get_state_display(), None, said)
