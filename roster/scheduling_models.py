"""Scheduling the volunteer office runs on (issue 16 part B): the rules it is set by, leave of absence, weekly
series of activities, private calendar feeds and check-in kiosks.

Imported at the end of ``roster/models.py``, so these are ordinary ``roster`` models.
"""

from __future__ import annotations

import secrets
from datetime import time

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]


def _secret() -> str:
    return secrets.token_urlsafe(32)


@register_setting(icon="time")
class SchedulingRules(BaseGenericSetting):
    """The office's own numbers: when a cancellation counts as late, and when a quiet volunteer is followed up."""

    late_cancellation_hours: models.PositiveIntegerField = models.PositiveIntegerField(
        _("临时取消时限(小时)"),
        default=24,
        help_text=_("在活动开始前不足这么多小时取消报名,记为临时取消。"),
    )
    inactive_after_days: models.PositiveIntegerField = models.PositiveIntegerField(
        _("待回访天数"),
        default=90,
        help_text=_("在岗志愿者连续这么多天没有服务记录(请假期间除外),列入待回访名单。"),
    )

    class Meta:
        verbose_name = _("排班规则")
        verbose_name_plural = _("排班规则")

    def __str__(self) -> str:
        return str(_("排班规则"))

    def clean(self) -> None:
        if self.inactive_after_days < 7:
            raise ValidationError({"inactive_after_days": _("待回访天数至少为7天。")})


class LeaveOfAbsence(models.Model):
    """请假/暂停: the dates a volunteer will not serve. Sign-up for an activity inside them is refused."""

    volunteer = models.ForeignKey(
        "roster.Volunteer", on_delete=models.CASCADE, related_name="leaves", verbose_name=_("志愿者")
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
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
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.volunteer.name} {self.starts_on}–{self.ends_on}"


class ActivitySeries(models.Model):
    """A recurring activity ("every Tuesday 09:00–11:30 at 门诊大厅"), made into one Activity per date."""

    name = models.CharField(_("活动名称"), max_length=100)
    department = models.CharField(_("科室或地点"), max_length=60)
    role = models.ForeignKey(
        "roster.ServiceRole", on_delete=models.PROTECT, related_name="series", verbose_name=_("岗位")
    )
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
    weekday = models.PositiveSmallIntegerField(_("每周"), choices=WEEKDAYS)
    start_time = models.TimeField(_("开始时间"), default=time(9))
    end_time = models.TimeField(_("结束时间"), default=time(11, 30))
    first_date = models.DateField(_("首次日期"))
    last_date = models.DateField(_("末次日期"))
    ended_from = models.DateField(_("提前结束自"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("系列活动")
        verbose_name_plural = _("系列活动")
        ordering = ["-first_date"]

    def __str__(self) -> str:
        return f"{self.name}({self.get_weekday_display()} {self.start_time:%H:%M})"


class CalendarFeed(models.Model):
    """A private iCalendar address for one user: its secret token is the only key, and revoking it ends it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("用户")
    )
    token = models.CharField(_("密钥"), max_length=64, unique=True, default=_secret, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {timezone.localtime(self.created_at):%Y-%m-%d}"


class KioskSession(models.Model):
    """A check-in desk opened by a social worker on a tablet: it can check volunteers in and out, nothing else."""

    name = models.CharField(_("签到台名称"), max_length=60)
    department = models.CharField(
        _("服务地点"), max_length=60, blank=True, help_text=_("只为该地点的活动签到;留空则不限地点。")
    )
    token = models.CharField(_("密钥"), max_length=64, unique=True, default=_secret, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("开启人"),
    )
    opened_at = models.DateTimeField(_("开启时间"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("关闭人"),
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签到台")
        verbose_name_plural = _("签到台")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class KioskPin(models.Model):
    """The short PIN a volunteer types at a kiosk with their number; only its hash is kept."""

    volunteer = models.OneToOneField(
        "roster.Volunteer", on_delete=models.CASCADE, related_name="kiosk_pin", verbose_name=_("志愿者")
    )
    pin_hash = models.CharField(_("PIN 摘要"), max_length=200, editable=False)
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("签到 PIN")
        verbose_name_plural = _("签到 PIN")

    def __str__(self) -> str:
        return f"{self.volunteer.number} · {timezone.localtime(self.set_at):%Y-%m-%d}"

    def set_pin(self, pin: str) -> None:
        self.pin_hash = make_password(pin)

    def matches(self, pin: str) -> bool:
        return check_password(pin, self.pin_hash)
