"""Two volunteers of the same cohort — the owner of every record and an intruder — on the other apps' test builders."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.roles import VOLUNTEER
from certificates.actions import do_issue_for_rule
from courses.actions import do_start_attempt
from onboarding.models import Membership, Session
from roster.models import Volunteer
from tests.certificates.conftest import (  # noqa: F401 - fixtures
    _fresh_cache_and_pdf_folder,
    course_page,
    rule,
    template,
)
from tests.conftest import make_user
from tests.onboarding.conftest import (  # noqa: F401 - fixtures
    auto_quiz,
    bank,
    category,
    cohort,
    completion_template,
    course,
    member,
    programme,
    programme_rule,
    steps,
)
from tests.roster.factories import id_number, make_activity, make_role, make_volunteer

OWNER_MOBILE = "13912345678"
OWNER_ID = id_number()


@pytest.fixture
def owner(member):  # noqa: F811 - fixture imported above
    """The volunteer whose records are tried; 李小萌 with a phone and ID number on file."""
    Volunteer.objects.filter(user=member.user).update(mobile=OWNER_MOBILE)
    volunteer = Volunteer.objects.get(user=member.user)
    volunteer.set_id_number(OWNER_ID)
    volunteer.save()
    return member.user


@pytest.fixture
def intruder(cohort):  # noqa: F811 - fixture imported above
    """Another volunteer of the same cohort, logged in as themself."""
    user = make_user("intruder", VOLUNTEER, last_name="赵", first_name="闯")
    make_volunteer(name="赵闯", status=Volunteer.Status.TRAINING, user=user)
    Membership.objects.create(cohort=cohort, user=user)
    return user


@pytest.fixture
def attempt(owner, auto_quiz):  # noqa: F811 - fixture imported above
    return do_start_attempt(owner, auto_quiz)


@pytest.fixture
def certificate(owner, rule):  # noqa: F811 - fixture imported above
    return do_issue_for_rule(owner, rule).certificate


@pytest.fixture
def signup(owner):
    from roster.actions import do_sign_up

    activity = make_activity(make_role("病房陪伴"))
    volunteer = Volunteer.objects.get(user=owner)
    Volunteer.objects.filter(pk=volunteer.pk).update(status=Volunteer.Status.ACTIVE)  # only 在岗 may sign up
    volunteer.refresh_from_db()
    return do_sign_up(volunteer, activity)


@pytest.fixture
def session(cohort, programme):  # noqa: F811 - fixture imported above
    from onboarding.models import Step

    step = Step.objects.create(programme=programme, title="开班仪式", kind=Step.Kind.SESSION, week=1)
    return Session.objects.create(cohort=cohort, step=step, starts_at=timezone.now())
