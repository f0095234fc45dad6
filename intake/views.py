"""The clerk's pages: my agencies, one agency's files and templates, an upload and its check at once."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.report import excel_templates
from intake import audit, board, builds, checking, uploads
from intake.access import AgencyView, agencies_of, roles_of
from intake.forms import SubmitForm, UploadForm
from intake.models import Action, Review, Role, Submission, Upload, UploadedFile

RECENT_UPLOADS = 10
TOO_LARGE = "上传的文件太大：一次最多 {limit} MB，已全部拒收，没有保存任何文件。请分几次上传，或把很大的工作簿拆开后再传。"
NOT_A_TABLE = "“{name}”不是可以报送的文件：只收 Excel（.xlsx、.xls）和 CSV 文件。没有保存任何文件，请重新选择。"


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a POST without this service's token (another site's form, or an expired page) is refused,
    changes nothing, and is logged."""
    audit.record(request, Action.REFUSED, detail=f"缺少或不符的 CSRF 安全标记：{request.method} {request.path}")
    return render(request, "403_csrf.html", status=403)


class HomeView(LoginRequiredMixin, View):
    def get(self, request):
        agencies = [(agency, sorted(Role(role).label for role in roles_of(request.user, agency)))
                    for agency in agencies_of(request.user)]
        return render(request, "intake/home.html", {"agencies": agencies})


