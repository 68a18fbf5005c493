"""Fixtures shared by every app's tests: users in each role and a minimal site tree."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import Client, ClientHandler
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from accounts.roles import COORDINATOR, SOCIAL_WORKER, VOLUNTEER, sync_role_permissions
from config.page_cache import through_page_cache

# No per-example deadline anywhere: it is a timing assertion, and on a loaded two-core machine an example that takes
# 200 ms once and 20 ms the next failed a run as "flaky" (tests/roster/test_idcard.py, seen in a merged run).
hypothesis_settings.register_profile("shuanggong", deadline=None)
hypothesis_settings.load_profile("shuanggong")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the page cache (which also holds search result pages) and the rate
    limiters live there, and a page cached by one test under the same generation would answer the next one."""
    from django.core.cache import cache

    cache.clear()
    yield


class _PageCacheClientHandler(ClientHandler):
    """Django's test handler behind the page cache, as ``config.wsgi`` serves the site: a hit never reaches Django."""

    def __call__(self, environ):
        def replay(lookup):
            response = lookup.replay()
            response.wsgi_request = WSGIRequest(environ)  # what the test client reads of every response
            return response

        return through_page_cache(environ, super().__call__, replay)


class SiteClient(Client):
    """The test client every test's ``client`` is: requests go through the page cache like a visitor's."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults) -> None:
        super().__init__(enforce_csrf_checks, **defaults)
        self.handler = _PageCacheClientHandler(enforce_csrf_checks)


@pytest.fixture
def client() -> SiteClient:
    return SiteClient()


def make_user(username: str, role: str | None = None, **extra) -> User:
    if role and not Group.objects.filter(name=role).exists():
        ensure_base_rows()
    user = User.objects.create_user(username=username, password="correct-horse-battery", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def volunteer(db) -> User:
    return make_user("xiaomeng", VOLUNTEER, last_name="李", first_name="小萌", email="xm@example.com")


@pytest.fixture
def social_worker(db) -> User:
    return make_user("siyuan", SOCIAL_WORKER, last_name="王", first_name="思远", is_staff=True)


@pytest.fixture
def coordinator(db) -> User:
    return make_user("jianing", COORDINATOR, last_name="陈", first_name="嘉宁", is_staff=True)


def ensure_base_rows() -> None:
    """Recreate what migrations put in the database (root page, locale, root collection, role groups).

    Transactional tests (the browser tests' live server) flush every table after each test, rows that
    data migrations made included; this puts them back so every test starts from the same base.
    """
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code="zh-hans")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="根目录", slug="root", live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="根目录")
    sync_role_permissions()


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, in place of Wagtail's placeholder page."""
    from kb.models import HomePage

    ensure_base_rows()
    root = Page.get_first_root_node()
    for placeholder in root.get_children():
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    home = root.add_child(instance=HomePage(title="双工学苑", slug="home", intro="<p>双工联动</p>"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="双工学苑")
    return home
