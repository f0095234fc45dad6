"""What Pelican logs and Jinja raises when a page of content/ or a template of theme/ is wrong, said in Chinese
with the file (and the line, where known) and what to do. The English originals go to the webmaster's log file."""

from __future__ import annotations

import logging
import os
import re
import traceback

import jinja2

_SEE_LOG = "（详细的原始信息见日志文件）"
_STATUSES = "published、hidden 或 draft"


def log_line(record: logging.LogRecord, error: BaseException | None, content_dir: str) -> str:
    """One of Pelican's error lines; `error` is the exception being handled when it logged (Pelican often
    leaves it out of the line)."""
    template, args = record.msg, record.args if isinstance(record.args, tuple) else ()
    if template == "Could not process %s" and args:
        return f"内容页 {_in_content(args[0], content_dir)} 无法读取：{_reading_error(error)}"
    if template.startswith("Skipping %s: could not find information about") and len(args) == 2:
        field = str(args[1]).capitalize()
        return f"内容页 {args[0]} 缺少“{field}:”一行（写在文件开头，如 {field}: 关于本平台），未能生成"
    if template.startswith("Skipping %s: file %r would be written outside") and len(args) == 2:
        return f"内容页 {args[0]} 要保存到输出目录之外（{args[1]}），未能生成：请改正其中的 Slug: 或 Save_as: 一行"
    if template.startswith("Unknown status") and len(args) >= 2:
        return f"内容页 {args[1]} 的 Status:“{args[0]}”无效，应为 {_STATUSES}"
    return f"Pelican 报告了一个错误{_SEE_LOG}"


def _in_content(path: object, content_dir: str) -> str:
    return os.path.normpath(os.path.join(content_dir, str(path)))


def _reading_error(error: BaseException | None) -> str:
    text = str(error) if error is not None else ""
    date = re.fullmatch(r"'(.*)' is not a valid date", text)
    if date:
        return f"日期“{date.group(1)}”无法识别，请写成 2024-03-05 或 2024-03-05 10:20"
    if isinstance(error, UnicodeDecodeError):
        return "文件不是 UTF-8 编码的文本，请用文本编辑器另存为 UTF-8 编码"
    if isinstance(error, OSError):
        return "文件无法打开，请检查它的读取权限"
    return f"内容格式有误{_SEE_LOG}"


_SYNTAX_HINTS = (
    (r"Unexpected end of template\. Jinja was looking for the following tags: .*The innermost block that needs to be "
     r"closed is '(.+?)'\.", "{{% {0} %}} 没有结束：模板结尾之前缺少 {{% end{0} %}}"),
    (r"unexpected end of template, expected '(.+?)'\.?", "语句没有结束：此处缺少“{0}”"),
    (r"no filter named '(.+?)'\.?", "没有名为“{0}”的过滤器（| 后面的名称），是否拼错？"),
    (r"no test named '(.+?)'\.?", "没有名为“{0}”的判断（is 后面的名称），是否拼错？"),
    (r"Encountered unknown tag '(.+?)'.*", "未知的标签“{0}”：是否拼错，或前面缺少与之配对的标签？"),
    (r"expected token '(.+?)', got '(.+?)'", "此处应为“{0}”，写的却是“{1}”"),
    (r"unexpected '(.+?)'", "此处不应出现“{0}”"),
    (r"unexpected char '(.+?)'.*", "此处不应出现字符“{0}”"),
)
# How Jinja names the tokens it expected or met.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "模板结尾"}


def template_error(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or "（未知模板）"
        return f"模板 {where} 第 {error.lineno} 行语法错误：{_hint(error.message or '')}"
    if isinstance(error, jinja2.TemplatesNotFound):
        return f"主题中缺少模板 {'、'.join(str(name) for name in error.templates)}：请从原来的 theme/templates/ 中复制回来"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"主题中缺少模板 {error.name}：请从原来的 theme/templates/ 中复制回来"
    where = _template_line(error)
    text = error.message or ""
    undefined = re.fullmatch(r"'(.+?)' is undefined", text)
    if undefined:
        return f"模板{where}用到了不存在的名称 {undefined.group(1)}：是否拼错？"
    attribute = re.fullmatch(r"'(.+?)' (?:object )?has no attribute '(.+?)'", text)
    if attribute:
        return f"模板{where}用到了 {attribute.group(1)} 中不存在的 {attribute.group(2)}：是否拼错？"
    return f"模板{where}出错{_SEE_LOG}"


def _hint(message: str) -> str:
    for pattern, hint in _SYNTAX_HINTS:
        found = re.fullmatch(pattern, message, re.DOTALL | re.IGNORECASE)
        if found:
            return hint.format(*(_TOKENS.get(token, token) for token in found.groups()))
    return f"请对照原来的模板检查这一行{_SEE_LOG}"


def _template_line(error: BaseException) -> str:
    """Jinja puts the template's own file and line into the traceback."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith((".html", ".xml"))]
    if not frames:
        return ""
    return f" {frames[-1].filename} 第 {frames[-1].lineno} 行"


def original(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))
