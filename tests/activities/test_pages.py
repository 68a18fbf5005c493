"""The public calendar and activity pages: filters, iCalendar, the page cache, the roster activity, reminders."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from activities.actions import do_register
from activities.models import Registration
from tests.roster.factories import make_role

from .conftest import add_activity

SENT: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


def test_calendar_filters_by_kind_audience_and_department(client, calendar):
    add_activity(calendar, title="糖尿病讲座")
    add_activity(calendar, title="儿童绘画", kind="children_elderly", audience="families", department="儿科")
    everything = client.get(calendar.url).content.decode()
    assert "糖尿病讲座" in everything and "儿童绘画" in everything
    by_kind = client.get(calendar.url, {"kind": "children_elderly"}).content.decode()
    assert "儿童绘画" in by_kind and "糖尿病讲座" not in by_kind
    by_department = client.get(calendar.url, {"department": "内分泌科"}).content.decode()
    assert "糖尿病讲座" in by_department and "儿童绘画" not in by_department
    stale = client.get(calendar.url, {"department": "不存在的科室", "from": "not-a-date"})
    assert stale.status_code == 200


def test_activity_page_links_to_the_form_and_is_cacheable_without_a_csrf_token(client, activity):
    first = client.get(activity.url)
    text = first.content.decode()
    assert "我要报名" in text and "csrfmiddlewaretoken" not in text
    assert client.get(activity.url)["X-Page-Cache"] == "hit"
    form = client.get(f"/activities/{activity.pk}/register/")
    assert "csrfmiddlewaretoken" in form.content.decode() and "还剩 4 个名额" in form.content.decode()


def test_icalendar_download_has_the_event(client, activity):
    response = client.get(f"/activities/{activity.pk}.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:糖尿病饮食健康讲座" in body
    assert f"DTSTART:{activity.starts_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in body


def test_an_activity_needing_volunteers_creates_the_roster_activity_volunteers_sign_up_for(calendar):
    role = make_role()
    page = add_activity(calendar, volunteer_role=role, volunteers_needed=3)
    roster_activity = page.roster_activity
    assert roster_activity is not None
    assert (roster_activity.name, roster_activity.capacity, roster_activity.role) == (page.title, 3, role)
    page.title = "糖尿病饮食健康讲座(改期)"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.roster_activity_id == roster_activity.pk
    roster_activity.refresh_from_db()
    assert roster_activity.name == "糖尿病饮食健康讲座(改期)"


@override_settings(SMS_SENDER="tests.activities.test_pages.RecordingSms")
def test_the_daily_reminder_command_texts_tomorrows_participants_once(calendar, django_capture_on_commit_callbacks):
    SENT.clear()
    tomorrow = add_activity(calendar, starts_in=timedelta(days=1), what_to_bring="血糖记录本")
    later = add_activity(calendar, starts_in=timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        do_register(tomorrow, salutation="张阿姨", mobile="13800138000", people=1, consent=True)
        do_register(later, salutation="王先生", mobile="13900139000", people=1, consent=True)
    SENT.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_onboarding_reminders")
        call_command("send_onboarding_reminders")
    assert len(SENT) == 1
    phone, text = SENT[0]
    assert phone == "13800138000" and "明天" in text and "血糖记录本" in text and "/cancel/" in text
    assert Registration.objects.filter(reminded_on__isnull=False).count() == 1


def test_a_year_after_the_activity_the_mobile_and_note_are_erased(calendar):
    from activities.actions import do_erase_old_contacts

    page = add_activity(calendar)
    registration = do_register(page, salutation="张阿姨", mobile="13800138000", people=2, note="需要轮椅", consent=True)
    assert do_erase_old_contacts(timezone.localdate() + timedelta(days=300)) == 0
    assert do_erase_old_contacts(timezone.localdate() + timedelta(days=370)) == 1
    registration.refresh_from_db()
    assert (registration.mobile, registration.note, registration.people) == ("", "", 2)


def test_visitors_find_activities_from_the_main_navigation_and_the_home_page(client, calendar):
    add_activity(calendar, timedelta(days=2), title="心脏康复病友俱乐部")
    add_activity(calendar, -timedelta(days=5), title="上个月的健康讲座")
    content = client.get("/").content.decode()
    nav = content.split('class="site-nav"')[1].split("</nav>")[0]
    assert 'href="/activities/"' in nav and "公益活动" in nav
    section = content.split('id="activities-heading"')[1].split("</section>")[0]
    assert "心脏康复病友俱乐部" in section and "上个月的健康讲座" not in section
    assert "查看活动日历" in section and 'href="/activities/"' in section


def test_the_home_page_says_so_when_no_activity_is_coming(client, calendar):
    add_activity(calendar, -timedelta(days=5), title="上个月的健康讲座")
    section = client.get("/").content.decode().split('id="activities-heading"')[1].split("</section>")[0]
    assert "近期暂无活动安排" in section and "上个月的健康讲座" not in section
