"""The service's settings from the environment: a production start is refused, in Chinese, when it would run
with the development key or with DEBUG on; the database is SQLite unless one setting names PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT

GOOD_KEY = "k" * 60


def start_production(**env: str) -> subprocess.CompletedProcess:
    """`python -m intake check`, as a production start runs it, in an environment of only these variables."""
    clean = {"PATH": os.environ["PATH"], "PYTHONPATH": str(PROJECT), "INTAKE_PRODUCTION": "1", **env}
    return subprocess.run([sys.executable, "-m", "intake", "check"], cwd=PROJECT, env=clean, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("env", "said"), [
    ({"INTAKE_ALLOWED_HOSTS": "intake.example.internal"}, "必须设置环境变量 INTAKE_SECRET_KEY"),
    ({"INTAKE_SECRET_KEY": GOOD_KEY, "INTAKE_DEBUG": "1", "INTAKE_ALLOWED_HOSTS": "intake.example.internal"},
     "生产环境不能打开调试模式"),
    ({"INTAKE_SECRET_KEY": GOOD_KEY}, "INTAKE_ALLOWED_HOSTS"),
])
def test_production_refuses_to_start_without_a_key_with_debug_or_without_hosts(env, said):
    result = start_production(**env)
    assert result.returncode != 0
    assert said in result.stderr
    assert "服务未启动" in result.stderr


def test_production_starts_with_a_key_hosts_and_debug_off(tmp_path):
    result = start_production(INTAKE_SECRET_KEY=GOOD_KEY, INTAKE_ALLOWED_HOSTS="intake.example.internal",
                              INTAKE_STATE_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_database_is_sqlite_by_default_and_postgresql_by_one_url():
    from intake.environment import database

    assert database("sqlite:////srv/intake/intake.sqlite3")["NAME"] == "/srv/intake/intake.sqlite3"
    postgres = database("postgresql://intake:p%40ss@db.internal:5433/intake")
    assert (postgres["ENGINE"], postgres["USER"], postgres["PASSWORD"], postgres["HOST"], postgres["PORT"],
            postgres["NAME"]) == ("django.db.backends.postgresql", "intake", "p@ss", "db.internal", "5433", "intake")


def test_a_database_url_of_another_kind_is_refused_in_chinese():
    from django.core.exceptions import ImproperlyConfigured

    from intake.environment import database

    with pytest.raises(ImproperlyConfigured, match="INTAKE_DATABASE_URL 的写法不对"):
        database("mysql://intake@db/intake")


def test_one_setting_points_the_service_at_a_portal_folder_made_by_init(tmp_path, monkeypatch):
    """INTAKE_PORTAL_DIR alone: its data, ledger, settings, site, cache and reports, never the sample's."""
    from intake import environment

    for name in ("INTAKE_DATA_DIR", "INTAKE_LEDGER", "INTAKE_PORTAL_SETTINGS", "INTAKE_SITE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INTAKE_PORTAL_DIR", str(tmp_path))
    read = environment.read()
    assert (read.data_dir, read.ledger, read.portal_settings, read.site_dir) == (
        tmp_path / "data", tmp_path / "data" / ".ledger.sqlite", tmp_path / "pelicanconf.py", tmp_path / "build")
    printed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; import django; django.setup(); "
         "print(settings.INTAKE_CACHE_DIR, settings.INTAKE_REPORTS_DIR)"],
        cwd=PROJECT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "intake.settings", "INTAKE_PORTAL_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120)
    assert printed.stdout.split() == [str(tmp_path / ".cache"), str(tmp_path / "reports")], printed.stderr
