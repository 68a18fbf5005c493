"""The demo site's own pages as a search corpus, with queries drawn from their text by a seeded random sample.

A visitor types what they read: either a word of the page (a dictionary word of two to four characters, as
jieba's dictionary knows them) or a short string copied from it (two to four consecutive Chinese characters,
wherever a segmenter would cut them). A page is relevant to a query when its own text (title and every field
and block shown on it) contains the query as a string.
"""

from __future__ import annotations

import html
import random
import re

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def clean(text: str) -> str:
    """Tags and line breaks become single spaces: a copied string never spans two paragraphs or fields."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).lower()


def page_texts() -> dict[int, str]:
    """Live page id → its searchable text (the text of its index document: title, fields, blocks)."""
    from wagtail.models import Page

    from kb.search.index import build_document

    texts = {}
    for page in Page.objects.live().specific().exclude(depth=1):
        document = build_document(page)
        texts[page.pk] = clean(" ".join(value for name, value in document.items() if name.startswith("t_")))
    return texts


def sample_queries(texts: dict[int, str], count: int = 100, seed: int = 17) -> dict[str, list[str]]:
    """``count`` dictionary words and ``count`` copied strings, drawn from random pages with a fixed seed."""
    import jieba

    jieba.setLogLevel(60)
    rng = random.Random(seed)
    pages = sorted(texts)
    words: list[str] = []
    strings: list[str] = []
    while len(words) < count or len(strings) < count:
        text = texts[rng.choice(pages)]
        runs = [run for run in _CJK_RUN.findall(text) if len(run) >= 2]
        if not runs:
            continue
        run = rng.choice(runs)
        if len(words) < count:
            candidates = [w for w in jieba.lcut(run) if 2 <= len(w) <= 4 and w not in words]
            if candidates:
                words.append(rng.choice(candidates))
        if len(strings) < count:
            length = rng.randint(2, min(4, len(run)))
            start = rng.randint(0, len(run) - length)
            if run[start : start + length] not in strings:
                strings.append(run[start : start + length])
    return {"words of the page (jieba dictionary words)": words, "strings copied from the page": strings}


def relevant(texts: dict[int, str], query: str) -> set[int]:
    return {pk for pk, text in texts.items() if query in text}
