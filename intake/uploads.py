"""Receiving files: the size limit enforced while the bytes arrive, names made safe, and each delivery kept in a
staging folder of its own, outside data/ (data/ changes only when a reviewer approves: part 2)."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from disclosure.reading.workbooks import TABLE_SUFFIXES

MAX_NAME_BYTES = 200  # in UTF-8: within every file system's 255, with room for the report's "（已标注）" and ".partial"
FORBIDDEN_IN_NAMES = set('<>:"/\\|?*')  # Windows refuses them; the clerks' PCs are Windows
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
UNNAMED = "未命名"


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts every byte of the request's files as it arrives and stops the
    request at the limit, before the next handler writes the chunk that passes it. Django then deletes the
    files it began and reads the rest of the request without keeping it. The view sees `exceeded`."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.INTAKE_MAX_UPLOAD_BYTES
        self.received = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A request announced as too large is stopped at its first file's first chunk (raising here would not
        # be caught by Django's parser); the fields before it (the CSRF token) are read as usual.
        self.announced_too_large = content_length > self.limit + 64 * 1024  # room for fields and framing

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit or getattr(self, "announced_too_large", False):
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (to a temporary file) makes the file

    def _stop(self) -> None:
        self.exceeded = True
        if self.request is not None:
            self.request.intake_upload_exceeded = True
        raise StopUpload(connection_reset=False)


def upload_exceeded(request) -> bool:
    return getattr(request, "intake_upload_exceeded", False)


def safe_name(sent: str) -> str:
    """A name that is one plain file name wherever it is stored: no folder part, no control or format
    characters (NUL, RTL overrides), none that Windows refuses, not hidden, not a device, and short. The
    suffix (.xlsx…) is kept, since the reader finds tables by it before it looks at the content."""
    text = unicodedata.normalize("NFC", sent).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join("_" if ch in FORBIDDEN_IN_NAMES else ch for ch in text
                   if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    text = text.strip(" .")
    stem, dot, suffix = text.rpartition(".")
    if not dot or not stem:
        stem, suffix = text, ""
    suffix = suffix.lower()[:10]
    stem = _shortened(stem.strip(" ."), MAX_NAME_BYTES - len(suffix) - 1).rstrip(" .") or UNNAMED
    if stem.split(".")[0].upper() in WINDOWS_DEVICES:
        stem = "_" + stem
    return f"{stem}.{suffix}" if suffix else stem


def _shortened(text: str, limit: int) -> str:
    encoded = text.encode()[:limit]
    return encoded.decode(errors="ignore")  # a character cut in half is dropped whole


def is_table_name(name: str) -> bool:
    return Path(name).suffix.lower() in TABLE_SUFFIXES


def printable(sent: str) -> str:
    """The name as sent, for the audit log and the page: control characters shown as their code."""
    return "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in sent)[:1024]


@dataclass(frozen=True)
class StagedFile:
    sent: str  # printable(): the name the browser sent
    name: str  # safe_name(), unique within the delivery
    size: int
    sha256: str


def stage(files: list[UploadedFile], folder: Path) -> list[StagedFile]:
    """Each file written into folder under its safe name; two files of one name in one delivery: the later one
    is called 名称(2).xlsx, never silently lost."""
    folder.mkdir(parents=True, exist_ok=False)
    staged, taken = [], set()
    for sent in files:
        name = _unique(safe_name(sent.name or ""), taken)
        digest = hashlib.sha256()
        with open(folder / name, "xb") as target:
            for chunk in sent.chunks():
                digest.update(chunk)
                target.write(chunk)
        staged.append(StagedFile(printable(sent.name or ""), name, sent.size, digest.hexdigest()))
    return staged


def _unique(name: str, taken: set[str]) -> str:
    stem, suffix = (name.rsplit(".", 1) + [""])[:2] if "." in name else (name, "")
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}({number}).{suffix}" if suffix else f"{stem}({number})"
        number += 1
    taken.add(candidate.lower())
    return candidate


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
