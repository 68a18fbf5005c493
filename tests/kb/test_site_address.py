"""Public pages name the site by its configured address, show one title, and link their feeds."""

from __future__ import annotations

from datetime import date

from django.test import override_settings
from django.urls import reverse

from .builders import add_live, consent, faq, story

SITE = "https://xuey.example-hospital.cn"


@override_settings(SITE_URL=SITE)
def test_canonical_link_feeds_and_sitemap_use_the_configured_site_url(client, kb_tree):
    page = add_live(kb_tree.faqs, faq(slug="what-to-bring"))
    add_live(kb_tree.stories, story(slug="warm-road"), consents=[consent()])
    assert f'<link rel="canonical" href="{SITE}/knowledge/faq/what-to-bring/">' in client.get(page.url).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{SITE}/knowledge/faq/what-to-bring/" in sitemap and "http://localhost" not in sitemap
    for name in ("kb:stories-rss", "kb:stories-atom"):
        feed = client.get(reverse(name)).content.decode()
        assert f"{SITE}/knowledge/stories/warm-road/" in feed
        assert "http://localhost/knowledge" not in feed


def test_feed_items_are_dated_by_the_story_not_by_its_publication(client, kb_tree):
    add_live(kb_tree.stories, story(slug="old-deed", story_date=date(2024, 3, 5)), consents=[consent()])
    assert "Tue, 05 Mar 2024" in client.get(reverse("kb:stories-rss")).content.decode()
    assert "<published>2024-03-05T00:00:00+08:00</published>" in client.get(reverse("kb:stories-atom")).content.decode()


def test_stories_section_links_its_feeds_visibly(client, kb_tree):
    html = client.get(kb_tree.stories.url).content.decode()
    assert f'<a href="{reverse("kb:stories-rss")}">RSS</a>' in html
    assert "订阅更新" in html


def test_home_page_title_names_the_site_once(client, kb_tree):
    html = client.get("/").content.decode()
    assert "<title>双工学苑</title>" in html


def test_other_pages_keep_the_site_name_after_their_own(client, kb_tree):
    assert "<title>常见问题 · 双工学苑</title>" in client.get(kb_tree.faqs.url).content.decode()


def test_favicon_is_served(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.ico")


def test_faq_states_the_age_rule_the_join_form_applies(settings):
    from kb.demo import _with_age_rule, read

    settings.VOLUNTEER_MINIMUM_AGE, settings.VOLUNTEER_ADULT_AGE = 16, 18
    answers = "".join(_with_age_rule(item["answer"]) for row in read("faqs") for item in row["questions"])
    assert "年满16周岁" in answers and "16至17周岁的须由监护人" in answers
    assert "年满十八周岁" not in answers and "{minimum_age}" not in answers
