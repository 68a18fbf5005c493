"""A family member finds an activity on a phone, registers without an account, and cancels by the link."""

from __future__ import annotations

import pytest

from tests.e2e.test_accessibility import _serious_violations, axe_source  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_family_member_registers_on_a_phone_and_cancels(live_server, phone_page, home_page):
    from activities.models import ActivityIndexPage, Registration
    from tests.activities.conftest import add_activity

    calendar = ActivityIndexPage(title="公益活动", slug="activities", live=False)
    home_page.add_child(instance=calendar)
    calendar.save_revision().publish()
    add_activity(calendar, title="住院儿童绘画小组", kind="children_elderly", audience="families", capacity=10)

    page = phone_page
    page.goto(live_server.url + "/activities/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("面向对象").select_option("families")
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="住院儿童绘画小组").click()
    page.get_by_role("link", name="我要报名").click()

    main = page.locator("main")
    main.get_by_role("button", name="提交报名").click()
    assert main.get_by_role("alert").is_visible()
    assert "请阅读并同意隐私说明" in main.inner_text()

    main.get_by_label("称呼").fill("刘女士")
    main.get_by_label("手机号").fill("13712345678")
    main.get_by_label("人数(含陪同家属)").select_option("2")
    main.get_by_label("备注(选填)").fill("孩子在3病区12床")
    main.get_by_label("我已阅读并同意上面的隐私说明").check()
    main.get_by_role("button", name="提交报名").click()
    assert "床号/病区/病房号" in main.get_by_role("alert").inner_text()
    assert Registration.objects.count() == 0

    main.get_by_label("备注(选填)").fill("需要一把儿童椅")
    main.get_by_label("我已阅读并同意上面的隐私说明").check()
    main.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/activities/r/**")
    assert "报名成功" in main.inner_text() and "137****5678" in main.inner_text()
    assert main.locator(".activity-qr svg").is_visible()

    main.get_by_role("link", name="不能参加?取消报名").click()
    main.get_by_role("button", name="确认取消报名").click()
    assert "已取消报名" in page.locator(".messages").inner_text()
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_activity_pages_have_no_serious_accessibility_violations(live_server, browser, home_page, axe_source):  # noqa: F811
    from activities.models import ActivityIndexPage
    from tests.activities.conftest import add_activity

    calendar = ActivityIndexPage(title="公益活动", slug="activities", live=False)
    home_page.add_child(instance=calendar)
    calendar.save_revision().publish()
    activity = add_activity(calendar, what_to_bring="血糖记录本", accessibility="有电梯")
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for path in ["/activities/", activity.url, f"/activities/{activity.pk}/register/"]:
        assert page.goto(live_server.url + path).status == 200, path
        found[path] = _serious_violations(page, axe_source)
    page.locator("main").get_by_role("button", name="提交报名").click()
    found["register (errors)"] = _serious_violations(page, axe_source)
    context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
