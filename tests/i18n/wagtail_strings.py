"""Wagtail's (and django-auditlog's) English UI strings, read from their own catalogues.

The admin tests use them two ways: every msgid must have a Chinese translation, and no screen may show one
of them untranslated. Reading the installed packages' catalogues means an upgrade that adds strings is caught
without anyone keeping a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import auditlog
import wagtail

WAGTAIL_DIR = Path(wagtail.__file__).parent
# Catalogues of Wagtail apps this project does not install: their strings never reach a screen.
NOT_INSTALLED = ("search_promotions", "simple_translation", "styleguide", "locales/locale")
# Words that stay in Latin letters in the Chinese admin too.
PROPER_NOUNS = {"Wagtail", "Excel", "PDF", "GIFT", "Moodle", "API", "ID", "URL", "JavaScript", "CSV", "QR"}


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str | None
    domain: str
    catalogue: Path


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match.group(1), match.group(1)), text)


def read_po(path: Path) -> list[Message]:
    """The msgids of one .po file (obsolete entries left out); enough of the format for gettext's own files."""
    messages: list[Message] = []
    fields: dict[str, str] = {}
    key = None

    def flush() -> None:
        if fields.get("msgid") and "msgctxt" not in fields:
            messages.append(Message(fields["msgid"], fields.get("msgid_plural"), path.stem, path))
        fields.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if not line.strip():
            flush()
            key = None
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            fields[key] = _unescape(match.group(2))
        elif line.startswith('"') and key:
            fields[key] += _unescape(line[1:-1])
    flush()
    return messages


def english_catalogues() -> list[Path]:
    """Wagtail's English catalogues for installed apps, and auditlog's (it ships no English one: Japanese lists all)."""
    paths = [
        path
        for path in sorted(WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/*.po"))
        if not any(part in str(path) for part in NOT_INSTALLED)
    ]
    paths.append(Path(auditlog.__file__).parent / "locale/ja/LC_MESSAGES/django.po")
    return paths


def english_messages() -> list[Message]:
    return [message for path in english_catalogues() for message in read_po(path)]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[\w:]*\}|<[^>]+>|&\w+;")


def english_fragments() -> set[str]:
    """The runs of English words in Wagtail's msgids, split where a placeholder or a tag sits.

    "%(total)s Pages <span>created in %(site_name)s</span>" gives "Pages" and "created in": what a reader
    would see of that message, untranslated, between the numbers and names filled in.
    """
    fragments: set[str] = set()
    for message in english_messages():
        for text in (message.msgid, message.plural or ""):
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" \t\n.,:;!?…()'\"‘’“”-–—/|*")
                if re.search(r"[A-Za-z]{2}", piece) and piece not in PROPER_NOUNS:
                    fragments.add(piece)
    return fragments
