"""Reading the settings file (pelicanconf.py): the portal's settings checked against the table
(core/settings.py) once, before any work, and Pelican's settings made from them and from the fixed
ones below, which the portal never changes."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

from disclosure.core.settings import SETTINGS, PortalSettings, SettingsError, near_misses

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
        raise SettingsError((f"设置文件 {path} 无法运行：{_python_error(error)}",)) from None
    try:
        portal = PortalSettings.from_values(given)
    except SettingsError as error:  # a misspelt name often explains a missing or default value
        raise SettingsError(error.problems + _warnings(given)) from None
    portal_values = {setting.name: portal.value_of(setting) for setting in SETTINGS}
    folders = {name: _beside(path, portal_values[name]) for name in ("PATH", "THEME")}
    missing = tuple(f"设置 {name} 的目录“{folder}”不存在（相对路径从设置文件所在目录算起）"
                    for name, folder in folders.items() if not os.path.isdir(folder))
    if missing:
        raise SettingsError(missing)
    # Without a path, Pelican does not run the file again: it was read once, above.
    pelican = read_settings(None, override={**given, **portal_values, **folders, **copy.deepcopy(FIXED)})
    return LoadedSettings(portal, pelican, _warnings(given))


def _beside(settings_path: Path, folder: str) -> str:
    """A relative folder is the settings file's neighbour, as Pelican has it."""
    return os.path.abspath(os.path.join(os.path.dirname(settings_path), folder))


def _warnings(given: Mapping[str, object]) -> tuple[str, ...]:
    fixed = tuple(f"设置 {name} 由程序固定，设置文件中的值不起作用" for name in sorted(given)
                  if name in FIXED and given[name] != FIXED[name])
    return fixed + near_misses(given, (*DEFAULT_CONFIG, *FIXED))


def _python_error(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"第 {error.lineno} 行有语法错误（{error.msg}）"
    return f"{type(error).__name__}: {error}"
