"""Mask personal data hidden in free text (违法事实, 处罚内容, 执法结论, 备注 …) before publication.

RULES.md §3: a natural person's 身份证号, 通讯方式 and 银行账号 are never published, not even inside
free text, and natural persons appear as surname + 某. The columns holding these are handled where
they are read; this module catches what clerks typed into the prose.

Numbers are found by form only, so any number of that form is masked, whoever it belongs to: an
agency's own 联系电话 written in the text is masked too, and so is a 16–19 digit case serial (as a
银行卡号) or an 18-digit one (as a 身份证号码). Over-masking a number is the safe side to err on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, NamedTuple

ID_NUMBER = "身份证号码"
MOBILE = "手机号码"
LANDLINE = "固定电话号码"
BANK_CARD = "银行卡号"
NAME = "姓名"


@dataclass(frozen=True)
class Finding:
    what: str  # Chinese label of what was found, one of the constants above
    count: int


@dataclass(frozen=True)
class MaskedText:
    text: str  # the text safe to publish
    findings: tuple[Finding, ...]  # what was masked, for a 警告 to the clerk; empty when nothing


class _Kind(NamedTuple):
    what: str
    placeholder: str
    pattern: re.Pattern[str]


class _Span(NamedTuple):
    start: int
    end: int
    what: str
    replacement: str


# Full-width digits and letters, ＋, －, （） and odd spaces as typed by Chinese IMEs (letters
# too, so that ＪＹ… still counts as letters next to a number). Each maps to exactly one
# character, so positions found in the translated copy are positions in the original text, and
# every untouched character (e.g. the clerk's full-width punctuation) stays as it was.
_HALF_WIDTH_PAIRS = (
    *((chr(ord("０") + i), chr(ord("0") + i)) for i in range(10)),
    *((chr(ord("Ａ") + i), chr(ord("A") + i)) for i in range(26)),
    *((chr(ord("ａ") + i), chr(ord("a") + i)) for i in range(26)),
    ("＋", "+"), ("－", "-"), ("‐", "-"), ("‑", "-"), ("–", "-"),
    ("（", "("), ("）", ")"), ("\u3000", " "), ("\u00a0", " "),
)
_HALF_WIDTH = str.maketrans(dict(_HALF_WIDTH_PAIRS))

# A number glued to other digits or letters is part of something else (统一社会信用代码,
# 许可证编号 JY…, a longer serial): it is masked whole or not at all, never in part. The start
# test only applies when the match itself starts with a digit, so "Tel(0349)…" and "Tel+86…" match.
_BEFORE = r"(?:(?<![0-9A-Za-z])|(?![0-9A-Za-z]))"
_AFTER = r"(?![0-9A-Za-z])"
_D = "[0-9]"  # not \d: it would also match Arabic-Indic and other Unicode digits

_ID_PATTERN = (
    # 18 digits, possibly written 6-8-4 or 6-4-4-4; the check character is not verified because
    # a mistyped number is still somebody's number.
    rf"{_D}{{6}}[ -]?(?:{_D}{{8}}|{_D}{{4}}[ -]?{_D}{{4}})[ -]?{_D}{{3}}[0-9Xx]"
    # Old 15-digit numbers must carry a plausible YYMMDD: plain 15-digit runs are also the old
    # 工商注册号 of legal persons, which are published, and those mostly fail this test.
    rf"|{_D}{{6}}[ -]?{_D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[ -]?{_D}{{3}}"
)
_MOBILE_PATTERN = rf"(?:(?:\+|00)?86[ -]?)?1[3-9]{_D}(?:[ -]?{_D}{{4}}){{2}}"
_LANDLINE_PATTERN = (
    rf"(?:\(0{_D}{{2,3}}\)|0{_D}{{2,3}})[ -]?{_D}{{7,8}}(?:(?:-|转|分机){_D}{{1,6}})?"
)
# Cards: one run of 16–19 digits, or groups of four. The [.,] guards keep a long amount such as
# 1234567890123456.00 元 out; thousands separators never match since commas are not separators.
_CARD_PATTERN = (
    rf"(?<![0-9][.,])(?:{_D}{{16,19}}|{_D}{{4}}(?:[ -]{_D}{{4}}){{3}}(?:[ -]?{_D}{{1,3}})?)(?![.,][0-9])"
)


def _kind(what: str, placeholder: str, pattern: str) -> _Kind:
    return _Kind(what, placeholder, re.compile(_BEFORE + f"(?:{pattern})" + _AFTER, re.ASCII))


# Order is priority: an 18-digit run is an ID number before it is a card, and a span claimed by
# an earlier kind is not looked at again.
_KINDS = (
    _kind(ID_NUMBER, "［身份证号码已隐去］", _ID_PATTERN),
    _kind(BANK_CARD, "［银行卡号已隐去］", _CARD_PATTERN),
    _kind(MOBILE, "［手机号码已隐去］", _MOBILE_PATTERN),
    _kind(LANDLINE, "［电话号码已隐去］", _LANDLINE_PATTERN),
)
_FINDING_ORDER = (ID_NUMBER, MOBILE, LANDLINE, BANK_CARD, NAME)


def mask_free_text(text: str, names: Iterable[tuple[str, str]] = ()) -> MaskedText:
    """Mask ID, phone and bank card numbers and the given names of natural persons in text.

    names: (full name, masked name) pairs of natural persons known from the record, e.g.
    ("张三", "张某"); every occurrence of a full name in the text is replaced by its masked form.
    Names shorter than two characters are ignored: one character would hit ordinary words.
    """
    spans = _disjoint([*_number_spans(text), *_name_spans(text, names)])
    if not spans:
        return MaskedText(text, ())
    counts = Counter(span.what for span in spans)
    findings = tuple(Finding(what, counts[what]) for what in _FINDING_ORDER if counts[what])
    return MaskedText(_replace(text, spans), findings)


# Every number of the four forms holds at least seven characters in a row that are digits or the
# separators the patterns allow, starting with a digit, in either width. Most prose has none (dates
# and amounts are shorter, or broken by 年月日元): one search then rules out all four patterns.
_DIGITS = "0-9０-９"
_SEPARATORS = "".join(re.escape(c) for c, half in _HALF_WIDTH_PAIRS if half in " ()+-") + " ()+\\-"
_CANDIDATE = re.compile(f"[{_DIGITS}][{_DIGITS}{_SEPARATORS}]{{6}}")


def _number_spans(text: str) -> list[_Span]:
    if not _CANDIDATE.search(text):
        return []
    scanned = text.translate(_HALF_WIDTH)
    return [_Span(m.start(), m.end(), kind.what, kind.placeholder)
            for kind in _KINDS for m in kind.pattern.finditer(scanned)]


def _name_spans(text: str, names: Iterable[tuple[str, str]]) -> list[_Span]:
    masks = {full.strip(): masked.strip() for full, masked in names if len(full.strip()) >= 2}
    # Longest first, so 张三丰 is replaced whole even when 张三 is also known: _disjoint keeps the first.
    # A record knows one or two names, so plain searching beats compiling a pattern per record.
    spans = []
    for full in sorted(masks, key=len, reverse=True):
        if masks[full] == full:
            continue
        start = text.find(full)
        while start != -1:
            spans.append(_Span(start, start + len(full), NAME, masks[full]))
            start = text.find(full, start + len(full))
    return spans


def _disjoint(candidates: list[_Span]) -> list[_Span]:
    """Keep candidates in priority order, dropping any that overlaps one already kept."""
    kept: list[_Span] = []
    for span in candidates:
        if not any(span.start < other.end and other.start < span.end for other in kept):
            kept.append(span)
    return sorted(kept)


def _replace(text: str, spans: list[_Span]) -> str:
    pieces, position = [], 0
    for span in spans:
        pieces += [text[position:span.start], span.replacement]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
