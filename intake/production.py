"""The files a production install of the back office needs, written by `python -m intake server_files`:

- nginx-intake.conf — two server {} for nginx's http {} (sites-available/): HTTPS on the intranet address only,
  plain HTTP redirected to it, static files from STATIC_ROOT, everything else proxied to gunicorn, the upload limit
  and the security headers; no version in any answer;
- intake.service — the systemd unit that runs gunicorn as the service's own user, sandboxed, writing only to the
  state folder, data/ and the ledger's folder;
- intake-worker.service — the systemd unit of the build queue's worker (python -m intake qcluster, intake/builds.py),
  sandboxed the same way, writing besides to what publish.py build and deploy write: the cache, the reports, the
  site folder's parent (its lock file lies beside it: the whole project, with the default INTAKE_SITE_DIR, which
  the unit and server_files then say) and a local webroot;
- gunicorn.conf.py — sync workers on 127.0.0.1 (why: below);
- intake.env — the environment file with every INTAKE_* setting, a fresh secret key, Chinese comments.

Written as the portal's own nginx snippet is (disclosure/deploy/files.py): text made here from one frozen plan,
the same header comments, add_header repeated in every block (nginx inherits none into a block with its own).
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from disclosure.deploy.files import REFERRER_POLICY

NGINX_CONF = "nginx-intake.conf"
SYSTEMD_UNIT = "intake.service"
WORKER_UNIT = "intake-worker.service"
GUNICORN_CONF = "gunicorn.conf.py"
ENV_FILE = "intake.env"

# Static files (Django's admin, collected by collectstatic) run no script of their own beyond the admin's, and
# are never framed. Django's pages carry django-csp's policy (intake/settings.py); nginx sets this one only for
# what it serves itself.
STATIC_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# No includeSubDomains: other intranet hosts under the same domain may still be plain HTTP.
HSTS = "max-age=31536000"
# collectstatic keeps the names as they are (no hash in them): an upgrade changes a file under the same address.
STATIC_CACHE = "public, max-age=3600"
# Beyond the file limit: the form's other fields and the multipart framing (DATA_UPLOAD_MAX_MEMORY_SIZE).
FORM_ALLOWANCE_MB = 1
REQUEST_TIMEOUT = 300  # seconds: a check of a large agency's folder runs while the clerk waits for the report
# A stop waits this long for the build under way (django-q2 lets its worker finish the task); one still running
# then is killed, and the queue runs it again after the restart.
WORKER_STOP_TIMEOUT = 900


@dataclass(frozen=True)
class ServerPlan:
    domain: str  # the intranet name clerks type, e.g. intake.example.gov.cn
    address: str  # the intranet address nginx listens on (never all addresses)
    https_port: int
    http_port: int
    certificate: Path
    certificate_key: Path
    upstream: str  # host:port gunicorn binds, on the loopback
    static_root: Path
    max_upload_mb: int
    project_dir: Path
    python: Path  # the virtualenv's python: gunicorn runs from the same environment
    user: str
    env_file: Path  # where the unit reads intake.env from once installed
    gunicorn_conf: Path  # where the unit reads gunicorn.conf.py from once installed
    writable: tuple[Path, ...]  # the state folder, data/, the ledger's folder
    workers: int
    worker_writable: tuple[Path, ...] = ()  # the build queue's worker: those, and what publish.py writes


def default_workers() -> int:
    """A check is CPU work that already spreads over every core (the reader's pool), so more workers than cores
    only queue behind each other; one more than the cores lets pages load while checks run."""
    return (os.cpu_count() or 1) + 1


def writable_folders(state_dir: Path, data_dir: Path, ledger: Path, *more: Path) -> tuple[Path, ...]:
    """The ledger's folder, not the file: SQLite writes its journal beside the database. Each folder once: none
    inside another."""
    folders: list[Path] = []
    for folder in (state_dir, data_dir, ledger.parent, *more):
        folder = folder.resolve()
        if not any(folder.is_relative_to(kept) for kept in folders):
            folders = [kept for kept in folders if not kept.is_relative_to(folder)] + [folder]
    return tuple(folders)


def write_all(plan: ServerPlan, output: Path, environment: str) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((NGINX_CONF, nginx_conf(plan)), (SYSTEMD_UNIT, systemd_unit(plan)),
                       (WORKER_UNIT, worker_unit(plan)), (GUNICORN_CONF, gunicorn_conf(plan)), (ENV_FILE, environment)):
        path = output / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (output / ENV_FILE).chmod(0o600)  # it holds the secret key and perhaps the database password
    return written


def _https_url(plan: ServerPlan) -> str:
    port = "" if plan.https_port == 443 else f":{plan.https_port}"
    return f"https://$host{port}$request_uri"


def nginx_conf(plan: ServerPlan) -> str:
    listen = f"{plan.address}:{plan.https_port}"
    limit = plan.max_upload_mb + FORM_ALLOWANCE_MB
    return f"""\
# 行政执法公示 报送与审核（intake）— nginx 配置，由 python -m intake server_files 生成，请勿手工修改。
# 用法：复制到 /etc/nginx/sites-available/intake.conf，链接到 sites-enabled/，
# 然后运行 nginx -t && nginx -s reload。只在内网地址 {plan.address} 上提供 HTTPS（端口 {plan.https_port}），
# HTTP（端口 {plan.http_port}）一律跳转到 HTTPS；其余请求转给 gunicorn（{plan.upstream}）。
# 上传上限 {plan.max_upload_mb} MB（INTAKE_MAX_UPLOAD_MB），另留 {FORM_ALLOWANCE_MB} MB 给表单的其他内容。

server {{
    listen {plan.address}:{plan.http_port};
    server_name {plan.domain};
    server_tokens off;
    return 301 {_https_url(plan)};
}}

server {{
    listen {listen} ssl;
    server_name {plan.domain};
    server_tokens off;
    charset utf-8;

    ssl_certificate "{plan.certificate}";
    ssl_certificate_key "{plan.certificate_key}";
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:intake_tls:10m;
    ssl_session_tickets off;

    # nginx takes the whole upload (to disk) before gunicorn sees it: a slow PC never holds a worker.
    client_max_body_size {limit}m;
    error_page 413 @intake_too_large;
    error_page 502 503 504 @intake_unavailable;

    location /static/ {{
        alias "{str(plan.static_root).rstrip('/')}/";
{_static_headers()}
    }}

    location / {{
        proxy_pass http://{plan.upstream};
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout {REQUEST_TIMEOUT}s;
        proxy_redirect off;
{_hsts()}
    }}

{_refusal("@intake_too_large", 413, f"上传的文件太大：一次最多 {plan.max_upload_mb} MB，已全部拒收，没有保存任何文件。"
          "请分几次上传，或把很大的工作簿拆开后再传。")}

{_refusal("@intake_unavailable", 503, "报送与审核服务暂时没有响应：请稍后再试；如一直如此，请联系平台管理员检查 intake 服务。")}
}}
"""


def _hsts() -> str:
    return f'        add_header Strict-Transport-Security "{HSTS}" always;'


def _static_headers() -> str:
    return "\n".join([
        f'        add_header Content-Security-Policy "{STATIC_POLICY}" always;',
        "        add_header X-Content-Type-Options nosniff always;",
        f"        add_header Referrer-Policy {REFERRER_POLICY} always;",
        f'        add_header Cache-Control "{STATIC_CACHE}" always;',
        _hsts(),
    ])


def _refusal(location: str, status: int, message: str) -> str:
    """nginx's own error pages are English and name its version: these say it in Chinese, and nothing else."""
    page = (f"<!DOCTYPE html><html lang=\\\"zh-CN\\\"><head><meta charset=\\\"utf-8\\\"><title>报送与审核</title>"
            f"</head><body><main><h1>无法办理</h1><p>{message}</p></main></body></html>")
    return f"""\
    location {location} {{
        default_type "text/html; charset=utf-8";
        add_header Content-Security-Policy "default-src 'none'" always;
        add_header X-Content-Type-Options nosniff always;
{_hsts()}
        return {status} "{page}";
    }}"""


def systemd_unit(plan: ServerPlan) -> str:
    gunicorn = plan.python.parent / "gunicorn"
    writable = " ".join(f'"{folder}"' for folder in plan.writable)
    return f"""\
# 行政执法公示 报送与审核（intake）— systemd 服务，由 python -m intake server_files 生成，请勿手工修改。
# 用法：复制到 /etc/systemd/system/{SYSTEMD_UNIT}，然后
#     systemctl daemon-reload && systemctl enable --now intake
# 服务以账号 {plan.user} 运行，设置（含密钥）读自 {plan.env_file}（只许 root 和 {plan.user} 读）。
# 整个文件系统只读，只有状态目录、data/ 和台账所在目录可写：{writable}

[Unit]
Description=行政执法公示 报送与审核（intake，gunicorn）
After=network.target

[Service]
Type=notify
NotifyAccess=main
User={plan.user}
Group={plan.user}
WorkingDirectory={plan.project_dir}
EnvironmentFile={plan.env_file}
ExecStart={gunicorn} --config {plan.gunicorn_conf}
ExecReload=/bin/kill -s HUP $MAINPID
KillMode=mixed
TimeoutStopSec={REQUEST_TIMEOUT}
Restart=on-failure
RestartSec=5
{_sandboxed(writable)}"""


def _sandboxed(writable: str) -> str:
    """The end of both units: the same sandbox (read-only system, only the named folders writable)."""
    return f"""\
UMask=0027

NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=read-only
ReadWritePaths={writable}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes

[Install]
WantedBy=multi-user.target
"""


def project_writable_note(plan: ServerPlan) -> str:
    """The site folder's lock file lies beside it (disclosure/runtime/lock.py), so its parent is writable: with the
    default INTAKE_SITE_DIR (build/ in the project), the whole project, code included. Said, not hidden: the fix
    is a site folder outside the project, which only the webmaster can choose."""
    if plan.project_dir.resolve() not in plan.worker_writable:
        return ""
    return ("# 注意：网站目录（INTAKE_SITE_DIR）在程序目录中，它旁边的锁文件使整个程序目录对本服务可写。建议在 intake.env 中\n"
            "# 把 INTAKE_SITE_DIR 设为程序目录以外的目录（如 /srv/zfgs-portal/build），重新生成并安装本文件。\n")


def worker_unit(plan: ServerPlan) -> str:
    writable = " ".join(f'"{folder}"' for folder in plan.worker_writable)
    return f"""\
# 行政执法公示 报送与审核（intake）— 构建队列的 systemd 服务，由 python -m intake server_files 生成，请勿手工修改。
# 审核通过后排队的网站构建由它逐个运行（publish.py build，配置了 INTAKE_DEPLOY_TO 时随后 publish.py deploy），
# 与命令行的 publish.py 用同一把锁。用法：复制到 /etc/systemd/system/{WORKER_UNIT}，然后
#     systemctl daemon-reload && systemctl enable --now intake-worker
# 停止或重启时等正在进行的构建结束，最多 {WORKER_STOP_TIMEOUT} 秒；仍未结束的构建被中止，重启后从队列中重新运行。
# 以账号 {plan.user} 运行，设置读自 {plan.env_file}。整个文件系统只读，只有这些目录可写：{writable}
{project_writable_note(plan)}
[Unit]
Description=行政执法公示 报送与审核（intake，构建队列）
After=network.target

[Service]
Type=simple
User={plan.user}
Group={plan.user}
WorkingDirectory={plan.project_dir}
EnvironmentFile={plan.env_file}
ExecStart={plan.python} -m intake qcluster
KillMode=mixed
TimeoutStopSec={WORKER_STOP_TIMEOUT}
Restart=on-failure
RestartSec=5
{_sandboxed(writable)}"""


def gunicorn_conf(plan: ServerPlan) -> str:
    return f"""\
# 行政执法公示 报送与审核（intake）— gunicorn 配置，由 python -m intake server_files 生成，请勿手工修改。
# 只监听本机回环地址：外面的请求都经 nginx（HTTPS）转来。

wsgi_app = "intake.wsgi:application"
bind = "{plan.upstream}"

# 同步 worker，每个进程一次只办一个请求，进程里只有一个线程。原因：检查工作簿时，读表程序会用 fork
# 另起一组进程（multiprocessing）；在多线程的进程里 fork，别的线程持有的锁会被带进子进程而永远不释放，
# 子进程可能卡死。nginx 先收完整个请求再转过来，所以慢速的客户端也不会占住 worker。
worker_class = "sync"
# 检查本身已用满所有 CPU 核心，worker 比核心数多一个即可：检查进行时页面照样能打开。
workers = {plan.workers}
timeout = {REQUEST_TIMEOUT}
graceful_timeout = 30
# nginx 在同一台机器上，只信它转来的 X-Forwarded-Proto。
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
umask = 0o027
"""


@dataclass(frozen=True)
class Setting:
    name: str  # INTAKE_...
    value: str
    comment: str  # Chinese, for the webmaster filling in the file


def environment_file(settings: tuple[Setting, ...]) -> str:
    lines = ["# 行政执法公示 报送与审核（intake）— 环境变量文件，由 python -m intake server_files 生成。",
             "# systemd 服务从这里读取设置（EnvironmentFile）。里面有密钥：请设为 chmod 600，只许 root 和服务账号读，",
             "# 不要放进代码仓库。改了以后运行 systemctl restart intake 生效。", ""]
    for setting in settings:
        lines += [f"# {line}" for line in setting.comment.splitlines()]
        lines += [f"{setting.name}={setting.value}", ""]
    return "\n".join(lines)


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def venv_python() -> Path:
    """The interpreter running this command (the virtualenv's, not resolved: its symlink is what makes it the venv's)."""
    return Path(sys.executable).absolute()
