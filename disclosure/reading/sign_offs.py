"""Each data file's sign-off, from its agency's manifest (data/<agency>/.sign-off.json, written by the review
service's approval together with the files, core/sign_off.py): valid only for the very content that was approved.

A file with no entry was put there by hand; one whose SHA-256 differs from its entry was edited after approval.
Either way it has no sign-off, and where the portal requires approval (REQUIRE_APPROVAL) it is held back.
A manifest that cannot be read signs off nothing: a hand-edited or damaged one cannot vouch for any file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from disclosure.core.sign_off import MANIFEST_NAME, MANIFEST_VERSION, SignOff
from disclosure.reading.records import Record
from disclosure.reading.workbooks import SourceFile


@dataclass(frozen=True, slots=True)
class _Entry:
    sha256: str
    sign_off: SignOff


@dataclass(frozen=True)
class Approvals:
    signed: dict[str, SignOff]  # by the file's path relative to the data folder (SourceFile.relative_path)
    unapproved: tuple[SourceFile, ...]  # no entry, or another content than the one approved


@dataclass(frozen=True)
class HeldBack:
    """What REQUIRE_APPROVAL held back: the agency folders with such a file, and the records read from those files,
    for the rules to leave what the ledger published of them as it is."""

    folders: frozenset[str] = frozenset()
    records: tuple[Record, ...] = ()


def approvals(data_dir: Path, sources: tuple[SourceFile, ...] | list[SourceFile]) -> Approvals:
    manifests: dict[str, dict[str, _Entry]] = {}
    signed, unapproved = {}, []
    for source in sources:
        if source.agency not in manifests:
            manifests[source.agency] = read_manifest(data_dir / source.agency / MANIFEST_NAME)
        entry = manifests[source.agency].get(source.relative_path.split("/", 1)[1])
        if entry is not None and _sha256(source.path) == entry.sha256:
            signed[source.relative_path] = entry.sign_off
        else:
            unapproved.append(source)
    return Approvals(signed, tuple(unapproved))


def read_manifest(path: Path) -> dict[str, _Entry]:
    """The manifest's entries by file name within the agency folder; none when it is absent or unreadable."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION \
            or not isinstance(manifest.get("files"), dict):
        return {}
    entries = {}
    for name, fields in manifest["files"].items():
        entry = _entry(fields)
        if entry is not None:
            entries[name] = entry
    return entries


def _entry(fields: object) -> _Entry | None:
    if not isinstance(fields, dict):
        return None
    text = {key: fields.get(key) for key in ("sha256", "submitted_by", "submitted_at", "approved_by", "approved_at")}
    if not all(isinstance(value, str) and value for value in text.values()):
        return None
    try:
        submitted_at, approved_at = (dt.datetime.fromisoformat(text[key]) for key in ("submitted_at", "approved_at"))
    except ValueError:
        return None
    return _Entry(text["sha256"], SignOff(str(fields.get("submission", "")), text["submitted_by"], submitted_at,
                                          text["approved_by"], approved_at))


def _sha256(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return ""
