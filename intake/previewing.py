"""The reviewer's preview of a submission (intake/preview.py): the list of pages the next build adds, changes and
removes, and each page as citizens will see it, served from the preview's own folder with its style sheets."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from intake import audit, board, preview
from intake.models import Action
from intake.reviewing import ReviewerView

# The portal's own policy (deploy/nginx.conf) without its scripts: a preview page is looked at, never run.
PREVIEW_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
NOT_YET = "这份报送的预览还没有生成（或已随新的检查作废）。请回到审核页面，点“预览审核通过后变化的页面”生成后再打开。"
SERVED_FOLDER = "static/"  # the theme's style sheets and images, which every page links to


class PreviewList(ReviewerView):
    def get(self, request, agency, upload):
        submission = self.submission(upload)
        try:
            shown = preview.preview_of(submission.upload, board.today())
        except preview.PreviewFailed as failed:
            return render(request, "intake/refused.html", {"agency": self.agency, "message": str(failed),
                                                           "back": reverse("submission", args=[agency, upload])},
                          status=409)
        audit.record(request, Action.DOWNLOAD, self.agency, f"变化页面预览（上传 {submission.upload_id}）")
        return render(request, "intake/preview.html", {"agency": self.agency, "upload": submission.upload,
                                                       "preview": shown, "pages": shown.pages})


class PreviewFile(ReviewerView):
    def get(self, request, agency, upload, page):
        submission = self.submission(upload)
        kept = preview.stored(submission.upload)
        root = (preview.folder_of(submission.upload) / preview.SITE).resolve()
        # The path comes from the request: it must lie in the preview's site, and be a page this agency may see.
        path = (root / page).resolve() if page.isprintable() else root
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) and path != root else ""
        allowed = relative.endswith(".html") or relative.startswith(SERVED_FOLDER)
        if kept is None:
            audit.record(request, Action.DECLINED, self.agency, f"预览尚未生成，页面打不开：{request.path}")
            return render(request, "intake/refused.html", {"agency": self.agency, "message": NOT_YET,
                                                           "back": reverse("submission", args=[agency, upload])},
                          status=404)
        if not relative or not allowed or relative in kept.hidden or not path.is_file():
            audit.record(request, Action.REFUSED, self.agency, f"预览中没有可看的这个页面：{request.path}")
            raise Http404("预览中没有这个页面，或它属于其他单位。请从预览的页面列表打开。")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "json")) else ""
        response = FileResponse(path.open("rb"), content_type=kind + charset)
        response["Content-Security-Policy"] = PREVIEW_POLICY
        return response
