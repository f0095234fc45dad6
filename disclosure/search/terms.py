"""What each published record is found by — analysed once, for both search indexes.

Only publications are analysed (never raw rows): the live ones, and the notices of withdrawn or expired ones,
found by their number alone and showing only 已撤回 / 公示期满, the date and the reason. Citizens search three
ways, and each live record gets terms for each:
- identifiers (文书号, 统一社会信用代码, 执法证号, 事项编码), normalised, matched whole;
- words, segmented by rjieba (jieba's dictionary and algorithm, in Rust), so 无证经营 finds 无证从事经营活动;
- name grams: the character bigrams of its names, so 晋北商贸 and a masked 张某 find their records.

The Whoosh index (search.py) and the browser's index (search_export.py) are both written from one
`Inversion` of these terms, with the same record numbers: oldest first, so the newest matches of any query
are its highest numbers. Analysing a record costs 0.1 ms; its terms are kept by fingerprint between
builds, so a build analyses only the records that changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import rjieba

from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import AGENCY, FLOWCHARTS, OFFICERS, ColumnType, SheetKind
from disclosure.public.states import WITHDRAWN, notice_label
from disclosure.public.types import Decisions, Publication
from disclosure.runtime.cache import Memo, code_version

# Any change to the search stage's code (or what it reads) analyses every record again.
ANALYSIS_VERSION = code_version("core", "public", "search")
IDENTIFIER_COLUMNS = ("document_number", "party_uscc", "certificate_number", "code", "licence_number", "target_uscc")
NAME_COLUMNS = ("party_name", "name", "target", "legal_representative", "item")
SUMMARY_CHARACTERS = 80
SEPARATOR = "\x1f"  # one string per record pickles and loads ten times faster than a tuple of its terms
_WORD = re.compile(r"\w", re.UNICODE)


def index_words(text: str) -> list[str]:
    """rjieba's search mode: whole words and the words inside them (朔州市 → 朔州, 州市, 朔州市)."""
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


class SearchDocument(NamedTuple):
    """A named tuple rather than a dataclass: 100,000 of them are kept between builds."""

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
    names: str  # the text its name grams come from ("" once analysed)
    words: str  # the text its words come from ("" once analysed)


def document(publication: Publication, url: str) -> SearchDocument:
    if not publication.live:
        return _notice_document(publication, url)
    kind, values = publication.kind, publication.values
    identifiers = tuple(sorted({normalize_identifier(str(values[key])) for key in IDENTIFIER_COLUMNS if values.get(key)}))
    names = " ".join(str(values[key]) for key in NAME_COLUMNS if values.get(key))
    words = " ".join(str(value) for key, value in values.items() if _is_text(kind, key))
    date = publication.date.isoformat() if publication.date else ""
    return SearchDocument(publication.uid, kind.name, publication.agency.slug, publication.agency.name, date[:4], date,
                          publication.title, url, _summary(kind, values), identifiers, names,
                          " ".join((publication.agency.name, kind.title, words)))


def _notice_number(publication: Publication) -> str:
    """The number a notice is found by: a decision's 文书号, an officer's 执法证号; "" for notices named by
    anything else (a spot-check's is its 检查对象, which may be a person)."""
    if publication.kind.has("document_number"):
        return str(publication.get("document_number") or "")
    return publication.key if publication.kind is OFFICERS else ""


def _notice_words(publication: Publication) -> tuple[str, str]:
    """A notice's title and summary: 已撤回 / 公示期满, the number, the date and the reason; nothing else."""
    notice = publication.notice
    withdrawn = notice.state == WITHDRAWN
    title = f"{notice_label(notice.state)}：{_notice_number(publication)}"
    summary = (f"{publication.agency.name}于{notice.on_date.isoformat()}撤回了这条公示，撤回理由：{notice.reason or '未说明'}"
               if withdrawn else f"公示期已于{notice.on_date.isoformat()}届满，依规定不再公示")
    return title, summary


