from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.names import display_name

from ..blocks import PARAGRAPH_FEATURES, RiskBlock, TrainingBlock
from .base import KnowledgePage


class RoleGuideTag(TaggedItemBase):
    content_object = ParentalKey("kb.RoleGuidePage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("角色指南标签")
        verbose_name_plural = _("角色指南标签")

    def __str__(self) -> str:
        return str(self.tag)


class RoleGuidePage(KnowledgePage):
    """角色指南: what one role does, what it must never do, its risks and the training it needs."""

    class Audience(models.TextChoices):
        VOLUNTEER = "volunteer", _("志愿者岗位")
        SOCIAL_WORK = "social_work", _("医务社工岗位")

    audience = models.CharField(_("岗位类别"), max_length=20, choices=Audience.choices, default=Audience.VOLUNTEER)
    duties = RichTextField(_("工作职责"), features=PARAGRAPH_FEATURES)
    boundaries = RichTextField(
        _("服务边界(不可以做的事)"),
        features=PARAGRAPH_FEATURES,
        help_text=_("例如:不提供医疗建议;不单独经手患者的钱物;不私下留存患者联系方式。"),
    )
    risks = StreamField([("risk", RiskBlock())], verbose_name=_("风险与预防"), blank=True)
    training = StreamField([("training", TrainingBlock())], verbose_name=_("必修培训"), blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系社工"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"groups__name": "医务社工"},
        help_text=_("负责带教本岗位的医务社工;页面上只显示姓名。"),
    )
    contact_note = models.CharField(
        _("联系方式说明"),
        max_length=200,
        blank=True,
        help_text=_("例如“医务社工部办公室(门诊楼三楼)”;不要填写个人手机号。"),
    )
    tags = ClusterTaggableManager(through=RoleGuideTag, blank=True, verbose_name=_("标签"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("duties"),
        FieldPanel("boundaries"),
        FieldPanel("risks"),
        FieldPanel("training"),
        MultiFieldPanel([FieldPanel("contact"), FieldPanel("contact_note")], heading=_("联系人")),
        *KnowledgePage.meta_panels,
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("duties"),
        index.SearchField("boundaries"),
        index.SearchField("risks"),
        index.SearchField("training"),
        index.SearchField("contact_note"),
        index.FilterField("audience"),
    ]

    example_notice = _("本页为示例内容,仅用于演示本平台;岗位要求以所在医院的规定为准。")

    parent_page_types = ["kb.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("角色指南")
        verbose_name_plural = _("角色指南")

    def contact_name(self) -> str:
        if self.contact is None:
            return ""
        return display_name(self.contact)
