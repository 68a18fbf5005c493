"""Older readers and WCAG 2.1 AA: axe-core finds nothing serious on the main pages, in both text modes.

axe-core is the npm package installed by ``scripts/bootstrap.sh --test`` into var/axe (or AXE_CORE_PATH). The
pages are the demo site's public pages, /join/ (also after a failed submission) and a volunteer's own pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from kb import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(os.environ.get("AXE_CORE_PATH", settings.BASE_DIR / "var/axe/node_modules/axe-core/axe.min.js"))
PUBLIC_PAGES = [
    "/",
    "/knowledge/",
    "/knowledge/guides/guide-escort/",
    "/knowledge/laws/personal-information-protection-law/",
    "/knowledge/faq/",
    "/knowledge/faq/faq-insurance/",
    "/knowledge/stories/",
    "/search/?q=医保",
    "/join/",
    "/accounts/login/",
]
VOLUNTEER_PAGES = ["/accounts/me/"]
ELDER_MODE = "window.localStorage.setItem('shuanggong-large-text', '1')"


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/bootstrap.sh --test (installs the npm package axe-core)")
    return AXE.read_text(encoding="utf-8")


def _tab(browser, width: int = 390, height: int = 844):
    # The site's CSP allows only its own scripts; axe is injected by the test, not served by the site.
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _serious_violations(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""
    )
    return violations


def _log_in(page, base_url: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill("xiaomeng")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_main_pages_have_no_serious_accessibility_violations(
    live_server, browser, home_page, volunteer, axe_source, mode
):
    demo.load()
    context, page = _tab(browser)
    if mode == "elder":
        page.goto(live_server.url + "/")
        page.evaluate(ELDER_MODE)
    found = {}
    for path in PUBLIC_PAGES:
        assert page.goto(live_server.url + path).status == 200, path
        found[path] = _serious_violations(page, axe_source)
    page.goto(live_server.url + "/join/")
    page.locator("main").get_by_role("button", name="提交报名").click()
    page.wait_for_selector("[data-error-summary]")
    found["/join/ (errors)"] = _serious_violations(page, axe_source)
    _log_in(page, live_server.url)
    for path in VOLUNTEER_PAGES:
        assert page.goto(live_server.url + path).status == 200, path
        found[path] = _serious_violations(page, axe_source)
    context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_body_text_is_18px_and_24px_in_elder_mode_with_room_between_lines(live_server, browser, home_page):
    context, page = _tab(browser)
    page.goto(live_server.url + "/")
    style = "(s => [parseFloat(s.fontSize), parseFloat(s.lineHeight)])(getComputedStyle(document.body))"
    size, line = page.evaluate(style)
    assert size >= 18 and line / size >= 1.3
    page.get_by_role("button", name="长辈模式").click()
    size, line = page.evaluate(style)
    assert size >= 24 and line / size >= 1.3
    context.close()


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_pages_fit_a_320px_screen_and_controls_are_44px(live_server, browser, home_page, mode):
    demo.load()
    context, page = _tab(browser, width=320, height=640)
    page.goto(live_server.url + "/")
    if mode == "elder":
        page.evaluate(ELDER_MODE)
    small = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (mode, path)
        small[path] = page.evaluate(
            """() => [...document.querySelectorAll(
                    ".site-header a, .site-header button, .breadcrumbs a, .feed-links a, main .button")]
                .filter(el => el.offsetParent !== null)
                .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
                .filter(([, box]) => box.width < 44 || box.height < 44)
                .map(([text, box]) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""
        )
    context.close()
    assert {path: targets for path, targets in small.items() if targets} == {}


def test_join_errors_take_focus_and_the_honeypot_is_not_in_the_tab_order(live_server, browser, home_page):
    context, page = _tab(browser)
    page.goto(live_server.url + "/join/")
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"
    page.locator("main").get_by_role("button", name="提交报名").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.evaluate("document.querySelector('[data-error-summary]').getBoundingClientRect().top") < 844
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("document.activeElement.name") == "name"
    context.close()


def test_language_switch_keeps_the_article_the_reader_was_on(live_server, browser, home_page):
    demo.load()
    context, page = _tab(browser)
    page.goto(live_server.url + "/knowledge/laws/personal-information-protection-law/#第二十八条")
    page.get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.evaluate("decodeURIComponent(location.hash)") == "#第二十八条"
    context.close()


def test_favicon_is_an_icon(live_server, browser):
    context, page = _tab(browser)
    response = page.goto(live_server.url + "/favicon.ico")
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
    context.close()
