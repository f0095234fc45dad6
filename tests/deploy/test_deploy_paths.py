"""Deploys that could never succeed again: a webroot overlapping the build folder is refused before anything is
copied; a file changed on the remote host with its size and modification time kept is sent again (rsync compares
checksums), so the verification after the upload passes instead of asking for the same command forever."""

from __future__ import annotations

import os

import pytest

from disclosure.core.exit_codes import ExitCode
from disclosure.runtime.output import MANIFEST, read_manifest
from tests.deploy.test_deploy import published, remote_files, run, sshd  # noqa: F401 - fixtures used by name


@pytest.mark.parametrize("webroot", ["build/www", "build", "."])
def test_a_webroot_overlapping_the_build_folder_is_refused(published, capsys, webroot):  # noqa: F811
    before = read_manifest(published.output)
    files = sorted(p.relative_to(published.root) for p in published.root.rglob("*"))
    assert run(str(published.root / webroot), "--output", str(published.output)) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "与网站目录" in err and "重叠" in err and str(published.output) in err and "请把网站目录设在构建目录以外" in err
    assert sorted(p.relative_to(published.root) for p in published.root.rglob("*")) == files
    assert run(str(published.root / "www"), "--output", str(published.output)) == 0  # the build is still deployable
    assert read_manifest(published.output) == before


def test_a_webroot_reached_through_a_symlink_into_the_build_is_refused(published, tmp_path, capsys):  # noqa: F811
    (tmp_path / "www").symlink_to(published.output, target_is_directory=True)
    assert run(str(tmp_path / "www" / "site"), "--output", str(published.output), "--dry-run") == ExitCode.REFUSED
    assert "重叠" in capsys.readouterr().err and not (published.output / "site").exists()


@pytest.mark.parametrize("webroot", ["data/site", "data", "."])
def test_a_webroot_overlapping_the_data_folder_is_refused(published, capsys, webroot):  # noqa: F811
    """Deployed into data/, the site's downloads were read back by the next build as an agency's workbooks."""
    files = sorted(p.relative_to(published.root) for p in published.root.rglob("*"))
    assert run(str(published.root / webroot), "--output", str(published.output), "--data", str(published.data)) == 2
    err = capsys.readouterr().err
    assert "与数据目录" in err and str(published.data) in err and "请把网站目录设在数据目录以外" in err
    assert sorted(p.relative_to(published.root) for p in published.root.rglob("*")) == files


@pytest.mark.server
def test_a_remote_file_changed_with_the_same_size_and_time_is_sent_again(published, sshd, tmp_path, capsys):  # noqa: F811
    remote = tmp_path / "remote" / "zfgs"
    target = sshd.target(remote)
    assert run(target, "--output", str(published.output), "--ssh", sshd.ssh) == 0
    page = remote / "index.html"
    original, stat = page.read_bytes(), page.stat()
    page.write_bytes(original.replace(b"<", b"[", 1))  # defaced, not a byte longer
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_size == len(original) and page.stat().st_mtime_ns == stat.st_mtime_ns

    capsys.readouterr()
    assert run(target, "--output", str(published.output), "--ssh", sshd.ssh, "--dry-run") == 0
    assert "更新 1 个" in capsys.readouterr().out
    assert run(target, "--output", str(published.output), "--ssh", sshd.ssh) == 0
    assert "sha256sum 核对全部" in capsys.readouterr().out
    assert page.read_bytes() == original
    files = remote_files(remote)
    assert set(files) == set(read_manifest(published.output)) | {MANIFEST}
