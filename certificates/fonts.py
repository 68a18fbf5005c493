"""The CJK font certificates are set in, found once and prepared once.

Subsetting a whole CJK font (tens of thousands of glyphs) for every PDF is what made a certificate cost seconds.
So the installed font is reduced once to the characters certificates use in practice (GB 2312 hanzi, ASCII,
CJK and full-width punctuation), without hinting or layout tables, and that file is cached on disk, keyed by the
source font. Each PDF then subsets only this small font. Names with a rarer character (e.g. 喆, 堃) are set in the
full installed font as a CSS fallback, so no character ever turns into a tofu box; a character that neither font
has is refused before rendering.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Families tried in order when CERTIFICATES_CJK_FONT is not set: a serif reads best on a certificate.
PREFERRED_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)
PREPARED_FAMILY = "SG Certificate"
# Bump when the preparation below changes, so cached files are rebuilt.
PREPARATION_VERSION = "1"


class CJKFontMissing(ImproperlyConfigured):
    """No font with Chinese glyphs is available: certificates would print boxes instead of characters."""

    def __init__(self, detail: str = "") -> None:
        message = _(
            "找不到中文(CJK)字体,无法生成证书 PDF。请安装 fonts-noto-cjk(或 fonts-wqy-microhei),"
            "或用环境变量 CERTIFICATES_CJK_FONT 指定字体文件。"
        )
        super().__init__(f"{message} {detail}".strip())


class MissingGlyphs(ValueError):
    """The text has characters that no available font can draw."""

    def __init__(self, characters: set[str]) -> None:
        self.characters = characters
        super().__init__(
            _("字体中没有这些字符,无法生成证书:%(characters)s") % {"characters": "".join(sorted(characters))}
        )


@dataclass(frozen=True)
class FontSource:
    path: Path
    index: int
    family: str


@dataclass(frozen=True)
class PreparedFont:
    path: Path
    family: str
    fallback_family: str


def _parse_setting(value: str) -> FontSource:
    path_text, _sep, index_text = value.partition("#")
    path = Path(path_text)
    if not path.is_file():
        raise CJKFontMissing(_("(CERTIFICATES_CJK_FONT=%(value)s 不存在)") % {"value": value})
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=int(index_text or 0), lazy=True)
    family = font["name"].getBestFamilyName() or PREPARED_FAMILY
    return FontSource(path, int(index_text or 0), family)


def _fontconfig_chinese_fonts() -> list[FontSource]:
    if shutil.which("fc-list") is None:
        return []
    try:
        output = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "index", "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in output.splitlines():
        # "/path/font.ttc: Family A,Family B:index=2"
        path_text, _sep, rest = line.partition(": ")
        families_text, _sep, index_text = rest.rpartition(":index=")
        if not path_text or not index_text.strip().isdigit():
            continue
        for family in families_text.split(","):
            found.append(FontSource(Path(path_text), int(index_text), family.strip()))
    return found


@functools.cache
def find_cjk_font() -> FontSource:
    """The installed font certificates are set in; raises CJKFontMissing when there is none."""
    if settings.CERTIFICATES_CJK_FONT:
        return _parse_setting(settings.CERTIFICATES_CJK_FONT)
    candidates = _fontconfig_chinese_fonts()
    for family in PREFERRED_FAMILIES:
        for source in candidates:
            if source.family == family and source.path.is_file():
                return source
    regular = [source for source in candidates if "bold" not in source.path.name.lower() and source.path.is_file()]
    if regular:
        return regular[0]
    raise CJKFontMissing()


@functools.cache
def certificate_codepoints() -> frozenset[int]:
    """The characters kept in the prepared font: printable ASCII, CJK punctuation and the GB 2312 hanzi."""
    codepoints = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F))
    codepoints |= {0xB7, 0xD7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2030, 0x2116, 0x2160, 0x25CF}
    for codepoint in range(0x4E00, 0xA000):
        try:
            chr(codepoint).encode("gb2312")
        except UnicodeEncodeError:
            continue
        codepoints.add(codepoint)
    return frozenset(codepoints)


def _cache_path(source: FontSource) -> Path:
    stat = source.path.stat()
    key = f"{source.path}|{source.index}|{stat.st_size}|{stat.st_mtime_ns}|{PREPARATION_VERSION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(settings.CERTIFICATES_FONT_CACHE_DIR) / f"certificate-{digest}.otf"


def _prepare(source: FontSource, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        hinting=False,
        desubroutinize=True,
        layout_features=[],
        notdef_outline=True,
        name_IDs=["*"],
        name_languages=["*"],
    )
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    font = TTFont(source.path, fontNumber=source.index, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=certificate_codepoints())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a reader never sees half a font, and two processes preparing at
    # once simply both produce the same file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@functools.cache
def prepared_font() -> PreparedFont:
    """The small font file every certificate embeds, prepared on first use (a few seconds) and cached on disk."""
    source = find_cjk_font()
    target = _cache_path(source)
    if not target.is_file():
        logger.info("Preparing the certificate font from %s (once)", source.path)
        _prepare(source, target)
    return PreparedFont(path=target, family=PREPARED_FAMILY, fallback_family=source.family)


@functools.cache
def _source_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    source = find_cjk_font()
    font = TTFont(source.path, fontNumber=source.index, lazy=True)
    return frozenset(font.getBestCmap())


def check_glyphs(text: str) -> None:
    """Refuse text that the installed font cannot draw (it would print as boxes)."""
    kept = certificate_codepoints()
    missing = {character for character in set(text) if not character.isspace() and ord(character) not in kept}
    if missing:
        missing = {character for character in missing if ord(character) not in _source_codepoints()}
    if missing:
        raise MissingGlyphs(missing)
