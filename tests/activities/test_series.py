"""Series: the other dates of "every Tuesday 15:00 for 6 weeks" from one activity page, shown on the calendar and
each page; and the contract indicator that counts groups (a series) holding at least N sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.actions import do_repeat_activity
from activities.models import ActivityPage

from .conftest import add_activity


def test_a_weekly_series_is_copied_with_dates_shifted_and_published_like_the_original(calendar, admin_user):
    first = add_activity(calendar, timedelta(days=2), title="医护减压小组", kind="staff_stress", series="")
    copies = do_repeat_activity(first, every_days=7, times=5, by=admin_user)
    assert len(copies) == 5
    dates = list(
        ActivityPage.objects.child_of(calendar).live().order_by("starts_at").values_list("starts_at", flat=True)
    )
    assert dates == [first.starts_at + timedelta(days=7 * n) for n in range(6)]
    assert set(ActivityPage.objects.child_of(calendar).values_list("series", flat=True)) == {"医护减压小组"}
    assert all(copy.registrations.count() == 0 and copy.capacity == first.capacity for copy in copies)


def test_a_draft_is_copied_as_drafts(calendar, admin_user):
    first = add_activity(calendar, timedelta(days=2), series="病友俱乐部")
    first.unpublish()
    copies = do_repeat_activity(first, every_days=14, times=2, by=admin_user)
    assert [copy.live for copy in ActivityPage.objects.filter(pk__in=[c.pk for c in copies])] == [False, False]


@pytest.mark.parametrize(("every_days", "times"), [(0, 3), (7, 0), (7, 21)])
def test_a_wrong_repeat_is_refused_and_copies_nothing(calendar, admin_user, every_days, times):
    first = add_activity(calendar, timedelta(days=2), series="病友俱乐部")
    with pytest.raises(ValidationError):
        do_repeat_activity(first, every_days=every_days, times=times, by=admin_user)
    assert ActivityPage.objects.child_of(calendar).count() == 1


def test_repeating_the_same_dates_twice_is_refused(calendar, admin_user):
    first = add_activity(calendar, timedelta(days=2), series="病友俱乐部")
    do_repeat_activity(first, every_days=7, times=2, by=admin_user)
    with pytest.raises(ValidationError):
        do_repeat_activity(first, every_days=7, times=2, by=admin_user)
    assert ActivityPage.objects.child_of(calendar).count() == 3


def test_the_calendar_and_each_page_show_the_other_dates(client, calendar, admin_user):
    first = add_activity(calendar, timedelta(days=2), title="医护减压小组", series="")
    second, third = do_repeat_activity(first, every_days=7, times=2, by=admin_user)
    content = client.get(calendar.url).content.decode()
    assert "第 1 次,共 3 次" in content and "第 3 次,共 3 次" in content
    local = timezone.localtime(third.starts_at)
    assert f"{local.month}月{local.day}日" in content
    page = client.get(second.url).content.decode()
    assert "本系列共 3 次" in page and f'href="{first.url}"' in page and f'href="{third.url}"' in page
    assert "本次" in page


def test_the_admin_repeat_screen_copies_and_explains_wrong_input(client, calendar, admin_user):
    first = add_activity(calendar, timedelta(days=2), title="医护减压小组", series="")
    client.force_login(admin_user)
    url = f"/admin/activities/repeat/{first.pk}/"
    assert "按周期复制" in client.get(url).content.decode()
    response = client.post(url, {"every_days": "7", "times": ""})
    assert "请填写复制次数" in response.content.decode()
    assert ActivityPage.objects.child_of(calendar).count() == 1
    response = client.post(url, {"every_days": "7", "times": "5"})
    assert response.status_code == 302
    assert ActivityPage.objects.child_of(calendar).live().count() == 6
    assert f"/admin/activities/repeat/{first.pk}/" in client.get(f"/admin/pages/{first.pk}/edit/").content.decode()


def test_someone_who_may_not_publish_cannot_copy_a_published_activity(calendar, volunteer):
    first = add_activity(calendar, timedelta(days=2), series="病友俱乐部")
    with pytest.raises(ValidationError, match="权限"):
        do_repeat_activity(first, every_days=7, times=2, by=volunteer)
    assert ActivityPage.objects.child_of(calendar).count() == 1
