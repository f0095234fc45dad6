"""Production as the webmaster's manual (docs/网站管理员手册.md) installs it: `python -m intake server_files` writes the nginx server, the gunicorn
configuration and the environment file; gunicorn (from the virtualenv, with that environment file) and Debian's
nginx (with that server, a self-signed certificate) run on free ports of 127.0.0.1, and over HTTPS the login page
is Chinese, the static files come from nginx, HTTP is redirected, an upload over the limit is refused before
anything is stored, and every answer carries the security headers without nginx's version."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from intake import production
from tests.conftest import PROJECT, agency_rows, write_workbook
from tests.deploy.test_nginx import NGINX, NGINX_MISSING, free_port
from tests.intake.conftest import agency_path

pytestmark = pytest.mark.server

DOMAIN = "intake.example.gov.cn"
GUNICORN = Path(sys.executable).parent / "gunicorn"
LIMIT_MB = 1
ADMIN, PASSWORD = "webmaster", "correct-horse-battery-staple"
AGENCY = "科技局"


@dataclass(frozen=True)
class Installed:
    https: str  # https://127.0.0.1:PORT
    http: str
    certificate: Path
    files: Path  # what server_files wrote
    state: Path


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DOMAIN)])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(DOMAIN),
                                                               x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "intake.crt", folder / "intake.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def run_intake(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "intake", *args], cwd=PROJECT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def read_env_file(path: Path) -> dict[str, str]:
    """As systemd's EnvironmentFile= reads it: NAME=value lines, comments and blank lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        assert process.poll() is None, f"{what} exited: {process.stderr.read()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"{what} does not listen"
            time.sleep(0.1)


