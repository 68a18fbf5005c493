"""A small course tree and question bank built per test (not from the demo content)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from courses import grading
from courses.models import (
    Answer,
    Category,
    Choice,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    Question,
    Quiz,
    QuizQuestion,
)


def make_question(category: Category, qtype: str, text: str, **fields) -> Question:
    choices = fields.pop("choices", [])
    question = Question(category=category, qtype=qtype, text=text, **fields)
    question.choices = [Choice(text=t, is_correct=c, sort_order=i) for i, (t, c) in enumerate(choices)]
    question.save()
    return question


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(name="风险预防")


@pytest.fixture
def bank(category) -> dict[str, Question]:
    """One question of each type; the right answers are words no wrong option contains."""
    return {
        "single": make_question(
            category,
            "single",
            "发现患者跌倒后,志愿者首先应该?",
            choices=[("立即呼叫医护人员", True), ("自行扶起患者", False), ("离开现场", False)],
            explanation="保持患者原位,呼叫专业人员。",
        ),
        "multiple": make_question(
            category,
            "multiple",
            "以下哪些属于洗手的时机?",
            choices=[("接触患者前", True), ("接触患者后", True), ("看手机时", False), ("吃饭后散步", False)],
            partial_credit=True,
            points=Decimal("2"),
        ),
        "truefalse": make_question(category, "truefalse", "志愿者可以向他人透露患者病情。", true_false_answer=False),
        "short": make_question(
            category, "short", "医院感染防控中最简单有效的措施是____。", accepted_answers="手卫生\nHand Hygiene"
        ),
        "essay": make_question(category, "essay", "请谈谈如何陪伴焦虑的患者家属。", points=Decimal("5")),
    }


@pytest.fixture
def quiz(bank) -> Quiz:
    quiz = Quiz(title="风险预防测验", live=True, pass_mark=60, shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(bank.values())]
    quiz.save()
    return quiz


@pytest.fixture
def auto_quiz(bank) -> Quiz:
    """A quiz without essays, so submitting finalises it at once."""
    quiz = Quiz(title="自动评分测验", live=True, pass_mark=60)
    auto = [q for key, q in bank.items() if key != "essay"]
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(auto)]
    quiz.save()
    return quiz


@pytest.fixture
def course(home_page, auto_quiz) -> CoursePage:
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="风险预防与安全", slug="risk", hours=Decimal("2")))
    course.add_child(instance=LessonPage(title="第一课 跌倒预防", slug="l1"))
    course.add_child(instance=LessonPage(title="第二课 感染防控", slug="l2", quiz=auto_quiz, quiz_required=True))
    return course


def value_of(answer: Answer, text: str) -> str:
    """The value the question page sends for the option with this text, in this attempt."""
    data = answer.question_data
    ids = {c["text"]: c["id"] for c in data["choices"]}
    return next(value for value, cid in grading.choice_values(data).items() if cid == ids[text])


def right_response(answer: Answer):
    """The response the question page would send for full points (for tests that need a perfect attempt)."""
    data = answer.question_data
    correct = [c["text"] for c in data["choices"] if c["correct"]]
    if data["type"] == "single":
        return value_of(answer, correct[0])
    if data["type"] == "multiple":
        return [value_of(answer, text) for text in correct]
    if data["type"] == "truefalse":
        return data["tf"]
    if data["type"] == "short":
        return data["accepted"][0]
    return "我的论述"
