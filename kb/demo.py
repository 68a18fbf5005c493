"""Demo content of the knowledge base, loaded by ``manage.py load_demo``; safe to run twice.

The content is data: ``demo_data/*.yaml`` beside this module, one file per page type, each field named. This module
only maps those fields onto the page models, so a field added to a model later needs a line here and a key there.
Pages are created as drafts and published through their revisions, so they pass the same consent and
de-identification checks as pages written in the admin. Existing pages (matched by slug) are left untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from .models import (
    FAQIndexPage,
    FAQPage,
    GuideIndexPage,
    HomePage,
    KnowledgeIndexPage,
    LawIndexPage,
    LawPage,
    RoleGuidePage,
    StoryConsent,
    StoryIndexPage,
    StoryPage,
    SynonymGroup,
)
from .workflow import ensure_publication_workflow

DATA = Path(__file__).parent / "demo_data"
SECTION_TYPES: dict[str, type[Page]] = {
    "guides": GuideIndexPage,
    "laws": LawIndexPage,
    "faq": FAQIndexPage,
    "stories": StoryIndexPage,
}


def read(name: str) -> Any:
    """One demo data file (``demo_data/<name>.yaml``); safe_load, so a data file can never run code."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def load() -> HomePage:
    """Make a HomePage the root of the default site, then add the knowledge base under it."""
    site = read("site")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholders = root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
        for placeholder in placeholders:
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title=site["home"]["title"],
                slug="home",
                intro=site["home"]["intro"],
                recruitment_call=site["home"]["recruitment_call"],
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": site["home"]["title"]},
    )
    ensure_publication_workflow()
    load_knowledge_base(home, site)
    for terms in site["synonyms"]:
        SynonymGroup.objects.get_or_create(terms=terms)
    return home


def _publish(parent: Page, page: Page, consents: list[StoryConsent] | None = None) -> Page:
    """Add ``page`` as a draft and publish its revision, unless a page with its slug is already there."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.live = False
    if consents is not None:
        page.consents = consents
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_knowledge_base(home: HomePage, site: dict[str, Any]) -> KnowledgeIndexPage:
    knowledge = _publish(home, KnowledgeIndexPage(title="知识库", slug="knowledge", intro=site["knowledge_intro"]))
    sections = {}
    for section in site["sections"]:
        page_type = SECTION_TYPES[section["slug"]]
        sections[section["slug"]] = _publish(
            knowledge, page_type(title=section["title"], slug=section["slug"], intro=section["intro"])
        )
    reviewed = site["last_reviewed"]
    _load_guides(sections["guides"], reviewed)
    _load_laws(sections["laws"], reviewed)
    _load_faqs(sections["faq"], reviewed)
    _load_stories(sections["stories"], site["consent_form_title"])
    return knowledge


def _with_tags(page: Page, tags: list[str]) -> Page:
    page.tags.add(*tags)
    return page


def _bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _load_guides(parent: GuideIndexPage, reviewed: Any) -> None:
    contact = get_user_model().objects.filter(username="socialworker").first()
    for row in read("guides"):
        page = RoleGuidePage(
            title=row["title"],
            slug=row["slug"],
            audience=row["audience"],
            summary=row["summary"],
            duties=_bullets(row["duties"]),
            boundaries=_bullets(row["boundaries"]),
            risks=[("risk", {"risk": item["risk"], "prevention": item["prevention"]}) for item in row.get("risks", [])],
            training=[("training", {"title": item["title"], "note": item.get("note", "")}) for item in row["training"]],
            contact=contact,
            contact_note=row.get("contact_note", ""),
            last_reviewed=reviewed,
            is_example=True,
        )
        _publish(parent, _with_tags(page, row.get("tags", [])))
    guides = list(RoleGuidePage.objects.child_of(parent).order_by("path"))
    for position, guide in enumerate(guides):
        if not guide.related:
            neighbours = [guides[(position + offset) % len(guides)] for offset in (1, 2)]
            guide.related = [("page", neighbour) for neighbour in neighbours]
            guide.save_revision().publish()


def _load_laws(parent: LawIndexPage, reviewed: Any) -> None:
    rows = read("laws")
    for row in rows:
        page = LawPage(
            title=row["title"],
            slug=row["slug"],
            level=row["level"],
            issuing_authority=row["issuing_authority"],
            document_number=row.get("document_number", ""),
            issue_date=row["issue_date"],
            effective_date=row.get("effective_date"),
            status=row["status"],
            summary=row["summary"],
            articles=[
                ("article", {"number": item["number"], "heading": item["heading"], "text": item["text"]})
                for item in row.get("articles", [])
            ],
            volunteer_notes=row.get("volunteer_notes", ""),
            last_reviewed=reviewed,
            is_example=True,
        )
        _publish(parent, _with_tags(page, row.get("tags", [])))
    for row in rows:
        if row.get("replaced_by"):
            law = LawPage.objects.child_of(parent).get(slug=row["slug"])
            if law.replaced_by_id is None:
                law.replaced_by = LawPage.objects.child_of(parent).get(slug=row["replaced_by"])
                law.save_revision().publish()


def _with_age_rule(answer: str) -> str:
    """Put the /join/ age rule (the settings the form applies) into an answer that states it."""
    minimum, adult = settings.VOLUNTEER_MINIMUM_AGE, settings.VOLUNTEER_ADULT_AGE
    return answer.replace("{minimum_age}", str(minimum)).replace("{last_minor_age}", str(adult - 1))


def _load_faqs(parent: FAQIndexPage, reviewed: Any) -> None:
    for row in read("faqs"):
        questions = [
            (
                "question",
                {
                    "question": item["question"],
                    "answer": _with_age_rule(item["answer"]),
                    "anchor": item.get("anchor", ""),
                },
            )
            for item in row["questions"]
        ]
        page = FAQPage(
            title=row["title"],
            slug=row["slug"],
            category=row["category"],
            summary=row["summary"],
            questions=questions,
            last_reviewed=reviewed,
            is_example=True,
        )
        _publish(parent, _with_tags(page, [row["title"]]))


def _consent_form(title: str) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        text = "知情同意书(示例)\n本文件为演示用的虚构同意书,不含任何真实个人信息。\n".encode()
        document.file.save("demo-consent-form.txt", ContentFile(text), save=True)
    return document


def _load_stories(parent: StoryIndexPage, consent_form_title: str) -> None:
    for row in read("stories"):
        body: list[tuple[str, Any]] = [("paragraph", "".join(f"<p>{text}</p>" for text in row["paragraphs"]))]
        if row.get("quote"):
            body.append(("quote", {"quote": row["quote"]["quote"], "attribution": row["quote"]["attribution"]}))
        consents = [
            StoryConsent(
                consented_on=row["story_date"],
                covers_publication=True,
                covers_photos=True,
                signed_form=_consent_form(consent_form_title),
                **record,
            )
            for record in row.get("consents", [])
        ]
        page = StoryPage(
            title=row["title"],
            slug=row["slug"],
            featured_kind=row["featured_kind"],
            identifiable=row["identifiable"],
            story_date=row["story_date"],
            department=row.get("department", ""),
            summary=row["summary"],
            body=body,
            featured=row.get("featured", False),
            is_example=True,
        )
        _publish(parent, _with_tags(page, row.get("tags", [])), consents=consents)
