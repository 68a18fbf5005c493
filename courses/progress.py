"""Read-only summaries of a learner's progress, for course pages, lesson pages, "我的学习" and "我的"."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from . import queries
from .models import Attempt, AttemptState, CoursePage, Enrolment, LessonCompletion, LessonPage, Quiz


@dataclass
class CourseProgress:
    course: CoursePage
    enrolled: bool = False
    completed_at: object = None
    lessons_total: int = 0
    lessons_done: int = 0
    done_ids: set[int] = field(default_factory=set)
    next_lesson: LessonPage | None = None
    refusal: str | None = None  # why this person may not enrol (the course's audience)

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


def course_progress(
    user: User | AnonymousUser, course: CoursePage, lessons: list[LessonPage] | None = None
) -> CourseProgress:
    lessons = lessons if lessons is not None else list(course.lessons())
    progress = CourseProgress(course=course, lessons_total=len(lessons))
    progress.refusal = queries.course_refusal(user, course) if user.is_authenticated else None
    if not user.is_authenticated:
        progress.next_lesson = lessons[0] if lessons else None
        return progress
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    progress.enrolled = enrolment is not None
    progress.completed_at = enrolment.completed_at if enrolment else None
    progress.done_ids = set(
        LessonCompletion.objects.filter(user=user, lesson__in=lessons).values_list("lesson_id", flat=True)
    )
    progress.lessons_done = len(progress.done_ids)
    progress.next_lesson = next((lesson for lesson in lessons if lesson.pk not in progress.done_ids), None)
    return progress


def course_cards(user: User | AnonymousUser, courses: list[CoursePage]) -> list[CourseProgress]:
    return [course_progress(user, course) for course in courses]


@dataclass
class QuizStatus:
    quiz: Quiz
    used: int = 0
    passed: bool = False
    grade: object = None
    open_attempt: Attempt | None = None
    pending: int = 0  # attempts waiting for essay grading
    start_refusal: str | None = None  # why no new attempt may start (None: the start button is offered)
    can_practice: bool = False


def quiz_status(user: User | AnonymousUser, quiz: Quiz) -> QuizStatus:
    status = QuizStatus(quiz=quiz)
    if not user.is_authenticated:
        return status
    attempts = queries.graded_attempts(user, quiz)
    status.used = len(attempts)
    status.open_attempt = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    status.pending = sum(1 for a in attempts if a.state == AttemptState.NEEDS_GRADING)
    status.grade = queries.quiz_grade(user, quiz, attempts)
    status.passed = queries.quiz_passed(user, quiz, attempts)
    now = timezone.now()
    status.start_refusal = queries.start_refusal(user, quiz, now, attempts)
    status.can_practice = status.grade is not None and queries.practice_refusal(user, quiz, now) is None
    return status


def lesson_state(user: User | AnonymousUser, lesson: LessonPage) -> dict:
    course = lesson.get_parent().specific
    lessons = list(course.lessons())
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    done = user.is_authenticated and LessonCompletion.objects.filter(user=user, lesson=lesson).exists()
    state = {
        "course": course,
        "lesson_done": done,
        "previous_lesson": lessons[index - 1] if index else None,
        "next_lesson": lessons[index + 1] if index is not None and index + 1 < len(lessons) else None,
        "quiz_status": quiz_status(user, lesson.quiz) if lesson.quiz_id and lesson.quiz.live else None,
    }
    return state


def my_learning(user: User) -> dict:
    """Everything "我的学习" shows: enrolled courses with progress, quiz results, essays waiting for a grade."""
    enrolments = list(Enrolment.objects.filter(user=user).select_related("course").order_by("-enrolled_at"))
    courses = [course_progress(user, enrolment.course.specific) for enrolment in enrolments]
    attempts = list(
        Attempt.objects.filter(user=user, is_practice=False)
        .exclude(state=AttemptState.IN_PROGRESS)
        .select_related("quiz")
        .order_by("-submitted_at")[:20]
    )
    open_attempts = list(
        Attempt.objects.filter(user=user, state=AttemptState.IN_PROGRESS).select_related("quiz").order_by("-started_at")
    )
    return {"courses": courses, "attempts": attempts, "open_attempts": open_attempts}
