from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import StoryBodyBlock
from .base import KnowledgePage

_NAME_SEPARATORS = re.compile(r"[\s,，、;；]+")


class StoryTag(TaggedItemBase):
    content_object = ParentalKey("kb.StoryPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("先进事迹标签")
        verbose_name_plural = _("先进事迹标签")

    def __str__(self) -> str:
        return str(self.tag)


class StoryPage(KnowledgePage):
    """先进事迹 / 服务案例. Stories about patients or identifiable people need a consent record to be published."""

    class FeaturedKind(models.TextChoices):
        VOLUNTEER = "volunteer", _("志愿者")
        SOCIAL_WORKER = "social_worker", _("医务社工")
        TEAM = "team", _("服务团队")
        PATIENT = "patient", _("患者")
        FAMILY = "family", _("患者家属")

    # Stories about these people always need consent, however anonymised they look.
    CONSENT_ALWAYS = (FeaturedKind.PATIENT, FeaturedKind.FAMILY)

    featured_kind = models.CharField(_("主人公"), max_length=20, choices=FeaturedKind.choices)
    identifiable = models.BooleanField(
        _("文中人物可被识别"),
        default=True,
        help_text=_("有姓名、照片或能认出具体人的细节时勾选。涉及患者或家属的故事无论是否勾选都需要知情同意。"),
    )
    story_date = models.DateField(_("事迹日期"))
    department = models.CharField(_("科室或社区"), max_length=100, blank=True)
    body = StreamField(StoryBodyBlock(), verbose_name=_("正文"))
    featured = models.BooleanField(_("首页推荐"), default=False)
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("标签"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("featured_kind"), FieldPanel("identifiable")]),
                FieldRowPanel([FieldPanel("story_date"), FieldPanel("department")]),
                FieldPanel("featured"),
            ],
            heading=_("事迹信息"),
        ),
        FieldPanel("body"),
        *KnowledgePage.meta_panels,
    ]
    consent_panels = [InlinePanel("consents", heading=_("知情同意记录"), label=_("同意记录"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("内容")),
            ObjectList(consent_panels, heading=_("知情同意")),
            ObjectList(Page.promote_panels, heading=_("推广")),
            ObjectList(Page.settings_panels, heading=_("设置")),
        ]
    )
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("body"),
        index.SearchField("department"),
        index.FilterField("featured_kind"),
        index.FilterField("story_date"),
        index.FilterField("featured"),
    ]

    parent_page_types = ["kb.StoryIndexPage"]
    subpage_types: list[str] = []
    show_last_reviewed = False

    class Meta:
        verbose_name = _("先进事迹")
        verbose_name_plural = _("先进事迹")

    def requires_consent(self) -> bool:
        return self.featured_kind in self.CONSENT_ALWAYS or self.identifiable

    def consent_problems(self, on: date | None = None) -> list[str]:
        """Empty when publication is covered by a consent record; otherwise why not, for the editor."""
        if not self.requires_consent():
            return []
        on = on or timezone.localdate()
        consents = list(self.consents.all())
        reasons: list[str] = []
        for consent in consents:
            problems = consent.problems(on)
            if not problems:
                return []
            problems_text = "；".join(problems)
            reasons.append(gettext("同意记录「%(who)s」:%(problems)s。") % {"who": consent, "problems": problems_text})
        lead = gettext(
            "本文涉及患者或可识别的人物,发布前须有一份覆盖“在本网站公开发表”的有效知情同意记录(见“知情同意”标签页)。"
        )
        return [lead, *reasons]

    def withheld_names(self) -> list[str]:
        """Names the consent records say must not appear in the story."""
        names: list[str] = []
        for consent in self.consents.all():
            names.extend(consent.names_withheld())
        return names


