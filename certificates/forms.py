from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    serial = forms.CharField(label=_("证书编号"), max_length=40, help_text=_("例如 SG-2026-000123"))
    name = forms.CharField(label=_("持证人姓名"), max_length=100)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因(仅内部可见)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ReissueForm(forms.Form):
    holder_name = forms.CharField(label=_("更正后的姓名"), max_length=100)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
