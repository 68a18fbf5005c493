"""Public and volunteer pages carry no inline style, so the Content-Security-Policy allows none.

With ``'unsafe-inline'`` gone from ``style-src`` a browser ignores every ``style=`` attribute and ``<style>``
block: a progress bar drawn with ``style="width: …"`` would show empty. The demo content is loaded once because it is
the widest set of pages the site has (every page type, rich text, a volunteer halfway through onboarding).
"""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.IGNORECASE)
PUBLIC_PATHS = ["/", "/search/?q=志愿者", "/join/", "/verify/", "/accounts/login/", "/roster/privacy/"]
VOLUNTEER_PATHS = ["/accounts/me/", "/onboarding/", "/courses/my/"]


@pytest.fixture
def demo_site(db) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def _style_src(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["style-src"]


def _problems(client: Client, paths: list[str]) -> list[str]:
    problems = []
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: HTTP {response.status_code}")
            continue
        if "unsafe-inline" in _style_src(response):
            problems.append(f"{path}: style-src allows 'unsafe-inline'")
        match = INLINE_STYLE.search(response.content.decode())
        if match:
            html = response.content.decode()
            problems.append(f"{path}: inline style near {html[max(0, match.start() - 80) : match.end() + 40]!r}")
    return problems


def test_public_and_volunteer_pages_have_no_inline_style_and_csp_forbids_it(demo_site):
    pages = [page.url for page in Page.objects.live().exclude(depth=1).specific()]
    assert len(pages) > 20
    assert _problems(Client(), PUBLIC_PATHS + pages) == []

    volunteer = Client()
    volunteer.force_login(User.objects.get(username="volunteer"))
    # The demo volunteer is halfway through onboarding: "我的" shows a progress bar, drawn without a style.
    assert b'<progress class="progress"' in volunteer.get("/accounts/me/").content
    assert _problems(volunteer, VOLUNTEER_PATHS) == []
