"""Certificate templates, issuing rules, certificates and their audit trail.

A certificate's printed facts (name, title, hours, scope, dates) are copied onto the row when it is issued, so
that a later edit of the template, the course or the user never changes a certificate that was already handed out;
correcting a certificate is done by reissuing it (the old one is marked superseded).
"""

from __future__ import annotations

import datetime
import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, PreviewableMixin

# Placeholders a template body may use, with what each one prints.
PLACEHOLDERS: dict[str, str] = {
    "name": _("持证人姓名"),
    "course": _("课程或项目名称"),
    "hours": _("学时"),
    "scope": _("涵盖的模块"),
    "issued_on": _("颁发日期"),
    "valid_until": _("有效期至"),
    "serial": _("证书编号"),
    "hospital": _("医院"),
    "period": _("服务期间"),
    "service_content": _("服务内容"),
    "volunteer_number": _("志愿者编号"),
    "id_document": _("证件类型及号码(已遮盖)"),
}
PLACEHOLDER_RE = re.compile(r"\{([^{}\s]+)\}")


class PrivateCertificateStorage(FileSystemStorage):
    """Certificate PDFs live outside MEDIA_ROOT: only the download view (holder or staff) may hand them out."""

    @property
    def base_location(self) -> str:
        return str(settings.CERTIFICATES_PDF_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(settings.CERTIFICATES_PDF_ROOT)

    @property
    def base_url(self) -> None:
        return None


def certificate_storage() -> PrivateCertificateStorage:
    return PrivateCertificateStorage()


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How a kind of certificate looks and reads; its preview renders a sample PDF in the admin."""

    class Kind(models.TextChoices):
        COMPLETION = "completion", _("结业证书")
        ONBOARDING = "onboarding", _("岗前培训合格证书")
        SERVICE = "service", _("志愿服务证明")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("A4 横向")
        PORTRAIT = "portrait", _("A4 纵向")

    name = models.CharField(_("模板名称"), max_length=100, unique=True, help_text=_("仅内部使用,用于区分模板。"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.COMPLETION)
    title = models.CharField(_("证书标题"), max_length=50, help_text=_("印在证书上,例如“结业证书”。"))
    body = models.TextField(
        _("正文"),
        help_text=_(
            "可用占位符:{name} 姓名、{course} 课程或项目、{hours} 学时、{scope} 模块、{issued_on} 颁发日期、"
            "{valid_until} 有效期至、{serial} 证书编号、{hospital} 医院、{period} 服务期间、"
            "{service_content} 服务内容、{volunteer_number} 志愿者编号、{id_document} 证件(已遮盖)。"
        ),
    )
    orientation = models.CharField(_("版式"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE)
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("印章图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("背景图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("有效期(月)"), null=True, blank=True, help_text=_("留空表示长期有效。")
    )
    issuer_name = models.CharField(
        _("颁发机构"), max_length=100, blank=True, help_text=_("留空时使用站点设置中的医院名称。")
    )
    contact = models.CharField(_("联系方式"), max_length=100, blank=True, help_text=_("志愿服务证明需注明的联系电话。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("kind"), FieldPanel("title"), FieldPanel("body")], heading=_("内容")
        ),
        MultiFieldPanel(
            [
                FieldPanel("orientation"),
                FieldPanel("seal_image"),
                FieldPanel("background_image"),
                FieldPanel("issuer_name"),
                FieldPanel("contact"),
                FieldPanel("validity_months"),
            ],
            heading=_("版式与有效期"),
        ),
        InlinePanel("signatories", label=_("签名人"), min_num=0, max_num=4),
    ]

    class Meta:
        verbose_name = _("证书模板")
        verbose_name_plural = _("证书模板")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = sorted(set(PLACEHOLDER_RE.findall(self.body)) - set(PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {"body": _("未知的占位符:%(names)s。") % {"names": "、".join(f"{{{name}}}" for name in unknown)}}
            )

    @property
    def issuer(self) -> str:
        return self.issuer_name or settings.HOSPITAL_NAME

    def valid_until_for(self, issued_on: datetime.date, months: int | None = None) -> datetime.date | None:
        """The last day a certificate issued on ``issued_on`` is valid (months from the rule, else the template)."""
        months = months if months is not None else self.validity_months
        if not months:
            return None
        month_index = issued_on.month - 1 + months
        year, month = issued_on.year + month_index // 12, month_index % 12 + 1
        day = min(issued_on.day, _days_in_month(year, month))
        return datetime.date(year, month, day) - datetime.timedelta(days=1)

    def serve_preview(self, request, mode_name):
        from .rendering import render_sample_pdf

        response = HttpResponse(render_sample_pdf(self), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="sample.pdf"'
        return response


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


class Signatory(Orderable):
    """A person who signs certificates of a template (e.g. 医务社工部主任)."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("签名图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("signature_image")]

    class Meta(Orderable.Meta):
        verbose_name = _("签名人")
        verbose_name_plural = _("签名人")

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class IssuingRule(models.Model):
    """When and with what a certificate is issued: on completing a course or passing its quiz, by hand, or on
    completing an onboarding programme.

    A course rule names its course page. A programme rule names no target here: the programme points to its rule
    (``onboarding.Programme.certificate_rule``), so certificates never depend on onboarding; its title is the
    programme's name, written on the rule.
    """

    class Trigger(models.TextChoices):
        COURSE_COMPLETED = "course_completed", _("完成课程时自动颁发")
        QUIZ_PASSED = "quiz_passed", _("测验通过时自动颁发(含人工阅卷)")
        MANUAL = "manual", _("由医务社工手动或批量颁发")
        PROGRAMME_COMPLETED = "programme_completed", _("完成岗前培训项目时颁发")

    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("证书模板"), on_delete=models.PROTECT, related_name="rules"
    )
    course_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("课程"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("完成岗前培训项目时颁发的规则不选课程。"),
    )
    trigger = models.CharField(_("颁发方式"), max_length=20, choices=Trigger.choices, default=Trigger.COURSE_COMPLETED)
    title = models.CharField(
        _("证书上的课程或项目名称"), max_length=200, blank=True, help_text=_("留空时使用课程页面标题。")
    )
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, default=0)
    scope = models.TextField(
        _("涵盖的模块"),
        blank=True,
        help_text=_("每行一个模块,显示在证书与查验页上。岗前培训项目留空时列出该志愿者的必修步骤。"),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("有效期(月)"), null=True, blank=True, help_text=_("留空时使用模板的有效期。")
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("续期对象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by_rules",
        help_text=_("完成本课程(复训或复测)时,为持有该规则证书的人续发新一期证书。"),
    )
    active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("template"),
        FieldPanel("trigger"),
        PageChooserPanel("course_page", "courses.CoursePage"),
        FieldPanel("title"),
        FieldPanel("hours"),
        FieldPanel("scope"),
        FieldPanel("validity_months"),
        FieldPanel("renews"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("颁发规则")
        verbose_name_plural = _("颁发规则")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course_page__isnull=False)
                | models.Q(trigger="programme_completed", course_page__isnull=True) & ~models.Q(title=""),
                name="certificates_rule_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_title} · {self.template}"

    def clean(self) -> None:
        if self.trigger == self.Trigger.PROGRAMME_COMPLETED:
            errors = {}
            if self.course_page_id is not None:
                errors["course_page"] = _("完成岗前培训项目时颁发的规则不能选择课程。")
            if not self.title.strip():
                errors["title"] = _("请填写证书上的项目名称。")
            if self.renews_id is not None:
                errors["renews"] = _("完成岗前培训项目时颁发的规则不能续期其他证书。")
            if errors:
                raise ValidationError(errors)
        elif self.course_page_id is None:
            raise ValidationError({"course_page": _("请选择颁发规则对应的课程。")})

    @property
    def target_title(self) -> str:
        if self.title:
            return self.title
        return self.course_page.title if self.course_page_id else ""

    @property
    def scope_lines(self) -> list[str]:
        return [line.strip() for line in self.scope.splitlines() if line.strip()]


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> CertificateQuerySet:
        """Issued, neither revoked nor superseded, and not expired on ``day``."""
        return self.filter(status=Certificate.Status.ISSUED, issued_on__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def expiring_between(self, start: datetime.date, end: datetime.date) -> CertificateQuerySet:
        return self.filter(status=Certificate.Status.ISSUED, valid_until__gte=start, valid_until__lte=end)


class Certificate(models.Model):
    """One certificate held by one person. Rows with status ISSUED always have their PDF stored."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("有效")
        REVOKED = "revoked", _("已撤销")
        SUPERSEDED = "superseded", _("已被替换")

    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("证书模板"), on_delete=models.PROTECT, related_name="certificates"
    )
    rule = models.ForeignKey(
        IssuingRule,
        verbose_name=_("颁发规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("课程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("持证人"), on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField(_("证书上的姓名"), max_length=100)
    title = models.CharField(_("课程或项目名称"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, default=0)
    scope = models.TextField(_("涵盖的模块"), blank=True)
    extra = models.JSONField(_("附加内容"), default=dict, blank=True, help_text=_("志愿服务证明的服务期间、内容等。"))
    serial = models.CharField(_("证书编号"), max_length=32, unique=True)
    verification_code = models.CharField(_("查验码"), max_length=64, unique=True, editable=False)
    issued_on = models.DateField(_("颁发日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("颁发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空表示系统按规则自动颁发。"),
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("替换的证书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("撤销原因(仅内部可见)"), blank=True)
    pdf = models.FileField(_("PDF 文件"), storage=certificate_storage, upload_to="%Y", blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["holder", "status"]), models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.serial} {self.holder_name} {self.title}"

    @property
    def scope_lines(self) -> list[str]:
        return [line.strip() for line in self.scope.splitlines() if line.strip()]


class CertificateEvent(models.Model):
    """Audit log of everything that happened to a certificate (who, when, why)."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("颁发")
        REVOKED = "revoked", _("撤销")
        REINSTATED = "reinstated", _("恢复")
        SUPERSEDED = "superseded", _("被替换")
        RENEWED = "renewed", _("续期")
        REISSUED = "reissued", _("更正重发")
        DOWNLOADED = "downloaded", _("下载")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证书操作记录")
        verbose_name_plural = _("证书操作记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.certificate.serial} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class VerificationLog(models.Model):
    """Every public verification attempt. The address is kept only as a keyed hash (PIPL: the minimum)."""

    class Method(models.TextChoices):
        CODE = "code", _("二维码/链接")
        FORM = "form", _("编号+姓名")

    class Outcome(models.TextChoices):
        FOUND = "found", _("查到")
        NOT_FOUND = "not_found", _("未查到")
        RATE_LIMITED = "rate_limited", _("请求过于频繁")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("证书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verifications",
    )
    method = models.CharField(_("方式"), max_length=8, choices=Method.choices)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    serial_entered = models.CharField(_("输入的编号"), max_length=40, blank=True)
    client_hash = models.CharField(_("来源(散列)"), max_length=16, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("证书查验记录")
        verbose_name_plural = _("证书查验记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_method_display()} {self.get_outcome_display()}"


class BulkJob(models.Model):
    """A bulk issue or print run: its progress is visible in the admin and it resumes where it stopped."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("批量颁发")
        PRINT = "print", _("批量打印")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    rule = models.ForeignKey(
        IssuingRule, verbose_name=_("颁发规则"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_ids = models.JSONField(_("持证人"), default=list, blank=True)
    certificate_ids = models.JSONField(_("证书"), default=list, blank=True)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成数"), default=0)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("错误"), blank=True)
    output = models.FileField(_("合并的 PDF"), storage=certificate_storage, upload_to="prints", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("批量任务")
        verbose_name_plural = _("批量任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 100
