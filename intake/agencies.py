"""The agencies the service knows: one per folder of data/, named as its 机关信息 sheet names it, read by the
portal's own reader (a folder without that sheet is named after the folder until it has one)."""

from __future__ import annotations

from pathlib import Path

from disclosure.core.kinds import AGENCY
from disclosure.reading import data_folder, workbooks
from intake.models import Agency


def folders(data_dir: Path) -> list[str]:
    return sorted(path.name for path in data_dir.iterdir()
                  if path.is_dir() and not path.is_symlink() and not path.name.startswith("."))


def profile_name(data_dir: Path, folder: str) -> str:
    """The 机关名称 of the folder's first 机关信息 row; files named like it are read first, the rest only if needed."""
    sources = [source for source in workbooks.discover(data_dir) if source.agency == folder]
    sources.sort(key=lambda source: AGENCY.sheet_name not in Path(source.relative_path).name)
    for source in sources:
        for record in data_folder.read_file(source).records:
            if record.kind is AGENCY and record.get("name"):
                return str(record.get("name"))
    return folder


def sync(data_dir: Path) -> list[Agency]:
    """Every folder of data/ as an Agency, names brought up to date; agencies whose folder went are kept (their
    accounts and audit log stay), and come back with their folder."""
    synced = []
    for folder in folders(data_dir):
        agency, _ = Agency.objects.update_or_create(folder=folder, defaults={"name": profile_name(data_dir, folder)})
        synced.append(agency)
    return synced
