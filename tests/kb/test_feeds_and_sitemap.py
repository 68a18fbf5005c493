"""The sitemap and the story feeds list every live public page and nothing unpublished."""

from __future__ import annotations

from django.urls import reverse

from .builders import add_draft, add_live, consent, faq, story


def test_sitemap_lists_live_pages_and_omits_drafts(client, kb_tree):
    live = add_live(kb_tree.faqs, faq(slug="live-faq"))
    draft = add_draft(kb_tree.faqs, faq(slug="draft-faq"))
    content = client.get("/sitemap.xml").content.decode()
    assert f"http://localhost{live.url}" in content
    assert "http://localhost/knowledge/" in content
    assert "draft-faq" not in content and draft.slug == "draft-faq"


def test_sitemap_drops_a_page_once_it_is_unpublished(client, kb_tree):
    page = add_live(kb_tree.faqs, faq(slug="soon-gone"))
    page.unpublish()
    assert "soon-gone" not in client.get("/sitemap.xml").content.decode()


def test_rss_feed_lists_live_stories_only(client, kb_tree):
    add_live(kb_tree.stories, story(title="已经发布的故事"), consents=[consent()])
    add_draft(kb_tree.stories, story(title="还在审核的故事"))
    response = client.get(reverse("kb:stories-rss"))
    content = response.content.decode()
    assert response.status_code == 200 and "application/rss+xml" in response["Content-Type"]
    assert "已经发布的故事" in content and "还在审核的故事" not in content
    assert "http://localhost/knowledge/stories/" in content


def test_atom_feed_lists_live_stories_only(client, kb_tree):
    add_live(kb_tree.stories, story(title="已经发布的故事"), consents=[consent()])
    unpublished = add_live(kb_tree.stories, story(title="已撤下的故事"), consents=[consent()])
    unpublished.unpublish()
    content = client.get(reverse("kb:stories-atom")).content.decode()
    assert "<feed" in content and "已经发布的故事" in content and "已撤下的故事" not in content
