"""The search index the browser reads — static files under build/search/, written from the same
`search_terms.Inversion` as the Whoosh index, with the same record numbers (oldest first).

Designed so that one query fetches little, whatever the size of the portal:
- The newest matches of any query are its highest numbers: no scoring, and a new day's records only add
  numbers at the end.
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
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from disclosure.core.kinds import DECISION_KINDS, KINDS, KINDS_BY_NAME, LICENSES, OFFICERS
from disclosure.public.states import certificate_state, licence_state, notice_label
from disclosure.public.types import Publication
from disclosure.search.terms import ANALYSIS_VERSION, AnalysedRecord, Inversion

FORMAT = 1
FOLDER = "search"
CHUNK_SIZE = 16  # records per result file: a page of 10 scattered results costs at most 10 small files
PAGE_SIZE = 10
INLINE_POSTINGS = 2048  # encoded bytes above which a term's postings get a file of their own
SHARD_TARGET_BYTES = 24_000  # the average shard a query fetches


@dataclass(frozen=True)
class ExportFile:
    path: str  # relative to the output folder
    data: bytes


def statuses(publications: list[Publication], as_of: dt.date) -> dict[str, str]:
    """Each record's 状态 facet on the build's day, by uid."""
    return {p.uid: _status_of(p, as_of) for p in publications}


def _status_of(publication: Publication, as_of: dt.date) -> str:
    if not publication.live:
        return notice_label(publication.notice.state)
    if publication.kind is OFFICERS:
        return certificate_state(publication, as_of)
    if publication.kind is LICENSES and licence_state(publication, as_of) == "已失效":
        return "已失效"
    return "已更正" if publication.corrections else "公示中"


def inputs_digest(publications: list[Publication], status_by_uid: dict[str, str]) -> str:
    """Everything the files are made from: the same digest means the same files."""
    digest = hashlib.blake2b(f"{FORMAT}|{ANALYSIS_VERSION}".encode(), digest_size=16)  # the whole search package
    for publication in sorted(publications, key=lambda p: p.uid):
        digest.update(f"{publication.uid}|{publication.fingerprint}|{status_by_uid[publication.uid]}\n".encode())
    return digest.hexdigest()


def export(inversion: Inversion, status_by_uid: dict[str, str]) -> list[ExportFile]:
    """Every file of build/search/, meta.json last (it names the generation the other files belong to)."""
    records = inversion.records
    cells, cell_of = _cells(records, status_by_uid)
    cell_width = 1 if len(cells) <= 256 else 2
    files = [*_chunks(records, cell_of), _cell_file(cell_of, cell_width)]
    word_postings = sum(map(len, inversion.words.values())) + sum(map(len, inversion.grams.values()))
    word_shards = _shard_count(word_postings * 3)
    id_shards = _shard_count(sum(map(len, inversion.identifiers.values())) * 30)
    files += _shard_files("w", word_shards, lambda term: ord(term[0]) % word_shards,
                          {"w": inversion.words, "n": inversion.grams})
    files += _shard_files("i", id_shards, lambda term: identifier_hash(term) % id_shards,
                          {"i": inversion.identifiers})
    generation = hashlib.sha256(b"".join(f.path.encode() + f.data for f in files)).hexdigest()[:12]
    meta = {
        "format": FORMAT, "generation": generation, "total": len(records), "chunkSize": CHUNK_SIZE,
        "pageSize": PAGE_SIZE, "wordShards": word_shards, "idShards": id_shards,
        "cellBytes": cell_width, "agencies": _agencies(records),
        "kinds": [[name, KINDS_BY_NAME[name].title] for name in sorted({r.document.kind for r in records},
                                                                         key=_kind_order)],
        "statuses": sorted(set(status_by_uid.values()), key=_status_order),
        "years": _year_ranges(records),
    }
    meta["cells"] = _cell_indices(meta, cells)
    files.append(ExportFile(f"{FOLDER}/meta.json", _json(meta)))
    return files


def identifier_hash(text: str) -> int:
    """CRC-32 of the UTF-8 bytes: C-fast here, a dozen lines in search.js."""
    return zlib.crc32(text.encode())


# ---- record numbers, cells and chunks ---------------------------------------------------------

def _cells(records: list[AnalysedRecord], status_by_uid: dict[str, str]) -> tuple[list[tuple[str, str, str]], list[int]]:
    key_of = [(r.document.agency, r.document.kind, status_by_uid[r.document.uid]) for r in records]
    keys = sorted(set(key_of))
    number = {key: index for index, key in enumerate(keys)}
    return keys, [number[key] for key in key_of]


def _cell_indices(meta: dict, cells: list[tuple[str, str, str]]) -> list[list[int]]:
    agency = {slug: i for i, (slug, _) in enumerate(meta["agencies"])}
    kind = {name: i for i, (name, _) in enumerate(meta["kinds"])}
    status = {label: i for i, label in enumerate(meta["statuses"])}
    return [[agency[a], kind[k], status[s]] for a, k, s in cells]


def _cell_file(cell_of: list[int], width: int) -> ExportFile:
    return ExportFile(f"{FOLDER}/cells.bin", b"".join(cell.to_bytes(width, "little") for cell in cell_of))


def _chunks(records: list[AnalysedRecord], cell_of: list[int]) -> list[ExportFile]:
    files = []
    for start in range(0, len(records), CHUNK_SIZE):
        rows = [[r.document.title, cell_of[n], r.document.date, r.document.url, r.document.summary]
                for n, r in enumerate(records[start:start + CHUNK_SIZE], start)]
        files.append(ExportFile(f"{FOLDER}/r/{start // CHUNK_SIZE}.json", _json(rows)))
    return files


def _year_ranges(records: list[AnalysedRecord]) -> list[list]:
    ranges: list[list] = []
    for number, record in enumerate(records):
        year = record.document.year
        if not year:
            continue
        if ranges and ranges[-1][0] == year:
            ranges[-1][2] = number + 1
        else:
            ranges.append([year, number, number + 1])
    return ranges


def _agencies(records: list[AnalysedRecord]) -> list[list[str]]:
    """[slug, name] pairs in the order of their names."""
    names = {r.document.agency: r.document.agency_name for r in records}
    return [[slug, names[slug]] for slug in sorted(names, key=names.get)]


def _kind_order(name: str) -> int:
    decisions_first = [*DECISION_KINDS, *(kind for kind in KINDS if kind not in DECISION_KINDS)]
    return [kind.name for kind in decisions_first].index(name)


def _status_order(label: str) -> tuple[int, str]:
    return (0 if label in ("公示中", "有效") else 1, label)


# ---- postings --------------------------------------------------------------------------------

def encode_postings(numbers: list[int]) -> bytes:
    """'d' + LEB128 varints of the gaps, or 'b' + a bitmap from 0 to the last number, whichever is shorter
    (varints when equal)."""
    bitmap_length = numbers[-1] // 8 + 2
    if bitmap_length <= len(numbers):  # varints take at least a byte a number: the bitmap is shorter
        return _bitmap(numbers, bitmap_length)
    gaps = [number - previous - 1 for previous, number in zip([-1, *numbers], numbers)]
    varints = b"d" + bytes(gaps) if max(gaps) < 0x80 else _varints(gaps)
    return varints if len(varints) <= bitmap_length else _bitmap(numbers, bitmap_length)


def _varints(gaps: list[int]) -> bytes:
    encoded = bytearray(b"d")
    for gap in gaps:
        while gap >= 0x80:
            encoded.append((gap & 0x7F) | 0x80)
            gap >>= 7
        encoded.append(gap)
    return bytes(encoded)


def _bitmap(numbers: list[int], length: int) -> bytes:
    bitmap = bytearray(length)
    bitmap[0] = ord("b")
    for number in numbers:
        bitmap[1 + (number >> 3)] |= 1 << (number & 7)
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
