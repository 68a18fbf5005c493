"""QR codes for check-in, drawn as inline SVG by segno (no image files, no external service)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Signup


def check_in_url(signup: Signup) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('roster:check_in', args=[signup.token])}"


def check_in_svg(signup: Signup) -> SafeString:
    """The signup's check-in link as an SVG QR code; segno's output contains no user text, so it is safe."""
    svg = segno.make(check_in_url(signup), error="m").svg_inline(scale=6, border=2, title=_("签到二维码"))
    return mark_safe(svg)  # noqa: S308
