"""Which agency each data folder is, from its 机关信息 sheet."""

from __future__ import annotations

from disclosure.core.kinds import AGENCY
from disclosure.core.problems import Problem, Severity
from disclosure.public.types import Agency
from disclosure.reading.records import Record
from disclosure.rules.public_view import public_values


def resolve_agencies(records: list[Record]) -> tuple[dict[str, Agency], list[Problem]]:
    profiles: dict[str, list[Record]] = {}
    folders: dict[str, int] = {}
    for record in records:
        folders[record.agency] = folders.get(record.agency, 0) + 1
        if record.kind is AGENCY:
            profiles.setdefault(record.agency, []).append(record)
    agencies, problems = {}, []
    for folder, count in sorted(folders.items()):
        found = profiles.get(folder, [])
        if not found:
            problems.append(Problem(
                Severity.ERROR, f"没有可用的“机关信息”，本文件夹的 {count} 条信息均未公示",
                "请放入填写完整的“机关信息”工作簿（一行表头、一行内容，含机关名称和统一社会信用代码），并改正其中标为错误的单元格",
                agency=folder))
            continue
        profile = found[0]
        for extra in found[1:]:
            problems.append(Problem(
                Severity.ERROR, f"“机关信息”只能有一行，已采用 {profile.origin.file} 第{profile.row}行，本行未采用",
                "请删除多余的机关信息行", agency=folder, file=extra.origin.file, sheet=extra.origin.sheet,
                cell=f"第{extra.row}行"))
        values = public_values(profile)
        owner = next((a for a in agencies.values() if a.slug == values["uscc"]), None)
        if owner:
            problems.append(Problem(
                Severity.ERROR, f"统一社会信用代码 {values['uscc']} 已由文件夹“{owner.folder}”使用，本文件夹的 {count} 条信息均未公示",
                "一个执法机关只用一个文件夹：请把两个文件夹的工作簿合并到一处，或改正机关信息中的代码",
                agency=folder, file=profile.origin.file, sheet=profile.origin.sheet, cell=profile.cell("uscc")))
            continue
        agencies[folder] = Agency(folder, values, str(values["uscc"]), profile.content_hash)
    return agencies, problems

