"""A wrong page of content/ or template of theme/ is told in Chinese, naming the file (and the line): Pelican's
and Jinja's English stays in the log file for the webmaster."""

from __future__ import annotations

import re
import shutil

import pytest

from disclosure.runtime.output import MANIFEST
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")


def site_with(space: Workspace, pages: dict[str, str] | None = None, template: tuple[str, str] | None = None):
    """A build whose content/ has these extra pages, or whose theme has one template's text changed."""
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    content, theme = space.root / "content", space.root / "theme"
    shutil.copytree(PROJECT / "content", content)
    shutil.copytree(PROJECT / "theme", theme)
    for name, text in (pages or {}).items():
        (content / name).write_text(text, encoding="utf-8")
    if template:
        name, change = template
        path = theme / "templates" / name
        if change == "delete":
            path.unlink()
        else:
            path.write_text(path.read_text(encoding="utf-8").replace("</body>", change + "</body>"), encoding="utf-8")
    settings = space.root / "settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(content)!r}\nTHEME = {str(theme)!r}\n", encoding="utf-8")
    return space.publish_subprocess("build", "--settings", str(settings)), content, theme


def test_broken_content_pages_are_each_named_with_what_is_wrong(workspace):
    result, content, _ = site_with(workspace, {
        "untitled.md": "这一页没有标题行。\n",
        "dated.md": "Title: 说明\nDate: 去年春天\n\n正文\n",
        "status.md": "Title: 说明\nStatus: secret\n\n正文\n"})
    assert result.returncode == 2
    error = result.stderr
    assert f"内容页 {content / 'untitled.md'} 缺少“Title:”一行（写在文件开头，如 Title: 关于本平台），未能生成" in error
    assert f"内容页 {content / 'dated.md'} 无法读取：日期“去年春天”无法识别，请写成 2024-03-05" in error
    assert f"内容页 {content / 'status.md'} 的 Status:“secret”无效，应为 published、hidden 或 draft" in error
    assert not ENGLISH_SENTENCE.search(error), error
    log = (workspace.root / ".cache" / "last-error.log").read_text(encoding="utf-8")
    assert "could not find information about 'title'" in log and "Could not process" in log
    assert not (workspace.output / MANIFEST).exists()


@pytest.mark.parametrize(("template", "expected"), [
    (("base.html", "{% for item in items %}"), "模板 {theme}/templates/base.html 第 {line} 行语法错误：{{% for %}} 没有结束"),
    (("base.html", "{{ SITENAME | shout }}"), "模板 {theme}/templates/base.html 第 {line} 行语法错误：没有名为“shout”的过滤器"),
    (("base.html", "{{ portal_owner.name }}"), "模板 {theme}/templates/base.html 第 {line} 行用到了不存在的名称 portal_owner"),
    (("record.html", "delete"), "主题中缺少模板 record-penalties.html、record.html：请从原来的 theme/templates/ 中复制回来"),
], ids=["unclosed-block", "unknown-filter", "undefined-name", "missing-template"])
def test_a_broken_template_is_named_with_its_line(workspace, template, expected):
    result, _, theme = site_with(workspace, template=template)
    assert result.returncode == 2
    base = (theme / "templates" / "base.html").read_text(encoding="utf-8")
    line = next(number for number, text in enumerate(base.splitlines(), 1) if "</body>" in text)
    assert expected.format(theme=theme, line=line) in result.stderr, result.stderr
    assert "内部出错" not in result.stderr and not ENGLISH_SENTENCE.search(result.stderr), result.stderr
    assert "Traceback" in (workspace.root / ".cache" / "last-error.log").read_text(encoding="utf-8")
