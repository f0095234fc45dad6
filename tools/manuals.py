#!/usr/bin/env python3
"""Writes the parts of the Chinese manuals in docs/ that the code's own tables already say: the columns of each
sheet kind (as the templates' 填写说明 sheet states them), the problem catalogue, the cross-field checks, the
columns never published or masked, the settings the publication rules read, and every setting. Hand-written text around them
stays as it is; a test fails when a committed manual differs from what this writes.

    python -m tools.manuals           # rewrite the generated parts of docs/*.md
    python -m tools.manuals --check   # exit 1, naming the files, when any generated part is out of date

A generated part lies between two HTML comments, which Markdown does not show:
    <!-- 生成开始：NAME … -->  …  <!-- 生成结束：NAME -->
"""

from __future__ import annotations

import re
import string
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

from disclosure.core import exit_codes
from disclosure.core.cross_checks import CROSS_CHECKS
from disclosure.core.kinds import INSTRUCTIONS_SHEET, KINDS, KINDS_BY_NAME, SheetKind
from disclosure.core.problem_catalogue import CATALOGUE
from disclosure.core.settings import SETTINGS_BY_NAME, Setting
from disclosure.report.excel_templates import INSTRUCTIONS_HEADER, write_template

DOCS = Path(__file__).resolve().parent.parent / "docs"
_REGION = re.compile(r"(<!-- 生成开始：(?P<name>[\w-]+)[^\n]*-->\n)(?P<body>.*?)(<!-- 生成结束：(?P=name) -->)", re.S)
# A setting is named in a manual as `NAME` (the settings file's spelling).
SETTING_NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")


def _cell(text: object) -> str:
    """A value as one Markdown table cell: no line break, no bare pipe."""
    return " ".join(str(text or "").split()).replace("|", "\\|") or "—"


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def exit_codes_table() -> str:
    return _table(("退出码", "含义", "怎么办"), [(str(meaning.code.value), meaning.said, meaning.todo)
                                            for meaning in exit_codes.MEANINGS])


# ---- the sheet kinds: what the template's 填写说明 says ---------------------------------------------

