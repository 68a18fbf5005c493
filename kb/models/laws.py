from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import PARAGRAPH_FEATURES, ArticleBlock
from ..numerals import article_label
from .base import KnowledgePage


class LawTag(TaggedItemBase):
    content_object = ParentalKey("kb.LawPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("法律法规标签")
        verbose_name_plural = _("法律法规标签")

    def __str__(self) -> str:
        return str(self.tag)


class LawPage(KnowledgePage):
    """法律法规: a law or regulation, summarised in plain words, with addressable articles (``#第十九条``)."""

    class Level(models.TextChoices):
        LAW = "law", _("法律")
        ADMINISTRATIVE = "administrative", _("行政法规")
        DEPARTMENTAL = "departmental", _("部门规章")
        NORMATIVE = "normative", _("规范性文件")
        LOCAL = "local", _("地方性法规")

    class Status(models.TextChoices):
        CURRENT = "current", _("现行有效")
        AMENDED = "amended", _("已修订")
        REPEALED = "repealed", _("已废止")

    issuing_authority = models.CharField(_("发布机关"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True, help_text=_("如“国务院令第685号”。"))
    level = models.CharField(_("效力层级"), max_length=20, choices=Level.choices, default=Level.LAW)
    issue_date = models.DateField(_("发布日期"))
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    status = models.CharField(_("时效性"), max_length=20, choices=Status.choices, default=Status.CURRENT)
    replaced_by = models.ForeignKey(
        "kb.LawPage",
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("已修订或已废止时,链接到现行的文件。"),
    )
    articles = StreamField(
        [("article", ArticleBlock())],
        verbose_name=_("主要条文"),
        blank=True,
        help_text=_("条号不可重复;每条在页面上都有“#第N条”链接。"),
    )
    volunteer_notes = RichTextField(_("对志愿者意味着什么"), features=PARAGRAPH_FEATURES, blank=True)
    tags = ClusterTaggableManager(through=LawTag, blank=True, verbose_name=_("标签"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("issuing_authority"),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("replaced_by")]),
            ],
            heading=_("文件信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("articles"),
        FieldPanel("volunteer_notes"),
        *KnowledgePage.meta_panels,
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("issuing_authority"),
        index.SearchField("document_number", boost=2),
        index.AutocompleteField("document_number"),
        index.SearchField("articles"),
        index.SearchField("volunteer_notes"),
        index.FilterField("level"),
        index.FilterField("status"),
        index.FilterField("issue_date"),
    ]

    example_notice = _("本页为演示内容:文件信息和条文概述由本站整理,可能与官方原文有出入,以官方发布的原文为准。")

    parent_page_types = ["kb.LawIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")

    def clean(self) -> None:
        numbers = [child.value["number"] for child in self.articles]
        duplicates = sorted({number for number in numbers if numbers.count(number) > 1})
        if duplicates:
            labels = "、".join(article_label(number) for number in duplicates)
            raise ValidationError({"articles": _("条号重复:%(labels)s。每条的链接锚点必须唯一。") % {"labels": labels}})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("替代文件不能是本文件自己。")})
        super().clean()

    def article_index(self) -> list[tuple[str, str]]:
        """(anchor, heading) for the table of contents; the anchor is the article label, e.g. 第十九条."""
        entries = []
        for child in self.articles:
            label = article_label(child.value["number"])
            heading = child.value["heading"]
            entries.append((label, f"{label} {heading}".strip()))
        return entries
