"""Turning model instances into index documents, and the modelsearch index and rebuilder classes."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db import models
from modelsearch.backends.base import BaseIndex, get_model_root
from modelsearch.index import AutocompleteField, Indexed, RelatedFields, SearchField, get_indexed_instance
from wagtail.models import Page
from whoosh import index as whoosh_index

from .highlight import page_text
from .storage import MATCH_FIELD, PAGE_TEXT, IndexStore

logger = logging.getLogger(__name__)


def document_key(obj: models.Model) -> str:
    """Unique across the whole index: every page type shares its root model (wagtailcore.page) and its ids."""
    return key_for(type(obj), obj.pk)


def key_for(model: type[models.Model], pk: object) -> str:
    """:func:`document_key` of the object of ``model`` (or a subclass) with primary key ``pk``, without loading it."""
    return f"{get_model_root(model)._meta.label_lower}:{pk}"


def journal_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower} {obj.pk}"


def model_labels(model: type[models.Model]) -> list[str]:
    """The model and every concrete parent, so a search on Page also finds a HomePage."""
    return [m._meta.label_lower for m in (model, *model._meta.get_parent_list())]


def stored_page_text(obj: models.Model) -> str | None:
    """What a search result's snippet is cut from, kept with the object's index entry (written whenever the entry is):
    a results page then needs only the base page rows, not a query per page type for the specific pages. None for
    objects that are not pages."""
    return page_text(obj) if isinstance(obj, Page) else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_text(v) for v in value.values())
    if isinstance(value, Iterable):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _collect(obj, search_fields, prefix: str, out: dict[str, list[str]]) -> None:
    for field in search_fields:
        if isinstance(field, SearchField):
            out[f"t_{prefix}{field.field_name}"].append(_text(field.get_value(obj)))
        elif isinstance(field, AutocompleteField):
            out[f"ac_{prefix}{field.field_name}"].append(_text(field.get_value(obj)))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            # Text of related objects goes into one field named after the relation (t_tags, ac_tags…).
            for item in items:
                scratch: dict[str, list[str]] = defaultdict(list)
                _collect(item, field.fields, "", scratch)
                for name, values in scratch.items():
                    kind = name.split("_", 1)[0]
                    out[f"{kind}_{prefix}{field.field_name}"].extend(values)


def build_document(obj: Indexed) -> dict[str, str]:
    """The Whoosh document for ``obj`` (its most specific class, see modelsearch's ``get_indexed_instance``)."""
    fields: dict[str, list[str]] = defaultdict(list)
    _collect(obj, type(obj).get_search_fields(), "", fields)
    document = {
        "key": document_key(obj),
        "pk": str(obj.pk),
        "models": " ".join(model_labels(type(obj))),
    }
    for name, values in fields.items():
        text = "\n".join(v for v in values if v)
        if text:
            document[name] = text
    # Every SearchField's text again in one field: which documents match is then one posting list per term,
    # where the per-field ones (for ranking by field boosts) would be one per term and field.
    everything = "\n".join(text for name, text in document.items() if name.startswith("t_"))
    if everything:
        document[MATCH_FIELD] = everything
    snippet_source = stored_page_text(obj)
    if snippet_source is not None:
        document[PAGE_TEXT] = snippet_source
    return document


class WhooshIndex(BaseIndex):
    """The single index holding every indexed model; writes go through :class:`IndexStore`'s lock."""

    def __init__(self, backend) -> None:
        super().__init__(backend)
        self.store: IndexStore = backend.store

    def get_key(self) -> str:
        return str(self.store.root)

    def __str__(self) -> str:
        return str(self.store.root)

    def reset(self) -> None:
        self.store.reset()

    def add_items(self, model, items) -> None:
        documents = [build_document(item) for item in items]
        if not documents:
            return
        with self.store.writer(journal_keys=[journal_key(item) for item in items]) as writer:
            if PAGE_TEXT not in writer.schema:  # a generation built before the field: served until update_index
                for document in documents:
                    document.pop(PAGE_TEXT, None)
            for document in documents:
                writer.update_document(**document)

    def delete_item(self, item) -> None:
        with self.store.writer(journal_keys=[journal_key(item)]) as writer:
            writer.delete_by_term("key", document_key(item))


class GenerationIndex(BaseIndex):
    """The index a rebuild fills: a fresh generation directory nobody else writes to, one writer throughout."""

    def __init__(self, backend, generation: Path) -> None:
        super().__init__(backend)
        self.generation = generation
        self.writer = whoosh_index.open_dir(str(generation)).writer(limitmb=128)

    def get_key(self) -> str:
        return str(self.generation)

    def add_items(self, model, items) -> None:
        for item in items:
            self.writer.add_document(**build_document(item))


def replay_journal(store: IndexStore, generation: Path) -> int:
    """Bring ``generation`` up to date with what writers changed while it was being built.

    Each journalled object is read again from the database, so the latest saved state wins; objects
    gone from the database (or no longer indexable) are removed.
    """
    lines = sorted(set(store.journal(generation)))
    if not lines:
        return 0
    writer = whoosh_index.open_dir(str(generation)).writer()
    for line in lines:
        label, pk = line.split(" ", 1)
        model = apps.get_model(label)
        obj = model._default_manager.filter(pk=pk).first()
        indexed = get_indexed_instance(obj) if obj is not None else None
        if indexed is not None:
            writer.update_document(**build_document(indexed))
        else:
            writer.delete_by_term("key", f"{get_model_root(model)._meta.label_lower}:{pk}")
    writer.commit()
    return len(lines)


class WhooshRebuilder:
    """``update_index`` fills a fresh generation; only a finished rebuild is swapped in, so a failed or
    interrupted one leaves the old index serving."""

    def __init__(self, index: WhooshIndex) -> None:
        self.index = index
        self.store = index.store
        self.target: GenerationIndex | None = None

    def start(self) -> GenerationIndex:
        self.target = GenerationIndex(self.index.backend, self.store.begin_rebuild())
        return self.target

    def finish(self) -> None:
        target = self.target
        if target is None:
            raise RuntimeError("finish() before start(): there is no generation to swap in")
        target.writer.commit()
        with self.store.locked():
            replayed = replay_journal(self.store, target.generation)
            self.store.swap_to(target.generation)
            self.store.end_rebuild()
        logger.info("search index rebuilt into %s (%d late changes replayed)", target.generation, replayed)
