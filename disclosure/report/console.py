"""The clerk's report on a terminal: grouped by file, each problem with its cell, the record it concerns
(陵示综执罚〔2026〕900号：…), what is wrong and how to fix it, then one summary line."""

from __future__ import annotations

from disclosure.core.problems import Report, Severity


def format_report(report: Report, files: int, records: int, published: int | None = None) -> str:
    lines = []
    for (agency, file), problems in report.by_file().items():
        lines.append(f"【{agency}】{file}" if file else f"【{agency}】")
        for problem in problems:
            where = " ".join(part for part in (problem.sheet and f"「{problem.sheet}」", problem.place) if part)
            written = f"（填写内容：{problem.value}）" if problem.value else ""
            record = f"{problem.record_label}：" if problem.record_label else ""
            lines.append(f"  {problem.severity.value}  {where}  {record}{problem.message}{written}")
            lines.append(f"        怎么改：{problem.fix}")
        lines.append("")
    lines.append(summary_line(report, files, records, published))
    return "\n".join(lines)


def summary_line(report: Report, files: int, records: int, published: int | None) -> str:
    counts = report.counts
    line = f"共检查 {files} 个文件，{records} 条记录通过检查；错误 {counts[Severity.ERROR]} 处，警告 {counts[Severity.WARNING]} 处。"
    if published is not None:
        line += f"本次公示 {published} 条。"
    if counts[Severity.ERROR]:
        line += "有错误的行未公示，请按上面的提示改正后重新运行。"
    return line
