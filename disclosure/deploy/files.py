"""What every build writes for the webmaster under build/deploy/, listed in the manifest like any page:

- deploy/build.json — whether this build's data had blocking errors (counts, nothing of the data: build/ is
  public), so that `publish.py deploy --strict` can refuse it; and the path of the ledger it was made with (on the
  build machine), so that a deploy or a rollback checks its records against that ledger's present state;
- deploy/records.json — the records it shows, in full or as a notice (deploy/records.py);
- deploy/gone/<page address without .html> — one small marker per withdrawn or expired record (its content: the
  state: withdrawn or expired), so
  the web server answers 410 Gone at that address, with the notice page as the body. Markers, not a list in the
  server's configuration: they change with the release, so a deploy or a rollback needs no server reload;
- deploy/nginx.conf — the snippet the webmaster includes in their server {} (sub-path, cache and security
  headers, the 410s).

deploy/ is uploaded with the site (the markers must sit beside the pages they speak for), and the snippet
answers 404 for it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from disclosure.core.kinds import FLOWCHARTS
from disclosure.core.problems import Report, Severity
from disclosure.core.settings import PortalSettings
from disclosure.deploy import records
from disclosure.public.addresses import NOT_FOUND_PATH, record_path, sub_path
from disclosure.public.types import Publication
from disclosure.runtime.output import OutputTree

FOLDER = "deploy"
STATUS = f"{FOLDER}/build.json"
NGINX_CONF = f"{FOLDER}/nginx.conf"
GONE = f"{FOLDER}/gone"

# What the pages actually need: their own stylesheets, scripts and JSON (search), nothing inline (the flowcharts,
# charts and QR codes are SVG drawn with presentation attributes and classes, never style=), and forms that
# submit to the site itself. Anything else a page might try is refused.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
                           "frame-ancestors 'self'")
REFERRER_POLICY = "same-origin"  # a search page's address holds the query: never send it to another site
SHORT_CACHE = "public, max-age=300"  # pages and search data: a withdrawal must reach readers within minutes
ASSET_CACHE = "public, max-age=31536000, immutable"  # static/ names carry their content's hash


@dataclass(frozen=True)
class BuildStatus:
    as_of: str  # YYYY-MM-DD, the day the rules were applied
    strict: bool  # built with --strict (which refuses to build while any error remains)
    errors: int  # records held back by errors in the data
    warnings: int
    live: int  # records public in full
    notices: int  # withdrawn or expired records: a notice at their old address
    ledger: str  # the ledger's absolute path on the build machine: what deploy checks the records against
    webroot: str = ""  # DEPLOY_WEBROOT, where the nginx snippet serves from ("" in a build.json older than it)
    sample: bool = False  # built from the shipped sample's data: invented agencies, not for a government's site

    @property
    def blocks_publication(self) -> bool:
        return self.errors > 0

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> BuildStatus:
        return cls(**json.loads(data))


def write(output: OutputTree, publications: tuple[Publication, ...], report: Report, settings: PortalSettings,
          as_of: dt.date, strict: bool, ledger: Path, sample: bool = False) -> None:
    notices = [publication for publication in publications
               if publication.notice is not None and publication.kind is not FLOWCHARTS]  # a flowchart step has no page
    status = BuildStatus(as_of.isoformat(), strict, report.counts[Severity.ERROR], report.counts[Severity.WARNING],
                         sum(publication.live for publication in publications), len(notices),
                         str(ledger.resolve()), settings.deploy_webroot, sample)
    output.write(STATUS, status.to_bytes())
    records.write(output, publications)
    for publication in notices:
        output.write(marker_path(record_path(publication)), publication.notice.state.encode())
    output.write(NGINX_CONF, nginx_snippet(sub_path(settings.siteurl), settings.deploy_webroot).encode())


def marker_path(page: str) -> str:
    """Without .html: a marker is no page, and nothing that lists the site's pages should take it for one."""
    return f"{GONE}/{page.removesuffix('.html')}"


def page_of_marker(marker: str) -> str:
    return marker.removeprefix(f"{GONE}/") + ".html"


def nginx_snippet(prefix: str, webroot: str) -> str:
    root = webroot.rstrip("/") or "/"
    alias = root.rstrip("/") + "/"
    headers = _headers(SHORT_CACHE)
    static_headers = _headers(ASSET_CACHE)
    # A named location cannot use alias: it maps the address with root, after taking the sub-path off.
    pattern = re.escape(prefix)
    strip = f"    rewrite ^{pattern}(.*)$ /$1 break;\n" if prefix != "/" else ""
    redirect = (f"location = {prefix.rstrip('/')} {{\n    return 301 {prefix};\n}}\n\n" if prefix != "/" else "")
    return f"""\
# 行政执法公示平台 — nginx 配置片段，由 publish.py build 生成，请勿手工修改。
# 用法：在网站的 server {{ }} 中加入一行
#     include {alias}deploy/nginx.conf;
# 然后运行 nginx -t && nginx -s reload。网站目录由 pelicanconf.py 的 DEPLOY_WEBROOT 设置（现为 {root}），
# 访问路径由 SITEURL 决定（现为 {prefix}）。
# 撤回或期满的记录以 {GONE}/ 中的标记文件为准，随每次部署、回滚一起切换，无需重新加载 nginx。

{redirect}location ^~ {prefix} {{
    alias "{alias}";
    index index.html;
    charset utf-8;
    charset_types text/css text/plain text/xml application/javascript application/json application/atom+xml;
{headers}
    error_page 410 @portal_gone;
    # 不存在的地址：答复 404，以网站的中文说明页（404.html）作为内容。
    error_page 404 {prefix}{NOT_FOUND_PATH};

    # 文件名中含内容的哈希值（如 site.1a2b3c4d5e.css）：内容一改地址就变，所以浏览器可以缓存一年。
    location ^~ {prefix}static/ {{
{_indent(static_headers)}
    }}

    # 构建和部署用的记录文件（含本片段）：随网站一起上传，但从不对外提供。
    location ^~ {prefix}{FOLDER}/ {{
        return 404;
    }}

    # 在 {GONE}/ 中有同名标记文件的页面，是已撤回或公示期满的记录：答复 410（已不再公示），以原地址上的说明页作为内容。
    location ~ "^{pattern}(?<portal_page>.+)\\.html$" {{
        alias "{alias}$portal_page.html";
        if (-f "{alias}{GONE}/$portal_page") {{
            return 410;
        }}
    }}
}}

# 410 答复的内容：该记录原地址上的说明页（撤回或期满的说明）。
location @portal_gone {{
    root "{root}";
    charset utf-8;
{strip}    try_files $uri =404;
{headers}
}}
"""


def _headers(cache_control: str) -> str:
    # add_header is inherited only by a block that sets none of its own, hence every block lists them all;
    # "always" puts them on 404 and 410 answers too.
    return "\n".join([
        f'    add_header Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always;',
        "    add_header X-Content-Type-Options nosniff always;",
        f"    add_header Referrer-Policy {REFERRER_POLICY} always;",
        f'    add_header Cache-Control "{cache_control}" always;',
    ])


def _indent(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def read_status(root: Path) -> BuildStatus | None:
    try:
        return BuildStatus.from_bytes((root / STATUS).read_bytes())
    except (OSError, ValueError, TypeError):
        return None
