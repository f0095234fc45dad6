"""publish.py daily-files: the daily build and deploy's systemd unit and timer and its cron line, for a portal's own
folders (deploy/daily.py writes them). The sample is refused: a timer that deployed it would put invented
agencies on the web every day."""

from __future__ import annotations

import sys
from pathlib import Path

from disclosure import build as build_module
from disclosure.cli_arguments import PROJECT_DIR, portal_root
from disclosure.core.settings import SettingsError
from disclosure.deploy import daily
from disclosure.deploy import release as deploy
from disclosure.reading.data_folder import SAMPLE_NOTE
from disclosure.runtime.failures import Failure
from disclosure.runtime.paths import within
from disclosure.runtime.progress import Progress
from disclosure.site.settings_file import read_settings_file


def run_daily_files(args, progress: Progress) -> int:
    at = daily.parse_time(args.time)
    if at is None:
        raise Failure(f"--time “{args.time}”格式不对：请写成 24 小时制的 HH:MM，如 02:30。")
    target = deploy.parse_target(args.deploy_to)
    folder = args.folder.resolve()
    for served in (args.output, *([target] if isinstance(target, Path) else [])):
        if within(folder, served):
            raise Failure(f"{args.folder} 在 {served} 之中，会随网站公开：请写在它以外，如 /etc/zfgs 或程序目录外的文件夹。")
    data = args.data.resolve()
    if (data / SAMPLE_NOTE).exists():
        raise Failure(f"数据目录 {data} 是随程序提供的样例数据：每日自动构建和部署是给正式门户的，不能天天把样例部署出去。"
                      "请先用 publish.py init 目录 新建门户目录，进入那个目录后再运行 daily-files。未做任何处理。")
    plan = daily.DailyPlan(
        python=(args.python or Path(sys.executable)).absolute(), project_dir=portal_root(), data=data,
        settings=args.settings.resolve(), cache=args.cache.resolve(),
        ledger=(args.ledger or data / build_module.LEDGER_NAME).resolve(), reports=args.reports.resolve(),
        output=args.output.resolve(), deploy_to=str(target.resolve()) if isinstance(target, Path) else args.deploy_to,
        deploy_local=isinstance(target, Path), hour=at[0], minute=at[1], user=args.user)
    _say_what_each_run_would(args, target)
    service, timer, cron = daily.write(plan, folder)
    print(f"已生成：{service}\n        {timer}\n        {cron}（等效的 cron 行）")
    if PROJECT_DIR.resolve() in daily.writable(plan):
        print(f"注意：输出目录 {args.output} 在程序目录中，它旁边的锁文件使整个程序目录对服务可写；"
              "建议用 --output 指定程序目录以外的目录。")
    print(f"安装：sudo cp {service} {timer} /etc/systemd/system/ && sudo systemctl daemon-reload && "
          f"sudo systemctl enable --now {timer.name}")
    print(f"或者不用 systemd：以账号 {args.user} 运行 crontab -e，加入这一行：\n{daily.cron_line(plan)}")
    return 0


def _say_what_each_run_would(args, target) -> None:
    """What every day's run would say in the journal, said now: wrong settings, a webroot nginx does not serve."""
    try:
        webroot = read_settings_file(args.settings).portal.deploy_webroot
    except (SettingsError, OSError) as error:
        print(f"注意：设置文件 {args.settings} 现在无法使用，改正之前每天的构建都会被拒绝：{error}")
        return
    if isinstance(target, Path):
        deploy.warn_if_not_served(webroot, target, print)
