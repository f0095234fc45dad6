"""Reading the settings file (pelicanconf.py): the portal's settings checked against the table
(core/settings.py) once, before any work, and Pelican's settings made from them and from the fixed
ones below, which the portal never changes."""

from __future__ import annotations

import ast
import copy
import os
import re
import sys
import sysconfig
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

from disclosure.core.setting_kinds import ICON_MAX_BYTES
from disclosure.core.settings import SETTINGS, SETTINGS_BY_NAME, PortalSettings, SettingsError, near_misses, parse
from disclosure.runtime.failures import describe_os_error

_NOTHING = ""  # a *_SAVE_AS of "" means Pelican writes no such page
# How the portal uses Pelican: the record pages are not Pelican articles (the plugin makes them); only the
# hand-written pages of content/ are Pelican's, at {slug}.html.
FIXED = {
    "PLUGINS": ["disclosure.site.plugin"],
    "DEFAULT_LANG": "zh-CN",
    "RELATIVE_URLS": True,
    "PAGE_PATHS": [""],
    "ARTICLE_PATHS": [],
    "PAGE_URL": "{slug}.html", "PAGE_SAVE_AS": "{slug}.html",
    **dict.fromkeys(("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS",
                     "PAGE_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS", "AUTHOR_SAVE_AS",
                     "AUTHORS_SAVE_AS", "CATEGORY_SAVE_AS", "CATEGORIES_SAVE_AS", "TAG_SAVE_AS", "TAGS_SAVE_AS",
                     "ARCHIVES_SAVE_AS"), _NOTHING),
    "DIRECT_TEMPLATES": [],
    **dict.fromkeys(("FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM",
                     "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS")),  # the portal writes its own
    "STATIC_PATHS": [],
    "THEME_STATIC_PATHS": [],  # the plugin copies theme/static with content hashes in the names
    "DELETE_OUTPUT_DIRECTORY": False,  # the output tree removes what is no longer built, nothing else
    "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True},
}


@dataclass(frozen=True)
class LoadedSettings:
    portal: PortalSettings  # what every stage reads
    pelican: Mapping[str, object]  # what Pelican runs with: the portal's settings, the fixed ones, Pelican's defaults
    warnings: tuple[str, ...]  # names that look like a misspelt setting, fixed settings the file tried to change


def read_settings_file(path: Path) -> LoadedSettings:
    """SettingsError, in Chinese, when the file cannot be run or a setting's value is wrong."""
    if not path.is_file():
        raise FileNotFoundError(2, "no settings file", str(path))
    try:
        given = get_settings_from_file(str(path))
    except Exception as error:  # noqa: BLE001 - whatever the file's Python does wrong, the webmaster reads why
        raise SettingsError((f"设置文件 {path} 无法运行：{python_error(error, path)}",)) from None
    try:
        portal = PortalSettings.from_values(given)
    except SettingsError:  # a misspelt name often explains a missing or default value
        raise SettingsError(_located_problems(path, given) + _warnings(given)) from None
    portal_values = {setting.name: portal.value_of(setting) for setting in SETTINGS}
    folders = {name: _folder(path, name, portal_values[name]) for name in ("PATH", "THEME")}
    lines = _assignment_lines(path)
    missing = tuple(f"{_line(lines, name)}设置 {name} 的目录“{folder}”不存在（相对路径从设置文件所在目录算起）"
                    for name, folder in folders.items() if not os.path.isdir(folder))
    if missing:
        raise SettingsError(missing)
    if portal.favicon:
        folders["FAVICON"] = _beside(path, portal.favicon)
        _check_icon(f"{_line(lines, 'FAVICON')}设置 FAVICON 的图标文件“{portal.favicon}”", folders["FAVICON"])
    # Without a path, Pelican does not run the file again: it was read once, above.
    pelican = read_settings(None, override={**given, **portal_values, **folders, **copy.deepcopy(FIXED)})
    return LoadedSettings(portal, pelican, _warnings(given))


# Installed as a package (pip install ., make bundle), the program brings the sample's theme/ and content/ along
# (pyproject.toml, [tool.setuptools.data-files]): a portal folder holding only data/ and pelicanconf.py uses them.
INSTALLED_FILES = Path(sys.prefix) / "share" / "disclosure"


def _folder(settings_path: Path, name: str, folder: str) -> str:
    """Beside the settings file; the installed copy when the setting keeps its default and the folder is not there."""
    beside = _beside(settings_path, folder)
    installed = INSTALLED_FILES / folder
    if folder == SETTINGS_BY_NAME[name].default and not os.path.isdir(beside) and installed.is_dir():
        return str(installed)
    return beside


# An SVG icon is served from the portal's own address: nothing in it may run or reach another host.
_ACTIVE_SVG = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*[\"']?\s*(?:[a-z]+:)?//",
                         re.IGNORECASE)


def _check_icon(named: str, icon: str) -> None:
    if not os.path.isfile(icon):
        raise SettingsError((f"{named}不存在（相对路径从设置文件所在目录算起）",))
    if os.path.getsize(icon) > ICON_MAX_BYTES:
        raise SettingsError((f"{named}有 {os.path.getsize(icon) // 1024} KB，超过 {ICON_MAX_BYTES // 1024} KB，请换一个小一些的图标",))
    if icon.lower().endswith(".svg") and _ACTIVE_SVG.search(Path(icon).read_bytes()):
        raise SettingsError((f"{named}含有脚本、事件或指向其他网站的链接，不能作为网站图标；"
                             "请换一个只含图形的 SVG 文件，或改用 PNG、ICO 格式",))


