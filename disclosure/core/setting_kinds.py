"""The kinds of value a setting takes: each checks a value as the settings file gives it and turns it
into the typed value the code reads, or says in Chinese, for the webmaster, what it should be."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Protocol
from urllib.parse import urlsplit


class Invalid(ValueError):
    """A value a setting does not take; the text says what it takes instead ("应为正整数…", "可选：…")."""


class Kind(Protocol):
    def parse(self, value: object) -> object:
        """The typed value, or Invalid."""

    def describe(self) -> str:
        """What values the setting takes, in Chinese, for the settings table."""

    def show(self, value: object) -> str:
        """A typed value as the webmaster writes it in the settings file."""


def shown(value: object) -> str:
    """A value as given, quoted the way a Chinese message quotes it."""
    return f"“{value}”" if isinstance(value, str) else f"“{value!r}”"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


@dataclass(frozen=True)
class Text:
    pattern: str = ""  # a full match; empty: any text
    meaning: str = "文字"  # what the pattern asks for, in the webmaster's words
    blank: bool = False  # True: "" is allowed and means "not shown"

    def parse(self, value: object) -> str:
        if self.blank and value == "":
            return value
        if not _is_text(value) or (self.pattern and not re.fullmatch(self.pattern, value)):
            raise Invalid(f"应为{self.describe()}，写在引号中")
        return value

    def describe(self) -> str:
        what = self.meaning if self.pattern else "非空的文字"
        return f"{what}，或空字符串 '' 表示不显示" if self.blank else what

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class Address:
    """A public web address: http(s), a host, maybe a sub-path."""

    def parse(self, value: object) -> str:
        parts = urlsplit(value) if _is_text(value) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise Invalid("应为网站的完整地址，以 https:// 或 http:// 开头，如 'https://zfgs.example.gov.cn'")
        return value

    def describe(self) -> str:
        return "以 https:// 或 http:// 开头的网址，可带子路径"

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class Folder:
    absolute: bool = False  # True: a path on the web server, which knows nothing of the settings file

    def parse(self, value: object) -> str:
        if not _is_text(value) or (self.absolute and not value.startswith("/")):
            raise Invalid(f"应为{self.describe()}，写在引号中")
        return value

    def describe(self) -> str:
        return "以 / 开头的绝对路径" if self.absolute else "目录（相对路径从设置文件所在目录算起）"

    def show(self, value: object) -> str:
        return repr(value)


ICON_SUFFIXES = (".ico", ".png", ".svg")
ICON_MAX_BYTES = 100 * 1024


@dataclass(frozen=True)
class IconFile:
    """The webmaster's own favicon; '' keeps the theme's. Whether the file exists is checked beside the settings file."""

    def parse(self, value: object) -> str:
        if value == "":
            return value
        if not _is_text(value) or not value.lower().endswith(ICON_SUFFIXES):
            raise Invalid(f"应为{self.describe()}，写在引号中")
        return value

    def describe(self) -> str:
        return "图标文件（.ico、.png 或 .svg，不超过 100 KB）的路径，相对路径从设置文件所在目录算起；空字符串 '' 用程序自带的图标"

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class TimeZone:
    def parse(self, value: object) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise Invalid("应为时区名称，如 'Asia/Shanghai'") from None
        return value

    def describe(self) -> str:
        return "时区名称（IANA 时区库），如 Asia/Shanghai"

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class Whole:
    minimum: int
    maximum: int

    def parse(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.minimum <= value <= self.maximum:
            quoted = "，不加引号" if isinstance(value, str) else ""
            raise Invalid(f"应为{self.describe()}{quoted}")
        return value

    def describe(self) -> str:
        return f"{self.minimum} 到 {self.maximum} 之间的整数"

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class Switch:
    """On or off, as Python writes it: True or False, never the text 'False' (which would read as on)."""

    def parse(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"应为{self.describe()}，不加引号")
        return value

    def describe(self) -> str:
        return "True（是）或 False（否）"

    def show(self, value: object) -> str:
        return repr(value)


@dataclass(frozen=True)
class Amount:
    """万元, written as text ('0.02') so that no binary fraction creeps in; numbers are taken too."""

    def parse(self, value: object) -> Decimal:
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else str(value))
        except (InvalidOperation, ValueError):
            amount = None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or amount is None \
                or not amount.is_finite() or amount < 0:
            raise Invalid(f"应为{self.describe()}")
        return amount

    def describe(self) -> str:
        return "不小于 0 的金额（万元），如 '0.02'"

    def show(self, value: object) -> str:
        return repr(str(value))


@dataclass(frozen=True)
class Choice:
    """One of a closed set: the members of an Enum whose members have a Chinese label."""

    options: type[Enum]

    def parse(self, value: object) -> Enum:
        try:
            return self.options(value)
        except ValueError:
            raise Invalid(f"可选：{self.describe()}") from None

    def describe(self) -> str:
        return "、".join(f"{member.value}（{member.label}）" for member in self.options)

    def show(self, value: object) -> str:
        return repr(value.value)


@dataclass(frozen=True)
class Table:
    """A dict. With `keys`, a closed set of (key, label), and what the file gives is laid over the default,
    so a province writes only the figures it changes; without, any non-empty text keys, taken as given."""

    values: Kind
    keys: tuple[tuple[str, str], ...] = ()

    def parse(self, value: object) -> dict:
        if not isinstance(value, dict):
            raise Invalid(f"应为字典（花括号 {{ }} 中的 键: 值），{self._key_text()}，值为{self.values.describe()}")
        parsed = {}
        for key, item in value.items():
            if self.keys and key not in dict(self.keys) or not self.keys and not _is_text(key):
                raise Invalid(f"其中的键{shown(key)}无效，{self._key_text()}")
            try:
                parsed[key] = self.values.parse(item)
            except Invalid as error:
                raise Invalid(f"其中 {key} 的值{shown(item)}无效，{error}") from None
        return parsed

    def _key_text(self) -> str:
        if not self.keys:
            return "键为非空的文字"
        return "键可选：" + "、".join(key if key == label else f"{key}（{label}）" for key, label in self.keys)

    def describe(self) -> str:
        return f"字典：{self._key_text()}；值为{self.values.describe()}"

    def show(self, value: object) -> str:
        return "{" + ", ".join(f"{key!r}: {self.values.show(item)}" for key, item in value.items()) + "}"
