"""The admin, for 平台管理员: agencies and who holds which role in them, uploads, the audit log (read
only, exportable as CSV), and the builds the queue ran or will run."""

from __future__ import annotations

from django.contrib import admin

from intake import audit, builds
from intake.models import Action, Agency, AuditEvent, BuildRun, Membership, Submission, Upload, UploadedFile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here: the superuser included."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "folder"]
    search_fields = ["name", "folder"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "agency__name", "agency__folder"]
    autocomplete_fields = ["user", "agency"]


class UploadedFileInline(admin.TabularInline):
    model = UploadedFile
    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "name", "size", "sha256"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["agency", "uploaded_by", "created", "errors", "warnings", "records"]
    list_filter = ["agency"]
    readonly_fields = ["agency", "uploaded_by", "created", "as_of", "errors", "warnings", "records", "result"]
    inlines = [UploadedFileInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Nobody edits or deletes the log, the superuser included: it is the record of what everyone did."""

    list_display = ["at", "username", "action", "agency", "remote_address", "detail"]
    list_filter = ["action", "agency", "at"]
    search_fields = ["username", "detail", "remote_address", "path"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    @admin.action(description="导出选中的日志为 CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return audit.csv_response(queryset)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """Read only: a submission moves by its lifecycle (intake/review.py), through the reviewers' pages alone."""

    list_display = ["upload", "state", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["state", "upload__agency"]
    readonly_fields = ["upload", "state", "note", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
                       "comment"]


@admin.register(BuildRun)
class BuildRunAdmin(ReadOnlyAdmin):
    """The queue and each build's outcome: read only, a build is moved by the worker alone (intake/builds.py)."""

    list_display = ["id", "state", "agencies", "queued", "started", "finished", "published", "changes", "errors",
                    "warnings", "online_at", "message"]
    list_filter = ["state"]
    date_hierarchy = "queued"
    readonly_fields = ["state", "agencies", "submissions", "queued", "started", "finished", "attempts", "message",
                       "files_checked", "records_passed", "published", "changes", "errors", "warnings", "deploy_to",
                       "deployed", "output"]
    actions = ["build_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("submissions__upload__agency")

    @admin.display(description="报送单位")
    def agencies(self, build: BuildRun) -> str:
        names = sorted({str(submission.upload.agency) for submission in build.submissions.all()})
        return "、".join(names) or "—"

    @admin.display(description="上线时间")
    def online_at(self, build: BuildRun):
        return build.online

    @admin.action(description="重新构建：排队一次新的构建（如失败的原因已排除）", permissions=["view"])
    def build_again(self, request, queryset):
        build = builds.queue()
        build.submissions.set([submission for found in queryset for submission in found.submissions.all()])
        audit.record(request, Action.BUILD, detail=f"构建 {'、'.join(str(found.pk) for found in queryset)} "
                                                   f"的报送排入新的构建 {build.pk}")
        self.message_user(request, f"已排队一次新的构建（构建 {build.pk}）。")
