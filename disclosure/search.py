"""Stage 5c: the search index of what the rules published — a Whoosh index, updated incrementally.

Only publications that are live reach it (never raw rows); a record that is withdrawn or expires
leaves it in the build that takes it off the site. Citizens search three ways, and the index has a
field for each:
- identifiers (文书号, 统一社会信用代码, 执法证号, 事项编码), normalised, matched whole and first;
- words, segmented by rjieba (jieba's dictionary and algorithm, in Rust), so 无证经营 finds 无证从事经营活动;
- name fragments, as character bigrams of the names, so 晋北商贸 and a masked 张某 find their records.
Results are then ordered newest first.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import rjieba
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Every, Or, Query, Term

from .identifiers import normalize_identifier
from .kinds import AGENCY, FLOWCHARTS, ColumnType, SheetKind
from .rules import Decisions, Publication

INDEX_VERSION = 2  # bump when the schema or the analysis changes: the index is then rebuilt
IDENTIFIER_COLUMNS = ("document_number", "party_uscc", "certificate_number", "code", "licence_number", "target_uscc")
NAME_COLUMNS = ("party_name", "name", "target", "legal_representative", "item")
SUMMARY_CHARACTERS = 80
_WORD = re.compile(r"\w", re.UNICODE)


class WordTokenizer(Tokenizer):
    """rjieba's search mode: whole words and the words inside them (朔州市 → 朔州, 州市, 朔州市)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word in enumerate(index_words(value) if mode == "index" else query_words(value)):
            token.text = token.original = word
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos + position
            yield token


