"""Datapackage.json: a Frictionless Data Package describing every download, with a Table Schema per kind."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from disclosure.core.kinds import SheetKind
from disclosure.opendata.formats import MEDIA_TYPES, columns_of
from disclosure.public.addresses import DOWNLOADS_FOLDER

if TYPE_CHECKING:
    from disclosure.opendata.tables import Download, PackageInfo

PACKAGE_PATH = f"{DOWNLOADS_FOLDER}/datapackage.json"


SCHEMAS_FOLDER = f"{DOWNLOADS_FOLDER}/schemas"


def schema_path(kind: SheetKind) -> str:
    return f"{SCHEMAS_FOLDER}/{kind.name}.json"


def table_schema(kind: SheetKind) -> dict:
    """The Table Schema of a kind's files: field names are the Chinese headers (the 双公示 field names)."""
    fields = []
    for column in columns_of(kind):
        value_type = column.type.value_type
        field = {"name": column.label, "title": column.label, "type": value_type.schema_type}
        if value_type.schema_format:
            field["format"] = value_type.schema_format
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def package(downloads: Iterable[Download], info: PackageInfo) -> dict:
    resources = []
    for download in downloads:
        scope = download.agency.slug.lower() if download.agency else "all"
        for file in download.files:
            resources.append({
                "name": f"{download.kind.name}-{scope}-{file.format}",
                "title": f"{download.agency.name if download.agency else '全部单位'} · {download.kind.title}",
                "path": _relative_to_package(file.path),
                "format": file.format,
                "mediatype": MEDIA_TYPES[file.format],
                **({"encoding": "utf-8"} if file.format == "csv" else {}),
                "bytes": file.size,
                "hash": f"sha256:{file.sha256}",
                "schema": _relative_to_package(schema_path(download.kind)),
            })
    return {
        "name": "law-enforcement-disclosure",
        "title": f"{info.title}公开数据",
        "description": "已公示的行政执法信息：按类别、按执法单位和全部单位汇总，提供 CSV、XLSX 和 JSON 三种格式。"
                       "只含公示中的信息，自然人姓名已按规定处理，已撤回或公示期满的信息不在其中。",
        "homepage": info.homepage,
        "contributors": [{"title": info.publisher, "role": "publisher"}],
        "resources": resources,
    }


def _relative_to_package(path: str) -> str:
    return path.removeprefix(f"{DOWNLOADS_FOLDER}/")


def json_file(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode()

