"""One lock for every command that changes the ledger, the caches or an output folder, or deploys an output
folder: two of them never run at once on the same files, the second waits (or, told not to, refuses).

It is an fcntl.flock on a small lock file per thing guarded, taken in this order:
- the ledger: <ledger>.lock beside it (data/.ledger.sqlite.lock by default). Builds and checks of the same
  data and ledger, whatever their output folders: two builds would both record every first publication;
- the cache folder: <cache>/.lock. Its files are rewritten by every build and check;
- the output folder: .<name>.lock beside it, never inside (a deploy compares every file inside with the
  manifest). Builds into it and deploys of it: a deploy must not copy a half-written build.
build and preview take all three, check the first two, deploy the last. Always in this order, so two
commands never wait for each other in a circle.

The kernel releases an flock when its process ends, killed with SIGKILL included: a lock file left on disk
holds nothing, and nobody ever has to delete one. Whoever holds a lock writes into its file its process id,
command and start time, so that whoever waits can say who and since when.

`held` is the whole interface; a service that queues builds calls it around each one, as publish.py does.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

COMMAND_LABELS = {"build": "构建", "preview": "构建", "check": "检查", "deploy": "部署"}


@dataclass(frozen=True)
class Holder:
    pid: int
    command: str  # a publish.py command (build, deploy…) or what another program calls its work
    started: str  # local time, YYYY-MM-DD HH:MM:SS

    def describe(self) -> str:
        return f"进程 {self.pid}，publish.py {self.command}，开始于 {self.started}"

    @property
    def label(self) -> str:
        return COMMAND_LABELS.get(self.command, "任务")


class LockBusy(Exception):
    """Told not to wait, and another command holds the lock."""

    def __init__(self, path: Path, holder: Holder | None):
        who = f"另一个{holder.label}正在进行（{holder.describe()}）" if holder else f"另一个任务正在使用 {path}"
        super().__init__(f"{who}，按 --no-wait 的要求没有等待，未做任何改动。请等它结束后再运行；"
                         f"若确认没有这个进程，直接重新运行即可（进程结束时锁自动释放）。")
        self.path, self.holder = path, holder


def for_data(ledger: Path, cache: Path) -> list[Path]:
    """The lock files of a ledger and a cache folder, in the order they are taken."""
    ledger = ledger.resolve()
    return [ledger.with_name(ledger.name + ".lock"), cache.resolve() / ".lock"]


def for_output(output: Path) -> Path:
    output = output.resolve()
    return output.with_name(f".{output.name}.lock")


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def held(paths: Sequence[Path], command: str, wait: bool = True,
         say: Callable[[str], None] = _to_stderr) -> Iterator[None]:
    """Hold every lock file of `paths`, taken in the order given and released together."""
    with ExitStack() as stack:
        for path in paths:
            stack.enter_context(_held(path, command, wait, say))
        yield


@contextmanager
def _held(path: Path, command: str, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not truncated: it names the holder
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = holder_of(path)
            if not wait:
                raise LockBusy(path, holder) from None
            who = f"另一个{holder.label}正在进行（{holder.describe()}）" if holder else f"另一个任务正在使用 {path}"
            say(f"{who}，等待中…")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        me = Holder(os.getpid(), command, dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(asdict(me), ensure_ascii=False).encode(), 0)
        yield
        os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # releases the lock


def holder_of(path: Path) -> Holder | None:
    """Who holds the lock, as they wrote it; None while they are still writing it, or nobody does."""
    try:
        return Holder(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
