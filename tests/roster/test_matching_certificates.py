"""Matching and certificates together: a role's required certificate must be valid on the activity's date."""

from __future__ import annotations

import datetime

import pytest

from certificates.actions import do_issue_certificate, do_revoke_certificate
from roster.matching import match_volunteers
from tests.certificates.conftest import template  # noqa: F401 - fixture
from tests.conftest import make_user

from .factories import local, make_role, make_volunteer

pytestmark = pytest.mark.django_db

MONDAY_MORNING = (local(2030, 1, 7, 9), local(2030, 1, 7, 11))  # 2030-01-07 is a Monday


@pytest.fixture
def rehab_role(home_page):
    from wagtail.models import Page

    course = home_page.add_child(instance=Page(title="康复训练协助", slug="rehab"))
    role = make_role("康复训练协助")
    role.required_courses.add(course)
    return role, course


def certified_volunteer(name: str, username: str, course, template, **certificate):  # noqa: F811
    user = make_user(username, "志愿者")
    make_volunteer(name, user=user, availability=["mon-am"])
    return do_issue_certificate(user, template, title=course.title, course_page=course, **certificate)


def test_matching_offers_only_volunteers_with_a_valid_required_certificate_on_that_date(rehab_role, template):  # noqa: F811
    role, course = rehab_role
    certified_volunteer("证书有效", "valid", course, template, issued_on=datetime.date(2029, 6, 1))
    expired = certified_volunteer("证书过期", "expired", course, template, issued_on=datetime.date(2026, 1, 1))
    assert expired.valid_until < datetime.date(2030, 1, 7)  # the test template is valid for 24 months
    revoked = certified_volunteer("证书撤销", "revoked", course, template, issued_on=datetime.date(2029, 6, 1))
    do_revoke_certificate(revoked, by=None, reason="冒名顶替")
    make_volunteer("没有证书", availability=["mon-am"])

    offered = [candidate.volunteer.name for candidate in match_volunteers(role, *MONDAY_MORNING)]
    assert offered == ["证书有效"]


def test_a_role_without_required_courses_needs_no_certificate():
    role = make_role("门诊导诊")
    make_volunteer("没有证书", availability=["mon-am"])
    assert [c.volunteer.name for c in match_volunteers(role, *MONDAY_MORNING)] == ["没有证书"]
