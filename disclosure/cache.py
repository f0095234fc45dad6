"""The build cache: what a source file was read into, keyed by the file's bytes and the code that read it.

It holds raw clerk data (ID numbers included), so it lives outside the site output.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent


def code_version(*module_names: str) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in module_names:
        digest.update((PACKAGE_DIR / f"{name}.py").read_bytes())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()[:32]


class ObjectCache:
    """Pickled objects under one folder, one file per key; keys not used in a run can be pruned after it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str):
        self.used.add(key)
        try:
            with self._path(key).open("rb") as stream:
                return pickle.load(stream)
        except Exception:  # noqa: BLE001 - an unreadable entry (old code, torn file) is a miss: the file is read again
            return None

    def put(self, key: str, value) -> None:
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(key).with_suffix(".tmp")
        with temporary.open("wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self._path(key))

    def prune(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
