"""Who may act for which agency: the one place every agency view asks (AgencyView.dispatch).

The agency comes from the URL, the object from the agency (never the other way round), and the user's
memberships decide: an account acts only for the agencies and in the roles it was given; 平台管理员 (staff) for
all. A refusal changes nothing, is logged, and says so in Chinese (403); an agency or object that does not
exist is a 404."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import View

from intake import audit
from intake.models import Action, Agency, Membership, Role, Upload

REFUSED = "你的账号没有这个单位的这项权限。请从“我的单位”进入；如确需办理，请联系平台管理员开通。"


def roles_of(user, agency: Agency) -> set[str]:
    if user.is_staff:
        return set(Role.values)
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))


def agencies_of(user):
    if user.is_staff:
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user).distinct()


class AgencyView(LoginRequiredMixin, View):
    """A view of one agency (URL keyword `agency`: its folder) for accounts holding one of `roles` there."""

    roles: frozenset[str] = frozenset(Role.values)
    agency: Agency

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agency = Agency.objects.filter(folder=kwargs["agency"]).first()
        if self.agency is None:
            audit.record(request, Action.REFUSED, None, f"没有这个单位：{request.method} {request.path}")
            raise Http404("没有这个单位。")
        if not roles_of(request.user, self.agency) & self.roles:
            audit.record(request, Action.REFUSED, self.agency, f"{request.method} {request.path}")
            raise PermissionDenied(REFUSED)
        return super().dispatch(request, *args, **kwargs)

    def upload(self, upload_id) -> Upload:
        """An upload of this agency: another agency's, whatever its id, does not exist here."""
        found = Upload.objects.filter(agency=self.agency, pk=upload_id).first()
        if found is None:
            audit.record(self.request, Action.REFUSED, self.agency, f"本单位没有这次上传：{self.request.path}")
            raise Http404("没有这次上传。")
        return found
