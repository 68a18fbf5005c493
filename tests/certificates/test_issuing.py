from __future__ import annotations

import datetime
import os
import re

import pytest
from django.utils import timezone

from certificates import actions
from certificates.actions import (
    IssuingError,
    do_issue_for_rule,
    do_reinstate_certificate,
    do_reissue_certificate,
    do_renew_certificate,
    do_revoke_certificate,
)
from certificates.models import Certificate, CertificateEvent, IssuingRule
from courses.actions import do_mark_lesson_done
from courses.signals import course_completed, quiz_passed
from tests.courses.conftest import auto_quiz, bank, category, course, right_response  # noqa: F401 - fixtures

from .conftest import pdf_reader


def test_certificate_has_readable_serial_and_unguessable_code(volunteer, rule):
    certificate = do_issue_for_rule(volunteer, rule).certificate
    assert re.fullmatch(rf"SG-{certificate.issued_on.year}-\d{{6}}", certificate.serial)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", certificate.verification_code)  # ≥ 192 bits
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf and certificate.pdf.size > 0
    assert certificate.valid_until == rule.template.valid_until_for(certificate.issued_on)  # 24 months
    assert certificate.hours == 24
    assert certificate.scope_lines == ["工作职责", "风险预防", "心理支持"]


def test_serials_increase_and_never_repeat(volunteer, social_worker, rule):
    first = do_issue_for_rule(volunteer, rule).certificate
    second = do_issue_for_rule(social_worker, rule).certificate
    assert int(second.serial[-6:]) == int(first.serial[-6:]) + 1


def test_issuing_twice_for_the_same_rule_creates_no_duplicate(volunteer, rule):
    first = do_issue_for_rule(volunteer, rule)
    second = do_issue_for_rule(volunteer, rule)
    assert first.created and not second.created
    assert second.certificate.pk == first.certificate.pk
    assert Certificate.objects.filter(holder=volunteer).count() == 1


def test_render_failure_leaves_no_issued_certificate_and_no_file(volunteer, rule, monkeypatch, settings):
    def broken(certificate):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(actions, "render_certificate_pdf", broken)
    with pytest.raises(RuntimeError):
        do_issue_for_rule(volunteer, rule)
    assert not Certificate.objects.exists()
    pdf_root = settings.CERTIFICATES_PDF_ROOT
    assert not any(files for _root, _dirs, files in os.walk(pdf_root))


