"""Messages, lists, pick lists and job reports name people (李小萌, family name first), never their usernames."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certificates import tasks
from certificates.models import BulkJob
from courses import actions
from courses.forms import BulkEnrolForm
from onboarding.forms import AddMemberForm
from onboarding.models import StepRecord
from tests.courses.conftest import quiz  # noqa: F401 - the essay quiz fixture
from tests.courses.test_integrity import own_essay  # noqa: F401 - a social worker's essay awaiting a grade

pytestmark = pytest.mark.django_db


def test_a_user_reads_as_their_name(volunteer):
    assert str(volunteer) == "李小萌"


def test_saving_a_grade_names_the_author(client, coordinator, own_essay):  # noqa: F811
    client.force_login(coordinator)
    page = client.post(
        reverse("courses_admin:essays"),
        {"answer": own_essay.pk, f"a{own_essay.pk}-score": "4", f"a{own_essay.pk}-comment": "好"},
        follow=True,
    ).content.decode()
    assert f"已保存评分:王思远 的第 {own_essay.position} 题" in page
    assert "siyuan" not in page


def test_enrolment_and_attempt_records_name_the_person(client, coordinator, volunteer, course, auto_quiz):
    actions.do_enrol(volunteer, course)
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    assert str(attempt).startswith("李小萌 · ")
    client.force_login(coordinator)
    listing = client.get(reverse("wagtailsnippets_courses_enrolment:list")).content.decode()
    assert "李小萌" in listing and "xiaomeng" not in listing


def test_step_records_name_the_volunteer(member, steps, volunteer):
    record = StepRecord.objects.create(user=volunteer, step=next(iter(steps.values())), how="acknowledged")
    assert str(record).startswith("李小萌 · ")


def test_pick_lists_show_name_then_username(volunteer, course, member):
    enrol_labels = [str(label) for _value, label in BulkEnrolForm().fields["users"].choices]
    member_labels = [str(label) for _value, label in AddMemberForm().fields["user"].choices]
    assert "李小萌(xiaomeng)" in enrol_labels
    assert "李小萌(xiaomeng)" in member_labels


def test_a_bulk_issue_failure_names_the_person(volunteer, social_worker, programme_rule):
    volunteer.first_name = "小\U000f0000"  # a character no installed font can draw
    volunteer.save()
    job = BulkJob.objects.create(
        kind=BulkJob.Kind.ISSUE, rule=programme_rule, user_ids=[volunteer.pk], total=1, created_by=social_worker
    )
    tasks._run_issue(job)
    job.refresh_from_db()
    assert job.error.startswith("李小\U000f0000(xiaomeng):")
    assert job.done == 1
