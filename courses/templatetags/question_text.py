"""``{{ text|question_text:format }}``: a question's text as the author wrote it, safely."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe

from ..questions import safe_html

register = template.Library()


@register.filter
def question_text(text: str, text_format: str = "plain") -> SafeString:
    """Plain text keeps its line breaks; HTML (imported [html] or [markdown]) is sanitised again on every show."""
    if text_format == "html":
        return mark_safe(safe_html(text))  # noqa: S308 - nh3 has removed everything unsafe
    return linebreaksbr(text, autoescape=True)
