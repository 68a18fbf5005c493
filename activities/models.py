"""Public activities for patients and families, their registrations, feedback, and the service contract's targets.

An ``ActivityPage`` is what the public sees and joins; when it needs volunteers it owns one roster activity
(``roster_activity_id``), created through ``roster.actions.do_create_activity``, so volunteers sign up for the same
event. A ``Registration`` needs no account: a 称呼, a mobile number kept encrypted (``roster.crypto``), how many
people, and a secret token for the cancel and feedback links. Feedback is stored without any link to the
registration it came from; the registration only records that its one feedback was given.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kb.models import SitePageMixin
from roster.crypto import decrypt
from roster.idcard import mask_mobile


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Kind(models.TextChoices):
    """The department's kinds of public work (the contract's indicators count activities by kind)."""

    HEALTH_TALK = "health_talk", _("健康宣讲")
    MUTUAL_AID = "mutual_aid", _("病友互助/病友俱乐部")
    CARE = "care", _("患者关爱及医患沟通活动")
    CHILDREN_ELDERLY = "children_elderly", _("儿童与老人小组活动")
    ART = "art", _("艺术活动")
    STAFF_STRESS = "staff_stress", _("医护减压小组")
    STAFF_CARE = "staff_care", _("医护关爱")
    VOLUNTEER_SERVICE = "volunteer_service", _("志愿服务活动")


class Audience(models.TextChoices):
    PATIENTS = "patients", _("患者")
    FAMILIES = "families", _("家属")
    STAFF = "staff", _("医护人员")
    PUBLIC = "public", _("公众")


class ActivityIndexPage(SitePageMixin, Page):
    """公益活动: the department's activities "like a menu", filtered by date, kind, audience and department."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = ["activities.ActivityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("活动日历")
        verbose_name_plural = _("活动日历")

    def get_context(self, request, *args, **kwargs):
        from .queries import calendar_for

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_for(self, request.GET))
        return context


