"""Non-page URLs of the knowledge base (pages themselves are served by Wagtail)."""

from __future__ import annotations

from django.urls import path

from .feeds import StoryAtomFeed, StoryFeed

app_name = "kb"

urlpatterns = [
    path("feeds/stories.rss", StoryFeed(), name="stories-rss"),
    path("feeds/stories.atom", StoryAtomFeed(), name="stories-atom"),
]
