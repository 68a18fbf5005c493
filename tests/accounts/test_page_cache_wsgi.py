"""The page cache at the WSGI layer, as gunicorn calls the site: a hit never reaches Django, and every guarantee of a
rendered page still holds (the security middleware's headers, HTTPS redirects, refused hosts, no cookie)."""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from config.page_cache import PageCacheApplication
from config.wsgi import application


def call(path: str = "/", method: str = "GET", app=application, **headers: str) -> tuple[str, dict[str, str], bytes]:
    """One request through ``config.wsgi.application``; the status line, the headers and the body."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        **headers,
    }
    answered: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answered["status"], answered["headers"] = status, response_headers

    result = app(environ, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    return answered["status"], dict(answered["headers"]), body


@pytest.fixture(autouse=True)
def _keep_the_test_database_open():
    """The real handler closes database connections around each request; the test's transaction must stay open
    (Django's own test handler does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def django_requests():
    """How many requests reached Django."""
    seen = []

    def count(**_kwargs):
        seen.append(1)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


def test_a_hit_is_answered_before_django_with_every_header_of_the_render(home_page, django_requests):
    status, first_headers, first_body = call()
    assert (status, first_headers["X-Page-Cache"]) == ("200 OK", "miss")
    status, headers, body = call()
    assert (status, headers["X-Page-Cache"], body) == ("200 OK", "hit", first_body)
    assert len(django_requests) == 1  # the hit never built a Django request
    # The security middleware (outermost) adds its headers after the store was decided: they are stored too.
    for name in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Content-Language",
        "Content-Type",
        "Content-Length",
        "Vary",
    ):
        assert headers[name] == first_headers[name], name
    assert "Set-Cookie" not in headers


def test_a_head_request_is_answered_from_the_cache_without_a_body(home_page):
    call()
    status, headers, body = call(method="HEAD")
    assert (status, headers["X-Page-Cache"], body) == ("200 OK", "hit", b"")
    assert int(headers["Content-Length"]) > 0


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_page_cached_over_https_is_never_served_over_plain_http(home_page):
    app = PageCacheApplication(WSGIHandler())  # the security middleware reads the redirect setting when loaded
    assert call(app=app, HTTP_X_FORWARDED_PROTO="https")[1]["X-Page-Cache"] == "miss"
    assert call(app=app, HTTP_X_FORWARDED_PROTO="https")[1]["X-Page-Cache"] == "hit"
    status, headers, _body = call(app=app)
    assert status.startswith("301") and headers["Location"] == "https://testserver/"


def test_a_host_django_refuses_is_refused_even_when_the_page_is_cached(home_page):
    call()
    assert call()[1]["X-Page-Cache"] == "hit"
    status, headers, _body = call(HTTP_HOST="evil.example")
    assert status.startswith("400") and "X-Page-Cache" not in headers


def test_visitors_with_a_session_or_messages_are_rendered_for(home_page, django_requests):
    call()
    for cookie in ("sessionid=abc", "messages=xyz"):
        assert "X-Page-Cache" not in call(HTTP_COOKIE=cookie)[1]
    assert len(django_requests) == 3


def test_each_language_cookie_has_its_own_copy(home_page):
    call()
    assert call()[1]["X-Page-Cache"] == "hit"
    status, headers, body = call(HTTP_COOKIE="django_language=en")
    assert headers["X-Page-Cache"] == "miss" and headers["Content-Language"] == "en"
    assert "Verify a certificate" in body.decode()


def test_static_files_do_not_cost_a_cache_round_trip(home_page, monkeypatch):
    from django.core.cache import cache

    def unexpected(*_args, **_kwargs):
        raise AssertionError("the cache was asked for a static file")

    monkeypatch.setattr(cache, "get_many", unexpected)
    status, _headers, _body = call("/static/css/site.css")
    assert not status.startswith("5")


def test_when_the_cache_fails_the_page_is_rendered(home_page, monkeypatch):
    from django.core.cache import cache

    def down(*_args, **_kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    status, headers, body = call()
    assert status == "200 OK" and "X-Page-Cache" not in headers and "双工学苑" in body.decode()
