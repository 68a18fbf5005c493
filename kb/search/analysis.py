"""Chinese-aware text analysis shared by indexing, querying and snippet highlighting.

Text is folded first (NFKC turns full-width letters, digits and punctuation into half-width ones; then
lower case), then segmented into words by rjieba (jieba's algorithm and dictionary in Rust: about 30 times faster
than jieba and lighter per process, measured in benchmarks/README.md). Latin words and numbers come out as whole
tokens, so one analyser serves mixed text such as “COVID-19 疫苗”.

Each word gets the *word* index as its position, and the dictionary sub-words of a long word (中华 and 共和国
inside 中华人民共和国, as jieba's “search” mode does) share that position. Positions count words, not
characters, so quoted phrase queries match exactly the adjacent words — jieba's own Whoosh tokenizer
records character offsets, and phrases then never match.

Beside the words, every Chinese run also gives its character bigrams (先向护士站报到 → 先向, 向护, 护士, 士站, 站报,
报到), marked with :data:`BIGRAM` so they never collide with words and positioned by character offset, so a run's
bigrams form a phrase. A query that the segmenter cuts differently from the page (报到 alone is cut 报 / 到, inside
the sentence it is one word) is still found through its bigrams, ranked after the pages its words match.

The segmenter is imported on the first call, never at import time, so processes that never search or
index never load its dictionary.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from whoosh.analysis import Token, Tokenizer

_WORD_CHAR = re.compile(r"\w")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
BIGRAM = "~"  # prefix of bigram terms: never the start of a word (words contain a \w character and no "~")
BIGRAM_OFFSET = 100_000  # bigram positions: this + character offset, apart from word positions
_lock = threading.Lock()
_segmenter = None


class WordToken(NamedTuple):
    position: int
    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Full-width → half-width and lower case, so “ＣＯＶＩＤ” finds “covid”."""
    return unicodedata.normalize("NFKC", text).lower()


def segmenter():
    """rjieba (jieba's algorithm and dictionary, in Rust), imported on first use."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                import rjieba

                _segmenter = rjieba
    return _segmenter


def load_dictionary() -> None:
    """Load the segmenter and its dictionary now, not on the first search of each process: gunicorn's master does it
    before forking its workers (settings.LOAD_BEFORE_FORK), which then share that memory."""
    words("志愿者报到")


def words(text: str) -> list[str]:
    """The words of ``text`` in order (no sub-words): what a query or a phrase is made of."""
    return [word for word in segmenter().cut(fold(text), True) if _WORD_CHAR.search(word)]


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in word)


def tokens(text: str) -> Iterator[WordToken]:
    """Index tokens: every word at its word position, plus, at the same position, its dictionary sub-words
    (jieba's “search” mode) and its concatenation with the next word when both are Chinese.

    The pair tokens make “the typed word appears as such” a single term lookup (医保 + 报销 → 医保报销), so
    ranking adjacent words first needs no phrase matching, which is slow in Whoosh on common words.
    """
    seg = segmenter()
    folded = fold(text)
    owner = [-1] * len(folded)  # character offset → position of the word covering it
    main: list[WordToken] = []
    for word, start, end in seg.tokenize(folded, "default", True):
        if _WORD_CHAR.search(word):
            token = WordToken(len(main), word, start, end)
            owner[start:end] = [token.position] * (end - start)
            main.append(token)
    subs: dict[int, list[WordToken]] = {}
    for word, start, end in seg.tokenize(folded, "search", True):
        position = owner[start] if start < len(owner) else -1
        if position >= 0 and (start, end) != (main[position].start, main[position].end):
            subs.setdefault(position, []).append(WordToken(position, word, start, end))
    previous: WordToken | None = None
    for token in main:
        yield from subs.get(token.position, ())
        if previous is not None and previous.end == token.start and _is_cjk(token.text) and _is_cjk(previous.text):
            yield WordToken(previous.position, previous.text + token.text, previous.start, token.end)
        yield token
        previous = token
    yield from _bigram_tokens(folded)


def cjk_runs(text: str) -> list[str]:
    """The runs of Chinese characters in (folded) ``text``."""
    return _CJK_RUN.findall(text)


def bigrams(run: str) -> list[str]:
    """The bigram terms of one Chinese run, in order (none for a single character)."""
    return [BIGRAM + run[i : i + 2] for i in range(len(run) - 1)]


def _bigram_tokens(folded: str) -> Iterator[WordToken]:
    for match in _CJK_RUN.finditer(folded):
        start = match.start()
        for i, term in enumerate(bigrams(match.group())):
            yield WordToken(BIGRAM_OFFSET + start + i, term, start + i, start + i + 2)


def pairs(parts: list[str]) -> list[str]:
    """The pair tokens :func:`tokens` indexes for consecutive query words."""
    return [a + b for a, b in zip(parts, parts[1:], strict=False) if _is_cjk(a) and _is_cjk(b)]


class ChineseTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`tokens`; it folds case itself, so it is the whole analyser."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for item in tokens(value):
            token.text = item.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = item.text
            if positions:
                token.pos = start_pos + item.position
            if chars:
                token.startchar = start_char + item.start
                token.endchar = start_char + item.end
            yield token
