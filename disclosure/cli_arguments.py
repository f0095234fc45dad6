"""publish.py's commands and options, in Chinese: argparse's own words translated, every option's help written
for the webmaster."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from disclosure import build as build_module
from disclosure.core import clock, exit_codes
from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.deploy.plan import DEFAULT_KEEP
from disclosure.deploy.remote import default_ssh
from disclosure.site.settings_file import INSTALLED_FILES

_CHECKOUT = Path(__file__).resolve().parent.parent
# Installed as a package (pip install ., make bundle) there is no publish.py beside the package, and no sample.
INSTALLED = not (_CHECKOUT / "publish.py").is_file()
# The program's own folder, with its theme/ and content/: the checkout (with the sample too), or installed, the
# copies pip put under the environment's share/disclosure (pyproject.toml, [tool.setuptools.data-files]).
PROJECT_DIR = INSTALLED_FILES if INSTALLED else _CHECKOUT
PORTAL_FILES = ("pelicanconf.py", "data")  # what makes a folder a portal's (publish.py init writes both)


def portal_root() -> Path:
    """Where the commands read and write by default: the current folder when it is a portal's (made by
    publish.py init: its settings file and data folder), else the program's own folder, with the sample;
    installed, where no sample is, the current folder all the same."""
    here = Path.cwd()
    if INSTALLED or ((here / PORTAL_FILES[0]).is_file() and (here / PORTAL_FILES[1]).is_dir()):
        return here
    return PROJECT_DIR


# argparse speaks English through gettext; clerks read Chinese.
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "此参数后面需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：出错：%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
}
argparse._ = lambda text: _ARGPARSE_CHINESE.get(text, text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，请写成 YYYY-MM-DD，例如 2024-03-05") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="publish.py", description="行政执法公示平台：检查各单位报送的 Excel 工作簿，按公示规则生成静态网站。",
        epilog="\n".join(["退出码（每个子命令相同；每日自动运行、cron 据此判断）：", *exit_codes.table_lines()]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(title="子命令", dest="command", required=True, metavar="子命令")
    root = portal_root()

    def command(name: str, help_text: str, writes: bool) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", type=Path, default=root / "data", metavar="目录",
                         help="各单位数据所在目录，每个单位一个子文件夹（默认 data/）")
        sub.add_argument("--as-of", type=_date, default=clock.today(), metavar="YYYY-MM-DD",
                         help="按哪一天执行公示规则（默认今天；指定日期可重现某天的构建）")
        sub.add_argument("--settings", type=Path, default=root / "pelicanconf.py", metavar="文件",
                         help="设置文件（默认 pelicanconf.py）")
        sub.add_argument("--cache", type=Path, default=root / ".cache", metavar="目录",
                         help="缓存目录，含原始数据，切勿部署（默认 .cache/）")
        sub.add_argument("--ledger", type=Path, default=None, metavar="文件",
                         help="公示台账（SQLite）的位置（默认为数据目录中的 .ledger.sqlite）；请定期备份")
        sub.add_argument("--reports", type=Path, default=root / "reports", metavar="目录",
                         help="检查报告和标了颜色的工作簿副本写到这里（默认 reports/）；含原始数据，切勿部署")
        if writes:
            sub.add_argument("--output", type=Path, default=root / "build", metavar="目录",
                             help="网站输出目录（默认 build/）")
        return sub

    _add_no_wait(command("check", "检查数据并打印问题报告；有错误（有记录不能公示）时退出码为 1", writes=False))
    build = command("build", "检查数据、执行公示规则并生成网站；有错误的记录暂不公示，其余照常发布（退出码 1）", writes=True)
    build.add_argument("--strict", action="store_true", help="严格模式：数据有任何错误即不生成网站，退出码为 2")
    _add_dated_build(build)
    _add_quiet(build)
    preview = command("preview", "先增量构建，再在本机启动预览服务器浏览生成的网站", writes=True)
    _add_dated_build(preview)
    preview.add_argument("--port", type=_port, default=8000, help="预览端口（默认 8000）")
    preview.add_argument("--bind", default="127.0.0.1", metavar="地址",
                         help="预览服务器监听的地址（默认 127.0.0.1，只有本机能看）；写本机的局域网地址或 0.0.0.0，"
                              "同一局域网的同事也能看。预览只供内部查看，不要对外网开放")
    preview.add_argument("--no-build", action="store_true", help="不构建，直接预览现有的输出目录")
    history = command("history", "查看一条记录的公示历史：首次公示、更正、撤回、公示期满", writes=False)
    history.add_argument("key", metavar="编号", help="文书号、执法证号或事项编码，如 朔城科罚〔2024〕12号")
    _add_ledger(command("ledger", "公示台账：导出全部公示事件、备份、从备份恢复", writes=False))
    _add_search(command("search", "在已公示的信息中查询：文书号、统一社会信用代码、执法证号、事项编码、名称或关键词",
                        writes=False))
    _add_template(commands)
    _add_deploy(commands, root)
    _add_daily_files(commands, root)
    _add_settings(commands, root)
    _add_init(commands)
    return top


def _add_ledger(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("action", choices=["export", "backup", "restore"], metavar="操作",
                     help="export：导出为 CSV（用 -o 指定文件）；backup 文件：备份台账，构建进行中也可以；"
                          "restore 文件：用备份替换现有台账")
    sub.add_argument("file", type=Path, nargs="?", metavar="文件", help="backup 写出的备份文件，或 restore 读取的备份文件")
    sub.add_argument("-o", "--output", type=Path, metavar="文件", help="export 导出的 CSV 文件")
    sub.add_argument("--yes", action="store_true",
                     help="restore：确认替换现有台账（不加时只说明恢复会丢失什么，不做任何改动）")
    _add_no_wait(sub)


def _add_no_wait(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--no-wait", action="store_true",
                     help="同一数据、台账或输出目录上另一个构建、检查或部署正在进行时不等待，说明是哪个进程后退出（退出码 3）；"
                          "默认等它结束后再开始")


def _add_dated_build(sub: argparse.ArgumentParser) -> None:
    _add_no_wait(sub)
    sub.add_argument("--force-date", action="store_true",
                     help=f"允许 --as-of 晚于今天 {build_module.FUTURE_DAYS} 天以上（照常记入台账），或早于台账上次构建的日期："
                          "后者只是预演——按那天的规则生成网站供查看，不写台账，输出目录不标记为完整，不能部署")


def _add_search(search_command: argparse.ArgumentParser) -> None:
    search_command.add_argument("query", metavar="查询内容", help="如 朔城科罚〔2024〕12号、晋北商贸、无证经营")
    search_command.add_argument("--agency", default="", metavar="单位", help="只查这个单位（名称的一部分或统一社会信用代码）")
    search_command.add_argument("--kind", default="", choices=["", *KINDS_BY_NAME], metavar="类别",
                                help="只查这一类：" + " ".join(kind.name for kind in KINDS if kind.name != "agency"))
    search_command.add_argument("--year", default="", metavar="年份", help="只查这一年的决定，如 2024")
    search_command.add_argument("--limit", type=int, default=20, metavar="条数", help="最多显示多少条（默认 20）")
    search_command.add_argument("--json", action="store_true", help="以 JSON 输出，便于其他程序处理")


def _add_template(commands) -> None:
    template_help = "生成 Excel 填写模板：含下拉列表、填写提示和“填写说明”工作表"
    template = commands.add_parser("template", help=template_help, description=template_help)
    template.add_argument("kind", choices=[*KINDS_BY_NAME, "all"], metavar="表格",
                          help=" ".join(f"{kind.name}（{kind.sheet_name}）" for kind in KINDS) + " all（全部）")
    template.add_argument("-o", "--output", type=Path, required=True, metavar="文件或目录",
                          help="单个模板写到这个 .xlsx 文件；all 时写到这个目录，每类表格一个文件")


def _add_deploy(commands, root: Path) -> None:
    deploy_help = "把构建好的网站部署到网站目录（本机目录或 用户@主机:/路径），部署前后按 manifest.json 核对每个文件"
    deploy_command = commands.add_parser("deploy", help=deploy_help, description=deploy_help)
    deploy_command.add_argument("dest", metavar="目标",
                                help="本机目录（如 /srv/zfgs，网站服务器指向其中的 current），或经 SSH 用 rsync 上传的 用户@主机:/路径")
    deploy_command.add_argument("--output", type=Path, default=root / "build", metavar="目录",
                                help="要部署的构建目录（默认 build/）")
    deploy_command.add_argument("--data", type=Path, default=root / "data", metavar="目录",
                                help="数据目录（默认 data/）：本机网站目录不得与它重叠")
    deploy_command.add_argument("--ledger", type=Path, default=None, metavar="文件",
                                help="核对用的公示台账（默认为构建时使用的台账，记在构建的 deploy/build.json 中）：台账中已撤回或"
                                     "公示期满的记录，部署或回滚的版本若仍完整公开，即拒绝部署或回滚")
    deploy_command.add_argument("--dry-run", action="store_true",
                                help="只列出将新增、更新、删除的文件和新撤回或期满的记录（按文书号），以及会被拒绝的原因，不做任何改动")
    deploy_command.add_argument("--rollback", action="store_true", help="把本机目录的 current 切换回上一个版本")
    deploy_command.add_argument("--keep", type=_positive, default=DEFAULT_KEEP, metavar="N",
                                help=f"本机目录保留最近几个版本（默认 {DEFAULT_KEEP}；当前和上一个版本总会保留）")
    deploy_command.add_argument("--strict", action="store_true", help="严格模式：构建时数据有错误（有记录未公示）则拒绝部署")
    deploy_command.add_argument("--ssh", default=default_ssh(), metavar="命令",
                                help="远程部署使用的 ssh 命令及选项，如 \"ssh -p 2222 -i ~/.ssh/zfgs\"（默认取环境变量 RSYNC_RSH，否则 ssh）")
    _add_no_wait(deploy_command)
    _add_quiet(deploy_command)


def _add_quiet(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--quiet", action="store_true",
                     help="安静模式，供 cron 等定时任务使用：一切正常（退出码 0、没有任何问题）时什么也不打印；"
                          "否则照常打印报告和说明。出错信息总会打印")


def _add_daily_files(commands, root: Path) -> None:
    daily_help = ("生成每日自动构建和部署的 systemd 服务和定时器（及等效的 cron 行），写到指定目录："
                  "没有人上传也要每天运行，公示期满的记录才能当天撤下")
    daily = commands.add_parser("daily-files", help=daily_help, description=daily_help)
    daily.add_argument("folder", type=Path, metavar="目录",
                       help="生成的文件写到这个目录（不能在网站输出目录或网站目录中：文件里有本机的路径）")
    daily.add_argument("--deploy-to", required=True, metavar="目标", help="每天部署到哪里：本机网站目录如 /srv/zfgs，或 用户@主机:/路径")
    daily.add_argument("--time", default="02:30", metavar="HH:MM", help="每天几点运行（按本机时区，默认 02:30）")
    daily.add_argument("--user", default="zfgs", metavar="账号", help="运行它的系统账号（默认 zfgs；不要用 root）")
    for name, default, what in (("data", "data", "数据目录"), ("settings", "pelicanconf.py", "设置文件"),
                                ("cache", ".cache", "缓存目录"), ("reports", "reports", "检查报告目录"),
                                ("output", "build", "网站输出目录")):
        daily.add_argument(f"--{name}", type=Path, default=root / default, metavar="路径",
                           help=f"{what}（默认 {default}）")
    daily.add_argument("--ledger", type=Path, default=None, metavar="文件", help="公示台账（默认为数据目录中的 .ledger.sqlite）")
    daily.add_argument("--python", type=Path, default=None, metavar="文件",
                       help="运行 publish.py 的 Python（默认为现在运行它的这个，即虚拟环境中的 python）")


def _add_settings(commands, root: Path) -> None:
    settings_help = "列出全部设置：说明、可选的值、默认值和设置文件中的当前值；设置有误时指出哪一项"
    settings = commands.add_parser("settings", help=settings_help, description=settings_help)
    settings.add_argument("--settings", type=Path, default=root / "pelicanconf.py", metavar="文件",
                          help="设置文件（默认 pelicanconf.py）")


def _add_init(commands) -> None:
    init_help = "新建一个正式门户的目录：待填写的设置文件、空的数据目录（每个单位一个文件夹和机关信息模板）、全新的台账"
    init = commands.add_parser("init", help=init_help, description=init_help)
    init.add_argument("dir", type=Path, metavar="目录", help="新门户的目录，如 /srv/zfgs-portal（须不存在或为空）")
    init.add_argument("--agency", action="append", default=[], metavar="单位",
                      help="为这个单位建一个文件夹并放入机关信息模板；可写多次，每次一个单位，如 --agency 示范县司法局")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口“{text}”无效，应为 1 到 65535 之间的整数，如 8000")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数")
    return int(text)
