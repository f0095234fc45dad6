"""Approval's write to data/<agency>: the whole folder at once, or nothing; never over files changed since the check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.core.sign_off import MANIFEST_NAME
from disclosure.runtime.faults import ENVIRONMENT
from intake import install
from tests.conftest import PROJECT


def folder_with(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (root / name).write_bytes(content)
    return root


def contents(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(root.iterdir())}


BEFORE = {"机关信息.xlsx": b"profile", "行政处罚决定.xlsx": b"old penalties", "许可.xlsx": b"licences"}
STAGED = {"行政处罚决定.xlsx": b"new penalties", "检查.xlsx": b"new spot checks"}
AFTER = {**BEFORE, **STAGED}


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    return folder_with(tmp_path / "data" / "科技局", BEFORE), folder_with(tmp_path / "staged", STAGED)


def test_the_staged_files_join_the_folder_and_nothing_is_left_beside(folders):
    current, staged = folders
    install.install(current, staged, install.digests(current))
    assert contents(current) == AFTER
    assert sorted(path.name for path in current.parent.iterdir()) == ["科技局"]


def test_a_removal_leaves_the_other_files_and_needs_no_staged_folder(folders, tmp_path):
    current, _ = folders
    install.install(current, tmp_path / "nothing-staged", install.digests(current), ("许可.xlsx",))
    assert contents(current) == {name: content for name, content in BEFORE.items() if name != "许可.xlsx"}


def test_a_folder_the_agency_did_not_have_yet_is_made(tmp_path):
    staged = folder_with(tmp_path / "staged", STAGED)
    (tmp_path / "data").mkdir()
    install.install(tmp_path / "data" / "新局", staged, {})
    assert contents(tmp_path / "data" / "新局") == STAGED


def test_files_changed_since_the_check_are_never_overwritten(folders):
    current, staged = folders
    checked_against = install.digests(current)
    (current / "行政处罚决定.xlsx").write_bytes(b"approved by someone else meanwhile")
    with pytest.raises(install.InstallRefused, match="重新上传并检查"):
        install.install(current, staged, checked_against)
    assert contents(current)["行政处罚决定.xlsx"] == b"approved by someone else meanwhile"
    assert "检查.xlsx" not in contents(current)


def test_a_file_added_since_the_check_also_asks_for_a_new_check(folders):
    current, staged = folders
    checked_against = install.digests(current)
    (current / "另一份.xlsx").write_bytes(b"x")
    with pytest.raises(install.InstallRefused):
        install.install(current, staged, checked_against)


SCRIPT = """
import sys
from pathlib import Path
from disclosure.core.sign_off import MANIFEST_NAME
from disclosure.runtime.faults import ENVIRONMENT
from intake import install
current, staged = Path(sys.argv[1]), Path(sys.argv[2])
install.install(current, staged, install.digests(current))
"""


@pytest.mark.parametrize(("point", "expected"), [("install-copied", BEFORE), ("install-swapped", AFTER)])
def test_killed_in_the_middle_the_folder_is_wholly_before_or_wholly_after(folders, point, expected):
    assert point in install.POINTS
    current, staged = folders
    env = {**os.environ, ENVIRONMENT: point}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(current), str(staged)], cwd=PROJECT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"never reached {point}: {process.stderr.read().decode()}"
    process.kill()  # SIGKILL where it stopped itself
    process.wait()
    process.stderr.close()
    assert contents(current) == expected
    # What it left beside is hidden (the reader skips it) and the next approval removes it.
    assert all(path.name.startswith(".") for path in current.parent.iterdir() if path != current)
    install.install(current, staged, install.digests(current))
    assert contents(current) == AFTER
    assert sorted(path.name for path in current.parent.iterdir()) == ["科技局"]


SIGNED_BEFORE, SIGNED_AFTER = b'{"version": 1, "files": {"before": {}}}', b'{"version": 1, "files": {"after": {}}}'
SIGNED_SCRIPT = """
import sys
from pathlib import Path
from intake import install
current, staged = Path(sys.argv[1]), Path(sys.argv[2])
install.install(current, staged, install.digests(current), (), sys.argv[3].encode())
"""


def test_the_sign_off_manifest_comes_in_with_the_files_and_is_no_file_of_the_agency(folders):
    current, staged = folders
    (current / MANIFEST_NAME).write_bytes(SIGNED_BEFORE)
    install.install(current, staged, install.digests(current), (), SIGNED_AFTER)
    assert contents(current) == {**AFTER, MANIFEST_NAME: SIGNED_AFTER}
    assert MANIFEST_NAME not in install.digests(current)  # what a check compares: the agency's files alone
    install.install(current, staged, install.digests(current), ("许可.xlsx",))  # none given: the manifest stays
    assert contents(current)[MANIFEST_NAME] == SIGNED_AFTER


@pytest.mark.parametrize(("point", "files", "signed"), [("install-copied", BEFORE, SIGNED_BEFORE),
                                                         ("install-swapped", AFTER, SIGNED_AFTER)])
def test_killed_in_the_middle_the_sign_off_is_of_the_files_that_are_there(folders, point, files, signed):
    current, staged = folders
    (current / MANIFEST_NAME).write_bytes(SIGNED_BEFORE)
    env = {**os.environ, ENVIRONMENT: point}
    process = subprocess.Popen([sys.executable, "-c", SIGNED_SCRIPT, str(current), str(staged), SIGNED_AFTER.decode()],
                               cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"never reached {point}: {process.stderr.read().decode()}"
    process.kill()
    process.wait()
    process.stderr.close()
    assert contents(current) == {**files, MANIFEST_NAME: signed}
