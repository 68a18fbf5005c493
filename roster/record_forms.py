"""Forms of the record's own screens: a health check, a signed agreement, the national-system export period."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DateRangeForm
from .models import AgreementVersion, HealthCheck, HealthItem, SignedAgreement, Volunteer


class HealthCheckForm(forms.Form):
    """Date, 合格/不合格 and (from the signed-in user) who checked: nothing more is asked."""

    item = forms.ModelChoiceField(label=_("项目"), queryset=HealthItem.objects.all(), empty_label=_("请选择"))
    checked_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))
    result = forms.ChoiceField(label=_("结果"), choices=HealthCheck.Result.choices, widget=forms.RadioSelect)

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError(_("检查日期不能晚于今天。"))
        return checked_on


class AgreementForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("协议版本"), queryset=AgreementVersion.objects.all(), empty_label=_("请选择")
    )
    signed_on = forms.DateField(label=_("签署日期"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))
    how = forms.ChoiceField(label=_("签署方式"), choices=SignedAgreement.How.choices, initial="paper")

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("签署日期不能晚于今天。"))
        return signed_on


class NationalExportForm(DateRangeForm):
    number = forms.CharField(
        label=_("志愿者编号"), required=False, help_text=_("留空为全部志愿者;填写编号只导出该志愿者。")
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not Volunteer.objects.filter(number=number, anonymised_at__isnull=True).exists():
            raise forms.ValidationError(_("没有编号为 %(number)s 的志愿者。") % {"number": number})
        return number

    def volunteers(self):
        volunteers = Volunteer.objects.filter(anonymised_at__isnull=True)
        number = self.cleaned_data.get("number")
        return volunteers.filter(number=number) if number else volunteers
