"""Sums of money named in a decision's text (处罚内容): 5000元, 5,000 元, 0.5万元, 5千元, 伍仟元, 壹万伍仟元, 五千元."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from disclosure.core.text import CHINESE_DIGIT_VALUES

_DIGITS = {**CHINESE_DIGIT_VALUES, "两": 2}  # 两万元
_SMALL_UNITS = {**dict.fromkeys("拾十", 10), **dict.fromkeys("佰百", 100), **dict.fromkeys("仟千", 1000)}
_LARGE_UNITS = {"万": 10**4, "亿": 10**8}
_NUMERALS = "".join((*_DIGITS, *_SMALL_UNITS, *_LARGE_UNITS))
_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*([万千]?)\s*元")
_CHINESE = re.compile(f"(?<![\\d.])([{_NUMERALS}]+)\\s*[元圆]")  # 5万元: the 万 is the Arabic number's
_MULTIPLIERS = {"": 1, "千": 1000, "万": 10**4}


@dataclass(frozen=True)
class StatedSum:
    written: str  # as the text has it, e.g. 伍仟元
    yuan: Decimal


def sums_in_text(text: str) -> tuple[StatedSum, ...]:
    """Every sum of money the text names, in the order written."""
    folded = unicodedata.normalize("NFKC", text)
    found = [(m.start(), StatedSum(m.group(0), Decimal(m.group(1).replace(",", "")) * _MULTIPLIERS[m.group(2)]))
             for m in _ARABIC.finditer(folded)]
    for match in _CHINESE.finditer(folded):
        yuan = chinese_number(match.group(1))
        if yuan:
            found.append((match.start(), StatedSum(match.group(0), Decimal(yuan))))
    return tuple(stated for _, stated in sorted(found, key=lambda pair: pair[0]))


def chinese_number(numeral: str) -> int:
    """伍仟 → 5000, 壹万伍仟 → 15000, 拾万 → 100000, 贰亿零伍万 → 200050000."""
    total = section = digit = 0
    for character in numeral:
        if character in _DIGITS:
            digit = _DIGITS[character]
        elif character in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[character]
            digit = 0
        elif character == "万":
            total += (section + digit) * _LARGE_UNITS["万"]
            section = digit = 0
        else:  # 亿: what came before it, 万 included, is counted in 亿
            total = (total + section + digit) * _LARGE_UNITS["亿"]
            section = digit = 0
    return total + section + digit
