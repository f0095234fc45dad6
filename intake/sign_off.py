"""The sign-off manifest approval writes into data/<agency>/.sign-off.json (shape: disclosure/core/sign_off.py and
the build's reader, disclosure/reading/sign_offs.py): for each file, the content approved, the submission it came
in, who submitted and who approved it, when, and the reviewer's comment.

It is written into the new folder before the swap (intake/install.py), so that the folder and its sign-offs
change as one: the build never sees approved files without their sign-off, or a sign-off for files not there yet.
A file this approval did not touch keeps its entry; a file it removes loses it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.utils import timezone

from disclosure.core.sign_off import MANIFEST_NAME, MANIFEST_VERSION
from intake.models import Submission

PENDING = "（待审核）"


def person(user) -> str:
    """姓 then 名 as Chinese writes a name (the account's 姓氏 and 名字), or the account name when neither is set."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def manifest(current: Path, submission: Submission, sent: dict[str, str], after: dict[str, str], user,
             approved_at: dt.datetime, comment: str) -> bytes:
    """The manifest for the folder after this approval. current: data/<agency> as it is (its manifest is the
    previous one); sent: the approved files (name → SHA-256); after: every file of the folder afterwards."""
    kept = {name: entry for name, entry in previous(current).items() if name in after and name not in sent}
    signed = {name: {"sha256": digest, "submission": str(submission.upload_id),
                     "submitted_by": person(submission.submitted_by), "submitted_at": _moment(submission.submitted_at),
                     "approved_by": person(user), "approved_at": _moment(approved_at), "comment": comment}
              for name, digest in sent.items()}
    return _document({**kept, **signed})


def hidden_but_the_manifest(directory: str, names: list[str]) -> set[str]:
    """For shutil.copytree: a copy of an agency's folder for a check or a preview keeps its sign-offs, and leaves
    out what the build never reads (hidden and Office's ~$ lock files)."""
    return {name for name in names if name.startswith((".", "~$")) and name != MANIFEST_NAME}


def as_if_approved(current: Path, target: Path, staged: dict[str, str]) -> None:
    """In a check's or preview's copy of the folder (target): the manifest this delivery's approval would write,
    so that the check says what the build will do once it is approved, REQUIRE_APPROVAL or not: the delivered files
    signed off, the other files as the current manifest has them (a file put in by hand still held back).
    Nobody has approved yet: the names are placeholders, and a check or a preview never records an event."""
    pending = {"submission": "", "submitted_by": PENDING, "submitted_at": _moment(timezone.now()),
               "approved_by": PENDING, "approved_at": _moment(timezone.now()), "comment": ""}
    kept = {name: entry for name, entry in previous(current).items() if name not in staged and (target / name).is_file()}
    files = {**kept, **{name: {"sha256": digest, **pending} for name, digest in staged.items()}}
    (target / MANIFEST_NAME).write_bytes(_document(files))


def recorded(current: Path, submission: Submission, sent: dict[str, str]) -> bool:
    """Whether current's manifest already signs off every file of this submission as sent: an approval whose
    server was killed right after the swap, run again."""
    entries = previous(current)
    return all(isinstance(entries.get(name), dict) and entries[name].get("sha256") == digest
               and entries[name].get("submission") == str(submission.upload_id) for name, digest in sent.items())


def previous(current: Path) -> dict[str, object]:
    """The entries of the folder's manifest as written; none when it has none, or one that cannot be read (the
    build would trust no entry of it either)."""
    try:
        written = json.loads((current / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        return {}
    files = written.get("files") if isinstance(written, dict) and written.get("version") == MANIFEST_VERSION else None
    return files if isinstance(files, dict) else {}


def _document(files: dict[str, object]) -> bytes:
    """The manifest as approval writes it and a check's copy imitates it: entries by file name, sorted."""
    return json.dumps({"version": MANIFEST_VERSION, "files": dict(sorted(files.items()))}, ensure_ascii=False,
                      indent=1).encode()


def _moment(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
