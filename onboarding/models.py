"""The month-long onboarding (岗前培训): programmes of weekly steps, cohorts that run them, and each volunteer's
record of the steps done.

Progress is kept per person and step (``StepRecord``), not per cohort membership, so moving a volunteer to another
cohort of the same programme keeps everything they have done.
"""

from __future__ import annotations

import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable

from accounts.names import display_name


class Programme(ClusterableModel):
    """A training programme: ordered steps across weeks, and the certificate it ends with."""

    name = models.CharField(_("名称"), max_length=120, unique=True)
    description = models.TextField(_("说明"), blank=True)
    weeks = models.PositiveSmallIntegerField(
        _("周数"), default=4, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    certificate_rule = models.ForeignKey(
        "certificates.IssuingRule",
        verbose_name=_("结业证书颁发规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"trigger": "programme_completed"},
        help_text=_("全部必修步骤完成后按此规则颁发(证书模板、学时、有效期);留空则不颁发证书。"),
    )
    active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("weeks"), FieldPanel("active")]),
        FieldPanel("certificate_rule", heading=_("结业证书"), widget=forms.Select),
        InlinePanel("steps", heading=_("培训步骤"), label=_("步骤"), min_num=1),
    ]

    class Meta:
        verbose_name = _("培训项目")
        verbose_name_plural = _("培训项目")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Step(Orderable):
    """One thing to do, in a given week, done in one of five ways."""

    class Kind(models.TextChoices):
        COURSE = "course", _("完成课程")
        QUIZ = "quiz", _("通过测验")
        SESSION = "session", _("参加集中培训(扫码签到)")
        SHADOW_SHIFT = "shadow_shift", _("跟岗见习(社工签字确认)")
        ACKNOWLEDGE = "acknowledge", _("阅读并确认文件")

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="steps", verbose_name=_("培训项目"))
    title = models.CharField(_("步骤名称"), max_length=120)
    kind = models.CharField(_("完成方式"), max_length=20, choices=Kind.choices)
    week = models.PositiveSmallIntegerField(_("第几周"), default=1, validators=[MinValueValidator(1)])
    due_day = models.PositiveSmallIntegerField(
        _("截止日(开班后第几天)"),
        null=True,
        blank=True,
        help_text=_("从开班日算起的天数;留空则为该周最后一天。"),
    )
    required = models.BooleanField(_("必修"), default=True)
    description = models.TextField(_("说明"), blank=True)
    hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        default=2,
        help_text=_("集中培训的学时,记入志愿者档案的培训记录。"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("课程"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quiz = models.ForeignKey(
        "courses.Quiz", verbose_name=_("测验"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pledge = models.TextField(
        _("确认声明"), blank=True, help_text=_("志愿者确认时看到的声明,例如“我已阅读并承诺遵守保密规定”。")
    )
    agreement_version = models.ForeignKey(
        "roster.AgreementVersion",
        verbose_name=_("对应服务协议版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("选择后,志愿者确认此步骤即在线签署该版本的服务协议,记入志愿者档案。"),
    )
    role = models.ForeignKey(
        "roster.ServiceRole",
        verbose_name=_("仅限岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("只有该岗位的志愿者需要完成;留空为所有人。"),
    )
    depends_on = models.ForeignKey(
        "self",
        verbose_name=_("前置步骤"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("须先完成的步骤。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("week"), FieldPanel("due_day"), FieldPanel("required"), FieldPanel("hours")]),
        FieldPanel("description"),
        PageChooserPanel("course", "courses.CoursePage"),
        FieldPanel("quiz"),
        FieldPanel("document"),
        FieldPanel("pledge"),
        FieldPanel("agreement_version"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("depends_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("培训步骤")
        verbose_name_plural = _("培训步骤")

    def __str__(self) -> str:
        return f"{_('第%(week)s周') % {'week': self.week}} · {self.title}"

    @property
    def due_offset_days(self) -> int:
        """Days after the cohort's start by which the step is due (the last day of its week by default)."""
        return self.due_day if self.due_day is not None else self.week * 7 - 1

    def clean(self) -> None:
        needed = {
            self.Kind.COURSE: ("course", _("“完成课程”步骤须选择课程。")),
            self.Kind.QUIZ: ("quiz", _("“通过测验”步骤须选择测验。")),
        }.get(self.kind)
        if needed and getattr(self, f"{needed[0]}_id") is None:
            raise ValidationError({needed[0]: needed[1]})
        if self.kind == self.Kind.ACKNOWLEDGE and not (self.document_id or self.pledge):
            raise ValidationError({"pledge": _("“阅读并确认文件”步骤须上传文件或填写确认声明。")})
        if self.programme_id and self.week > self.programme.weeks:
            raise ValidationError({"week": _("周数超出了培训项目的总周数。")})
        if self.depends_on_id and self.depends_on_id == self.pk:
            raise ValidationError({"depends_on": _("步骤不能依赖自己。")})


class Cohort(models.Model):
    """A group of volunteers who start a programme on the same day (批次)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("培训项目"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("批次名称"), max_length=80, unique=True)
    start_date = models.DateField(_("开班日期"))
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责社工"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="onboarding_cohorts",
        limit_choices_to={"is_staff": True},
    )
    location = models.CharField(_("集中培训地点"), max_length=120, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("social_worker")]),
        FieldPanel("location"),
    ]

    class Meta:
        verbose_name = _("培训批次")
        verbose_name_plural = _("培训批次")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name

    def due_date(self, step: Step) -> datetime.date:
        return self.start_date + datetime.timedelta(days=step.due_offset_days)

    @property
    def end_date(self) -> datetime.date:
        return self.start_date + datetime.timedelta(days=self.programme.weeks * 7 - 1)


class Membership(models.Model):
    """A volunteer's place in a cohort; one current cohort per person."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="memberships")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="onboarding"
    )
    role = models.ForeignKey(
        "roster.ServiceRole", verbose_name=_("岗位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(_("加入时间"), default=timezone.now)
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("结业证书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("批次成员")
        verbose_name_plural = _("批次成员")
        ordering = ["cohort", "user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.cohort} · {display_name(self.user)}"


class StepRecord(models.Model):
    """A step done by a person: how, when, and who signed it off."""

    class How(models.TextChoices):
        AUTOMATIC = "automatic", _("系统自动记录")
        SIGNED_IN = "signed_in", _("扫码签到")
        SIGNED_OFF = "signed_off", _("社工签字确认")
        ACKNOWLEDGED = "acknowledged", _("本人确认")
        EXCEPTION = "exception", _("协调员特批免修")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="onboarding_steps"
    )
    step = models.ForeignKey(Step, verbose_name=_("步骤"), on_delete=models.CASCADE, related_name="records")
    how = models.CharField(_("完成方式"), max_length=16, choices=How.choices)
    completed_at = models.DateTimeField(_("完成时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(
        _("评分(1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evaluation = models.TextField(_("评价"), blank=True)
    reason = models.TextField(_("特批理由"), blank=True)

    class Meta:
        verbose_name = _("步骤记录")
        verbose_name_plural = _("步骤记录")
        constraints = [models.UniqueConstraint(fields=["user", "step"], name="onboarding_one_record_per_step")]

    def __str__(self) -> str:
        return f"{display_name(self.user)} · {self.step.title} · {self.get_how_display()}"


def new_sign_in_code() -> str:
    return secrets.token_urlsafe(16)


class Session(models.Model):
    """A scheduled training session of a cohort, signed in to by scanning its QR code."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="sessions")
    step = models.ForeignKey(
        Step,
        verbose_name=_("对应步骤"),
        on_delete=models.CASCADE,
        related_name="sessions",
        limit_choices_to={"kind": Step.Kind.SESSION},
    )
    starts_at = models.DateTimeField(_("开始时间"))
    location = models.CharField(_("地点"), max_length=120, blank=True)
    sign_in_code = models.CharField(_("签到码"), max_length=32, unique=True, default=new_sign_in_code, editable=False)

    panels = [FieldPanel("cohort"), FieldPanel("step"), FieldPanel("starts_at"), FieldPanel("location")]

    class Meta:
        verbose_name = _("集中培训")
        verbose_name_plural = _("集中培训")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.step.title} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.step_id and self.cohort_id and self.step.programme_id != self.cohort.programme_id:
            raise ValidationError({"step": _("该步骤不属于这个批次的培训项目。")})


class Reminder(models.Model):
    """A reminder sent about one step on one day; the unique key makes a second one that day impossible."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.ForeignKey(Step, verbose_name=_("步骤"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("发送日期"))
    channels = models.CharField(_("发送渠道"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("培训提醒")
        verbose_name_plural = _("培训提醒")
        constraints = [
            models.UniqueConstraint(fields=["user", "step", "sent_on"], name="onboarding_one_reminder_per_step_day")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} · {display_name(self.user)} · {self.step.title}"
