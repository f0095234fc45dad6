"""The search index for `publish.py search` — a Whoosh index of the analysed terms, kept in step
with what the rules published.

It is written from the same `search_terms.Inversion` as the browser's index, so both find the same records.
A record that is withdrawn or expires leaves it in the build that takes it off the site: changes are applied
only once the site is complete and the ledger written (PendingUpdate.finish). Results are newest first.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from whoosh import analysis, formats
from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, FieldType, Schema
from whoosh.query import And, Every, Or, Query, Term
from whoosh.writing import SegmentWriter

from disclosure.core.identifiers import normalize_identifier
from disclosure.public.types import Publication
from disclosure.runtime.cache import load_pickle, save_pickle
from disclosure.search.terms import ANALYSIS_VERSION, AnalysedRecord, Inversion, bigrams, query_words, split_terms

INDEX_VERSION = ANALYSIS_VERSION  # it holds the analysed terms: a change to the search code writes it anew
STATE_FILE = "fingerprints.pickle"  # what each record was indexed from
REBUILD_FROM = 2000  # changed records from which writing a whole new index is quicker than updating in place


class AnalysedTerms(FieldType):
    """Terms analysed before they reach Whoosh (search_terms.analyse): each record is segmented once for both
    indexes, and no tokenizer runs here. Matched, never scored: results are ordered by date."""

    def __init__(self):
        super().__init__(formats.Existence(), analysis.IDTokenizer(), scorable=False)

    def index(self, value, **kwargs):
        return ((term.encode(), 1, 1.0, b"") for term in value)


SCHEMA = Schema(
    uid=ID(stored=True, unique=True), kind=ID(stored=True), agency=ID(stored=True), year=ID(stored=True),
    date=STORED, identifiers=AnalysedTerms(), words=AnalysedTerms(), name_grams=AnalysedTerms(),
    title=STORED, url=STORED, agency_name=STORED, summary=STORED,
)
_TERM_FIELDS = {"identifiers": "identifiers", "words": "words", "name_grams": "grams"}  # field → Inversion's


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


# ---- keeping the index -----------------------------------------------------------------------

@dataclass(frozen=True)
class IndexUpdate:
    added: int
    removed: int
    total: int


class PendingUpdate:
    """What a build changes in the index. Many changes (a first build) are written as a whole new index by a
    forked process while the build goes on (start); the new index replaces the old, or a few changes are
    applied in place, only in finish(), after the site is published."""

    def __init__(self, folder: Path, publications: list[Publication]):
        self.folder = folder
        self.known = _load_state(folder)
        self.current = {p.uid: p.fingerprint for p in publications}
        self.stale = [uid for uid, fingerprint in self.known.items() if self.current.get(uid) != fingerprint]
        self.fresh = {uid for uid, fingerprint in self.current.items() if self.known.get(uid) != fingerprint}
        self.rebuilds = not self.known or len(self.stale) + len(self.fresh) > max(REBUILD_FROM, len(self.current) // 5)
        self._inversion: Inversion | None = None
        self._writer: multiprocessing.Process | None = None

    @property
    def changes(self) -> bool:
        return bool(self.stale or self.fresh or not self.known)

    @property
    def _next_folder(self) -> Path:
        return self.folder.with_name(self.folder.name + ".next")

    def start(self, inversion: Inversion) -> None:
        self._inversion = inversion
        if self.changes and self.rebuilds:
            # Forked, the writer shares the inversion without copying it, and the two cores work at once.
            self._writer = multiprocessing.get_context("fork").Process(
                target=_write_new_index, args=(self._next_folder, inversion), daemon=True)
            self._writer.start()

    @contextmanager
    def abandoned_on_error(self):
        """A build that fails after start() leaves no writer behind; the old index stays as it was."""
        try:
            yield
        except BaseException:
            if self._writer is not None and self._writer.is_alive():
                self._writer.terminate()
                self._writer.join()
            shutil.rmtree(self._next_folder, ignore_errors=True)
            raise

    def finish(self) -> IndexUpdate:
        if not self.changes:
            return IndexUpdate(0, 0, len(self.current))
        if self._inversion is None:
            raise RuntimeError("PendingUpdate.finish() before start()")
        if self.rebuilds:
            self._replace_with_next()
        else:
            self._apply_in_place()
        save_pickle(self.folder / STATE_FILE, self.current, INDEX_VERSION)
        return IndexUpdate(len(self.fresh), len(set(self.stale) - set(self.current)), len(self.current))

    def _apply_in_place(self) -> None:
        fresh = [record for record in self._inversion.records if record.document.uid in self.fresh]
        try:
            _apply_in_place(self.folder, self.stale, fresh)
        except Exception:  # noqa: BLE001 - damage that opening the index did not show: written anew instead
            _write_new_index(self._next_folder, self._inversion)
            self._swap_in_next()

    def _replace_with_next(self) -> None:
        self._writer.join()
        if self._writer.exitcode != 0:
            raise IndexWriteError(self._writer.exitcode)
        self._swap_in_next()

    def _swap_in_next(self) -> None:
        retired = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(retired, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, retired)
        os.replace(self._next_folder, self.folder)
        shutil.rmtree(retired, ignore_errors=True)


class IndexWriteError(Exception):
    """The process writing the new index failed; the old index is left as it was."""


def update(folder: Path, publications: list[Publication], inversion: Inversion) -> IndexUpdate:
    """Bring the index to exactly these publications at once (for callers without a build around them)."""
    pending = PendingUpdate(folder, publications)
    pending.start(inversion)
    return pending.finish()


def _write_new_index(folder: Path, inversion: Inversion) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    writer = _PresortedWriter(whoosh_index.create_in(str(folder), SCHEMA), inversion)
    for record in inversion.records:  # in number order: a record's document number is its number
        writer.add_document(**_stored_fields(record))  # its terms come sorted, at the flush
    writer.commit()


class _PresortedWriter(SegmentWriter):
    """Whoosh's writer passes every posting through a sorting pool (pickled to disk in runs) and looks up a
    field length for each: about 12 µs a posting, a minute for 100,000 records. The inversion's postings are
    already in order, so they go straight into the segment; only the ID fields' few pass through the pool."""

    def __init__(self, index, inversion: Inversion):
        super().__init__(index, limitmb=256)
        self._inversion = inversion

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, None, self._sorted_postings())
        self.fieldwriter.close()

    def _sorted_postings(self):
        by_field = {name: list(postings) for name, postings in groupby(self.pool.iter_postings(), itemgetter(0))}
        for field, attribute in _TERM_FIELDS.items():
            by_field[field] = _postings_of(field, getattr(self._inversion, attribute))
        for field in sorted(by_field):
            yield from by_field[field]


