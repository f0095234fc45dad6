"""The preview of a submission: the whole site as the next build will make it if the submission is approved,
compared with the portal's last build (INTAKE_SITE_DIR) file by file.

It is the real build (disclosure.build.build), run as a rehearsal (Options.rehearsal: the ledger only read,
the output never complete) with the same settings file and ledger, on today's rules, over data/ as it would be
after approval: every agency's folder as it is now, this agency's with the uploaded files over it (the very
composition the check makes). It is built when a reviewer first opens it (about 5 seconds for the sample data's
5 agencies, too long to add to the clerk's upload) and kept until what it was built from changes.

A reviewer sees this agency's pages and those every agency shares (home, listings, statistics …), never the
pages of another agency's records: those may hold another agency's approved changes not yet built."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from disclosure import build
from disclosure.public.addresses import flowchart_path, record_path
from disclosure.rules import ledger
from disclosure.runtime import lock
from disclosure.runtime.output import MANIFEST, read_manifest
from disclosure.runtime.progress import Progress
from disclosure.site.pages import group_flowcharts
from disclosure.site.settings_file import read_settings_file
from intake import checking, sign_off
from intake.models import Upload

SITE = "site"  # the preview's output, within its folder
RECORD = "preview.json"
CHANGE_LABELS = {"added": "新增", "changed": "改动", "removed": "删除"}


@dataclass(frozen=True)
class ChangedFile:
    path: str  # relative to the site's root, with "/"
    change: str  # added, changed, removed
    shown: bool  # this agency's, or shared by every agency: the reviewer may see it

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.change]


@dataclass(frozen=True)
class Preview:
    key: str  # what it was built from (_key): when that changes, it is built again
    as_of: str
    files: tuple[ChangedFile, ...]  # every file the next build adds, changes or removes
    hidden: frozenset[str]  # other agencies' pages in the preview: never served

    @property
    def pages(self) -> list[ChangedFile]:
        """The changed pages the reviewer may open (or, removed, read about)."""
        return [file for file in self.files if file.shown and file.path.endswith(".html")]

    @property
    def others(self) -> int:
        """Files of other agencies that change too (their approved deliveries not yet built)."""
        return sum(not file.shown for file in self.files)

    def as_json(self) -> dict:
        return {"key": self.key, "as_of": self.as_of, "files": [asdict(f) for f in self.files],
                "hidden": sorted(self.hidden)}

    @classmethod
    def from_json(cls, stored: dict) -> Preview:
        return cls(stored["key"], stored["as_of"], tuple(ChangedFile(**f) for f in stored["files"]),
                   frozenset(stored["hidden"]))


class PreviewFailed(Exception):
    """Said in Chinese: the build refused or failed; nothing was recorded."""


def folder_of(upload: Upload) -> Path:
    return upload.work_folder / "preview"


def stored(upload: Upload) -> Preview | None:
    try:
        return Preview.from_json(json.loads((folder_of(upload) / RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def preview_of(upload: Upload, as_of) -> Preview:
    """The kept preview while what it was built from is unchanged, else a new one (one preview build at a time:
    they share a cache, and each takes both processor cores)."""
    found = stored(upload)
    if found is not None and found.key == _key(upload, as_of):
        return found
    cache = Path(settings.INTAKE_STATE_DIR) / "cache" / "preview"
    with lock.held([cache / ".lock"], "intake-preview", say=lambda line: None):
        key, found = _key(upload, as_of), stored(upload)  # another request may have built it meanwhile
        return found if found is not None and found.key == key else _build(upload, as_of, cache, key)


def _build(upload: Upload, as_of, cache: Path, key: str) -> Preview:
    target = folder_of(upload)
    work = target.with_name("preview-new")
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    _compose_data(upload, data)
    options = build.Options(data, work / SITE, cache, Path(settings.INTAKE_PORTAL_SETTINGS), as_of,
                            ledger_path=Path(settings.INTAKE_LEDGER), rehearsal=True)
    try:
        outcome = build.build(options, read_settings_file(options.settings_file), Progress(quiet=True))
    except build.AsOfRefused as refused:
        raise PreviewFailed(str(refused)) from None
    except build.PelicanError as failed:
        raise PreviewFailed("生成预览时网站模板或 content/ 中的页面出错，请联系平台管理员：" + "；".join(failed.messages)) from None
    finally:
        shutil.rmtree(data, ignore_errors=True)  # raw data: the preview keeps the public site only
        # What the output's files were made from (build._state_path, one per output folder): of no use to a
        # preview, which never has a manifest and so is always made whole, and one more per preview otherwise.
        shutil.rmtree(cache / "outputs", ignore_errors=True)
    preview = _compare(upload.agency.folder, outcome, work / SITE, key, as_of)
    (work / RECORD).write_text(json.dumps(preview.as_json(), ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return preview


def _compose_data(upload: Upload, data: Path) -> None:
    """data/ as approval would leave it: the other agencies' folders as they are, this one with the upload and
    without the files it removes."""
    current = Path(settings.INTAKE_DATA_DIR)
    data.mkdir(parents=True)
    for entry in sorted(current.iterdir()) if current.is_dir() else ():
        if entry.name.startswith(".") or entry.name == upload.agency.folder:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, data / entry.name, symlinks=True, ignore=sign_off.hidden_but_the_manifest)
        else:
            shutil.copy(entry, data / entry.name, follow_symlinks=False)
    staged = upload.work_folder / "files"
    checking.compose(current / upload.agency.folder, staged if upload.files.exists() else None,
                     data / upload.agency.folder, tuple(upload.removed))


def _compare(folder: str, outcome: build.BuildOutcome, site: Path, key: str, as_of) -> Preview:
    before = {path: entry["sha256"] for path, entry in (read_manifest(Path(settings.INTAKE_SITE_DIR)) or {}).items()}
    after = {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in site.rglob("*") if path.is_file() and path.name != MANIFEST}
    owners = _owners(outcome)
    mine = {agency.slug for agency in outcome.check.decisions.agencies if agency.folder == folder}
    hidden = {path for path in before.keys() | after.keys() if _owner(path, owners) not in (None, *mine)}
    changed = sorted({*before, *after} - {path for path in before if after.get(path) == before[path]})
    files = tuple(ChangedFile(path, "added" if path not in before else "removed" if path not in after else "changed",
                              path not in hidden) for path in changed)
    return Preview(key, as_of.isoformat(), files, frozenset(hidden & after.keys()))


def _owners(outcome: build.BuildOutcome) -> dict[str, str]:
    """The agency (slug) of each record's and flowchart's page, the preview's and the ledger's (pages removed)."""
    decisions = outcome.check.decisions
    owners = {f"{record.kind}/{uid[:2]}/{uid}.html": record.agency
              for uid, record in ledger.read(Path(settings.INTAKE_LEDGER)).records.items()}
    owners.update({record_path(publication): publication.agency.slug for publication in decisions.publications})
    owners.update({flowchart_path(flowchart): flowchart.agency.slug for flowchart in group_flowcharts(decisions)})
    return owners


def _owner(path: str, owners: dict[str, str]) -> str | None:
    """An agency's own pages: its records', its flowcharts', its folder agencies/<slug>/ and its feed."""
    parts = path.split("/")
    if parts[0] == "agencies" and len(parts) > 2:
        return parts[1]
    if parts[0] == "feeds" and parts[-1].endswith(".atom.xml") and parts[-1] != "all.atom.xml":
        return parts[-1].removesuffix(".atom.xml")
    return owners.get(path)


def _key(upload: Upload, as_of) -> str:
    """The day, the last build's manifest, the ledger and every file of data/ with the upload's: the inputs."""
    digest = hashlib.sha256(f"{as_of}|{upload.pk}".encode())
    data = Path(settings.INTAKE_DATA_DIR)
    inputs = [Path(settings.INTAKE_SITE_DIR) / MANIFEST, Path(settings.INTAKE_LEDGER)]
    inputs += sorted(path for path in data.rglob("*") if not any(part.startswith(".") for part in
                                                                  path.relative_to(data).parts)) if data.is_dir() else []
    for path in inputs:
        stat = path.stat() if path.is_file() else None
        digest.update(f"{path}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}|".encode())
    return digest.hexdigest()