class AgencyPage(AgencyView):
    def get(self, request, agency):
        return self.page(request, UploadForm())

    def page(self, request, form: UploadForm, status: int = 200, refusal: str = ""):
        context = {"agency": self.agency, "form": form, "refusal": refusal, "files": self.current_files(),
                   "kinds": KINDS, "can_upload": Role.CLERK in roles_of(request.user, self.agency),
                   "can_review": Role.REVIEWER in roles_of(request.user, self.agency),
                   "pending": Submission.objects.filter(upload__agency=self.agency, state=Review.PENDING).count(),
                   "uploads": self.agency.uploads.select_related("uploaded_by")[:RECENT_UPLOADS],
                   "online": [builds.online_of(submission) for submission in Submission.objects.filter(
                       upload__agency=self.agency, state=Review.APPROVED).order_by("-reviewed_at")[:RECENT_UPLOADS]],
                   "limit_mb": settings.INTAKE_MAX_UPLOAD_BYTES // (1024 * 1024), "deploying": bool(settings.INTAKE_DEPLOY_TO)}
        return render(request, "intake/agency.html", context, status=status)

    def current_files(self) -> list[tuple[str, checking.CheckedFile | None, Upload | None]]:
        """Each file of data/<agency> with the last check of exactly these bytes, if any."""
        recent = list(self.agency.uploads.all()[:checking.RECENT_CHECKS])
        listed = []
        for name, digest in checking.current_digests(self.agency.folder).items():
            found = next(((file, upload) for upload in recent for file in checking.files_of(upload.result)
                          if file.name == name and file.sha256 == digest), (None, None))
            listed.append((name, *found))
        return listed


class TemplateDownload(AgencyView):
    def get(self, request, agency, kind):
        if kind not in KINDS_BY_NAME:
            raise Http404("没有这种模板。")
        sheet_kind = KINDS_BY_NAME[kind]
        with tempfile.TemporaryDirectory() as folder:
            data = excel_templates.write_template(sheet_kind, Path(folder) / "template.xlsx").read_bytes()
        audit.record(request, Action.DOWNLOAD, self.agency, f"模板：{sheet_kind.sheet_name}")
        return _attachment(data, f"{sheet_kind.sheet_name}.xlsx")


class UploadView(AgencyPage):
    roles = frozenset({Role.CLERK})

    def get(self, request, agency):
        return HttpResponseRedirect(reverse("agency", args=[self.agency.folder]))

    def post(self, request, agency):
        if uploads.upload_exceeded(request):
            return self.refuse(request, TOO_LARGE.format(limit=settings.INTAKE_MAX_UPLOAD_BYTES // (1024 * 1024)),
                               413, "超过大小上限")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, 400)
        sent = form.cleaned_data["files"]
        for file in sent:
            if not uploads.is_table_name(uploads.safe_name(file.name or "")):
                return self.refuse(request, NOT_A_TABLE.format(name=uploads.printable(file.name or "")), 400,
                                   f"不是表格文件：{uploads.printable(file.name or '')}")
        upload = Upload.objects.create(agency=self.agency, uploaded_by=request.user)
        staged = uploads.stage(sent, upload.work_folder / "files")
        UploadedFile.objects.bulk_create(UploadedFile(upload=upload, original_name=file.sent, name=file.name,
                                                      size=file.size, sha256=file.sha256) for file in staged)
        audit.record(request, Action.UPLOAD, self.agency, "；".join(f"{f.name}（{f.size} 字节，原名 {f.sent}）"
                                                                     for f in staged))
        return _checked(request, self.agency, upload, upload.work_folder / "files")

    def refuse(self, request, message: str, status: int, detail: str):
        audit.record(request, Action.UPLOAD_REFUSED, self.agency, detail)
        return self.page(request, UploadForm(), status, message)


class CheckCurrent(AgencyView):
    """A check of the folder as it is, with nothing uploaded: the current files' results."""

    def post(self, request, agency):
        upload = Upload.objects.create(agency=self.agency, uploaded_by=request.user)
        return _checked(request, self.agency, upload, None)


def _checked(request, agency, upload: Upload, staged: Path | None):
    result = checking.check_delivery(agency.folder, staged, upload.work_folder, board.today(),
                                     tuple(upload.removed))
    upload.as_of, upload.records = result.as_of, result.records
    upload.errors, upload.warnings, upload.result = result.errors, result.warnings, result.as_json()
    upload.save()
    audit.record(request, Action.CHECK, agency, f"错误 {result.errors} 处，警告 {result.warnings} 处，"
                                                f"{result.records} 条记录通过（上传 {upload.pk}）")
    return HttpResponseRedirect(reverse("upload-report", args=[agency.folder, upload.pk]))


class UploadReport(AgencyView):
    def get(self, request, agency, upload):
        found = self.upload(upload)
        files = checking.files_of(found.result)
        problems = checking.problems_of(found.result)
        groups: dict[str, list[checking.ShownProblem]] = {}
        for problem in problems:
            groups.setdefault(problem.file, []).append(problem)
        annotated = {file.name: index for index, file in enumerate(files) if file.annotated}
        return render(request, "intake/report.html", {
            "agency": self.agency, "upload": found, "uploaded": found.files.all(), "files": files,
            "groups": [(name, annotated.get(name), shown) for name, shown in groups.items()],
            "submission": Submission.objects.filter(upload=found).select_related("reviewed_by").first(),
            "can_submit": Role.CLERK in roles_of(request.user, self.agency), "submit_form": SubmitForm()})


class AnnotatedDownload(AgencyView):
    def get(self, request, agency, upload, index):
        found = self.upload(upload)
        files = checking.files_of(found.result)
        if not 0 <= index < len(files) or not files[index].annotated:
            raise Http404("这个文件没有标了颜色的副本。")
        # The path comes from the check's own record, not from the request; it must still lie in the report.
        report = (found.work_folder / "report").resolve()
        path = (report / files[index].annotated).resolve()
        if not path.is_relative_to(report) or not path.is_file():
            raise Http404("标了颜色的副本已不在了：请重新检查一次。")
        audit.record(request, Action.DOWNLOAD, self.agency, f"标注副本：{files[index].name}（上传 {found.pk}）")
        return _attachment(path.read_bytes(), path.name)


def _attachment(data: bytes, name: str) -> FileResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


NOTHING_CHOSEN = "请先勾选要删除的现有文件。没有做任何改动。"
NOT_CURRENT = "“{name}”不是本单位数据目录中现有的文件（可能已被删除或改名），没有做任何改动。请刷新页面后重新勾选。"


class RemoveView(UploadView):
    """A removal: a delivery that lists current files to take out, checked on the folder without them and
    submitted, reviewed and approved as any other (intake/review.approve removes them from data/)."""

    def post(self, request, agency):
        names = sorted(set(request.POST.getlist("remove")))
        current = checking.current_digests(self.agency.folder)
        unknown = [name for name in names if name not in current]
        if not names or unknown:
            message = NOT_CURRENT.format(name=uploads.printable(unknown[0])) if unknown else NOTHING_CHOSEN
            return self.refuse(request, message, 400, f"删除未成：{uploads.printable('、'.join(unknown))}")
        upload = Upload.objects.create(agency=self.agency, uploaded_by=request.user, removed=names)
        audit.record(request, Action.REMOVE, self.agency, f"要删除：{'、'.join(names)}（上传 {upload.pk}）")
        return _checked(request, self.agency, upload, None)


class PasswordChange(auth_views.PasswordChangeView):
    """Django's own password change (its form, validators and session update), recorded in the audit log: an
    account made by the admin gets its first password by phone and is changed by its holder."""

    template_name = "intake/password_change_form.html"  # the admin's registration/ template would win otherwise

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request, Action.PASSWORD, detail="本人修改了登录密码")
        return response
