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
import os
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


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, StopIteration):
            continue
    return total


def measure(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=PROJECT)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)  # sampling more often takes CPU from the build being measured
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"构建失败（退出码 {process.returncode}）：{process.stderr.read().decode()[-2000:]}")
    return elapsed, peak


def corpus(size: int) -> Path:
    root = HERE / "out" / f"corpus-{size}"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        generate.generate(size, root)
        (root / ".complete").write_text("")
        print(f"  生成 {size} 条的语料用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    return root


def run(size: int) -> list[tuple[str, float, int]]:
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
        for label, seconds, peak in run(size):
            rows.append((size, label, seconds, peak))
            print(f"  {label:<30} {seconds:8.2f} s {peak / 2**20:8.0f} MiB", flush=True)
    print("\n| N | step | seconds | peak memory |\n|---|---|---|---|")
    for size, label, seconds, peak in rows:
        print(f"| {size:,} | {label} | {seconds:.2f} | {peak / 2**20:.0f} MiB |")


if __name__ == "__main__":
    main()
