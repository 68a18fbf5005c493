"""Server-rendered SVG charts: no JavaScript, no CDN, printable, readable by screen readers (a table follows)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 26
LABEL_WIDTH = 150
CHART_WIDTH = 560


def bar_chart(items: Sequence[tuple[str, float]], title: str, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value); every label and value is escaped."""
    peak = max((value for _label, value in items), default=0) or 1
    height = max(1, len(items)) * (BAR_HEIGHT + 8) + 8
    bar_space = CHART_WIDTH - LABEL_WIDTH - 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" font-size="14" font-family="sans-serif">'
    ]
    for index, (label, value) in enumerate(items):
        y = 8 + index * (BAR_HEIGHT + 8)
        width = round(bar_space * value / peak, 1)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 18}" text-anchor="end">{escape(str(label))[:20]}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#0b6e4f" rx="3"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 18}">{escape(shown)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (labels escaped above)
