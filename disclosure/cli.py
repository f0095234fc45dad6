"""Publish.py: the one entry point for clerks and webmasters."""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import http.server
import io
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from http import HTTPStatus
from pathlib import Path

from disclosure import build as build_module
from disclosure import cli_arguments, cli_daily, cli_init
from disclosure import cli_failures as failures
from disclosure.core.exit_codes import PUBLISHED, ExitCode
from disclosure.core.identifiers import normalize_identifier
from disclosure.core.kinds import KINDS_BY_NAME
from disclosure.core.problems import Problem, details
from disclosure.core.settings import SETTINGS, placeholders
from disclosure.deploy import release as deploy
from disclosure.deploy.plan import DeployError
from disclosure.deploy.records import Ledger
from disclosure.public import addresses
from disclosure.public.states import STATE_LABELS
from disclosure.reading import data_folder
from disclosure.report import excel_templates as templates
from disclosure.report import files as report_files
from disclosure.report.console import format_report
from disclosure.rules import ledger, ledger_backup, sample_ledger
from disclosure.runtime import lock, paths
from disclosure.runtime.failures import Failure, describe_os_error
from disclosure.runtime.output import MANIFEST
from disclosure.runtime.progress import Progress
from disclosure.search import index as search
from disclosure.site.settings_file import LoadedSettings, read_settings_file

PROJECT_DIR = cli_arguments.PROJECT_DIR

def _options(args: argparse.Namespace) -> build_module.Options:
    output = getattr(args, "output", cli_arguments.portal_root() / "build")
    options = build_module.Options(args.data, output, args.cache, args.settings, args.as_of,
                                   getattr(args, "strict", False), args.ledger)
    paths.refuse_unsafe(args.data, args.cache, options.ledger, args.reports,
                        output if args.command in ("build", "preview") else None)
    return options


def _settings(args: argparse.Namespace) -> LoadedSettings:
    """Read and checked before any work: a wrong setting stops the command (SettingsError, caught in main)."""
    settings = read_settings_file(args.settings)
    for warning in settings.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return settings


def run_check(args, progress: Progress) -> int:
    options, settings = _options(args), _settings(args)  # a wrong setting stops it before it waits or locks
    return _exclusive(args, lock.for_data(options.ledger, options.cache_dir), lambda: _run_check(args, settings, progress))


def _run_check(args, settings: LoadedSettings, progress: Progress) -> int:
    _say_what_the_data_is(args, settings)
    outcome = build_module.check(_options(args), settings.portal, progress)
    args.attention = bool(outcome.report.problems)  # --quiet shows the report of any problem, warnings too
    print(format_report(outcome.report, len(outcome.checked.sources), len(outcome.checked.records)))
    _write_report_files(args, outcome, progress)
    return ExitCode.ATTENTION if outcome.report.blocks_publication else ExitCode.OK


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


def _exclusive(args, locks: list[Path], body: Callable[[], int]) -> int:
    """body() holding these locks (runtime/lock.py): after waiting for another command, or refused (BUSY) under --no-wait."""
    try:
        with lock.held(locks, args.command, wait=not args.no_wait):
            return body()
    except (lock.LockBusy, build_module.AsOfRefused) as error:
        print(str(error), file=sys.stderr)
        return ExitCode.BUSY if isinstance(error, lock.LockBusy) else ExitCode.REFUSED


def run_build(args, progress: Progress) -> int:
    options = replace(_options(args), force_date=args.force_date)
    locks = lock.for_data(options.ledger, options.cache_dir) + [lock.for_output(options.output_dir)]
    settings = _settings(args)
    return _exclusive(args, locks, lambda: _run_build(args, options, settings, progress))


def _say_what_the_data_is(args, settings: LoadedSettings) -> None:
    """The sample says its mistakes are deliberate; real data with the sample's placeholder settings is warned."""
    if note := data_folder.sample_note(args.data):
        print(note)
    if not sample_ledger.is_sample_data(args.data) and (held := placeholders(settings.portal)):
        # The webmaster's warning, not the clerks': it is in no agency's report and not in the report's counts.
        problem = Problem("sample-placeholder-settings", file=str(args.settings), details=details(settings=held))
        print(f"{problem.severity.value}（{problem.code}）：{problem.message}。{problem.fix}。", file=sys.stderr)


