"""Django settings of the back office. Everything a deployment changes comes from the environment
(intake/environment.py); the rest is fixed here on purpose."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from intake import environment

ENVIRONMENT = environment.read()

SECRET_KEY = ENVIRONMENT.secret_key
DEBUG = ENVIRONMENT.debug
ALLOWED_HOSTS = list(ENVIRONMENT.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_q",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into its response
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "intake.urls"
WSGI_APPLICATION = "intake.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "csp.context_processors.nonce",
    ]},
}]

DATABASES = {"default": environment.database(ENVIRONMENT.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENVIRONMENT.state_dir / "static"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A session ends after a working day, or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = int(os.environ.get("INTAKE_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENVIRONMENT.production  # behind nginx with HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENVIRONMENT.production else None
CSRF_FAILURE_VIEW = "intake.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Nothing is requested from another host, and no script runs: the pages work without JavaScript.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF, NONCE], "img-src": [SELF, "data:"],
    "object-src": [NONE], "base-uri": [NONE], "form-action": [SELF], "frame-ancestors": [NONE],
}}

# Login throttling (django-axes): after this many failures for one account from one address, refused for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("INTAKE_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "intake/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if ENVIRONMENT.production else 0  # nginx in front sets X-Forwarded-For

# Uploads: every file goes to disk as it arrives (never held in memory), through a handler that stops the
# request as soon as it passes the limit, before anything is kept (intake/uploads.py).
INTAKE_MAX_UPLOAD_BYTES = int(os.environ.get("INTAKE_MAX_UPLOAD_MB", 50)) * 1024 * 1024
INTAKE_MAX_FILES = 20
FILE_UPLOAD_HANDLERS = ["intake.uploads.LimitedUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the form's other fields
DATA_UPLOAD_MAX_NUMBER_FILES = INTAKE_MAX_FILES
FILE_UPLOAD_PERMISSIONS = 0o640

INTAKE_STATE_DIR = ENVIRONMENT.state_dir
INTAKE_DATA_DIR = ENVIRONMENT.data_dir
INTAKE_LEDGER = ENVIRONMENT.ledger
INTAKE_PORTAL_SETTINGS = ENVIRONMENT.portal_settings
INTAKE_SITE_DIR = ENVIRONMENT.site_dir
# The queued builds (intake/builds.py) run publish.py build with these, publish.py's own defaults unless set,
# so that a build from the command line and one from the queue share the cache and take the same locks.
INTAKE_CACHE_DIR = Path(os.environ.get("INTAKE_CACHE_DIR", ENVIRONMENT.portal_dir / ".cache"))
INTAKE_REPORTS_DIR = Path(os.environ.get("INTAKE_REPORTS_DIR", ENVIRONMENT.portal_dir / "reports"))
# After each successful build, publish.py deploy to this local webroot or user@host:/path; empty: no deploy.
INTAKE_DEPLOY_TO = os.environ.get("INTAKE_DEPLOY_TO", "").strip()

# The build queue (django-q2), in the service's own database: `python -m intake qcluster` runs it. One worker:
# a build takes both processor cores, and two builds of the same data wait for each other anyway (the lock).
# A build not acknowledged `retry` seconds after the worker took it (the worker was killed) is delivered again.
# That also happens to a build still running when it lasts longer: harmless, since a delivery of a build that
# is running waits for it and one of a finished build does nothing (intake/builds.py). So no timeout: a build of
# a large portal, or one waiting for a build from the command line, may take as long as it needs. A failure is
# not acknowledged (ack_failures): the task fails only when publish.py was killed, and is then delivered again.
Q_CLUSTER = {
    "name": "intake-builds", "orm": "default", "workers": 1, "timeout": None,
    "retry": int(os.environ.get("INTAKE_BUILD_RETRY_SECONDS", 120)), "ack_failures": False, "poll": 1,
    "label": "构建队列（django-q2）", "save_limit": 250,
}
warnings.filterwarnings("ignore", message="Retry and timeout are misconfigured", module="django_q.conf")

# The deadline board (intake/board.py): this many days left or fewer is amber (临近期限). INTAKE_TODAY fixes the
# service's day (the board's, and the as-of day of its checks) where tests need a dated fixture; None: the clock.
INTAKE_DEADLINE_NEAR_DAYS = int(os.environ.get("INTAKE_DEADLINE_NEAR_DAYS", 2))
INTAKE_TODAY = None

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}}}
