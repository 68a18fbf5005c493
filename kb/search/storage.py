"""The index on disk: generations, the writers' lock, the rebuild journal and the atomic swap.

Layout under the configured directory::

    current -> gen-20261123T180501-4f2a   symlink to the generation that serves searches
    gen-…/                                 one complete Whoosh index per generation
    write.lock                             cross-process lock every writer holds while it writes
    rebuild.json                           present while ``update_index`` fills a new generation

Readers never take a lock: they open whatever ``current`` points to and refresh when it moves or when a
writer commits. Writers (saves in web processes, task workers, the rebuilder's final replay) serialise on
``write.lock`` with a blocking ``flock``, so Whoosh's own single-writer lock is never contended and no
update is dropped. While a rebuild runs, writers update the serving index *and* append the document key
to the rebuild's journal; the rebuilder replays the journal from the database under the same lock just
before it swaps, so an edit made during a rebuild is in the new index too.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import whoosh.util
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import Index
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from .analysis import ChineseTokenizer

CURRENT = "current"
LOCK_FILE = "write.lock"
REBUILD_FILE = "rebuild.json"
JOURNAL_FILE = "journal.log"
# Present in a generation whose every document has MATCH_FIELD (all generations built since it was added); an older
# generation is matched field by field until ``update_index`` builds a new one.
MATCH_FIELD = "t__all"
MATCH_FIELD_MARK = "match-field"
# A page's snippet source text (``highlight.page_text``), stored, so a results page renders without loading the page's
# specific model; a generation built before it existed has no such field, and pages there are loaded as before.
PAGE_TEXT = "page_text"
# Whoosh names each new segment with the global ``random`` module. Anything that reseeds it (Hypothesis does, for
# every test case) makes a later commit pick a segment name already on disk, and the commit fails. Draw the names
# from the operating system instead.
whoosh.util.random = random.SystemRandom()

LOCK_TIMEOUT = 120.0


class IndexLockTimeout(RuntimeError):
    """Another writer held the index for longer than ``LOCK_TIMEOUT`` seconds."""


def make_schema() -> Schema:
    """One document per object: its key, its primary key, its model labels, one text field per search field, and for a
    page the text its search result's snippet is cut from (``page_text``, stored, not indexed).

    ``t_<name>`` holds a SearchField's text (word positions kept, for phrases), ``ac_<name>`` an
    AutocompleteField's, ``t__all`` (MATCH_FIELD) every SearchField's text, to find the matches. Field names are
    created on first use (glob fields), so adding a page type or a search field never needs a schema migration.
    """
    analyzer = ChineseTokenizer()
    schema = Schema(
        key=ID(stored=True, unique=True),
        pk=ID(stored=True, sortable=True),
        models=KEYWORD(lowercase=False, scorable=False),
        page_text=STORED(),
    )
    schema.add("t_*", TEXT(analyzer=analyzer, phrase=True), glob=True)
    schema.add("ac_*", TEXT(analyzer=analyzer, phrase=False), glob=True)
    return schema


class IndexStore:
    """Everything about one index directory; one instance per directory per process (see :func:`store_for`)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._open_lock = threading.Lock()
        self._index: Index | None = None
        self._index_dir: Path | None = None
        self._marked: Index | None = None  # the opened index, when its generation has MATCH_FIELD throughout
        self._local = threading.local()

    # -- generations ---------------------------------------------------------------------------------------

    def current_dir(self) -> Path:
        """The generation serving searches, created empty on first use.

        Asked on every search: one ``readlink``, where ``Path.resolve`` stats every component of the path
        (``swap_to`` writes ``current`` as a generation's bare name, inside the root)."""
        try:
            return self.root / os.readlink(self.root / CURRENT)
        except FileNotFoundError:
            with self.locked():
                return self.ensure_current()

    def ensure_current(self) -> Path:
        """Like :meth:`current_dir`, for callers that already hold the writers' lock."""
        link = self.root / CURRENT
        if not link.exists():
            self.swap_to(self.new_generation())
        return link.resolve()

    def new_generation(self) -> Path:
        """A fresh, empty index directory beside the serving one."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path.mkdir()
        whoosh_index.create_in(str(path), make_schema())
        (path / MATCH_FIELD_MARK).touch()
        return path

    def swap_to(self, generation: Path) -> None:
        """Point ``current`` at ``generation`` in one rename, then drop all but the previous generation.

        The previous one is kept because a reader may still be opening files in it.
        """
        link = self.root / CURRENT
        previous = link.resolve() if link.exists() else None
        tmp = self.root / f".{CURRENT}-{uuid.uuid4().hex[:6]}"
        os.symlink(generation.name, tmp)
        os.replace(tmp, link)
        keep = {generation.name, previous.name if previous else ""}
        for path in self.root.glob("gen-*"):
            if path.name not in keep and path.name != self._rebuilding_name():
                shutil.rmtree(path, ignore_errors=True)

    def open_index(self) -> Index:
        """The serving Whoosh index, reopened when ``current`` has moved to a new generation."""
        directory = self.current_dir()
        if self._index is None or self._index_dir != directory:
            with self._open_lock:
                if self._index is None or self._index_dir != directory:
                    index = whoosh_index.open_dir(str(directory))
                    self._marked = index if (directory / MATCH_FIELD_MARK).exists() else None
                    self._index = index
                    self._index_dir = directory
        return self._index

    def searcher(self) -> Searcher:
        """A searcher on the latest commit of the serving generation, reused per thread while it is current.

        A stale searcher is replaced by a new one, not ``refresh()``-ed: Whoosh's refresh reuses segment
        readers and then misses deletions committed to those segments (an updated page would appear twice).
        """
        ix = self.open_index()
        cached = getattr(self._local, "searcher", None)
        if cached is None or getattr(self._local, "index", None) is not ix or not cached.up_to_date():
            if cached is not None:
                cached.close()
            cached = ix.searcher()
            self._local.searcher = cached
            self._local.index = ix
        return cached

    def match_field_serves(self) -> bool:
        """Whether this thread's searcher (see :meth:`searcher`) may find matches through MATCH_FIELD alone."""
        return self._marked is not None and getattr(self._local, "index", None) is self._marked

    def docs_for(self, searcher: Searcher, query) -> set[int]:
        """Document numbers matching ``query`` (a model filter), cached for as long as ``searcher`` is current."""
        cache: tuple[Searcher, dict[str, set[int]]] | None = getattr(self._local, "filters", None)
        if cache is None or cache[0] is not searcher:
            cache = (searcher, {})
            self._local.filters = cache
        key = repr(query)
        if key not in cache[1]:
            cache[1][key] = set(searcher.docs_for_query(query))
        return cache[1][key]

    # -- writing -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process writers' lock (blocking, with a timeout so a stuck writer is reported)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+") as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT
            delay = 0.005
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        message = f"search index {self.root} stayed locked for {LOCK_TIMEOUT:.0f} s"
                        raise IndexLockTimeout(message) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer(self, journal_keys: list[str] | None = None) -> Iterator:
        """A Whoosh writer on the serving index, committed on success, under the writers' lock.

        ``journal_keys`` (``"app_label.model_name pk"``) are also recorded for a rebuild in progress.
        """
        with self.locked():
            ix = whoosh_index.open_dir(str(self.ensure_current()))
            writer = ix.writer(timeout=LOCK_TIMEOUT)
            try:
                yield writer
            except BaseException:
                writer.cancel()
                raise
            try:
                writer.commit()
            except BaseException:
                release_after_failed_commit(writer)
                raise
            if journal_keys:
                self._journal(journal_keys)

    # -- rebuild bookkeeping -------------------------------------------------------------------------------

    def _rebuilding_name(self) -> str:
        info = self.rebuild_info()
        return info["generation"] if info else ""

    def rebuild_info(self) -> dict | None:
        try:
            return json.loads((self.root / REBUILD_FILE).read_text())
        except (FileNotFoundError, ValueError):
            return None

    def begin_rebuild(self) -> Path:
        """Create the generation a rebuild fills and tell writers to journal their keys for it."""
        with self.locked():
            self.ensure_current()
            stale = self.rebuild_info()
            if stale:
                shutil.rmtree(self.root / stale["generation"], ignore_errors=True)
            generation = self.new_generation()
            tmp = self.root / f".{REBUILD_FILE}-{uuid.uuid4().hex[:6]}"
            tmp.write_text(json.dumps({"generation": generation.name, "pid": os.getpid()}))
            os.replace(tmp, self.root / REBUILD_FILE)
        return generation

    def _journal(self, keys: list[str]) -> None:
        info = self.rebuild_info()
        if not info:
            return
        generation = self.root / info["generation"]
        if generation.is_dir():
            with open(generation / JOURNAL_FILE, "a") as handle:
                handle.write("".join(f"{key}\n" for key in keys))

    def journal(self, generation: Path) -> list[str]:
        try:
            return (generation / JOURNAL_FILE).read_text().splitlines()
        except FileNotFoundError:
            return []

    def end_rebuild(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / REBUILD_FILE).unlink()

    def reset(self) -> None:
        """Serve a new, empty generation."""
        with self.locked():
            self.swap_to(self.new_generation())


_stores: dict[Path, IndexStore] = {}
_stores_by_given: dict[Path | str, IndexStore] = {}  # by the absolute path a caller gave: no resolve() per search
_stores_lock = threading.Lock()


def store_for(root: Path | str) -> IndexStore:
    """The process-wide store for a directory: Wagtail builds a new backend object for every search (two per
    public search), the opened index and searchers must outlive it."""
    known = _stores_by_given.get(root)
    if known is not None:
        return known
    path = Path(root).resolve()
    with _stores_lock:
        store = _stores.setdefault(path, IndexStore(path))
        if os.path.isabs(root):  # a relative one names another directory once the working directory changes
            _stores_by_given[root] = store
        return store


def release_after_failed_commit(writer: IndexWriter) -> None:
    """Whoosh releases its write lock only when a commit finishes; a commit that raises keeps it held, and every
    later writer in this process would wait for it until ``LOCK_TIMEOUT``. Cancel what can be cancelled and let go."""
    with contextlib.suppress(Exception):
        writer.cancel()
    if not writer.is_closed and writer.writelock is not None:
        with contextlib.suppress(Exception):
            writer.writelock.release()
