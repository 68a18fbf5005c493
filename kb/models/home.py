from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import PublicationCheckPanel, SitePageMixin


class HomePage(SitePageMixin, Page):
    """The site's front page: what the 医务社工 + 志愿者 linkage is, and where to go next."""

    intro = RichTextField(_("欢迎语"), blank=True, help_text=_("用通俗的话介绍双工联动模式。"))
    recruitment_call = models.CharField(
        _("招募号召"), max_length=200, blank=True, help_text=_("首页招募区的一句话号召。")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("recruitment_call"),
        PublicationCheckPanel(heading=_("发布前核查")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("recruitment_call")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        from .indexes import KnowledgeIndexPage
        from .stories import StoryPage

        context = super().get_context(request, *args, **kwargs)
        knowledge = KnowledgeIndexPage.objects.live().public().child_of(self).first()
        context["knowledge_index"] = knowledge
        context["sections"] = knowledge.get_children().live().public().specific() if knowledge else []
        stories = StoryPage.objects.live().public().descendant_of(self).order_by("-story_date", "-pk")
        featured = list(stories.filter(featured=True)[:3])
        context["featured_stories"] = featured or list(stories[:3])
        context["courses"] = self.course_catalogue()
        context["activity_index"], context["upcoming_activities"] = self.upcoming_activities()
        return context

    def upcoming_activities(self, limit: int = 4) -> tuple[Page | None, list[Page]]:
        """The calendar page and its next few public activities (the activities app owns both page types).

        Read by model name, as the course catalogue is, so the knowledge base does not import an app above it.
        """
        from django.apps import apps
        from django.utils import timezone

        if not apps.is_installed("activities"):
            return None, []
        index_page = apps.get_model("activities", "ActivityIndexPage").objects.live().public().first()
        if index_page is None:
            return None, []
        activity_page = apps.get_model("activities", "ActivityPage")
        upcoming = (
            activity_page.objects.live()
            .public()
            .child_of(index_page)
            .filter(ends_at__gte=timezone.now())
            .order_by("starts_at")[:limit]
        )
        return index_page, list(upcoming)

    def course_catalogue(self) -> list[Page]:
        """The live courses for volunteers, for the home page's catalogue (the courses app owns the pages)."""
        from django.apps import apps

        course_page = apps.get_model("courses", "CoursePage")
        return list(course_page.objects.live().public().filter(audience="volunteer").order_by("path")[:6])
