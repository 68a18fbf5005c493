"""Scheduling in the browser: a volunteer joins a waitlist on a phone, and a social worker turns a tablet into a
check-in kiosk where the volunteer checks in with number + PIN. axe-core finds nothing serious on either page.

Set E2E_SHOTS=/some/dir to keep a screenshot of each screen (phone 390×844 and desktop 1280×900)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.test_accessibility import AXE, _serious_violations, _tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/bootstrap.sh --test (installs the npm package axe-core)")
    return AXE.read_text(encoding="utf-8")


SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def _shot(page, name: str) -> None:
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _log_in(page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct-horse-battery")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_url}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_volunteer_joins_a_waitlist_and_sets_a_pin(live_server, browser, home_page, volunteer, axe_source, size):
    from roster import actions
    from roster.models import KioskPin, Signup
    from tests.roster.factories import make_activity, make_role, make_volunteer

    role = make_role()
    own = make_volunteer("李小萌", user=volunteer)
    own.roles.add(role)
    make_activity(role, name="门诊导诊", starts_at=timezone.now() + timedelta(days=2))
    full = make_activity(role, name="病房陪伴", capacity=1, starts_at=timezone.now() + timedelta(days=3))
    actions.do_sign_up(make_volunteer("别人"), full)

    context, page = _tab(browser, *SIZES[size])
    _log_in(page, live_server.url, "xiaomeng", "/roster/schedule/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert _serious_violations(page, axe_source) == []
    page.get_by_role("button", name="加入候补").click()
    page.get_by_text("候补第 1 位").first.wait_for()
    assert Signup.objects.get(activity=full, volunteer=own).status == Signup.Status.WAITLISTED
    page.get_by_role("button", name="设置 PIN").click()  # empty
    page.get_by_text("PIN 应为4到6位数字").wait_for()
    page.get_by_label("签到 PIN(4到6位数字)").fill("1234")  # too simple
    page.get_by_role("button", name="设置 PIN").click()
    page.get_by_text("PIN 过于简单").wait_for()
    page.get_by_label("签到 PIN(4到6位数字)").fill("4827")
    page.get_by_role("button", name="设置 PIN").click()
    page.get_by_text("签到 PIN 已设置").wait_for()
    assert KioskPin.objects.filter(volunteer=own).exists()
    _shot(page, f"schedule-{size}")
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_tablet_becomes_a_kiosk_and_checks_a_volunteer_in(
    live_server, browser, home_page, social_worker, axe_source, size
):
    from roster import actions
    from roster.models import Signup
    from tests.roster.factories import make_activity, make_role, make_volunteer

    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(minutes=5))
    walker = make_volunteer("周晓")
    signup = actions.do_sign_up(walker, activity)
    actions.do_set_kiosk_pin(walker, "4827")

    context, page = _tab(browser, *SIZES[size])
    page.goto(f"{live_server.url}/admin/login/?next=/admin/roster/kiosks/")
    page.get_by_label("用户名").fill("siyuan")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/roster/kiosks/")
    _shot(page, f"kiosk-admin-{size}")
    page.get_by_role("button", name="在本设备开启签到台").click()  # empty name
    page.locator(".error-message").first.wait_for()
    page.get_by_label("签到台名称").fill("门诊大厅服务台")
    page.get_by_label("服务地点").fill("门诊大厅")
    page.get_by_role("button", name="在本设备开启签到台").click()
    page.wait_for_url("**/roster/kiosk/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert _serious_violations(page, axe_source) == []
    page.locator("form").nth(1).get_by_role("button", name="签到 / 签退").click()  # empty
    page.get_by_text("请扫描签到二维码").wait_for()
    page.get_by_label("志愿者编号").fill(walker.number)
    page.get_by_label("PIN").fill("0000")
    page.locator("form").nth(1).get_by_role("button", name="签到 / 签退").click()
    page.get_by_text("编号或 PIN 不正确").wait_for()
    page.get_by_label("志愿者编号").fill(walker.number)
    page.get_by_label("PIN").fill("4827")
    page.locator("form").nth(1).get_by_role("button", name="签到 / 签退").click()
    page.get_by_text("周晓 签到成功").wait_for()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is not None
    _shot(page, f"kiosk-{size}")
    page.goto(f"{live_server.url}/admin/")
    assert "/login/" in page.url  # the kiosk holds no login
    context.close()
