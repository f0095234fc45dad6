"""Publish.py: the one entry point for clerks and webmasters."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import functools
import http.server
import json
import sys
from dataclasses import asdict
from pathlib import Path

from disclosure import build as build_module
from disclosure import cli_failures as failures
from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.core.settings import SETTINGS
from disclosure.deploy import release as deploy
from disclosure.deploy.plan import DEFAULT_KEEP, DeployError
from disclosure.deploy.remote import default_ssh
from disclosure.public.states import STATE_LABELS
from disclosure.report import excel_templates as templates
from disclosure.report import files as report_files
from disclosure.report.console import format_report
from disclosure.rules import ledger
from disclosure.runtime.failures import Failure, describe_os_error
from disclosure.runtime.output import MANIFEST
from disclosure.runtime.progress import Progress
from disclosure.search import index as search
from disclosure.site.settings_file import LoadedSettings, read_settings_file

PROJECT_DIR = Path(__file__).resolve().parent.parent

# argparse speaks English through gettext; clerks read Chinese.
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "子命令",
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish.py", description="行政执法公示平台：检查各单位报送的 Excel 工作簿，按公示规则生成静态网站。")
    commands = parser.add_subparsers(dest="command", required=True, metavar="子命令")

    def command(name: str, help_text: str, writes: bool) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", type=Path, default=PROJECT_DIR / "data", metavar="目录",
                         help="各单位数据所在目录，每个单位一个子文件夹（默认 data/）")
        sub.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="按哪一天执行公示规则（默认今天；指定日期可重现某天的构建）")
        sub.add_argument("--settings", type=Path, default=PROJECT_DIR / "pelicanconf.py", metavar="文件",
                         help="设置文件（默认 pelicanconf.py）")
        sub.add_argument("--cache", type=Path, default=PROJECT_DIR / ".cache", metavar="目录",
                         help="缓存目录，含原始数据，切勿部署（默认 .cache/）")
        sub.add_argument("--ledger", type=Path, default=None, metavar="文件",
                         help="公示台账（SQLite）的位置（默认为数据目录中的 .ledger.sqlite）；请定期备份")
        sub.add_argument("--reports", type=Path, default=PROJECT_DIR / "reports", metavar="目录",
                         help="检查报告和标了颜色的工作簿副本写到这里（默认 reports/）；含原始数据，切勿部署")
        if writes:
            sub.add_argument("--output", type=Path, default=PROJECT_DIR / "build", metavar="目录",
                             help="网站输出目录（默认 build/）")
        return sub

    command("check", "检查数据并打印问题报告；有错误（有记录不能公示）时退出码为 1", writes=False)
    build = command("build", "检查数据、执行公示规则并生成网站；有错误的记录暂不公示，其余照常发布", writes=True)
    build.add_argument("--strict", action="store_true", help="严格模式：数据有任何错误即不生成网站，退出码为 1")
    preview = command("preview", "先增量构建，再在本机启动预览服务器浏览生成的网站", writes=True)
    preview.add_argument("--port", type=_port, default=8000, help="预览端口（默认 8000）")
    preview.add_argument("--no-build", action="store_true", help="不构建，直接预览现有的输出目录")
    history = command("history", "查看一条记录的公示历史：首次公示、更正、撤回、公示期满", writes=False)
    history.add_argument("key", metavar="编号", help="文书号、执法证号或事项编码，如 朔城科罚〔2024〕12号")
    ledger_command = command("ledger", "公示台账：导出全部公示事件", writes=False)
    ledger_command.add_argument("action", choices=["export"], metavar="操作", help="export：导出为 CSV")
    ledger_command.add_argument("-o", "--output", type=Path, required=True, metavar="文件", help="导出的 CSV 文件")
    _add_search(command("search", "在已公示的信息中查询：文书号、统一社会信用代码、执法证号、事项编码、名称或关键词",
                        writes=False))
    _add_template(commands)
    _add_deploy(commands)
    _add_settings(commands)
    return parser


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


def _add_deploy(commands) -> None:
    deploy_help = "把构建好的网站部署到网站目录（本机目录或 用户@主机:/路径），部署前后按 manifest.json 核对每个文件"
    deploy_command = commands.add_parser("deploy", help=deploy_help, description=deploy_help)
    deploy_command.add_argument("dest", metavar="目标",
                                help="本机目录（如 /srv/zfgs，网站服务器指向其中的 current），或经 SSH 用 rsync 上传的 用户@主机:/路径")
    deploy_command.add_argument("--output", type=Path, default=PROJECT_DIR / "build", metavar="目录",
                                help="要部署的构建目录（默认 build/）")
    deploy_command.add_argument("--dry-run", action="store_true",
                                help="只列出将新增、更新、删除的文件和新撤回或期满的记录，不做任何改动")
    deploy_command.add_argument("--rollback", action="store_true", help="把本机目录的 current 切换回上一个版本")
    deploy_command.add_argument("--keep", type=_positive, default=DEFAULT_KEEP, metavar="N",
                                help=f"本机目录保留最近几个版本（默认 {DEFAULT_KEEP}；当前和上一个版本总会保留）")
    deploy_command.add_argument("--strict", action="store_true", help="严格模式：构建时数据有错误（有记录未公示）则拒绝部署")
    deploy_command.add_argument("--ssh", default=default_ssh(), metavar="命令",
                                help="远程部署使用的 ssh 命令及选项，如 \"ssh -p 2222 -i ~/.ssh/zfgs\"（默认取环境变量 RSYNC_RSH，否则 ssh）")


def _add_settings(commands) -> None:
    settings_help = "列出全部设置：说明、可选的值、默认值和设置文件中的当前值；设置有误时指出哪一项"
    settings = commands.add_parser("settings", help=settings_help, description=settings_help)
    settings.add_argument("--settings", type=Path, default=PROJECT_DIR / "pelicanconf.py", metavar="文件",
                          help="设置文件（默认 pelicanconf.py）")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口“{text}”无效，应为 1 到 65535 之间的整数，如 8000")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数")
    return int(text)


def _options(args: argparse.Namespace) -> build_module.Options:
    output = getattr(args, "output", PROJECT_DIR / "build")
    return build_module.Options(args.data, output, args.cache, args.settings, args.as_of,
                                getattr(args, "strict", False), args.ledger)


def _settings(args: argparse.Namespace) -> LoadedSettings:
    """Read and checked before any work: a wrong setting stops the command (SettingsError, caught in main)."""
    settings = read_settings_file(args.settings)
    for warning in settings.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return settings


def run_check(args, progress: Progress) -> int:
    settings = _settings(args)
    outcome = build_module.check(_options(args), settings.portal, progress)
    print(format_report(outcome.report, len(outcome.checked.sources), len(outcome.checked.records)))
    _write_report_files(args, outcome, progress)
    return 1 if outcome.report.blocks_publication else 0


def _write_report_files(args, outcome: build_module.CheckOutcome, progress: Progress) -> None:
    output = getattr(args, "output", None)
    if output is not None and args.reports.resolve().is_relative_to(output.resolve()):
        print(f"检查报告含原始数据，不能写在网站输出目录中：请用 --reports 指定 {args.output} 以外的目录。", file=sys.stderr)
        return
    with progress.stage("写出检查报告", 1) as advance:
        files = report_files.write(args.reports, outcome.report, outcome.checked.sources,
                                   len(outcome.checked.records), args.as_of)
        advance(1)
    line = f"详细报告：{files.html}"
    if files.copies:
        line += f"；标了颜色的工作簿副本 {len(files.copies)} 个，在 {files.folder / report_files.ANNOTATED_DIR}"
    print(line)


def run_build(args, progress: Progress) -> int:
    settings = _settings(args)
    outcome = build_module.build(_options(args), settings, progress)
    checked, report = outcome.check.checked, outcome.check.report
    published = len(outcome.check.decisions.publications) if outcome.built else None
    print(format_report(report, len(checked.sources), len(checked.records), published))
    _write_report_files(args, outcome.check, progress)
    if not outcome.built:
        print("严格模式：数据有错误，未生成网站。")
        return 1
    print(f"网站已生成到 {args.output}：共 {outcome.pages_total} 个页面，本次重新生成 {outcome.pages_rendered} 个，"
          f"写入 {outcome.files_written} 个文件，删除 {outcome.files_removed} 个。")
    return 0


def run_preview(args, progress: Progress) -> int:
    if not args.no_build and run_build(args, progress) != 0:
        return 1
    if not (args.output / MANIFEST).is_file():
        print(f"输出目录 {args.output} 中没有完整的网站，请先运行 publish.py build。", file=sys.stderr)
        return 1
    handler = functools.partial(_QuietHandler, directory=str(args.output))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        print(_port_failure(args.port, error), file=sys.stderr)
        return 2
    with server:
        print(f"预览地址：http://127.0.0.1:{args.port}/  （按 Ctrl+C 停止）", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\n预览已停止。")
    return 0


def _port_failure(port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用，请用 --port 指定其他端口（如 --port {port + 1 if port < 65535 else 8000}）或关闭占用它的程序。"
    if error.errno == errno.EACCES:
        return f"没有权限使用端口 {port}（1024 以下的端口要管理员权限）：请用 --port 指定 1024 以上的端口，如 --port 8000。"
    return f"无法在端口 {port} 上启动预览服务器：{describe_os_error(error)}"


def run_template(args, progress: Progress) -> int:
    if args.kind == "all":
        written = templates.write_all(args.output)
    else:
        path = args.output
        if path.suffix.lower() != ".xlsx":  # without it Excel does not open the file on a double click
            path = path.with_name(path.name + ".xlsx")
        written = [templates.write_template(KINDS_BY_NAME[args.kind], path)]
    for path in written:
        print(f"已生成模板：{path}")
    return 0


def _existing_ledger(args) -> Path:
    """history and ledger export only read: a ledger that is not there is a wrong path or no build yet."""
    path = _options(args).ledger
    if not path.exists():
        raise Failure(f"找不到台账文件 {path}：还没有成功构建过，或 --data / --ledger 指定的位置不对。")
    return path


def run_history(args, progress: Progress) -> int:
    found = ledger.history(_existing_ledger(args), normalize_identifier(args.key))
    if not found:
        print(f"台账中没有编号为“{args.key}”的记录（尚未公示过，或编号有误）。")
        return 1
    for record, events in found:
        print(f"{record.key}（{KINDS_BY_NAME[record.kind].title}，机关代码 {record.agency}）当前状态："
              f"{STATE_LABELS[record.state]}")
        if record.deadline:
            timeliness = f"晚 {record.late_days} 天" if record.late_days else "按时"
            print(f"  公示期限 {record.deadline.isoformat()}，{timeliness}")
        for event in events:
            fields = f"：{'、'.join(event.fields)}" if event.fields else ""
            detail = f"（{event.detail}）" if event.detail else ""
            print(f"  {event.on_date.isoformat()}  {ledger.EVENT_LABELS[event.event]}{fields}{detail}")
    return 0


def run_ledger(args, progress: Progress) -> int:
    path = _existing_ledger(args)
    if args.output.is_dir():
        raise Failure(f"导出位置 {args.output} 是一个文件夹：请写上文件名，如 {args.output / '台账.csv'}。")
    if args.output.resolve() == path.resolve():
        raise Failure(f"导出文件 {args.output} 就是台账本身，导出会覆盖台账：请另写一个文件名，如 台账.csv。")
    rows = ledger.export_csv(path, args.output)
    print(f"已导出 {rows} 条公示事件到 {args.output}")
    return 0


def run_search(args, progress: Progress) -> int:
    try:
        results = search.search(_options(args).search_index, args.query, args.agency, args.kind, args.year, args.limit)
    except FileNotFoundError:
        print("还没有检索索引：请先运行 publish.py build（使用同一个 --cache 目录）。", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"query": args.query, "total": results.total, "hits": [asdict(hit) for hit in results.hits]},
                         ensure_ascii=False, indent=2))
        return 0 if results.total else 1
    if not results.total:
        print(f"没有找到与“{args.query}”相关的公示信息。可以换一个关键词，或只输入名称的一部分。")
        return 1
    print(f"找到 {results.total} 条，显示前 {len(results.hits)} 条：")
    for hit in results.hits:
        mark = "【编号完全匹配】" if hit.exact else ""
        print(f"{mark}{KINDS_BY_NAME[hit.kind].title}  {hit.title}  {hit.agency_name}  {hit.date}")
        if hit.summary:
            print(f"    {hit.summary}")
        print(f"    {hit.url}")
    return 0


def run_deploy(args, progress: Progress) -> int:
    target = deploy.parse_target(args.dest)
    try:
        if args.rollback:
            deploy.rollback(target, args.dry_run)
        else:
            deploy.deploy(args.output, target, args.strict, args.dry_run, args.keep, args.ssh)
    except DeployError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    return 0


def run_settings(args, progress: Progress) -> int:
    portal = _settings(args).portal
    print(f"设置文件：{args.settings}。其中没有写的设置取默认值；字典只需写要改的键。\n")
    for setting in SETTINGS:
        default = "无，必须设置" if setting.required else setting.kind.show(setting.kind.parse(setting.default))
        current = setting.kind.show(portal.value_of(setting))
        print(setting.name)
        print(f"    {setting.help}")
        print(f"    取值：{setting.kind.describe()}")
        print(f"    默认：{default}")
        print(f"    当前：{current}{'' if setting.required or current == default else '（已改）'}")
    return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass


COMMANDS = {"check": run_check, "build": run_build, "preview": run_preview, "history": run_history,
            "ledger": run_ledger, "template": run_template, "search": run_search, "deploy": run_deploy,
            "settings": run_settings}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = Progress()
    with failures.warnings_to(failures.cache_of(args, PROJECT_DIR) / "warnings.log"):
        try:
            return COMMANDS[args.command](args, progress)
        except KeyboardInterrupt:
            failures.say_interrupted(args)
            return 130
        except Exception as error:  # noqa: BLE001 - a clerk must never see a traceback; the webmaster gets it in a file
            failures.say_failure(args, error, PROJECT_DIR)
            return 2
