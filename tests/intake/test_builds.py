"""The build queue with its real worker: `python -m intake qcluster` as a process of its own over the tests' file
database, running `publish.py build` as a process of its own. An approval queues a build that builds the site;
a build from the command line and one from the queue wait for each other, each recorded once in the ledger;
a build killed with its worker runs again from the queue once a worker is back."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from disclosure.runtime import lock
from disclosure.runtime.faults import ENVIRONMENT
from disclosure.runtime.output import MANIFEST
from tests.conftest import PROJECT
from tests.intake.conftest import AGENCY_A, Folders, agency_path, changed_workbook
from tests.intake.test_review import deliver, logged_in, submit

pytestmark = pytest.mark.django_db(transaction=True)

RETRY_SECONDS = 3  # a build taken by a worker and not acknowledged is delivered again after this long


@dataclass(frozen=True)
class Service:
    """The folders of the published fixture's build, which the service's builds use too."""

    folders: Folders
    ledger: Path
    site: Path
    cache: Path
    reports: Path

    def environment(self, **extra: str) -> dict[str, str]:
        from django.db import connection

        return {**os.environ, "PYTHONIOENCODING": "utf-8", "INTAKE_DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
                "INTAKE_STATE_DIR": str(self.folders.state), "INTAKE_DATA_DIR": str(self.folders.data),
                "INTAKE_LEDGER": str(self.ledger), "INTAKE_SITE_DIR": str(self.site),
                "INTAKE_CACHE_DIR": str(self.cache), "INTAKE_REPORTS_DIR": str(self.reports),
                "INTAKE_PORTAL_SETTINGS": str(PROJECT / "pelicanconf.py"),
                "INTAKE_BUILD_RETRY_SECONDS": str(RETRY_SECONDS), **extra}

    def build_args(self) -> list[str]:
        """publish.py build as a webmaster types it on the same portal."""
        return ["build", "--data", str(self.folders.data), "--output", str(self.site), "--ledger", str(self.ledger),
                "--cache", str(self.cache), "--reports", str(self.reports)]

    def ledger_builds(self) -> int:
        with sqlite3.connect(self.ledger) as connection:
            return connection.execute("SELECT COUNT(*) FROM builds").fetchone()[0]

    def published_twice(self) -> list[str]:
        with sqlite3.connect(self.ledger) as connection:
            return [uid for uid, in connection.execute(
                "SELECT uid FROM events WHERE event = 'published' GROUP BY uid HAVING COUNT(*) > 1")]


@pytest.fixture
def service(published, settings, tmp_path) -> Service:
    return Service(published, Path(settings.INTAKE_LEDGER), tmp_path / "site", tmp_path / "build-cache",
                   tmp_path / "reports")


def start_worker(service: Service, workers: list, **extra: str) -> subprocess.Popen:
    worker = subprocess.Popen([sys.executable, "-m", "intake", "qcluster"], cwd=PROJECT, env=service.environment(**extra),
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers.append(worker)
    return worker


def build_when(build_id: int, condition, seconds: float = 120):
    """The build as soon as it meets the condition (the worker moves it)."""
    from intake.models import BuildRun

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = BuildRun.objects.get(pk=build_id)
        if condition(found):
            return found
        time.sleep(0.2)
    raise AssertionError(f"build {build_id} stayed {found.get_state_display()}: {found.message} {found.output}")


def finished(build) -> bool:
    return build.finished is not None


def stopped_builder(service: Service, seconds: float = 120, other_than: tuple[int, ...] = ()) -> int:
    """The process id of the publish.py holding the site's lock once it has stopped itself at its stop point."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        holder = lock.holder_of(lock.for_output(service.site))
        if holder is not None and holder.pid not in other_than and Path(f"/proc/{holder.pid}/stat").is_file():
            if Path(f"/proc/{holder.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T":
                return holder.pid
        time.sleep(0.1)
    raise AssertionError("no build stopped at its stop point")


def test_an_approval_queues_a_build_that_the_worker_runs_into_the_site(service, clerk_a, live_server, tmp_path,
                                                                       today, workers):
    from intake.models import BuildRun

    upload = deliver(clerk_a, changed_workbook(tmp_path, today))
    submit(clerk_a, upload)
    reviewer = logged_in(live_server, "reviewer_a")
    assert reviewer.post(agency_path(AGENCY_A, f"reviews/{upload}/approve/"), {"comment": "同意"}).status_code == 302
    queued = BuildRun.objects.get()
    assert queued.get_state_display() == "排队中" and [str(s.upload_id) for s in queued.submissions.all()] == [upload]
    assert "排队中" in reviewer.get(agency_path(AGENCY_A)).text
    before = service.ledger_builds()

    start_worker(service, workers)
    done = build_when(queued.pk, finished)
    assert done.get_state_display() == "成功", done.output
    # Three workbooks (two agencies' profiles, 科技局's decisions) with 2 + 4 records; of the decisions 1 corrected,
    # 2 withdrawn, 3 as it was, 4 new: three live, three changes, nothing held back.
    assert (done.files_checked, done.records_passed, done.published, done.changes) == (3, 6, 3, 3)
    assert (done.errors, done.warnings) == (0, 0) and done.online == done.finished and done.attempts == 1
    assert service.ledger_builds() == before + 1
    pages = [path for path in service.site.rglob("*.html") if "朔城科罚〔2026〕4号" in path.read_text(encoding="utf-8")]
    assert pages and (service.site / MANIFEST).is_file()
    online = reviewer.get(agency_path(AGENCY_A)).text
    assert f"{done.finished.astimezone():%Y-%m-%d %H:%M:%S}" in online and "已上线" in online


def test_approvals_while_a_build_is_queued_share_it(service, accounts):
    from intake import builds
    from intake.models import BuildRun, Review, Submission, Upload

    def approved(user) -> Submission:
        upload = Upload.objects.create(agency=accounts[AGENCY_A], uploaded_by=user)
        return Submission.objects.create(upload=upload, state=Review.APPROVED, submitted_by=user)

    clerk = accounts[AGENCY_A].memberships.first().user
    first, second = builds.queue_after(approved(clerk)), builds.queue_after(approved(clerk))
    assert first == second and first.submissions.count() == 2
    BuildRun.objects.filter(pk=first.pk).update(state="running")  # once it has started, it read data/ already
    assert builds.queue_after(approved(clerk)) != first


def test_an_agency_page_says_a_build_failed_without_publish_pys_words(service, accounts):
    """publish.py's last lines may name other agencies' records or the server's folders: they stay in the admin."""
    from django.utils import timezone

    from intake import builds
    from intake.models import BuildRun, Review, Submission, Upload

    clerk = accounts[AGENCY_A].memberships.first().user
    upload = Upload.objects.create(agency=accounts[AGENCY_A], uploaded_by=clerk)
    submission = Submission.objects.create(upload=upload, state=Review.APPROVED, submitted_by=clerk,
                                           reviewed_at=timezone.now())
    run = builds.queue_after(submission)
    BuildRun.objects.filter(pk=run.pk).update(state="failed", message="朔城司罚〔2026〕9号 /srv/ledger.sqlite 不能读取")
    shown = builds.online_of(submission)
    assert shown.state == "失败" and shown.message == builds.FAILED_FOR_AGENCY and "9号" not in shown.message


def test_a_service_build_waits_for_a_command_line_build_and_each_is_recorded_once(service, workers):
    from intake import builds

    before = service.ledger_builds()
    command_line = subprocess.Popen([sys.executable, str(PROJECT / "publish.py"), *service.build_args()],
                                    env={**os.environ, "PYTHONIOENCODING": "utf-8", ENVIRONMENT: "pages"},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status = os.waitpid(command_line.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)  # holding every lock, its pages half written
    queued = builds.queue()
    webroot = service.folders.state.parent / "www"
    start_worker(service, workers, INTAKE_DEPLOY_TO=str(webroot))
    waiting = build_when(queued.pk, lambda build: build.get_state_display() == "等待其他构建")
    assert f"另一个构建正在进行（进程 {command_line.pid}，publish.py build，开始于 " in waiting.message
    assert "等待中" in waiting.message and waiting.finished is None

    os.kill(command_line.pid, signal.SIGCONT)
    assert command_line.wait(300) == 0, command_line.stderr.read()
    done = build_when(queued.pk, finished)
    assert done.get_state_display() == "成功", done.output
    assert service.ledger_builds() == before + 2 and service.published_twice() == []
    # Then deployed: the webroot serves the build, and the change went online when it was deployed.
    assert (webroot / "current" / MANIFEST).read_bytes() == (service.site / MANIFEST).read_bytes()
    assert done.deploy_to == str(webroot) and done.online == done.deployed is not None
    assert done.output.index("网站已生成到") < done.output.index("已部署到")  # the admin reads both, in order


def test_a_build_killed_with_its_worker_runs_again_from_the_queue_and_completes(service, workers):
    from intake import builds

    before = service.ledger_builds()
    queued = builds.queue()
    worker = start_worker(service, workers, **{ENVIRONMENT: "pages"})
    stopped_builder(service)
    assert build_when(queued.pk, lambda build: True).get_state_display() == "构建中"
    os.killpg(worker.pid, signal.SIGKILL)  # the worker, its pool and the publish.py it was running
    worker.wait()
    assert build_when(queued.pk, lambda build: True).get_state_display() == "构建中"  # as it was left

    start_worker(service, workers)
    done = build_when(queued.pk, finished)
    assert done.get_state_display() == "成功" and done.attempts == 2, done.output
    assert service.ledger_builds() == before + 1 and service.published_twice() == []
    assert (service.site / MANIFEST).is_file()


def test_a_build_whose_publish_py_is_killed_is_queued_again_three_times_at_most(service, workers):
    from intake import builds

    before = service.ledger_builds()
    queued = builds.queue()
    start_worker(service, workers, **{ENVIRONMENT: "checked"})  # every publish.py it starts stops there
    killed: tuple[int, ...] = ()
    for attempt in range(1, builds.MAX_ATTEMPTS + 1):
        builder = stopped_builder(service, other_than=killed)  # a new publish.py each time: the build run again
        assert build_when(queued.pk, lambda build: True).attempts == attempt
        os.kill(builder, signal.SIGKILL)  # publish.py alone: the worker lives on
        killed += (builder,)
    failed = build_when(queued.pk, finished)
    assert failed.get_state_display() == "失败" and failed.attempts == builds.MAX_ATTEMPTS
    assert f"已运行 {builds.MAX_ATTEMPTS} 次都没有完成" in failed.message and "重新构建" in failed.message
    assert service.ledger_builds() == before


def test_a_failed_build_says_why_in_chinese_and_the_admin_queues_it_again(service, workers, client,
                                                                          django_user_model, tmp_path):
    from intake import builds
    from intake.models import Action, AuditEvent, BuildRun

    broken = tmp_path / "broken-settings.py"
    broken.write_text("from pelicanconf import *\nPORTAL_PAGE_SIZE = '很多'\n", encoding="utf-8")
    queued = builds.queue()
    worker = start_worker(service, workers, INTAKE_PORTAL_SETTINGS=str(broken))
    failed = build_when(queued.pk, finished)
    from django_q.models import OrmQ

    deadline = time.monotonic() + 60
    while OrmQ.objects.exists():  # a failed build is finished: its task acknowledged, never delivered again
        assert time.monotonic() < deadline, "the failed build's task stays in the queue"
        time.sleep(0.1)
    os.killpg(worker.pid, signal.SIGKILL)  # the build queued again below stays queued
    worker.wait()
    assert failed.get_state_display() == "失败" and failed.online is None
    assert failed.message.startswith("publish.py build 没有完成（退出码 ") and "PORTAL_PAGE_SIZE" in failed.message
    assert "Traceback" not in failed.message and failed.published is None

    client.force_login(django_user_model.objects.create_superuser("admin", password="admin-password-1"))
    listing = client.get("/admin/intake/buildrun/").content.decode()
    assert "失败" in listing and "PORTAL_PAGE_SIZE" in listing
    shown = client.get(f"/admin/intake/buildrun/{failed.pk}/change/").content.decode()
    assert "构建时打印的内容" in shown and "PORTAL_PAGE_SIZE" in shown  # what publish.py printed, in full
    assert client.post(f"/admin/intake/buildrun/{failed.pk}/change/", {"state": "succeeded"}).status_code == 403
    assert client.post("/admin/intake/buildrun/", {"action": "build_again",
                                                   "_selected_action": [failed.pk]}).status_code == 302
    again = BuildRun.objects.exclude(pk=failed.pk).get()
    assert again.get_state_display() == "排队中" and BuildRun.objects.get(pk=failed.pk).state == "failed"
    assert OrmQ.objects.count() == 1  # the new build's task, waiting for a worker
    assert "排队的任务" in client.get("/admin/django_q/ormq/").content.decode()  # django-q2's own view of the queue
    assert AuditEvent.objects.filter(action=Action.BUILD, detail__contains=f"新的构建 {again.pk}").exists()
