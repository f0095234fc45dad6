"""The service's settings as the environment gives them: safe defaults for a developer's machine, and a
production start refused (in Chinese, before any request) when it would run with a known key or with DEBUG on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "development-only-never-in-production"  # refused in production (refuse_unsafe_production)
TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Environment:
    production: bool
    debug: bool
    secret_key: str
    allowed_hosts: tuple[str, ...]
    state_dir: Path  # the service's own files: its SQLite database, staged uploads, caches
    portal_dir: Path  # the portal's folder (publish.py init): its data/, settings, build/, .cache/, reports/
    data_dir: Path  # the portal's data/, read here and (after approval, part 2) written
    ledger: Path
    portal_settings: Path  # pelicanconf.py: the rules' settings, as publish.py reads them
    database_url: str
    site_dir: Path  # the portal's last build (publish.py build --output): what a submission's preview is compared to


def make_state_dir() -> None:
    """The service's own folder (its SQLite database lives there by default), made when the service starts."""
    Path(os.environ.get("INTAKE_STATE_DIR", PROJECT_DIR / ".intake")).mkdir(parents=True, exist_ok=True)


def flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in TRUE_WORDS


def read() -> Environment:
    production = flag("INTAKE_PRODUCTION", False)
    debug = flag("INTAKE_DEBUG", not production)
    secret_key = os.environ.get("INTAKE_SECRET_KEY", "" if production else DEVELOPMENT_SECRET_KEY)
    hosts = os.environ.get("INTAKE_ALLOWED_HOSTS", "" if production else "127.0.0.1,localhost")
    state_dir = Path(os.environ.get("INTAKE_STATE_DIR", PROJECT_DIR / ".intake"))
    # The program's own folder, with the sample, unless the service serves a real portal's.
    portal_dir = Path(os.environ.get("INTAKE_PORTAL_DIR", PROJECT_DIR))
    data_dir = Path(os.environ.get("INTAKE_DATA_DIR", portal_dir / "data"))
    environment = Environment(
        production, debug, secret_key, tuple(host.strip() for host in hosts.split(",") if host.strip()),
        state_dir, portal_dir, data_dir, Path(os.environ.get("INTAKE_LEDGER", data_dir / ".ledger.sqlite")),
        Path(os.environ.get("INTAKE_PORTAL_SETTINGS", portal_dir / "pelicanconf.py")),
        os.environ.get("INTAKE_DATABASE_URL", f"sqlite:///{(state_dir / 'intake.sqlite3').resolve()}"),
        Path(os.environ.get("INTAKE_SITE_DIR", portal_dir / "build")))
    if production:
        refuse_unsafe_production(environment)
    return environment


def refuse_unsafe_production(environment: Environment) -> None:
    if not environment.secret_key or environment.secret_key == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured("生产环境（INTAKE_PRODUCTION=1）必须设置环境变量 INTAKE_SECRET_KEY（一串至少 50 位的随机字符，"
                                   "可用 python3 -c \"import secrets; print(secrets.token_urlsafe(50))\" 生成），服务未启动。")
    if len(environment.secret_key) < 50:
        raise ImproperlyConfigured("INTAKE_SECRET_KEY 太短：生产环境请用至少 50 位的随机字符，服务未启动。")
    if environment.debug:
        raise ImproperlyConfigured("生产环境不能打开调试模式：请去掉 INTAKE_DEBUG=1（调试页面会泄露数据和设置），服务未启动。")
    if not environment.allowed_hosts:
        raise ImproperlyConfigured("生产环境必须用 INTAKE_ALLOWED_HOSTS 写明服务的内网域名（多个用逗号分开），服务未启动。")


def database(url: str) -> dict:
    """sqlite:////absolute/path.sqlite3 (four slashes: the default) or postgresql://user:password@host:port/name."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:]) or ":memory:",
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20}}
    if parts.scheme in ("postgres", "postgresql"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(parts.path.lstrip("/")),
                "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "", "PORT": str(parts.port or ""), "CONN_MAX_AGE": 60}
    raise ImproperlyConfigured(f"INTAKE_DATABASE_URL 的写法不对（“{parts.scheme}”）：请写 sqlite:////绝对路径 "
                               "或 postgresql://用户名:密码@主机:端口/库名，服务未启动。")
