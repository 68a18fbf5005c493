"""A volunteer's whole onboarding on a phone, with a social worker's sign-off on a desktop, in Debian's chromium."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from certificates.models import CertificateTemplate, IssuingRule, Signatory
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
from onboarding.models import Cohort, Membership, Programme, Step
from roster.models import Volunteer
from tests.courses.conftest import right_response
from tests.roster.factories import make_volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def short_programme(home_page, social_worker, volunteer) -> Cohort:
    category = Category.objects.create(name="风险预防")
    question = Question(category=category, qtype="single", text="发现患者跌倒,志愿者首先应该?")
    question.choices = [
        Choice(text="呼叫医护人员", is_correct=True, sort_order=0),
        Choice(text="自行扶起患者", is_correct=False, sort_order=1),
    ]
    question.save()
    truth = Question(category=category, qtype="truefalse", text="可以向他人透露患者病情。", true_false_answer=False)
    truth.save()
    quiz = Quiz(title="跌倒预防小测", live=True, pass_mark=100, shuffle_choices=False)
    quiz.fixed_questions = [QuizQuestion(question=question, sort_order=0), QuizQuestion(question=truth, sort_order=1)]
    quiz.save()
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="风险预防与安全", slug="risk", hours=2))
    course.add_child(instance=LessonPage(title="第1课 跌倒预防", slug="falls", quiz=quiz, quiz_required=True))
    template = CertificateTemplate.objects.create(
        name="岗前培训合格证书",
        kind=CertificateTemplate.Kind.ONBOARDING,
        title="岗前培训合格证书",
        body="{name} 同志完成《{course}》,共计 {hours} 学时,准予上岗服务。",
        validity_months=24,
    )
    Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任")
    rule = IssuingRule.objects.create(
        template=template, trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED, title="岗前培训(缩短版)", hours=8
    )
    programme = Programme(name="岗前培训(缩短版)", weeks=2, certificate_rule=rule)
    learn = Step(title="风险预防与安全", kind=Step.Kind.COURSE, week=1, course=course)
    shadow = Step(title="跟岗见习", kind=Step.Kind.SHADOW_SHIFT, week=2)
    programme.steps = [learn, shadow]
    programme.save()
    shadow.depends_on = learn
    shadow.save()
    cohort = Cohort.objects.create(
        programme=programme,
        name="测试批次",
        social_worker=social_worker,
        start_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    make_volunteer(name="李小萌", status=Volunteer.Status.TRAINING, user=volunteer)
    Membership.objects.create(cohort=cohort, user=volunteer)
    return cohort


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct-horse-battery")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")


def answer_correctly(page) -> None:
    attempt_id = int(re.search(r"/quiz/attempt/(\d+)/", page.url).group(1))
    for answer in Answer.objects.filter(attempt_id=attempt_id):
        value = right_response(answer)  # the page's option values are per-attempt tokens
        if isinstance(value, bool):
            value = "true" if value else "false"
        page.locator(f'input[name="q{answer.position}"][value="{value}"]').check()


def test_volunteer_completes_onboarding_and_verifies_the_certificate(
    live_server, browser, phone_page, home_page, social_worker, volunteer
):
    cohort = short_programme(home_page, social_worker, volunteer)
    base = live_server.url
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())

    # The volunteer starts from their timeline.
    log_in(page, base, "xiaomeng")
    page.goto(base + "/onboarding/")
    assert "第 1 周 / 共 2 周" in page.locator("main").inner_text()
    # The next step is one button that goes straight to the course (enrolling on the way).
    page.locator("main").get_by_text(re.compile("(开始|继续)学习《")).first.click()
    page.get_by_role("link", name=re.compile("第1课 跌倒预防")).first.click()
    page.get_by_role("button", name="我已学完本课时").click()
    page.wait_for_url("**/risk/")  # back on the course page, the lesson ticked off
    page.get_by_role("link", name=re.compile("第1课 跌倒预防")).first.click()
    page.get_by_role("link", name="进入测验").click()
    page.get_by_role("button", name="开始作答").click()
    page.wait_for_url(re.compile(r".*/quiz/attempt/\d+/$"))
    answer_correctly(page)
    page.get_by_role("button", name="交卷").click()
    page.wait_for_url(re.compile(r".*/result/$"))
    assert "通过" in page.locator("main").inner_text()

    # The social worker signs off the shadow shift on a desktop.
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    admin = desk.new_page()
    log_in(admin, base, "siyuan")
    admin.goto(f"{base}/admin/onboarding/cohorts/{cohort.pk}/grid/")
    admin.locator("textarea[name=evaluation]").fill("沟通耐心,能主动协助护士")
    admin.get_by_role("button", name="确认跟岗").click()
    admin.get_by_text(re.compile("已确认 .*跟岗见习")).wait_for()
    desk.close()

    # The volunteer sees completion, downloads the certificate and checks it publicly.
    page.goto(base + "/onboarding/")
    assert "完成全部培训" in page.locator("main").inner_text()
    page.goto(base + "/accounts/me/")
    certificates = page.locator("#me-certificates").locator("..")
    with page.expect_download() as download_info:
        certificates.get_by_role("link", name="下载 PDF").first.click()
    pdf_path = download_info.value.path()
    assert open(pdf_path, "rb").read(5) == b"%PDF-"
    certificates.get_by_role("link", name="在线查验").first.click()
    verification = page.locator("main").inner_text()
    assert "有效" in verification
    assert "李*萌" in verification
    assert Volunteer.objects.get(user=volunteer).status == Volunteer.Status.ACTIVE
