"""Mask personal data hidden in text (违法事实, 处罚内容, 违法行为类型, 备注 …) before publication.

RULES.md §3: a natural person's 身份证号, 通讯方式 and 银行账号 are never published, not even inside
free text, and natural persons appear as surname + 某. The columns holding these are handled where
they are read; this module catches what clerks typed into the text.

Numbers are found by form only, so any number of that form is masked, whoever it belongs to: an
agency's own 联系电话 written in the text is masked too, and so is a 16–19 digit case serial (as a
银行卡号) or an 18-digit one (as a 身份证号码). Over-masking a number is the safe side to err on.

Clerks spell numbers every way a keyboard allows: full-width, Chinese or 大写 digits (一三九〇〇一六…, 幺,
壹叁玖…), groups split by spaces, tabs, line breaks, odd Unicode spaces, zero-width characters, combining
marks, dashes of any length, slashes or dots, a group put in brackets ((440102)1985…), and a label glued on
(ID4401…, tel139…). Every such spelling is read as the plain number it stands for.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import opencc

from disclosure.core.text import CHINESE_DIGIT_VALUES

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


# 大写 digits (壹贰叁…, also in their traditional forms) spell numbers too; an amount in 大写 (壹万贰仟元) does not
# form a run of them, its 万仟佰拾 stand between.
# 幺 is how a 1 is read out in phone numbers; 貳參陸 are the traditional 大写 forms.
CHINESE_DIGITS = {**{c: str(d) for c, d in CHINESE_DIGIT_VALUES.items()}, "幺": "1", "貳": "2", "參": "3", "陸": "6"}
# Between two digits these only split groups. A dot does so only between two groups of three or more digits
# (139.0016.0016), so that amounts (1234567890123456.00) and fractions (0.333…) stay numbers.
_DASHES = "\\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2043\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u301c\u3030\u30a0" \
          "\ufe31\ufe32\ufe58\ufe63\uff0d"
# Invisible characters and combining marks (U+034F, variation selectors, an underline drawn on a digit): they
# stand on or between digits without being one, so they split groups like a space.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff" \
             "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f" \
             "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
_SLASHES = "/\\\\\uff0f\uff3c\u2044\u2215"
_DOTS = ".\uff0e\u00b7\u30fb\u2027\u2022\u2219\u22c5"
# Brackets around a group, as around a landline's area code: (0349)2021234, (440102)198503152140. Not 〔〕, which
# hold the year of a 文书号.
_OPENING = "(（[［【"
_CLOSING = ")）]］】"
# Words a clerk glues before a number (ID4401…, tel139…, 卡号card6222…): the label ends there and the number starts,
# as after a space. Glued to any other letters, the digits are part of a code (JY1140602…) and stay as typed.
LABELS = ("id", "sfz", "sfzh", "sfzhm", "no", "num", "tel", "phone", "mobile", "mob", "cell", "fax", "card",
          "cardno", "account", "acct")
_LABEL = re.compile(rf"(?<![0-9A-Za-z])(?i:{'|'.join(sorted(LABELS, key=len, reverse=True))})+(?=[0-9])", re.ASCII)


@functools.cache
def _scan_table() -> dict[int, str]:
    """One character for each: every digit becomes its ASCII digit, every separator a space, every dot a dot,
    full-width letters and ＋ their ASCII forms, every bracket ( or ). Positions in the scanned copy are positions in the text,
    and every untouched character (e.g. the clerk's full-width punctuation) stays as it was. Built on first
    use (20 ms): the Unicode digits are found by the regex engine, which knows them all."""
    planes = "".join(map(chr, (*range(0xD800), *range(0xE000, 0x10000), *range(0x1D7CE, 0x1D800),
                               *range(0xE0000, 0xE0200))))
    table = {ord(c): str(unicodedata.decimal(c)) for c in re.findall(r"\d", planes)}
    table.update({ord(c): " " for c in re.findall(rf"[\s{_DASHES}{_INVISIBLE}{_SLASHES}\x00-\x1f\x7f]", planes)})
    table.update({ord(c): "." for c in _DOTS})
    table.update({ord(c): d for c, d in CHINESE_DIGITS.items()})
    table.update({ord("Ａ") + i: chr(ord("A") + i) for i in range(26)})
    table.update({ord("ａ") + i: chr(ord("a") + i) for i in range(26)})
    table.update({ord("＋"): "+", **{ord(c): "(" for c in _OPENING}, **{ord(c): ")" for c in _CLOSING}})
    return table


_DOTTED_RUN = re.compile(r"[0-9][0-9 ()]*\.[0-9 .()]*[0-9]")  # digits, spaces, brackets and at least one dot


def _scanned(text: str) -> str:
    scanned = _LABEL.sub(lambda label: "_" * len(label.group()), text.translate(_scan_table()))
    return _DOTTED_RUN.sub(_split_by_dots, scanned) if "." in scanned else scanned


def _split_by_dots(run: re.Match[str]) -> str:
    """A run of digits with dots in it: its dots split groups (139.0016.0016, 0349.2021234), unless its one dot
    is a decimal point: of a fraction (0.333…) or before at most two decimals (1234567890123456.00 元)."""
    text = run.group()
    if text.count(".") == 1:
        whole, fraction = (re.sub("[^0-9]", "", part) for part in text.split("."))
        if whole == "0" or len(fraction) <= 2:
            return text
    return text.replace(".", " ")


def digits_of(text: str) -> str:
    """The digits a text spells, in order, as ASCII (for tests and comparisons: 一三九-0016 → 1390016)."""
    return re.sub(r"[^0-9]", "", text.translate(_scan_table()))


# A number glued to other digits or letters is part of something else (统一社会信用代码,
# 许可证编号 JY…, a longer serial): it is masked whole or not at all, never in part. The start
# test only applies when the match itself starts with a digit, so "Tel(0349)…" and "Tel+86…" match.
# A label (LABELS) before the number has been blanked out of the scanned copy, so it is no letter here.
_BEFORE = r"(?:(?<![0-9A-Za-z])|(?![0-9A-Za-z]))"
_AFTER = r"(?![0-9A-Za-z])"


# Between two digits: separators (all read as spaces by now), and brackets around a group.
_GAP = "[ ()]*"


def _run(least: int, most: int | None = None, digit: str = "[0-9]") -> str:
    """Between `least` and `most` digits (exactly `least` without `most`), any separators between them."""
    repeat = f"{{{least - 1}}}" if most is None else f"{{{least - 1},{most - 1}}}"
    return f"{digit}(?:{_GAP}{digit}){repeat}"


_MONTH = rf"(?:0{_GAP}[1-9]|1{_GAP}[0-2])"
_DAY = rf"(?:0{_GAP}[1-9]|[12]{_GAP}[0-9]|3{_GAP}[01])"
_ID_PATTERN = (
    # 18 characters; the check character is not verified because a mistyped number is still somebody's number.
    rf"{_run(17)}{_GAP}[0-9Xx]"
    # Old 15-digit numbers must carry a plausible YYMMDD: plain 15-digit runs are also the old
    # 工商注册号 of legal persons, which are published, and those mostly fail this test.
    rf"|{_run(6)}{_GAP}{_run(2)}{_GAP}{_MONTH}{_GAP}{_DAY}{_GAP}{_run(3)}"
)
_MOBILE_PATTERN = rf"(?:(?:\+{_GAP}|0{_GAP}0{_GAP})?8{_GAP}6{_GAP})?1{_GAP}[3-9]{_GAP}{_run(9)}"
_LANDLINE_PATTERN = (
    rf"(?:\( *0{_GAP}{_run(2, 3)} *\)|0{_GAP}{_run(2, 3)}){_GAP}{_run(7, 8)}"
    rf"(?:(?: *(?:转|分机) *| +){_run(1, 6)})?"
)
# Cards: 16–19 digits however grouped. The [.,] guards keep a long amount such as 1234567890123456.00 元
# out; thousands separators never match since commas are not separators.
_CARD_PATTERN = rf"(?<![0-9][.,]){_run(16, 19)}(?![.,][0-9])"


def _kind(what: str, placeholder: str, pattern: str) -> _Kind:
    return _Kind(what, placeholder, re.compile(_BEFORE + f"(?:{pattern})" + _AFTER, re.ASCII))


# Order is priority: an 18-digit run is an ID number before it is a card, and a span claimed by
# an earlier kind is not looked at again.
ID_PLACEHOLDER = "［身份证号码已隐去］"
_ID_KIND = _kind(ID_NUMBER, ID_PLACEHOLDER, _ID_PATTERN)
_KINDS = (
    _ID_KIND,
    _kind(BANK_CARD, "［银行卡号已隐去］", _CARD_PATTERN),
    _kind(MOBILE, "［手机号码已隐去］", _MOBILE_PATTERN),
    _kind(LANDLINE, "［电话号码已隐去］", _LANDLINE_PATTERN),
)
_FINDING_ORDER = (ID_NUMBER, MOBILE, LANDLINE, BANK_CARD, NAME)


def mask_free_text(text: str, names: Iterable[tuple[str, str]] = ()) -> MaskedText:
    """Mask ID, phone and bank card numbers and the given names of natural persons in text.

    names: (full name, masked name) pairs of natural persons known from the record, e.g.
    ("张三", "张某"); every occurrence of a full name in the text is replaced by its masked form,
    also when written with spaces between its characters or in the other script (張三 / 张三).
    Names shorter than two characters are ignored: one character would hit ordinary words.
    """
    spans = _disjoint([*_number_spans(text), *_name_spans(text, names)])
    if not spans:
        return MaskedText(text, ())
    counts = Counter(span.what for span in spans)
    findings = tuple(Finding(what, counts[what]) for what in _FINDING_ORDER if counts[what])
    return MaskedText(_replace(text, spans), findings)


def find_resident_id(text: str) -> str | None:
    """The first 居民身份证号码 a text holds, in whatever spelling, as its plain 15 or 18 characters; None
    when there is none. Unlike masking, which takes any 18-digit run, the number must carry a birth date
    that can be real: a code column holds this where a clerk typed an ID number instead of a code."""
    if len(text) < 15 or not _CANDIDATE.search(text):  # most names and codes
        return None
    for match in _ID_KIND.pattern.finditer(_scanned(text)):
        number = re.sub("[^0-9X]", "", match.group().upper())
        birth = number[6:14] if len(number) == 18 else "19" + number[6:12]
        if _is_birth_date(birth):
            return number
    return None


def _is_birth_date(yyyymmdd: str) -> bool:
    try:
        born = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return 1900 <= born.year < 2100


# Every number of the four forms holds at least seven characters in a row that are digits (of any form) or
# separators, starting with a digit. Most text has none (dates and amounts are shorter, or broken by 年月日元):
# one search of the text as it is then rules out all four patterns, before any copy is made.
_ANY_DIGIT = rf"\d{''.join(CHINESE_DIGITS)}"
_CANDIDATE = re.compile(
    rf"[{_ANY_DIGIT}][{_ANY_DIGIT}\s{_DASHES}{_INVISIBLE}{_SLASHES}{_DOTS}{re.escape(_OPENING + _CLOSING)}+＋\x00-\x1f]{{6}}")


def _number_spans(text: str) -> list[_Span]:
    if not _CANDIDATE.search(text):
        return []
    scanned = _scanned(text)
    return [_Span(*_with_its_brackets(scanned, m.start(), m.end()), kind.what, kind.placeholder)
            for kind in _KINDS for m in kind.pattern.finditer(scanned)]


def _with_its_brackets(scanned: str, start: int, end: int) -> tuple[int, int]:
    """A number's span, widened by the bracket it closes or opens inside: (440102)1985… leaves no lone "(" behind."""
    inside = scanned[start:end]
    unclosed = inside.count("(") - inside.count(")")
    if unclosed < 0 and (before := scanned[:start].rstrip(" ")).endswith("("):
        return len(before) - 1, end
    if unclosed > 0 and (after := scanned[end:].lstrip(" ")).startswith(")"):
        return start, len(scanned) - len(after) + 1
    return start, end


# What may stand between the characters of a name: 张 三 丰, 欧阳 娜娜, 买买提·艾力 written 买买提 · 艾力.
_NAME_GAP = rf"[\s{_INVISIBLE}{_DOTS}]*"


def name_key(name: str) -> str:
    """A name as it is compared: NFKC, without the spaces, dots and invisible characters typed inside it."""
    return re.sub(_NAME_GAP, "", unicodedata.normalize("NFKC", name))


def _name_spans(text: str, names: Iterable[tuple[str, str]]) -> list[_Span]:
    if not names:
        return []
    masks = {name_key(full): masked.strip() for full, masked in names if len(name_key(full)) >= 2}
    # Longest first, so 张三丰 is replaced whole even when 张三 is also known: _disjoint keeps the first.
    wanted = [full for full in sorted(masks, key=len, reverse=True) if masks[full] != full]
    if not wanted:
        return []
    # A name matches with gaps inside it (张 三): it is looked for in the text without its gaps, then mapped back.
    # One C-speed pass over the text instead of a pattern compiled per name, which cost a fifth of the rules' time.
    folded = simplified(text)
    gapless = folded.translate(_gap_table())
    found = [(full, simplified(full)) for full in wanted if simplified(full) in gapless]
    if not found:
        return []
    positions = [index for index, character in enumerate(folded) if ord(character) not in _gap_table()]
    spans = []
    for full, target in found:
        start = gapless.find(target)
        while start >= 0:
            spans.append(_Span(positions[start], positions[start + len(target) - 1] + 1, NAME, masks[full]))
            start = gapless.find(target, start + len(target))
    return spans


@functools.cache
def _gap_table() -> dict[int, None]:
    """str.translate's table that deletes what may stand between a name's characters (_NAME_GAP)."""
    gap = re.compile(_NAME_GAP[:-1])
    candidates = (*range(0x10000), *range(0xE0000, 0xE01F0))
    return {code: None for code in candidates if gap.fullmatch(chr(code))}


def simplified(text: str) -> str:
    """The text with traditional characters folded to simplified ones, character for character (張三豐 →
    张三丰), so that positions in it are positions in the text."""
    converter = _converter()
    folded = converter.convert(text)
    if len(folded) == len(text):
        return folded
    # A phrase converted to another length: fold character by character instead.
    return "".join(c if len(s := converter.convert(c)) != 1 else s for c in text)


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")  # loading its dictionaries takes a tenth of a second: once, and only when needed


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