class BigramTokenizer(Tokenizer):
    """Every two adjacent characters of a name, so any fragment of two or more characters finds it."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, gram in enumerate(bigrams(value)):
            token.text = token.original = gram
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos + position
            yield token


def index_words(text: str) -> list[str]:
    return [w.lower() for w in rjieba.cut_for_search(text) if _is_word(w)]


def query_words(text: str) -> list[str]:
    return [w.lower() for w in rjieba.cut(text) if _is_word(w)]


def _is_word(token: str) -> bool:
    """jieba also yields the punctuation and spaces between words; isalnum() answers most tokens quickly."""
    return token.isalnum() or bool(_WORD.search(token))


def bigrams(text: str) -> list[str]:
    """Within each space-separated name, never across two: every gram is part of a name as published."""
    grams = []
    for name in text.split():
        letters = "".join(c for c in normalize_identifier(name).lower() if _WORD.match(c))
        grams += [letters[i:i + 2] for i in range(len(letters) - 1)] or ([letters] if letters else [])
    return grams


SCHEMA = Schema(
    uid=ID(stored=True, unique=True), kind=ID(stored=True), agency=ID(stored=True), year=ID(stored=True),
    date=STORED, identifiers=KEYWORD(commas=True), words=TEXT(analyzer=WordTokenizer(), phrase=False),
    name_grams=TEXT(analyzer=BigramTokenizer(), phrase=False),
    title=STORED, url=STORED, agency_name=STORED, summary=STORED,
)


class SearchDocument(NamedTuple):
    """A named tuple rather than a dataclass: the static export keeps 100,000 of them pickled between builds."""

    uid: str
    kind: str
    agency: str  # the agency's slug
    agency_name: str
    year: str
    date: str  # YYYY-MM-DD, or "" for records without a date
    title: str
    url: str
    summary: str
    identifiers: tuple[str, ...]
    names: str
    words: str


@dataclass(frozen=True)
class Hit:
    uid: str
    kind: str
    agency_name: str
    date: str
    title: str
    url: str
    summary: str
    exact: bool  # found by an identifier


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]
    total: int


def document(publication: Publication, url: str) -> SearchDocument:
    kind, values = publication.kind, publication.values
    identifiers = tuple(sorted({normalize_identifier(str(values[key])) for key in IDENTIFIER_COLUMNS if values.get(key)}))
    names = " ".join(str(values[key]) for key in NAME_COLUMNS if values.get(key))
    words = " ".join(str(value) for key, value in values.items() if _is_text(kind, key))
    date = publication.date.isoformat() if publication.date else ""
    return SearchDocument(publication.uid, kind.name, publication.agency.slug, publication.agency.name, date[:4], date,
                          publication.title, url, _summary(kind, values), identifiers, names,
                          " ".join((publication.agency.name, kind.title, words)))


def _is_text(kind: SheetKind, key: str) -> bool:
    return kind.has(key) and kind.column(key).type in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.CHOICE,
                                                       ColumnType.CHOICES)


def _summary(kind: SheetKind, values: dict) -> str:
    parts = [str(values[key]) if not isinstance(values[key], tuple) else "、".join(values[key])
             for key in kind.list_columns if key != kind.title_column and values.get(key)
             and not isinstance(values[key], dt.date)]
    text = " · ".join(parts)
    return text if len(text) <= SUMMARY_CHARACTERS else text[:SUMMARY_CHARACTERS - 1] + "…"


def searchable(decisions: Decisions) -> list[Publication]:
    return [p for p in decisions.live if p.kind not in (AGENCY, FLOWCHARTS)]


# ---- keeping the index -----------------------------------------------------------------------

@dataclass(frozen=True)
class IndexUpdate:
    added: int
    removed: int
    total: int


def update(folder: Path, publications: list[Publication], url_of) -> IndexUpdate:
    """Bring the index to exactly these publications, touching only the records that changed."""
    state_path = folder / "fingerprints.pickle"
    known = _load_state(folder, state_path)
    current = {p.uid: p.fingerprint for p in publications}
    stale = [uid for uid, fingerprint in known.items() if current.get(uid) != fingerprint]
    fresh = [p for p in publications if known.get(p.uid) != p.fingerprint]
    if not stale and not fresh and known:
        return IndexUpdate(0, 0, len(current))
    index = whoosh_index.open_dir(str(folder)) if known else _create(folder)
    # Whoosh writes postings in pure Python: a first build of thousands of records goes twice as fast on two
    # processes, each leaving its own segment; a day's few changes are quicker in one.
    bulk = len(fresh) > 2000
    writer = index.writer(limitmb=128, procs=2 if bulk else 1, multisegment=bulk)
    for uid in stale:
        writer.delete_by_term("uid", uid)
    for publication in fresh:
        entry = document(publication, url_of(publication))
        writer.add_document(uid=entry.uid, kind=entry.kind, agency=entry.agency, year=entry.year, date=entry.date,
                            identifiers=",".join(entry.identifiers), words=entry.words, name_grams=entry.names,
                            title=entry.title, url=entry.url, agency_name=entry.agency_name, summary=entry.summary)
    writer.commit()
    _save_state(state_path, current)
    return IndexUpdate(len(fresh), len(set(stale) - set(current)), len(current))


def _load_state(folder: Path, state_path: Path) -> dict[str, str]:
    try:
        with state_path.open("rb") as stream:
            version, fingerprints = pickle.load(stream)
    except Exception:  # noqa: BLE001 - no state, an old one or a torn one: the index is rebuilt from scratch
        return {}
    return fingerprints if version == INDEX_VERSION and whoosh_index.exists_in(str(folder)) else {}


def _create(folder: Path):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return whoosh_index.create_in(str(folder), SCHEMA)


def _save_state(state_path: Path, fingerprints: dict[str, str]) -> None:
    temporary = state_path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        pickle.dump((INDEX_VERSION, fingerprints), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, state_path)


# ---- asking it -------------------------------------------------------------------------------

def search(folder: Path, text: str, agency: str = "", kind: str = "", year: str = "", limit: int = 20) -> Results:
    """Identifier matches alone when there are any (a 文书号 names its decision, as in the browser); otherwise
    records whose name holds the query, then records holding its words; each group newest first."""
    if not whoosh_index.exists_in(str(folder)):
        raise FileNotFoundError(folder)
    index = whoosh_index.open_dir(str(folder))
    with index.searcher() as searcher:
        filters = [Term(field, value) for field, value in (("kind", kind), ("year", year)) if value]
        exact = _matches(searcher, Term("identifiers", normalize_identifier(text)), filters)
        tiers = [exact] if exact else [_by_name(searcher, text, filters), _by_words(searcher, text, filters)]
        ordered, seen = [], set()
        for tier in tiers:
            fresh = [d for d in tier if d["uid"] not in seen and (not agency or agency in (d["agency"], d["agency_name"])
                                                                  or agency in d["agency_name"])]
            seen.update(d["uid"] for d in fresh)
            ordered.extend(_newest_first(fresh))
        hits = tuple(Hit(d["uid"], d["kind"], d["agency_name"], d["date"], d["title"], d["url"], d["summary"],
                         bool(exact)) for d in ordered[:limit])
        return Results(hits, len(ordered))


def _by_name(searcher, text: str, filters: list[Query]) -> list[dict]:
    grams = bigrams(text)
    return _matches(searcher, And([Term("name_grams", g) for g in grams]), filters) if grams else []


def _by_words(searcher, text: str, filters: list[Query]) -> list[dict]:
    if not text.strip():
        return _matches(searcher, Every(), filters)
    words = query_words(text)
    return _matches(searcher, And([Or([Term("words", w), Term("name_grams", w)]) for w in words]), filters) \
        if words else []


def _matches(searcher, query: Query, filters: list[Query]) -> list[dict]:
    combined = And([query, *filters]) if filters else query
    return [dict(stored) for stored in searcher.search(combined, limit=None)]


def _newest_first(documents: list[dict]) -> list[dict]:
    return sorted(documents, key=lambda d: (d["date"], d["title"]), reverse=True)
