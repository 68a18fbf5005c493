"""What every public page of the knowledge base shares: the publication check, tags, related content, meta."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from ..publishing import PublicationBlocked, deidentification_findings, ensure_publishable, publication_problems

logger = logging.getLogger(__name__)

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


class PublicationCheckedMixin:
    """Refuses to let a page go live while it fails ``kb.publishing.ensure_publishable``.

    ``save()`` covers every path that puts content on the live site (all of them end in a full ``Page.save()`` with
    ``live=True``); it is not in ``full_clean()``, which edit forms also run while a draft is being saved.
    ``publish()`` fails before Wagtail touches the revision's schedule, and turns a blocked *scheduled* publication
    into an unscheduled revision plus a log entry, so that ``publish_scheduled`` carries on with other pages.
    """

    def save(self, clean=True, user=None, log_action=False, **kwargs):
        if self.pk is None:
            if self.live and publication_problems(self):
                # Wagtail's create view adds a page live and publishes it afterwards; one that fails the check is
                # kept as a draft, so the editor finds it with the reasons (before_publish_page hook) instead of
                # losing what they typed.
                self.live = False
                self.has_unpublished_changes = True
        elif self.live and kwargs.get("update_fields") is None:
            # Publishing (Wagtail saves the revision's content as the live page), moving, or code saving a live
            # page in full. Saves limited to bookkeeping fields (``save_revision``) are drafts and pass.
            ensure_publishable(self)
        return super().save(clean=clean, user=user, log_action=log_action, **kwargs)

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None, **kwargs):
        candidate = revision.as_object()
        problems = publication_problems(candidate)
        if problems and log_action == SCHEDULED_LOG_ACTION:
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            kinds = [f"{finding.where}:{finding.kind_label}" for finding in deidentification_findings(candidate)]
            log(instance=self, action="kb.publish_blocked", revision=revision, data={"problems": kinds})
            logger.warning("Scheduled publication of page %s blocked: %d problem(s)", self.pk, len(problems))
            return None
        if problems:
            raise PublicationBlocked(candidate, problems)
        return super().publish(
            revision, user=user, changed=changed, log_action=log_action, previous_revision=previous_revision, **kwargs
        )


class SitePageMixin(PublicationCheckedMixin):
    """Every public page: the publication check, breadcrumbs and a description for meta tags."""

    def breadcrumbs(self) -> list[Page]:
        """Ancestors a visitor can follow back up, home first."""
        return list(self.get_ancestors().filter(depth__gt=1).live().specific())

    def get_full_url(self, request=None) -> str | None:
        """Canonical links, feeds and the sitemap name the configured SITE_URL, else the Wagtail Site's address.

        The Site row says "localhost:80" until someone edits it; the environment's SITE_URL is what an operator
        actually sets, so when it is there it wins.
        """
        if not settings.SITE_URL:
            return super().get_full_url(request)
        parts = self.get_url_parts(request)
        return None if parts is None or parts[2] is None else settings.SITE_URL + parts[2]

    full_url = property(get_full_url)  # Page binds its own get_full_url to this property

    @property
    def meta_description(self) -> str:
        if self.search_description:
            return self.search_description
        return Truncator(strip_tags(getattr(self, "intro", "") or "")).chars(150)


class PublicationCheckPanel(Panel):
    """Shows the editor, before publishing, what the consent rule and the de-identification check would say."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "kb/panels/publication_check.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["problems"] = publication_problems(self.instance) if self.instance.pk else []
            context["checked"] = bool(self.instance.pk)
            return context


class KnowledgePage(SitePageMixin, Page):
    """Abstract base of guides, laws, FAQs and stories."""

    summary = models.TextField(
        _("摘要"), max_length=300, help_text=_("一两句话说明本页讲什么;用于列表、搜索结果和分享卡片。")
    )
    last_reviewed = models.DateField(
        _("最近审核日期"), null=True, blank=True, help_text=_("内容最近一次由社工核对的日期,显示在页面上。")
    )
    is_example = models.BooleanField(
        _("示例内容"), default=False, help_text=_("勾选后页面顶部注明“本文为示例,人物与情节均为虚构”。")
    )
    related = StreamField(
        [("page", blocks.PageChooserBlock(label=_("相关页面")))],
        verbose_name=_("相关内容"),
        blank=True,
        help_text=_("读者读完本页后可能还想看的页面。"),
    )

    meta_panels = [
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("related"), FieldPanel("last_reviewed"), FieldPanel("is_example")],
            heading=_("标签与相关内容"),
        ),
        PublicationCheckPanel(heading=_("发布前核查")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.AutocompleteField("summary"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2), index.FilterField("name")]),
        index.FilterField("last_reviewed"),
        index.FilterField("is_example"),
    ]

    show_last_reviewed = True
    example_notice = _("本文为示例内容,人物与情节均为虚构,仅用于演示本平台。")

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    def related_pages(self) -> list[Page]:
        """The live pages chosen as related content, in the editor's order."""
        chosen = [child.value for child in self.related if child.value is not None]
        live_ids = set(Page.objects.live().public().filter(pk__in=[page.pk for page in chosen]).values_list("pk"))
        return [page.specific for page in chosen if (page.pk,) in live_ids]
