"""Stage 5d: the search index the browser reads — static files under build/search/, written from the same
analysed terms as the Whoosh index (search.index_words, search.bigrams, the normalised identifiers).

Designed so that one query fetches little, whatever the size of the portal:
- Records are numbered oldest first (undated ones before all dated), so the newest matches of any query are
  its highest numbers: no scoring, and a new day's records only add numbers at the end (older files keep
  their bytes, and a webmaster's incremental upload stays small).
- Words and name bigrams live in shards keyed by their first character: the shard a query's character
  points to holds every indexed term starting there, which is the vocabulary the browser segments the query
  against (forward maximum matching), and their postings. Long postings sit in files of their own.
- Identifiers sit in shards keyed by a hash of the whole normalised identifier: an exact lookup.
- Postings are sorted record numbers, delta-encoded as LEB128 varints, or a bitmap when that is smaller.
- Each record belongs to a cell (agency × kind × status); cells.bin holds the cell of every record, so the
  browser counts facets over the whole match set and filters it. Years are ranges of record numbers.
- Result records come in chunks of CHUNK_SIZE consecutive numbers and hold only what a result line shows.

search.js reads this; its format version is FORMAT.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import pickle
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import search
from .kinds import DECISION_KINDS, KINDS, KINDS_BY_NAME, LICENSES, OFFICERS
from .pages import certificate_state, licence_state
from .rules import Publication

FORMAT = 1
ANALYSIS_VERSION = 3  # bump when search.document or the analysis changes: every record is then analysed again
FOLDER = "search"
CHUNK_SIZE = 16  # records per result file: a page of 10 scattered results costs at most 10 small files
PAGE_SIZE = 10
INLINE_POSTINGS = 2048  # encoded bytes above which a term's postings get a file of their own
SHARD_TARGET_BYTES = 24_000  # the average shard a query fetches


@dataclass(frozen=True)
class Entry:
    """One record as the export sees it: what its result line shows, where it counts, and its terms."""

    document: search.SearchDocument
    status: str
    words: tuple[str, ...]
    grams: tuple[str, ...]  # bigrams of its names


@dataclass(frozen=True)
class ExportFile:
    path: str  # relative to the output folder
    data: bytes


def status_of(publication: Publication, as_of: dt.date) -> str:
    if publication.kind is OFFICERS:
        return certificate_state(publication, as_of)
    if publication.kind is LICENSES and licence_state(publication, as_of) == "已失效":
        return "已失效"
    return "已更正" if publication.corrections else "公示中"


def entries(publications: Iterable[Publication], url_of: Callable[[Publication], str], as_of: dt.date,
            cache_path: Path) -> list[Entry]:
    """Analysing a record costs 0.1 ms; its terms are kept by fingerprint, so a build analyses only what changed."""
    analysed = _load_analysed(cache_path)
    kept: dict[str, tuple[str, search.SearchDocument, str]] = {}
    result = []
    for publication in publications:
        known = analysed.get(publication.uid)
        if known and known[0] == publication.fingerprint:
            document, words, grams = known[1:]
        else:
            document = search.document(publication, url_of(publication))
            words = _SEPARATOR.join(set(search.index_words(document.words)))
            grams = _SEPARATOR.join(set(search.bigrams(document.names)))
            document = document._replace(names="", words="")  # analysed: only the result line is kept
        kept[publication.uid] = (publication.fingerprint, document, words, grams)
        result.append(Entry(document, status_of(publication, as_of), _split(words), _split(grams)))
    if kept.keys() != analysed.keys() or any(analysed[uid][0] != kept[uid][0] for uid in kept):
        _save_analysed(cache_path, kept)
    return result


_SEPARATOR = "\x1f"  # one string per record pickles and loads ten times faster than a set of its terms


def _split(terms: str) -> tuple[str, ...]:
    return tuple(terms.split(_SEPARATOR)) if terms else ()


def _load_analysed(cache_path: Path) -> dict:
    try:
        with cache_path.open("rb") as stream:
            version, analysed = pickle.load(stream)
    except Exception:  # noqa: BLE001 - none yet, an old one or a torn one: every record is analysed again
        return {}
    return analysed if version == ANALYSIS_VERSION else {}


def _save_analysed(cache_path: Path, analysed: dict) -> None:
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache_path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        pickle.dump((ANALYSIS_VERSION, analysed), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_path)


def inputs_digest(publications: list[Publication], as_of: dt.date) -> str:
    """Everything the files are made from: the same digest means the same files."""
    digest = hashlib.blake2b(f"{FORMAT}|{ANALYSIS_VERSION}".encode(), digest_size=16)
    for publication in sorted(publications, key=lambda p: p.uid):
        digest.update(f"{publication.uid}|{publication.fingerprint}|{status_of(publication, as_of)}\n".encode())
    return digest.hexdigest()


def export(entries_: list[Entry]) -> list[ExportFile]:
    """Every file of build/search/, meta.json last (it names the generation the other files belong to)."""
    ordered = sorted(entries_, key=lambda e: (e.document.date, e.document.uid))
    cells, cell_of = _cells(ordered)
    cell_width = 1 if len(cells) <= 256 else 2
    files = [*_chunks(ordered, cell_of), _cell_file(cell_of, cell_width)]
    word_shards = _shard_count(sum(len(e.words) + len(e.grams) for e in ordered) * 3)
    id_shards = _shard_count(sum(len(e.document.identifiers) for e in ordered) * 30)
    files += _shard_files("w", word_shards, lambda term: ord(term[0]) % word_shards,
                          {"w": _invert(e.words for e in ordered), "n": _invert(e.grams for e in ordered)})
    files += _shard_files("i", id_shards, lambda term: identifier_hash(term) % id_shards,
                          {"i": _invert(e.document.identifiers for e in ordered)})
    generation = hashlib.sha256(b"".join(f.path.encode() + f.data for f in files)).hexdigest()[:12]
    meta = {
        "format": FORMAT, "generation": generation, "total": len(ordered), "chunkSize": CHUNK_SIZE,
        "pageSize": PAGE_SIZE, "wordShards": word_shards, "idShards": id_shards,
        "cellBytes": cell_width, "agencies": _agencies(ordered),
        "kinds": [[name, KINDS_BY_NAME[name].title] for name in sorted({e.document.kind for e in ordered},
                                                                         key=_kind_order)],
        "statuses": sorted({e.status for e in ordered}, key=_status_order),
        "years": _year_ranges(ordered),
    }
    meta["cells"] = _cell_indices(meta, cells)
    files.append(ExportFile(f"{FOLDER}/meta.json", _json(meta)))
    return files


def identifier_hash(text: str) -> int:
    """CRC-32 of the UTF-8 bytes: C-fast here, a dozen lines in search.js."""
    return zlib.crc32(text.encode())


# ---- record numbers, cells and chunks ---------------------------------------------------------

def _cells(ordered: list[Entry]) -> tuple[list[tuple[str, str, str]], list[int]]:
    keys = sorted({_cell_key(e) for e in ordered})
    number = {key: index for index, key in enumerate(keys)}
    return keys, [number[_cell_key(e)] for e in ordered]


def _cell_key(entry: Entry) -> tuple[str, str, str]:
    return entry.document.agency, entry.document.kind, entry.status


def _cell_indices(meta: dict, cells: list[tuple[str, str, str]]) -> list[list[int]]:
    agency = {slug: i for i, (slug, _) in enumerate(meta["agencies"])}
    kind = {name: i for i, (name, _) in enumerate(meta["kinds"])}
    status = {label: i for i, label in enumerate(meta["statuses"])}
    return [[agency[a], kind[k], status[s]] for a, k, s in cells]


def _cell_file(cell_of: list[int], width: int) -> ExportFile:
    return ExportFile(f"{FOLDER}/cells.bin", b"".join(cell.to_bytes(width, "little") for cell in cell_of))


def _chunks(ordered: list[Entry], cell_of: list[int]) -> list[ExportFile]:
    files = []
    for start in range(0, len(ordered), CHUNK_SIZE):
        rows = [[e.document.title, cell_of[n], e.document.date, e.document.url, e.document.summary]
                for n, e in enumerate(ordered[start:start + CHUNK_SIZE], start)]
        files.append(ExportFile(f"{FOLDER}/r/{start // CHUNK_SIZE}.json", _json(rows)))
    return files


def _year_ranges(ordered: list[Entry]) -> list[list]:
    ranges: list[list] = []
    for number, entry in enumerate(ordered):
        year = entry.document.year
        if not year:
            continue
        if ranges and ranges[-1][0] == year:
            ranges[-1][2] = number + 1
        else:
            ranges.append([year, number, number + 1])
    return ranges


def _agencies(ordered: list[Entry]) -> list[list[str]]:
    """[slug, name] pairs in the order of their names."""
    names = {e.document.agency: e.document.agency_name for e in ordered}
    return [[slug, names[slug]] for slug in sorted(names, key=names.get)]


def _kind_order(name: str) -> int:
    decisions_first = [*DECISION_KINDS, *(kind for kind in KINDS if kind not in DECISION_KINDS)]
    return [kind.name for kind in decisions_first].index(name)


def _status_order(label: str) -> tuple[int, str]:
    return (0 if label in ("公示中", "有效") else 1, label)


# ---- postings --------------------------------------------------------------------------------

def _invert(terms_by_number: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, terms in enumerate(terms_by_number):
        for term in terms:
            postings[term].append(number)
    return postings


def encode_postings(numbers: list[int]) -> bytes:
    """'d' + LEB128 varints of the gaps, or 'b' + a bitmap from 0 to the last number, whichever is shorter."""
    gaps, previous = bytearray(b"d"), -1
    for number in numbers:
        gap = number - previous - 1
        previous = number
        while gap >= 0x80:
            gaps.append((gap & 0x7F) | 0x80)
            gap >>= 7
        gaps.append(gap)
    bitmap_length = numbers[-1] // 8 + 2
    if bitmap_length >= len(gaps):
        return bytes(gaps)
    bitmap = bytearray(bitmap_length)
    bitmap[0] = ord("b")
    for number in numbers:
        bitmap[1 + number // 8] |= 1 << (number % 8)
    return bytes(bitmap)


def _shard_files(folder: str, count: int, shard_of: Callable[[str], int],
                 postings_by_field: dict[str, dict[str, list[int]]]) -> list[ExportFile]:
    """Every shard is written, empty or not, so that the browser never meets a 404 for a term nobody used."""
    shards = [{field: {} for field in postings_by_field} for _ in range(count)]
    files = []
    for field, postings in postings_by_field.items():
        for term, numbers in postings.items():
            encoded = encode_postings(numbers)
            if len(encoded) > INLINE_POSTINGS:
                name = hashlib.blake2b(f"{field}:{term}".encode(), digest_size=8).hexdigest()
                files.append(ExportFile(f"{FOLDER}/p/{name}.bin", encoded))
                shards[shard_of(term)][field][term] = "@" + name
            else:
                shards[shard_of(term)][field][term] = base64.b64encode(encoded).decode()
    files += [ExportFile(f"{FOLDER}/{folder}/{number}.json", _json(shard, sort_keys=True))
              for number, shard in enumerate(shards)]
    return files


def _shard_count(estimated_bytes: int) -> int:
    count = 16
    while count < 4096 and estimated_bytes / count > SHARD_TARGET_BYTES:
        count *= 2
    return count


def _json(value, sort_keys: bool = False) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode()
