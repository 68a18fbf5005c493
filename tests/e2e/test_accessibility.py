"""Older readers and WCAG 2.1 AA: axe-core finds nothing serious or critical on any public or volunteer page, in
both text modes, at phone size.

axe-core is the npm package installed by ``scripts/bootstrap.sh --test`` into var/axe (or AXE_CORE_PATH). The
pages are one of every kind the demo site has (``_every_page``): home, each knowledge-base page type, search,
/join/ (also after a failed submission), log-in, verification; then, signed in as the demo volunteer, 我的, the
courses, a lesson, a quiz question page and its review, onboarding and the roster's own pages.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from kb import demo
from tests.conftest import ensure_base_rows

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


def axe_source_text() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/bootstrap.sh --test (installs the npm package axe-core)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, for the browser tests of other features that import it as a fixture."""
    return axe_source_text()


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


def _log_in(page, base_url: str, username: str = "xiaomeng", password: str = "correct-horse-battery") -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")


def _every_page(user) -> tuple[list[str], list[str]]:
    """One page of every kind a visitor and a volunteer can open, from the demo content: (public, volunteer)."""
    from django.utils import timezone
    from wagtail.models import Page

    from certificates.models import Certificate
    from courses import actions, queries
    from courses.models import Attempt, AttemptState, CourseIndexPage, CoursePage, LessonPage, Quiz
    from kb.models import (
        FAQIndexPage,
        FAQPage,
        GuideIndexPage,
        KnowledgeIndexPage,
        LawIndexPage,
        LawPage,
        RoleGuidePage,
        StoryIndexPage,
        StoryPage,
    )
    from roster.models import Signup

    def first(model) -> str:
        page = Page.objects.type(model).live().first()
        assert page is not None, model.__name__
        return page.url

    certificate = Certificate.objects.filter(holder=user, status=Certificate.Status.ISSUED).first()
    public = [
        "/",
        *(first(model) for model in (KnowledgeIndexPage, GuideIndexPage, RoleGuidePage, LawIndexPage, LawPage)),
        *(first(model) for model in (FAQIndexPage, FAQPage, StoryIndexPage, StoryPage)),
        "/search/?q=医保",
        "/search/?q=没有这个词",
        "/join/",
        "/roster/privacy/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/verify/",
        f"/verify/{certificate.verification_code}/",
        "/verify/no-such-code/",
        first(CourseIndexPage),
    ]

    def startable() -> Quiz:
        now = timezone.now()
        return next(quiz for quiz in Quiz.objects.filter(live=True) if not queries.start_refusal(user, quiz, now))

    done = Attempt.objects.filter(user=user, is_practice=False).exclude(state=AttemptState.IN_PROGRESS).first()
    if done is None:
        done, _graded = actions.do_submit_attempt(actions.do_start_attempt(user, startable()))
    quiz = startable()
    open_attempt = actions.do_start_attempt(user, quiz)
    volunteer = [
        "/accounts/me/",
        "/accounts/password/change/",
        "/courses/my/",
        first(CoursePage),
        first(LessonPage),
        f"/quiz/{quiz.pk}/",
        f"/quiz/attempt/{open_attempt.pk}/",
        f"/quiz/attempt/{done.pk}/result/",
        "/onboarding/",
        "/roster/me/corrections/new/",
        "/roster/me/erasure/",
    ]
    signup = Signup.objects.filter(volunteer__user=user, status=Signup.Status.SIGNED_UP).first()
    if signup is not None:
        volunteer.append(f"/roster/signups/{signup.pk}/qr/")
    return public, volunteer


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_every_public_and_volunteer_page_has_no_serious_accessibility_violations(live_server, browser, mode):
    """Every kind of public and volunteer page of the demo site, at phone size, in both text modes."""
    ensure_base_rows()
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(username="volunteer")
    public, own = _every_page(user)
    axe = axe_source_text()
    context, page = _tab(browser)
    if mode == "elder":
        page.goto(live_server.url + "/")
        page.evaluate(ELDER_MODE)
    found = {}
    for path in public:
        assert page.goto(live_server.url + path).status in (200, 404), path
        found[path] = _serious_violations(page, axe)
    page.goto(live_server.url + "/join/")
    page.locator("main").get_by_role("button", name="提交报名").click()
    page.wait_for_selector("[data-error-summary]")
    found["/join/ (errors)"] = _serious_violations(page, axe)
    _log_in(page, live_server.url, "volunteer", DEMO_PASSWORD)
    for path in own:
        assert page.goto(live_server.url + path).status == 200, path
        found[path] = _serious_violations(page, axe)
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


ELDER_TARGETS = """() => [...document.querySelectorAll(
        ".site-header a, .site-header button, .breadcrumbs a, .feed-links a, .error-summary a, main .button, "
        + "main button, main input:not([type=hidden]), main select, main textarea")]
    .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden="true"], .visually-hidden'))
    .filter(el => el.getAttribute('tabindex') !== '-1')
    .map(el => [el.textContent.trim() || el.name || el.tagName, el.getBoundingClientRect()])
    .filter(([, box]) => box.width < 60 || box.height < 60)
    .map(([text, box]) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.mark.parametrize("width", [390, 1280])
def test_in_elder_mode_touch_targets_are_60px(live_server, browser, home_page, volunteer, width):
    """长辈模式 (issue 14): header and navigation links, breadcrumbs, buttons and form controls are at least 60×60
    px on public pages (an article with breadcrumbs, the calendar, a registration form with its errors, /join/) and
    on a volunteer's own page."""
    from activities import demo as activities_demo
    from activities.models import ActivityPage

    demo.load()
    activities_demo.load()
    upcoming = ActivityPage.objects.live().filter(ends_at__gte=timezone.now()).order_by("starts_at").first()
    assert upcoming is not None
    register = f"/activities/{upcoming.pk}/register/"
    context, page = _tab(browser, width=width, height=900 if width > 390 else 844)
    page.goto(live_server.url + "/")
    page.evaluate(ELDER_MODE)
    small = {}
    for path in ["/", "/knowledge/faq/faq-insurance/", "/activities/", register, "/join/", "/accounts/login/"]:
        assert page.goto(live_server.url + path).status == 200, path
        assert page.evaluate("document.documentElement.classList.contains('large-text')")
        small[path] = page.evaluate(ELDER_TARGETS)
    page.goto(live_server.url + register)
    page.locator("main form").get_by_role("button").last.click()
    small[f"{register} (errors)"] = page.evaluate(ELDER_TARGETS)
    _log_in(page, live_server.url)
    for path in ["/accounts/me/"]:
        page.goto(live_server.url + path)
        small[path] = page.evaluate(ELDER_TARGETS)
    context.close()
    assert {path: targets for path, targets in small.items() if targets} == {}
