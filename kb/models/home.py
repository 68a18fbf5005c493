from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site's front page: what the 医务社工 + 志愿者 linkage is, and where to go next."""

    intro = RichTextField(_("欢迎语"), blank=True, help_text=_("用通俗的话介绍双工联动模式。"))
    recruitment_call = models.CharField(
        _("招募号召"), max_length=200, blank=True, help_text=_("首页招募区的一句话号召。")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("recruitment_call")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")
