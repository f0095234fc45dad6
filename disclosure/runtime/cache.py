"""The build cache: what a source file was read into, keyed by the file's bytes and the code that read it.

It holds raw clerk data (ID numbers included), so it lives outside the site output.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent.parent  # disclosure/


def code_version(*packages: str) -> str:
    """A digest of every source file of these stage packages (e.g. "core", "reading"), found on disk rather
    than listed by hand: a module added to a stage, or changed, changes the version of what it made."""
    digest = hashlib.blake2b(digest_size=8)
    for package in packages:
        folder = PACKAGE_DIR / package
        if not folder.is_dir():
            raise ValueError(f"no stage package {package!r}")
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()[:32]


def save_pickle(path: Path, value, version: object = 0) -> None:
    """Atomically (temporary file + rename): a build stopped half-way leaves the previous file, never a torn one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        pickle.dump((version, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def load_pickle(path: Path, version: object = 0, default=None):
    """What save_pickle() saved with this version, else `default`: a missing file, one of another version or
    an unreadable one only costs the time to make it again."""
    try:
        with path.open("rb") as stream:
            saved_version, value = pickle.load(stream)
    except Exception:  # noqa: BLE001 - see above
        return default
    return value if saved_version == version else default


class ObjectCache:
    """Pickled objects under one folder, one file per key; keys not used in a run can be pruned after it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str):
        self.used.add(key)
        return load_pickle(self._path(key))

    def put(self, key: str, value) -> None:
        self.used.add(key)
        save_pickle(self._path(key), value)

    def prune(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)


class Memo:
    """Values computed from keys that name their whole input, kept between builds in one pickle.

    Saving costs as much as computing some thousands of values, so the file is saved again only when more
    than `resave_from` values were computed anew or fell out of use: a day's few changes are simply
    computed again by the next build. Keep values plain (tuples, dicts, strings): they load faster.
    """

    def __init__(self, path: Path, version: object, resave_from: int = 1000):
        self.path, self.version, self.resave_from = path, version, resave_from
        self.known: dict = load_pickle(path, version, {})
        self.kept: dict = {}
        self.computed = 0

    def get(self, key, compute):
        value = self.known.get(key)
        if value is None:
            value = compute()
            self.computed += 1
        self.kept[key] = value
        return value

    def save(self) -> None:
        dropped = len(self.known) - (len(self.kept) - self.computed)
        if self.computed + dropped > self.resave_from or (self.kept and not self.known):
            save_pickle(self.path, self.kept, self.version)
