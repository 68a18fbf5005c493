"""Anonymous visitors get cached pages; publishing anything shows the new content at once."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_view_is_served_from_cache(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_shows_the_new_version_to_anonymous_visitors(client, home_page):
    client.get("/")
    home_page.title = "双工学苑 · 新版"
    home_page.save_revision().publish()
    response = client.get("/")
    assert "双工学苑 · 新版" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_signed_in_users_are_never_served_a_cached_page(client, home_page, volunteer):
    client.get("/")
    client.force_login(volunteer)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "退出" in response.content.decode()


def test_each_language_has_its_own_cached_copy(client, home_page):
    client.get("/")
    client.get("/accounts/language/en/?next=/")
    response = client.get("/")
    assert "Verify a certificate" in response.content.decode()


def test_a_cached_page_costs_no_database_query_and_keeps_the_security_headers(
    client, home_page, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"]
