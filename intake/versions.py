"""Nothing lost: every content any file of data/<agency> ever had, kept in a content store in the state folder
(versions/ab/abcdef…, by SHA-256, each content once), and a FileVersion row per file per content while current.

Approval stores the files before and after it here before the swap (intake/review.approve), so that a server
killed at any point has lost no bytes; the rows are written in the transaction that marks the submission approved."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from intake.models import Agency, FileVersion, Submission

CHUNK = 1024 * 1024


def store_path(digest: str) -> Path:
    if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        raise ValueError(f"not a SHA-256: {digest!r}")
    return Path(settings.INTAKE_STATE_DIR) / "versions" / digest[:2] / digest


def store(path: Path, digest: str) -> Path:
    """path's bytes in the store under digest, written whole (temporary file, fsync, rename) unless already there.
    Bytes that do not hash to digest (the file changed while read) are refused rather than stored misnamed."""
    target = store_path(digest)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{digest}.{uuid.uuid4().hex}.partial"
    hashed = hashlib.sha256()
    try:
        with open(path, "rb") as source, open(temporary, "xb") as written:
            while chunk := source.read(CHUNK):
                hashed.update(chunk)
                written.write(chunk)
            written.flush()
            os.fsync(written.fileno())
        if hashed.hexdigest() != digest:
            raise ValueError(f"{path} changed while it was stored")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return target


def store_folder(root: Path, files: dict[str, str]) -> None:
    """Each of files (name within root → digest) stored; a name missing from root is skipped (already gone)."""
    for name, digest in files.items():
        path = root / name
        if path.is_file() and not path.is_symlink():
            store(path, digest)


def record_approval(submission: Submission, before: dict[str, str], after: dict[str, str]) -> None:
    """The rows for an approval that made data/<agency> go from before to after (name → digest). The caller holds
    the transaction of the submission's state change and has stored every content of both."""
    agency, now = submission.upload.agency, timezone.now()
    current = {row.name: row for row in FileVersion.objects.filter(agency=agency, current_until=None)}
    for name, digest in before.items():
        row = current.get(name)
        if row is None or row.sha256 != digest:  # a file the back office did not install (yet): met here first
            if row is not None:
                _close(row, now)
            current[name] = _open(agency, name, digest, None)
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        if name in current:
            _close(current.pop(name), now)
        if name in after:
            _open(agency, name, after[name], submission, now)


def _open(agency: Agency, name: str, digest: str, submission: Submission | None, since=None) -> FileVersion:
    stored = store_path(digest)
    return FileVersion.objects.create(
        agency=agency, name=name, sha256=digest, size=stored.stat().st_size if stored.is_file() else None,
        current_from=since,
        uploaded_by=submission.upload.uploaded_by if submission else None,
        approved_by=submission.reviewed_by if submission else None, submission=submission)


def _close(row: FileVersion, when) -> None:
    row.current_until = when
    row.save(update_fields=["current_until"])


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
