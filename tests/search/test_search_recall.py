"""Recall on a generated corpus, ours against Pagefind (pagefind_extended, the CLI, over the same record pages),
both asked in headless Chromium: for whole words, masked person names, company-name fragments and identifiers
(typed with other brackets and full-width digits), the share of queries whose expected records — every
published record holding the query, by plain substring over its public text — all appear on the first page.

The figures are written to test-output/search-recall.md. Ours must find at least 95% in every group; Pagefind's
figures are reported, not judged."""

from __future__ import annotations

import importlib.resources
import random
import subprocess
from pathlib import Path

import pytest

from benchmarks.generate import END, START, seeds
from disclosure import build as build_module
from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import AGENCY, ITEMS, LICENSES, OFFICERS, PENALTIES
from disclosure.runtime.progress import Progress
from disclosure.search import terms as search_terms
from disclosure.site import pages
from disclosure.site.settings_file import read_settings_file
from tests.conftest import AS_OF, PROJECT, Workspace
from tools import synthetic

PAGEFIND = Path(str(importlib.resources.files("pagefind_bin_extended") / "pagefind_extended"))
RECORD_GLOB = "{penalties,licenses,officers,items}/*/*.html"
PAGE_SIZE = 10
QUERIES_PER_GROUP = 30
REPORT = PROJECT / "test-output" / "search-recall.md"


def write_corpus(space: Workspace) -> None:
    for index, seed in enumerate(seeds()[:4]):
        faker = synthetic.Faker(1000 + index)
        folder = space.data / seed.folder
        synthetic.write_workbook(folder / "机关信息.xlsx", [(AGENCY, [synthetic.profile(seed)])], messy=False)
        synthetic.write_workbook(folder / "事项.xlsx", [(ITEMS, synthetic.items(faker, seed))], faker, "事项清单")
        synthetic.write_workbook(folder / "人员.xlsx", [(OFFICERS, synthetic.officers(faker, seed, 20))], faker, "执法人员")
        synthetic.write_workbook(folder / "处罚.xlsx", [(PENALTIES, synthetic.penalties(faker, seed, 250, START, END))],
                                 faker, "行政处罚")
        synthetic.write_workbook(folder / "许可.xlsx", [(LICENSES, synthetic.licenses(faker, seed, 100, START, END))],
                                 faker, "行政许可")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, serve_site):
    space = Workspace(tmp_path_factory.mktemp("recall"))
    write_corpus(space)
    site = space.build("--ledger", str(space.root / "ledger.sqlite"))
    result = subprocess.run([str(PAGEFIND), "--site", str(site.root), "--glob", RECORD_GLOB, "--root-selector", "main",
                             "--output-path", str(site.root / "pagefind")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    options = build_module.Options(space.data, space.output, space.root / ".cache", PROJECT / "pelicanconf.py",
                                   build_module.dt.date.fromisoformat(AS_OF), ledger_path=space.root / "ledger.sqlite")
    decisions = build_module.check(options, read_settings_file(options.settings_file).portal, Progress(quiet=True)).decisions
    documents = [search_terms.document(p, pages.record_path(p)) for p in search_terms.searchable(decisions)]
    return serve_site(site.root), documents


# ---- the queries and what they must find ----

def queries(documents: list[search_terms.SearchDocument]) -> dict[str, list[tuple[str, set[str]]]]:
    rng = random.Random(20261121)
    groups = {"whole words": _words(documents, rng), "masked person names": _people(documents, rng),
              "company-name fragments": _fragments(documents, rng), "identifiers": _identifiers(documents, rng)}
    assert all(len(group) == QUERIES_PER_GROUP for group in groups.values()), {k: len(v) for k, v in groups.items()}
    return groups


def _pick(candidates, expected_of, count=QUERIES_PER_GROUP) -> list[tuple[str, set[str]]]:
    chosen, seen = [], set()
    for text in candidates:
        expected = expected_of(text)
        if text not in seen and 1 <= len(expected) <= PAGE_SIZE:
            seen.add(text)
            chosen.append((text, expected))
        if len(chosen) == count:
            break
    return chosen


def _holding(documents, field: str, text: str) -> set[str]:
    return {d.url for d in documents if text in getattr(d, field)}


def _words(documents, rng):
    texts = [d for d in documents if d.kind in ("penalties", "licenses")]
    candidates = (word for d in rng.sample(texts, len(texts)) for word in search_terms.query_words(d.words)
                  if len(word) >= 2 and not word.isascii())
    return _pick(candidates, lambda word: _holding(documents, "words", word))


def _people(documents, rng):
    masked = sorted({name for d in documents for name in d.names.split() if name.endswith("某") and len(name) <= 4})
    return _pick(rng.sample(masked, len(masked)), lambda name: _holding(documents, "names", name))


def _fragments(documents, rng):
    companies = [d.names.split()[0] for d in documents if "公司" in d.names]

    def fragment(name: str) -> str:
        length = rng.randrange(2, 5)
        start = rng.randrange(0, max(1, len(name) - length))
        return name[start:start + length]

    candidates = (fragment(name) for name in rng.choices(companies, k=5000))
    return _pick((f for f in candidates if "有限" not in f and "公司" not in f),
                 lambda text: _holding(documents, "names", text))


def _identifiers(documents, rng):
    typed = {}
    for d in rng.sample(documents, len(documents)):
        for identifier in d.identifiers:
            typed.setdefault(_as_typed(identifier, rng), identifier)
    return _pick(typed, lambda text: {d.url for d in documents if normalize_identifier(text) in d.identifiers})


def _as_typed(identifier: str, rng) -> str:
    """As a citizen copies it from a letter: other brackets, full-width digits, lower case."""
    text = identifier.replace("(", rng.choice("〔[（【")).replace(")", rng.choice("〕]）】"))
    if rng.random() < 0.5:
        text = text.translate({ord(d): chr(ord(d) + 0xFEE0) for d in "0123456789"})
    return text.lower() if rng.random() < 0.5 else text


# ---- asking both engines ----

OURS = """async (texts) => {
    const m = await import(document.querySelector('script[type=module]').src);
    const answers = [];
    for (const text of texts) answers.push((await m.find(text)).hits.map((hit) => new URL(hit.url).pathname));
    return answers;
}"""
PAGEFIND_JS = """async (texts) => {
    const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
    await pagefind.init();
    const answers = [];
    for (const text of texts) {
        const found = await pagefind.search(text);
        const shown = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
        answers.push(shown.map((data) => new URL(data.url, document.baseURI).pathname));
    }
    return answers;
}"""


def recall(page, served, script: str, group: list[tuple[str, set[str]]]) -> float:
    answers = page.evaluate(script, [text for text, _ in group])
    found = sum(1 for (_, expected), paths in zip(group, answers)
                if {served.url_of(url).removeprefix(served.url.split("/zfgs/")[0]) for url in expected} <= set(paths))
    return found / len(group)


def test_recall_on_the_first_page_ours_against_pagefind(page, corpus):
    served, documents = corpus
    page.goto(served.url_of("search.html"))
    rows = []
    for name, group in queries(documents).items():
        rows.append((name, recall(page, served, OURS, group), recall(page, served, PAGEFIND_JS, group)))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("| queries (30 each) | ours | Pagefind 1.5.2 extended |\n|---|---|---|\n" + "".join(
        f"| {name} | {ours:.0%} | {theirs:.0%} |\n" for name, ours, theirs in rows), encoding="utf-8")
    print("\n" + REPORT.read_text(encoding="utf-8"))
    for name, ours, _ in rows:
        assert ours >= 0.95, f"{name}: {ours:.0%}"
