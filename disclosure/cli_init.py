"""publish.py init: a real portal's own folder, apart from the shipped sample.

The program's folder holds the sample (data/ with five invented agencies, its settings, its ledger once built).
A real portal lives in a folder of its own, which the commands use when run inside it (cli_arguments.portal_root):
its settings file to fill, its hand-written pages, an empty data folder with one folder per agency and that
agency's 机关信息 template, and a fresh ledger. Nothing in it points back at the sample's data, caches or output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from disclosure.build import LEDGER_NAME
from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.core.settings import SETTINGS
from disclosure.report.excel_templates import write_template
from disclosure.rules import ledger
from disclosure.runtime.failures import Failure
from disclosure.runtime.paths import within

SETTINGS_FILE = "pelicanconf.py"
DATA = "data"
CONTENT = "content"
FOLDER_NOTE = "门户目录说明.txt"
_FORBIDDEN_IN_NAMES = '/\\:*?"<>|'


class InitRefused(Failure):
    before_any_work = True


def refuse(target: Path, project_dir: Path, agencies: tuple[str, ...]) -> None:
    """Before anything is written: a folder that holds something, or lies inside the sample's folders."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitRefused(f"{target} 已经存在且不是空文件夹：新门户要建在一个新的（或空的）文件夹中，"
                          "以免与已有的数据、台账混在一起。请换一个文件夹名后重新运行。未做任何处理。")
    for name in ("data", "build", ".cache", "reports", "content", "theme"):
        if within(target, project_dir / name):
            raise InitRefused(f"{target} 在程序自带的 {project_dir / name} 之中：正式门户要与样例分开存放。"
                              "请在程序目录以外新建，例如 /srv/zfgs-portal。未做任何处理。")
    for name in agencies:
        if not name.strip() or name.startswith(".") or any(char in name for char in _FORBIDDEN_IN_NAMES):
            raise InitRefused(f"单位文件夹名“{name}”不能用：不能为空、不能以“.”开头，不能含 {_FORBIDDEN_IN_NAMES} "
                              "这些字符。请写单位的简称，如“示范县司法局”。未做任何处理。")


def create(target: Path, project_dir: Path, agencies: tuple[str, ...]) -> list[str]:
    """The new portal folder; what was made, one line each, for the webmaster."""
    refuse(target, project_dir, agencies)
    data = target / DATA
    data.mkdir(parents=True, exist_ok=True)
    (target / SETTINGS_FILE).write_text(settings_text(project_dir), encoding="utf-8")
    shutil.copytree(project_dir / CONTENT, target / CONTENT)
    for name in agencies:
        write_template(KINDS_BY_NAME["agency"], data / name / f"{KINDS_BY_NAME['agency'].sheet_name}.xlsx")
    ledger.create(data / LEDGER_NAME)
    (target / FOLDER_NOTE).write_text(FOLDER_NOTE_TEXT, encoding="utf-8")
    made = [f"设置文件（请填写）：{target / SETTINGS_FILE}",
            f"数据目录：{data}" + (f"，其中 {len(agencies)} 个单位的文件夹各有一份机关信息模板" if agencies else ""),
            f"台账（全新、空白）：{data / LEDGER_NAME}",
            f"网站的手写页面（关于本平台、联系我们等，可修改）：{target / CONTENT}"]
    return made


def next_steps(target: Path) -> list[str]:
    program = _program()
    return [f"1. 打开 {target / SETTINGS_FILE}，填写标有“请填写”的设置；",
            f"2. 把各单位的工作簿放进 {target / DATA} 下各单位的文件夹（模板：{program} template all --output 模板目录）；",
            f"3. 进入门户目录后检查、构建：cd {target} && {program} check && {program} build；",
            "   以后的每条命令都在这个目录中运行，它们就使用这里的设置、数据和台账。"]


def _program() -> str:
    """The command as the webmaster typed it: publish.py through its Python, or the installed publish."""
    invoked = Path(sys.argv[0])
    if invoked.name == "publish.py":
        return f"{sys.executable} {invoked.resolve()}"
    return "publish"


def settings_text(project_dir: Path) -> str:
    lines = [
        '"""本门户的设置文件（由 publish.py init 生成）。',
        "",
        "标有“请填写”的设置必须填写，否则检查和构建都会停下并指出是哪一行；其余设置取默认值。",
        "在门户目录中运行 publish.py settings 列出全部设置：说明、可选的值、默认值和当前值。",
        '"""',
        "",
    ]
    for setting in SETTINGS:
        if setting.required:
            lines += [f"# 请填写：{setting.help}（应为{setting.kind.describe()}）", f'{setting.name} = ""', ""]
    lines += [
        "# ---- 以下各项可以不写，取默认值（公示规则的数额、期限默认按国家规定）；要改时去掉行首的 # 再改 ----",
        "",
        *_optional_lines(),
        "# 网站的手写页面所在目录（相对本文件）",
        f'PATH = "{CONTENT}"',
        "# 网页模板和样式：用程序自带的，升级程序时随之更新",
        f"THEME = {str(project_dir / 'theme')!r}",
        "",
    ]
    return "\n".join(lines)


def _optional_lines() -> list[str]:
    """Every other setting of the table, commented out at its default, with its help: what there is to change."""
    lines: list[str] = []
    for setting in SETTINGS:
        if setting.required or setting.name in _WRITTEN_BELOW:
            continue
        lines += [f"# {setting.help}（应为{setting.kind.describe()}）", f"# {setting.name} = {setting.default!r}", ""]
    return lines


_WRITTEN_BELOW = ("PATH", "THEME")  # given their own lines in settings_text

FOLDER_NOTE_TEXT = """这是一个行政执法公示平台的门户目录（由 publish.py init 生成）。

pelicanconf.py   本门户的设置
content/         网站的手写页面（关于本平台、联系我们、公示说明、无障碍声明），可以修改
data/            各单位报送的工作簿，一个单位一个文件夹
data/.ledger.sqlite  公示台账：记着每条信息何时公示、何时撤回。不要删除，不要用复制文件的办法备份，
                 请用 publish.py ledger backup 备份文件
build/           生成的网站（构建时生成，不用备份）
.cache/          缓存（可以删除，下次构建会重建）
reports/         给填报人员的检查报告和标了颜色的工作簿副本

所有命令都在本目录中运行。要备份的是 pelicanconf.py、content/、data/ 和台账的备份文件。
"""