def nginx_main_conf(folder: Path, server: Path) -> Path:
    """What Debian's /etc/nginx/nginx.conf gives a site, with everything nginx writes in `folder`."""
    temp = "".join(f"  {name}_temp_path {folder / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, nginx's workers would otherwise be www-data
    conf = folder / "nginx.conf"
    conf.write_text(f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
                    "events { worker_connections 64; }\n"
                    "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
                    f"  access_log off;\n{temp}  include {server};\n}}\n")
    return conf


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Iterator[Installed]:
    if not os.access(NGINX, os.X_OK):
        pytest.fail(NGINX_MISSING, pytrace=False)
    root = tmp_path_factory.mktemp("intake-production")
    certificate, key = self_signed(root)
    https_port, http_port, gunicorn_port = free_port(), free_port(), free_port()
    write_workbook(root / "data" / AGENCY / "机关信息.xlsx", {"机关信息": agency_rows()})
    setup = {"PATH": os.environ["PATH"], "PYTHONPATH": str(PROJECT), "INTAKE_STATE_DIR": str(root / "state"),
             "INTAKE_DATA_DIR": str(root / "data"), "INTAKE_MAX_UPLOAD_MB": str(LIMIT_MB)}
    files = root / "files"
    run_intake(setup, "server_files", "--domain", DOMAIN, "--address", "127.0.0.1", "--cert", str(certificate),
               "--key", str(key), "--output", str(files), "--https-port", str(https_port),
               "--http-port", str(http_port), "--upstream", f"127.0.0.1:{gunicorn_port}", "--workers", "2")
    # The service's environment is the file it wrote, as the systemd unit reads it; the test reaches nginx by its
    # address rather than by the domain, which nothing here resolves.
    env = {"PATH": os.environ["PATH"], **read_env_file(files / production.ENV_FILE)}
    env["INTAKE_ALLOWED_HOSTS"] += ",127.0.0.1"
    run_intake(env, "migrate", "--verbosity", "0")
    run_intake(env, "collectstatic", "--noinput", "--verbosity", "0")
    run_intake(env, "sync_agencies")
    run_intake({**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput", "--username", ADMIN,
               "--email", "webmaster@example.gov.cn")
    gunicorn = subprocess.Popen([str(GUNICORN), "--config", str(files / production.GUNICORN_CONF)], cwd=PROJECT,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    nginx_folder = root / "nginx"
    nginx_folder.mkdir()
    command = [str(NGINX), "-p", str(nginx_folder), "-c", str(nginx_main_conf(nginx_folder, files / production.NGINX_CONF))]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert test.returncode == 0, f"nginx -t rejected the generated server:\n{test.stderr}"
    nginx = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(gunicorn_port, gunicorn, "gunicorn")
        wait_for(https_port, nginx, "nginx")
        yield Installed(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", certificate, files,
                        Path(env["INTAKE_STATE_DIR"]))
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
            process.wait(10)


def get(installed: Installed, path: str) -> requests.Response:
    return requests.get(installed.https + path, verify=installed.certificate, allow_redirects=False, timeout=30)


def assert_secure(answer: requests.Response) -> None:
    assert answer.headers["Strict-Transport-Security"] == production.HSTS
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Server"] == "nginx"  # server_tokens off: no version


def test_the_login_page_is_served_over_https_in_chinese_with_the_security_headers(installed):
    answer = get(installed, "/login/")
    assert answer.status_code == 200
    assert '<html lang="zh-CN">' in answer.text and "登录" in answer.text
    assert_secure(answer)
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]  # Django's own policy
    assert "Secure" in answer.headers["Set-Cookie"]  # the CSRF cookie, since the request came over HTTPS


def test_static_files_are_served_by_nginx_from_the_collected_folder(installed):
    answer = get(installed, "/static/admin/css/base.css")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert answer.content == (installed.state / "static" / "admin" / "css" / "base.css").read_bytes()
    assert answer.headers["Cache-Control"] == production.STATIC_CACHE  # nginx's: gunicorn serves no static file
    assert answer.headers["Content-Security-Policy"] == production.STATIC_POLICY
    assert_secure(answer)
    assert get(installed, "/static/no-such-file.css").status_code == 404


def test_plain_http_is_redirected_to_https(installed):
    answer = requests.get(installed.http + "/login/?next=/", allow_redirects=False, timeout=30)
    assert answer.status_code == 301
    assert answer.headers["Location"] == installed.https + "/login/?next=/"
    assert answer.headers["Server"] == "nginx"


def test_an_upload_over_the_limit_is_refused_in_chinese_and_nothing_is_stored(installed):
    too_large = b"x" * ((LIMIT_MB + production.FORM_ALLOWANCE_MB) * 1024 * 1024 + 1)
    answer = requests.post(installed.https + agency_path(AGENCY, "upload/"), files={"files": ("大文件.xlsx", too_large)},
                           verify=installed.certificate, allow_redirects=False, timeout=60)
    assert answer.status_code == 413
    assert "上传的文件太大：一次最多 1 MB" in answer.text and "nginx" not in answer.text
    assert_secure(answer)
    uploads = installed.state / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_the_generated_unit_runs_gunicorn_sandboxed_with_the_environment_file(installed):
    unit = (installed.files / production.SYSTEMD_UNIT).read_text(encoding="utf-8")
    assert f"ExecStart={GUNICORN} --config {installed.files / production.GUNICORN_CONF}" in unit
    for line in ("EnvironmentFile=/etc/intake/intake.env", "Restart=on-failure", "ProtectSystem=strict",
                 "NoNewPrivileges=yes", "PrivateTmp=yes", "User=intake", f"WorkingDirectory={PROJECT}"):
        assert line in unit.splitlines(), line
    (writable,) = [line for line in unit.splitlines() if line.startswith("ReadWritePaths=")]
    assert f'"{installed.state}"' in writable and f'"{installed.state.parent / "data"}"' in writable
    assert (installed.files / production.ENV_FILE).stat().st_mode & 0o077 == 0  # it holds the secret key
    if shutil.which("systemd-analyze"):  # systemd's own reading of the unit, where systemd is installed
        verify = subprocess.run(["systemd-analyze", "verify", str(installed.files / production.SYSTEMD_UNIT)],
                                capture_output=True, text=True, timeout=60)
        assert verify.returncode == 0 and verify.stderr == "", verify.stderr


def csrf_token(session: requests.Session, installed: Installed, url: str) -> str:
    page = session.get(url, verify=installed.certificate, timeout=30).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def logged_in(installed: Installed) -> requests.Session:
    """As a browser does over HTTPS: the token from the login page, the page as Referer (Django's CSRF check asks
    for it on HTTPS), the session cookie back. Works only if nginx hands Django the address as the browser sent it."""
    session = requests.Session()
    login = installed.https + "/login/"
    token = csrf_token(session, installed, login)
    answer = session.post(login, data={"csrfmiddlewaretoken": token, "username": ADMIN, "password": PASSWORD},
                          headers={"Referer": login}, verify=installed.certificate, allow_redirects=False, timeout=30)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    return session


def test_an_upload_within_nginx_s_limit_but_over_the_service_s_is_refused_by_the_service(installed):
    session = logged_in(installed)
    page = installed.https + agency_path(AGENCY)
    token = csrf_token(session, installed, page)
    answer = session.post(page + "upload/", data={"csrfmiddlewaretoken": token}, headers={"Referer": page},
                          verify=installed.certificate,
                          files={"files": ("稍大.xlsx", b"x" * (LIMIT_MB * 1024 * 1024 + 4096))},
                          allow_redirects=False, timeout=60)
    assert answer.status_code == 413
    assert "上传的文件太大：一次最多 1 MB，已全部拒收，没有保存任何文件" in answer.text
    assert_secure(answer)
    uploads = installed.state / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
