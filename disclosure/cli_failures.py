"""How publish.py tells a command's failure: a foreseen one (a wrong setting, a damaged ledger, a full disk) in
its own Chinese words, what it left behind (is the site in the output still deployable?), and only a true bug
as the internal-error line, its traceback in a file for the webmaster. Never a traceback or English on the
terminal: libraries' warnings go to a log file too."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from disclosure.build import PelicanError
from disclosure.core.exit_codes import ExitCode
from disclosure.core.settings import SettingsError
from disclosure.runtime.failures import Failure, describe_os_error, os_error_in
from disclosure.runtime.output import MANIFEST

# What each command does, for the line that says it did not finish.
DOING = {"check": "检查", "build": "构建", "preview": "构建和预览", "history": "查询公示历史", "ledger": "导出台账",
         "template": "生成模板", "search": "检索", "deploy": "部署", "settings": "列出设置",
         "init": "新建门户目录", "daily-files": "生成每日运行的文件"}
# The folders and files each command writes: named when a failure of the machine names no path.
_WRITES = {"check": ("reports", "cache"), "build": ("output", "reports", "cache"), "preview": ("output", "cache"),
           "ledger": ("output",), "template": ("output",), "deploy": ("dest",), "init": ("dir",),
           "daily-files": ("folder",)}


def say_failure(args: argparse.Namespace, error: Exception, project_dir: Path) -> None:
    lines = _foreseen(args, error, project_dir)
    if lines is None:
        log = write_log(cache_of(args, project_dir), traceback.format_exc())
        lines = [f"程序内部出错，{DOING[args.command]}未完成。{_aftermath(args)}详细信息已写入 {log}，请交给网站管理员。"]
    elif _aftermath(args) and not getattr(error, "before_any_work", False):
        lines.append(_aftermath(args))
    for line in lines:
        print(line, file=sys.stderr)


def say_interrupted(args: argparse.Namespace) -> None:
    print(f"已中止，{DOING[args.command]}未完成。{_aftermath(args) or '重新运行即可。'}", file=sys.stderr)


def say_output_closed(args: argparse.Namespace) -> int:
    """What publish.py printed went to a program that stopped reading (`| head`). A command that only reads
    ends quietly, as a killed-by-SIGPIPE one would (128 + 13); one that writes says on stderr where it stands."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # else Python's exit flush fails once more
    if args.command not in _WRITES:
        return ExitCode.OUTPUT_CLOSED
    # Where the work stopped is not known here (the last lines may have been the summary): the disk says it.
    print(f"输出被关闭（接收输出的程序已退出），{DOING[args.command]}的结果没有显示完。{_aftermath(args)}"
          f"要看完整结果，请不接管道重新运行。", file=sys.stderr)
    return ExitCode.REFUSED


def _foreseen(args: argparse.Namespace, error: Exception, project_dir: Path) -> list[str] | None:
    if isinstance(error, SettingsError):
        return [f"设置文件 {args.settings} 有误，未做任何处理：", *(f"  {problem}" for problem in error.problems),
                "请改正后重新运行；publish.py settings 列出全部设置、可选的值和默认值。"]
    if isinstance(error, PelicanError):
        log = write_log(cache_of(args, project_dir), "\n".join(error.originals))
        return ["网站页面生成出错：", *(f"  {message}" for message in error.messages),
                f"请改正 content/ 中的页面或 theme/ 中的模板后重新运行（Pelican 的原始信息已写入 {log}）。"]
    if isinstance(error, Failure):
        return [str(error)]
    if isinstance(error, MemoryError):
        return [f"内存不足，{DOING[args.command]}未完成：请关闭其他程序，或换一台内存更大的机器后重新运行。"]
    os_error = os_error_in(error)
    if os_error is not None:
        written = tuple(Path(getattr(args, name)) for name in _WRITES.get(args.command, ()) if getattr(args, name, None))
        return [describe_os_error(os_error, written)]
    return None


def _aftermath(args: argparse.Namespace) -> str:
    """What a failure left behind, read from the disk: only build and preview change the site, deploy the web."""
    if args.command == "deploy":
        return "网站目录的 current 只在新版本核对无误后才切换，正在提供的网站没有受影响。"
    if args.command not in ("build", "preview") or not args.output.exists():
        return ""
    if (args.output / MANIFEST).is_file():
        return f"输出目录 {args.output} 中仍是上次完整构建的网站，可以部署。"
    return f"输出目录 {args.output} 未标记为完整，不能部署；问题解决后重新运行即可。"


def cache_of(args: argparse.Namespace, project_dir: Path) -> Path:
    return Path(getattr(args, "cache", project_dir / ".cache"))


def write_log(folder: Path, text: str) -> Path:
    """For the webmaster: beside the caches, or in the temporary folder when the cache folder cannot be written."""
    for where in (folder, Path(tempfile.gettempdir())):
        log = where / "last-error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(text, encoding="utf-8")
            return log
        except OSError:
            continue
    return folder / "last-error.log"


@contextmanager
def warnings_to(log: Path) -> Iterator[None]:
    """Libraries warn in English (openpyxl: “Data Validation extension is not supported and will be removed”, of a
    workbook it opens for the annotated copy); users read Chinese. Warnings go to a log file, never the terminal;
    forked workers inherit this."""
    def keep(message, category, filename, lineno, file=None, line=None) -> None:
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as stream:
                stream.write(warnings.formatwarning(message, category, filename, lineno, line))
        except OSError:
            pass  # a warning is never worth failing for

    with warnings.catch_warnings():
        warnings.showwarning = keep
        yield
