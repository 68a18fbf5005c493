from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import QuestionBlock
from .base import KnowledgePage

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class FAQTag(TaggedItemBase):
    content_object = ParentalKey("kb.FAQPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("常见问题标签")
        verbose_name_plural = _("常见问题标签")

    def __str__(self) -> str:
        return str(self.tag)


class FAQPage(KnowledgePage):
    """常见问题: question/answer pairs of one category; each answer has its own anchor; emits FAQPage JSON-LD."""

    class Category(models.TextChoices):
        ENROLMENT = "enrolment", _("报名与培训")
        CONDUCT = "conduct", _("服务规范")
        INSURANCE = "insurance", _("医保与就医流程")
        SAFETY = "safety", _("安全与风险")
        RIGHTS = "rights", _("权益保障")
        HOURS = "hours", _("服务记录与证明")

    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices)
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("问答"))
    tags = ClusterTaggableManager(through=FAQTag, blank=True, verbose_name=_("标签"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("questions"),
        *KnowledgePage.meta_panels,
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("questions", boost=1.5),
        index.FilterField("category"),
    ]

    example_notice = _("本页为示例内容,仅用于演示本平台;具体政策以主管部门和医院的最新规定为准。")

    parent_page_types = ["kb.FAQIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")

    def clean(self) -> None:
        anchors = [item["anchor"] for item in self.question_list()]
        duplicates = sorted({anchor for anchor in anchors if anchors.count(anchor) > 1})
        if duplicates:
            raise ValidationError({"questions": _("链接锚点重复:%(anchors)s。") % {"anchors": "、".join(duplicates)}})
        super().clean()

    def question_list(self) -> list[dict[str, object]]:
        """Each pair with its anchor: the editor's anchor if given, otherwise q1, q2 … in order."""
        items = []
        for position, child in enumerate(self.questions, start=1):
            value = child.value
            items.append(
                {
                    "anchor": value["anchor"].strip() or f"q{position}",
                    "question": value["question"],
                    "answer": value["answer"],
                }
            )
        return items

    def json_ld(self) -> SafeString:
        """schema.org FAQPage, escaped so that it can sit inside a ``<script type="application/ld+json">``."""
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": self.title,
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": strip_tags(item["answer"].source).strip()},
                }
                for item in self.question_list()
            ],
        }
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308
