"""Friendly Chinese error pages, and the 500 page still shows while the database is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False
    cache.clear()
    yield
    cache.clear()


def test_unknown_address_shows_the_chinese_404_page(client, home_page):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "返回首页" in body


def test_refused_page_shows_the_chinese_403_page(client, home_page):
    client.force_login(make_user("helper", "志愿者"))
    response = client.get(reverse("roster:check_in", args=["any-token"]))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def database_down():
    """Every query fails as it does while PostgreSQL is restarting."""
    failure = OperationalError("server closed the connection unexpectedly")
    return mock.patch.multiple(
        CursorWrapper, execute=mock.Mock(side_effect=failure), executemany=mock.Mock(side_effect=failure)
    )


def assert_friendly_error(response) -> None:
    assert response.status_code in (500, 503)
    body = response.content.decode()
    assert "服务暂时不可用" in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.parametrize("path", ["/", "/join/"])
def test_database_outage_shows_the_friendly_500_page_to_visitors(client, home_page, path):
    client.raise_request_exception = False
    with database_down():
        assert_friendly_error(client.get(path))


def test_database_outage_shows_the_friendly_500_page_on_a_form_post(client, home_page):
    client.raise_request_exception = False
    with database_down():
        assert_friendly_error(client.post("/verify/", {"serial": "SG-2026-000001", "name": "李小萌"}))


def test_database_outage_shows_the_friendly_500_page_to_a_logged_in_volunteer(client, home_page):
    client.force_login(make_user("helper", "志愿者"))
    client.raise_request_exception = False
    with database_down():
        assert_friendly_error(client.get(reverse("courses:my")))


def test_500_page_renders_with_an_empty_context_and_no_database():
    from django.template import loader

    with database_down():
        html = loader.get_template("500.html").render({})
    assert "服务暂时不可用" in html


@pytest.mark.parametrize("path", ["/verify/%00/", "/certificates/%00/download/", "/onboarding/sign-in/%00/", "/%00/"])
def test_nul_byte_in_a_url_is_a_chinese_400_not_a_database_error(client, home_page, volunteer, path):
    """PostgreSQL refuses NUL in text; found by tests/fuzz on PostgreSQL as a 500 on /verify/%00/."""
    client.force_login(volunteer)
    response = client.get(path)
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
    assert client.get("/join/?role=%00").status_code == 400
