"""The audit log: who did what, when, for which agency, from which address. Every view writes through
record(); logins, failed logins, lockouts and logouts come from Django's and django-axes' signals."""

from __future__ import annotations

import csv
import ipaddress

from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from intake.models import Action, Agency, AuditEvent

CSV_HEADER = ["时间", "用户名", "操作", "单位文件夹", "单位名称", "详情", "来源地址", "请求地址"]


def remote_address(request: HttpRequest | None) -> str | None:
    """Behind nginx (production) the client is the last address nginx appended to X-Forwarded-For."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if settings.ENVIRONMENT.production and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(request: HttpRequest | None, action: str, agency: Agency | None = None, detail: str = "",
           username: str | None = None) -> AuditEvent:
    user = getattr(request, "user", None)
    known = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        user=known, username=(username if username is not None else known.get_username() if known else "")[:150],
        action=action, agency=agency, detail=detail, remote_address=remote_address(request),
        path=(request.get_full_path()[:2048] if request is not None else ""))


def _logged_in(sender, request, user, **kwargs) -> None:
    record(request, Action.LOGIN, username=user.get_username())


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        AuditEvent.objects.create(user=user, username=user.get_username(), action=Action.LOGOUT,
                                  remote_address=remote_address(request),
                                  path=request.get_full_path()[:2048] if request is not None else "")


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(request, Action.LOGIN_FAILED, username=str(credentials.get("username", "")))


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(request, Action.LOCKED_OUT, username=str(username or ""),
           detail=f"连续登录失败 {settings.AXES_FAILURE_LIMIT} 次，暂时锁定")


def connect_signals() -> None:
    from axes.signals import user_locked_out

    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="intake-audit-login")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="intake-audit-logout")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="intake-audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="intake-audit-locked-out")


def csv_response(events) -> HttpResponse:
    """The events as CSV with a BOM, so that Excel on a clerk's PC opens the Chinese as Chinese."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''audit-log.csv"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for event in events.select_related("agency"):
        writer.writerow([timezone.localtime(event.at).isoformat(timespec="seconds"), _cell(event.username),
                         event.get_action_display(), _cell(event.agency.folder if event.agency else ""),
                         _cell(event.agency.name if event.agency else ""), _cell(event.detail),
                         event.remote_address or "", _cell(event.path)])
    return response


def _cell(text: str) -> str:
    """A value Excel would run as a formula (=, +, -, @ first) is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
