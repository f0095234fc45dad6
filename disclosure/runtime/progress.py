"""Progress for the long stages: a bar on a terminal, plain log lines elsewhere (CI, cron, pipes)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, stream=None, interactive: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.quiet = quiet

    @contextmanager
    def stage(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """Yields advance(n): call it as work items finish."""
        if self.quiet:
            yield lambda n=1: None
            return
        started = time.monotonic()
        if self.interactive and total:
            with RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task(label, total=total)
                yield lambda n=1: bar.advance(task, n)
        else:
            yield lambda n=1: None
        self.log(f"{label}：{total} 项，用时 {time.monotonic() - started:.1f} 秒")

    def log(self, line: str) -> None:
        if not self.quiet:
            print(line, file=self.stream, flush=True)