def test_failure_after_the_file_is_written_removes_the_file(volunteer, rule, monkeypatch, settings):
    def broken_log(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(actions, "_log", broken_log)
    with pytest.raises(RuntimeError):
        do_issue_for_rule(volunteer, rule)
    assert not Certificate.objects.exists()
    assert not any(files for _root, _dirs, files in os.walk(settings.CERTIFICATES_PDF_ROOT))


def test_completing_a_course_issues_its_certificate_automatically(volunteer, rule, course_page):
    course_completed.send(sender=type(course_page), user=volunteer, course=course_page, completed_at=timezone.now())
    certificate = Certificate.objects.get(holder=volunteer)
    assert certificate.course_page_id == course_page.pk
    assert certificate.issued_by is None
    course_completed.send(sender=type(course_page), user=volunteer, course=course_page, completed_at=timezone.now())
    assert Certificate.objects.filter(holder=volunteer).count() == 1


def test_manual_rule_does_not_issue_on_completion(volunteer, rule, course_page):
    rule.trigger = IssuingRule.Trigger.MANUAL
    rule.save()
    course_completed.send(sender=type(course_page), user=volunteer, course=course_page, completed_at=timezone.now())
    assert not Certificate.objects.exists()


def _take_quiz(user, quiz, right: bool) -> None:
    from courses.actions import do_save_answer, do_start_attempt, do_submit_attempt

    attempt = do_start_attempt(user, quiz)
    for answer in attempt.answers.select_related("question"):
        if right:
            do_save_answer(attempt, answer.position, right_response(answer))
    do_submit_attempt(attempt)


def test_passing_a_quiz_issues_by_an_on_passing_rule_once(volunteer, template, course, auto_quiz):  # noqa: F811
    rule = IssuingRule.objects.create(template=template, course_page=course, trigger=IssuingRule.Trigger.QUIZ_PASSED)
    quiz_passed.send(sender=type(auto_quiz), user=volunteer, quiz=auto_quiz, passed_at=timezone.now())
    quiz_passed.send(sender=type(auto_quiz), user=volunteer, quiz=auto_quiz, passed_at=timezone.now())
    certificate = Certificate.objects.get(holder=volunteer)
    assert certificate.rule == rule and certificate.course_page_id == course.pk


def test_a_passed_attempt_is_not_a_passed_quiz(volunteer, template, course, auto_quiz):  # noqa: F811
    """Through the real quiz engine, a quiz graded by the average: 0% then 100% averages 50%, below the pass mark
    of 60%. The second attempt passed, the quiz did not: no certificate, as the course is not completed either."""
    from courses.models import GradingMethod
    from courses.queries import quiz_passed as has_passed

    auto_quiz.grading_method = GradingMethod.AVERAGE
    auto_quiz.save()
    IssuingRule.objects.create(template=template, course_page=course, trigger=IssuingRule.Trigger.QUIZ_PASSED)
    IssuingRule.objects.create(template=template, course_page=course, title="结业", hours=2)
    for lesson in course.get_children().specific():
        do_mark_lesson_done(volunteer, lesson)
    _take_quiz(volunteer, auto_quiz, right=False)
    _take_quiz(volunteer, auto_quiz, right=True)
    assert auto_quiz.attempts.filter(user=volunteer, passed=True).exists()
    assert not has_passed(volunteer, auto_quiz)
    assert not Certificate.objects.exists()


def test_a_programme_rule_names_no_course_and_needs_a_title(template, course_page):
    from django.core.exceptions import ValidationError

    rule = IssuingRule(template=template, trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED, course_page=course_page)
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "不能选择课程" in str(refused.value) and "项目名称" in str(refused.value)
    course_rule = IssuingRule(template=template)
    with pytest.raises(ValidationError, match="请选择颁发规则对应的课程"):
        course_rule.full_clean()
    IssuingRule(template=template, trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED, title="岗前培训").full_clean()


def test_a_programme_rule_is_never_applied_by_a_course_event(volunteer, template, course_page):
    IssuingRule.objects.create(template=template, trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED, title="岗前培训")
    course_completed.send(sender=type(course_page), user=volunteer, course=course_page, completed_at=timezone.now())
    assert not Certificate.objects.exists()


def test_revoke_needs_a_reason_and_is_audit_logged(volunteer, social_worker, rule):
    certificate = do_issue_for_rule(volunteer, rule).certificate
    with pytest.raises(IssuingError):
        do_revoke_certificate(certificate, by=social_worker, reason="  ")
    do_revoke_certificate(certificate, by=social_worker, reason="培训记录造假")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == social_worker and certificate.revoked_at is not None
    event = certificate.events.get(action=CertificateEvent.Action.REVOKED)
    assert event.actor == social_worker and event.note == "培训记录造假"


def test_reinstate_makes_a_revoked_certificate_valid_again(volunteer, social_worker, rule):
    certificate = do_issue_for_rule(volunteer, rule).certificate
    do_revoke_certificate(certificate, by=social_worker, reason="误操作")
    do_reinstate_certificate(certificate, by=social_worker)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert list(certificate.events.values_list("action", flat=True)) == ["reinstated", "revoked", "issued"]
    with pytest.raises(IssuingError):
        do_reinstate_certificate(certificate, by=social_worker)


def test_revoked_certificate_is_not_reissued_by_running_the_rule_again(volunteer, social_worker, rule):
    certificate = do_issue_for_rule(volunteer, rule).certificate
    do_revoke_certificate(certificate, by=social_worker, reason="违规")
    outcome = do_issue_for_rule(volunteer, rule)
    assert not outcome.created and outcome.certificate.status == Certificate.Status.REVOKED


def test_correcting_a_name_reissues_and_supersedes_the_old_certificate(volunteer, social_worker, rule):
    old = do_issue_for_rule(volunteer, rule).certificate
    new = do_reissue_certificate(old, by=social_worker, holder_name="李晓萌")
    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert new.replaces == old and new.serial != old.serial
    assert new.issued_on == old.issued_on and new.valid_until == old.valid_until
    assert "李晓萌" in "".join(pdf_reader(new.pdf.read()).pages[0].extract_text().split())
    # The rule now finds the corrected certificate: no duplicate on a re-run.
    assert do_issue_for_rule(volunteer, rule).certificate == new


def test_validity_runs_to_the_day_before_the_same_date_months_later(template):
    assert template.valid_until_for(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 28)
    assert template.valid_until_for(datetime.date(2024, 3, 1), 24) == datetime.date(2026, 2, 28)
    template.validity_months = None
    assert template.valid_until_for(datetime.date(2024, 3, 1)) is None


def test_renewal_issues_a_new_period_and_supersedes_the_old(volunteer, rule):
    old = do_issue_for_rule(volunteer, rule, issued_on=datetime.date(2023, 3, 1)).certificate
    assert old.valid_until == datetime.date(2025, 2, 28)
    new = do_renew_certificate(old, issued_on=datetime.date(2025, 3, 10))
    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert new.valid_until == datetime.date(2027, 3, 9)
    assert new.events.filter(action=CertificateEvent.Action.RENEWED).exists()


def test_completing_a_refresher_course_renews_the_certificate(volunteer, rule, template, other_course_page):
    IssuingRule.objects.create(template=template, course_page=other_course_page, renews=rule)
    old = do_issue_for_rule(volunteer, rule, issued_on=datetime.date(2023, 3, 1)).certificate
    course_completed.send(
        sender=type(other_course_page), user=volunteer, course=other_course_page, completed_at=timezone.now()
    )
    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    new = Certificate.objects.get(holder=volunteer, status=Certificate.Status.ISSUED)
    assert new.rule == rule and new.issued_on == timezone.localdate()


def test_template_body_with_unknown_placeholder_is_refused(template):
    from django.core.exceptions import ValidationError

    template.body = "{name} 完成 {课程}"
    with pytest.raises(ValidationError, match="未知的占位符"):
        template.full_clean()
