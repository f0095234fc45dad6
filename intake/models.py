"""The back office's own records: agencies (one per folder of data/), who may act for which agency in which
role, what was uploaded and checked, and the audit log of every action."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models


class Agency(models.Model):
    folder = models.CharField("数据文件夹", max_length=255, unique=True, help_text="data/ 下这个单位的文件夹名")
    name = models.CharField("单位名称", max_length=255, help_text="机关信息表中的机关名称")

    class Meta:
        verbose_name = verbose_name_plural = "执法单位"
        ordering = ["folder"]

    def __str__(self) -> str:
        return self.name if self.name == self.folder else f"{self.name}（{self.folder}）"


class Role(models.TextChoices):
    CLERK = "clerk", "填报人"
    REVIEWER = "reviewer", "审核人"


class Membership(models.Model):
    """An account's role in one agency. 平台管理员 are Django staff: they are members of none and see all."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships",
                             verbose_name="账号")
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="memberships", verbose_name="单位")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "单位角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="one_role_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class Upload(models.Model):
    """One delivery of files (or none: a check of the folder as it is), staged outside data/, and its check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="uploads", verbose_name="单位")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="uploads",
                                    verbose_name="上传人")
    created = models.DateTimeField("上传时间", auto_now_add=True)
    as_of = models.DateField("按哪天的规则检查", null=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    records = models.PositiveIntegerField("通过检查的记录", default=0)
    # What the check found, as the clerk's report shows it (intake/checking.py): problems, the folder's files
    # with their digests and counts, and the annotated copies. It quotes raw values, as the report files do.
    result = models.JSONField("检查结果", default=dict)
    # A removal is a delivery that lists current files to take out of data/<agency> (and usually uploads none).
    removed = models.JSONField("要删除的现有文件", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "上传与检查"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.created:%Y-%m-%d %H:%M}"

    @property
    def work_folder(self) -> Path:
        """Its staged files (files/), its check's report and annotated copies: in the state folder, never data/."""
        return Path(settings.INTAKE_STATE_DIR) / "uploads" / str(self.pk)


class UploadedFile(models.Model):
    upload = models.ForeignKey(Upload, models.CASCADE, related_name="files", verbose_name="上传")
    original_name = models.CharField("上传时的文件名", max_length=1024)  # as sent, control characters removed
    name = models.CharField("保存的文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "上传的文件"
        constraints = [models.UniqueConstraint(fields=["upload", "name"], name="one_name_per_upload")]

    def __str__(self) -> str:
        return self.name


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "登录被锁定"
    LOGOUT = "logout", "退出"
    UPLOAD = "upload", "上传"
    UPLOAD_REFUSED = "upload_refused", "上传被拒绝"
    CHECK = "check", "检查"
    SUBMIT = "submit", "提交审核"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回"
    DOWNLOAD = "download", "下载"
    PURGE = "purge", "清理暂存上传"
    REFUSED = "refused", "越权访问被拒绝"
    DECLINED = "declined", "操作未办成（不符合条件）"  # allowed to ask, but the state did not permit it
    REMOVE = "remove", "删除现有文件（待审核）"
    BUILD = "build", "重新构建网站"
    PASSWORD = "password", "修改本人密码"


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="audit_events", verbose_name="账号")
    username = models.CharField("用户名", max_length=150, blank=True)  # kept when the account goes, and for failures
    action = models.CharField("操作", max_length=32, choices=Action.choices, db_index=True)
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, blank=True, related_name="audit_events",
                               verbose_name="单位")
    detail = models.TextField("详情", blank=True)
    remote_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    path = models.CharField("请求地址", max_length=2048, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"


class Review(models.TextChoices):
    """A submission's states; the steps between them are intake/review.py's table."""

    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class Submission(models.Model):
    """An upload sent for review, with its note, and the reviewer's decision (intake/review.py moves it)."""

    upload = models.OneToOneField(Upload, models.PROTECT, related_name="submission", verbose_name="上传")
    state = models.CharField("状态", max_length=16, choices=Review.choices, default=Review.DRAFT, db_index=True)
    note = models.TextField("报送说明", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="submissions",
                                     verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", null=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="reviews", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    comment = models.TextField("审核意见或退回理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送审核"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.upload} · {self.get_state_display()}"


class FileVersion(models.Model):
    """One content of one file of data/<agency>, while it was current: its bytes are in the state folder's content
    store (intake/versions.py) under its SHA-256. A file met before the back office had it has no uploader."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="versions", verbose_name="单位")
    name = models.CharField("文件名", max_length=1024)  # within the agency's folder
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）", null=True)  # null: its bytes never reached the store
    current_from = models.DateTimeField("启用时间", null=True)  # unknown for a file met before the back office
    current_until = models.DateTimeField("停用时间", null=True, blank=True)  # null: the file as it is now
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="上传人")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    submission = models.ForeignKey(Submission, models.PROTECT, null=True, blank=True, related_name="versions",
                                   verbose_name="报送")

    class Meta:
        verbose_name = verbose_name_plural = "文件的历次版本"
        ordering = ["agency", "name", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.name} · {self.sha256[:12]}"


class BuildState(models.TextChoices):
    QUEUED = "queued", "排队中"
    WAITING = "waiting", "等待其他构建"
    RUNNING = "running", "构建中"
    SUCCEEDED = "succeeded", "成功"
    FAILED = "failed", "失败"


FINISHED = (BuildState.SUCCEEDED, BuildState.FAILED)


class BuildRun(models.Model):
    """One `publish.py build` (and deploy) the service runs from its queue (intake/builds.py), the approvals it
    was queued for, and what it did: its state, times, and the summary of its report."""

    submissions = models.ManyToManyField(Submission, related_name="builds", blank=True, verbose_name="审核通过的报送")
    state = models.CharField("状态", max_length=16, choices=BuildState.choices, default=BuildState.QUEUED,
                             db_index=True)
    queued = models.DateTimeField("排队时间", auto_now_add=True, db_index=True)
    started = models.DateTimeField("开始时间", null=True, blank=True)
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)  # more than one: a run was killed
    message = models.TextField("说明", blank=True)  # what it waits for, or why it failed
    output = models.TextField("构建时打印的内容", blank=True)  # publish.py's, build and deploy
    files_checked = models.PositiveIntegerField("检查的文件", null=True, blank=True)
    records_passed = models.PositiveIntegerField("通过检查的记录", null=True, blank=True)
    published = models.PositiveIntegerField("公示中的记录", null=True, blank=True)
    changes = models.PositiveIntegerField("本次公示变化", null=True, blank=True)
    errors = models.PositiveIntegerField("错误", null=True, blank=True)
    warnings = models.PositiveIntegerField("警告", null=True, blank=True)
    deploy_to = models.CharField("部署到", max_length=1024, blank=True)  # INTAKE_DEPLOY_TO when it ran; empty: none
    deployed = models.DateTimeField("部署时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站构建"
        ordering = ["-queued", "-id"]

    def __str__(self) -> str:
        return f"构建 {self.pk} · {self.get_state_display()}"

    @property
    def online(self):
        """When what it built went online: its deploy, or without one its build's end; None if it did not."""
        if self.state != BuildState.SUCCEEDED:
            return None
        return self.deployed if self.deploy_to else self.finished
