"""The demo content: enough of each page type, all marked as examples, all passing the publication check."""

from __future__ import annotations

from kb import demo
from kb.models import FAQPage, KnowledgeIndexPage, LawPage, RoleGuidePage, StoryPage
from kb.publishing import publication_problems
from tests.conftest import ensure_base_rows


def test_demo_loads_the_knowledge_base_twice_without_changes(db, client):
    ensure_base_rows()
    demo.load()
    counts = [model.objects.live().count() for model in (RoleGuidePage, LawPage, FAQPage, StoryPage)]
    demo.load()
    assert [model.objects.live().count() for model in (RoleGuidePage, LawPage, FAQPage, StoryPage)] == counts
    guides, laws, faqs, stories = counts
    assert guides >= 6 and laws >= 6 and stories >= 6
    assert sum(len(page.questions) for page in FAQPage.objects.live()) >= 30
    assert len({page.category for page in FAQPage.objects.live()}) >= 5
    assert KnowledgeIndexPage.objects.get().url == "/knowledge/"

    for model in (RoleGuidePage, LawPage, FAQPage, StoryPage):
        for page in model.objects.live():
            assert page.is_example, page.title
            assert publication_problems(page) == [], page.title
    for page in StoryPage.objects.live():
        assert page.consents.exists(), page.title
    assert any(consent.is_minor for page in StoryPage.objects.all() for consent in page.consents.all())
    assert client.get("/knowledge/laws/personal-information-protection-law/").status_code == 200
