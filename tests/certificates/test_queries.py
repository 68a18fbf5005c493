from __future__ import annotations

import datetime

from certificates.actions import do_issue_for_rule, do_reissue_certificate, do_revoke_certificate
from certificates.models import IssuingRule
from certificates.queries import users_holding_valid_certificates

from ..conftest import make_user

DAY = datetime.date(2026, 6, 1)


def test_users_holding_valid_certificates_for_every_listed_course(
    volunteer, social_worker, template, rule, course_page, other_course_page
):
    other_rule = IssuingRule.objects.create(template=template, course_page=other_course_page)
    do_issue_for_rule(volunteer, rule, issued_on=datetime.date(2026, 1, 1))
    do_issue_for_rule(volunteer, other_rule, issued_on=datetime.date(2026, 1, 1))
    do_issue_for_rule(social_worker, rule, issued_on=datetime.date(2026, 1, 1))
    both = [course_page.pk, other_course_page.pk]
    assert users_holding_valid_certificates(both, DAY) == {volunteer.pk}
    assert users_holding_valid_certificates([course_page.pk], DAY) == {volunteer.pk, social_worker.pk}
    assert users_holding_valid_certificates([], DAY) == set()


def test_revoked_expired_superseded_and_future_certificates_do_not_count(template, rule, course_page):
    revoked, expired, corrected, future = (make_user(name) for name in ("a", "b", "c", "d"))
    do_revoke_certificate(
        do_issue_for_rule(revoked, rule, issued_on=datetime.date(2026, 1, 1)).certificate, by=None, reason="x"
    )
    do_issue_for_rule(expired, rule, issued_on=datetime.date(2024, 1, 1))  # valid until 2025-12-31
    do_reissue_certificate(
        do_issue_for_rule(corrected, rule, issued_on=datetime.date(2026, 1, 1)).certificate, by=None, holder_name="丙"
    )
    do_issue_for_rule(future, rule, issued_on=datetime.date(2026, 7, 1))
    assert users_holding_valid_certificates([course_page.pk], DAY) == {corrected.pk}
    assert users_holding_valid_certificates([course_page.pk], datetime.date(2025, 12, 31)) == {expired.pk}
