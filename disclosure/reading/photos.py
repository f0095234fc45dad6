"""Officers' photos in data/<agency>/照片/ → checked photo files and problems.

A photo is named by its officer's 执法证号 (照片/14060219001.jpg), or by whatever the roster's 照片 column says.
Each file is checked here, by its bytes and not its name: a JPEG or PNG, at most MAX_BYTES, at least
MIN_WIDTH × MIN_HEIGHT and at most MAX_SIDE pixels a side (upright, as its EXIF orientation shows it), and whole
(decoded to the last pixel). A file that fails is a 警告 naming it, and is left out: it never holds back its
officer's record. Which officer a photo belongs to is the rules' business (rules/photos.py), and resizing and
stripping its metadata the site's (site/photos.py).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import OFFICERS
from disclosure.core.problems import Problem, details
from disclosure.reading.records import Record
from disclosure.reading.workbooks import SourceFile
from disclosure.runtime.cache import ObjectCache, code_version, file_digest

FOLDER = "照片"  # in each agency folder
MAX_BYTES = 5 * 1024 * 1024
MIN_WIDTH, MIN_HEIGHT = 150, 200  # below this a printed card's photo is a blur
MAX_SIDE = 6000  # beyond any camera's portrait; refused before decoding, so no file can exhaust the build machine
# What Windows and macOS leave in a folder of pictures.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}
_TURNED = (5, 6, 7, 8)  # EXIF orientations that show the picture a quarter turn round: width and height swap
_VERSION = code_version("core", "reading")


@dataclass(frozen=True)
class PhotoFile:
    """A photo that passed every check."""

    agency: str  # the agency folder's name
    name: str  # its path within the agency's 照片 folder, as the roster's 照片 column names it
    relative_path: str  # relative to the data folder, as the report names it
    path: Path
    digest: str
    width: int  # upright
    height: int


def survey(data_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every file in the agency folders' 照片 folders, in a stable order; a symlink is never followed (a problem
    names it, as reading/workbooks.py does for tables)."""
    found, problems = [], []
    for agency_dir in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        folder = agency_dir / FOLDER
        if agency_dir.is_symlink() or not (folder.is_dir() or folder.is_symlink()):
            continue  # a symlinked agency folder is reported by workbooks.survey
        paths = [folder] if folder.is_symlink() else _files(folder)
        for path in paths:
            relative = path.relative_to(data_dir).as_posix()
            if path.is_symlink():
                problems.append(Problem("symlink-not-followed", agency=agency_dir.name, file=relative, details=details(
                    what="文件夹" if path.is_dir() else "文件", target=os.path.realpath(path))))
            elif path.is_file():
                found.append(SourceFile(agency_dir.name, relative, path))
    return found, problems


def _files(folder: Path) -> list[Path]:
    found = []
    for directory, folders, files in os.walk(folder):
        base = Path(directory)
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(base / name for name in folders if (base / name).is_symlink())
        found.extend(base / name for name in files
                     if not name.startswith((".", "~$")) and name.lower() not in SYSTEM_FILES)
    return sorted(found)


def check_all(sources: list[SourceFile], cache_dir: Path) -> tuple[list[PhotoFile], list[Problem]]:
    """Each photo checked once for its bytes: the outcome is kept in the cache beside the workbooks'."""
    cache = ObjectCache(cache_dir / "photos")
    photos, problems = [], []
    for source in sources:
        try:
            key = f"{file_digest(source.path)}-{_VERSION}-{hashlib.blake2b(source.relative_path.encode(), digest_size=6).hexdigest()}"
            outcome = cache.get(key)
            if outcome is None:
                outcome = check(source)
                cache.put(key, outcome)
        except OSError:  # gone or unreadable since the folder was listed
            outcome = Problem("photo-unreadable", agency=source.agency, file=source.relative_path)
        if isinstance(outcome, PhotoFile):
            photos.append(replace(outcome, path=source.path))  # the cache may outlive the folder's place on disk
        else:
            problems.append(outcome)
    cache.prune()
    return photos, problems


