"""Identifier checks and the normalisation that makes identifiers comparable."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from disclosure.core.text import clean


class Validity(Enum):
    VALID = "valid"
    BAD_CHECKSUM = "bad_checksum"  # well-formed, wrong check character: real data has these
    MALFORMED = "malformed"


# GB 32100-2015: 18 characters from 0-9 and A-Y without I O Z S V; the first may be 1-9, A, N or Y.
_USCC_FORM = re.compile(r"[1-9ANY][0-9A-HJ-NP-RTUWXY]{17}")
# 个体工商户 without a code of their own use this placeholder (17 zeros and X).
USCC_PLACEHOLDER = "0" * 17 + "X"
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "（": "(", "）": ")", "﹝": "(", "﹞": ")", "⦅": "(", "⦆": ")"})


def normalize_identifier(text: str) -> str:
    """Fold the ways one identifier gets typed (全角/半角, bracket styles, spaces, case, invisible characters such
    as a zero-width space pasted in) into one: 「甲罚〔2025〕6号」 is one record however its characters came."""
    folded = unicodedata.normalize("NFKC", clean(text).text).translate(_BRACKETS)
    return "".join(folded.split()).upper()


def check_uscc(code: str) -> Validity:
    if code == USCC_PLACEHOLDER:
        return Validity.VALID
    if not _USCC_FORM.fullmatch(code):
        return Validity.MALFORMED
    # stdnum rejects the A/N/Y prefixes, but its check-digit arithmetic holds for them.
    if code[-1] != uscc.calc_check_digit(code[:-1]):
        return Validity.BAD_CHECKSUM
    return Validity.VALID


def check_resident_id(number: str) -> Validity:
    """Form, birth date and check digit. The birth-place code is not judged: stdnum's table of
    division codes is incomplete (it rejects 陵川县 140524), and a wrong place is not ours to find."""
    if re.fullmatch(r"\d{15}", number):
        return Validity.VALID  # pre-1999 numbers carry no check digit
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return Validity.MALFORMED
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return Validity.MALFORMED
    return Validity.VALID if number[-1] == ric.calc_check_digit(number) else Validity.BAD_CHECKSUM


def is_resident_id(code: str) -> bool:
    """An 18-character code that is a 居民身份证号码 by form and birth date, whatever its check digit: born
    1900–2099, as rules/privacy.py reads one (an all-digit 统一社会信用代码 mostly holds no such date)."""
    return len(code) == 18 and check_resident_id(code) is not Validity.MALFORMED and code[6:8] in ("19", "20")
