from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from intake import board_pages, history, previewing, reviewing, views

admin.site.site_header = admin.site.site_title = "行政执法公示 报送与审核 · 管理"
admin.site.index_title = "平台管理"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                extra_context={"failure_limit": settings.AXES_FAILURE_LIMIT}),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(template_name="intake/password_change_done.html"), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("agency/<str:agency>/", views.AgencyPage.as_view(), name="agency"),
    path("agency/<str:agency>/deadlines/", board_pages.AgencyBoard.as_view(), name="board"),
    path("deadlines/", board_pages.BoardSummary.as_view(), name="board-summary"),
    path("agency/<str:agency>/templates/<str:kind>.xlsx", views.TemplateDownload.as_view(), name="template"),
    path("agency/<str:agency>/upload/", views.UploadView.as_view(), name="upload"),
    path("agency/<str:agency>/check/", views.CheckCurrent.as_view(), name="check"),
    path("agency/<str:agency>/uploads/<uuid:upload>/", views.UploadReport.as_view(), name="upload-report"),
    path("agency/<str:agency>/uploads/<uuid:upload>/annotated/<int:index>/", views.AnnotatedDownload.as_view(),
         name="annotated"),
    path("agency/<str:agency>/uploads/<uuid:upload>/submit/", reviewing.SubmitView.as_view(), name="submit"),
    path("agency/<str:agency>/reviews/", reviewing.PendingList.as_view(), name="pending"),
    path("agency/<str:agency>/reviews/<uuid:upload>/", reviewing.SubmissionPage.as_view(), name="submission"),
    path("agency/<str:agency>/reviews/<uuid:upload>/approve/", reviewing.ApproveView.as_view(), name="approve"),
    path("agency/<str:agency>/reviews/<uuid:upload>/return/", reviewing.ReturnView.as_view(), name="return"),
    path("agency/<str:agency>/reviews/<uuid:upload>/preview/", previewing.PreviewList.as_view(), name="preview"),
    path("agency/<str:agency>/reviews/<uuid:upload>/preview/site/<path:page>", previewing.PreviewFile.as_view(),
         name="preview-page"),
    path("agency/<str:agency>/remove/", views.RemoveView.as_view(), name="remove"),
    path("agency/<str:agency>/versions/", history.VersionList.as_view(), name="versions"),
    path("agency/<str:agency>/versions/<int:version>/", history.VersionDownload.as_view(), name="version"),
]
