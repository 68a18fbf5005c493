"""How a person's name is written on this site: family name first, no space, as in Chinese."""

from __future__ import annotations


def display_name(user) -> str:
    """李小萌, not "小萌 李"; the username when no name is known."""
    name = f"{user.last_name}{user.first_name}".strip()
    return name or user.get_username()
