"""Real-browser test helpers: Debian's chromium driven by Playwright, axe-core injected from node_modules/,
and a built site served on 127.0.0.1 under a sub-path, as it is published.

tests/conftest.py registers this module as a pytest plugin, so its fixtures are there for every test:
  serve_site          (session) serve(root) -> ServedSite, a build folder at http://127.0.0.1:PORT/zfgs/
  served_sample_site  (session) the shipped sample data/'s build (conftest's sample_site), served that way
  browser             (session) headless /usr/bin/chromium; fails, never skips, when it is not installed
  browser_context     a fresh context per test: 1280×800, zh-CN, Asia/Shanghai
  network             the NetworkLog of that context (what it requested; nothing may leave 127.0.0.1)
  page                a page in that context
and the helpers run_axe, format_violations, screenshots and focused. tests/conftest.py marks every test that uses
`browser` (and so page, browser_context and network) with the `browser` marker: `pytest -m "not browser"` skips them.

`make test` installs chromium, fonts-noto-cjk and node_modules/axe-core (see the Makefile's browser-setup).
"""

from __future__ import annotations

import functools
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "test-output" / "screenshots"
LOCAL_HOST = "127.0.0.1"
SUB_PATH = "/zfgs/"  # the portal is published under a sub-path of its government's site
VIEWPORT = {"width": 1280, "height": 800}
SCREEN_WIDTHS = (1280, 375)  # a desktop and a small phone
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The machine reaches no network but package registries: Chromium must not try to (no QUIC, no component or
# safe-browsing updates, no sync), and no site's host name resolves but the loopback address the tests serve on.
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root on CI, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}",
]

INSTALL_CHROMIUM = (
    f"{CHROMIUM} is missing: the browser tests need Debian's chromium and CJK fonts.\n"
    f"缺少 {CHROMIUM}：浏览器测试需要 Debian 的 chromium 和中文字体。\n"
    "  sudo apt-get install chromium fonts-noto-cjk\n"
    "(`make test` installs them itself when run as root.)"
)
INSTALL_AXE = (
    f"{AXE_SCRIPT.relative_to(PROJECT)} is missing: the accessibility checks inject axe-core from npm.\n"
    f"缺少 {AXE_SCRIPT.relative_to(PROJECT)}：无障碍检查需要 npm 的 axe-core。\n"
    f"  cd {PROJECT} && npm ci --no-audit --no-fund\n"
    "(`make test` runs it itself.)"
)


# ---- the site, served under a sub-path ----

