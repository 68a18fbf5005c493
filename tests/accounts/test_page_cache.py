"""Anonymous visitors get cached pages; publishing anything shows the new content at once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse


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


def test_a_hit_is_answered_before_sessions_csrf_and_auth_with_the_headers_of_the_render(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "Content-Language", "Vary"):
        assert second[header] == first[header]
    assert not second.cookies
    assert "csrfmiddlewaretoken" not in second.content.decode()
    # Answered before AuthenticationMiddleware: the request never got a user.
    assert not hasattr(second.wsgi_request, "user")


def test_a_visitor_with_a_session_cookie_is_never_served_a_cached_page(client, home_page):
    client.get("/")
    client.cookies["sessionid"] = "not-a-real-session"
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_a_password_protected_page_is_never_cached(client, home_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=home_page, restriction_type="password", password="口令")
    client.get("/")
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "双工联动" not in response.content.decode()


def test_a_cached_page_made_private_is_no_longer_served_to_anonymous_visitors(client, home_page):
    from wagtail.models import PageViewRestriction

    client.get("/")
    assert "双工联动" in client.get("/").content.decode()  # a hit

    PageViewRestriction.objects.create(page=home_page, restriction_type="password", password="口令")

    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "双工联动" not in response.content.decode()


def test_a_page_that_sets_a_cookie_on_its_way_out_is_not_stored(client, home_page, monkeypatch):
    from django.contrib.messages.middleware import MessageMiddleware

    original = MessageMiddleware.process_response

    def set_a_cookie(self, request, response):
        response.set_cookie("tracking", "1")
        return original(self, request, response)

    monkeypatch.setattr(MessageMiddleware, "process_response", set_a_cookie)
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_a_page_published_while_another_was_rendering_is_not_hidden_by_the_older_render(rf, home_page):
    from config.page_cache import (
        AnonymousPageCacheMiddleware,
        PageLookup,
        invalidate_page_cache,
        serve_with_page_cache,
        through_page_cache,
    )

    def render_while_someone_publishes(request):
        response = serve_with_page_cache(lambda page, request, args, kwargs: HttpResponse("旧版"))(
            home_page, request, (), {}
        )
        invalidate_page_cache()  # an editor publishes while this page is being rendered
        return response

    def django(view):
        def render(environ):
            request = WSGIRequest(environ)
            request.user = AnonymousUser()
            return AnonymousPageCacheMiddleware(view)(request)

        return render

    def replay(lookup: PageLookup):
        return lookup.replay()

    first = through_page_cache(rf.get("/").environ, django(render_while_someone_publishes), replay)
    assert first["X-Page-Cache"] == "miss"  # stored, under the generation before the publication
    response = through_page_cache(rf.get("/").environ, django(lambda request: HttpResponse("新版")), replay)
    assert response.content.decode() == "新版"


@pytest.mark.django_db
def test_a_repeated_anonymous_search_is_answered_from_the_cache_until_pages_or_synonyms_change(client, home_page):
    from kb.models import SynonymGroup

    first = client.get("/search/", {"q": "志愿者"})
    second = client.get("/search/", {"q": "志愿者"})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert client.get("/search/", {"q": "报到"})["X-Page-Cache"] == "miss"  # another query, another entry
    SynonymGroup.objects.create(terms="志愿者 义工")
    assert client.get("/search/", {"q": "志愿者"})["X-Page-Cache"] == "miss"
    home_page.save_revision().publish()
    assert client.get("/search/", {"q": "志愿者"})["X-Page-Cache"] == "miss"


def test_signed_in_users_search_is_never_cached(client, home_page, volunteer):
    client.get("/search/", {"q": "志愿者"})
    client.force_login(volunteer)
    assert "X-Page-Cache" not in client.get("/search/", {"q": "志愿者"})
