"""An activity calendar under the home page, and builders for activities starting at a chosen time."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from activities.models import ActivityIndexPage, ActivityPage, FeedbackQuestion

_slugs = count(1)


@pytest.fixture
def calendar(home_page) -> ActivityIndexPage:
    index = ActivityIndexPage(title="公益活动", slug="activities", live=False)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def add_activity(calendar: ActivityIndexPage, starts_in: timedelta = timedelta(days=3), **fields) -> ActivityPage:
    starts_at = timezone.now() + starts_in
    fields.setdefault("title", "糖尿病饮食健康讲座")
    fields.setdefault("kind", "health_talk")
    fields.setdefault("audience", "patients")
    fields.setdefault("department", "内分泌科")
    fields.setdefault("place", "门诊楼三楼健康教育室")
    fields.setdefault("summary", "饮食与运动")
    fields.setdefault("capacity", 4)
    page = ActivityPage(
        slug=f"activity-{next(_slugs)}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        live=False,
        **fields,
    )
    calendar.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def activity(calendar) -> ActivityPage:
    return add_activity(calendar)


@pytest.fixture
def questions(db) -> list[FeedbackQuestion]:
    return [
        FeedbackQuestion.objects.create(text="活动内容对您有帮助", order=1),
        FeedbackQuestion.objects.create(text="时间和地点安排合适", order=2),
    ]