class _SubPathServer(ThreadingHTTPServer):
    daemon_threads = True
    sub_path = SUB_PATH


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves `directory` at the server's sub-path only; everything else is 404, and so are folders without an
    index.html (a production server lists no folders)."""

    server: _SubPathServer

    def send_head(self):
        path = urlsplit(self.path).path
        if path == self.server.sub_path.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.server.sub_path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.server.sub_path):
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the site's sub-path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.server.sub_path):])

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "No index.html here")
        return None

    def log_message(self, format, *args):  # quiet: pytest shows what matters
        pass


@dataclass
class ServedSite:
    root: Path
    url: str  # http://127.0.0.1:PORT/zfgs/
    server: _SubPathServer = field(repr=False)

    def url_of(self, relative: str = "") -> str:
        return self.url + relative.lstrip("/")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(root: Path, sub_path: str = SUB_PATH) -> ServedSite:
    """A build folder served over HTTP on 127.0.0.1 (a free port) at `sub_path`, from a background thread."""
    assert sub_path.startswith("/") and sub_path.endswith("/"), sub_path
    server = _SubPathServer((LOCAL_HOST, 0), functools.partial(_SubPathHandler, directory=str(root)))
    server.sub_path = sub_path
    threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True).start()
    host, port = server.server_address[:2]
    return ServedSite(Path(root), f"http://{host}:{port}{sub_path}", server)


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[..., ServedSite]]:
    """serve_site(root, sub_path="/zfgs/") -> ServedSite; one server per folder and sub-path for the session."""
    served: dict[tuple[Path, str], ServedSite] = {}

    def serve_once(root: Path, sub_path: str = SUB_PATH) -> ServedSite:
        key = (Path(root).resolve(), sub_path)
        if key not in served:
            served[key] = serve(key[0], sub_path)
        return served[key]

    yield serve_once
    for site in served.values():
        site.close()


@pytest.fixture(scope="session")
def served_sample_site(serve_site, sample_site) -> ServedSite:
    return serve_site(sample_site.root)


# ---- the browser ----

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(INSTALL_CHROMIUM, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=dict(VIEWPORT), locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def network(browser_context: BrowserContext) -> NetworkLog:
    return NetworkLog(browser_context)


@pytest.fixture
def page(browser_context: BrowserContext, network: NetworkLog) -> Page:
    """A page whose every request `network` records (and stops, if it is for another host)."""
    return browser_context.new_page()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST


class NetworkLog:
    """Every request a page or browser context makes, in order. A request for any host but 127.0.0.1 is recorded,
    then aborted before it leaves the machine, so that a test can fail on it."""

    def __init__(self, target: Page | BrowserContext):
        self.requests: list[Request] = []
        self.errors: list[str] = []  # responses with an error status, and requests that failed
        target.on("request", self._request)
        target.on("response", self._response)
        target.on("requestfailed", self._failed)
        target.route("**/*", self._route)

    @property
    def urls(self) -> list[str]:
        return [request.url for request in self.requests]

    def offsite(self) -> list[str]:
        return [url for url in self.urls if not is_local(url)]

    def assert_only_local(self) -> None:
        offsite = self.offsite()
        assert not offsite, f"{len(offsite)} request(s) to a host other than {LOCAL_HOST}:\n  " + "\n  ".join(offsite)

    def assert_no_errors(self) -> None:
        assert not self.errors, f"{len(self.errors)} request(s) failed:\n  " + "\n  ".join(self.errors)

    def _request(self, request: Request) -> None:
        self.requests.append(request)

    def _route(self, route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    def _failed(self, request: Request) -> None:
        if is_local(request.url):  # the offsite ones were stopped here, and offsite() reports them
            self.errors.append(f"{request.failure} {request.method} {request.url}")


# ---- accessibility: axe-core ----

@functools.cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(INSTALL_AXE, pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(page: Page, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """axe-core's violations of the page as it is now, for rules with those tags (WCAG 2.1 A and AA)."""
    page.add_script_tag(content=_axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", tags)
    return results["violations"]


def format_violations(violations: list[dict], nodes_each: int = 3) -> str:
    """An assertion message: each rule broken, how badly, why, and the first few elements that break it."""
    lines = [f"{len(violations)} axe-core violation(s) of WCAG 2.1 A/AA:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} [{violation.get('impact')}] {violation['help']} "
                     f"({len(nodes)} element(s); {violation['helpUrl'].split('?')[0]})")
        for node in nodes[:nodes_each]:
            target = " ".join(" >>> ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    {target}")
            lines.append(f"      {_shorten(node['html'], 200)}")
            summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines())
            if summary:
                lines.append(f"      {_shorten(summary, 300)}")
        if len(nodes) > nodes_each:
            lines.append(f"    … and {len(nodes) - nodes_each} more")
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---- screenshots and focus ----

def screenshots(page: Page, name: str, widths: tuple[int, ...] = SCREEN_WIDTHS) -> list[Path]:
    """Full-page PNGs of the page at each width, saved as test-output/screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
            page.evaluate("document.fonts.ready.then(() => true)")
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
            paths.append(path)
    finally:
        if original:
            page.set_viewport_size(original)
    return paths


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def focused(page: Page) -> dict | None:
    """What has the keyboard focus: tag, id, classes, text, href, and the landmark it is in."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const landmark = e.closest('nav, main, header, footer');
        return {tag: e.tagName.toLowerCase(), id: e.id, classes: [...e.classList], text: e.textContent.trim(),
                href: e.getAttribute('href'), nav: e.closest('nav')?.getAttribute('aria-label') ?? null,
                landmark: landmark ? landmark.tagName.toLowerCase() : null};
    }""")
