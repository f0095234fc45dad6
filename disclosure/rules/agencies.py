"""Which agency each data folder is, from its 机关信息 sheet."""

from __future__ import annotations

from disclosure.core.kinds import AGENCY
from disclosure.core.problems import Problem, details
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
            problems.append(Problem("agency-profile-missing", agency=folder, details=details(count=count)))
            continue
        profile = found[0]
        for extra in found[1:]:
            problems.append(Problem(
                "extra-agency-profile", agency=folder, file=extra.origin.file, sheet=extra.origin.sheet,
                cell=f"第{extra.row}行", details=details(used_file=profile.origin.file, used_row=profile.row)))
        values = public_values(profile)
        owner = next((a for a in agencies.values() if a.slug == values["uscc"]), None)
        if owner:
            problems.append(Problem(
                "agency-code-taken", agency=folder, file=profile.origin.file, sheet=profile.origin.sheet,
                cell=profile.cell("uscc"), details=details(uscc=values["uscc"], owner=owner.folder, count=count)))
            continue
        agencies[folder] = Agency(folder, values, str(values["uscc"]), profile.content_hash)
    return agencies, problems

