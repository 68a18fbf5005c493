"""Forms: the public application, the volunteer's correction request, and the social workers' screening, status,
hours and correction forms."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.uploads import validate_upload
from config.widgets import IsoDateInput, IsoDateTimeInput

from .choices import AVAILABILITY_CHOICES, Skill
from .idcard import InvalidIdNumber, birth_date, validate_id_number
from .models import Activity, Application, CorrectionRequest, ServiceRecord, ServiceRole, Volunteer
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
        label=_("身份证号(选填)"),
        required=False,
        max_length=20,
        help_text=_("加密保存,仅显示部分号码。用于开具志愿服务证明和购买保险。"),
    )
    skills = forms.MultipleChoiceField(
        label=_("技能特长"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("每周可服务时段"),
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个可服务时段。")},
    )
    preferred_roles = forms.ModelMultipleChoiceField(
        label=_("意向岗位"),
        queryset=ServiceRole.objects.filter(recruiting=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
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
            "name",
            "gender",
            "date_of_birth",
            "mobile",
            "email",
            "id_number",
            "education",
            "occupation",
            "skills",
            "skills_other",
            "preferred_roles",
            "availability",
            "emergency_contact_name",
            "emergency_contact_phone",
            "heard_from",
            "guardian_name",
            "guardian_consent",
        ]
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


def cohort_choices() -> list[tuple[str, str]]:
    """The onboarding cohorts a volunteer may join now, from the ``roster_cohort_choices`` Wagtail hook.

    Onboarding sits above the roster, so it registers the hook and the roster never imports it.
    """
    choices: list[tuple[str, str]] = []
    for hook in hooks.get_hooks("roster_cohort_choices"):
        choices.extend(hook())
    return choices


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("结论"), choices=(("accept", _("录用")), ("reject", _("不录用"))))
    cohort = forms.TypedChoiceField(
        label=_("培训批次"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("录用后志愿者会直接加入所选批次,并在“我的”中看到培训安排;暂不安排可选“暂不加入批次”。"),
    )
    interview_notes = forms.CharField(label=_("面试记录"), required=False, widget=forms.Textarea({"rows": 4}))
    rejection_reason = forms.CharField(label=_("未录用原因"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cohort_labels = dict(cohort_choices())
        field = self.fields["cohort"]
        field.choices = [("", _("暂不加入批次")), *self.cohort_labels.items()]
        if not self.cohort_labels:
            field.help_text = _("目前没有正在招收的培训批次,可先在“岗前培训 → 培训批次”中新建,或暂不加入批次。")

    def cohort_name(self) -> str:
        """The chosen cohort's label as the roster records it (empty when none was chosen)."""
        cohort_id = self.cleaned_data.get("cohort")
        return self.cohort_labels.get(str(cohort_id), "") if cohort_id else ""

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
    checked_in_at = forms.DateTimeField(label=_("签到时间"), widget=IsoDateTimeInput())
    checked_out_at = forms.DateTimeField(label=_("签退时间"), widget=IsoDateTimeInput())
    reason = forms.CharField(label=_("更正原因(时间超出活动时段时必填)"), required=False, max_length=200)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("checked_in_at") and cleaned.get("checked_out_at"):
            if cleaned["checked_out_at"] <= cleaned["checked_in_at"]:
                self.add_error("checked_out_at", _("签退时间应晚于签到时间。"))
        return cleaned


class MatchForm(forms.Form):
    role = forms.ModelChoiceField(label=_("岗位"), queryset=ServiceRole.objects.all(), empty_label=_("请选择岗位"))
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=IsoDateTimeInput())

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        return cleaned


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), widget=IsoDateInput())
    end = forms.DateField(label=_("结束日期"), widget=IsoDateInput())

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件(.xlsx)"))

    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], ("xlsx",), 5 * 1024 * 1024)


class CorrectTimesForm(AttendanceForm):
    """A social worker sets the real times of a record (a forgotten sign-out, a wrong entry); the reason is kept."""

    reason = forms.CharField(label=_("更正原因"), max_length=200)


EVIDENCE_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "heic")
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
CORRECTION_LOOKBACK_DAYS = 180


class CorrectionRequestForm(forms.Form):
    """What a volunteer reports from "我的": which activity or date, what is wrong, a note, an optional photo."""

    kind = forms.ChoiceField(label=_("问题类型"), choices=CorrectionRequest.Kind.choices)
    activity = forms.ModelChoiceField(label=_("活动"), queryset=Activity.objects.none(), required=False)
    record = forms.ModelChoiceField(label=_("有误的服务记录"), queryset=ServiceRecord.objects.none(), required=False)
    date = forms.DateField(label=_("服务日期"), widget=IsoDateInput())
    started_at = forms.DateTimeField(label=_("实际开始时间"), required=False, widget=IsoDateTimeInput())
    ended_at = forms.DateTimeField(label=_("实际结束时间"), required=False, widget=IsoDateTimeInput())
    description = forms.CharField(label=_("问题说明"), max_length=1000, widget=forms.Textarea({"rows": 3}))
    evidence = forms.FileField(
        label=_("证明照片(可选)"), required=False, help_text=_("如签到表照片,jpg/png/webp/heic,不超过5MB。")
    )

    def __init__(self, *args, volunteer: Volunteer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.now() - timedelta(days=CORRECTION_LOOKBACK_DAYS)
        self.fields["activity"].queryset = Activity.objects.filter(
            signups__volunteer=volunteer, starts_at__gte=since, starts_at__lte=timezone.now()
        ).order_by("-starts_at")
        self.fields["record"].queryset = volunteer.service_records.filter(date__gte=timezone.localdate(since))

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return validate_upload(upload, EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES) if upload else None

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") == CorrectionRequest.Kind.WRONG and not cleaned.get("record"):
            self.add_error("record", _("请选择有误的服务记录。"))
        if cleaned.get("date") and cleaned["date"] > timezone.localdate():
            self.add_error("date", _("服务日期不能晚于今天。"))
        start, end = cleaned.get("started_at"), cleaned.get("ended_at")
        if start and end and end <= start:
            self.add_error("ended_at", _("结束时间应晚于开始时间。"))
        return cleaned


class CorrectionDecisionForm(forms.Form):
    """A social worker's decision on a correction request: accept with the real times, or decline; a reason always."""

    decision = forms.ChoiceField(label=_("处理"), choices=(("accept", _("采纳")), ("decline", _("不采纳"))))
    started_at = forms.DateTimeField(label=_("开始时间"), required=False, widget=IsoDateTimeInput())
    ended_at = forms.DateTimeField(label=_("结束时间"), required=False, widget=IsoDateTimeInput())
    reason = forms.CharField(label=_("处理说明"), max_length=200)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == "accept":
            start, end = cleaned.get("started_at"), cleaned.get("ended_at")
            if not start:
                self.add_error("started_at", _("采纳时请填写开始时间。"))
            if not end:
                self.add_error("ended_at", _("采纳时请填写结束时间。"))
            if start and end and end <= start:
                self.add_error("ended_at", _("结束时间应晚于开始时间。"))
        return cleaned
