"""Social workers author courses, questions and quizzes in the admin; a bad question is refused with a reason."""

from __future__ import annotations

from django.urls import reverse

from courses.models import Question


def test_admin_listings_and_editors_open_for_social_workers(client, social_worker, quiz, course):
    client.force_login(social_worker)
    for name in ("category", "question", "quiz", "enrolment", "lessoncompletion", "attempt", "answer"):
        assert client.get(reverse(f"wagtailsnippets_courses_{name}:list")).status_code == 200, name
    for name in ("question", "quiz", "category"):
        assert client.get(reverse(f"wagtailsnippets_courses_{name}:add")).status_code == 200, name
    assert client.get(reverse("wagtailsnippets_courses_quiz:edit", args=[quiz.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).status_code == 200
    for name in ("essays", "import", "export"):
        assert client.get(reverse(f"courses_admin:{name}")).status_code == 200, name


def test_single_choice_without_a_right_option_is_refused_in_the_editor(client, social_worker, category):
    client.force_login(social_worker)
    data = {
        "category": category.pk,
        "qtype": "single",
        "title": "",
        "text": "没有正确选项的题",
        "points": "1",
        "difficulty": "2",
        "accepted_answers": "",
        "text_format": "plain",  # the editor's select always sends it
        "explanation": "",
        "tags": "",
        "true_false_answer": "",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-text": "甲",
        "choices-0-ORDER": "1",
        "choices-1-text": "乙",
        "choices-1-ORDER": "2",
    }
    response = client.post(reverse("wagtailsnippets_courses_question:add"), data)
    assert "恰好有一个正确选项" in response.content.decode()
    assert not Question.objects.exists()
    data["choices-0-is_correct"] = "on"
    response = client.post(reverse("wagtailsnippets_courses_question:add"), data)
    assert response.status_code == 302
    assert Question.objects.get().revisions.count() == 1


def test_attempt_records_cannot_be_edited_in_the_admin(client, social_worker, auto_quiz, volunteer):
    from courses import actions

    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(social_worker)
    assert client.get(reverse("wagtailsnippets_courses_attempt:edit", args=[attempt.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_courses_attempt:inspect", args=[attempt.pk])).status_code == 200


def test_social_worker_enrols_a_group_at_once(client, social_worker, volunteer, course):
    from courses.models import Enrolment
    from tests.conftest import make_user

    other = make_user("xiaowang", "志愿者")
    client.force_login(social_worker)
    assert "xiaowang" in client.get(reverse("courses_admin:enrol")).content.decode()
    client.post(reverse("courses_admin:enrol"), {"course": course.pk, "users": [volunteer.pk, other.pk]})
    client.post(reverse("courses_admin:enrol"), {"course": course.pk, "users": [volunteer.pk]})
    enrolments = Enrolment.objects.filter(course=course)
    assert {e.user for e in enrolments} == {volunteer, other}
    assert all(e.enrolled_by == social_worker for e in enrolments)
