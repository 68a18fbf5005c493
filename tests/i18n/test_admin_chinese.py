"""The Wagtail admin speaks Chinese: every Wagtail string has a translation, and no screen shows English.

Wagtail 8.0's zh_Hans catalogue lacks a few hundred strings ("Saved", "Search all pages…", the page
explorer's notices); the project's own catalogue in site/locale/zh_Hans fills them. The walk below visits
what the admin menu offers each role, so a screen added later is walked too.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.models import Collection

from kb.models import GuideIndexPage, KnowledgeIndexPage, LawIndexPage
from tests.i18n.wagtail_strings import (
    PLACEHOLDER,
    PROPER_NOUNS,
    WAGTAIL_DIR,
    english_fragments,
    english_messages,
    read_po,
)

_FRAGMENTS = english_fragments()
_ONE_WORD = {fragment for fragment in _FRAGMENTS if " " not in fragment}
_SEVERAL_WORDS = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(f) for f in sorted(_FRAGMENTS - _ONE_WORD, key=len, reverse=True))
    + r")(?![A-Za-z])"
)
# What strip-the-tags leaves, plus the attributes shown on screen. Wagtail hard-codes a few screen-reader-only
# English words ("Search" on hidden submit buttons, aria-label "Actions") that no catalogue can reach.
_ATTRIBUTES = {"placeholder", "title"}


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """Text nodes and the attributes a reader sees, outside `hidden` elements; the admin's JSON strings."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._script: str | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._script = attributes.get("id") or ""
        if not self._hidden and "hidden" not in attributes:
            self.texts += [value for name, value in attrs if name in _ATTRIBUTES and value]
        if tag not in _VOID and (self._hidden or "hidden" in attributes):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._script = None
        if self._hidden and tag not in _VOID:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._script is None:
            self.texts.append(data)
        elif self._script == "wagtail-sidebar-props":
            self.texts += _json_labels(json.loads(data))
        elif self._script == "wagtail-config":
            self.texts += [str(value) for value in json.loads(data)["STRINGS"].values() if isinstance(value, str)]


def _json_labels(value: object) -> list[str]:
    if isinstance(value, dict):
        labels = [value["label"]] if isinstance(value.get("label"), str) else []
        return labels + [label for item in value.values() for label in _json_labels(item)]
    if isinstance(value, list):
        return [label for item in value for label in _json_labels(item)]
    return []


def _sidebar_urls(value: object) -> list[str]:
    if isinstance(value, dict):
        urls = [value["url"]] if isinstance(value.get("url"), str) else []
        return urls + [url for item in value.values() for url in _sidebar_urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in _sidebar_urls(item)]
    return []


def english_on_screen(html: str) -> list[str]:
    """Wagtail's English strings that a reader of this page would see untranslated."""
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        text = " ".join(text.split())
        for noun in PROPER_NOUNS:
            text = re.sub(rf"(?<![A-Za-z]){noun}(?![A-Za-z])", " ", text)
        words = text.strip(" .,:;!?…()'\"‘’“”-–—/|*0123456789")
        if words in _ONE_WORD or _SEVERAL_WORDS.search(text):
            found.append(text)
    return found


def admin_menu_urls(client: Client) -> list[str]:
    """Every admin screen the sidebar offers this user, submenus included."""
    html = client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return sorted({url for url in _sidebar_urls(json.loads(props.group(1))) if url.startswith("/admin/")})


