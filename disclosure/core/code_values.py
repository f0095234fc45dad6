"""The value types of codes: 统一社会信用代码 and personal document numbers, read as identifiers are
(normalised, format characters removed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from disclosure.core.identifiers import Validity, check_uscc, is_resident_id, normalize_identifier
from disclosure.core.problems import details
from disclosure.core.values import ParseFailure, ValueType, cell_text

if TYPE_CHECKING:
    from disclosure.core.kinds import Column


class UsccValue(ValueType):
    """统一社会信用代码: a bad check character is a warning, since the clerk copies it from a licence."""

    def parse(self, cell: object, column: Column, header: str) -> object:
        code = normalize_identifier(cell_text(cell))
        validity = check_uscc(code)
        if validity is Validity.MALFORMED:
            return ParseFailure("invalid-uscc", details(written=str(cell)))
        if validity is Validity.BAD_CHECKSUM:
            if is_resident_id(code):  # not a typo to ignore: no code is an ID number, so the row is held back
                return ParseFailure("resident-id-in-code")
            return ParseFailure("uscc-check-digit", details(uscc=code), value=code)
        return code


class IdNumberValue(ValueType):
    def parse(self, cell: object, column: Column, header: str) -> object:
        return normalize_identifier(cell_text(cell))
