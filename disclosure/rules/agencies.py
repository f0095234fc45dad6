"""Which agency each data folder is, from its 机关信息 sheet.

An agency's 统一社会信用代码 is its identity on the portal (its address, its records in the ledger). The ledger
binds each code to the folder that first published under it: another folder claiming that code later is
refused, whatever its name, while the bound folder is still there. Folders the ledger does not bind that
claim one code are all refused: nothing tells the real agency from a copy or an impostor, and a name that
sorts first must not be enough to take over another agency's page.
"""

from __future__ import annotations

from collections.abc import Mapping

from disclosure.core.kinds import AGENCY
from disclosure.core.problems import Problem, details
from disclosure.public.types import Agency
from disclosure.reading.records import Record
from disclosure.rules.public_view import public_values


def resolve_agencies(records: list[Record], bound: Mapping[str, str]) -> tuple[dict[str, Agency], list[Problem]]:
    """bound: the ledger's folder of each agency code (统一社会信用代码 → folder)."""
    profiles: dict[str, list[Record]] = {}
    folders: dict[str, int] = {}
    for record in records:
        folders[record.agency] = folders.get(record.agency, 0) + 1
        if record.kind is AGENCY:
            profiles.setdefault(record.agency, []).append(record)
    bound_folders, claimants = set(bound.values()), _claimants(profiles)
    agencies, problems = {}, []
    # Folders the ledger binds come first, so a code they hold is theirs before any newcomer's.
    for folder, count in sorted(folders.items(), key=lambda item: (item[0] not in bound_folders, item[0])):
        found = profiles.get(folder, [])
        if not found:
            problems.append(Problem("agency-profile-missing", agency=folder, details=details(count=count)))
            continue
        profile = found[0]
        for extra in found[1:]:
            problems.append(Problem(
                "extra-agency-profile", agency=folder, file=extra.origin.file, sheet=extra.origin.sheet,
                cell=f"第{extra.row}行", record_label=extra.label,
                details=details(used_file=profile.origin.file, used_row=profile.row)))
        values = public_values(profile)
        code = str(values["uscc"])
        if bound.get(code, folder) != folder and bound[code] in folders:
            problems.append(_claim_problem("agency-code-bound", profile, code, bound[code], count))
            continue
        rivals = [other for other in claimants.get(code, ()) if other != folder]
        if rivals and bound.get(code) not in folders:
            problems.append(_claim_problem("agency-code-disputed", profile, code, "”“".join(rivals), count))
            continue
        agencies[folder] = Agency(folder, values, code, profile.content_hash)
    return agencies, problems


def _claimants(profiles: Mapping[str, list[Record]]) -> dict[str, list[str]]:
    """The folders whose (first) 机关信息 row gives each code."""
    claims: dict[str, list[str]] = {}
    for folder, found in sorted(profiles.items()):
        claims.setdefault(str(public_values(found[0])["uscc"]), []).append(folder)
    return claims


def _claim_problem(code: str, profile: Record, uscc: str, owner: str, count: int) -> Problem:
    return Problem(code, agency=profile.agency, file=profile.origin.file, sheet=profile.origin.sheet,
                   cell=profile.cell("uscc"), record_label=profile.label,
                   details=details(uscc=uscc, owner=owner, count=count))
