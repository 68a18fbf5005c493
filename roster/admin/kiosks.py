"""签到台: open a check-in kiosk on this device (which is then signed out and can only check in), and close any
open kiosk remotely."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions
from ..models import KioskSession
from ..schedule_forms import OpenKioskForm
from ..schedule_views import KIOSK_SESSION_KEY


class KioskAdminView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(KioskSession)
    permission_required = "add"
    page_title = gettext_lazy("签到台")
    header_icon = "tablet-alt"
    template_name = "roster/admin/kiosks.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("close"):
            kiosk = get_object_or_404(KioskSession, pk=request.POST["close"])
            actions.do_close_kiosk(kiosk, request.user)
            messages.success(request, _("签到台“%(name)s”已关闭,该设备不能再签到。") % {"name": kiosk.name})
            return redirect("roster_admin:kiosks")
        form = OpenKioskForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            kiosk = actions.do_open_kiosk(form.cleaned_data["name"], form.cleaned_data["department"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        # This device becomes the kiosk: the social worker's login ends here, the kiosk key is all it keeps.
        logout(request)
        request.session[KIOSK_SESSION_KEY] = kiosk.token
        return redirect("roster:kiosk")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or OpenKioskForm(),
            "open_kiosks": KioskSession.objects.filter(closed_at__isnull=True).select_related("opened_by"),
            "closed_kiosks": KioskSession.objects.filter(closed_at__isnull=False).select_related(
                "opened_by", "closed_by"
            )[:10],
        }
