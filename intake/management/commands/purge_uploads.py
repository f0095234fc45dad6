"""Staged uploads that nobody submitted for review are deleted after a while: a clerk's trial uploads and checks
would otherwise pile up in the state folder for ever. Their records stay (the agency's page still lists each
check's result); their files, report and annotated copies go, each deletion in the audit log."""

from __future__ import annotations

import datetime as dt
import shutil

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q, QuerySet
from django.utils import timezone

from intake.models import Action, AuditEvent, Review, Upload

PURGE = Action.PURGE
PURGED_BY = "（定期清理）"  # no account can be called this: Django's user names allow no full-width brackets
DEFAULT_DAYS = 30


class Command(BaseCommand):
    help = f"删除超过 N 天（默认 {DEFAULT_DAYS} 天）、从未提交审核的暂存上传（状态目录中的文件），并记入操作日志"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"删除多少天以前的暂存上传（默认 {DEFAULT_DAYS}）")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 1:
            raise CommandError("--days 至少是 1：刚上传、还没来得及提交的文件不能删。")
        cutoff = timezone.now() - dt.timedelta(days=days)
        removed = 0
        for upload in never_submitted(Upload.objects.filter(created__lt=cutoff)).select_related("agency"):
            folder = upload.work_folder
            if folder.exists():
                shutil.rmtree(folder)
                record(upload, days)
                removed += 1
        self.stdout.write(f"已删除 {removed} 次超过 {days} 天、从未提交审核的暂存上传。")


def never_submitted(uploads: QuerySet) -> QuerySet:
    """Uploads with no submission, or one still a draft: a submitted upload's files are what its reviewer reads
    and, once approved, what was installed, so they are never purged."""
    return uploads.filter(Q(submission__isnull=True) | Q(submission__state=Review.DRAFT))


def record(upload: Upload, days: int) -> None:
    names = "、".join(upload.files.values_list("name", flat=True)) or "无（只检查了现有文件）"
    AuditEvent.objects.create(
        username=PURGED_BY, action=PURGE, agency=upload.agency,
        detail=f"删除超过 {days} 天、从未提交审核的暂存上传 {upload.pk}"
               f"（{timezone.localtime(upload.created):%Y-%m-%d %H:%M} 由 {upload.uploaded_by} 上传）：{names}")
