"""RSS and Atom feeds of live, public stories (先进事迹), newest first."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import StoryIndexPage, StoryPage

FEED_LENGTH = 20


class StoryFeed(Feed):
    title = _("双工学苑 · 先进事迹")
    description = _("医务社工与志愿者双工联动的服务故事。")

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        # The feed has no object of its own; keeping the request lets items build absolute URLs for its site.
        return request

    def link(self, request: HttpRequest) -> str:
        index = StoryIndexPage.objects.live().public().first()
        return index.get_full_url(request) if index else "/"

    def items(self) -> list[StoryPage]:
        return list(
            StoryPage.objects.live().public().order_by("-story_date", "-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: StoryPage) -> str:
        return item.title

    def item_description(self, item: StoryPage) -> str:
        return item.summary

    def item_link(self, item: StoryPage) -> str:
        return item.full_url

    def item_pubdate(self, item: StoryPage) -> datetime:
        """The story's own date (事迹日期), not the day someone pressed publish."""
        return _start_of(item.story_date)

    def item_updateddate(self, item: StoryPage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: StoryPage) -> list[str]:
        return [tag.name for tag in item.tags.all()]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