def _run_build(args, options: build_module.Options, settings: LoadedSettings, progress: Progress) -> int:
    _say_what_the_data_is(args, settings)
    outcome = build_module.build(options, settings, progress)
    checked, report = outcome.check.checked, outcome.check.report
    args.attention = bool(report.problems)  # --quiet shows the report of any problem, warnings too
    published = len(outcome.check.decisions.publications) if outcome.built else None
    print(format_report(report, len(checked.sources), len(checked.records), published))
    _write_report_files(args, outcome.check, progress)
    if not outcome.built:
        print("严格模式：数据有错误，未生成网站。")
        return ExitCode.REFUSED
    if not outcome.recorded:
        print(f"预演：网站已按 {args.as_of} 的规则生成到 {args.output} 供查看；台账未改动，输出目录未标记为完整，不能部署。")
        return ExitCode.OK
    print(f"网站已生成到 {args.output}：共 {outcome.pages_total} 个页面，本次重新生成 {outcome.pages_rendered} 个，"
          f"写入 {outcome.files_written} 个文件，删除 {outcome.files_removed} 个。")
    return ExitCode.ATTENTION if report.blocks_publication else ExitCode.OK


def run_preview(args, progress: Progress) -> int:
    if not args.no_build and (built := run_build(args, progress)) not in PUBLISHED:
        return built
    if args.no_build and not (args.output / MANIFEST).is_file():  # a rehearsal just built has none, by design
        print(f"输出目录 {args.output} 中没有完整的网站，请先运行 publish.py build。", file=sys.stderr)
        return ExitCode.REFUSED
    handler = functools.partial(_QuietHandler, directory=str(args.output))
    try:
        server = http.server.ThreadingHTTPServer((args.bind, args.port), handler)
    except OSError as error:
        print(_port_failure(args.port, error), file=sys.stderr)
        return ExitCode.REFUSED
    with server:
        shown = "本机的局域网地址" if args.bind in ("0.0.0.0", "::") else args.bind
        print(f"预览地址：http://{shown}:{args.port}/  （按 Ctrl+C 停止）", flush=True)
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
        return ExitCode.ATTENTION
    for record, events in found:
        print(f"{record.key}（{KINDS_BY_NAME[record.kind].title}，机关代码 {record.agency}）当前状态："
              f"{STATE_LABELS[record.state]}")
        if record.deadline:
            timeliness = f"晚 {record.late_days} 天" if record.late_days else "按时"
            print(f"  公示期限 {record.deadline.isoformat()}，{timeliness}")
        for event in events:
            fields = f"：{'、'.join(event.fields)}" if event.fields else ""
            detail = f"（{event.detail}）" if event.detail else ""
            signed = f"  {event.sign_off.said()}" if event.sign_off else ""
            print(f"  {event.on_date.isoformat()}  {ledger.EVENT_LABELS[event.event]}{fields}{detail}{signed}")
    return 0


def run_ledger(args, progress: Progress) -> int:
    if args.action == "export":
        return _export_ledger(args)
    if args.file is None:
        raise Failure(f"ledger {args.action} 需要写上备份文件，如 python publish.py ledger {args.action} 台账备份.sqlite")
    if args.action == "backup":
        summary = ledger_backup.backup(_existing_ledger(args), args.file)
        print(f"已备份台账到 {args.file}（已通过完整性检查）：{summary.said()}")
        return 0
    options = _options(args)
    return _exclusive(args, lock.for_data(options.ledger, options.cache_dir), lambda: _restore_ledger(args, options.ledger))


def _restore_ledger(args, live: Path) -> int:
    """Under the ledger's lock: no build reads the ledger being replaced."""
    if args.file.resolve() == live.resolve():
        raise Failure(f"备份文件 {args.file} 就是现有台账本身：请写上 ledger backup 写出的备份文件的路径。")
    summary = ledger_backup.checked_backup(args.file)
    sample_ledger.refuse_sample_ledger(ledger.read(args.file), args.data)  # the sample's, into a real portal
    print(f"备份文件 {args.file}：{summary.said()}")
    if live.exists():
        try:
            print("\n".join(ledger_backup.unknown_to(args.file, live).said()))
        except ledger.LedgerError as error:
            print(f"现有台账无法读取，无法比较恢复会丢失什么：{error}")
    if not args.yes:
        print(f"未做任何改动。确认用这个备份替换 {live} 后，加 --yes 重新运行。")
        return 0
    kept = ledger_backup.restore(args.file, live)
    replaced = f"被替换的台账另存为 {kept}。" if kept else ""
    print(f"已用 {args.file} 恢复台账 {live}。{replaced}")
    return 0


