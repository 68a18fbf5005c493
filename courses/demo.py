"""Demo content of the courses app (Chinese, written for this project); ``load()`` is safe to run twice.

The content is data in ``demo_data/``: ``courses.yaml`` (courses, their lessons and quizzes, each field named) and
the question banks (``*.gift``), which go through the same GIFT importer social workers use. This module maps the
fields onto the models, so a field added to a model later needs a line here and a key there.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from wagtail.models import Page, Site

from .importers import import_file
from .models import Category, CourseIndexPage, CoursePage, LessonPage, Quiz, QuizRule

DATA = Path(__file__).parent / "demo_data"


def read() -> dict[str, Any]:
    """``demo_data/courses.yaml``; safe_load, so a data file can never run code."""
    with (DATA / "courses.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _html_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _block(spec: dict[str, Any]) -> dict[str, Any]:
    """One lesson block from its data: ``paragraphs``, ``callout`` or ``case``."""
    if "paragraphs" in spec:
        return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in spec["paragraphs"])}
    if "callout" in spec:
        return {"type": "callout", "value": {"title": "注意事项", "body": _html_list(spec["callout"])}}
    case = spec["case"]
    return {
        "type": "case_study",
        "value": {
            "title": case["title"],
            "situation": f"<p>{case['situation']}</p>",
            "questions": f"<p>{case['question']}</p>",
            "commentary": f"<p>{case['commentary']}</p>",
        },
    }


def _index(home: Page, spec: dict[str, Any]) -> CourseIndexPage:
    index = CourseIndexPage.objects.filter(slug="courses").first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title=spec["title"], slug="courses", intro=spec["intro"]))
    return index


def _bank(filename: str, name: str) -> Category:
    category, _created = Category.objects.get_or_create(name=name, parent=None)
    if not category.questions.exists():
        import_file("gift", (DATA / filename).read_bytes(), category)
    return category


def _quiz(spec: dict[str, Any], category: Category) -> Quiz:
    title = f"{spec['title']} · 结业测验"
    quiz = Quiz.objects.filter(title=title).first()
    if quiz is not None:
        return quiz
    rules = spec["quiz"]
    quiz = Quiz(
        title=title,
        description="从本课程题库中随机抽取题目。",
        live=True,
        shuffle_questions=True,
        shuffle_choices=True,
        time_limit_minutes=rules["time_limit_minutes"],
        max_attempts=rules["max_attempts"],
        pass_mark=rules["pass_mark"],
        exam_mode=rules["exam_mode"],
        layout=rules["layout"],
    )
    quiz.rules = [QuizRule(category=category, count=rules["questions"])]
    quiz.save()
    quiz.save_revision().publish()
    return quiz


@transaction.atomic
def load() -> CourseIndexPage:
    """The courses go under the default site's home page (made by the knowledge base's demo, loaded first)."""
    data = read()
    home = Site.objects.get(is_default_site=True).root_page
    index = _index(home, data["index"])
    for name in data["categories"]:
        Category.objects.get_or_create(name=name, parent=None)
    for spec in data["courses"]:
        category = _bank(spec["question_bank"]["file"], spec["question_bank"]["category"])
        quiz = _quiz(spec, category)
        course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    audience=spec["audience"],
                    hours=Decimal(spec["hours"]),
                    objectives=_html_list(spec["objectives"]),
                )
            )
        lessons = spec["lessons"]
        for number, lesson in enumerate(lessons, start=1):
            slug = f"lesson-{number}"
            if LessonPage.objects.child_of(course).filter(slug=slug).exists():
                continue
            last = number == len(lessons)
            course.add_child(
                instance=LessonPage(
                    title=f"第{number}课 {lesson['title']}",
                    slug=slug,
                    summary=lesson["title"],
                    minutes=20,
                    body=[_block(block) for block in lesson["body"]],
                    quiz=quiz if last else None,
                    quiz_required=True,
                )
            )
    return index
