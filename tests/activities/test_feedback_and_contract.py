"""Feedback one per registration and anonymous; sign-in and 签到表; contract targets counted from held activities."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from activities.actions import do_record_tally, do_register, do_sign_in, do_submit_feedback
from activities.models import ContractPeriod, Feedback, Indicator, Registration, Tally
from activities.queries import contract_progress

from .conftest import add_activity


def past_activity(calendar, **fields):
    """An activity that was open for registration and is over now: registrations are made before it starts."""
    page = add_activity(calendar, **fields)
    registrations = [
        do_register(page, salutation=f"参加者{n}", mobile=f"1380000010{n}", people=1, consent=True) for n in range(3)
    ]
    page.starts_at = timezone.now() - timedelta(hours=3)
    page.ends_at = timezone.now() - timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, registrations


def test_feedback_is_one_per_registration_and_keeps_no_link_to_the_person(calendar, questions):
    page, (came, *_rest) = past_activity(calendar)
    do_sign_in(came)
    scores = {questions[0].pk: 5, questions[1].pk: 4}
    feedback = do_submit_feedback(came, scores, "讲得很清楚")
    assert [f.name for f in Feedback._meta.get_fields() if f.is_relation and f.name != "scores"] == ["activity"]
    assert feedback.comment == "讲得很清楚"
    with pytest.raises(ValidationError, match="已经提交过"):
        do_submit_feedback(came, scores)
    assert Feedback.objects.count() == 1


def test_only_someone_who_signed_in_gives_feedback_and_every_question_needs_a_score(calendar, questions):
    page, (came, stayed_home, _third) = past_activity(calendar)
    with pytest.raises(ValidationError, match="签到"):
        do_submit_feedback(stayed_home, {q.pk: 5 for q in questions})
    do_sign_in(came)
    with pytest.raises(ValidationError, match="1–5"):
        do_submit_feedback(came, {questions[0].pk: 5})
    assert not Feedback.objects.exists()


def test_the_feedback_link_takes_one_form(client, calendar, questions):
    page, (came, *_rest) = past_activity(calendar)
    do_sign_in(came)
    url = f"/activities/r/{came.token}/feedback/"
    assert "活动内容对您有帮助" in client.get(url).content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "请为每个问题选择" in empty.content.decode()
    client.post(url, {f"q{questions[0].pk}": "5", f"q{questions[1].pk}": "3", "comment": "很好"})
    assert "已经提交过反馈" in client.get(url).content.decode()
    assert Feedback.objects.get().scores.count() == 2


def test_signing_in_before_the_day_is_refused(activity):
    registration = do_register(activity, salutation="张阿姨", mobile="13800138000", people=1, consent=True)
    with pytest.raises(ValidationError, match="当天"):
        do_sign_in(registration)


def test_sign_in_sheet_pdf_and_excel_list_participants_with_masked_mobiles(client, social_worker, calendar):
    page, registrations = past_activity(calendar)
    do_sign_in(registrations[0])
    client.force_login(social_worker)
    pdf = client.get(f"/admin/activities/sign-in/{page.pk}/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = client.get(f"/admin/activities/sign-in/{page.pk}/sheet.xlsx")
    rows = [r for r in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)]
    assert rows[3][:3] == ("序号", "称呼", "手机号")
    assert rows[4][1] == "参加者0" and rows[4][2] == "138****0100"
    assert not any("13800000100" in str(cell) for row in rows for cell in row)


def test_the_sign_in_screen_ticks_a_participant(client, social_worker, calendar):
    page, registrations = past_activity(calendar)
    client.force_login(social_worker)
    client.post(f"/admin/activities/sign-in/{page.pk}/", {"registration": registrations[1].pk})
    registrations[1].refresh_from_db()
    assert registrations[1].signed_in_at is not None


def test_the_sign_in_pages_are_for_staff_only(client, volunteer, activity):
    client.force_login(volunteer)
    assert client.get(f"/admin/activities/sign-in/{activity.pk}/sheet.xlsx").status_code in (302, 403)


def make_period() -> ContractPeriod:
    today = timezone.localdate()
    period = ContractPeriod.objects.create(
        name="购买医务社会工作服务项目", starts_on=today - timedelta(days=30), ends_on=today
    )
    Indicator.objects.create(period=period, name="健康宣讲", target=4, activity_kind="health_talk", evidence="签到表")
    Indicator.objects.create(period=period, name="个案服务", target=10, unit="个", tally_category="case")
    return period


def test_only_held_activities_with_a_sign_in_count_towards_their_indicator(calendar, social_worker):
    held, held_regs = past_activity(calendar)
    do_sign_in(held_regs[0])
    past_activity(calendar)  # over, but nobody signed in: not held
    add_activity(calendar)  # still to come
    other_kind, other_regs = past_activity(calendar, kind="art")
    do_sign_in(other_regs[0])
    do_record_tally(
        date=timezone.localdate(), category=Tally.Category.CASE, count=3, summary="出院资源链接", by=social_worker
    )
    talks, cases = contract_progress(make_period())
    assert (talks.done, talks.indicator.target, talks.percent) == (1, 4, 25)
    assert [e.activity.pk for e in talks.evidence] == [held.pk]
    assert talks.evidence[0].signed_in == 1
    assert cases.done == 3


def test_a_tally_that_names_a_patient_detail_is_refused(social_worker):
    with pytest.raises(ValidationError, match="只记数量"):
        do_record_tally(date=date.today(), category="case", count=1, summary="5床 确诊肺癌", by=social_worker)
    assert not Tally.objects.exists()


def test_the_dashboard_shows_progress_and_exports_it(client, coordinator, calendar):
    held, regs = past_activity(calendar)
    do_sign_in(regs[0])
    period = make_period()
    client.force_login(coordinator)
    page = client.get("/admin/activities/contract/").content.decode()
    assert "健康宣讲" in page and "1 / 4" in page
    export = client.get(f"/admin/activities/contract/?period={period.pk}&download=1")
    workbook = load_workbook(io.BytesIO(export.content))
    summary = list(workbook["指标完成情况"].iter_rows(values_only=True))
    assert summary[2][:3] == ("健康宣讲", 4, 1)
    evidence = list(workbook["佐证明细"].iter_rows(values_only=True))
    assert evidence[1][2] == held.title


def test_the_dashboard_tally_form_refuses_empty_and_records_right(client, social_worker):
    client.force_login(social_worker)
    assert client.post("/admin/activities/contract/", {}).status_code == 400
    client.post(
        "/admin/activities/contract/", {"date": timezone.localdate().isoformat(), "category": "aid", "count": "2"}
    )
    assert Tally.objects.get().count == 2


def test_registration_status_survives_sign_in_of_a_waitlisted_person_who_came(calendar):
    page = add_activity(calendar, capacity=1)
    do_register(page, salutation="甲", mobile="13800000001", people=1, consent=True)
    waiting = do_register(page, salutation="乙", mobile="13800000002", people=1, consent=True)
    page.starts_at = timezone.now() - timedelta(minutes=10)
    page.save_revision().publish()
    do_sign_in(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_volunteers_of_the_activity_get_one_anonymous_feedback_link_each(calendar, questions, volunteer):
    from activities.actions import do_send_feedback_links, do_submit_volunteer_feedback
    from activities.models import VolunteerFeedbackLink
    from roster.models import Signup
    from tests.roster.factories import make_role, make_volunteer

    page = add_activity(calendar, volunteer_role=make_role(), volunteers_needed=2)
    Signup.objects.create(activity=page.roster_activity, volunteer=make_volunteer(user=volunteer))
    page.starts_at = timezone.now() - timedelta(hours=3)
    page.ends_at = timezone.now() - timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert do_send_feedback_links(page) == 1
    link = VolunteerFeedbackLink.objects.get()
    feedback = do_submit_volunteer_feedback(link, {q.pk: 4 for q in questions}, "")
    assert feedback.from_volunteer
    with pytest.raises(ValidationError, match="用过"):
        do_submit_volunteer_feedback(link, {q.pk: 4 for q in questions}, "")
    assert do_send_feedback_links(page) == 0


def test_scanning_the_participants_qr_code_signs_them_in(client, social_worker, calendar):
    page, registrations = past_activity(calendar)
    client.force_login(social_worker)
    url = f"/admin/activities/qr/{registrations[2].token}/"
    assert "确认签到" in client.get(url).content.decode()
    client.post(url)
    registrations[2].refresh_from_db()
    assert registrations[2].signed_in_at is not None
    assert client.get("/admin/activities/qr/no-such-token/").status_code == 404


def test_a_group_indicator_counts_series_that_held_enough_sessions(client, coordinator, calendar):
    """「医护减压小组 2 个 × 5 节」: a series counts as one group once it has held 5 sessions; a group short of it is
    shown with its sessions but not counted."""
    for n in range(5):
        _, regs = past_activity(calendar, kind="staff_stress", series="减压小组一期", title=f"一期第{n + 1}节")
        do_sign_in(regs[0])
    for n in range(3):
        _, regs = past_activity(calendar, kind="staff_stress", series="减压小组二期", title=f"二期第{n + 1}节")
        do_sign_in(regs[0])
    past_activity(calendar, kind="staff_stress", series="减压小组二期", title="二期没人签到")
    period = make_period()
    Indicator.objects.create(
        period=period,
        name="医护减压小组(2 个 × 5 节)",
        target=2,
        unit="个",
        activity_kind="staff_stress",
        sessions_per_group=5,
        evidence="签到表",
    )
    groups = contract_progress(period)[-1]
    assert (groups.done, groups.percent, groups.met) == (1, 50, False)
    assert [(e.label, len(e.sessions), e.count) for e in groups.evidence] == [
        ("减压小组一期", 5, 1),
        ("减压小组二期", 3, 0),
    ]
    client.force_login(coordinator)
    page = client.get(f"/admin/activities/contract/?period={period.pk}").content.decode()
    assert "1 / 2 个" in page and "已举办 5 / 5 节" in page and "已举办 3 / 5 节" in page and "二期第3节" in page
    export = client.get(f"/admin/activities/contract/?period={period.pk}&download=1")
    rows = list(load_workbook(io.BytesIO(export.content))["佐证明细"].iter_rows(values_only=True))
    assert any(row[2] == "减压小组一期(已举办 5/5 节)" and row[3] == 1 for row in rows)
    assert sum(1 for row in rows if str(row[2]).strip().startswith("一期第")) == 5


def test_counting_groups_needs_an_activity_kind(db):
    period = make_period()
    indicator = Indicator(period=period, name="个案", target=2, tally_category="case", sessions_per_group=5)
    with pytest.raises(ValidationError):
        indicator.clean()


def test_signing_in_and_giving_feedback_lock_the_registration_not_the_activity_page(calendar, questions):
    """Everyone's sign-in at the door and feedback afterwards must not queue behind each other's, nor hold up editing
    the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    page, (came, *_rest) = past_activity(calendar)
    with CaptureQueriesContext(connection) as captured:
        do_sign_in(came)
        do_submit_feedback(came, {questions[0].pk: 5, questions[1].pk: 4})
    locks = [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks and all(lock.endswith('FOR UPDATE OF "activities_registration"') for lock in locks), locks
