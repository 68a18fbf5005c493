"""Playwright with Debian's chromium against pytest-django's live server.

Downloads of Playwright's own browsers fail on these machines, so the browser is /usr/bin/chromium, installed
by ``scripts/bootstrap.sh --test``. A missing chromium fails the run: browser tests must really run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# Playwright's sync API runs an event loop in the test's thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/bootstrap.sh --test (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser) -> Iterator:
    """A fresh phone-sized browser tab with its own cookies, in Chinese.

    Whatever the test does, the Content-Security-Policy must block nothing: an inline style or script that the
    policy refuses is logged to the console, and the test fails at teardown naming it."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked: list[str] = []

    def note_blocked(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", note_blocked)
    yield page
    context.close()
    assert blocked == [], blocked
