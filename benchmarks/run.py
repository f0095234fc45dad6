#!/usr/bin/env python3
"""The build benchmark: for each corpus size, a full build, a no-op rebuild and a rebuild after one
500-row workbook changed — wall time and peak memory of the whole process tree (workers included).

    python benchmarks/run.py                 # N = 10,000 and 100,000
    python benchmarks/run.py --sizes 10000

Targets (issue 2): 100k full build ≤ 60 s and ≤ 2 GB; no-op ≤ 3 s; one workbook changed ≤ 10 s.
It is a benchmark, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from benchmarks import generate  # noqa: E402

AS_OF = "2026-11-20"


def tree_memory(pid: int, with_pss: bool = True) -> tuple[int, int]:
    """Memory of a process and all its descendants, in bytes: proportional (PSS: a page shared by n processes
    counts 1/n in each, so forked workers sharing the parent's pages are not counted twice) and the plain sum
    of resident sizes (RSS, which counts every shared page once per process)."""
    pss = rss = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rss += _status_field(f"/proc/{current}/status", "VmRSS:")
            if with_pss:  # the kernel walks every page to answer: a few milliseconds per large process
                pss += _status_field(f"/proc/{current}/smaps_rollup", "Pss:")
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, StopIteration):
            continue
    return pss, rss


def _status_field(path: str, name: str) -> int:
    with open(path) as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(name))


def measure(command: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user + system, the build and every process it forked), peak PSS, peak RSS.
    On a shared machine the CPU time moves far less than the wall time when neighbours are busy."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=PROJECT)
    peak_pss = peak_rss = 0
    for sample in itertools.count():
        if process.poll() is not None:
            break
        pss, rss = tree_memory(process.pid, with_pss=sample % 5 == 0)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.1)  # sampling more often (or PSS every time) takes CPU from the build being measured
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"构建失败（退出码 {process.returncode}）：{process.stderr.read().decode()[-2000:]}")
    return elapsed, cpu, peak_pss, peak_rss


def corpus(size: int) -> Path:
    """Made again when its generator changed: a corpus left by an older generator measures other data."""
    root = HERE / "out" / f"corpus-{size}"
    made_by = generator_version()
    if not (root / ".complete").exists() or (root / ".complete").read_text() != made_by:
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        generate.generate(size, root)
        (root / ".complete").write_text(made_by)
        print(f"  生成 {size} 条的语料用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    return root


def generator_version() -> str:
    sources = (HERE / "generate.py", PROJECT / "tools" / "synthetic.py")
    return hashlib.blake2b(b"".join(path.read_bytes() for path in sources), digest_size=8).hexdigest()


def run(size: int) -> list[tuple[str, float, float, int, int]]:
    data = corpus(size)
    work = HERE / "out" / f"run-{size}"
    shutil.rmtree(work, ignore_errors=True)
    build = [sys.executable, "publish.py", "build", "--data", str(data), "--output", str(work / "site"),
             "--cache", str(work / "cache"), "--reports", str(work / "reports"), "--ledger", str(work / "ledger.sqlite"),
             "--as-of", AS_OF]
    results = [("full build", *measure(build)), ("no-op rebuild", *measure(build))]
    original = generate.changed_workbook(data).read_bytes()
    try:
        generate.rewrite_one_workbook(data, variant=1)
        results.append(("one 500-row workbook changed", *measure(build)))
    finally:
        generate.changed_workbook(data).write_bytes(original)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="构建性能基准")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    rows = []
    for size in args.sizes:
        print(f"N = {size}", flush=True)
        for label, seconds, cpu, pss, rss in run(size):
            rows.append((size, label, seconds, cpu, pss, rss))
            print(f"  {label:<30} {seconds:8.2f} s {cpu:8.2f} s CPU {pss / 2**20:8.0f} MiB PSS {rss / 2**20:8.0f} MiB RSS",
                  flush=True)
    print("\n| N | step | seconds | CPU seconds | peak memory (PSS) | peak RSS summed over processes |\n"
          "|---|---|---|---|---|---|")
    for size, label, seconds, cpu, pss, rss in rows:
        print(f"| {size:,} | {label} | {seconds:.2f} | {cpu:.2f} | {pss / 2**20:.0f} MiB | {rss / 2**20:.0f} MiB |")


if __name__ == "__main__":
    main()
