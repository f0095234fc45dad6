"""`make bundle`, the offline install: its folder installs into a fresh virtual environment with every index switched
off, and the installed `publish` (not this checkout) builds the sample from a folder holding only data/ and
pelicanconf.py. A run-time dependency missing from requirements.txt fails the install; one imported but not
declared fails the build. `make bundle` downloads from PyPI: without it this test fails and says so."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from disclosure.core.exit_codes import ExitCode
from tests.conftest import AS_OF, PROJECT

pytestmark = pytest.mark.bundle


@dataclass(frozen=True)
class Installed:
    bundle: Path
    venv: Path
    portal: Path
    build: subprocess.CompletedProcess

    def run(self, *command: str, **environment: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.venv / "bin" / command[0]), *command[1:]], cwd=self.portal, env=offline(
            **environment), capture_output=True, text=True, timeout=600)


def offline(**extra: str) -> dict[str, str]:
    """No pip configuration of this machine (its indexes, find-links) and nothing of this checkout on the path."""
    kept = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON"))}
    return {**kept, "PIP_CONFIG_FILE": os.devnull, **extra}


def make_bundle(folder: Path) -> None:
    # The tests run after `make setup`; -o keeps make from reinstalling .venv, PY is the interpreter running them.
    made = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}",
                           f"BUNDLE={folder}", "bundle"], cwd=PROJECT, capture_output=True, text=True, timeout=900)
    if made.returncode != 0:
        pytest.fail("make bundle failed. It downloads the run-time wheels from PyPI (or the index pip is configured "
                    f"with): is it reachable from this machine?\n{made.stdout}{made.stderr}", pytrace=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("bundle")
    bundle, venv, portal = root / "bundle", root / "venv", root / "portal"
    make_bundle(bundle)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-index", "--find-links",
                              str(bundle), "disclosure"], env=offline(), capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, f"the bundle does not install offline:\n{install.stdout}{install.stderr}"
    portal.mkdir()
    shutil.copytree(PROJECT / "data", portal / "data", ignore=shutil.ignore_patterns("*.sqlite*", "*.lock"))
    shutil.copy(PROJECT / "pelicanconf.py", portal)
    build = subprocess.run([str(venv / "bin" / "publish"), "build", "--as-of", AS_OF], cwd=portal, env=offline(),
                           capture_output=True, text=True, timeout=600)
    return Installed(bundle, venv, portal, build)


def test_the_installed_publish_builds_the_sample_in_the_folder_it_runs_in(installed):
    # The sample's planted mistakes hold rows back: published, with something to look at.
    assert installed.build.returncode == ExitCode.ATTENTION, installed.build.stdout + installed.build.stderr
    site = installed.portal / "build"
    assert (site / "manifest.json").is_file()
    agencies = [page for page in (site / "agencies").glob("*/index.html")]
    assert agencies, "no agency page was built"
    assert "陵川" in "".join(page.read_text(encoding="utf-8") for page in agencies)
    # The portal folder has no theme/ or content/: the installed package brought them.
    assert not (installed.portal / "theme").exists() and (site / "about.html").is_file()
    assert (installed.portal / "reports" / "index.html").is_file()


def test_the_build_ran_the_installed_program_not_this_checkout(installed):
    where = installed.run("python", "-c", "import disclosure, intake; print(disclosure.__file__, intake.__file__)")
    assert where.returncode == 0, where.stderr
    assert all(Path(path).is_relative_to(installed.venv) for path in where.stdout.split()), where.stdout


def test_the_back_office_starts_from_the_bundle_too(installed, tmp_path):
    state = {"INTAKE_STATE_DIR": str(tmp_path), "INTAKE_PORTAL_DIR": str(installed.portal)}
    checked = installed.run("python", "-m", "intake", "check", **state)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    migrated = installed.run("python", "-m", "intake", "migrate", "--verbosity", "0", **state)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    # The build queue's worker runs publish.py as python -m disclosure: there is no publish.py in an install.
    helped = installed.run("python", "-m", "disclosure", "--help")
    assert helped.returncode == 0 and "publish.py" in helped.stdout, helped.stdout + helped.stderr


def test_init_in_an_installed_program_copies_the_installed_pages_and_points_at_its_theme(installed, tmp_path):
    made = installed.run("publish", "init", str(tmp_path / "portal"), "--agency", "示范县司法局")
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "portal" / "content" / "about.md").is_file()
    theme = re.search(r"^THEME = '(.*)'$", (tmp_path / "portal" / "pelicanconf.py").read_text(encoding="utf-8"), re.M)
    assert theme and Path(theme.group(1)).is_relative_to(installed.venv) and Path(theme.group(1)).is_dir()


def pinned_names(requirements: Path) -> set[str]:
    names = (re.match(r"([A-Za-z0-9_.-]+)==", line) for line in requirements.read_text(encoding="utf-8").splitlines())
    return {re.sub(r"[-_.]+", "-", name.group(1)).lower() for name in names if name}


def test_the_bundle_holds_the_run_time_pins_and_no_test_tool(installed):
    listed = installed.run("pip", "list", "--format=freeze", "--exclude-editable")
    present = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in listed.stdout.splitlines()}
    run_time = pinned_names(PROJECT / "requirements.txt")
    test_only = pinned_names(PROJECT / "requirements-dev.txt") - run_time
    assert run_time <= present
    assert not present & test_only, f"test-only packages installed for production: {sorted(present & test_only)}"
    wheels = sorted(installed.bundle.glob("*.whl"))
    assert len(wheels) == len(run_time) + 1  # and the project's own


def test_the_bundle_says_how_to_install_and_lists_each_wheels_checksum(installed):
    sums = dict(reversed(line.split("  ")) for line in (installed.bundle / "SHA256SUMS").read_text().splitlines())
    assert sums == {wheel.name: hashlib.sha256(wheel.read_bytes()).hexdigest()
                    for wheel in installed.bundle.glob("*.whl")}
    instructions = (installed.bundle / "安装说明.txt").read_text(encoding="utf-8")
    assert "--no-index --find-links" in instructions
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in instructions