class StoryConsent(Orderable):
    """A consent record: who agreed, when, to what; the signed form; a guardian's consent for a minor.

    Kept with the page (and its revisions) so that the consent that was valid when a version was published stays
    with that version. Never shown on the public site.
    """

    class Role(models.TextChoices):
        PATIENT = "patient", _("患者本人")
        FAMILY = "family", _("患者家属")
        VOLUNTEER = "volunteer", _("志愿者")
        SOCIAL_WORKER = "social_worker", _("医务社工")
        OTHER = "other", _("其他")

    page = ParentalKey(StoryPage, related_name="consents", on_delete=models.CASCADE)
    person_name = models.CharField(
        _("同意人姓名"), max_length=100, help_text=_("真实姓名,仅在后台可见;未同意使用真实姓名时,正文中不得出现。")
    )
    person_role = models.CharField(_("同意人身份"), max_length=20, choices=Role.choices)
    consented_on = models.DateField(_("同意日期"))
    covers_publication = models.BooleanField(_("同意在本网站公开发表"), default=False)
    covers_photos = models.BooleanField(_("同意使用照片"), default=False)
    covers_real_name = models.BooleanField(_("同意使用真实姓名"), default=False)
    names_to_withhold = models.TextField(
        _("不得出现的姓名"), blank=True, help_text=_("同意书中要求不得出现的姓名,用逗号、顿号或换行分隔。")
    )
    signed_form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("签字的同意书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("上传签字后的同意书扫描件。"),
    )
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True, help_text=_("当事人撤回同意的日期。"))
    is_minor = models.BooleanField(_("当事人未满18周岁"), default=False)
    guardian_name = models.CharField(_("监护人姓名"), max_length=100, blank=True)
    guardian_relationship = models.CharField(_("监护人与当事人关系"), max_length=50, blank=True)
    guardian_consented_on = models.DateField(_("监护人同意日期"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("person_role"), FieldPanel("consented_on")]),
        FieldRowPanel([FieldPanel("covers_publication"), FieldPanel("covers_photos"), FieldPanel("covers_real_name")]),
        FieldPanel("names_to_withhold"),
        FieldPanel("signed_form"),
        FieldRowPanel([FieldPanel("expires_on"), FieldPanel("withdrawn_on")]),
        MultiFieldPanel(
            [
                FieldPanel("is_minor"),
                FieldRowPanel(
                    [
                        FieldPanel("guardian_name"),
                        FieldPanel("guardian_relationship"),
                        FieldPanel("guardian_consented_on"),
                    ]
                ),
            ],
            heading=_("未成年人的监护人同意"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("知情同意记录")
        verbose_name_plural = _("知情同意记录")

    def __str__(self) -> str:
        return f"{self.get_person_role_display()} {self.person_name}"

    def problems(self, on: date) -> list[str]:
        """Why this record does not cover publication on ``on``; empty when it does."""
        problems: list[str] = []
        if not self.covers_publication:
            problems.append(gettext("未同意在本网站公开发表"))
        if self.signed_form_id is None:
            problems.append(gettext("未上传签字的同意书"))
        if self.consented_on and self.consented_on > on:
            problems.append(gettext("同意日期晚于今天"))
        if self.withdrawn_on and self.withdrawn_on <= on:
            problems.append(gettext("已于%(date)s撤回") % {"date": self.withdrawn_on.isoformat()})
        if self.expires_on and self.expires_on < on:
            problems.append(gettext("已于%(date)s过期") % {"date": self.expires_on.isoformat()})
        if self.is_minor and not (self.guardian_name and self.guardian_relationship and self.guardian_consented_on):
            problems.append(gettext("当事人未满18周岁,缺少监护人的姓名、关系或同意日期"))
        return problems

    def names_withheld(self) -> list[str]:
        names = [name for name in _NAME_SEPARATORS.split(self.names_to_withhold) if name]
        if not self.covers_real_name:
            names.append(self.person_name)
            if self.guardian_name:
                names.append(self.guardian_name)
        return [name.strip() for name in names if name.strip()]
