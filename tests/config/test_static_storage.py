"""Static files in production: names with a content hash, from the manifest collectstatic wrote, remembered."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings

from config.static_storage import StaticFilesStorage

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=root, DEBUG=False):
        call_command("collectstatic", "--noinput", "-v0")
    return root


def test_a_page_links_each_static_file_by_its_hashed_name_every_time(collected, settings, monkeypatch):
    settings.STORAGES, settings.STATIC_ROOT, settings.DEBUG = PRODUCTION_STORAGES, collected, False
    template = Template("{% load static %}{% static 'css/site.css' %}")
    first = template.render(Context())
    assert first.startswith("/static/css/site.") and first.endswith(".css") and first != "/static/css/site.css"
    assert (collected / first.removeprefix("/static/")).exists()  # the hashed copy is served

    # The second time the URL is remembered, not worked out from the manifest again.
    monkeypatch.setattr(StaticFilesStorage, "stored_name", lambda *_args: pytest.fail("the manifest was read again"))
    assert template.render(Context()) == first


def test_a_file_missing_from_the_manifest_is_still_an_error(collected, settings):
    settings.STORAGES, settings.STATIC_ROOT, settings.DEBUG = PRODUCTION_STORAGES, collected, False
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/no-such-file.css' %}").render(Context())
