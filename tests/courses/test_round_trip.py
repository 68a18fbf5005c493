"""A bank exported to GIFT, Moodle XML or Excel and imported back is the same bank.

Same types, texts, choices, weights, feedback, explanations, points and tags: compared through ``draft_of`` (the
view of a saved question every exporter writes from) and through grading, so "the same" means what a learner
would notice. Numeric answers compare as the numbers they accept ("60..100" comes back from Moodle XML, which
only knows value ± tolerance, as "80:20").
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from courses import exporters
from courses.importers import import_file
from courses.models import Category, Question
from courses.questions import draft_of, numeric_bounds

BANKS = Path(__file__).parent / "banks"


def comparable(question: Question, fmt: str) -> dict:
    draft = dataclasses.asdict(draft_of(question))
    draft.pop("image")
    draft["numeric_answers"] = [
        (numeric_bounds(a["text"]), a["fraction"], a["feedback"]) for a in draft["numeric_answers"]
    ]
    draft["weights"] = [round(w, 2) for w in draft["weights"]]
    draft["tags"] = sorted(draft["tags"])
    if fmt == "moodlexml":
        draft.pop("difficulty")  # Moodle has no difficulty either
    return draft


@pytest.fixture
def source(db) -> Category:
    """A bank holding every type, with weights, feedback, explanations, points, tags and a Markdown text."""
    category = Category.objects.create(name="岗前培训")
    import_file("gift", (BANKS / "岗前培训题库.gift.txt").read_bytes(), category)
    import_file("paper", (BANKS / "风险预防试卷.txt").read_bytes(), category)
    for question in Question.objects.filter(category=category):
        question.tags.add("岗前培训", f"第{question.pk % 3 + 1}周")
        question.save()
    return category


def exported(fmt: str, category: Category) -> bytes:
    if fmt == "gift":
        return exporters.export_gift(category).encode("utf-8")
    if fmt == "moodlexml":
        return exporters.export_moodle_xml(category)
    return exporters.export_excel(category)


@pytest.mark.parametrize("fmt", ["gift", "moodlexml", "excel"])
def test_a_bank_exported_and_imported_back_is_the_same_bank(source, fmt):
    before = [comparable(q, fmt) for q in Question.objects.filter(category=source).order_by("pk")]
    assert {d["qtype"] for d in before} == {"single", "multiple", "truefalse", "short", "numeric", "matching", "essay"}
    content = exported(fmt, source)
    target = Category.objects.create(name=f"导回-{fmt}")
    after = [comparable(q, fmt) for q in import_file(fmt, content, target)]
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old, old["text"]


def test_a_picture_travels_in_moodle_xml(db):
    category = Category.objects.create(name="康复")
    import_file("moodlexml", (BANKS / "康复训练协助.moodle.xml").read_bytes(), category)
    again = import_file("moodlexml", exporters.export_moodle_xml(category), Category.objects.create(name="导回"))
    pictures = [q.image for q in again if q.image is not None]
    assert len(pictures) == 1 and (pictures[0].width, pictures[0].height) == (4, 3)