# The pixel kinds a camera, a phone or an editor saves a portrait in; others (16-bit, float) are refused.
_PHOTO_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr"})


def check(source: SourceFile) -> PhotoFile | Problem:
    def problem(code: str, **particulars: object) -> Problem:
        return Problem(code, agency=source.agency, file=source.relative_path, details=details(**particulars))

    size = source.path.stat().st_size
    if size > MAX_BYTES:
        return problem("photo-too-large", size_mb=f"{size / 1024 / 1024:.1f}", limit_mb=MAX_BYTES // 1024 // 1024)
    with source.path.open("rb") as stream:
        head = stream.read(8)
    image_format = next((name for magic, name in _MAGIC.items() if head.startswith(magic)), None)
    if image_format is None:
        return problem("photo-wrong-format")
    try:
        with Image.open(source.path, formats=[image_format]) as image:
            width, height = image.size
            # Before getexif(): for a PNG it decodes every pixel, and a small file can hold a huge image.
            if max(width, height) > MAX_SIDE:
                return problem("photo-too-many-pixels", width=width, height=height, max_side=MAX_SIDE)
            if image.mode not in _PHOTO_MODES:  # 16-bit or float pixels would publish as a white rectangle
                return problem("photo-unusual-pixels")
            if image.getexif().get(0x0112) in _TURNED:
                width, height = height, width
            image.load()  # a truncated or damaged file fails here, not at build
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return problem("photo-unreadable")
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return problem("photo-too-small", width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)
    name = source.relative_path.split("/", 2)[2]  # <agency>/照片/<name>
    return PhotoFile(source.agency, name, source.relative_path, source.path, file_digest(source.path), width, height)


def match(records: list[Record], photos: list[PhotoFile], sources: list[SourceFile]
          ) -> tuple[dict[tuple[str, str], PhotoFile], list[Problem]]:
    """Each officer's photo, by (agency folder, 执法证号 key): the file the roster's 照片 column names, else the one
    named by the certificate number (照片/14060219001.jpg, the number written as any identifier may be). A photo
    no officer takes is a 警告; so is a name in the column that the 照片 folder does not hold."""
    present = {source.relative_path for source in sources}
    matched, problems, used = {}, [], set()
    by_agency: dict[str, list[PhotoFile]] = {}
    for photo in photos:
        by_agency.setdefault(photo.agency, []).append(photo)
    for record in records:
        if record.kind is not OFFICERS:
            continue
        mine = by_agency.get(record.agency, [])
        named = str(record.get("photo") or "").strip().replace("\\", "/").removeprefix(f"{FOLDER}/")
        if named:
            chosen = next((photo for photo in mine if photo.name == named), None)
            used.add((record.agency, named))
            if chosen is None and f"{record.agency}/{FOLDER}/{named}" not in present:
                problems.append(_record_problem(record, "photo-not-found"))
        else:
            candidates = [photo for photo in mine if normalize_identifier(Path(photo.name).stem) == record.key]
            used.update((record.agency, photo.name) for photo in candidates)
            chosen = candidates[0] if candidates else None
            if len(candidates) > 1:
                problems.append(_record_problem(record, "photo-several", files=tuple(p.name for p in candidates),
                                                used=chosen.name))
        if chosen is not None:
            matched[(record.agency, record.key)] = chosen
    problems += [Problem("photo-unmatched", agency=photo.agency, file=photo.relative_path)
                 for photo in photos if (photo.agency, photo.name) not in used]
    return matched, problems


def _record_problem(record: Record, code: str, **particulars: object) -> Problem:
    return Problem(code, agency=record.agency, file=record.origin.file, sheet=record.origin.sheet,
                   cell=record.cell("photo"), column=record.origin.headers.get("photo", OFFICERS.column("photo").label),
                   value=str(record.get("photo") or ""), record=record.key, record_label=record.label,
                   kind=OFFICERS.name, details=details(**particulars))
