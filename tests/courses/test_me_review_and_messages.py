"""What a learner reads after a quiz: half right is "部分正确" with the score, never "错误"; an essay grade arrives
as an in-site message on "我的", which goes once it is opened."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from accounts.models import Notification
from courses import actions

from .conftest import right_response, value_of


def test_partly_credited_answer_is_partly_right_not_wrong(client, volunteer, auto_quiz, bank):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    multiple = attempt.answers.get(question=bank["multiple"])
    actions.do_save_answer(attempt, multiple.position, [value_of(multiple, "接触患者前")])
    actions.do_submit_attempt(attempt)
    multiple.refresh_from_db()
    assert 0 < multiple.score < multiple.max_score
    client.force_login(volunteer)
    html = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    heading = re.search(rf"第 {multiple.position} 题.*?</h3>", html, re.S).group(0)
    assert "部分正确(得 1/2 分)" in heading
    assert "错误" not in heading


def test_graded_essay_sends_a_message_shown_on_my_page_until_opened(
    client, volunteer, social_worker, quiz, django_capture_on_commit_callbacks
):
    attempt = actions.do_start_attempt(volunteer, quiz)
    for answer in attempt.answers.all():
        actions.do_save_answer(attempt, answer.position, right_response(answer))
    actions.do_submit_attempt(attempt)
    essay = attempt.answers.get(question_data__type="essay")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_grade_essay(essay, Decimal("4"), "很好", social_worker)
    note = Notification.objects.get(user=volunteer)
    assert note.title == "你的论述题已评分"
    client.force_login(volunteer)
    me = client.get(reverse("accounts:me")).content.decode()
    assert "你的论述题已评分" in me and "风险预防测验" in me
    opened = client.get(reverse("accounts:open_message", args=[note.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse("courses:result", args=[attempt.pk])
    assert "你的论述题已评分" not in client.get(reverse("accounts:me")).content.decode()


def test_mark_all_read_and_nobody_opens_another_persons_message(client, volunteer, social_worker):
    mine = Notification.objects.create(user=volunteer, title="培训提醒", url="https://evil.example/")
    theirs = Notification.objects.create(user=social_worker, title="别人的消息")
    client.force_login(volunteer)
    assert client.get(reverse("accounts:open_message", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("accounts:open_message", args=[mine.pk]))["Location"] == reverse("accounts:me")
    Notification.objects.create(user=volunteer, title="第二条")
    response = client.post(reverse("accounts:read_messages"), follow=True)
    assert "消息已全部标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=volunteer, read_at__isnull=True).exists()
