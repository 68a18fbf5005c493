import datetime

from django.urls import reverse
from django.utils import timezone

from onboarding.models import Session, StepRecord


def test_my_onboarding_page_shows_week_progress_and_overdue(client, member, volunteer):
    client.force_login(volunteer)
    html = client.get(reverse("onboarding:my")).content.decode()
    assert "第 2 周 / 共 4 周" in html
    assert "签署保密承诺" in html and "已逾期" in html
    assert "去参加测验" in html or "去学习课程" in html


def test_my_page_has_the_onboarding_panel(client, member, volunteer):
    client.force_login(volunteer)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "岗前培训" in html and "第 2 周 / 共 4 周" in html


def test_a_volunteer_acknowledges_the_pledge_with_one_tap(client, member, steps, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("onboarding:acknowledge", args=[steps["pledge"].pk]), follow=True)
    assert "已确认" in response.content.decode()
    assert StepRecord.objects.filter(user=volunteer, step=steps["pledge"], how="acknowledged").exists()


def test_someone_outside_the_cohort_cannot_acknowledge(client, steps, member):
    from tests.conftest import make_user

    outsider = make_user("outsider", "志愿者")
    client.force_login(outsider)
    response = client.post(reverse("onboarding:acknowledge", args=[steps["pledge"].pk]), follow=True)
    assert "不在这个培训项目" in response.content.decode()
    assert not StepRecord.objects.filter(user=outsider).exists()


def test_session_qr_sign_in_works_on_the_day_only(client, member, programme, cohort, volunteer):
    from onboarding.models import Step

    orientation = Step.objects.create(programme=programme, title="开班仪式", kind=Step.Kind.SESSION, week=1)
    today_session = Session.objects.create(cohort=cohort, step=orientation, starts_at=timezone.now())
    client.force_login(volunteer)
    url = reverse("onboarding:sign_in", args=[today_session.sign_in_code])
    assert "确认签到" in client.get(url).content.decode()
    client.post(url)
    assert StepRecord.objects.filter(user=volunteer, step=orientation, how="signed_in").exists()

    StepRecord.objects.all().delete()
    yesterday = Session.objects.create(
        cohort=cohort, step=orientation, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = client.post(reverse("onboarding:sign_in", args=[yesterday.sign_in_code]), follow=True)
    assert "只能在培训当天签到" in response.content.decode()
    assert not StepRecord.objects.exists()


def test_social_worker_signs_off_a_shadow_shift_from_the_cohort_grid(
    client, member, steps, social_worker, volunteer, course, auto_quiz
):
    from tests.onboarding.test_programme import pass_course

    pass_course(volunteer, course, auto_quiz)
    client.force_login(social_worker)
    grid = client.get(reverse("onboarding_admin:grid", args=[member.cohort_id]))
    assert grid.status_code == 200
    assert "确认跟岗" in grid.content.decode()
    url = reverse("onboarding_admin:sign_off", args=[member.pk, steps["shadow"].pk])
    client.post(url, {"rating": "4", "evaluation": "沟通耐心,能主动协助护士"})
    record = StepRecord.objects.get(user=volunteer, step=steps["shadow"])
    assert record.recorded_by == social_worker and record.rating == 4


def test_a_volunteer_cannot_open_the_cohort_grid(client, member, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("onboarding_admin:grid", args=[member.cohort_id])).status_code in (302, 403)


def test_session_qr_page_encodes_the_sign_in_url(client, member, programme, cohort, social_worker):
    from onboarding.models import Step

    step = Step.objects.create(programme=programme, title="开班仪式", kind=Step.Kind.SESSION, week=1)
    session = Session.objects.create(cohort=cohort, step=step, starts_at=timezone.now())
    client.force_login(social_worker)
    html = client.get(reverse("onboarding_admin:session_qr", args=[session.pk])).content.decode()
    assert "<svg" in html
    assert session.sign_in_code in html
