from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.widgets import IsoDateInput


class VerifyForm(forms.Form):
    serial = forms.CharField(label=_("证书编号"), max_length=40, help_text=_("例如 SG-2026-000123"))
    name = forms.CharField(label=_("持证人姓名"), max_length=100)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因(仅内部可见)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ReissueForm(forms.Form):
    holder_name = forms.CharField(label=_("更正后的姓名"), max_length=100)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class RenewForm(forms.Form):
    issued_on = forms.DateField(label=_("新一期颁发日期"), widget=IsoDateInput())


class IssueForm(forms.Form):
    """Issue a rule's certificate to one person or a cohort (runs as a background job)."""

    rule = forms.ModelChoiceField(label=_("颁发规则"), queryset=None, empty_label=_("请选择颁发规则"))
    holders = forms.ModelMultipleChoiceField(
        label=_("持证人"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 15})
    )

    def __init__(self, *args, **kwargs) -> None:
        from django.contrib.auth import get_user_model

        from .models import IssuingRule

        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = IssuingRule.objects.filter(active=True).select_related("template", "course_page")
        self.fields["holders"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class PrintForm(forms.Form):
    """Print a cohort: every valid certificate of a rule, or the serials listed (all must exist)."""

    rule = forms.ModelChoiceField(
        label=_("按颁发规则(该规则下全部有效证书)"), queryset=None, required=False, empty_label=_("不按规则")
    )
    serials = forms.CharField(
        label=_("或按证书编号(每行一个)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        from .models import IssuingRule

        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = IssuingRule.objects.select_related("template", "course_page")

    def clean(self):
        from .models import Certificate

        cleaned = super().clean()
        serials = [line.strip().upper() for line in cleaned.get("serials", "").splitlines() if line.strip()]
        rule = cleaned.get("rule")
        if not serials and rule is None:
            raise forms.ValidationError(_("请选择颁发规则或填写证书编号。"))
        ids: list[int] = []
        if rule is not None:
            ids += list(
                Certificate.objects.filter(rule=rule, status=Certificate.Status.ISSUED)
                .order_by("holder_name", "pk")
                .values_list("pk", flat=True)
            )
        if serials:
            found = dict(Certificate.objects.filter(serial__in=serials).values_list("serial", "pk"))
            missing = [serial for serial in serials if serial not in found]
            if missing:
                raise forms.ValidationError(_("这些证书编号不存在:%(serials)s") % {"serials": "、".join(missing)})
            ids += [found[serial] for serial in serials]
        if not ids:
            raise forms.ValidationError(_("没有可打印的有效证书。"))
        cleaned["certificate_ids"] = ids
        return cleaned
