"""Issue 19's whole path: in Debian's chromium, without JavaScript, a clerk uploads and submits, a reviewer (another
account) approves; the build the approval queued is run by the real worker (`python -m intake qcluster`) as
`publish.py build`, then `publish.py deploy` into a local webroot that a real nginx serves with the portal's own
snippet. Over HTTP the new record is there, the corrected one shows its correction, the withdrawn one answers 410
with its notice and reason; the agency's page says when the change went online; `publish.py history` names the
clerk who submitted and the reviewer who approved."""

from __future__ import annotations

import contextlib
import io
import json
import time

import pytest
from django.utils import timezone

from disclosure import cli
from tests.browser import LOCAL_HOST
from tests.conftest import PROJECT
from tests.deploy.test_nginx import SUB_PATH, fetch, nginx_serving
from tests.intake.conftest import AGENCY_A, NEW_FACTS, OLD_FACTS, REASON, agency_path, changed_workbook
from tests.intake.test_builds import Service, start_worker
from tests.intake.test_pages_in_a_browser import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server]

DOMAIN = "zfgs.example.gov.cn"


def portal_settings(tmp_path, webroot) -> str:
    """The portal's settings as a county writes them: its address under a sub-path, its webroot on this server."""
    path = tmp_path / "portal-settings.py"
    path.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n"
                    f"SITEURL = 'https://{DOMAIN}{SUB_PATH.rstrip('/')}'\n"
                    f"DEPLOY_WEBROOT = {str(webroot / 'current')!r}\n", encoding="utf-8")
    return str(path)


def online_build(seconds: float = 240):
    from intake.models import BuildRun

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        build = BuildRun.objects.order_by("-id").first()
        if build is not None and build.finished is not None:
            assert build.online is not None, f"{build.get_state_display()}：{build.message}\n{build.output}"
            return build
        time.sleep(0.5)
    raise AssertionError("the queued build never finished")


def shown_records(webroot) -> dict[str, dict]:
    """What the deployed build shows, by 文书号 (deploy/records.json, which the deploy itself checks)."""
    listed = json.loads((webroot / "current" / "deploy" / "records.json").read_text(encoding="utf-8"))
    rows = (dict(zip(listed["columns"], row)) for row in listed["records"])
    return {row["shown"]: row for row in rows}


def history(service: Service, number: str) -> str:
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        assert cli.main(["history", number, "--ledger", str(service.ledger)]) == 0
    return said.getvalue()


def test_an_approved_change_is_built_deployed_and_served_with_who_signed_it_off(
        live_server, published, no_script_page, settings, tmp_path, today, workers):
    webroot = tmp_path / "www"
    settings.INTAKE_PORTAL_SETTINGS = portal_settings(tmp_path, webroot)
    service = Service(published, settings.INTAKE_LEDGER, tmp_path / "site", tmp_path / "build-cache",
                      tmp_path / "reports")
    start_worker(service, workers, INTAKE_DEPLOY_TO=str(webroot), INTAKE_PORTAL_SETTINGS=settings.INTAKE_PORTAL_SETTINGS)
    page, network = no_script_page
    base = live_server.url.replace("localhost", LOCAL_HOST)

    upload = tmp_path / "行政处罚决定.xlsx"
    upload.write_bytes(changed_workbook(tmp_path, today))
    log_in(page, base, "clerk_a")
    page.goto(base + agency_path(AGENCY_A))
    page.get_by_label("选择要报送的文件").set_input_files(upload)
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_label("报送说明（可不填）").fill("更正1号，撤销2号，补报4号")
    page.get_by_role("button", name="提交审核").click()
    page.context.clear_cookies()

    log_in(page, base, "reviewer_a")
    page.goto(base + agency_path(AGENCY_A))
    page.get_by_role("link", name="待审核的报送（1 份）").click()
    page.get_by_role("link", name=today.isoformat(), exact=False).click()
    page.get_by_role("button", name="审核通过，把文件放入数据目录").click()
    assert page.locator("#state").inner_text() == "已通过"

    build = online_build()
    page.goto(base + agency_path(AGENCY_A))
    went_online = page.get_by_role("region", name="审核通过的报送何时上线").inner_text()
    assert f"{timezone.localtime(build.online):%Y-%m-%d %H:%M:%S}" in went_online and "reviewer_a" in went_online
    network.assert_only_local()

    shown = shown_records(webroot)
    number = {n: next(name for name in shown if name.endswith(f"〔2026〕{n}号")) for n in (1, 2, 4)}
    (tmp_path / "nginx").mkdir()
    with nginx_serving(webroot, tmp_path / "nginx") as url:
        new = fetch(url + shown[number[4]]["page"])
        assert new.status == 200 and number[4] in new.body
        corrected = fetch(url + shown[number[1]]["page"])
        assert corrected.status == 200 and NEW_FACTS in corrected.body and OLD_FACTS not in corrected.body
        withdrawn = fetch(url + shown[number[2]]["page"])
        assert withdrawn.status == 410 and "已撤回" in withdrawn.body and REASON in withdrawn.body

    for n in (1, 2, 4):
        said = history(service, number[n])
        assert "报送人 clerk_a" in said and "审核人 reviewer_a" in said, said