def _notice_document(publication: Publication, url: str) -> SearchDocument:
    """Found by its number alone, whole: no words, no names, nothing of the record but the notice."""
    title, summary = _notice_words(publication)
    date = publication.notice.on_date.isoformat()
    return SearchDocument(publication.uid, publication.kind.name, publication.agency.slug, publication.agency.name,
                          date[:4], date, title, url, summary, (normalize_identifier(_notice_number(publication)),),
                          "", "")


def _is_text(kind: SheetKind, key: str) -> bool:
    return kind.has(key) and kind.column(key).type in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.CHOICE,
                                                       ColumnType.CHOICES)


def _summary(kind: SheetKind, values: dict) -> str:
    shown = [kind.column(key) for key in kind.list_columns if key != kind.title_column and values.get(key)]
    # Not its date: a search result states that on its own.
    parts = [column.value_type.show(values[column.key]) for column in shown if column.type is not ColumnType.DATE]
    text = " · ".join(parts)
    return text if len(text) <= SUMMARY_CHARACTERS else text[:SUMMARY_CHARACTERS - 1] + "…"


def searchable(decisions: Decisions) -> list[Publication]:
    """The live records, and the notices of withdrawn or expired ones that a number names (found by it alone)."""
    return [p for p in decisions.publications if p.kind not in (AGENCY, FLOWCHARTS) and (p.live or _notice_number(p))]


# ---- analysing, with the terms kept between builds ------------------------------------------

class AnalysedRecord(NamedTuple):
    fingerprint: str  # the publication's: the terms are valid while it is unchanged
    document: SearchDocument  # what a result line shows (names and words dropped once analysed)
    words: str  # its distinct words, joined by SEPARATOR
    grams: str  # its distinct name grams, joined by SEPARATOR


def analyse(publications: Iterable[Publication], url_of: Callable[[Publication], str],
            cache_path: Path) -> list[AnalysedRecord]:
    memo = Memo(cache_path, ANALYSIS_VERSION)
    analysed = []
    for publication in publications:
        fingerprint, document, words, grams = memo.get(publication.uid + publication.fingerprint,
                                                       lambda p=publication: _analyse(p, url_of(p)))
        analysed.append(AnalysedRecord(fingerprint, SearchDocument._make(document), words, grams))
    memo.save()
    return analysed


def _analyse(publication: Publication, url: str) -> tuple:
    """As a plain tuple: named tuples unpickle three times slower, and every build reads the kept ones."""
    text = document(publication, url)
    return (publication.fingerprint, tuple(text._replace(names="", words="")),
            SEPARATOR.join(set(index_words(text.words))), SEPARATOR.join(set(bigrams(text.names))))


# ---- numbering and inverting ----------------------------------------------------------------

@dataclass(frozen=True)
class Inversion:
    """Every term's postings: the sorted numbers of the records holding it. A record's number is its position
    in `records`, oldest first (undated ones — 事项, 人员 — before all dated ones)."""

    records: list[AnalysedRecord]
    words: dict[str, list[int]]
    grams: dict[str, list[int]]
    identifiers: dict[str, list[int]]


def invert(analysed: list[AnalysedRecord]) -> Inversion:
    records = sorted(analysed, key=lambda r: (r.document.date, r.document.uid))
    words: dict[str, list[int]] = defaultdict(list)
    grams: dict[str, list[int]] = defaultdict(list)
    identifiers: dict[str, list[int]] = defaultdict(list)
    for number, record in enumerate(records):
        for term in split_terms(record.words):
            words[term].append(number)
        for term in split_terms(record.grams):
            grams[term].append(number)
        for term in record.document.identifiers:
            identifiers[term].append(number)
    return Inversion(records, dict(words), dict(grams), dict(identifiers))


def split_terms(joined: str) -> list[str]:
    return joined.split(SEPARATOR) if joined else []
