"""The roster: applications, volunteers and their record, activities, service hours and star levels."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from . import crypto
from .choices import Education, Gender, HeardFrom, IdType
from .idcard import mask_id_number, mask_mobile
from .stars import DEFAULT_THRESHOLDS


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def evidence_path(instance: models.Model, filename: str) -> str:
    """An unguessable name: evidence photos are personal data and must not be found by trying file names."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roster/corrections/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}.{extension}"


class IdNumberMixin(models.Model):
    """An ID number kept encrypted, with a keyed hash for duplicates and a masked copy for display."""

    id_number_encrypted = models.TextField(_("身份证号(加密)"), blank=True, editable=False)
    id_number_hash = models.CharField(_("身份证号指纹"), max_length=64, blank=True, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_id_number(self, number: str) -> None:
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_hash = crypto.keyed_hash(number)
        self.id_number_masked = mask_id_number(number)

    def reveal_id_number(self) -> str:
        """The full number. Call only through ``roster.privacy.reveal_id_number``, which logs the view."""
        return crypto.decrypt(self.id_number_encrypted)

    def _mobile_masked(self) -> str:
        return mask_mobile(self.mobile)

    _mobile_masked.short_description = _("手机号")
    mobile_masked = property(_mobile_masked)


class ServiceRole(models.Model):
    """A volunteer role (导诊, 陪伴, 康复协助 …) with the training its holders need."""

    name = models.CharField(_("岗位名称"), max_length=60, unique=True)
    description = models.TextField(_("岗位说明"), blank=True)
    time_commitment = models.CharField(_("时间要求"), max_length=120, blank=True)
    preferred_skills = models.JSONField(_("优先技能"), default=list, blank=True)
    required_courses = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("所需证书对应课程"),
        help_text=_("志愿者须持有这些课程有效期内的证书才会被匹配。"),
    )
    recruiting = models.BooleanField(_("招募中"), default=True)
    needs_insurance = models.BooleanField(
        _("须投保意外险"), default=False, help_text=_("勾选后,只有在保险期内的志愿者才能报名、被匹配和签到。")
    )

    class Meta:
        verbose_name = _("服务岗位")
        verbose_name_plural = _("服务岗位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Application(IdNumberMixin):
    """A recruitment application, as submitted on /join/ and screened by a social worker."""

    class Status(models.TextChoices):
        NEW = "new", _("待筛选")
        ACCEPTED = "accepted", _("已录用")
        REJECTED = "rejected", _("未录用")

    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("出生日期"))
    mobile = models.CharField(_("手机号"), max_length=11, db_index=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("职业/学校"), max_length=80)
    skills = models.JSONField(_("技能特长"), default=list, blank=True)
    skills_other = models.CharField(_("其他特长"), max_length=200, blank=True)
    preferred_roles = models.ManyToManyField(ServiceRole, blank=True, verbose_name=_("意向岗位"))
    availability = models.JSONField(_("每周可服务时段"), default=list, blank=True)
    emergency_contact_name = models.CharField(_("紧急联系人"), max_length=40)
    emergency_contact_phone = models.CharField(_("紧急联系人电话"), max_length=20)
    heard_from = models.CharField(_("了解渠道"), max_length=20, choices=HeardFrom.choices)
    guardian_name = models.CharField(_("监护人姓名"), max_length=40, blank=True)
    guardian_consent = models.BooleanField(_("监护人已同意"), default=False)
    privacy_notice_version = models.CharField(_("隐私声明版本"), max_length=20)
    privacy_consented_at = models.DateTimeField(_("同意隐私声明时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    interview_notes = models.TextField(_("面试记录"), blank=True)
    rejection_reason = models.TextField(_("未录用原因"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("筛选人"),
    )
    screened_at = models.DateTimeField(_("筛选时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("志愿者申请")
        verbose_name_plural = _("志愿者申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}({self.get_status_display()})"


class Volunteer(IdNumberMixin):
    """A volunteer's record, kept truthfully and completely as 《志愿服务记录与证明出具办法》 asks."""

    class Status(models.TextChoices):
        APPLYING = "applying", _("申请中")
        TRAINING = "training", _("培训中")
        ACTIVE = "active", _("在岗")
        PAUSED = "paused", _("暂停")
        LEFT = "left", _("退出")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
        verbose_name=_("用户账号"),
    )
    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
        verbose_name=_("申请"),
    )
    number = models.CharField(_("志愿者编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True, db_index=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    occupation = models.CharField(_("职业/学校"), max_length=80, blank=True)
    skills = models.JSONField(_("技能特长"), default=list, blank=True)
    availability = models.JSONField(_("每周可服务时段"), default=list, blank=True)
    roles = models.ManyToManyField(ServiceRole, blank=True, related_name="volunteers", verbose_name=_("服务岗位"))
    cohort = models.CharField(
        _("批次"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("加入岗前培训批次后由培训系统自动填写,与培训批次的名称一致。"),
    )
    emergency_contact_name = models.CharField(_("紧急联系人"), max_length=40, blank=True)
    emergency_contact_phone = models.CharField(_("紧急联系人电话"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.TRAINING, db_index=True)
    joined_on = models.DateField(_("加入日期"), default=timezone.localdate)
    # 办法 第五条: the personal block as the national system asks for it.
    id_type = models.CharField(_("身份证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    residence_area = models.CharField(_("居住区域"), max_length=80, blank=True, help_text=_("如:北京市东城区"))
    service_category = models.CharField(
        _("服务类别"), max_length=40, blank=True, default="卫生健康", help_text=_("全国志愿服务信息系统中的服务类别。")
    )
    national_number = models.CharField(
        _("全国志愿者编号"), max_length=40, blank=True, help_text=_("已在全国志愿服务信息系统注册的,填写其编号。")
    )
    confirmed_hours = models.DecimalField(
        _("已确认服务时长"), max_digits=8, decimal_places=2, default=Decimal("0"), editable=False
    )
    star_level = models.PositiveSmallIntegerField(_("星级"), default=0, editable=False, db_index=True)
    erasure_requested_at = models.DateTimeField(_("申请删除个人信息时间"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class StatusChange(models.Model):
    """One step of a volunteer's status history."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("志愿者")
    )
    from_status = models.CharField(_("原状态"), max_length=10, choices=Volunteer.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Volunteer.Status.choices)
    changed_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Commendation(models.Model):
    """An honour: name, level, issuer, date."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")
        HOSPITAL = "hospital", _("院级")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="commendations", verbose_name=_("志愿者")
    )
    name = models.CharField(_("表彰名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    issuer = models.CharField(_("颁发单位"), max_length=100)
    awarded_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("表彰奖励")
        verbose_name_plural = _("表彰奖励")
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} · {self.name}"


class Evaluation(models.Model):
    """An evaluation of a volunteer's service, or a complaint about it."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("评价")
        COMPLAINT = "complaint", _("投诉")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("志愿者")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.EVALUATION)
    rating = models.PositiveSmallIntegerField(_("评分(1-5)"), null=True, blank=True)
    content = models.TextField(_("内容"))
    source = models.CharField(_("来源"), max_length=60, blank=True, help_text=_("如:患者家属、科室护士长"))
    recorded_on = models.DateField(_("日期"), default=timezone.localdate)
    service_date = models.DateField(
        _("所评价的服务日期"),
        null=True,
        blank=True,
        help_text=_("被评价的那次服务的日期;按《办法》第十一条,评价应在其后10个工作日内录入。不填则按“日期”计算。"),
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("评价与投诉")
        verbose_name_plural = _("评价与投诉")
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} · {self.get_kind_display()} {self.recorded_on}"

    def clean(self) -> None:
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValidationError({"rating": _("评分应在1到5之间。")})
        if self.service_date and self.recorded_on and self.service_date > self.recorded_on:
            raise ValidationError({"service_date": _("所评价的服务日期不能晚于评价日期。")})

    @property
    def evaluated_on(self) -> datetime.date:
        """The date the evaluation is about: the service's date, else the evaluation's own date."""
        return self.service_date or self.recorded_on


class Note(models.Model):
    """A dated entry of the volunteer's notes timeline, written by a social worker."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="notes", verbose_name=_("志愿者"))
    text = models.TextField(_("内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("备注")
        verbose_name_plural = _("备注")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} · {timezone.localtime(self.created_at):%Y-%m-%d}"


class Activity(models.Model):
    """An activity or shift: where, when, which role, how many volunteers, which social worker is in charge."""

    name = models.CharField(_("活动名称"), max_length=100)
    department = models.CharField(_("科室或地点"), max_length=60, db_index=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    role = models.ForeignKey(ServiceRole, on_delete=models.PROTECT, related_name="activities", verbose_name=_("岗位"))
    capacity = models.PositiveIntegerField(_("名额"), default=5)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("负责社工"),
    )
    description = models.TextField(_("说明"), blank=True)
    # Scheduling (issue 16): the weekly series this activity is one date of, if any.
    series = models.ForeignKey(
        "roster.ActivitySeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("所属系列"),
    )

    class Meta:
        verbose_name = _("活动/班次")
        verbose_name_plural = _("活动/班次")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间应晚于开始时间。")})


class Signup(models.Model):
    """A volunteer on an activity: invited, signed up, checked in and out (QR token on their phone)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("已邀请")
        SIGNED_UP = "signed_up", _("已报名")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("活动"))
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups", verbose_name=_("志愿者"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    token = models.CharField(_("签到码"), max_length=40, unique=True, default=_new_token, editable=False)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    # Scheduling (issue 16): the waitlist's order, and how a place was given up or left unused.
    waitlisted_at = models.DateTimeField(_("候补时间"), null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    late_cancellation = models.BooleanField(_("临时取消"), default=False)
    no_show = models.BooleanField(_("未到岗"), default=False)

    class Meta:
        verbose_name = _("报名与签到")
        verbose_name_plural = _("报名与签到")
        constraints = [models.UniqueConstraint(fields=["activity", "volunteer"], name="roster_signup_once")]
        ordering = ["activity", "created_at"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} · {self.activity.name}"


class ServiceRecord(models.Model):
    """Service hours. Only confirmed records count towards totals, star levels and certificates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("不予确认")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="service_records", verbose_name=_("志愿者")
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_records",
        verbose_name=_("活动"),
    )
    signup = models.OneToOneField(
        Signup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_record",
        verbose_name=_("签到记录"),
    )
    date = models.DateField(_("服务日期"), db_index=True)
    department = models.CharField(_("科室或地点"), max_length=60, blank=True)
    content = models.CharField(_("服务内容"), max_length=100, blank=True)
    hours = models.DecimalField(_("时长(小时)"), max_digits=6, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    missing_check_out = models.BooleanField(
        _("未签退"), default=False, help_text=_("签到后未签退,已在活动结束时自动关闭并计0小时,待社工更正。")
    )

    class Meta:
        verbose_name = _("服务时长记录")
        verbose_name_plural = _("服务时长记录")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["status", "date"], name="roster_service_status_date"),
            models.Index(fields=["volunteer", "status"], name="roster_service_vol_status"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.name} {self.date} {self.hours}h"


class ServiceRecordChange(models.Model):
    """One correction of a service record: who, when, why, and the values before and after (办法 第十三条)."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="changes", verbose_name=_("服务时长记录")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("更正人"),
    )
    changed_at = models.DateTimeField(_("更正时间"), default=timezone.now)
    reason = models.CharField(_("更正原因"), max_length=200)
    before = models.JSONField(_("更正前"), default=dict, blank=True)
    after = models.JSONField(_("更正后"), default=dict, blank=True)

    class Meta:
        verbose_name = _("服务记录更正")
        verbose_name_plural = _("服务记录更正")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.record} · {self.reason}"


class CorrectionRequest(models.Model):
    """A volunteer's report that a service record is missing or wrong, and the social worker's decision."""

    class Kind(models.TextChoices):
        MISSING = "missing", _("漏记")
        WRONG = "wrong", _("记录有误")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        DECLINED = "declined", _("未采纳")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="correction_requests", verbose_name=_("志愿者")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("活动")
    )
    record = models.ForeignKey(
        ServiceRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correction_requests",
        verbose_name=_("服务时长记录"),
    )
    date = models.DateField(_("服务日期"))
    started_at = models.DateTimeField(_("实际开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("实际结束时间"), null=True, blank=True)
    description = models.TextField(_("问题说明"))
    evidence = models.FileField(_("证明照片"), upload_to=evidence_path, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_reason = models.CharField(_("处理说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("服务记录更正申请")
        verbose_name_plural = _("服务记录更正申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} {self.date} {self.get_kind_display()}({self.get_status_display()})"


class IdNumberView(models.Model):
    """Audit log: who saw which full ID number, when (PIPL accountability)."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("查看人")
    )
    subject = models.CharField(_("对象"), max_length=80)
    viewed_at = models.DateTimeField(_("查看时间"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("身份证号查看记录")
        verbose_name_plural = _("身份证号查看记录")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer} · {self.subject} · {timezone.localtime(self.viewed_at):%Y-%m-%d %H:%M}"


@register_setting(icon="pick")
class StarThresholds(BaseGenericSetting):
    """Hours needed for one to five stars; saving recomputes every volunteer's star level."""

    one_star = models.PositiveIntegerField(_("一星所需小时"), default=DEFAULT_THRESHOLDS[0])
    two_stars = models.PositiveIntegerField(_("二星所需小时"), default=DEFAULT_THRESHOLDS[1])
    three_stars = models.PositiveIntegerField(_("三星所需小时"), default=DEFAULT_THRESHOLDS[2])
    four_stars = models.PositiveIntegerField(_("四星所需小时"), default=DEFAULT_THRESHOLDS[3])
    five_stars = models.PositiveIntegerField(_("五星所需小时"), default=DEFAULT_THRESHOLDS[4])

    class Meta:
        verbose_name = _("星级时长标准")
        verbose_name_plural = _("星级时长标准")

    def __str__(self) -> str:
        return "/".join(str(value) for value in self.as_tuple())

    def as_tuple(self) -> tuple[int, ...]:
        return (self.one_star, self.two_stars, self.three_stars, self.four_stars, self.five_stars)

    def clean(self) -> None:
        values = self.as_tuple()
        if any(later <= earlier for earlier, later in zip(values, values[1:], strict=False)) or values[0] <= 0:
            raise ValidationError(_("各星级所需小时数应大于0且逐级递增。"))


# Models of this app kept in their own modules: the record as 《志愿服务记录与证明出具办法》 defines it (agreements,
# insurance, health) in record_models; scheduling (waitlist settings, leave, series, calendar feeds, kiosks) in
# scheduling_models.
from .record_models import (  # noqa: E402,F401 - models of this app, kept in their own module
    AgreementVersion,
    HealthCheck,
    HealthItem,
    Holiday,
    InsurancePolicy,
    NationalEntry,
    RecordReminder,
    SignedAgreement,
)
from .scheduling_models import (  # noqa: E402, F401
    ActivitySeries,
    CalendarFeed,
    KioskPin,
    KioskSession,
    LeaveOfAbsence,
    SchedulingRules,
)
