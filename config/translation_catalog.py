"""One lookup per ``gettext`` call instead of a walk down the fallback chain.

The project's msgids are Chinese and the zh-hans catalogues do not contain them, so every ``gettext`` misses.
Django's ``DjangoTranslation`` merges each app's catalogue, and Python's ``gettext`` chains each merged
catalogue's other locale files (Wagtail's generic ``zh`` ones) behind it with ``add_fallback``: a miss looked in
every catalogue of every link of that chain (about 13 links, ~23 µs). ``install()`` makes ``gettext`` read one
dict per translation object, built once from the chain in the chain's own order, so every result stays the one
the chain gives (the first link whose catalogue has the msgid, singular key before its plural-0 key).
"""

import gettext as gettext_module
from collections.abc import Iterator

from django.utils.translation import trans_real

_MISSING = object()


def _chain(translation: gettext_module.NullTranslations) -> Iterator[gettext_module.NullTranslations]:
    link: gettext_module.NullTranslations | None = translation
    while link is not None:
        yield link
        link = link._fallback


def _catalogue_items(link: gettext_module.NullTranslations) -> Iterator[tuple[object, str]]:
    catalog = getattr(link, "_catalog", None)
    if catalog is None:
        return
    yield from catalog.items()


def flat_singular_catalogue(translation: gettext_module.NullTranslations) -> dict[str, str] | None:
    """The msgid → text dict that ``translation.gettext`` answers from, or None if a link is not a catalogue.

    Later links are written first so that earlier ones win; within a link a plural key ``(msgid, plural(1))``
    is written before the singular key, as ``GNUTranslations.gettext`` tries the singular one first.
    """
    links = list(_chain(translation))
    exact = (gettext_module.GNUTranslations.gettext, gettext_module.NullTranslations.gettext, _flat_gettext)
    if any(type(link).gettext not in exact for link in links):
        return None
    flat: dict[str, str] = {}
    for link in reversed(links):
        if getattr(link, "_catalog", None) is None:
            continue
        one = link.plural(1)
        own: dict[str, str] = {}
        singular: dict[str, str] = {}
        for key, text in _catalogue_items(link):
            if isinstance(key, tuple):
                if key[1] == one and key[0] not in own:
                    own[key[0]] = text
            elif key not in singular:
                singular[key] = text
        own.update(singular)
        flat.update(own)
    return flat


def _flat_gettext(self: trans_real.DjangoTranslation, message: str) -> str:
    flat = self.__dict__.get("_flat_singular", _MISSING)
    if flat is _MISSING:
        flat = flat_singular_catalogue(self)
        self._flat_singular = flat
    if flat is None:
        return gettext_module.GNUTranslations.gettext(self, message)
    return flat.get(message, message)


def install() -> None:
    """Make ``DjangoTranslation.gettext`` answer from the flat catalogue (idempotent)."""
    trans_real.DjangoTranslation.gettext = _flat_gettext
