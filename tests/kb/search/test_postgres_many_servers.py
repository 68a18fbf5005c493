"""With the PostgreSQL backend every web server reads the same index: a page published by another process
(another web server, its own database connection) is found here at once, and leaves the index when deleted there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection
from wagtail.models import Page

PUBLISH = """
import django; django.setup()
from wagtail.models import Page
from kb.models import HomePage
root = Page.objects.get(depth=1)
page = HomePage(title="另一台服务器发布", slug="other-server-{tag}", intro="<p>先向护士站报到,再领取志愿者马甲</p>")
root.add_child(instance=page)
print(page.pk)
"""

DELETE = """
import django; django.setup()
from wagtail.models import Page
Page.objects.filter(pk={pk}).delete()
"""


def _other_server(code: str) -> str:
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER'] or ''}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_BACKEND": "postgres"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def test_a_page_published_by_another_process_is_found_here(search_backend):
    if search_backend != "postgres":
        pytest.skip("the Whoosh index is on one server's disk: this is what the PostgreSQL backend is for")
    pk = int(_other_server(PUBLISH.format(tag=os.getpid())))
    try:
        assert [page.pk for page in Page.objects.live().search("报到")] == [pk]
        assert [page.pk for page in Page.objects.live().search("志愿者马甲")] == [pk]
    finally:
        _other_server(DELETE.format(pk=pk))

    assert list(Page.objects.live().search("报到")) == []
