"""The build cache: a Memo keeps computed values between builds and saves them only when that pays."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.runtime.cache import Memo, load_pickle, save_pickle


def squares(path, keys, version=1, resave_from=3):
    computed = []
    memo = Memo(path, version, resave_from)
    values = [memo.get(key, lambda k=key: computed.append(k) or k * k) for key in keys]
    memo.save()
    return values, computed


def test_values_are_computed_once_then_taken_from_the_saved_memo(tmp_path):
    path = tmp_path / "memo.pickle"
    assert squares(path, [1, 2, 3]) == ([1, 4, 9], [1, 2, 3])  # the first build saves
    assert squares(path, [1, 2, 3]) == ([1, 4, 9], [])


def test_a_few_new_values_are_computed_again_until_enough_make_saving_worth_it(tmp_path):
    path = tmp_path / "memo.pickle"
    squares(path, [1, 2, 3])
    assert squares(path, [1, 2, 3, 4]) == ([1, 4, 9, 16], [4])  # one new: not saved
    assert squares(path, [1, 2, 3, 4])[1] == [4]
    assert squares(path, [5, 6, 7, 8])[1] == [5, 6, 7, 8]  # four new and three gone: saved
    assert squares(path, [5, 6, 7, 8])[1] == []


def test_another_version_or_a_torn_file_computes_everything_again(tmp_path):
    path = tmp_path / "memo.pickle"
    squares(path, [1, 2])
    assert squares(path, [1, 2], version=2)[1] == [1, 2]
    path.write_bytes(b"not a pickle")
    assert squares(path, [1, 2])[1] == [1, 2]


@given(value=st.recursive(st.none() | st.integers() | st.text(), lambda inner: st.lists(inner) | st.dictionaries(
    st.text(), inner), max_leaves=20), cut=st.floats(min_value=0, max_value=1, exclude_max=True),
    junk=st.binary(max_size=32))
@settings(max_examples=100, deadline=None)
def test_a_cache_file_torn_anywhere_or_garbled_loads_as_missing_never_a_crash(value, cut, junk):
    with tempfile.TemporaryDirectory(prefix="h-cache-") as folder:
        path = Path(folder) / "value.pickle"
        save_pickle(path, value, version=3)
        assert load_pickle(path, 3, "missing") == value
        whole = path.read_bytes()
        path.write_bytes(whole[:int(len(whole) * cut)] + junk)
        loaded = load_pickle(path, 3, "missing")
        # Junk after a whole pickle is never read: the saved value, or nothing, never a crash or another value.
        assert loaded == "missing" or loaded == value
