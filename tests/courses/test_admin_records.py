"""Enrolments and lesson completions added in the admin go through the same actions as the learner's own clicks."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonCompletion, LessonPage
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline_course(home_page) -> CoursePage:
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="线下岗前培训", slug="offline", hours=Decimal("2")))
    course.add_child(instance=LessonPage(title="线下课 岗位职责", slug="duty"))
    return course


def test_a_lesson_recorded_in_the_admin_enrols_the_learner_and_completes_the_course(
    client, social_worker, offline_course
):
    learner = make_user("线下学员", "志愿者")
    lesson = offline_course.get_children().get().specific
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_courses_lessoncompletion:add"), {"user": learner.pk, "lesson": lesson.pk}
    )
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    enrolment = Enrolment.objects.get(user=learner, course=offline_course)
    assert enrolment.completed_at is not None  # the course asked for nothing else


def test_an_enrolment_outside_the_course_audience_is_refused_on_the_form(client, social_worker, home_page):
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="医务社工督导实务", slug="sw", audience="social_worker"))
    volunteer = make_user("志愿者甲", "志愿者")
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_courses_enrolment:add"), {"user": volunteer.pk, "course": course.pk}
    )
    assert response.status_code == 200
    assert not Enrolment.objects.filter(user=volunteer).exists()
    assert "医务社工" in response.content.decode()


def test_an_enrolment_added_in_the_admin_says_who_enrolled(client, social_worker, offline_course):
    learner = make_user("报名学员", "志愿者")
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_courses_enrolment:add"), {"user": learner.pk, "course": offline_course.pk}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(user=learner, course=offline_course).enrolled_by == social_worker


@pytest.mark.parametrize("superuser", [False, True])
def test_a_completed_enrolment_cannot_be_moved_to_another_learner_or_course(
    client, social_worker, offline_course, superuser
):
    """Added through the actions and deleted when recorded by mistake, never edited: an edit form would let a
    completion (and the certificate it earns) pass to someone who did not study."""
    learner, other = make_user("完成学员", "志愿者"), make_user("旁人", "志愿者")
    lesson = offline_course.get_children().get().specific
    staff = make_user("超级管理员", is_superuser=True, is_staff=True) if superuser else social_worker
    client.force_login(staff)
    client.post(reverse("wagtailsnippets_courses_lessoncompletion:add"), {"user": learner.pk, "lesson": lesson.pk})
    enrolment = Enrolment.objects.get(user=learner)
    completion = LessonCompletion.objects.get(user=learner)
    for name, record, fields in (
        ("enrolment", enrolment, {"user": other.pk, "course": offline_course.pk}),
        ("lessoncompletion", completion, {"user": other.pk, "lesson": lesson.pk}),
    ):
        edit = reverse(f"wagtailsnippets_courses_{name}:edit", args=[record.pk])
        assert client.get(edit).status_code in (302, 403)
        assert client.post(edit, fields).status_code in (302, 403)
        inspect = client.get(reverse(f"wagtailsnippets_courses_{name}:inspect", args=[record.pk]))
        assert inspect.status_code == 200 and "完成学员" in inspect.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).user == learner
    assert LessonCompletion.objects.get(pk=completion.pk).user == learner
    assert not Enrolment.objects.filter(user=other).exists()
    listing = client.get(reverse("wagtailsnippets_courses_enrolment:list")).content.decode()
    assert reverse("wagtailsnippets_courses_enrolment:edit", args=[enrolment.pk]) not in listing
    delete = reverse("wagtailsnippets_courses_lessoncompletion:delete", args=[completion.pk])
    assert client.post(delete).status_code == 302  # a lesson recorded by mistake is removed
    assert not LessonCompletion.objects.filter(pk=completion.pk).exists()


def test_a_records_details_page_reads_in_beijing_time_and_chinese(client, social_worker, volunteer, auto_quiz):
    """Wagtail's 详情 page printed times in UTC (eight hours off the listing), "None" and "True"/"False"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from courses import actions
    from courses.models import Attempt

    started = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # 15:30 UTC
    attempt = actions.do_start_attempt(volunteer, auto_quiz, now=started)
    Attempt.objects.filter(pk=attempt.pk).update(passed=False)
    client.force_login(social_worker)
    page = client.get(reverse("wagtailsnippets_courses_attempt:inspect", args=[attempt.pk]))
    assert page.status_code == 200
    shown = page.content.decode()
    values = [" ".join(value.split()) for value in re.findall(r"<dd>(.*?)</dd>", shown, flags=re.S)]
    assert "2026年12月1日 23:30" in values  # started_at, as the listing shows it
    assert "否" in values  # passed
    assert "—" in values  # submitted_at, not yet
    assert not {"None", "True", "False"} & set(values), values
    assert "详情" in shown and "检查" not in shown