def _beside(settings_path: Path, folder: str) -> str:
    """A relative folder is the settings file's neighbour, as Pelican has it."""
    return os.path.abspath(os.path.join(os.path.dirname(settings_path), folder))


def _warnings(given: Mapping[str, object]) -> tuple[str, ...]:
    fixed = tuple(f"设置 {name} 由程序固定，设置文件中的值不起作用" for name in sorted(given)
                  if name in FIXED and given[name] != FIXED[name])
    return fixed + near_misses(given, (*DEFAULT_CONFIG, *FIXED))


def _located_problems(path: Path, given: Mapping[str, object]) -> tuple[str, ...]:
    """Each wrong setting's problems, led by the line of the file that sets it (when this file does)."""
    lines = _assignment_lines(path)
    problems: list[str] = []
    for setting in SETTINGS:
        try:
            parse(setting, given)
        except SettingsError as error:
            problems.extend(_line(lines, setting.name) + problem for problem in error.problems)
    return tuple(problems)


def _assignment_lines(path: Path) -> dict[str, int]:
    """Where the file last sets each name at its top level (the value that counts)."""
    try:
        tree = ast.parse(path.read_bytes(), str(path))
    except (SyntaxError, ValueError, OSError):
        return {}
    lines = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    lines[name.id] = node.lineno
    return lines


def _line(lines: dict[str, int], name: str) -> str:
    return f"第 {lines[name]} 行：" if name in lines else ""


# Python's own words for a file that does not run, in Chinese; what is not here is said by its kind alone.
_SYNTAX = (
    (r"invalid syntax\. Perhaps you forgot a comma\?", "可能少了逗号"),
    (r"'(.)' was never closed", "括号“{0}”没有配对的另一半"),
    (r"unmatched '(.)'", "多了一个“{0}”，没有与之配对的括号"),
    (r"closing parenthesis '(.)' does not match opening parenthesis '(.)'.*", "右括号“{0}”与左括号“{1}”不配对"),
    (r"unterminated string literal.*", "字符串缺少结尾的引号"),
    (r"unterminated triple-quoted string literal.*", "三引号字符串没有结束"),
    (r"invalid character '(.)' \(U\+(\w+)\)", "有中文标点或全角字符“{0}”，请改用英文（半角）符号"),
    (r"invalid non-printable character U\+(\w+)", "有看不见的字符 U+{0}，请删除它"),
    (r"unexpected indent", "行首有多余的空格（缩进）"),
    (r"unindent does not match any outer indentation level", "缩进与上面的行对不齐"),
    (r"expected an indented block.*", "这里需要缩进"),
    (r"invalid decimal literal", "数字后面紧跟着字母或汉字：文字要写在引号中"),
    (r"expected ':'", "少了冒号“:”"),
    (r"cannot assign to .*", "等号左边不能这样写"),
    (r"unexpected EOF while parsing", "文件在语句结束之前就结束了（括号或引号没有配对？）"),
)
_RUNNING = (
    (NameError, r"name '(.+?)' is not defined", "使用了未定义的名称 {0}（文字要写在引号中，如 \"{0}\"）"),
    (ModuleNotFoundError, r"No module named '(.+?)'", "导入的模块 {0} 不存在"),
    (ImportError, r"cannot import name '(.+?)' from '(.+?)'.*", "无法从 {1} 导入 {0}"),
    (ZeroDivisionError, r".*", "除以了零"),
)


def python_error(error: Exception, path: Path) -> str:
    """Which line of which file, and what is wrong with it, in Chinese: “第 4 行有语法错误：括号“(”没有配对的另一半”."""
    if isinstance(error, SyntaxError):
        where, line = error.filename or str(path), error.lineno
        what = "有语法错误：" + _said(_SYNTAX, error.msg or "", "请检查这一行的写法")
        text = (error.text or "").strip()
    else:
        frame = _last_own_frame(error)
        where, line = (frame.filename, frame.lineno) if frame else (str(path), None)
        what, text = _running_error(error), (frame.line or "").strip() if frame else ""
    place = "" if os.path.abspath(where) == os.path.abspath(path) else f"{where} "
    at = f"第 {line} 行" if line else ""
    return f"{place}{at}{what}" + (f"（这一行是：{text}）" if text else "")


def _running_error(error: Exception) -> str:
    if isinstance(error, OSError):
        return "读写文件出错：" + describe_os_error(error)
    for kind, pattern, chinese in _RUNNING:
        found = re.fullmatch(pattern, str(error)) if isinstance(error, kind) else None
        if found:
            return chinese.format(*found.groups())
    return f"运行出错（{type(error).__name__}）：请检查这一行的写法"


def _said(table: tuple[tuple[str, str], ...], message: str, otherwise: str) -> str:
    for pattern, chinese in table:
        found = re.fullmatch(pattern, message)
        if found:
            return chinese.format(*found.groups())
    return otherwise


def _last_own_frame(error: Exception) -> traceback.FrameSummary | None:
    """The webmaster's own line: the last frame outside Python's library, Pelican and the installed packages."""
    libraries = (*{os.path.realpath(sysconfig.get_paths()[key]) for key in ("stdlib", "purelib", "platlib")},
                 str(Path(__file__).resolve().parents[1]))
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not frame.filename.startswith("<") and not os.path.realpath(frame.filename).startswith(libraries)]
    return frames[-1] if frames else None
