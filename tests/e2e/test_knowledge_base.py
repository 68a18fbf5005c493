"""The knowledge base on a phone: every page type fits the screen, and law article links land on the article."""

from __future__ import annotations

import pytest

from kb import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/knowledge/",
    "/knowledge/guides/",
    "/knowledge/guides/guide-escort/",
    "/knowledge/laws/personal-information-protection-law/",
    "/knowledge/faq/faq-insurance/",
    "/knowledge/stories/",
    "/knowledge/stories/story-art-ward/",
]


def test_every_kb_page_type_fits_a_phone_screen(live_server, phone_page, home_page):
    demo.load()
    for path in PAGES:
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, path
        assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert phone_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16, path


def test_law_table_of_contents_jumps_to_the_article(live_server, phone_page, home_page):
    demo.load()
    phone_page.goto(live_server.url + "/knowledge/laws/personal-information-protection-law/")
    phone_page.get_by_role("link", name="第二十八条 敏感个人信息").click()
    article = phone_page.locator("[id='第二十八条']")
    assert article.is_visible()
    assert phone_page.evaluate("decodeURIComponent(location.hash)") == "#第二十八条"
    box = article.bounding_box()
    assert 0 <= box["y"] < 844


def test_section_filter_narrows_the_list_on_a_phone(live_server, phone_page, home_page):
    demo.load()
    phone_page.goto(live_server.url + "/knowledge/faq/")
    phone_page.get_by_label("问题类别").select_option(label="医保与就医流程")
    phone_page.get_by_role("button", name="筛选").click()
    phone_page.wait_for_url("**category=insurance**")
    assert "共 1 篇" in phone_page.locator("main").inner_text()