def _instructions_rows(kind: SheetKind, folder: Path) -> list[tuple[object, ...]]:
    """The column table of the kind's template, read back from the template itself: the manual says what the
    clerk's own template says, in its words."""
    workbook = openpyxl.load_workbook(write_template(kind, folder / f"{kind.name}.xlsx"), read_only=True)
    try:
        rows = list(workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    start = next(index for index, row in enumerate(rows) if tuple(row[:len(INSTRUCTIONS_HEADER)]) == INSTRUCTIONS_HEADER)
    return [row[:len(INSTRUCTIONS_HEADER)] for row in rows[start + 1:] if row and row[0]]


def _also_read(kind: SheetKind) -> list[str]:
    """The other spellings the reader takes: headers, and short forms of a choice."""
    lines = []
    for column in kind.columns:
        if column.synonyms:
            lines.append(f"- “{column.label}”也可以写作：{'、'.join(f'“{s}”' for s in column.synonyms)}")
    for column in kind.columns:
        if column.choice_synonyms:
            shorts = "、".join(f"“{short}”即“{choice}”" for short, choice in column.choice_synonyms)
            lines.append(f"- “{column.label}”中可以简写：{shorts}")
    return lines


def kinds_overview() -> str:
    rows = [(kind.sheet_name, kind.title, "只填一行（本单位自己）" if kind.one_per_agency else "一行一条",
             f"`{kind.name}`") for kind in KINDS]
    return _table(("工作表名称（模板文件名）", "在网站上公示为", "行数", "模板代号"), rows)


def kinds_columns() -> str:
    parts = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in KINDS:
            rows = "本表只填一行：本单位自己的信息。" if kind.one_per_agency else "从第 2 行起一行填一条。"
            parts.append(f"### {kind.sheet_name}\n\n工作表名称：“{kind.sheet_name}”；在网站上公示为"
                         f"“{kind.title}”。{rows}\n\n" + _table(INSTRUCTIONS_HEADER, _instructions_rows(kind, Path(folder))))
            also = _also_read(kind)
            if also:
                parts.append("用自己的表格报送时，系统也认得以下写法：\n\n" + "\n".join(also) + "\n")
    return "\n".join(parts)


# ---- the problem catalogue ------------------------------------------------------------------------

# A particular a wording fills in is shown as ×× (a blank on a form); an optional clause is left out.
_LEFT_OUT = ("did-you-mean", "for-example")


def wording_shape(template: str) -> str:
    """A catalogue wording with its particulars as blanks: “××”是必填项，不能为空."""
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None and spec not in _LEFT_OUT:
            parts.append("××")
    return "".join(parts)


def problem_catalogue() -> str:
    rows = [(f"`{code}`", wording.severity.value, wording_shape(wording.message), wording_shape(wording.fix))
            for code, wording in CATALOGUE.items()]
    return _table(("代码", "严重程度", "问题", "怎么改"), rows)


# ---- the rules ------------------------------------------------------------------------------------

def cross_checks() -> str:
    rows = [(check.rule, "、".join(KINDS_BY_NAME[name].sheet_name for name in check.kinds),
             "、".join(severity.value for severity in check.severities),
             "、".join(f"`{code}`" for code in check.codes)) for check in CROSS_CHECKS]
    return _table(("规则", "适用的表", "不符时", "问题代码"), rows)


def private_columns() -> str:
    rows = []
    for kind in KINDS:
        never = "、".join(c.label for c in kind.columns if not c.public)
        masked = "；".join(f"{c.label}（{'、'.join(c.masked_for_party_types)}）" for c in kind.columns
                          if c.masked_for_party_types)
        if never or masked:
            rows.append((kind.sheet_name, never, masked))
    return _table(("工作表", "永不公示的列", "只显示姓氏加“某”的列（行政相对人类别为）"), rows)


def _setting_row(setting: Setting) -> tuple[object, ...]:
    default = "无，必须设置" if setting.required else setting.kind.show(setting.kind.parse(setting.default))
    return (f"`{setting.name}`", setting.help, setting.kind.describe(), f"`{default}`")


def settings_named(text: str) -> str:
    """The settings a manual's own text names, in the settings table's order, as `publish.py settings` states
    them: their help, the values they take, their default."""
    named = set(SETTING_NAME.findall(text))
    rows = [_setting_row(setting) for name, setting in SETTINGS_BY_NAME.items() if name in named]
    return _table(("设置", "说明", "取值", "默认值"), rows)


def settings_all() -> str:
    """Every setting, in the settings table's order, as `publish.py settings` states them."""
    return _table(("设置", "说明", "取值", "默认值"), [_setting_row(setting) for setting in SETTINGS_BY_NAME.values()])


# ---- the manuals ----------------------------------------------------------------------------------

Part = Callable[[str], str]  # the manual's hand-written text → the generated part's body
PARTS: dict[str, Part] = {
    "kinds-overview": lambda text: kinds_overview(),
    "kinds-columns": lambda text: kinds_columns(),
    "problem-catalogue": lambda text: problem_catalogue(),
    "cross-checks": lambda text: cross_checks(),
    "private-columns": lambda text: private_columns(),
    "settings": settings_named,
    "settings-all": lambda text: settings_all(),
    "exit-codes": lambda text: exit_codes_table(),
}


def hand_written(text: str) -> str:
    """A manual without its generated parts' bodies."""
    return _REGION.sub(lambda match: match.group(1) + match.group(4), text)


def regenerated(text: str) -> str:
    """The manual with every generated part as the tables make it now."""
    own = hand_written(text)

    def body(match: re.Match) -> str:
        name = match.group("name")
        if name not in PARTS:
            raise KeyError(f"{name}: no such generated part (tools/manuals.py PARTS)")
        return match.group(1) + "\n" + PARTS[name](own) + "\n" + match.group(4)

    return _REGION.sub(body, text)


def stale(docs: Path = DOCS) -> list[Path]:
    """The manuals whose generated parts differ from what the tables make now."""
    return [path for path in sorted(docs.glob("*.md")) if regenerated(path.read_text(encoding="utf-8"))
            != path.read_text(encoding="utf-8")]


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        out_of_date = stale()
        for path in out_of_date:
            print(f"{path.name} 中生成的部分与程序中的表格不一致：请运行 python -m tools.manuals", file=sys.stderr)
        return 1 if out_of_date else 0
    if argv:
        print("用法：python -m tools.manuals [--check]", file=sys.stderr)
        return 2
    for path in stale():
        path.write_text(regenerated(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"已更新 {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
