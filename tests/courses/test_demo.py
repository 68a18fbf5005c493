"""The demo courses load quickly, completely and idempotently, and a volunteer can take a demo quiz."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import User
from django.core.management import call_command

from courses import actions
from courses.models import CourseIndexPage, CoursePage, LessonPage, Question, Quiz


def test_demo_courses_have_lessons_and_mixed_banks_and_load_twice_unchanged(db, tmp_path):
    with open(tmp_path / "out.txt", "w") as out:
        call_command("load_demo", stdout=out)
        counts = (
            CoursePage.objects.count(),
            LessonPage.objects.count(),
            Question.objects.count(),
            Quiz.objects.count(),
        )
        call_command("load_demo", stdout=out)
    assert counts == (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Question.objects.count(),
        Quiz.objects.count(),
    )
    index = CourseIndexPage.objects.get()
    assert index.url == "/courses/"
    volunteer_courses = {"岗位职责与服务礼仪", "风险预防与安全", "心理支持基础", "康复训练协助"}
    for course in CoursePage.objects.all():
        lessons = LessonPage.objects.child_of(course)
        assert 3 <= lessons.count() <= 5
        quiz = lessons.exclude(quiz=None).get().quiz
        bank = Question.objects.filter(category=quiz.rules.get().category)
        if course.title in volunteer_courses:
            assert bank.count() >= 15
            assert len(Counter(bank.values_list("qtype", flat=True))) >= 4
    assert volunteer_courses <= set(CoursePage.objects.values_list("title", flat=True))
    assert CoursePage.objects.filter(audience="social_worker").exists()
    volunteer = User.objects.get(username="volunteer")
    attempt = actions.do_start_attempt(volunteer, Quiz.objects.get(title="风险预防与安全 · 结业测验"))
    assert attempt.answers.count() == 10
