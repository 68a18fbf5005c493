"""The knowledge-base index (``/knowledge/``) and its four sections, each listing its pages with filters."""

from __future__ import annotations

from typing import ClassVar

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import PublicationCheckPanel, SitePageMixin

PER_PAGE = 10
# The four sections differ only in their child type and filter, so they share one template.
SECTION_TEMPLATE = "kb/section_index_page.html"


class KnowledgeIndexPage(SitePageMixin, Page):
    """``/knowledge/``: the entrance to the four sections (guides, laws, FAQs, stories)."""

    intro = RichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), PublicationCheckPanel(heading=_("发布前核查"))]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["kb.HomePage"]
    subpage_types = ["kb.GuideIndexPage", "kb.LawIndexPage", "kb.FAQIndexPage", "kb.StoryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("知识库首页")
        verbose_name_plural = _("知识库首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class SectionIndexPage(SitePageMixin, Page):
    """A section listing its child pages, newest first, filtered by tag and by one field of the child type."""

    intro = RichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), PublicationCheckPanel(heading=_("发布前核查"))]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kb.KnowledgeIndexPage"]

    # The child page type, the field visitors filter on (GET parameter of the same name) and its label.
    child_model_name: ClassVar[str] = ""
    filter_field: ClassVar[str] = ""
    filter_label: ClassVar[str] = ""
    ordering: ClassVar[tuple[str, ...]] = ("path",)  # the editor's order in the page explorer

    class Meta:
        abstract = True

    @classmethod
    def child_model(cls) -> type[Page]:
        from django.apps import apps

        return apps.get_model("kb", cls.child_model_name)

    def entries(self) -> QuerySet:
        return self.child_model().objects.child_of(self).live().public().order_by(*self.ordering)

    def filter_choices(self) -> list[tuple[str, str]]:
        field = self.child_model()._meta.get_field(self.filter_field)
        return [(str(value), str(label)) for value, label in field.choices]

    def tags_in_use(self) -> QuerySet:
        through = self.child_model().tags.through
        tag_ids = through.objects.filter(content_object__in=self.entries()).values("tag_id")
        return Tag.objects.filter(pk__in=tag_ids).order_by("name")

    def filtered_entries(self, request: HttpRequest) -> tuple[QuerySet, dict[str, str]]:
        """The entries matching the request's ``tag`` and filter-field parameters, and the filters applied."""
        entries = self.entries()
        applied: dict[str, str] = {}
        tag = request.GET.get("tag", "").strip()
        if tag:
            entries = entries.filter(tags__name=tag).distinct()
            applied["tag"] = tag
        value = request.GET.get(self.filter_field, "").strip()
        if value and value in dict(self.filter_choices()):
            entries = entries.filter(**{self.filter_field: value})
            applied[self.filter_field] = value
        return entries, applied

    def paginate(self, request: HttpRequest, entries: QuerySet) -> PaginatorPage:
        return Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries, applied = self.filtered_entries(request)
        context.update(
            entries=self.paginate(request, entries),
            applied=applied,
            selected=applied.get(self.filter_field, ""),
            tags=self.tags_in_use(),
            filter_field=self.filter_field,
            filter_label=self.filter_label,
            filter_choices=self.filter_choices(),
        )
        return context


class GuideIndexPage(SectionIndexPage):
    """角色指南: one guide per volunteer or social-work role."""

    subpage_types = ["kb.RoleGuidePage"]
    child_model_name = "RoleGuidePage"
    template = SECTION_TEMPLATE
    filter_field = "audience"
    filter_label = _("岗位类别")

    class Meta:
        verbose_name = _("角色指南栏目")
        verbose_name_plural = _("角色指南栏目")


class LawIndexPage(SectionIndexPage):
    """法律法规: laws and regulations in plain language."""

    subpage_types = ["kb.LawPage"]
    child_model_name = "LawPage"
    template = SECTION_TEMPLATE
    filter_field = "level"
    filter_label = _("效力层级")
    ordering = ("-issue_date", "title")

    class Meta:
        verbose_name = _("法律法规栏目")
        verbose_name_plural = _("法律法规栏目")


class FAQIndexPage(SectionIndexPage):
    """常见问题: question-and-answer pages by category."""

    subpage_types = ["kb.FAQPage"]
    child_model_name = "FAQPage"
    template = SECTION_TEMPLATE
    filter_field = "category"
    filter_label = _("问题类别")

    class Meta:
        verbose_name = _("常见问题栏目")
        verbose_name_plural = _("常见问题栏目")


class StoryIndexPage(SectionIndexPage):
    """先进事迹 / 服务案例: stories, newest first."""

    subpage_types = ["kb.StoryPage"]
    child_model_name = "StoryPage"
    template = SECTION_TEMPLATE
    filter_field = "featured_kind"
    filter_label = _("主人公")
    ordering = ("-story_date", "-pk")
    has_feed = True  # the section page links /feeds/stories.rss and .atom

    class Meta:
        verbose_name = _("先进事迹栏目")
        verbose_name_plural = _("先进事迹栏目")
