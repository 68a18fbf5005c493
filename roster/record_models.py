"""The volunteer record's own rows (办法 第十一条 deadline calendar, national-system marks) and the agreements,
accident insurance and health credentials a hospital keeps (条例 第十四条、第十七条).

Re-exported from ``roster.models``; foreign keys name their targets by string, so this module imports no model.
Health credentials keep only the date, the result and who checked: never a medical document (PIPL 第二十八条).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """One day of the official calendar that differs from the Monday-to-Friday week: a public holiday (休) or an
    adjusted working day (班, a weekend day worked in exchange). Shipped for 2026 and 2027; editable by the admin."""

    class Kind(models.TextChoices):
        REST = "rest", _("放假")
        WORK = "work", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices, default=Kind.REST)
    name = models.CharField(_("名称"), max_length=40, help_text=_("如:春节、国庆节调休上班"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}({self.get_kind_display()})"


class NationalEntry(models.Model):
    """「已录入全国系统」: a service record entered into the national volunteer information system, when and by whom."""

    record = models.OneToOneField(
        "roster.ServiceRecord", on_delete=models.CASCADE, related_name="national_entry", verbose_name=_("服务时长记录")
    )
    marked_at = models.DateTimeField(_("标记时间"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("标记人"),
    )

    class Meta:
        verbose_name = _("全国系统录入标记")
        verbose_name_plural = _("全国系统录入标记")
        ordering = ["-marked_at"]

    def __str__(self) -> str:
        return f"{self.record} · {_('已录入全国系统')}"


class HealthItem(models.Model):
    """A health credential the hospital asks of the volunteers of some roles (年度结核筛查, 流感疫苗, 健康申报 …)."""

    name = models.CharField(_("项目名称"), max_length=60, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    validity_days = models.PositiveIntegerField(
        _("有效期(天)"), default=365, validators=[MinValueValidator(1)], help_text=_("自检查日期起算。")
    )
    remind_days = models.PositiveIntegerField(_("到期前几天提醒"), default=30)
    roles = models.ManyToManyField(
        "roster.ServiceRole", blank=True, related_name="health_items", verbose_name=_("适用岗位")
    )

    class Meta:
        verbose_name = _("健康要求")
        verbose_name_plural = _("健康要求")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HealthCheck(models.Model):
    """One check of one item: the date, 合格/不合格 and who checked. Nothing else is stored."""

    class Result(models.TextChoices):
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    volunteer = models.ForeignKey(
        "roster.Volunteer", on_delete=models.CASCADE, related_name="health_checks", verbose_name=_("志愿者")
    )
    item = models.ForeignKey(HealthItem, on_delete=models.PROTECT, related_name="checks", verbose_name=_("项目"))
    checked_on = models.DateField(_("检查日期"))
    result = models.CharField(_("结果"), max_length=4, choices=Result.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("核验人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("健康核验")
        verbose_name_plural = _("健康核验")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.item} · {self.checked_on} {self.get_result_display()}"

    @property
    def valid_until(self) -> datetime.date:
        return self.checked_on + datetime.timedelta(days=self.item.validity_days - 1)


class InsurancePolicy(models.Model):
    """A volunteer accident insurance policy (条例 第十七条): insurer, number, period and who it covers."""

    insurer = models.CharField(_("保险公司"), max_length=80)
    number = models.CharField(_("保单号"), max_length=60, unique=True)
    starts_on = models.DateField(_("保险起期"))
    ends_on = models.DateField(_("保险止期"))
    covered = models.ManyToManyField(
        "roster.Volunteer", blank=True, related_name="insurance_policies", verbose_name=_("被保险志愿者")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("意外保险")
        verbose_name_plural = _("意外保险")
        ordering = ["-ends_on"]

    def __str__(self) -> str:
        return f"{self.insurer} {self.number}({self.starts_on}—{self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("保险止期不能早于起期。")})


class AgreementVersion(models.Model):
    """A version of the volunteer service agreement text (条例 第十四条); a volunteer signs one version."""

    version = models.CharField(_("版本号"), max_length=20, unique=True)
    title = models.CharField(_("标题"), max_length=100, default="志愿服务协议")
    text = models.TextField(_("协议文本"))
    effective_from = models.DateField(_("启用日期"), default=timezone.localdate)
    term_months = models.PositiveSmallIntegerField(_("协议期限(月)"), default=12, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("服务协议版本")
        verbose_name_plural = _("服务协议版本")
        ordering = ["-effective_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class SignedAgreement(models.Model):
    """A volunteer's signature on one agreement version: the date signed and until when it runs; renewing is
    signing again (the older rows stay as the history)."""

    class How(models.TextChoices):
        ONLINE = "online", _("线上确认")
        PAPER = "paper", _("纸质签署")

    volunteer = models.ForeignKey(
        "roster.Volunteer", on_delete=models.CASCADE, related_name="agreements", verbose_name=_("志愿者")
    )
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("协议版本")
    )
    signed_on = models.DateField(_("签署日期"))
    expires_on = models.DateField(_("到期日期"))
    how = models.CharField(_("签署方式"), max_length=8, choices=How.choices, default=How.PAPER)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已签服务协议")
        verbose_name_plural = _("已签服务协议")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.version} · {self.signed_on}"


class RecordReminder(models.Model):
    """A reminder sent about the record (a health check nearing expiry, entries nearing or past the deadline) on one
    day; the unique key makes a second one about the same thing that day impossible."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("健康核验即将到期")
        ENTRY = "entry", _("服务记录待录入")
        INSURANCE = "insurance", _("保险即将到期")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("收件人")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("事项"), max_length=80)
    sent_on = models.DateField(_("发送日期"))

    class Meta:
        verbose_name = _("档案提醒")
        verbose_name_plural = _("档案提醒")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "subject", "sent_on"], name="roster_one_record_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} · {self.get_kind_display()} · {self.subject}"
