"""Snippets for the results page: a window of the page's text around the first match, matches in <mark>.

Highlighting works on the words of the query (and their synonyms), not on the index, so it behaves the
same whichever search backend is configured.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modelsearch.index import SearchField

from .analysis import cjk_runs, fold, words
from .synonyms import expand

if TYPE_CHECKING:
    from wagtail.models import Page

_QUOTES = re.compile(r"[\"'“”‘’]")


def highlight_terms(query: str) -> list[str]:
    """The strings to mark for ``query``: its words and the synonyms of its spans, longest first."""
    terms: set[str] = set()
    for chunk in fold(_QUOTES.sub(" ", query)).split():
        for span, alternatives in expand(chunk):
            for text in alternatives or [span]:
                terms.update(words(text))
                # The typed Chinese as a string: what a bigram match found when the segmenter cut it (报到 → 报, 到).
                terms.update(run for run in cjk_runs(text) if len(run) > 1)
                if alternatives:
                    terms.add(text)
    meaningful = {term for term in terms if len(term) > 1}
    return sorted(meaningful or terms, key=len, reverse=True)


def page_text(page: Page) -> str:
    """The searchable text of a page other than its title (rich text is already stripped of tags)."""
    parts: list[str] = []
    for field in type(page).get_search_fields():
        if isinstance(field, SearchField) and field.field_name != "title":
            value = field.get_value(page)
            if isinstance(value, list | tuple):
                value = " ".join(str(v) for v in value if v)
            if value:
                parts.append(str(value))
    description = getattr(page, "search_description", "")
    if not parts and description:
        parts.append(description)
    return " ".join(" ".join(parts).split())


@functools.lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per set of terms: a results page marks 20 texts (a title and a snippet per hit) with the
    same terms, and building the alternation each time was most of the marking."""
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def mark(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of ``terms`` (case-insensitive) wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = _pattern(tuple(terms))
    out: list[str] = []
    last = 0
    # html.escape, as Django's escape() does, without its lazy-text wrapper: 60-odd pieces per results page
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text: str, terms: list[str], length: int = 110) -> SafeString:
    """About ``length`` characters of ``text`` around the first match, with the matches marked."""
    start = 0
    if terms:
        found = _pattern(tuple(terms)).search(text)
        if found:
            start = max(0, found.start() - length // 4)
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{mark(window, terms)}{suffix}")  # noqa: S308 - mark() escapes
