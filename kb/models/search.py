"""Search synonyms that editors maintain in the admin (片段 → 同义词)."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

_SEPARATORS = re.compile(r"[=＝,，、;；\n]+")


def split_terms(text: str) -> list[str]:
    """“社工 = 社会工作者, 医务社工” → ["社工", "社会工作者", "医务社工"], without blanks or repeats."""
    terms: list[str] = []
    for term in _SEPARATORS.split(text):
        term = " ".join(term.split())
        if term and term not in terms:
            terms.append(term)
    return terms


@register_snippet
class SynonymGroup(models.Model):
    """Words that mean the same to a searcher: a query for any of them finds text with any of them."""

    terms = models.CharField(
        _("同义词"),
        max_length=500,
        help_text=_("用“=”或逗号分隔,例如:社工 = 社会工作者 = 医务社工。搜索其中任何一个词,都会同时查找其余的词。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["terms"]

    def __str__(self) -> str:
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self) -> None:
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("至少填写两个不同的词,用“=”或逗号分隔。")})
        self.terms = " = ".join(self.term_list())


@receiver(post_save, sender=SynonymGroup)
@receiver(post_delete, sender=SynonymGroup)
def _synonyms_changed(**kwargs) -> None:
    """Every process reloads the synonyms on its next search (the version lives in the shared cache)."""
    from kb.search.freshness import synonyms_changed

    synonyms_changed()


class SearchEntry(models.Model):
    """One indexed object in the PostgreSQL search backend (``kb.search.pg_backend``): every web server reads
    the same rows, so a page published on one is found on all. Unused (and empty) with the Whoosh backend.

    ``body`` holds the SearchFields' terms and ``autocomplete`` the AutocompleteFields', as built by
    :func:`kb.search.analysis.tokens` (words, dictionary sub-words, word pairs, character bigrams), each
    lexeme weighted A–D by its field's boost. ``models`` lists the model and its concrete parents. ``page_text`` is
    a page's snippet source (see :func:`kb.search.index.stored_page_text`); NULL for other objects and for rows
    written before the column existed (their pages are then loaded to cut the snippet).
    """

    key = models.CharField(max_length=255, unique=True)
    object_pk = models.CharField(max_length=64)
    models_list = models.CharField(max_length=512, db_column="models")
    body = SearchVectorField(null=True)
    autocomplete = SearchVectorField(null=True)
    page_text = models.TextField(null=True)  # noqa: DJ001 - NULL: written before the column; "": a page without text
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")

    def __str__(self) -> str:
        return self.key
