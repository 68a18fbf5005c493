"""Punctuation that follows the page's language: Chinese pages list with "、", English ones with ", ".

A separator written into a template (``|join:"、"``) is printed in English pages too, between English words;
``{{ items|list_join }}`` picks it by the active language instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language

register = template.Library()


def list_separator() -> str:
    return "、" if (get_language() or "zh-hans").startswith("zh") else ", "


@register.filter
def list_join(items: Iterable) -> str:
    return list_separator().join(str(item) for item in items)


@register.simple_tag
def list_sep() -> str:
    """The separator alone, for ``{% for %}`` loops that print each item with its own markup."""
    return list_separator()
