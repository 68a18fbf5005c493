"""The /join/ form tells a reader what went wrong where they are looking, and which fields they must fill."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from .test_recruitment import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def test_invalid_submission_shows_an_error_summary_before_the_fields_with_links_to_them(client):
    html = client.post("/join/", form_data(mobile="12345", availability=None)).content.decode()
    summary = html.index("data-error-summary")
    assert summary < html.index('name="name"')
    assert "报名表有 2 处需要修改" in html
    assert '<a href="#id_mobile">手机号' in html
    assert '<a href="#id_availability_0">每周可服务时段:请至少选择一个可服务时段。</a>' in html
    assert 'id="id_availability_0"' in html


def test_a_valid_page_has_no_error_summary(client):
    assert "data-error-summary" not in client.get("/join/").content.decode()


def test_required_fields_are_marked_and_optional_ones_are_not(client):
    html = client.get("/join/").content.decode()
    assert re.search(r'<label for="id_name">[^<]*<span class="required-mark" aria-hidden="true"> \*</span>', html)
    assert re.search(r'<label for="id_email">[^<]*</label>', html)
    assert '带 <span class="required-mark">*</span> 的为必填项' in html


def test_selects_ask_for_a_choice_instead_of_dashes(client):
    html = client.get("/join/").content.decode()
    assert "---------" not in html
    assert re.search(r'<option value=""( selected)?>请选择</option>', html)


def test_honeypot_cannot_be_reached_with_the_keyboard(client):
    html = client.get("/join/").content.decode()
    assert re.search(r'<input type="text" name="website"[^>]*tabindex="-1"', html)


def test_join_page_states_the_age_rule_the_form_applies(client, settings):
    html = client.get("/join/").content.decode()
    minimum = settings.VOLUNTEER_MINIMUM_AGE
    assert f"年满{minimum}周岁即可报名,{minimum}至{settings.VOLUNTEER_ADULT_AGE - 1}周岁须监护人同意" in html
