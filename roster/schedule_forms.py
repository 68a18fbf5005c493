"""Forms of the scheduling screens (issue 16 part B): leave, kiosk PIN, the kiosk itself, a weekly series."""

from __future__ import annotations

from datetime import time, timedelta

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ActivitySeries, ServiceRole
from .scheduling_models import WEEKDAYS


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput)
    reason = forms.CharField(label=_("原因(可不填)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        return data


class KioskPinForm(forms.Form):
    pin = forms.CharField(
        label=_("签到 PIN(4到6位数字)"),
        min_length=4,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )


class KioskCheckInForm(forms.Form):
    """Either the scanned QR code, or the volunteer number with the PIN."""

    code = forms.CharField(label=_("扫描签到二维码"), max_length=300, required=False)
    number = forms.CharField(label=_("志愿者编号"), max_length=20, required=False)
    pin = forms.CharField(
        label=_("PIN"),
        max_length=6,
        required=False,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        data["code"] = (data.get("code") or "").strip()
        data["number"] = (data.get("number") or "").strip().upper()
        if not data["code"] and not (data["number"] and data.get("pin")):
            raise forms.ValidationError(_("请扫描签到二维码,或输入志愿者编号和 PIN。"))
        return data


class OpenKioskForm(forms.Form):
    name = forms.CharField(label=_("签到台名称"), max_length=60, help_text=_("如:门诊大厅服务台"))
    department = forms.CharField(
        label=_("服务地点"), max_length=60, required=False, help_text=_("只为该地点的活动签到;留空则不限地点。")
    )


def _social_workers():
    return User.objects.filter(is_staff=True, is_active=True).order_by("last_name", "first_name")


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("活动名称"), max_length=100)
    department = forms.CharField(label=_("科室或地点"), max_length=60)
    role = forms.ModelChoiceField(label=_("岗位"), queryset=ServiceRole.objects.all())
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=200, initial=5)
    weekday = forms.TypedChoiceField(label=_("每周"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("开始时间"), widget=TimeInput, initial=time(9))
    end_time = forms.TimeField(label=_("结束时间"), widget=TimeInput, initial=time(11, 30))
    first_date = forms.DateField(label=_("首次日期"), widget=DateInput)
    last_date = forms.DateField(label=_("末次日期"), widget=DateInput)
    social_worker = forms.ModelChoiceField(label=_("负责社工"), queryset=_social_workers(), required=False)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = _social_workers()
        self.fields["social_worker"].label_from_instance = lambda user: user.get_full_name() or user.username
        today = timezone.localdate()
        self.fields["first_date"].initial = today
        self.fields["last_date"].initial = today + timedelta(weeks=12)

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("结束时间应晚于开始时间。"))
        if data.get("first_date") and data.get("last_date") and data["last_date"] < data["first_date"]:
            self.add_error("last_date", _("末次日期不能早于首次日期。"))
        return data


class EndSeriesForm(forms.Form):
    """提前结束: cancel a series' dates from a day on."""

    series = forms.ModelChoiceField(label=_("系列"), queryset=ActivitySeries.objects.all())
    from_date = forms.DateField(label=_("从哪天起取消"), widget=DateInput)