def _postings_of(field: str, postings: dict[str, list[int]]):
    for term in sorted(postings):  # code point order is UTF-8 byte order, Whoosh's
        encoded = term.encode()
        for number in postings[term]:
            yield field, encoded, number, 1.0, b""


def _apply_in_place(folder: Path, stale: list[str], fresh: list[AnalysedRecord]) -> None:
    writer = whoosh_index.open_dir(str(folder)).writer(limitmb=128)
    for uid in stale:
        writer.delete_by_term("uid", uid)
    for record in fresh:
        writer.add_document(**_stored_fields(record), identifiers=record.document.identifiers,
                            words=split_terms(record.words), name_grams=split_terms(record.grams))
    writer.commit()


def _stored_fields(record: AnalysedRecord) -> dict[str, str]:
    """What a hit shows and is filtered by; the term fields are added apart."""
    document = record.document
    return {"uid": document.uid, "kind": document.kind, "agency": document.agency, "year": document.year,
            "date": document.date, "title": document.title, "url": document.url,
            "agency_name": document.agency_name, "summary": document.summary}


def _load_state(folder: Path) -> dict[str, str]:
    """No state, an old one or a torn one, or an index that is damaged: the index is written anew."""
    fingerprints = load_pickle(folder / STATE_FILE, INDEX_VERSION, {})
    index = _open(folder)
    return fingerprints if fingerprints and index is not None and _holds(index, len(fingerprints)) else {}


def _open(folder: Path):
    """The index, or None when there is none or it cannot be read (one left by older code pickles its schema
    with classes that may no longer exist)."""
    try:
        return whoosh_index.open_dir(str(folder))
    except Exception:  # noqa: BLE001 - see above
        return None


def _holds(index, records: int | None) -> bool:
    """The index opens every segment and counts as many records as it was last written with (when that is known).
    Whoosh opens a folder from its table of contents alone: a segment truncated or deleted shows only when read."""
    try:
        with index.reader() as reader:
            count = reader.doc_count()
        return records is None or count == records
    except Exception:  # noqa: BLE001 - any failure to read it (EOFError, a torn pickle, a missing file) is damage
        return False


class DamagedIndex(Exception):
    """The index is there but cannot be read, or holds another number of records than it was written with;
    the next build writes it anew."""


# ---- asking it -------------------------------------------------------------------------------

def search(folder: Path, text: str, agency: str = "", kind: str = "", year: str = "", limit: int = 20) -> Results:
    """Identifier matches alone when there are any (a 文书号 names its decision, as in the browser); otherwise
    records whose name holds the query, then records holding its words; each group newest first."""
    index = _readable(folder)
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


def _readable(folder: Path):
    """FileNotFoundError when no build has written an index (no table of contents), DamagedIndex when one cannot be
    read as it was written; it is for the build to write it anew, not for a search."""
    if not any(folder.glob("*.toc")):
        raise FileNotFoundError(folder)
    index = _open(folder)
    recorded = load_pickle(folder / STATE_FILE, INDEX_VERSION, None)
    if index is None or not _holds(index, None if recorded is None else len(recorded)):
        raise DamagedIndex(folder)
    return index


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
