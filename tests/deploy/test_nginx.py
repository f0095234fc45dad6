"""The generated build/deploy/nginx.conf in Debian's real nginx: a site deployed twice with publish.py deploy (a
decision withdrawn in between) is served under /zfgs/ by an nginx on 127.0.0.1 that includes the snippet from the
deployed release, as the webmaster's manual (docs/网站管理员手册.md) tells a webmaster to. Pages come with their security and cache headers, the
withdrawn decision's address answers 410 Gone with its notice, a missing page 404; and in Chromium, pages of
every kind that has SVG or script run without a single Content-Security-Policy violation or failed request."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from disclosure import cli
from disclosure.deploy.files import ASSET_CACHE, CONTENT_SECURITY_POLICY, SHORT_CACHE, marker_path
from disclosure.reading.data_folder import SAMPLE_NOTE
from tests.browser import format_violations, run_axe, screenshots
from tests.conftest import PROJECT, Site, Workspace
from tests.deploy.test_deploy import WITHDRAWN_FACTS, withdrawn_page, write_penalties

pytestmark = pytest.mark.server  # every test here asks the nginx the `served` fixture starts

NGINX = Path("/usr/sbin/nginx")
NGINX_MISSING = (f"{NGINX} is missing: the nginx test needs Debian's nginx.\n"
                 f"缺少 {NGINX}：nginx 测试需要 Debian 的 nginx。\n"
                 "  sudo apt-get install nginx\n"
                 "(`make test` installs it itself when run as root: see the Makefile's deploy-setup.)")
SAMPLE_AGENCY = "沙坡头区司法局"  # from the shipped sample: service guides with flowcharts, officers, every kind
SUB_PATH = "/zfgs/"


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT/zfgs/
    site: Site  # the build that is deployed
    withdrawn: str  # the withdrawn decision's address

    def url_of(self, relative: str) -> str:
        return self.url + relative


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def fetch(url: str) -> Answer:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return Answer(response.status, dict(response.headers), response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode("utf-8", "replace"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    if not os.access(NGINX, os.X_OK):
        pytest.fail(NGINX_MISSING, pytrace=False)
    space = Workspace(tmp_path_factory.mktemp("nginx-site"))
    webroot = space.root / "www"
    settings = space.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(PROJECT / 'content')!r}\n"
                        f"THEME = {str(PROJECT / 'theme')!r}\nSITEURL = 'https://zfgs.example.gov.cn/zfgs'\n"
                        f"DEPLOY_WEBROOT = {str(webroot / 'current')!r}\n", encoding="utf-8")
    shutil.copytree(PROJECT / "data" / SAMPLE_AGENCY, space.data / SAMPLE_AGENCY)
    # The sample in part, with its note, and an agency of the test's own: the sample's ledger serves it.
    shutil.copy(PROJECT / "data" / SAMPLE_NOTE, space.data / SAMPLE_NOTE)
    space.agency()
    for withdrawn in (False, True):
        write_penalties(space, withdrawn)
        space.build("--settings", str(settings))
        assert cli.main(["deploy", str(webroot), "--output", str(space.output)]) == 0
    site = Site(space.output)
    with nginx_serving(webroot, tmp_path_factory.mktemp("nginx")) as url:
        yield Served(url, site, withdrawn_page(site))


@pytest.fixture(scope="module")
def nginx_conf(served) -> str:
    return (served.site.root / "deploy" / "nginx.conf").read_text(encoding="utf-8")


class nginx_serving:
    """nginx in the foreground on a free port, everything it writes in `folder`, the snippet included in its
    server {} from the deployed release (webroot/current/deploy/nginx.conf)."""

    def __init__(self, webroot: Path, folder: Path):
        self.folder = folder
        self.port = free_port()
        temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
        user = "user root;\n" if os.geteuid() == 0 else ""  # as root, nginx's workers would otherwise be www-data
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            "events { worker_connections 64; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n"
            + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
            + f"  server {{\n    listen 127.0.0.1:{self.port};\n    server_name localhost;\n"
            f"    include {webroot / 'current' / 'deploy' / 'nginx.conf'};\n  }}\n}}\n")
        self.command = [str(NGINX), "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]

    def __enter__(self) -> str:
        test = subprocess.run([*self.command, "-t"], capture_output=True, text=True)
        assert test.returncode == 0, f"nginx -t rejected the generated snippet:\n{test.stderr}"
        self.process = subprocess.Popen([*self.command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while True:
            assert self.process.poll() is None, f"nginx exited: {self.process.stderr.read()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx does not listen"
                time.sleep(0.1)
        return f"http://127.0.0.1:{self.port}{SUB_PATH}"

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)


def assert_security_headers(answer: Answer) -> None:
    assert answer.headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
    assert answer.headers.get("Referrer-Policy") == "same-origin"


# ---- over HTTP ----

def test_the_snippet_serves_the_sub_path_of_site_url_from_the_deployed_webroot(nginx_conf, served):
    assert f"location ^~ {SUB_PATH} {{" in nginx_conf
    assert str(Path(served.site.root).parent / "www" / "current") in nginx_conf


def test_a_published_page_has_security_headers_and_a_short_cache(served):
    record = next(p for p in served.site.record_pages("penalties") if "晋北商贸" in p.read_text(encoding="utf-8"))
    for path in ("index.html", "", record.relative_to(served.site.root).as_posix()):
        answer = fetch(served.url_of(path))
        assert answer.status == 200, path
        assert_security_headers(answer)
        assert answer.headers["Cache-Control"] == SHORT_CACHE
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert fetch(served.url.rstrip("/")).status == 200  # /zfgs redirects to /zfgs/


def test_hashed_assets_are_cached_for_a_year_and_search_data_briefly(served):
    assets = sorted((served.site.root / "static").iterdir())
    assert assets
    for asset in assets:
        answer = fetch(served.url_of(f"static/{asset.name}"))
        assert answer.status == 200 and answer.headers["Cache-Control"] == ASSET_CACHE, asset.name
        assert_security_headers(answer)
    search_js = next(asset.name for asset in assets if asset.name.startswith("search."))
    assert fetch(served.url_of(f"static/{search_js}")).headers["Content-Type"] == "application/javascript; charset=utf-8"
    meta = fetch(served.url_of("search/meta.json"))
    assert meta.status == 200 and meta.headers["Cache-Control"] == SHORT_CACHE


def test_a_withdrawn_record_answers_410_gone_with_its_notice(served):
    answer = fetch(served.url_of(served.withdrawn))
    assert answer.status == 410
    assert "已撤回" in answer.body and "经行政复议撤销" in answer.body and WITHDRAWN_FACTS not in answer.body
    assert answer.body == (served.site.root / served.withdrawn).read_text(encoding="utf-8")
    assert_security_headers(answer)
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_missing_page_is_404_and_deploy_files_are_never_served(served):
    for path in ("penalties/00/0000000000000000.html", "no-such-page.html", "deploy/nginx.conf",
                 "deploy/build.json", marker_path(served.withdrawn)):
        answer = fetch(served.url_of(path))
        assert answer.status == 404, path
        assert_security_headers(answer)
        assert answer.body == (served.site.root / "404.html").read_text(encoding="utf-8"), path
    not_found = BeautifulSoup(fetch(served.url_of("no/such/folder/page.html")).body, "html.parser")
    assert not_found.h1.get_text() == "页面不存在"  # in Chinese, its links good from any depth of the sub-path
    links = {a.get_text(): a["href"] for a in not_found.select("main a")}
    assert links["平台首页"] == "/zfgs/index.html" and links["查询"] == "/zfgs/search.html"
    assert fetch(served.url.removesuffix("zfgs/") + "index.html").status == 404  # outside the sub-path


# ---- in Chromium: the policy the site is served with is the policy it satisfies ----

def pages_to_open(site: Site) -> dict[str, str]:
    def first(kind: str, containing: str) -> str:
        return next(p for p in site.record_pages(kind) if containing in p.read_text(encoding="utf-8")) \
            .relative_to(site.root).as_posix()
    flowchart = next((site.root / "flowcharts").glob("*.html")).relative_to(site.root).as_posix()
    return {"home": "index.html", "record": first("penalties", "晋北商贸"), "service guide": first("items", "办理流程图"),
            "flowchart": flowchart, "officer": first("officers", 'class="qr"'), "statistics": "statistics/index.html"}


def watch_for_csp(page) -> list[str]:
    """CSP violations as the console reports them and as the page's securitypolicyviolation events see them."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
    return violations


