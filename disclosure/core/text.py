"""Text as the portal keeps it: free of characters no clerk can see and no file format should carry.

Clerks paste from web pages, PDFs and case-handling systems, and bring along control characters,
zero-width spaces, byte-order marks, bidi overrides (which make 「甲罚〔2025〕6号」 read backwards on a
page) and the odd noncharacter or lone surrogate. Reading removes them once (clean), before any value
is compared, stored or published; the writers of XML formats still drop what XML 1.0 forbids
(xml_safe), so that no text, wherever it came from, can make a feed or a download unopenable.
No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Line and page breaks other than \n (vertical tab, form feed, NEL, U+2028, U+2029) are breaks all the same.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
# Every control character (Cc) but \t \n \r, every format character (Cf, Unicode 15: soft hyphen,
# zero-width and joiners, bidi marks, embeddings, overrides and isolates, BOM, interlinear and tag
# characters), lone surrogates (Cs) and the 66 noncharacters. Private-use characters stay: some
# agencies' systems map rare characters of names (生僻字) there.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                             for plane in range(17))
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff" + _NONCHARACTERS + "]")
# What XML 1.0 allows (its Char production), for the writers' last line of defence.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    removed: bool  # whether invisible characters were taken out (line breaks unified do not count)


def clean(text: str) -> Cleaned:
    """A cell's text without invisible characters: the one cleaning every text of a workbook goes through."""
    broken = text.translate(_BREAKS)
    kept = _INVISIBLE.sub("", broken)
    return Cleaned(kept, len(kept) != len(broken))


def xml_safe(text: str) -> str:
    """Text an XML 1.0 document can hold: what reading cleaned passes unchanged."""
    return _NOT_XML.sub("", text)


# The digits of Chinese numerals, everyday and 大写 (financial) forms alike, as written in numbers and amounts.
# Masking (rules/privacy.py) and the sums named in a decision's text (rules/money_text.py) each add their own.
CHINESE_DIGIT_VALUES = {**dict.fromkeys("零〇", 0), **dict.fromkeys("壹一", 1), **dict.fromkeys("贰二", 2),
                        **dict.fromkeys("叁三", 3), **dict.fromkeys("肆四", 4), **dict.fromkeys("伍五", 5),
                        **dict.fromkeys("陆六", 6), **dict.fromkeys("柒七", 7), **dict.fromkeys("捌八", 8),
                        **dict.fromkeys("玖九", 9)}
