"""The admin, for 平台管理员: agencies and who holds which role in them, uploads, and the audit log (read
only, exportable as CSV)."""

from __future__ import annotations

from django.contrib import admin

from intake import audit
from intake.models import Agency, AuditEvent, Membership, Submission, Upload, UploadedFile


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
