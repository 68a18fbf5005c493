"""开具志愿服务证明 in the admin: a social worker picks a volunteer and a period; the roster supplies the confirmed
hours and ``roster.service_proof`` issues the certificate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from accounts.admin_screens import AdminScreen
from certificates.actions import IssuingError
from certificates.queries import certificate_permission_policy
from config.widgets import IsoDateInput

from ..service_proof import do_issue_service_proof_from_roster


class ServiceProofForm(forms.Form):
    """A volunteer and a period; the hours are the roster's confirmed ones, never typed in."""

    volunteer = forms.ModelChoiceField(
        label=gettext_lazy("志愿者"), queryset=None, empty_label=gettext_lazy("请选择志愿者")
    )
    start = forms.DateField(label=gettext_lazy("服务期间开始"), widget=IsoDateInput())
    end = forms.DateField(label=gettext_lazy("服务期间结束"), widget=IsoDateInput())
    person_in_charge = forms.CharField(label=gettext_lazy("负责人"), max_length=50)
    handling_officer = forms.CharField(label=gettext_lazy("经办人"), max_length=50)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return cleaned


class ServiceProofView(AdminScreen, FormView):
    permission_policy = certificate_permission_policy()
    permission_required = "add"
    page_title = gettext_lazy("开具志愿服务证明")
    header_icon = "doc-full"
    template_name = "certificates/admin/form.html"
    form_class = ServiceProofForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submit": _("开具")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            certificate = do_issue_service_proof_from_roster(
                data["volunteer"],
                data["start"],
                data["end"],
                self.request.user,
                person_in_charge=data["person_in_charge"],
                handling_officer=data["handling_officer"],
            )
        except IssuingError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("已开具志愿服务证明 %(serial)s。") % {"serial": certificate.serial})
        return redirect("wagtailsnippets_certificates_certificate:list")
