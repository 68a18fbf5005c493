"""The flat catalogue gives the same text as the fallback chain, and a miss does not walk the chain."""

import gettext as gettext_module

from django.utils import translation
from django.utils.translation import gettext, trans_real

from config.translation_catalog import flat_singular_catalogue


def _chain_gettext(trans: gettext_module.NullTranslations, message: str) -> str:
    return gettext_module.GNUTranslations.gettext(trans, message)


def _chain_keys(trans: gettext_module.NullTranslations) -> set[str]:
    keys: set[str] = set()
    link = trans
    while link is not None:
        for key in link._catalog.keys() if getattr(link, "_catalog", None) is not None else ():
            keys.add(key[0] if isinstance(key, tuple) else key)
        link = link._fallback
    return keys


def test_flat_catalogue_matches_the_chain_for_every_msgid() -> None:
    for language in ("zh-hans", "en"):
        trans = trans_real.translation(language)
        flat = flat_singular_catalogue(trans)
        assert flat is not None
        for msgid in _chain_keys(trans) | {"志愿者", "不在任何目录里的句子"}:
            assert flat.get(msgid, msgid) == _chain_gettext(trans, msgid), (language, msgid)


def test_project_overrides_and_english_still_apply() -> None:
    with translation.override("zh-hans"):
        assert gettext("Inspect") == "详情"
        assert gettext("志愿者") == "志愿者"


def test_a_chinese_msgid_miss_does_not_walk_the_fallback_chain(monkeypatch) -> None:
    trans = trans_real.translation("zh-hans")
    assert trans._fallback is not None  # the chain is still there for ngettext
    trans.gettext("Inspect")  # builds the flat catalogue

    def walked(self: gettext_module.NullTranslations, message: str) -> str:
        raise AssertionError("fallback chain walked")

    monkeypatch.setattr(gettext_module.GNUTranslations, "gettext", walked)
    monkeypatch.setattr(gettext_module.NullTranslations, "gettext", walked)
    assert trans.gettext("不在任何目录里的句子") == "不在任何目录里的句子"
