"""The deadline board's pages: one agency's (its 审核人 and 填报人, and the platform admins, through AgencyView's one
agency check) and the admins' daily summary of every agency on one printable page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views import View

from intake import audit, board
from intake.access import AgencyView, roles_of
from intake.models import Action, Agency, Role

ADMINS_ONLY = "每日汇总只有平台管理员可以查看。本单位的预警请从“我的单位”进入本单位页面查看。"
NO_RATE = "今年暂无已公示的执法决定"


class AgencyBoard(AgencyView):
    def get(self, request, agency):
        shown = board.board(self.agency, board.today())
        rate = board.on_time_rates(shown.day).get(self.agency.folder, NO_RATE) if request.user.is_staff else ""
        return render(request, "intake/board.html", {
            "agency": self.agency, "board": shown, "rate": rate, "near": settings.INTAKE_DEADLINE_NEAR_DAYS,
            "can_review": Role.REVIEWER in roles_of(request.user, self.agency)})


class BoardSummary(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.is_staff:
            audit.record(request, Action.REFUSED, None, f"{request.method} {request.path}")
            raise PermissionDenied(ADMINS_ONLY)
        day = board.today()
        rates = board.on_time_rates(day)
        boards = [(board.board(agency, day), rates.get(agency.folder, NO_RATE)) for agency in Agency.objects.all()]
        return render(request, "intake/board_summary.html",
                      {"boards": boards, "day": day, "near": settings.INTAKE_DEADLINE_NEAR_DAYS})
