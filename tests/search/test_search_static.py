"""The browser's static index under build/search/: postings decode to the numbers encoded, in both encodings;
every term it files is found on the published page of a record it points to (so nothing withheld can be a
term); years and cells in meta.json agree with the records."""

from __future__ import annotations

import base64
import json
import re

import pytest

from disclosure.core.identifiers import normalize_identifier
from disclosure.search import static as search_export
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook


def decode(encoded: bytes) -> list[int]:
    """What search.js's decode() does, in Python."""
    numbers = []
    if encoded[:1] == b"d":
        number, gap, shift = -1, 0, 0
        for byte in encoded[1:]:
            gap |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                number += gap + 1
                numbers.append(number)
                gap, shift = 0, 0
    else:
        numbers = [(i * 8) + bit for i, byte in enumerate(encoded[1:]) for bit in range(8) if byte >> bit & 1]
    return numbers


@pytest.mark.parametrize("numbers", [[0], [5], [127, 128, 16511, 2_000_000], list(range(0, 5000, 3)),
                                     list(range(100, 900)), [7, 8, 9, 10, 64, 65]])
def test_postings_decode_to_the_numbers_encoded(numbers):
    encoded = search_export.encode_postings(numbers)
    assert decode(encoded) == numbers


def test_dense_postings_become_a_bitmap_and_sparse_ones_gaps():
    assert search_export.encode_postings(list(range(1000)))[:1] == b"b"
    assert search_export.encode_postings([3, 90_000])[:1] == b"d"


def postings_of(site, value: str) -> list[int]:
    if value.startswith("@"):
        return decode((site.root / "search" / "p" / f"{value[1:]}.bin").read_bytes())
    return decode(base64.b64decode(value))


def test_every_term_is_found_on_a_page_it_points_to(sample_site):
    site = sample_site
    meta = json.loads((site.root / "search" / "meta.json").read_text(encoding="utf-8"))
    chunks: dict[int, list] = {}
    pages: dict[str, str] = {}

    def page_text(number: int) -> str:
        chunk = number // meta["chunkSize"]
        if chunk not in chunks:
            chunks[chunk] = json.loads((site.root / "search" / "r" / f"{chunk}.json").read_text(encoding="utf-8"))
        url = chunks[chunk][number % meta["chunkSize"]][3]
        if url not in pages:
            text = re.sub(r"<[^>]+>", "", (site.root / url).read_text(encoding="utf-8"))
            pages[url] = text.lower() + "\n" + normalize_identifier(text).lower()
        return pages[url]

    checked = 0
    for shard in sorted((site.root / "search" / "w").glob("*.json")):
        for field, terms in json.loads(shard.read_text(encoding="utf-8")).items():
            for term, value in terms.items():
                numbers = postings_of(site, value)
                assert numbers, term
                assert term in page_text(numbers[0]), f"{field}:{term} is not on {numbers[0]}'s page"
                checked += 1
    assert checked > 1000


def test_years_and_cells_agree_with_the_records(sample_site):
    root = sample_site.root / "search"
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    rows = [row for chunk in range(-(-meta["total"] // meta["chunkSize"]))
            for row in json.loads((root / "r" / f"{chunk}.json").read_text(encoding="utf-8"))]
    assert len(rows) == meta["total"]
    dates = [row[2] for row in rows]
    assert dates == sorted(dates)  # oldest first: the browser reads from the end for newest first
    for year, start, end in meta["years"]:
        assert {date[:4] for date in dates[start:end]} == {year}
    width = meta["cellBytes"]
    cells = (root / "cells.bin").read_bytes()
    assert [int.from_bytes(cells[i * width:(i + 1) * width], "little") for i in range(len(rows))] == [r[1] for r in rows]
    kinds = {name for name, _ in meta["kinds"]}
    assert "penalties" in kinds and "agency" not in kinds and "flowcharts" not in kinds


def test_a_build_with_no_searchable_change_keeps_the_files_without_recomputing_them(workspace, monkeypatch):
    agency = workspace.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), penalty_row(2)]})
    site = workspace.build()
    before = {path: entry["sha256"] for path, entry in site.manifest().items() if path.startswith("search/")}
    assert "search/meta.json" in before

    def must_not_run(inversion, status_by_uid):
        raise AssertionError("the export was computed again")

    monkeypatch.setattr(search_export, "export", must_not_run)
    workspace.build()
    assert {path: entry["sha256"] for path, entry in site.manifest().items() if path.startswith("search/")} == before
    monkeypatch.undo()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1),
                                                       penalty_row(2, facts="经复核更正的违法事实。")]})
    workspace.build()
    after = {path: entry["sha256"] for path, entry in site.manifest().items() if path.startswith("search/")}
    assert after["search/meta.json"] != before["search/meta.json"]
