"""Who sent a file's content and who signed it off (RULES.md §8: every publication has a submitter and an
approver, two people, with their times), as the review service recorded it in data/<agency>/.sign-off.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MANIFEST_NAME = ".sign-off.json"  # hidden: never read as a workbook, never counted as one of the agency's files
MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class SignOff:
    submission: str  # the review service's upload id
    submitted_by: str  # a full name, else an account name
    submitted_at: dt.datetime
    approved_by: str
    approved_at: dt.datetime

    def said(self) -> str:
        """As a webmaster reads it beside an event."""
        return (f"报送人 {self.submitted_by}（{minute(self.submitted_at)}），"
                f"审核人 {self.approved_by}（{minute(self.approved_at)}）")


def minute(moment: dt.datetime) -> str:
    """To the minute, in the time zone the service wrote it in: as a person reads a time."""
    return moment.strftime("%Y-%m-%d %H:%M")
