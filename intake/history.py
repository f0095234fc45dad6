"""The earlier versions of an agency's files: who uploaded and who approved each, and each one to download, for
the agency's own accounts and the platform admins (AgencyView's one agency check), every download logged."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import FileResponse, Http404
from django.shortcuts import render

from intake import audit, uploads, versions
from intake.access import AgencyView
from intake.models import Action, FileVersion


class VersionList(AgencyView):
    def get(self, request, agency):
        rows = FileVersion.objects.filter(agency=self.agency).select_related("uploaded_by", "approved_by")
        by_name: dict[str, list[FileVersion]] = {}
        for row in rows.order_by("name", "-id"):
            by_name.setdefault(row.name, []).append(row)
        return render(request, "intake/versions.html", {"agency": self.agency, "files": list(by_name.items())})


class VersionDownload(AgencyView):
    def get(self, request, agency, version):
        found = FileVersion.objects.filter(agency=self.agency, pk=version).first()
        if found is None:  # another agency's version, whatever its number, does not exist here
            audit.record(request, Action.REFUSED, self.agency, f"本单位没有这个文件版本：{request.path}")
            raise Http404("没有这个文件版本。")
        stored = versions.store_path(found.sha256)
        if not stored.is_file():
            raise Http404("这个版本的内容没有保存下来（它在报送审核系统启用前就已被替换），无法下载。")
        audit.record(request, Action.DOWNLOAD, self.agency,
                     f"历史版本：{found.name}（SHA-256 {found.sha256}，版本 {found.pk}）")
        # The name as the clerk knows it, made one plain file name; Django encodes it for the header (RFC 6266).
        name = uploads.safe_name(PurePosixPath(found.name).name)
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name,
                            content_type="application/octet-stream")
