"""Numeric and matching questions in a real attempt: the page reveals nothing, the server grades, review and
错题练习 show feedback per answer under the quiz's review policy; and the review-before-import screen."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from courses import actions, grading
from courses.models import Attempt, Question, Quiz, QuizQuestion
from courses.questions import snapshot

from .conftest import make_question

BANKS = Path(__file__).parent / "banks"


@pytest.fixture
def new_types(category) -> dict[str, Question]:
    matching = make_question(
        category,
        "matching",
        "请将岗位与其主要职责配对。",
        points=Decimal("3"),
        choices=[("医务社工", True), ("志愿者", True), ("责任护士", True)],
    )
    answers = {"医务社工": "心理社会评估", "志愿者": "陪伴导诊", "责任护士": "执行医嘱"}
    for option in matching.choices.all():
        option.match_text = answers[option.text]
        option.save()
    return {
        "matching": matching,
        "numeric": make_question(
            category,
            "numeric",
            "一袋 500 毫升的生理盐水已输入 300 毫升,还剩多少毫升?",
            numeric_answers="200#正确。\n%50%200:50#接近了,请再算一遍。",
        ),
        "single": make_question(
            category,
            "single",
            "家属情绪激动时,最先应当?",
            choices=[("回应感受", True), ("复述对方的话", False), ("给出方案", False)],
        ),
    }


@pytest.fixture
def new_quiz(new_types) -> Quiz:
    half = new_types["single"].choices.get(text="复述对方的话")
    half.fraction, half.feedback = Decimal("50"), "复述有帮助,但先要回应感受。"
    half.save()
    quiz = Quiz(title="新题型测验", live=True, pass_mark=60, shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(new_types.values())]
    quiz.save()
    return quiz


def started(client, volunteer, quiz) -> tuple[Attempt, str]:
    client.force_login(volunteer)
    client.post(reverse("courses:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=volunteer, quiz=quiz, is_practice=False, submitted_at=None)
    return attempt, client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()


def test_matching_page_reveals_no_pairing_and_a_form_post_is_graded_per_pair(client, volunteer, new_quiz, new_types):
    attempt, html = started(client, volunteer, new_quiz)
    answer = attempt.answers.get(question=new_types["matching"])
    data = answer.question_data
    prompts = {cid: token for token, cid in grading.choice_values(data).items()}
    answers = {text: token for token, text in grading.match_values(data).items()}
    ids = {c["text"]: c["id"] for c in data["choices"]}
    # Answer tokens are their own random values: none is a prompt's value, an id, or in the prompts' order.
    assert not set(answers.values()) & set(prompts.values())
    assert not {str(i) for i in ids.values()} & set(answers.values())
    assert "心理社会评估" in html and 'data-type="matching"' in html
    for token in answers.values():
        assert f'<option value="{token}">' in html
    p = answer.position
    form = {
        f"q{p}_present": "1",
        f"q{p}_{prompts[ids['医务社工']]}": answers["心理社会评估"],
        f"q{p}_{prompts[ids['志愿者']]}": answers["执行医嘱"],
        f"q{p}_{prompts[ids['责任护士']]}": answers["陪伴导诊"],
    }
    client.post(reverse("courses:submit", args=[attempt.pk]), form)
    answer.refresh_from_db()
    assert answer.score == Decimal("1.00")  # one pair of three right, of 3 points


def test_a_pair_that_is_not_of_this_question_is_refused(client, volunteer, new_quiz, new_types):
    attempt, _html = started(client, volunteer, new_quiz)
    answer = attempt.answers.get(question=new_types["matching"])
    prompt = next(iter(grading.choice_values(answer.question_data)))
    with pytest.raises(actions.QuizRefused):
        actions.do_save_answer(attempt, answer.position, {prompt: "心理社会评估"})  # a text, not a token
    response = client.post(
        reverse("courses:save", args=[attempt.pk]),
        {"position": answer.position, "response": {prompt: str(answer.question_data["choices"][0]["id"])}},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_numeric_and_half_credit_answers_and_their_feedback_in_review(client, volunteer, new_quiz, new_types):
    attempt, html = started(client, volunteer, new_quiz)
    assert 'inputmode="decimal"' in html
    numeric = attempt.answers.get(question=new_types["numeric"])
    single = attempt.answers.get(question=new_types["single"])
    half = next(
        v for v, cid in grading.choice_values(single.question_data).items() if cid == _id(single, "复述对方的话")
    )
    actions.do_save_answer(attempt, numeric.position, "２３０")
    actions.do_save_answer(attempt, single.position, half)
    client.post(reverse("courses:submit", args=[attempt.pk]))
    numeric.refresh_from_db(), single.refresh_from_db()
    assert numeric.score == Decimal("0.50") and single.score == Decimal("0.50")
    review = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    assert "接近了,请再算一遍。" in review and "复述有帮助,但先要回应感受。" in review
    assert "200" in review  # the right answer, as the policy shows answers

    new_quiz.review_explanations = False
    new_quiz.save()
    hidden = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    assert "接近了" not in hidden and "复述有帮助" not in hidden


def test_wrong_numeric_and_matching_answers_come_back_in_practice(client, volunteer, new_quiz, new_types):
    attempt, _html = started(client, volunteer, new_quiz)
    numeric = attempt.answers.get(question=new_types["numeric"])
    actions.do_save_answer(attempt, numeric.position, "500")
    client.post(reverse("courses:submit", args=[attempt.pk]))
    client.post(reverse("courses:practice", args=[new_quiz.pk]))
    practice = Attempt.objects.get(user=volunteer, quiz=new_quiz, is_practice=True)
    assert {a.question_id for a in practice.answers.all()} == {q.pk for q in new_types.values()}
    numeric = practice.answers.get(question=new_types["numeric"])
    actions.do_save_answer(practice, numeric.position, "240")
    reply = client.post(
        reverse("courses:check", args=[practice.pk]), {"position": numeric.position}, content_type="application/json"
    ).json()
    assert reply["ok"] and reply["right"] is False and reply["answer_feedback"] == "接近了,请再算一遍。"


def _id(answer, text: str) -> int:
    return next(c["id"] for c in answer.question_data["choices"] if c["text"] == text)


def test_import_shows_what_will_be_created_and_imports_only_when_confirmed(client, social_worker, category):
    client.force_login(social_worker)
    upload = io.BytesIO((BANKS / "岗前培训题库.gift.txt").read_bytes())
    upload.name = "岗前培训题库.gift.txt"
    url = reverse("courses_admin:import")
    preview = client.post(url, {"format": "gift", "category": category.pk, "file": upload}).content.decode()
    assert Question.objects.count() == 0
    assert "将导入 10 道题目" in preview
    assert re.search(r"数值题\s*3", preview) and re.search(r"单选题\s*2", preview)
    assert "<strong>呼吸道感染</strong>" in preview and "普通棉布口罩" in preview
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    done = client.post(url, {"confirm": "1", "token": token}, follow=True).content.decode()
    assert Question.objects.count() == 10 and "已导入 10 道题目" in done
    again = client.post(url, {"confirm": "1", "token": token}, follow=True).content.decode()
    assert "预览已过期" in again and Question.objects.count() == 10


def test_pasted_exam_paper_previews_and_empty_or_wrong_input_imports_nothing(client, social_worker, category):
    client.force_login(social_worker)
    url = reverse("courses_admin:import")
    empty = client.post(url, {"format": "gift", "category": category.pk}).content.decode()
    assert "请选择要导入的文件" in empty
    wrong = client.post(
        url, {"format": "paper", "category": category.pk, "text": "一、单选题\n1. 没有答案\nA. 甲\nB. 乙"}
    )
    assert "第 2 行" in wrong.content.decode() and "没有导入任何题目" in wrong.content.decode()
    text = (BANKS / "风险预防试卷.txt").read_text()
    preview = client.post(url, {"format": "paper", "category": category.pk, "text": text}).content.decode()
    assert "将导入 10 道题目" in preview and "……还有 5 道题" in preview
    client.post(url, {"cancel": "1"})
    assert Question.objects.count() == 0


def editor_form(category, **fields) -> dict:
    data = {
        "category": category.pk,
        "qtype": "numeric",
        "title": "",
        "text": "成人安静时正常心率(次/分)?",
        "text_format": "plain",
        "points": "1",
        "difficulty": "2",
        "accepted_answers": "",
        "numeric_answers": "",
        "explanation": "",
        "tags": "",
        "true_false_answer": "",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    return {**data, **fields}


def test_the_editor_refuses_an_unreadable_number_and_saves_numeric_and_matching(client, social_worker, category):
    client.force_login(social_worker)
    url = reverse("wagtailsnippets_courses_question:add")
    bad = client.post(url, editor_form(category, numeric_answers="六十到一百"))
    assert "无法识别" in bad.content.decode() and not Question.objects.exists()
    assert client.post(url, editor_form(category, numeric_answers="60..100\n%50%50..110#接近了")).status_code == 302
    pairs = {
        "qtype": "matching",
        "text": "请将岗位与职责配对。",
        "choices-TOTAL_FORMS": "2",
        "choices-0-text": "医务社工",
        "choices-0-match_text": "心理社会评估",
        "choices-0-ORDER": "1",
        "choices-1-text": "志愿者",
        "choices-1-match_text": "陪伴导诊",
        "choices-1-ORDER": "2",
    }
    assert client.post(url, editor_form(category, **pairs)).status_code == 302
    numeric, matching = Question.objects.order_by("pk")
    assert grading.grade_response(snapshot(numeric), "105") == Decimal("0.50")
    assert grading.correct_answer_text(snapshot(matching)) == "医务社工 → 心理社会评估;志愿者 → 陪伴导诊"
