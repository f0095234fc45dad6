#!/usr/bin/env python3
"""The search benchmark, ours against Pagefind on the same published pages:

1. index build from scratch — Whoosh (publish.py search) and the static export (the browser's), then
   `pagefind_extended` (the CLI) over the same record pages: wall time, peak memory, size on disk;
2. incremental re-index after one 500-row workbook changed (Pagefind re-indexes everything: timed again);
3. in headless Chromium, first query of a fresh session for an identifier, a rare word and 罚款: time until
   the first page of results is in hand and bytes transferred, from the browser's own network log.

    python benchmarks/search.py                  # N = 100,000 (builds the corpus and the site if needed)
    python benchmarks/search.py --size 10000

Targets (issue 6): ≤ 300 ms and ≤ 300 kB per query; full index ≤ 30 s and ≤ 1 GB; incremental ≤ 5 s.
It is a benchmark, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
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

from benchmarks import generate, run  # noqa: E402

PAGEFIND = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / \
    "site-packages" / "pagefind_bin_extended" / "pagefind_extended"
RECORD_GLOB = "{penalties,licenses,other-decisions,spot-checks,officers,items,inspections}/*/*.html"
MEMORY_CEILING = 16 * 2**30  # the machine has 24 GiB: a run above this is stopped and reported as such


def index_only(data: Path, work: Path, fresh: bool) -> dict:
    """In this process: check (from the cache), then index as a build does — one analysis, the Whoosh index
    (written anew by a forked process when many records changed) and the static export at the same time —
    and, as a build does, without the cycle collector."""
    from disclosure import build

    with build.without_cycle_collection():
        return _index_as_a_build_does(data, work, fresh)


def _index_as_a_build_does(data: Path, work: Path, fresh: bool) -> dict:
    from disclosure import build
    from disclosure.runtime.output import write_if_changed
    from disclosure.runtime.progress import Progress
    from disclosure.search import index as search
    from disclosure.search import static as search_export
    from disclosure.search import terms as search_terms
    from disclosure.site import pages
    from disclosure.site.settings_file import read_settings_file

    options = build.Options(data, work / "site", work / "cache", PROJECT / "pelicanconf.py",
                            dt.date.fromisoformat(run.AS_OF), ledger_path=work / "ledger.sqlite")
    decisions = build.check(options, read_settings_file(options.settings_file).portal, Progress(quiet=True)).decisions
    publications = search_terms.searchable(decisions)
    status_by_uid = search_export.statuses(publications, options.as_of)
    index_folder, export_folder = work / "search-bench" / "whoosh", work / "search-bench" / "export"
    if fresh:
        shutil.rmtree(work / "search-bench", ignore_errors=True)
    rss_before = _rss("VmRSS")
    started = time.perf_counter()
    pending = search.PendingUpdate(index_folder, publications)
    inversion = search_terms.invert(search_terms.analyse(publications, pages.record_path,
                                                         work / "search-bench" / "terms.pickle"))
    analysed = time.perf_counter()
    pending.start(inversion)
    written = sum(write_if_changed(export_folder, f.path, f.data).written
                  for f in search_export.export(inversion, status_by_uid))
    exported = time.perf_counter()
    update = pending.finish()
    finished = time.perf_counter()
    return {"records": len(publications), "seconds": finished - started, "analysis_seconds": analysed - started,
            "export_seconds": exported - analysed, "whoosh_rebuilt": pending.rebuilds,
            "whoosh_wait_seconds": finished - exported, "whoosh_touched": update.added + update.removed,
            "export_files_written": written, "rss_before_mib": rss_before / 2**20,
            "peak_mib": _rss("VmHWM") / 2**20,
            "writer_process_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10,
            "whoosh_mib": _folder_size(index_folder) / 2**20, "export_mib": _folder_size(export_folder) / 2**20,
            "export_gzip_mib": _gzip_size(export_folder) / 2**20}


def _rss(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(f"{field}:"))


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _gzip_size(folder: Path) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in folder.rglob("*") if p.is_file())


def ours(data: Path, work: Path, fresh: bool) -> dict:
    command = [sys.executable, __file__, "--index-only", str(data), str(work)] + (["--fresh"] if fresh else [])
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def pagefind(site: Path) -> dict:
    output = site / "pagefind"
    shutil.rmtree(output, ignore_errors=True)
    command = [str(PAGEFIND), "--site", str(site), "--glob", RECORD_GLOB, "--root-selector", "main",
               "--output-path", str(output)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=PROJECT)
    peak = 0
    while process.poll() is None:
        peak = max(peak, run.tree_memory(process.pid)[0])
        if peak > MEMORY_CEILING:
            process.kill()
            process.wait()
            return {"stopped": f"above {MEMORY_CEILING / 2**30:.0f} GiB after {time.perf_counter() - started:.0f} s"}
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    log = process.stdout.read().decode(errors="replace")
    if process.returncode:
        return {"stopped": f"exit {process.returncode}: {log[-500:]}"}
    return {"seconds": seconds, "peak_mib": peak / 2**20, "size_mib": _folder_size(output) / 2**20,
            "pages": next((line.strip() for line in log.splitlines() if "Indexed" in line and "page" in line), "")}


def queries(site: Path) -> list[dict]:
    """First query of a fresh browser session, for each engine: from the call to the first page of results."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve

    identifier = _an_identifier(site)
    rare_word = _a_rare_word(site)
    served = serve(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for label, text in (("identifier", identifier), ("rare word", rare_word), ("common word", "罚款")):
                for engine in ("ours", "pagefind"):
                    rows.append({"query": label, "text": text, "engine": engine,
                                 **_one_query(browser, served.url_of("search.html"), engine, text)})
            browser.close()
    finally:
        served.close()
    return rows


ENGINES = {
    "ours": """async (text) => {
        const m = await import(document.querySelector('script[type=module]').src);
        const started = performance.now();
        const found = await m.find(text);
        return {ms: performance.now() - started, total: found.total, shown: found.hits.length};
    }""",
    "pagefind": """async (text) => {
        const started = performance.now();
        const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
        await pagefind.init();
        const search = await pagefind.search(text);
        const shown = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
        return {ms: performance.now() - started, total: search.results.length, shown: shown.length};
    }""",
}


def _one_query(browser, url: str, engine: str, text: str) -> dict:
    """Bytes from the browser's network log (Playwright's, which sees workers' requests too): response bodies
    as they crossed the wire, of the page load and then of the query alone."""
    context = browser.new_context()
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    before = len(finished)
    answer = page.evaluate(ENGINES[engine], text)
    page.wait_for_load_state("networkidle")
    sizes = [request.sizes()["responseBodySize"] for request in finished]
    context.close()
    return {**answer, "bytes": sum(sizes[before:]), "requests": len(sizes) - before, "page_bytes": sum(sizes[:before])}


def _an_identifier(site: Path) -> str:
    meta = json.loads((site / "search" / "meta.json").read_text())
    middle = meta["total"] // 2
    chunk = json.loads((site / "search" / "r" / f"{middle // meta['chunkSize']}.json").read_text())
    return chunk[middle % meta["chunkSize"]][0]  # a decision's title is its 文书号


def _a_rare_word(site: Path) -> str:
    """A word of two or more characters found in three to ten records."""
    import base64
    for shard in sorted((site / "search" / "w").glob("*.json"), key=lambda p: int(p.stem)):
        for term, value in sorted(json.loads(shard.read_text())["w"].items()):
            if len(term) >= 2 and not term.isascii() and not value.startswith("@"):
                encoded = base64.b64decode(value)
                if encoded[:1] == b"d" and 3 <= sum(1 for byte in encoded[1:] if not byte & 0x80) <= 10:
                    return term
    raise SystemExit("no rare word")


def main() -> None:
    parser = argparse.ArgumentParser(description="检索性能基准：本平台与 Pagefind")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--index-only", nargs=2, type=Path, metavar=("DATA", "WORK"), help=argparse.SUPPRESS)
    parser.add_argument("--fresh", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.index_only:
        print(json.dumps(index_only(*args.index_only, args.fresh)))
        return
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    data = run.corpus(args.size)
    work = HERE / "out" / f"run-{args.size}"
    build = [sys.executable, "publish.py", "build", "--data", str(data), "--output", str(work / "site"),
             "--cache", str(work / "cache"), "--reports", str(work / "reports"), "--ledger", str(work / "ledger.sqlite"),
             "--as-of", run.AS_OF]
    seconds, peak, _ = run.measure(build)
    print(f"site built: {seconds:.1f} s, {peak / 2**20:.0f} MiB (PSS)", flush=True)
    results = {"full": ours(data, work, fresh=True)}
    print("ours, full:", results["full"], flush=True)
    results["pagefind_full"] = pagefind(work / "site")
    print("pagefind, full:", results["pagefind_full"], flush=True)
    results["queries"] = queries(work / "site")
    for row in results["queries"]:
        print(row, flush=True)
    original = generate.changed_workbook(data).read_bytes()
    try:
        generate.rewrite_one_workbook(data, variant=1)
        results["incremental"] = ours(data, work, fresh=False)
        print("ours, one workbook changed:", results["incremental"], flush=True)
        run.measure(build)
        results["pagefind_incremental"] = pagefind(work / "site")
        print("pagefind, one workbook changed:", results["pagefind_incremental"], flush=True)
    finally:
        generate.changed_workbook(data).write_bytes(original)
    (HERE / "out" / f"search-{args.size}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
