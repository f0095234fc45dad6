"""Approval's one write to data/: an agency's folder replaced by its new version as a whole, never file by file.

The new folder is built beside the current one (a copy of it with the approved files over it, without those a
removal takes out), then the two are swapped in one step by Linux renameat2(RENAME_EXCHANGE), and the old one,
now beside, is removed. Whoever reads data/<agency> at any moment, a build or a server killed half way, sees the
folder wholly before or wholly after.
Where renameat2 is not there (another kernel or file system), approval is refused rather than done by halves.

Before anything is written, the current files are compared with those the submission was checked against: if
another approval changed them since, this one is refused and asks for a new check."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import uuid
from pathlib import Path

from disclosure.core.sign_off import MANIFEST_NAME
from disclosure.runtime.failures import Failure
from disclosure.runtime.faults import stop_point

AT_FDCWD = -100
RENAME_NOREPLACE, RENAME_EXCHANGE = 1, 2
BESIDE = ".安装中-"  # hidden: neither the reader nor the agency list looks at folders whose names start with "."
# The fault tests' stop points (disclosure/runtime/faults.py's mechanism), in the order an approval passes them.
POINTS = ("install-copied", "install-swapped")

UNAVAILABLE = ("本机的系统不支持一次性整体替换文件夹（Linux renameat2），为避免数据目录只替换了一半，审核通过没有执行，"
               "现有文件没有改动。请联系平台管理员把数据目录放在支持它的 Linux 文件系统（如 ext4、xfs、btrfs）上。")
CHANGED = ("这次报送检查之后，本单位数据目录中的文件已经变了（可能另一份报送已先审核通过），为免覆盖别人的改动，"
           "这次没有审核通过，什么也没有改动。请退回，由填报人按现在的文件重新上传并检查后再提交。")


class InstallRefused(Failure):
    """Said in Chinese to the reviewer: nothing in data/ was changed."""


def digests(root: Path) -> dict[str, str]:
    """The files of root, by name within it, with their SHA-256 (hidden files and symlinks left out)."""
    found: dict[str, str] = {}
    if not root.is_dir() or root.is_symlink():
        return found
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = Path(directory, name)
            if not name.startswith((".", "~$")) and path.is_file() and not path.is_symlink():
                found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def install(current: Path, staged: Path, expected: dict[str, str], removed: tuple[str, ...] = (),
            sign_off: bytes | None = None) -> None:
    """current: data/<agency>; staged: the approved files (flat; absent when none); expected: digests(current) when
    checked; removed: names within current that the new folder no longer has; sign_off: the new folder's sign-off
    manifest (intake/sign_off.py), swapped in with the files. The caller holds the agency's lock, so that no other
    approval runs between the comparison and the swap."""
    remove_leftovers(current)
    if digests(current) != expected:
        raise InstallRefused(CHANGED)
    exchange = _renameat2()
    beside = current.parent / f"{BESIDE}{current.name}-{uuid.uuid4().hex}"
    if current.is_dir():
        shutil.copytree(current, beside, symlinks=True)
    else:
        beside.mkdir(parents=True)
    for name in removed:
        gone = beside / name
        if ".." not in Path(name).parts and not Path(name).is_absolute() and (gone.is_file() or gone.is_symlink()):
            gone.unlink()
    for path in sorted(staged.iterdir()) if staged.is_dir() else ():
        target = beside / path.name
        if target.is_symlink() or target.is_file():
            target.unlink()
        shutil.copyfile(path, target)
    if sign_off is not None:
        (beside / MANIFEST_NAME).write_bytes(sign_off)
    _sync(beside)
    stop_point("install-copied")
    flags = RENAME_EXCHANGE if current.exists() else RENAME_NOREPLACE
    if exchange(AT_FDCWD, os.fsencode(beside), AT_FDCWD, os.fsencode(current), flags) != 0:
        failed = ctypes.get_errno()
        shutil.rmtree(beside, ignore_errors=True)
        if failed in (errno.ENOSYS, errno.EINVAL):
            raise InstallRefused(UNAVAILABLE)
        raise OSError(failed, os.strerror(failed), str(current))
    stop_point("install-swapped")
    shutil.rmtree(beside, ignore_errors=True)


def _renameat2():
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        raise InstallRefused(UNAVAILABLE)
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def remove_leftovers(current: Path) -> None:
    """A server killed half way leaves the folder it was building (or the old one) beside: never read, removed."""
    for left in current.parent.glob(f"{BESIDE}{current.name}-*"):
        shutil.rmtree(left, ignore_errors=True)


def _sync(folder: Path) -> None:
    """The new files on disk before the swap makes them the folder: a power cut then leaves whole files."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            descriptor = os.open(path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
