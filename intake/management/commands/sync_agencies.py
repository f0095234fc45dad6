from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake import agencies


class Command(BaseCommand):
    help = "按数据目录中的单位文件夹建立或更新执法单位（名称取自各单位的机关信息表）"

    def handle(self, *args, **options):
        data_dir = Path(settings.INTAKE_DATA_DIR)
        if not data_dir.is_dir():
            raise CommandError(f"数据目录 {data_dir} 不存在：请用环境变量 INTAKE_DATA_DIR 指定各单位数据所在的目录。")
        for agency in agencies.sync(data_dir):
            self.stdout.write(f"执法单位：{agency}")
