"""`python -m intake server_files` without a server: the environment file names every setting the service reads,
and the command refuses, in Chinese, to listen on every address or to point nginx at a certificate that is not
there."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.core.management import CommandError, call_command

from intake import production
from tests.conftest import PROJECT


@pytest.fixture
def certificate(tmp_path):
    for name in ("intake.crt", "intake.key"):
        (tmp_path / name).write_text("PEM", encoding="utf-8")
    return tmp_path / "intake.crt", tmp_path / "intake.key"


def server_files(certificate, output, *extra: str) -> None:
    cert, key = certificate
    call_command("server_files", "--domain", "intake.example.gov.cn", "--cert", str(cert), "--key", str(key),
                 "--output", str(output), *extra)


def settings_read_by_the_service() -> set[str]:
    read = re.compile(r'(?:environ(?:\.get)?\(|flag\()"(INTAKE_[A-Z_]+)"')
    return {name for path in (PROJECT / "intake").rglob("*.py") for name in read.findall(path.read_text("utf-8"))}


def test_the_environment_file_sets_every_setting_the_service_reads_with_a_chinese_comment(certificate, tmp_path):
    server_files(certificate, tmp_path / "out", "--address", "10.1.2.3")
    lines = (tmp_path / "out" / production.ENV_FILE).read_text(encoding="utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert len(settings_read_by_the_service()) >= 10
    assert names == settings_read_by_the_service()
    for index, line in enumerate(lines):
        if line and not line.startswith("#"):
            assert re.search(r"[\u4e00-\u9fff]", lines[index - 1]), line  # the comment above says what it is
    values = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert values["INTAKE_PRODUCTION"] == "1" and values["INTAKE_DEBUG"] == "0"
    assert len(values["INTAKE_SECRET_KEY"]) >= 50
    assert values["INTAKE_ALLOWED_HOSTS"] == "intake.example.gov.cn"


def test_each_run_writes_a_new_secret_key(certificate, tmp_path):
    keys = set()
    for run in ("one", "two"):
        server_files(certificate, tmp_path / run, "--address", "10.1.2.3")
        text = (tmp_path / run / production.ENV_FILE).read_text(encoding="utf-8")
        keys.add(re.search(r"^INTAKE_SECRET_KEY=(.+)$", text, re.MULTILINE).group(1))
    assert len(keys) == 2


def test_the_upload_limit_setting_is_nginx_s_body_limit(certificate, tmp_path, settings):
    settings.INTAKE_MAX_UPLOAD_BYTES = 7 * 1024 * 1024
    server_files(certificate, tmp_path / "out", "--address", "10.1.2.3")
    conf = (tmp_path / "out" / production.NGINX_CONF).read_text(encoding="utf-8")
    assert f"client_max_body_size {7 + production.FORM_ALLOWANCE_MB}m;" in conf
    assert "listen 10.1.2.3:443 ssl;" in conf and "listen 10.1.2.3:80;" in conf


@pytest.mark.parametrize(("address", "said"), [("0.0.0.0", "不能是 0.0.0.0"), ("::", "不能是 0.0.0.0"),
                                               ("intranet", "不是 IP 地址")])
def test_listening_on_every_address_or_on_no_address_is_refused(certificate, tmp_path, address, said):
    with pytest.raises(CommandError, match=said):
        server_files(certificate, tmp_path / "out", "--address", address)
    assert not (tmp_path / "out").exists()


def test_a_missing_certificate_is_refused_before_anything_is_written(certificate, tmp_path):
    with pytest.raises(CommandError, match="找不到 --cert 指定的文件"):
        server_files((tmp_path / "missing.crt", certificate[1]), tmp_path / "out", "--address", "10.1.2.3")
    assert not (tmp_path / "out").exists()


def read_write_paths(unit: str) -> set[str]:
    line = next(line for line in unit.splitlines() if line.startswith("ReadWritePaths="))
    return set(re.findall(r'"([^"]+)"', line))


def test_the_build_queue_runs_as_a_service_of_its_own_that_may_write_what_a_build_and_a_deploy_write(
        certificate, tmp_path, settings):
    portal, state = tmp_path / "portal", tmp_path / "state"
    settings.ENVIRONMENT = dataclasses.replace(settings.ENVIRONMENT, state_dir=state, data_dir=portal / "data",
                                               ledger=portal / "data" / ".ledger.sqlite", site_dir=tmp_path / "site" / "build")
    settings.INTAKE_CACHE_DIR, settings.INTAKE_REPORTS_DIR = portal / ".cache", tmp_path / "reports"
    settings.INTAKE_DEPLOY_TO = str(tmp_path / "www")
    server_files(certificate, tmp_path / "out", "--address", "10.1.2.3", "--user", "zfgs")
    worker = (tmp_path / "out" / production.WORKER_UNIT).read_text(encoding="utf-8")
    assert f"ExecStart={production.venv_python()} -m intake qcluster" in worker.splitlines()
    assert "User=zfgs" in worker and "EnvironmentFile=/etc/intake/intake.env" in worker
    assert "KillMode=mixed" in worker  # a stop lets the build under way end first
    # The site folder's parent: its lock file (.build.lock) lies beside it. The webroot: a local deploy.
    assert read_write_paths(worker) == {str(state), str(portal / "data"), str(portal / ".cache"),
                                        str(tmp_path / "reports"), str(tmp_path / "site"), str(tmp_path / "www")}
    web = (tmp_path / "out" / production.SYSTEMD_UNIT).read_text(encoding="utf-8")
    assert read_write_paths(web) == {str(state), str(portal / "data")}  # the web service builds nothing itself
    values = dict(line.split("=", 1) for line in (tmp_path / "out" / production.ENV_FILE).read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert values["INTAKE_DEPLOY_TO"] == str(tmp_path / "www") and values["INTAKE_CACHE_DIR"] == str(portal / ".cache")


def test_a_site_folder_inside_the_project_is_said_to_make_the_project_writable(certificate, tmp_path, settings):
    settings.ENVIRONMENT = dataclasses.replace(settings.ENVIRONMENT, site_dir=PROJECT / "build")
    server_files(certificate, tmp_path / "out", "--address", "10.1.2.3")
    worker = (tmp_path / "out" / production.WORKER_UNIT).read_text(encoding="utf-8")
    assert str(PROJECT) in read_write_paths(worker) and "INTAKE_SITE_DIR" in worker and "程序目录" in worker
    settings.ENVIRONMENT = dataclasses.replace(settings.ENVIRONMENT, site_dir=tmp_path / "site" / "build")
    server_files(certificate, tmp_path / "out", "--address", "10.1.2.3")
    assert "程序目录中" not in (tmp_path / "out" / production.WORKER_UNIT).read_text(encoding="utf-8")
