"""Whatever name a browser sends, the file is stored under one plain, short name inside the delivery's folder."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from intake.uploads import MAX_NAME_BYTES, WINDOWS_DEVICES, safe_name

WINDOWS_REFUSES = set('<>:"/\\|?*')


@given(st.text(max_size=400))
def test_any_sent_name_becomes_one_plain_short_file_name(sent):
    name = safe_name(sent)
    assert name and name not in (".", "..")
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))
    assert not set(name) & WINDOWS_REFUSES
    assert all(unicodedata.category(ch)[0] not in "CZ" or ch == " " for ch in name)
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert safe_name(name) == name  # stable: a stored name stays as it is


@given(st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=40))
def test_an_ordinary_name_is_kept_with_its_suffix(stem):
    assume(stem.upper() not in WINDOWS_DEVICES)
    assert safe_name(f"{stem}.XLSX") == f"{unicodedata.normalize('NFC', stem)}.xlsx"


def test_a_windows_device_name_is_not_stored_as_one():
    assert safe_name("con.xlsx") == "_con.xlsx"
