"""In a real browser: reading a lesson to its end marks it done (courses/static/courses/lesson.js)."""

from __future__ import annotations

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonCompletion, LessonPage
from tests.conftest import ensure_base_rows, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_scrolling_to_the_end_of_a_lesson_marks_it_done(live_server, phone_page, home_page):
    ensure_base_rows()
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="心理支持基础", slug="psych"))
    body = [{"type": "paragraph", "value": f"<p>第 {i} 段:倾听、共情与陪伴。</p>" * 3} for i in range(40)]
    lesson = course.add_child(instance=LessonPage(title="倾听与提问", slug="l1", body=body))
    user = make_user("reader", "志愿者")
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=username]", "reader")
    phone_page.fill("input[name=password]", "correct-horse-battery")
    phone_page.locator("form [type=submit]").last.click()
    phone_page.goto(f"{live_server.url}{lesson.url}")
    assert not LessonCompletion.objects.filter(user=user, lesson=lesson).exists()
    phone_page.locator("[data-lesson-end]").scroll_into_view_if_needed()
    # A locator, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings.
    phone_page.locator("[data-lesson-end] button:disabled").wait_for(timeout=10_000)
    assert LessonCompletion.objects.filter(user=user, lesson=lesson).exists()
