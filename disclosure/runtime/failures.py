"""Failures the program foresees, said in Chinese: what went wrong, where, and what to do.

A failure of the machine (a full disk, a read-only folder, a path through a file) is the webmaster's to
fix, not a bug: the operating system's English (“No space left on device”) never reaches them, and the
internal-error line with its log file is kept for what nobody foresaw.
"""

from __future__ import annotations

import errno
from pathlib import Path


class Failure(Exception):
    """A foreseen failure; its text, already Chinese, is what the user reads."""

    before_any_work = False  # True: raised before the command touched anything, so there is nothing to say of it


_BY_ERRNO: dict[int, str] = {
    errno.ENOSPC: "磁盘空间已满，无法写入 {path}：请清理该磁盘（或改用空间充足的目录）后重新运行",
    errno.EDQUOT: "磁盘配额已用完，无法写入 {path}：请清理文件或请系统管理员增加配额后重新运行",
    errno.EACCES: "没有权限读写 {path}：请确认运行本程序的用户可以读写该位置、文件没有在 Excel 等程序中打开，然后重新运行",
    errno.EPERM: "操作系统不允许改动 {path}：请确认运行本程序的用户可以读写该位置、文件没有被锁定，然后重新运行",
    errno.EROFS: "{path} 所在的磁盘是只读的，无法写入：请改用可以写入的目录，或请系统管理员把该磁盘挂载为可写后重新运行",
    errno.ENOTDIR: "路径 {path} 中有一级不是文件夹而是文件：请检查路径是否写错（或同名文件挡住了要用的文件夹）后重新运行",
    errno.EISDIR: "{path} 是一个文件夹，这里要的是文件：请在路径后面写上文件名后重新运行",
    errno.ENOENT: "找不到 {path}：请检查路径是否正确",
    errno.ENAMETOOLONG: "路径 {path} 太长，操作系统不接受：请改用较短的目录或文件名",
    errno.ELOOP: "路径 {path} 中的符号链接（快捷方式）循环指向自己：请检查这些链接",
    errno.EEXIST: "{path} 已经存在，无法在这里新建同名的文件夹或文件：请检查路径是否写错，或把挡路的同名文件移走",
    errno.ENOTEMPTY: "文件夹 {path} 不是空的，无法替换：请检查其中的内容",
    errno.EBUSY: "{path} 正被其他程序占用：请关闭占用它的程序后重新运行",
    errno.ETXTBSY: "{path} 正被其他程序占用：请关闭占用它的程序后重新运行",
    errno.EMFILE: "同时打开的文件太多（读写 {path} 时）：请关闭其他程序，或请系统管理员调高打开文件数的上限（ulimit -n）",
    errno.ENFILE: "系统中打开的文件太多（读写 {path} 时）：请关闭其他程序后重新运行",
    errno.EIO: "读写 {path} 时磁盘出错：请检查磁盘或网络存储是否正常，之后重新运行",
    errno.EFBIG: "{path} 超过了该磁盘允许的文件大小：请改用其他磁盘",
    errno.EXDEV: "{path} 不能跨磁盘移动：请把输出、缓存等目录放在同一块磁盘上",
}
_UNKNOWN = "读写 {path} 时出错（系统错误 {name}）：请检查该位置的权限、磁盘空间和路径后重新运行"
_NO_PATH = "本命令读写的文件"


def describe_os_error(error: OSError, written: tuple[Path, ...] = ()) -> str:
    """One Chinese sentence for an operating-system failure; `written` names the command's folders when the
    error itself names no path (a write to an open file on a full disk)."""
    path = _path_of(error) or ("、".join(str(p) for p in written) if written else _NO_PATH)
    template = _BY_ERRNO.get(error.errno or 0)
    if template is None:
        name = errno.errorcode.get(error.errno or 0, str(error.errno))
        return _UNKNOWN.format(path=path, name=name) + "。"
    return template.format(path=path) + "。"


def _path_of(error: OSError) -> str:
    if error.filename is None:
        return ""
    name = str(error.filename)
    if error.filename2 is not None:  # a rename or link: both ends matter
        name += f"（或 {error.filename2}）"
    return name


def os_error_in(error: BaseException) -> OSError | None:
    """The operating-system failure behind an error, if one is: a library that wraps one says so (`raise … from`).
    An error merely raised while handling one (its __context__) is not caused by it."""
    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, OSError) and current.errno is not None:
            return current
        current = current.__cause__
        seen += 1
    return None
