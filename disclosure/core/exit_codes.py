"""publish.py's exit codes, one table: what each number means, in the webmaster's words, and what to do.

cli.py returns these, `publish.py --help` shows them, tools/manuals.py writes them into the manual (part exit-codes), and the daily
run (deploy/daily.py) deploys after a build that ended in one of PUBLISHED. A cron job or a systemd timer reads
only the number: it must say the same thing for every command.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ATTENTION = 1  # done, but something needs a look: records held back, errors found, nothing found
    REFUSED = 2  # not done, nothing changed that matters: refused, a wrong setting, a failure of the program or machine
    BUSY = 3  # --no-wait, and another build, check or deploy holds the lock
    INTERRUPTED = 130  # Ctrl+C (128 + SIGINT), as the shell reports it
    OUTPUT_CLOSED = 128 + signal.SIGPIPE  # 141: whoever read the output stopped (`| head`), as the shell reports it


# The build's codes after which its site is complete and recorded in the ledger: a daily run deploys it.
PUBLISHED = (ExitCode.OK, ExitCode.ATTENTION)


@dataclass(frozen=True)
class Meaning:
    code: ExitCode
    said: str  # what it means, in Chinese
    todo: str  # what the webmaster does about it, in Chinese


MEANINGS = (
    Meaning(ExitCode.OK, "完成，没有需要处理的问题：build 已生成网站并记入台账（全部记录都已公示）；deploy 已部署并核对无误",
            "无需处理。"),
    Meaning(ExitCode.ATTENTION, "完成，但有问题要看：build 已生成网站并记入台账，有记录因数据错误暂不公示（其余照常发布，"
                                "可以部署）；check 发现了错误；search、history 没有找到",
            "看检查报告（reports/ 中的 HTML 报告），请报送单位改正工作簿中标出的错误，下一次构建即公示。"),
    Meaning(ExitCode.REFUSED, "没有完成，被拒绝或出错：设置有误、严格模式下数据有错误、日期不被接受、部署核对不通过、"
                              "程序或机器出错；没有生成可部署的新网站，正在提供的网站没有变",
            "看命令打印的中文说明（错误输出），按说明改正后重新运行；“程序内部出错”时把说明中的日志文件交给技术支持。"),
    Meaning(ExitCode.BUSY, "没有运行：加了 --no-wait，而另一个构建、检查或部署正在使用同一台账、缓存或输出目录",
            "等那个进程结束后重新运行；每日任务不加 --no-wait，会自动等待。"),
    Meaning(ExitCode.INTERRUPTED, "被中止（Ctrl+C 或停止服务），没有做完",
            "重新运行即可；输出目录未标记为完整的构建不会被部署。"),
    Meaning(ExitCode.OUTPUT_CLOSED, "输出被关闭（如接了 | head）：只读的命令（search 等）安静地结束；build 等写文件的命令这时返回 2，并说明输出目录是否可以部署",
            "无需处理；要看完整结果，不接管道重新运行。"),
)


def table_lines() -> list[str]:
    """For `publish.py --help`: one line per code."""
    return [f"  {meaning.code.value:>3}  {meaning.said}" for meaning in MEANINGS]
