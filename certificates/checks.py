"""System checks: an operator learns from ``manage.py check`` that certificates cannot be rendered."""

from __future__ import annotations

from django.core.checks import Error, Warning, register
from django.utils.translation import gettext as _

from .fonts import CJKFontMissing, find_cjk_font


@register("runtime")
def cjk_font_check(app_configs, **kwargs):
    try:
        find_cjk_font()
    except CJKFontMissing as error:
        return [
            Error(
                str(error),
                hint=_("apt-get install fonts-noto-cjk,或设置 CERTIFICATES_CJK_FONT=/path/to/font.ttc#2"),
                id="certificates.E001",
            )
        ]
    from weasyprint.text.ffi import harfbuzz_subset

    if not harfbuzz_subset:
        return [
            Warning(
                _("未找到 HarfBuzz 子集化库,证书 PDF 将改用 fontTools 子集化,每张约慢十倍。"),
                hint="apt-get install libharfbuzz-subset0",
                id="certificates.W001",
            )
        ]
    return []
