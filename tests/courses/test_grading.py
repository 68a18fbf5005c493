"""Every question type grades right, including partial credit and folded short answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from courses import grading
from courses.questions import snapshot


def ids(question, *texts):
    by_text = {c.text: c.pk for c in question.choices.all()}
    return [by_text[t] for t in texts]


def test_single_choice_full_points_only_for_the_right_option(bank):
    data = snapshot(bank["single"])
    assert grading.grade_response(data, ids(bank["single"], "立即呼叫医护人员")[0]) == Decimal("1")
    assert grading.grade_response(data, ids(bank["single"], "自行扶起患者")[0]) == 0
    assert grading.grade_response(data, None) == 0


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["接触患者前", "接触患者后"], Decimal("2")),
        (["接触患者前"], Decimal("1.00")),
        (["接触患者前", "接触患者后", "看手机时"], Decimal("1.00")),
        (["接触患者前", "看手机时"], Decimal("0")),
        (["看手机时", "吃饭后散步"], Decimal("0")),
        (["接触患者前", "看手机时", "吃饭后散步"], Decimal("0")),
    ],
)
def test_multiple_choice_partial_credit_adds_right_and_subtracts_wrong_never_below_zero(bank, chosen, expected):
    data = snapshot(bank["multiple"])
    assert grading.grade_response(data, ids(bank["multiple"], *chosen)) == expected


def test_multiple_choice_all_or_nothing_gives_nothing_for_half_right(bank):
    question = bank["multiple"]
    question.partial_credit = False
    data = snapshot(question)
    assert grading.grade_response(data, ids(question, "接触患者前")) == 0
    assert grading.grade_response(data, ids(question, "接触患者前", "接触患者后")) == Decimal("2")


def test_true_false_grades_the_stated_answer(bank):
    data = snapshot(bank["truefalse"])
    assert grading.grade_response(data, False) == Decimal("1")
    assert grading.grade_response(data, True) == 0


@pytest.mark.parametrize(
    "given", ["手卫生", " 手 卫 生 ", "手\u3000卫生", "hand hygiene", "ＨＡＮＤ　ＨＹＧＩＥＮＥ", "HandHygiene"]
)
def test_short_answer_folds_width_spacing_and_case(bank, given):
    assert grading.grade_response(snapshot(bank["short"]), given) == Decimal("1")


@pytest.mark.parametrize("given", ["洗手", "手卫", "", "hand"])
def test_short_answer_refuses_other_answers(bank, given):
    assert grading.grade_response(snapshot(bank["short"]), grading.clean_response(snapshot(bank["short"]), given)) == 0


def test_essay_is_left_for_a_person(bank):
    assert grading.grade_response(snapshot(bank["essay"]), "很长的论述") is None


def test_response_naming_another_questions_option_is_refused(bank):
    other = bank["single"].choices.first().pk
    with pytest.raises(grading.InvalidResponse):
        grading.clean_response(snapshot(bank["multiple"]), [other])


def test_public_view_carries_no_correctness(bank):
    view = grading.public_view(snapshot(bank["multiple"]))
    assert "correct" not in str(view) and "accepted" not in view and "explanation" not in view


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", Decimal("90")), ("last", Decimal("70")), ("first", Decimal("50")), ("average", Decimal("70.00"))],
)
def test_grade_across_attempts_follows_the_grading_method(method, expected):
    assert grading.quiz_grade([Decimal("50"), Decimal("90"), Decimal("70")], method) == expected
