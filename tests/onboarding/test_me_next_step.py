"""On "我的", the next onboarding step is one tap away: a course not yet started is enrolled in on the way."""

from __future__ import annotations

import re

from django.urls import reverse

from courses.models import Enrolment
from onboarding import actions


def test_next_step_enrols_and_goes_straight_to_the_course(client, member, steps, volunteer, course):
    actions.do_acknowledge(volunteer, steps["pledge"])
    client.force_login(volunteer)
    me = client.get(reverse("accounts:me")).content.decode()
    enrol_url = reverse("courses:enrol", args=[course.pk])
    assert f'action="{enrol_url}"' in me
    assert "开始学习《风险预防与安全》" in me
    response = client.post(enrol_url)
    assert response.status_code == 302 and response["Location"] == course.url
    assert Enrolment.objects.filter(user=volunteer, course=course).exists()
    me = client.get(reverse("accounts:me")).content.decode()
    assert f'href="{course.url}"' in me and "继续学习《风险预防与安全》" in me


def test_certificates_are_listed_once_on_my_page(client, member, volunteer, completion_template):
    from certificates.actions import do_issue_certificate

    certificate = do_issue_certificate(volunteer, completion_template, title="志愿者岗前培训", hours=16)
    client.force_login(volunteer)
    me = client.get(reverse("accounts:me")).content.decode()
    assert len(re.findall(rf"(?<![/\w-]){re.escape(certificate.serial)}", me)) == 1  # links aside
    assert "电子徽章" in me and "Open Badge 电子徽章" not in me
    assert "核对证书真伪" in me
