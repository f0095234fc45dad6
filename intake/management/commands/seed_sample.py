"""Development only: one 填报人 and one 审核人 per agency of the sample data, with new random passwords printed
once (production accounts are made by the 平台管理员 in the admin)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from intake import agencies
from intake.models import Membership, Role


class Command(BaseCommand):
    help = "开发用：为样例数据的每个单位建一个填报人和一个审核人账号，并打印随机生成的密码（生产环境不能用）"

    def handle(self, *args, **options):
        if settings.ENVIRONMENT.production:
            raise CommandError("生产环境不能建样例账号：请由平台管理员在管理后台（/admin/）建立账号并分配单位和角色。")
        data_dir = Path(settings.INTAKE_DATA_DIR)
        if not data_dir.is_dir():
            raise CommandError(f"数据目录 {data_dir} 不存在：请用环境变量 INTAKE_DATA_DIR 指定样例数据所在的目录。")
        with transaction.atomic():
            lines = [self._accounts(number, agency) for number, agency in enumerate(agencies.sync(data_dir), 1)]
        self.stdout.write("样例账号（密码只显示这一次；再运行一次会换新密码）：")
        for line in lines:
            self.stdout.write(line)

    def _accounts(self, number: int, agency) -> str:
        shown = []
        for role, prefix in ((Role.CLERK, "clerk"), (Role.REVIEWER, "reviewer")):
            user, _ = get_user_model().objects.get_or_create(username=f"{prefix}{number}")
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            Membership.objects.get_or_create(user=user, agency=agency, role=role)
            shown.append(f"{role.label} {user.username} 密码 {password}")
        return f"  {agency.name}：" + "；".join(shown)