def test_pages_run_under_the_policy_without_violations(page, network, served):
    console = watch_for_csp(page)
    for name, path in pages_to_open(served.site).items():
        response = page.goto(served.url_of(path), wait_until="networkidle")
        assert response is not None and response.status == 200, name
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert page.evaluate("window.__csp") == [], name
    network.assert_no_errors()
    network.assert_only_local()
    assert console == []


def test_search_runs_under_the_policy(page, network, served):
    console = watch_for_csp(page)
    page.goto(served.url_of("search.html"))
    page.fill("#search-page", "晶石科技")
    page.press("#search-page", "Enter")
    page.wait_for_function("() => ['found', 'empty', 'failed'].includes("
                           "document.getElementById('search-results').dataset.state)")
    assert page.get_attribute("#search-results", "data-state") == "empty"  # withdrawn: found by nobody
    page.fill("#search-page", "晋北商贸")
    page.press("#search-page", "Enter")
    page.wait_for_function("() => document.getElementById('search-results').dataset.state === 'found'")
    assert page.locator(".search-hits h3 a").count() > 0
    assert page.evaluate("window.__csp") == []
    network.assert_no_errors()
    assert console == []


def test_the_404_page_nginx_answers_is_styled_accessible_and_leads_back(browser, served):
    context = browser.new_context(bypass_csp=True, locale="zh-CN")  # axe-core is injected inline
    page = context.new_page()
    try:
        response = page.goto(served.url_of("penalties/ab/no-such-record.html"))
        assert response is not None and response.status == 404
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"  # site.css
        violations = run_axe(page)
        assert violations == [], format_violations(violations)
        screenshots(page, "not-found")
        page.get_by_role("link", name="平台首页").click()
        page.wait_for_load_state()
        assert page.url == served.url_of("index.html") and page.title().startswith("首页")
    finally:
        context.close()
