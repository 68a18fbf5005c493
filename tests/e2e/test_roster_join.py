"""A phone visitor applies on /join/; a volunteer shows their check-in QR code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_applicant_fills_the_form_on_a_phone(live_server, phone_page, home_page):
    from roster.models import Application, ServiceRole

    ServiceRole.objects.create(name="病房陪伴", description="陪伴住院患者")
    born = timezone.localdate().replace(year=timezone.localdate().year - 30, day=1)
    phone_page.goto(live_server.url + "/join/")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    main = phone_page.locator("main")
    main.locator("#id_name").fill("周晓")
    main.get_by_label("性别").select_option("female")
    main.get_by_label("出生日期").fill(born.isoformat())
    main.locator("#id_mobile").fill("13655556666")
    main.get_by_label("学历").select_option("bachelor")
    main.get_by_label("职业/学校").fill("会计")
    main.get_by_label("病房陪伴").check()
    main.get_by_label("周六上午").check()
    main.locator("#id_emergency_contact_name").fill("周父")
    main.get_by_label("紧急联系人电话").fill("13600001111")
    main.get_by_label("了解渠道").select_option("public")
    main.get_by_label("我已阅读并同意《志愿者个人信息保护声明》").check()
    main.get_by_role("button", name="提交报名").click()
    phone_page.wait_for_url("**/join/thanks/")
    application = Application.objects.get()
    assert application.name == "周晓" and application.availability == ["sat-am"]


def test_volunteer_opens_their_check_in_qr_code(live_server, phone_page, home_page):
    from accounts.roles import VOLUNTEER
    from roster.models import Activity, ServiceRole, Signup, Volunteer
    from tests.conftest import make_user

    user = make_user("qrvol", VOLUNTEER, last_name="吴", first_name="悠")
    volunteer = Volunteer.objects.create(number="SG2026-0001", name="吴悠", user=user, status="active")
    start = timezone.now() + timedelta(days=1)
    activity = Activity.objects.create(
        name="门诊导诊服务",
        department="门诊大厅",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        role=ServiceRole.objects.create(name="门诊导诊"),
    )
    Signup.objects.create(activity=activity, volunteer=volunteer)
    phone_page.goto(live_server.url + "/accounts/login/")
    phone_page.get_by_label("用户名").fill("qrvol")
    phone_page.get_by_label("密码").fill("correct-horse-battery")
    phone_page.locator("main").get_by_role("button", name="登录").click()
    phone_page.wait_for_url("**/accounts/me/")
    phone_page.get_by_role("link", name="签到二维码").click()
    qr = phone_page.locator(".qr-box svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 250
