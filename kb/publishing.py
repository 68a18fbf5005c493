"""The rules a page must pass before it goes live: consent for stories, and no personal identifiers anywhere.

Wagtail publishes through several doors — the editor's "发布" button (``PublishPageRevisionAction`` directly),
workflow approval and scheduled publishing (``Revision.publish()`` → ``Page.publish()``), the admin API, and code
calling ``revision.publish()``. All of them end in a full ``Page.save()`` with ``live=True``, so
``kb.models.base.PublicationCheckedMixin`` runs ``ensure_publishable`` there, and once more in ``publish()`` to fail
early. The admin's ``before_publish_page`` hook (``kb/wagtail_hooks.py``) asks the same question first, for every
page type of the project, so that the editor gets the list of findings instead of an error. This module holds the
rules themselves, so every door applies the same ones.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

from .deidentify import Finding, find_identifiers

if TYPE_CHECKING:
    from wagtail.blocks import Block

# Page fields that are public besides the ones a page type declares itself.
BASE_PUBLIC_FIELDS = ("title", "seo_title", "search_description")
_PARAGRAPH_BREAK = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


class PublicationBlocked(ValidationError):
    """Raised when a page may not go live; ``problems`` are Chinese sentences for the editor."""

    def __init__(self, page: Page, problems: list[str]):
        self.page_id = page.pk
        self.page_title = page.title
        self.problems = problems
        # A dict, so that callers expecting ``message_dict`` (Wagtail's admin API) can report it too.
        super().__init__({NON_FIELD_ERRORS: [_("《%(title)s》未发布:") % {"title": page.title}, *problems]})


_LINK_TARGET = re.compile(r"""<a\b[^>]*?\bhref=["']([^"']*)["'][^>]*>""", re.IGNORECASE)


def _html_paragraphs(source: str) -> list[str]:
    # Link targets are public too (a "tel:" link shows no number but dials one), so they are read with the text.
    source = _LINK_TARGET.sub(lambda match: f"{match.group(0)}({match.group(1)})", source)
    return [html.unescape(strip_tags(part)).strip() for part in _PARAGRAPH_BREAK.split(source)]


def _texts_of_value(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Walk a field or block value, yielding (where, plain text) for each piece of prose in it."""
    if value is None:
        return
    if isinstance(value, RichText):
        value = value.source
    if isinstance(value, StreamValue):
        for index, child in enumerate(value, start=1):
            label = _("第%(index)d块「%(label)s」") % {"index": index, "label": child.block.label}
            yield from _texts_of_value(child.value, f"{where} › {label}")
    elif isinstance(value, StructValue):
        for name, child_value in value.items():
            block: Block = value.block.child_blocks[name]
            yield from _texts_of_value(child_value, f"{where} › {block.label}")
    elif isinstance(value, ListValue | list | tuple):
        for index, item in enumerate(value, start=1):
            yield from _texts_of_value(item, f"{where} › " + _("第%(index)d项") % {"index": index})
    elif isinstance(value, str) and value.strip():
        if "<" in value and ">" in value:
            paragraphs = [part for part in _html_paragraphs(value) if part]
            if len(paragraphs) == 1:
                yield where, paragraphs[0]
            else:
                for index, paragraph in enumerate(paragraphs, start=1):
                    yield f"{where} › " + _("第%(index)d段") % {"index": index}, paragraph
        else:
            yield where, value


def public_texts(page: Page) -> list[tuple[str, str]]:
    """Every piece of text a visitor can read on ``page``, with where it is (field label › block › paragraph)."""
    texts: list[tuple[str, str]] = []
    page_field_names = {field.name for field in Page._meta.get_fields()}
    for field in page._meta.get_fields():
        if not getattr(field, "concrete", False) or field.is_relation:
            continue
        if field.name in page_field_names and field.name not in BASE_PUBLIC_FIELDS:
            continue
        if not isinstance(field, models.CharField | models.TextField | RichTextField | StreamField):
            continue
        if field.choices:
            continue
        texts.extend(_texts_of_value(getattr(page, field.name), str(field.verbose_name)))
    return texts


def allowed_numbers() -> list[str]:
    """Published numbers (switchboard, hotline) that pages may show, from ``KB_PUBLIC_PHONE_NUMBERS``."""
    return list(settings.KB_PUBLIC_PHONE_NUMBERS)


def deidentification_findings(page: Page) -> list[Finding]:
    """Identifiers found in the public text of ``page`` (the specific page, as it would be published)."""
    withheld = page.withheld_names() if hasattr(page, "withheld_names") else []
    numbers = allowed_numbers()
    findings: list[Finding] = []
    for where, text in public_texts(page):
        findings.extend(find_identifiers(text, where, withheld_names=withheld, allowed_numbers=numbers))
    return findings


def consent_problems(page: Page) -> list[str]:
    """Why the page's consent records do not cover publication; empty when none are needed or they do."""
    if hasattr(page, "consent_problems"):
        return page.consent_problems()
    return []


def publication_problems(page: Page) -> list[str]:
    """Everything that stops ``page`` from going live, as sentences for the editor (consent first)."""
    return [*consent_problems(page), *(finding.describe() for finding in deidentification_findings(page))]


def ensure_publishable(page: Page) -> None:
    """Raise ``PublicationBlocked`` unless ``page`` passes the consent rule and the de-identification check."""
    problems = publication_problems(page)
    if problems:
        raise PublicationBlocked(page, problems)
