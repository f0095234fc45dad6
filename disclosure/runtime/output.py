"""The output folder: files are written only when their bytes change, and the build is
complete only when manifest.json — written last — lists every file with its size and SHA-256.

What each page was last rendered from (its fingerprint) is kept in the cache folder, not
in the output: fingerprints are derived from raw data, which never goes under build/.

A build can be killed at any moment, so the folder's state must survive one:
- the manifest comes down before the first byte changes (begin_changes), and goes up again only in
  complete(), which the build calls after the ledger's commit (see disclosure/build.py);
- before each file is written, its path is appended to a journal beside the state in the cache. The next
  build removes every file that the last finished build's state, the manifest it finds and the journal name
  and that it does not make itself, with the temporary files a killed write left. It removes nothing else:
  only files a build made here, and only inside the output folder;
- finish() saves the new state, then deletes the journal.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from disclosure.runtime.cache import load_pickle, save_pickle

MANIFEST = "manifest.json"
STATE_VERSION = 3  # bump when the state changes shape: an older state is then ignored, not misread


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative to the output folder, with "/"
    size: int
    sha256: str
    written: bool


def write_if_changed(root: Path, relative: str, data: bytes, before_write=None) -> OutputFile:
    """Write atomically (temporary file + rename) unless the file already holds these bytes.
    before_write(relative) is called first when the file is to be written."""
    path = root / relative
    digest = hashlib.sha256(data).hexdigest()
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return OutputFile(relative, len(data), digest, written=False)
    except FileNotFoundError:
        pass
    if before_write is not None:
        before_write(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path)
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return OutputFile(relative, len(data), digest, written=True)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


class _Entry(NamedTuple):
    # A named tuple rather than a dataclass: 100,000 of them are unpickled on every build.
    fingerprint: str | None
    size: int
    sha256: str


class OutputTree:
    def __init__(self, root: Path, state_path: Path):
        self.root = root
        self.state_path = state_path
        self.journal_path = state_path.with_suffix(".journal")
        self.interrupted = _journaled(self.journal_path)  # files builds killed here were writing
        self.previous_site, self.previous, self.known = self._load_state()
        self.site_fingerprint: str | None = None  # what every page depends on; see use_site()
        self.current: dict[str, _Entry] = {}
        self.written = 0
        self.changing = False
        self._journal: int | None = None

    def _load_state(self) -> tuple[str | None, dict[str, _Entry], set[str]]:
        """The last finished build's state, trusted only when its manifest is there; and every file a build
        here may have left, whatever happened to it."""
        site, files = load_pickle(self.state_path, STATE_VERSION, (None, {}))
        known = set(files) | self.interrupted
        manifest = read_manifest(self.root)
        if manifest is None:
            return None, {}, known  # an incomplete or foreign output folder: trust nothing, re-render everything
        return site, files, known | manifest.keys()

    def use_site(self, fingerprint: str) -> None:
        """Code, templates, assets and settings: when they differ from the last complete build, no page is current."""
        self.site_fingerprint = fingerprint

    def is_current(self, relative: str, fingerprint: str) -> bool:
        """For a page: made from this fingerprint and from the same code, templates, assets and settings."""
        if self.site_fingerprint is None or self.site_fingerprint != self.previous_site:
            return False
        return self.holds(relative, fingerprint)

    def holds(self, relative: str, fingerprint: str) -> bool:
        """Last build made this file from this fingerprint, and it is still there: for files whose fingerprint
        covers everything they are made of, whatever the templates."""
        entry = self.previous.get(relative)
        return entry is not None and entry.fingerprint == fingerprint and os.path.isfile(f"{self.root}/{relative}")

    def keep(self, relative: str) -> None:
        self.current[relative] = self.previous[relative]

    def begin_changes(self, relative: str | None = None) -> None:
        """Before the first byte changes: the folder stops being a complete build until complete(). Before a file
        is written: its path goes into the journal. Safe in a forked worker: each appends its own lines."""
        if not self.changing:
            self.changing = True
            (self.root / MANIFEST).unlink(missing_ok=True)
            self.root.mkdir(parents=True, exist_ok=True)
        if relative is not None:
            if self._journal is None:
                self.journal_path.parent.mkdir(parents=True, exist_ok=True)
                self._journal = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(self._journal, f"{relative}\n".encode())

    def write(self, relative: str, data: bytes, fingerprint: str | None = None) -> None:
        if relative in self.current:
            raise ValueError(f"两个页面使用了同一路径：{relative}")
        self.record(write_if_changed(self.root, relative, data, self.begin_changes), fingerprint)

    def record(self, result: OutputFile, fingerprint: str | None) -> None:
        if result.written:
            self.begin_changes()  # a forked worker already took the manifest down; the flag lives here
        self.current[result.path] = _Entry(fingerprint, result.size, result.sha256)
        self.written += result.written

    def finish(self) -> int:
        """Remove what this build does not make (and killed builds' temporary files), then save the state.
        The folder is still not complete: complete() does that. Returns files removed."""
        stale = sorted(path for path in self.known if path not in self.current and _inside(path))
        if stale:
            self.begin_changes()
        for relative in stale:
            (self.root / relative).unlink(missing_ok=True)
            _remove_empty_parents(self.root, self.root / relative)
        for relative in self.interrupted:
            if _inside(relative):
                _temporary(self.root / relative).unlink(missing_ok=True)
        # Fingerprints can change while no byte does (a setting no page shows): remember them all the same,
        # or every later build would render everything again.
        if self.changing or self.site_fingerprint != self.previous_site or self.current != self.previous:
            self._save_state()
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
        self.journal_path.unlink(missing_ok=True)  # the state now names every file there is
        return len(stale)

    def complete(self) -> None:
        """The manifest, last: from now on the folder is a complete build that deploy accepts."""
        if self.changing or not (self.root / MANIFEST).is_file():
            self._write_manifest()

    def _write_manifest(self) -> None:
        files = [{"path": path, "size": entry.size, "sha256": entry.sha256}
                 for path, entry in sorted(self.current.items())]
        data = json.dumps({"files": files}, ensure_ascii=False, separators=(",", ":")).encode()
        write_if_changed(self.root, MANIFEST, data)

    def _save_state(self) -> None:
        save_pickle(self.state_path, (self.site_fingerprint, self.current), STATE_VERSION)


def _journaled(path: Path) -> set[str]:
    try:
        return {line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line}
    except FileNotFoundError:
        return set()


def _inside(relative: str) -> bool:
    """A path read back from the output or the cache stays inside the output folder: relative, no "..", and
    never the manifest, which only complete() writes."""
    parts = PurePosixPath(relative).parts
    return bool(parts) and not relative.startswith("/") and ".." not in parts and relative != MANIFEST


def _remove_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def read_manifest(root: Path) -> dict[str, dict] | None:
    try:
        return {entry["path"]: entry for entry in json.loads((root / MANIFEST).read_text())["files"]}
    except (OSError, ValueError, KeyError):
        return None
