"""Chinese numerals for law articles, so that article 19 is addressable as ``#第十九条`` like in the official text."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 19 → 十九, 105 → 一百零五, 1010 → 一千零一十 (1 to 9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"article numbers run from 1 to 9999, not {number}")
    digits = [int(digit) for digit in str(number)]
    parts: list[str] = []
    pending_zero = False
    for position, digit in enumerate(digits):
        unit = _UNITS[len(digits) - position - 1]
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if 10 <= number < 20 else text


def article_label(number: int) -> str:
    """The heading and anchor of a law article: 第十九条."""
    return f"第{chinese_number(number)}条"
