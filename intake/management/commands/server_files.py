"""Production: the nginx server, the systemd units (the service and its build queue's worker), the gunicorn
configuration and the environment file, written into one folder for the webmaster to install (intake/production.py
says what each holds)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from disclosure.deploy.release import parse_target
from intake import production
from intake.environment import PROJECT_DIR
from intake.production import ServerPlan, Setting

MB = 1024 * 1024


class Command(BaseCommand):
    help = "生产部署：生成 nginx 配置、systemd 服务（网页服务和构建队列）、gunicorn 配置和环境变量文件，写到 --output 指定的目录"

    def add_arguments(self, parser):
        parser.add_argument("--domain", required=True, help="服务的内网域名，如 intake.example.gov.cn")
        parser.add_argument("--address", required=True, help="nginx 监听的内网 IP 地址（只在这个地址上提供服务）")
        parser.add_argument("--cert", required=True, type=Path, help="HTTPS 证书文件（PEM，含中间证书）")
        parser.add_argument("--key", required=True, type=Path, help="证书的私钥文件（PEM）")
        parser.add_argument("--output", required=True, type=Path, help="生成的文件写到这个目录")
        parser.add_argument("--https-port", type=int, default=443, help="HTTPS 端口（默认 443）")
        parser.add_argument("--http-port", type=int, default=80, help="跳转到 HTTPS 的 HTTP 端口（默认 80）")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="gunicorn 监听的本机地址和端口（默认 127.0.0.1:8001）")
        parser.add_argument("--user", default="intake", help="运行服务的系统账号（默认 intake）")
        parser.add_argument("--env-file", type=Path, default=Path("/etc/intake/intake.env"),
                            help="服务读取环境变量文件的位置（默认 /etc/intake/intake.env）")
        parser.add_argument("--workers", type=int, default=production.default_workers(),
                            help="gunicorn 进程数（默认 CPU 核心数加一）")

    def handle(self, *args, **options):
        plan = self.plan(options)
        output = options["output"].resolve()
        written = production.write_all(plan, output, production.environment_file(self.environment(plan)))
        self.stdout.write("已生成：")
        for path in written:
            self.stdout.write(f"  {path}")
        env_written = output / production.ENV_FILE
        install_env = "" if env_written == plan.env_file else f"把 {production.ENV_FILE} 复制到 {plan.env_file}（权限 600）；"
        self.stdout.write(f"下一步（详见 docs/网站管理员手册.md 第九章“报送与审核服务”）：{install_env}"
                          f"运行 migrate 和 collectstatic（静态文件收集到 {plan.static_root}）；"
                          f"安装 {production.NGINX_CONF}、{production.SYSTEMD_UNIT} 和 {production.WORKER_UNIT}，"
                          "然后 nginx -t 检查配置。")
        if note := production.project_writable_note(plan):
            self.stdout.write(note.replace("# ", "").replace("\n", ""))

    def plan(self, options) -> ServerPlan:
        address = _intranet_address(options["address"])
        for option in ("cert", "key"):
            if not options[option].is_file():
                raise CommandError(f"找不到 --{option} 指定的文件 {options[option]}：请先把证书和私钥放到服务器上，"
                                   "再生成配置（nginx 启动时要读它们）。")
        output = options["output"].resolve()
        environment = settings.ENVIRONMENT
        return ServerPlan(
            domain=options["domain"], address=address, https_port=options["https_port"],
            http_port=options["http_port"], certificate=options["cert"].resolve(),
            certificate_key=options["key"].resolve(), upstream=options["upstream"],
            static_root=Path(settings.STATIC_ROOT).resolve(), max_upload_mb=settings.INTAKE_MAX_UPLOAD_BYTES // MB,
            project_dir=PROJECT_DIR,
            python=production.venv_python(), user=options["user"], env_file=options["env_file"],
            gunicorn_conf=output / production.GUNICORN_CONF,
            writable=production.writable_folders(environment.state_dir, environment.data_dir, environment.ledger),
            workers=max(1, options["workers"]), worker_writable=_worker_writable(environment))

    def environment(self, plan: ServerPlan) -> tuple[Setting, ...]:
        environment = settings.ENVIRONMENT
        return (
            Setting("INTAKE_PRODUCTION", "1", "生产模式：缺密钥、开着调试或没写域名时，服务拒绝启动。"),
            Setting("INTAKE_SECRET_KEY", production.new_secret_key(),
                    "会话和 CSRF 用的密钥，已随机生成；泄露后请换一个（所有人需重新登录）。"),
            Setting("INTAKE_DEBUG", "0", "调试模式：生产环境必须关闭（0）。"),
            Setting("INTAKE_ALLOWED_HOSTS", plan.domain, "服务的内网域名，多个用逗号分开。"),
            Setting("INTAKE_DATABASE_URL", environment.database_url,
                    "服务的数据库：sqlite:////绝对路径（默认，在状态目录里）\n"
                    "或 postgresql://用户名:密码@主机:端口/库名。"),
            Setting("INTAKE_STATE_DIR", str(environment.state_dir.resolve()),
                    "状态目录：SQLite 数据库、暂存的上传、检查报告、缓存、静态文件（collectstatic）。要备份。"),
            Setting("INTAKE_PORTAL_DIR", str(environment.portal_dir.resolve()),
                    "门户目录（publish.py init 新建的）：下面几项没有写的，都取这个目录中的 data/、pelicanconf.py、build/ 等。"),
            Setting("INTAKE_DATA_DIR", str(environment.data_dir.resolve()), "门户的数据目录 data/（各单位一个文件夹）。要备份。"),
            Setting("INTAKE_LEDGER", str(environment.ledger.resolve()), "门户的台账（SQLite 文件），与 publish.py 用的是同一个。要备份。"),
            Setting("INTAKE_PORTAL_SETTINGS", str(environment.portal_settings.resolve()),
                    "门户的设置文件（pelicanconf.py），检查规则从这里读。"),
            Setting("INTAKE_SITE_DIR", str(environment.site_dir.resolve()),
                    "门户上一次构建的网站目录（publish.py build --output，默认 build/）。\n"
                    "审核人看的“变化页面预览”与它比较；审核通过后排队的构建也生成到这里。"),
            Setting("INTAKE_CACHE_DIR", str(Path(settings.INTAKE_CACHE_DIR).resolve()),
                    "构建的缓存目录（publish.py build --cache，默认 .cache/），含原始数据，切勿部署。\n"
                    "与命令行构建用同一个，两者才会互相等待、共用缓存。"),
            Setting("INTAKE_REPORTS_DIR", str(Path(settings.INTAKE_REPORTS_DIR).resolve()),
                    "构建的检查报告目录（publish.py build --reports，默认 reports/），含原始数据，切勿部署。"),
            Setting("INTAKE_DEPLOY_TO", settings.INTAKE_DEPLOY_TO,
                    "每次构建成功后部署到哪里（publish.py deploy 的目标）：本机网站目录如 /srv/zfgs，\n"
                    "或 用户@主机:/路径（经 SSH 用 rsync 上传，ssh 选项用环境变量 RSYNC_RSH）。留空：只构建，不部署。"),
            Setting("INTAKE_BUILD_RETRY_SECONDS", str(settings.Q_CLUSTER["retry"]),
                    "构建队列的进程被中止（如断电、强制停止）时，没有完成的构建过多少秒后重新运行。"),
            Setting("INTAKE_SESSION_SECONDS", str(settings.SESSION_COOKIE_AGE), "登录多少秒后失效（默认一个工作日）。"),
            Setting("INTAKE_LOGIN_FAILURES", str(settings.AXES_FAILURE_LIMIT),
                    "同一账号从同一地址连续登录失败几次后锁定 30 分钟。"),
            Setting("INTAKE_MAX_UPLOAD_MB", str(plan.max_upload_mb),
                    "一次上传最多多少 MB；改了以后请重新生成并安装 nginx 配置（client_max_body_size 随之改变）。"),
            Setting("INTAKE_DEADLINE_NEAR_DAYS", str(settings.INTAKE_DEADLINE_NEAR_DAYS),
                    "期限预警：公示或撤回期限还剩几天（不含当天）及以下显示为“临近期限”（黄色）。"),
        )


def _worker_writable(environment) -> tuple[Path, ...]:
    """The worker writes what publish.py build writes (the site folder's lock file is beside it) and a local webroot."""
    site = environment.site_dir.resolve()
    target = parse_target(settings.INTAKE_DEPLOY_TO) if settings.INTAKE_DEPLOY_TO else None
    return production.writable_folders(environment.state_dir, environment.data_dir, environment.ledger,
                                       Path(settings.INTAKE_CACHE_DIR), Path(settings.INTAKE_REPORTS_DIR), site.parent,
                                       *([target] if isinstance(target, Path) else []))


def _intranet_address(text: str) -> str:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise CommandError(f"--address 要写 nginx 监听的内网 IP 地址（如 10.1.2.3），“{text}”不是 IP 地址。") from None
    if address.is_unspecified:
        raise CommandError("--address 不能是 0.0.0.0 或 ::：服务只在内网地址上提供，请写这台服务器的内网 IP。")
    return f"[{address}]" if address.version == 6 else str(address)