class _FormFields(HTMLParser):
    """What a browser would submit from the page editor's form, as a test client's POST data."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data


@pytest.fixture
def admin_tree(home_page):
    knowledge = home_page.add_child(instance=KnowledgeIndexPage(title="知识库", slug="knowledge"))
    guides = knowledge.add_child(instance=GuideIndexPage(title="角色指南", slug="guides"))
    laws = knowledge.add_child(instance=LawIndexPage(title="法律法规", slug="laws"))
    return home_page, guides, laws


def _audit_log_rows(user: User) -> None:
    """A create and an update in the audit log, so its action column has values to show."""
    user.email = f"{user.username}@hospital.example"
    user.save()


@pytest.mark.parametrize("messages", ["django", "djangojs"])
def test_every_wagtail_admin_string_has_a_chinese_translation(messages):
    if messages == "django":
        with translation.override("zh-hans"):
            missing = [
                m.msgid
                for m in english_messages()
                if m.domain == "django"
                and (
                    translation.ngettext(m.msgid, m.plural, 2) == m.plural
                    if m.plural
                    else translation.gettext(m.msgid) == m.msgid
                )
                and re.search("[A-Za-z]", PLACEHOLDER.sub("", m.msgid))
                and m.msgid not in PROPER_NOUNS
                and not m.msgid.startswith("Wagtail ")
            ]
    else:
        # The admin's JavaScript catalogue (/admin/jsi18n/): wagtail.admin's djangojs merged with LOCALE_PATHS'.
        catalogue = DjangoTranslation("zh-hans", domain="djangojs", localedirs=[str(WAGTAIL_DIR / "admin" / "locale")])
        english = read_po(WAGTAIL_DIR / "admin/locale/en/LC_MESSAGES/djangojs.po")
        missing = [m.msgid for m in english if catalogue.gettext(m.msgid) == m.msgid]
    assert not missing, f"add these to site/locale/zh_Hans/LC_MESSAGES/{messages}.po: {missing!r}"


def test_admin_javascript_catalogue_serves_the_editor_strings_in_chinese(client, social_worker):
    client.force_login(social_worker)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalogue["Write something or type ‘/’ to insert a block"] == "输入内容，或键入“/”插入块"
    assert catalogue["Changes have been autosaved."] == "更改已自动保存。"


def test_admin_login_page_is_in_chinese(client, home_page):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert english_on_screen(response.content.decode()) == []


@pytest.mark.parametrize("role", ["social_worker", "coordinator"])
def test_admin_screens_show_no_english_to_staff(request, role, admin_tree):
    user = request.getfixturevalue(role)
    _audit_log_rows(user)
    home, guides, laws = admin_tree
    client = Client()
    client.force_login(user)
    screens = ["/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/", f"/admin/pages/{laws.pk}/edit/"]
    screens += admin_menu_urls(client)
    snippets = client.get("/admin/snippets/").content.decode()
    screens += sorted(set(re.findall(r'href="(/admin/snippets/\w+/\w+/)"', snippets)))
    assert len(screens) > 8, screens
    shown = {}
    for url in screens:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        english = english_on_screen(response.content.decode())
        if english:
            shown[url] = english
    assert shown == {}


def test_page_editor_validation_errors_are_in_chinese(client, social_worker, admin_tree):
    home, guides, laws = admin_tree
    client.force_login(social_worker)
    form = _FormFields()
    form.feed(client.get(f"/admin/pages/{laws.pk}/edit/").content.decode())
    data = {**form.data, "title": [""], "slug": [guides.slug]}
    response = client.post(f"/admin/pages/{laws.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "存在验证错误，页面未能保存。" in html
    assert "转到第一个错误" in html
    assert english_on_screen(html) == []


def test_page_explorer_and_collections_name_the_root_in_chinese(client, social_worker):
    client.force_login(social_worker)
    html = client.get("/admin/pages/").content.decode()
    assert "根目录" in html
    assert not re.search(r">\s*Root\s*<", html)
    assert Collection.get_first_root_node().name == "根目录"


def test_yes_no_fields_read_in_chinese_in_listings(client, coordinator):
    """Wagtail printed True/False in a listing's cell (the 详情 page: tests/courses/test_admin_records.py)."""
    from roster.models import ServiceRole

    ServiceRole.objects.create(name="门诊导诊", recruiting=True)
    ServiceRole.objects.create(name="病房陪伴", recruiting=False)
    client.force_login(coordinator)
    listing = client.get("/admin/snippets/roster/servicerole/").content.decode()
    cells = [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", listing, flags=re.S)]
    assert {"是", "否"} <= set(cells), cells
    assert not {"True", "False", "None"} & set(cells)
