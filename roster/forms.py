"""Forms: the public application and the social workers' screening, status and hours forms."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.uploads import validate_upload

from .choices import AVAILABILITY_CHOICES, Skill
from .idcard import InvalidIdNumber, birth_date, validate_id_number
from .models import Application, ServiceRole, Volunteer
from .privacy import PRIVACY_NOTICE_VERSION

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
MINIMUM_AGE = settings.VOLUNTEER_MINIMUM_AGE
ADULT_AGE = settings.VOLUNTEER_ADULT_AGE
_AGES = {"minimum": MINIMUM_AGE, "last_minor": ADULT_AGE - 1}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def validate_mobile(value: str) -> str:
    value = (value or "").strip().replace(" ", "").replace("-", "")
    if not MOBILE_PATTERN.match(value):
        raise ValidationError(_("请输入11位手机号码。"))
    return value


class ApplicationForm(forms.ModelForm):
    """The recruitment form. Minors (14-17 by default) need a guardian's name and consent; younger are refused."""

    minimum_age = MINIMUM_AGE
    last_minor_age = ADULT_AGE - 1

    id_number = forms.CharField(
        label=_("身份证号(选填)"), required=False, max_length=20,
        help_text=_("加密保存,仅显示部分号码。用于开具志愿服务证明和购买保险。"),
    )  # fmt: skip
    skills = forms.MultipleChoiceField(
        label=_("技能特长"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("每周可服务时段"), choices=AVAILABILITY_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个可服务时段。")},
    )  # fmt: skip
    preferred_roles = forms.ModelMultipleChoiceField(
        label=_("意向岗位"), queryset=ServiceRole.objects.filter(recruiting=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    privacy_consent = forms.BooleanField(
        label=_("我已阅读并同意《志愿者个人信息保护声明》"),
        error_messages={"required": _("请阅读并同意个人信息保护声明。")},
    )
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(
        label=_("网站(请留空)"), required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    class Meta:
        model = Application
        fields = [
            "name", "gender", "date_of_birth", "mobile", "email", "id_number", "education", "occupation", "skills",
            "skills_other", "preferred_roles", "availability", "emergency_contact_name", "emergency_contact_phone",
            "heard_from", "guardian_name", "guardian_consent",
        ]  # fmt: skip
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}), "mobile": forms.TextInput({"type": "tel"})}
        labels = {
            "guardian_consent": format_lazy(
                _("监护人已知悉并同意本人参加志愿服务({minimum}至{last_minor}周岁须填写)"), **_AGES
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.CheckboxSelectMultiple):
                # Django's "---------" says nothing to a reader; an empty choice that asks does.
                field.choices = [("", _("请选择")) if value == "" else (value, label) for value, label in field.choices]

    def clean_mobile(self) -> str:
        return validate_mobile(self.cleaned_data["mobile"])

    def clean_emergency_contact_phone(self) -> str:
        value = self.cleaned_data["emergency_contact_phone"].strip()
        if not re.match(r"^[\d\-+ ]{7,20}$", value):
            raise ValidationError(_("请输入有效的联系电话。"))
        return value

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number", "")
        if not value.strip():
            return ""
        try:
            return validate_id_number(value)
        except InvalidIdNumber as error:
            raise ValidationError(str(error)) from error

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("出生日期不能晚于今天。"))
        if age_on(born, today) < MINIMUM_AGE:
            raise ValidationError(_("很抱歉,未满%(minimum)s周岁暂不能报名成为志愿者。") % _AGES)
        return born

    def clean(self) -> dict:
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        number = cleaned.get("id_number")
        if born and number and birth_date(number) != born:
            self.add_error("id_number", _("身份证号中的出生日期与填写的出生日期不一致。"))
        if born and age_on(born, timezone.localdate()) < ADULT_AGE:
            if not cleaned.get("guardian_name", "").strip():
                self.add_error("guardian_name", _("%(minimum)s至%(last_minor)s周岁的申请人须填写监护人姓名。") % _AGES)
            if not cleaned.get("guardian_consent"):
                self.add_error(
                    "guardian_consent", _("%(minimum)s至%(last_minor)s周岁的申请人须取得监护人同意。") % _AGES
                )
        return cleaned

    def save(self, commit: bool = True) -> Application:
        application = super().save(commit=False)
        application.set_id_number(self.cleaned_data.get("id_number", ""))
        application.privacy_notice_version = PRIVACY_NOTICE_VERSION
        application.privacy_consented_at = timezone.now()
        if commit:
            application.save()
            self.save_m2m()
        return application


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("结论"), choices=(("accept", _("录用")), ("reject", _("不录用"))))
    cohort = forms.CharField(label=_("培训批次"), required=False, max_length=40)
    interview_notes = forms.CharField(label=_("面试记录"), required=False, widget=forms.Textarea({"rows": 4}))
    rejection_reason = forms.CharField(label=_("未录用原因"), required=False, widget=forms.Textarea({"rows": 2}))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("rejection_reason", "").strip():
            self.add_error("rejection_reason", _("请填写未录用原因。"))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=Volunteer.Status.choices)
    reason = forms.CharField(label=_("说明"), required=False, max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("新增备注"), widget=forms.Textarea({"rows": 3}))


class ConfirmHoursForm(forms.Form):
    hours = forms.DecimalField(label=_("确认时长(小时)"), min_value=0, max_value=10000, decimal_places=2)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)


class AttendanceForm(forms.Form):
    checked_in_at = forms.DateTimeField(label=_("签到时间"), widget=forms.DateTimeInput({"type": "datetime-local"}))
    checked_out_at = forms.DateTimeField(label=_("签退时间"), widget=forms.DateTimeInput({"type": "datetime-local"}))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("checked_in_at") and cleaned.get("checked_out_at"):
            if cleaned["checked_out_at"] <= cleaned["checked_in_at"]:
                self.add_error("checked_out_at", _("签退时间应晚于签到时间。"))
        return cleaned


class MatchForm(forms.Form):
    role = forms.ModelChoiceField(label=_("岗位"), queryset=ServiceRole.objects.all())
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput({"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=forms.DateTimeInput({"type": "datetime-local"}))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        return cleaned


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput({"type": "date"}))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件(.xlsx)"))

    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], ("xlsx",), 5 * 1024 * 1024)
