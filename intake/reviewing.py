"""Submitting for review (填报人) and reviewing (审核人): the pending list, each submission with what the public
site would show differently, approval (which installs the files) and return with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from disclosure.core.problems import Severity
from intake import audit, changes, checking, install, review
from intake.access import AgencyView
from intake.forms import ApproveForm, ReturnForm, SubmitForm
from intake.models import Action, Review, Role, Submission


class SubmitView(AgencyView):
    roles = frozenset({Role.CLERK})

    def post(self, request, agency, upload):
        found = self.upload(upload)
        form = SubmitForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            review.submit(found, request.user, note)
        except review.ReviewRefused as refused:
            audit.record(request, Action.DECLINED, self.agency, f"提交审核未成：{refused}（上传 {found.pk}）")
            return render(request, "intake/refused.html", {"agency": self.agency, "message": str(refused),
                                                           "back": reverse("upload-report", args=[agency, found.pk])},
                          status=409)
        audit.record(request, Action.SUBMIT, self.agency, f"上传 {found.pk}；错误 {found.errors} 处，"
                                                          f"警告 {found.warnings} 处；说明：{note}")
        return HttpResponseRedirect(reverse("upload-report", args=[agency, found.pk]))


class ReviewerView(AgencyView):
    roles = frozenset({Role.REVIEWER})

    def submission(self, upload_id) -> Submission:
        found = self.upload(upload_id)
        submission = Submission.objects.filter(upload=found).exclude(state=Review.DRAFT).first()
        if submission is None:
            audit.record(self.request, Action.REFUSED, self.agency, f"这次上传没有提交审核：{self.request.path}")
            raise Http404("这次上传没有提交审核。")
        return submission


class PendingList(ReviewerView):
    def get(self, request, agency):
        pending = (Submission.objects.filter(upload__agency=self.agency, state=Review.PENDING)
                   .select_related("upload", "submitted_by"))
        done = (Submission.objects.filter(upload__agency=self.agency, state__in=[Review.APPROVED, Review.RETURNED])
                .select_related("upload", "submitted_by", "reviewed_by")[:20])
        return render(request, "intake/pending.html", {"agency": self.agency, "pending": pending, "done": done})


class SubmissionPage(ReviewerView):
    def get(self, request, agency, upload):
        return self.page(request, self.submission(upload))

    def page(self, request, submission: Submission, status: int = 200, refusal: str = "",
             approve_form: ApproveForm | None = None, return_form: ReturnForm | None = None):
        result = submission.upload.result
        problems = checking.problems_of(result)
        shown = changes.changes_of(result)
        by_event = {event: [c for c in shown if c.event == event]
                    for event in ("published", "corrected", "withdrawn", "expired", "removed", "reinstated")}
        return render(request, "intake/submission.html", {
            "agency": self.agency, "submission": submission, "upload": submission.upload, "refusal": refusal,
            "uploaded": submission.upload.files.all(), "changes": by_event, "any_change": bool(shown),
            "held": [p for p in problems if p.severity == Severity.ERROR.value],
            "warnings": [p for p in problems if p.severity == Severity.WARNING.value],
            "own": review.is_own(submission, request.user),
            "approve_form": approve_form or ApproveForm(), "return_form": return_form or ReturnForm()},
            status=status)


class ApproveView(SubmissionPage):
    def post(self, request, agency, upload):
        submission = self.submission(upload)
        form = ApproveForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            review.approve(submission, request.user, comment, submission.upload.work_folder / "files")
        except review.OwnSubmission as refused:
            audit.record(request, Action.REFUSED, self.agency, f"本人提交的报送不能本人审核通过（上传 {submission.upload_id}）")
            raise PermissionDenied(str(refused)) from None
        except (review.ReviewRefused, install.InstallRefused) as refused:
            audit.record(request, Action.DECLINED, self.agency, f"审核通过未成：{refused}（上传 {submission.upload_id}）")
            return self.page(request, submission, 409, str(refused))
        names = "、".join([*(file.name for file in submission.upload.files.all()),
                          *(f"删除 {name}" for name in submission.upload.removed)])
        audit.record(request, Action.APPROVE, self.agency,
                     f"上传 {submission.upload_id}（{names}）已装入数据目录；意见：{comment}")
        return HttpResponseRedirect(reverse("submission", args=[agency, submission.upload_id]))


class ReturnView(SubmissionPage):
    def post(self, request, agency, upload):
        submission = self.submission(upload)
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self.page(request, submission, 400, return_form=form)
        try:
            review.send_back(submission, request.user, form.cleaned_data["reason"])
        except review.ReviewRefused as refused:
            audit.record(request, Action.DECLINED, self.agency, f"退回未成：{refused}（上传 {submission.upload_id}）")
            return self.page(request, submission, 409, str(refused))
        audit.record(request, Action.RETURN, self.agency,
                     f"上传 {submission.upload_id}；理由：{form.cleaned_data['reason']}")
        return HttpResponseRedirect(reverse("submission", args=[agency, submission.upload_id]))