def _export_ledger(args) -> int:
    path = _existing_ledger(args)
    if args.output is None:
        raise Failure("ledger export 需要用 -o 指定导出的 CSV 文件，如 python publish.py ledger export -o 台账.csv")
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
        return ExitCode.REFUSED
    except search.DamagedIndex:
        print(f"检索索引已损坏，无法查询（{_options(args).search_index}）。下一次构建会自动重建它：请先运行 publish.py build"
              "（使用同一个 --cache 目录），再查询。", file=sys.stderr)
        return ExitCode.REFUSED
    if args.json:
        print(json.dumps({"query": args.query, "total": results.total, "hits": [asdict(hit) for hit in results.hits]},
                         ensure_ascii=False, indent=2))
        return ExitCode.OK if results.total else ExitCode.ATTENTION
    if not results.total:
        print(f"没有找到与“{args.query}”相关的公示信息。可以换一个关键词，或只输入名称的一部分。")
        return ExitCode.ATTENTION
    print(f"找到 {results.total} 条，显示前 {len(results.hits)} 条：")
    for hit in results.hits:
        mark = "【编号完全匹配】" if hit.exact else ""
        print(f"{mark}{KINDS_BY_NAME[hit.kind].title}  {hit.title}  {hit.agency_name}  {hit.date}")
        if hit.summary:
            print(f"    {hit.summary}")
        print(f"    {hit.url}")
    return 0


def run_deploy(args, progress: Progress) -> int:
    return _exclusive(args, [lock.for_output(args.output)], lambda: _run_deploy(args))


def _run_deploy(args) -> int:
    target = deploy.parse_target(args.dest)
    if isinstance(target, Path):
        paths.refuse_webroot_over_data(target, args.data)
    # What the ledger holds now, each record's state: the deploy stage checks the build's records against it.
    present = Ledger(args.ledger, lambda path: ledger.read(path).records.values())
    try:
        if args.rollback:
            deploy.rollback(target, args.dry_run, present)
        else:
            deploy.deploy(args.output, target, args.strict, args.dry_run, args.keep, args.ssh, present, _noting(args))
    except DeployError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    return 0


def _noting(args) -> Callable[[str], None]:
    """deploy's say: a line that starts 注意 (the target is not DEPLOY_WEBROOT) needs a look, under --quiet too."""
    def say(line: str) -> None:
        if line.startswith("注意"):
            args.attention = True
        print(line)
    return say


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


def run_init(args, progress: Progress) -> int:
    made = cli_init.create(args.dir.absolute(), PROJECT_DIR, tuple(args.agency))
    print(f"已新建门户目录 {args.dir.absolute()}：")
    for line in made:
        print(f"  {line}")
    print("接下来：")
    for line in cli_init.next_steps(args.dir.absolute()):
        print(f"  {line}")
    return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        """A missing address gets the site's own Chinese 404 page, as nginx gives it (deploy/nginx.conf)."""
        page = Path(self.directory) / addresses.NOT_FOUND_PATH
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


COMMANDS = {"check": run_check, "build": run_build, "preview": run_preview, "history": run_history,
            "ledger": run_ledger, "template": run_template, "search": run_search, "deploy": run_deploy,
            "settings": run_settings, "init": run_init, "daily-files": cli_daily.run_daily_files}


def main(argv: list[str] | None = None) -> int:
    args = cli_arguments.parser().parse_args(argv)
    if not getattr(args, "quiet", False):
        return _main(args, Progress())
    # --quiet, for cron (which mails whatever a job prints): the report is shown only when it needs a look.
    held = io.StringIO()
    with contextlib.redirect_stdout(held):
        code = _main(args, Progress(quiet=True))
    if code != ExitCode.OK or getattr(args, "attention", False):
        try:
            sys.stdout.write(held.getvalue())
            sys.stdout.flush()
        except BrokenPipeError:
            return failures.say_output_closed(args)
    return code


def _main(args: argparse.Namespace, progress: Progress) -> int:
    root = cli_arguments.portal_root()
    with failures.warnings_to(failures.cache_of(args, root) / "warnings.log"):
        try:
            return COMMANDS[args.command](args, progress)
        except KeyboardInterrupt:
            failures.say_interrupted(args)
            return ExitCode.INTERRUPTED
        except BrokenPipeError:
            return failures.say_output_closed(args)
        except Exception as error:  # noqa: BLE001 - a clerk must never see a traceback; the webmaster gets it in a file
            failures.say_failure(args, error, root)
            return ExitCode.REFUSED
