"""runtime/lock.py: one holder at a time; the next waits or is told who holds it; death releases it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from disclosure.runtime import lock
from tests.conftest import PROJECT


def test_a_second_holder_told_not_to_wait_learns_who_holds_it(tmp_path):
    paths = lock.for_data(tmp_path / "data" / ".ledger.sqlite", tmp_path / "cache")
    with lock.held(paths, "build"):
        with pytest.raises(lock.LockBusy) as refused:
            with lock.held(paths, "deploy", wait=False):
                pass
    message = str(refused.value)
    assert f"另一个构建正在进行（进程 {os.getpid()}，publish.py build，开始于 " in message and "--no-wait" in message
    with lock.held(paths, "deploy", wait=False):  # released when the first left
        pass


def test_a_waiting_holder_says_so_and_goes_on_when_the_first_leaves(tmp_path):
    path = lock.for_output(tmp_path / "build")
    said, entered = [], threading.Event()
    with lock.held([path], "build"):
        waiter = threading.Thread(target=lambda: _hold(path, said, entered))
        waiter.start()
        while not said:
            waiter.join(0.01)
        assert not entered.is_set() and said[0].startswith("另一个构建正在进行（进程 ") and said[0].endswith("等待中…")
    waiter.join(10)
    assert entered.is_set()


def _hold(path, said, entered) -> None:
    with lock.held([path], "deploy", say=said.append):
        entered.set()


def test_a_holder_killed_with_sigkill_holds_nothing(tmp_path):
    path = lock.for_output(tmp_path / "build")
    code = (f"import sys, time; sys.path.insert(0, {str(PROJECT)!r}); from pathlib import Path; "
            f"from disclosure.runtime import lock\nwith lock.held([Path({str(path)!r})], 'build'):\n"
            "    print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(lock.LockBusy):
        with lock.held([path], "deploy", wait=False):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with lock.held([path], "deploy", wait=False):
        pass
