"""The operating system's failures said in Chinese: one sentence per errno, naming the path and what to do."""

from __future__ import annotations

import errno
import re

from hypothesis import given
from hypothesis import strategies as st

from disclosure.runtime.failures import describe_os_error, os_error_in

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")
FORESEEN = [errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR,
            errno.ENOENT, errno.ENAMETOOLONG, errno.EIO, errno.EMFILE, errno.EBUSY]


@given(st.one_of(st.sampled_from(sorted(errno.errorcode)), st.integers(-5, 10_000)),
       st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_errno_is_one_chinese_sentence_naming_the_path(code, name):
    error = OSError(code, "No space left on device or something else in English", f"/srv/{name}")
    message = describe_os_error(error)
    assert f"/srv/{name}" in message and message.endswith("。")
    assert "English" not in message and not ENGLISH_SENTENCE.search(message.replace(f"/srv/{name}", ""))


def test_each_foreseen_errno_says_what_to_do():
    for code in FORESEEN:
        message = describe_os_error(OSError(code, "English", "/srv/zfgs"))
        assert "请" in message and "系统错误" not in message, message


def test_a_full_disk_while_writing_an_open_file_names_the_command_s_folders():
    from pathlib import Path
    message = describe_os_error(OSError(errno.ENOSPC, "No space left on device"), (Path("/srv/build"), Path("/srv/.cache")))
    assert message.startswith("磁盘空间已满，无法写入 /srv/build、/srv/.cache：请清理该磁盘")


def test_a_library_s_error_raised_from_an_os_error_is_that_os_error():
    cause = OSError(errno.EROFS, "Read-only file system", "/srv/build")
    try:
        try:
            raise cause
        except OSError as error:
            raise RuntimeError("wrapped") from error
    except RuntimeError as wrapped:
        assert os_error_in(wrapped) is cause
    try:
        try:
            raise cause
        except OSError:
            raise ValueError("a bug while handling it") from None
    except ValueError as unrelated:
        assert os_error_in(unrelated) is None
