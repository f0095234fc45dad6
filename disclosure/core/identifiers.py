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


class Registrant(Enum):
    """Who holds a 统一社会信用代码, by its first two characters (GB 32100-2015: the registering authority, then
    the kind of body it registered)."""

    ENTERPRISE = "enterprise"  # 9, 1: 工商 registers an 企业
    SOLE_TRADER = "sole-trader"  # 9, 2, and the placeholder of one without a code
    COOPERATIVE = "cooperative"  # 9, 3: 农民专业合作社
    PUBLIC_BODY = "public-body"  # 1: 机构编制 registers 机关 and 事业单位
    SOCIAL_ORGANISATION = "social-organisation"  # 5: 民政 registers 社会团体, 民办非企业单位, 基金会
    ORGANISATION = "organisation"  # any other authority's (律师事务所, 宗教活动场所, 工会…)


_REGISTRANTS = {"91": Registrant.ENTERPRISE, "92": Registrant.SOLE_TRADER, "93": Registrant.COOPERATIVE}


def uscc_registrant(code: str) -> Registrant:
    if code == USCC_PLACEHOLDER:
        return Registrant.SOLE_TRADER
    return _REGISTRANTS.get(code[:2]) or {"1": Registrant.PUBLIC_BODY, "5": Registrant.SOCIAL_ORGANISATION}.get(
        code[:1], Registrant.ORGANISATION)