class ActivityPage(SitePageMixin, Page):
    """One activity: what, for whom, where and when, how many places; optionally the volunteers it needs."""

    kind = models.CharField(_("活动类别"), max_length=20, choices=Kind.choices, db_index=True)
    audience = models.CharField(_("面向对象"), max_length=10, choices=Audience.choices, db_index=True)
    department = models.CharField(_("科室"), max_length=60, db_index=True)
    place = models.CharField(_("地点"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    series = models.CharField(
        _("系列"), max_length=60, blank=True, help_text=_("同一系列的多次活动填相同名称,如“糖尿病病友俱乐部”。")
    )
    summary = models.TextField(_("活动介绍"), max_length=500)
    capacity = models.PositiveIntegerField(
        _("名额(人)"), default=20, validators=[MinValueValidator(1)], help_text=_("按到场人数计,含陪同家属。")
    )
    what_to_bring = models.CharField(_("请携带"), max_length=200, blank=True)
    accessibility = models.CharField(
        _("无障碍说明"), max_length=200, blank=True, help_text=_("如:有电梯、可推轮椅入场、提供老花镜和大字资料。")
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_staff": True},
        verbose_name=_("负责社工"),
    )
    volunteer_role = models.ForeignKey(
        "roster.ServiceRole",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("需要的志愿者岗位"),
        help_text=_("选填:选了岗位和人数,发布时在志愿者名册中建同一场活动,志愿者可报名。"),
    )
    volunteers_needed = models.PositiveIntegerField(_("需要志愿者(人)"), default=0)
    roster_activity = models.OneToOneField(
        "roster.Activity",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="public_activity",
        verbose_name=_("志愿者名册中的活动"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("audience"), FieldPanel("department"), FieldPanel("series")],
            heading=_("类别与对象"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("place")],
            heading=_("时间地点"),
        ),
        FieldPanel("summary"),
        FieldPanel("capacity"),
        FieldPanel("what_to_bring"),
        FieldPanel("accessibility"),
        FieldPanel("social_worker"),
        MultiFieldPanel([FieldPanel("volunteer_role"), FieldPanel("volunteers_needed")], heading=_("志愿者")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("series"),
        index.SearchField("department"),
        index.SearchField("place"),
        index.SearchField("what_to_bring"),
        index.SearchField("accessibility"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("department"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("公益活动")
        verbose_name_plural = _("公益活动")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间应晚于开始时间。")})
        if self.volunteers_needed and not self.volunteer_role_id:
            raise ValidationError({"volunteer_role": _("需要志愿者时请选择岗位。")})

    def get_context(self, request, *args, **kwargs):
        from .queries import series_dates

        context = super().get_context(request, *args, **kwargs)
        context["series_dates"] = series_dates(self)
        return context

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary[:150]


class Registration(models.Model):
    """A patient or family member on an activity, without an account: only what the day needs."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    activity = models.ForeignKey(
        ActivityPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("活动")
    )
    salutation = models.CharField(_("称呼"), max_length=20, help_text=_("如“张阿姨”“王先生”,不必填全名。"))
    mobile_encrypted = models.TextField(_("手机号(加密)"), editable=False)
    mobile_masked = models.CharField(_("手机号"), max_length=11, editable=False)
    mobile_hash = models.CharField(max_length=64, db_index=True, editable=False)
    people = models.PositiveSmallIntegerField(_("人数"), default=1)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, db_index=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    consented_at = models.DateTimeField(_("同意隐私说明时间"))
    privacy_notice_version = models.CharField(_("隐私说明版本"), max_length=20)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    reminded_on = models.DateField(_("提醒日期"), null=True, blank=True)
    feedback_given = models.BooleanField(_("已反馈"), default=False)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["activity", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.salutation} · {self.activity.title}"

    @property
    def mobile(self) -> str:
        return decrypt(self.mobile_encrypted)

    def set_mobile(self, number: str) -> None:
        from roster.crypto import encrypt

        self.mobile_encrypted = encrypt(number)
        self.mobile_masked = mask_mobile(number)


class FeedbackQuestion(models.Model):
    """One satisfaction question of the 意见反馈表, scored 1–5; the coordinator decides which are asked."""

    text = models.CharField(_("问题"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("反馈问题")
        verbose_name_plural = _("反馈问题")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Feedback(models.Model):
    """One anonymous 意见反馈表: scores and a comment, for an activity, with nothing that leads to the person."""

    activity = models.ForeignKey(
        ActivityPage, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("活动")
    )
    from_volunteer = models.BooleanField(_("来自志愿者"), default=False)
    comment = models.TextField(_("意见建议"), max_length=500, blank=True)
    submitted_on = models.DateField(_("提交日期"), default=timezone.localdate)

    class Meta:
        verbose_name = _("意见反馈")
        verbose_name_plural = _("意见反馈")

    def __str__(self) -> str:
        return f"{self.activity.title} · {self.submitted_on}"


class FeedbackScore(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="+", verbose_name=_("问题"))
    score = models.PositiveSmallIntegerField(_("满意度"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("满意度评分")
        verbose_name_plural = _("满意度评分")
        constraints = [models.UniqueConstraint(fields=["feedback", "question"], name="activities_score_once")]

    def __str__(self) -> str:
        return f"{self.question} {self.score}"


class VolunteerFeedbackLink(models.Model):
    """A volunteer's one feedback link for an activity they served (a roster sign-up), also anonymous."""

    activity = models.ForeignKey(ActivityPage, on_delete=models.CASCADE, related_name="+")
    signup_id = models.PositiveBigIntegerField()
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "signup_id"], name="activities_volunteer_link")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.signup_id}"


class ContractPeriod(ClusterableModel):
    """A service period of a hospital's purchase contract (e.g. 鄂尔多斯市中心医院购买医务社会工作服务项目)."""

    name = models.CharField(_("项目名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        InlinePanel("indicators", heading=_("指标"), label=_("指标")),
    ]

    class Meta:
        verbose_name = _("服务合同周期")
        verbose_name_plural = _("服务合同周期")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.name}({self.starts_on}–{self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期应不早于开始日期。")})


class Tally(models.Model):
    """A brief anonymous count of case work (个案) or aid (救助): a date, a category, how many; never who."""

    class Category(models.TextChoices):
        CASE = "case", _("个案服务")
        AID = "aid", _("困难患者救助")

    date = models.DateField(_("日期"), default=timezone.localdate)
    category = models.CharField(_("类别"), max_length=8, choices=Category.choices)
    count = models.PositiveSmallIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    summary = models.CharField(
        _("简要说明"), max_length=100, blank=True, help_text=_("不写患者姓名、床号、病区、住院号或诊断。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("个案/救助登记")
        verbose_name_plural = _("个案/救助登记")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} ×{self.count}"


class Indicator(models.Model):
    """One target of a contract period and the evidence it needs; counted from activities of a kind or tallies."""

    period = ParentalKey(ContractPeriod, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=60)
    target = models.PositiveIntegerField(_("目标"))
    unit = models.CharField(_("单位"), max_length=10, default="场")
    activity_kind = models.CharField(
        _("计数的活动类别"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("按已举办(有签到)的活动计数。"),
    )
    tally_category = models.CharField(
        _("计数的登记类别"),
        max_length=8,
        choices=Tally.Category.choices,
        blank=True,
        help_text=_("按个案/救助登记计数。"),
    )
    sessions_per_group = models.PositiveSmallIntegerField(
        _("每组至少节数"),
        default=0,
        help_text=_(
            "按小组计数时填写,如“医护减压小组 2 个 × 5 节”填 5:同一系列已举办满 5 节算 1 个小组;不填按场次计数。"
        ),
    )
    evidence = models.CharField(
        _("所需佐证材料"), max_length=100, blank=True, help_text=_("逗号分隔,如:签到表,活动计划书,意见反馈表")
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("target"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("activity_kind"), FieldPanel("tally_category"), FieldPanel("sessions_per_group")]),
        FieldPanel("evidence"),
    ]

    class Meta:
        verbose_name = _("合同指标")
        verbose_name_plural = _("合同指标")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}"

    def clean(self) -> None:
        if bool(self.activity_kind) == bool(self.tally_category):
            raise ValidationError(_("每个指标请选择一种计数方式:活动类别或登记类别(二选一)。"))
        if self.sessions_per_group and not self.activity_kind:
            raise ValidationError({"sessions_per_group": _("按小组计数只适用于按活动类别计数的指标。")})
